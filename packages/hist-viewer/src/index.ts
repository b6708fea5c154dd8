/**
 * @afkit/hist-viewer: the UI-free histogram engine (UHI-compatible axes and storages, fast fills from
 * typed arrays and Arrow, merge, project, rebin, slice, UHI JSON). The React chart is `@afkit/hist-viewer/react`.
 */
export { Histogram, merge } from './Histogram.ts';
export type { FillColumn, FillOptions, HistogramOptions } from './Histogram.ts';
export { isContinuous } from './axes/Axis.ts';
export type { Axis, AxisKind, AxisOptions, AxisValues, ContinuousAxis } from './axes/Axis.ts';
export { RegularAxis } from './axes/RegularAxis.ts';
export type { RegularAxisOptions } from './axes/RegularAxis.ts';
export { VariableAxis } from './axes/VariableAxis.ts';
export { IntegerAxis } from './axes/IntegerAxis.ts';
export { CategoryAxis } from './axes/CategoryAxis.ts';
export type { CategoryAxisOptions } from './axes/CategoryAxis.ts';
export { BooleanAxis } from './axes/BooleanAxis.ts';
export { Storage, STORAGE_FIELDS, isStorageKind } from './storage/Storage.ts';
export type { StorageKind, StorageField } from './storage/Storage.ts';
export { fromUHI, readUHIFile } from './uhi/fromUHI.ts';
export type { FromUHIOptions } from './uhi/fromUHI.ts';
export { toUHI, writeUHIFile } from './uhi/toUHI.ts';
export type { ToUHIOptions } from './uhi/toUHI.ts';
export { validateUHIFile, validateUHIHistogram } from './uhi/validateUHI.ts';
export { parseUHIText, stringifyUHI } from './uhi/uhiText.ts';
export type * from './uhi/UHITypes.ts';

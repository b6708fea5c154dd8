export type { TableSource, TableFormat, ReadOptions, UnsupportedColumn, ColumnInfo, TableInfo } from './TableSource.ts';
export { openTable, listTrees } from './openTable.ts';
export type { OpenTableOptions } from './openTable.ts';
export { writeArrowIpc, encodeArrowIpc, readArrowIpc } from './arrow/arrowIpc.ts';
export type { ArrowIpcFormat } from './arrow/arrowIpc.ts';
export { typeName } from './typeName.ts';
export type { ByteSource } from './source/ByteSource.ts';
export { openByteSource } from './source/openByteSource.ts';

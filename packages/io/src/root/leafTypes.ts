import { Bool, Float32, Float64, Int16, Int32, Int64, Int8, Uint16, Uint32, Uint64, Uint8 } from 'apache-arrow';
import type { DataType } from 'apache-arrow';

/** How one ROOT numeric leaf type lands in Arrow: its byte width on disk and the Arrow type and typed array it decodes into. */
export interface LeafType {
  /** Bytes per value on disk (big-endian). */
  readonly size: 1 | 2 | 4 | 8;
  readonly arrow: () => DataType;
  readonly array: new (buffer: ArrayBuffer, byteOffset: number, length: number) => ArrayLike<unknown> & ArrayBufferView;
  /** Values are stored as one byte 0/1 and become an Arrow Bool bitmap. */
  readonly bool?: true;
}

const SIGNED: Record<string, LeafType> = {
  TLeafO: { size: 1, arrow: () => new Bool(), array: Uint8Array, bool: true },
  TLeafB: { size: 1, arrow: () => new Int8(), array: Int8Array },
  TLeafS: { size: 2, arrow: () => new Int16(), array: Int16Array },
  TLeafI: { size: 4, arrow: () => new Int32(), array: Int32Array },
  TLeafL: { size: 8, arrow: () => new Int64(), array: BigInt64Array },
  TLeafG: { size: 8, arrow: () => new Int64(), array: BigInt64Array },
  TLeafF: { size: 4, arrow: () => new Float32(), array: Float32Array },
  TLeafD: { size: 8, arrow: () => new Float64(), array: Float64Array },
};

const UNSIGNED: Record<string, LeafType> = {
  ...SIGNED,
  TLeafB: { size: 1, arrow: () => new Uint8(), array: Uint8Array },
  TLeafS: { size: 2, arrow: () => new Uint16(), array: Uint16Array },
  TLeafI: { size: 4, arrow: () => new Uint32(), array: Uint32Array },
  TLeafL: { size: 8, arrow: () => new Uint64(), array: BigUint64Array },
  TLeafG: { size: 8, arrow: () => new Uint64(), array: BigUint64Array },
};

/** Why afkit does not read leaf classes it knows about, for the `unsupported` list. */
const NOT_SUPPORTED: Record<string, string> = {
  TLeafC: 'character-string leaves (TLeafC) are not supported',
  TLeafF16: 'Float16_t leaves (TLeafF16, truncated floats) are not supported',
  TLeafD32: 'Double32_t leaves (TLeafD32, truncated doubles) are not supported',
  TLeafElement: 'object and STL-container branches (TBranchElement) are not supported',
  TLeafObject: 'object branches (TLeafObject) are not supported',
};

/** The decoding of a leaf class (`TLeafF`...), or a reason it is not supported. */
export function leafType(leafClass: string, unsigned: boolean): LeafType | string {
  return (unsigned ? UNSIGNED : SIGNED)[leafClass] ?? NOT_SUPPORTED[leafClass] ?? `leaf type ${leafClass} is not supported`;
}

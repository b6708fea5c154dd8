import { FacilityError } from '../FacilityError.ts';

/**
 * A JSON value whose typed arrays travel as raw bytes: one WebSocket frame holding a small JSON header and the
 * arrays' bytes after it. Decoding makes views on the received buffer, so a 250,000-bin histogram state costs
 * no number parsing and no copy (JSON would spend tens of milliseconds on each side).
 *
 * Layout: "AFKB", the header's byte length (uint32, little-endian), the header (UTF-8 JSON, padded to 8 bytes),
 * then each array's bytes at an 8-byte-aligned offset. In the header, each array stands as {"$afkitArray": k}.
 */

const MAGIC = 0x424b4641; // "AFKB" read as a little-endian uint32
const PREFIX_BYTES = 8;

const ARRAY_TYPES = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
  BigInt64Array,
  BigUint64Array,
} as const;
type ArrayTypeName = keyof typeof ARRAY_TYPES;
type AnyTypedArray = InstanceType<(typeof ARRAY_TYPES)[ArrayTypeName]>;

interface ArraySlot {
  readonly $afkitArray: number;
}

interface Header {
  readonly value: unknown;
  readonly arrays: readonly { readonly type: ArrayTypeName; readonly offset: number; readonly length: number }[];
}

const pad8 = (n: number): number => (n + 7) & ~7;

function typeName(array: ArrayBufferView): ArrayTypeName | undefined {
  const name = array.constructor.name as ArrayTypeName;
  return ARRAY_TYPES[name] !== undefined ? name : undefined;
}

/** `value` as one binary message; typed arrays anywhere inside it are carried as bytes, the rest as JSON. */
export function encodeBinaryMessage(value: unknown): Uint8Array {
  const arrays: AnyTypedArray[] = [];
  const json = JSON.stringify(value, function (this: unknown, _key, v: unknown) {
    if (ArrayBuffer.isView(v) && typeName(v) !== undefined) return { $afkitArray: arrays.push(v as AnyTypedArray) - 1 } satisfies ArraySlot;
    return v;
  });
  let offset = 0;
  const placed = arrays.map((a) => {
    const at = offset;
    offset = pad8(offset + a.byteLength);
    return { type: typeName(a)!, offset: at, length: a.length };
  });
  const header = new TextEncoder().encode(`{"arrays":${JSON.stringify(placed)},"value":${json ?? 'null'}}`);
  const body = PREFIX_BYTES + pad8(header.byteLength);
  const out = new Uint8Array(body + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, header.byteLength, true);
  out.set(header, PREFIX_BYTES);
  arrays.forEach((a, k) => out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), body + placed[k]!.offset));
  return out;
}

/**
 * The value of a message made by {@link encodeBinaryMessage}; its typed arrays are views on `buffer`. `sender` names
 * where it came from in errors: the facility for clients, the request for the facility reading a publish body.
 */
export function decodeBinaryMessage(buffer: ArrayBuffer, where?: string, sender = 'from the facility'): unknown {
  const bad = (problem: string): FacilityError => new FacilityError('bad-response', `A binary message ${sender} ${problem}.`, { where });
  if (buffer.byteLength < PREFIX_BYTES) throw bad('is too short');
  const view = new DataView(buffer);
  if (view.getUint32(0, true) !== MAGIC) throw bad('is not an afkit message');
  const headerBytes = view.getUint32(4, true);
  const body = PREFIX_BYTES + pad8(headerBytes);
  if (body > buffer.byteLength) throw bad('is cut short in its header');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, PREFIX_BYTES, headerBytes))) as Header;
  } catch {
    throw bad('has a header that is not JSON');
  }
  const arrays = header.arrays.map(({ type, offset, length }) => {
    const Type = ARRAY_TYPES[type];
    if (Type === undefined || !Number.isInteger(offset) || offset % 8 !== 0 || !Number.isInteger(length) || length < 0) throw bad('describes an array it cannot hold');
    if (body + offset + length * Type.BYTES_PER_ELEMENT > buffer.byteLength) throw bad('is cut short in its arrays');
    return new Type(buffer, body + offset, length);
  });
  const revive = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) return v.map(revive);
    const slot = (v as Partial<ArraySlot>).$afkitArray;
    if (typeof slot === 'number') {
      if (arrays[slot] === undefined) throw bad(`refers to array ${slot}, which it does not hold`);
      return arrays[slot];
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
  };
  return revive(header.value);
}

/** ROOT's flag on a byte count, telling readers that a count (not a class tag) precedes the version. */
const BYTE_COUNT_MASK = 0x40000000;
/** Class tag announcing a class name in full before an object. */
const NEW_CLASS_TAG = 0xffffffff;

/**
 * A growable big-endian buffer with ROOT's serialisation conventions: TStrings, versioned sections prefixed by their
 * byte count, and objects written "any" style (byte count, class tag and name, then the object).
 */
export class RootBuffer {
  private bytes: Uint8Array;
  private view: DataView;
  /** Bytes written so far. */
  length = 0;

  constructor(capacity = 256) {
    this.bytes = new Uint8Array(capacity);
    this.view = new DataView(this.bytes.buffer);
  }

  /** The written bytes (a view, valid until the next write). */
  get data(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  u8(value: number): this {
    this.reserve(1).setUint8(this.length, value);
    this.length += 1;
    return this;
  }

  i16(value: number): this {
    this.reserve(2).setInt16(this.length, value);
    this.length += 2;
    return this;
  }

  i32(value: number): this {
    this.reserve(4).setInt32(this.length, value);
    this.length += 4;
    return this;
  }

  u32(value: number): this {
    this.reserve(4).setUint32(this.length, value >>> 0);
    this.length += 4;
    return this;
  }

  i64(value: number | bigint): this {
    this.reserve(8).setBigInt64(this.length, BigInt(value));
    this.length += 8;
    return this;
  }

  f32(value: number): this {
    this.reserve(4).setFloat32(this.length, value);
    this.length += 4;
    return this;
  }

  f64(value: number): this {
    this.reserve(8).setFloat64(this.length, value);
    this.length += 8;
    return this;
  }

  raw(data: Uint8Array): this {
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
    return this;
  }

  /** A TString: one length byte (255 then a 4-byte length for long strings), then UTF-8 bytes. */
  string(value: string): this {
    const utf8 = new TextEncoder().encode(value);
    if (utf8.length < 255) this.u8(utf8.length);
    else this.u8(255).u32(utf8.length);
    return this.raw(utf8);
  }

  /** A null-terminated C string (class names after a new-class tag). */
  cString(value: string): this {
    return this.raw(new TextEncoder().encode(value)).u8(0);
  }

  /** A versioned section: its byte count, its class version, then what `body` writes. */
  versioned(version: number, body: (b: this) => void): this {
    const start = this.length;
    this.u32(0).i16(version);
    body(this);
    this.view.setUint32(start, (this.length - start - 4) | BYTE_COUNT_MASK);
    return this;
  }

  /**
   * An object written by pointer: byte count, the new-class tag and class name, then the object. Returns the
   * object's position, which references to it (object tags) are computed from.
   */
  object(className: string, body: (b: this) => void): number {
    const start = this.length;
    this.u32(0).u32(NEW_CLASS_TAG).cString(className);
    body(this);
    this.view.setUint32(start, (this.length - start - 4) | BYTE_COUNT_MASK);
    return start;
  }

  /** TObject's own streamer: version 1 without a byte count, unique id, status bits. */
  tObject(bits: number): this {
    return this.i16(1).u32(0).u32(bits);
  }

  private reserve(n: number): DataView {
    if (this.length + n > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    }
    return this.view;
  }
}

/** ROOT's TObject status bits as files carry them: kNotDeleted | kIsOnHeap. */
export const OBJECT_BITS = 0x03000000;

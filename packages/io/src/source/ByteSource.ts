/** Random access to the bytes of one file, local or remote; every reader is built on it. */
export interface ByteSource {
  /** File path or URL, as errors name it. */
  readonly path: string;
  /** Total size in bytes. */
  readonly size: number;
  /**
   * Reads exactly `length` bytes at `offset`; a range past the end is a typed `invalid-input` error (truncated file).
   * `into`, at least `length` bytes that the caller lends, may receive the bytes (the result is then a view of it);
   * sources that cannot read into memory they are given return their own.
   */
  readRange(offset: number, length: number, signal?: AbortSignal, into?: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

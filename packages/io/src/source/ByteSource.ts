/** Random access to the bytes of one file, local or remote; every reader is built on it. */
export interface ByteSource {
  /** File path or URL, as errors name it. */
  readonly path: string;
  /** Total size in bytes. */
  readonly size: number;
  /** Reads exactly `length` bytes at `offset`; a range past the end is a typed `invalid-input` error (truncated file). */
  readRange(offset: number, length: number, signal?: AbortSignal): Promise<Uint8Array>;
  close(): Promise<void>;
}

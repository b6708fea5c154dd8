import { ioError } from '../ioError.ts';

/** Rejects reads outside the file: a structure pointing past the end means the file is truncated or corrupt. */
export function checkRange(path: string, size: number, offset: number, length: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > size) {
    throw ioError(
      'invalid-input',
      path,
      `is truncated or corrupt: a read of ${length} bytes at offset ${offset} goes past its end (${size} bytes)`,
      'Check that the file was copied completely.',
    );
  }
}

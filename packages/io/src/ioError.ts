import { FacilityError } from '@afkit/core';
import type { FacilityErrorCode } from '@afkit/core';

const DEFAULT_HINT = 'Check that the file is a complete, undamaged ROOT, Parquet or Arrow IPC file.';

/** A FacilityError about one file: the message names the file and what is wrong with it. */
export function ioError(code: FacilityErrorCode, path: string, what: string, hint = DEFAULT_HINT, cause?: unknown): FacilityError {
  return new FacilityError(code, `${path}: ${what}`, { where: path, hint, cause });
}

/** Turns anything thrown while reading a file into a FacilityError naming that file (a corrupt file may throw RangeError etc.). */
export function asIoError(error: unknown, path: string, what = 'cannot be read'): FacilityError {
  if (FacilityError.is(error)) return error;
  if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError') {
    return new FacilityError('cancelled', `${path}: reading was cancelled`, { where: path, cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return ioError('invalid-input', path, `${what} (the file looks corrupt: ${reason})`, 'Check that the file is complete and not damaged; copy it again if it was truncated.', error);
}

/**
 * A codec that afkit ships could not be loaded: not a fault of the file being read, so the error says how to repair the
 * installation rather than to check the file.
 */
export function codecUnavailable(reason: string): FacilityError {
  return new FacilityError('internal', reason, { hint: "afkit's installation is incomplete: install it again (npm ci, or the extension's .vsix)." });
}

/** Throws a `cancelled` FacilityError naming the file when the signal has been aborted. */
export function checkAborted(signal: AbortSignal | undefined, path: string): void {
  if (signal?.aborted) throw new FacilityError('cancelled', `${path}: reading was cancelled`, { where: path });
}

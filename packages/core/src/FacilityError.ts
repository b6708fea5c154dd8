/** What kind of failure a {@link FacilityError} reports; stable across processes and the RPC bridge. */
export type FacilityErrorCode =
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'invalid-input'
  | 'conflict'
  | 'bad-response'
  | 'backend'
  | 'timeout'
  | 'cancelled'
  | 'unsupported'
  | 'internal';

/** The plain-object form of a {@link FacilityError}, as it crosses JSON and postMessage. */
export interface SerializedFacilityError {
  readonly name: 'FacilityError';
  readonly code: FacilityErrorCode;
  readonly message: string;
  /** Where it failed: a URL, a file path, a cluster name. */
  readonly where?: string;
  /** Whether trying the same thing again may succeed. */
  readonly retryable: boolean;
  /** What the user can do about it. */
  readonly hint?: string;
  readonly details?: unknown;
}

const RETRYABLE_BY_DEFAULT: ReadonlySet<FacilityErrorCode> = new Set(['unreachable', 'timeout', 'backend']);
const BRAND = Symbol.for('afkit.FacilityError');

/** The one error type every `Facility` call fails with: what failed, where, whether retrying can help, and what to do. */
export class FacilityError extends Error {
  readonly code: FacilityErrorCode;
  readonly where?: string;
  readonly retryable: boolean;
  readonly hint?: string;
  readonly details?: unknown;

  constructor(
    code: FacilityErrorCode,
    message: string,
    options: { where?: string; retryable?: boolean; hint?: string; details?: unknown; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FacilityError';
    this.code = code;
    this.where = options.where;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.hint = options.hint;
    this.details = options.details;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for a FacilityError from any copy of this library (JupyterLab and webviews may bundle their own). */
  static is(value: unknown): value is FacilityError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** Wraps anything thrown into a FacilityError, keeping one that already is. */
  static from(value: unknown, fallback: FacilityErrorCode = 'internal'): FacilityError {
    if (FacilityError.is(value)) return value;
    if (isAbortError(value)) return new FacilityError('cancelled', 'The operation was cancelled.', { cause: value });
    const message = value instanceof Error ? value.message : String(value);
    return new FacilityError(fallback, message, { cause: value });
  }

  toJSON(): SerializedFacilityError {
    return {
      name: 'FacilityError',
      code: this.code,
      message: this.message,
      where: this.where,
      retryable: this.retryable,
      hint: this.hint,
      details: this.details,
    };
  }

  static fromJSON(value: SerializedFacilityError): FacilityError {
    return new FacilityError(value.code, value.message, {
      where: value.where,
      retryable: value.retryable,
      hint: value.hint,
      details: value.details,
    });
  }
}

/** True for the error an aborted fetch or AbortSignal-aware call throws. */
export function isAbortError(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'AbortError';
}

/** Throws a `cancelled` FacilityError when the signal has been aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new FacilityError('cancelled', 'The operation was cancelled.');
}

import { useCallback, useEffect, useState } from 'react';
import { FacilityError } from '@afkit/core';

/** The state of one facility call made by a view. */
export interface CallState<T> {
  readonly value: T | undefined;
  readonly error: FacilityError | undefined;
  readonly loading: boolean;
  /** Runs the call again (a "Retry" button). */
  readonly retry: () => void;
}

/**
 * Runs `call` when the view mounts and whenever `deps` change, cancelling the previous run (its answer is dropped);
 * `enabled: false` skips it. Errors arrive as FacilityErrors for {@link ErrorBox}.
 */
export function useCall<T>(call: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[], enabled = true): CallState<T> {
  const [state, setState] = useState<{ value?: T; error?: FacilityError; loading: boolean }>({ loading: enabled });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!enabled) {
      setState({ loading: false });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ value: s.value, loading: true }));
    call(controller.signal).then(
      (value) => !controller.signal.aborted && setState({ value, loading: false }),
      (error: unknown) => !controller.signal.aborted && setState({ error: FacilityError.from(error), loading: false }),
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, enabled, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { value: state.value, error: state.error, loading: state.loading, retry };
}

import { useEffect, useState } from 'react';
import type { Listener, Unsubscribe } from '@afkit/core';

/**
 * The one bridge from afkit's subscriptions to React: subscribes while the component is mounted
 * (and again when `deps` change) and re-renders with each value.
 */
export function useSubscription<T>(subscribe: (listener: Listener<T>) => Unsubscribe, initial: T, deps: readonly unknown[]): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => subscribe((next) => setValue(() => next)), deps);
  return value;
}

import { useRef } from 'react';

/**
 * Keeps the previous value while its key is unchanged. States arrive freshly parsed (over a WebSocket or
 * postMessage), so identity says nothing; a small content key lets memoised charts skip redraws.
 */
export function useKeyed<T>(value: T, key: string): T {
  const last = useRef<{ key: string; value: T }>();
  if (!last.current || last.current.key !== key) last.current = { key, value };
  return last.current.value;
}

/** What a webview remembers across reloads (when hidden and shown again, or after a window reload). */
export interface WebviewState {
  readonly scrollTop?: number;
}

interface StateStore {
  getState(): WebviewState | undefined;
  setState(state: WebviewState): void;
}

/**
 * Keeps the panel's scroll position in the webview state, and puts it back once the panel has rendered
 * enough content to scroll there (panels fill in asynchronously). Returns the function that stops it.
 */
export function keepScroll(container: HTMLElement, store: StateStore): () => void {
  const saved = store.getState()?.scrollTop ?? 0;
  let restoring = saved > 0;
  const restore = new ResizeObserver(() => {
    if (!restoring || container.scrollHeight - container.clientHeight < saved) return;
    container.scrollTop = saved;
    restoring = false;
    restore.disconnect();
  });
  if (restoring) for (const child of Array.from(container.children)) restore.observe(child);
  const onScroll = (): void => {
    restoring = false;
    store.setState({ ...store.getState(), scrollTop: container.scrollTop });
  };
  container.addEventListener('scroll', onScroll, { passive: true });
  return () => {
    restore.disconnect();
    container.removeEventListener('scroll', onScroll);
  };
}

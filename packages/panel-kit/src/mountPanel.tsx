import { StrictMode, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { PanelContextProvider, type PanelContextValue } from './PanelContext.tsx';
import { PanelErrorBoundary } from './PanelErrorBoundary.tsx';
import './theme.css';

/** Renders a panel into a host's container with its facility and host API; returns the function that unmounts it. */
export function mountPanel(container: HTMLElement, element: ReactElement, context: PanelContextValue): () => void {
  container.classList.add('afkit-root');
  const root = createRoot(container);
  root.render(
    <StrictMode>
      <PanelContextProvider value={context}>
        <PanelErrorBoundary>{element}</PanelErrorBoundary>
      </PanelContextProvider>
    </StrictMode>,
  );
  return () => root.unmount();
}

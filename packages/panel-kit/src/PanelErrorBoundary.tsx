import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  readonly error: Error | undefined;
}

/**
 * Catches what a panel throws while rendering, so one bug shows a message with a way back instead of a blank
 * sidebar (React unmounts the whole tree on an uncaught render error). "Try again" renders the panel afresh.
 */
export class PanelErrorBoundary extends Component<{ children?: ReactNode }, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The host's developer console is where a bug report starts.
    console.error('afkit: a panel failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="afkit-error-box" role="alert">
        <p>
          This panel stopped because of a bug: <strong>{error.message}</strong>
        </p>
        <p>Your facility, clusters and files are unaffected. Try again, or reload the window; the browser console has the details.</p>
        <button type="button" className="afkit-button" onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </div>
    );
  }
}

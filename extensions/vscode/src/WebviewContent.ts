import type { PanelId } from '@afkit/core';

/**
 * What an afkit webview shows: one of the panels, or a file opened in one of afkit's custom editors. The extension
 * writes it into the page (`data-view`, `data-argument`); the webview script mounts the matching element.
 */
export type WebviewContent =
  | { readonly view: PanelId }
  | { readonly view: 'dataset-file'; readonly argument: { readonly path: string } }
  | { readonly view: 'uhi-file'; readonly argument: { readonly name: string; readonly text: string } };

/** The `view` names of {@link WebviewContent}. */
export type WebviewViewId = WebviewContent['view'];

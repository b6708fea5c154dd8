import { DEFAULT_THEME } from '../chart/ChartTheme.ts';
import type { ChartTheme } from '../chart/ChartTheme.ts';

/**
 * The chart theme from the host's CSS variables as seen at `element` (`--afkit-fg`, `--afkit-bg`,
 * `--afkit-accent`, `--afkit-border`, `--afkit-font`, which panel-kit maps from JupyterLab's --jp-* and
 * VS Code's --vscode-*); unset variables keep the defaults.
 */
export function readHostTheme(element: Element): ChartTheme {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const accent = read('--afkit-accent', DEFAULT_THEME.accent);
  return {
    ...DEFAULT_THEME,
    fg: read('--afkit-fg', DEFAULT_THEME.fg),
    bg: read('--afkit-bg', DEFAULT_THEME.bg),
    accent,
    border: read('--afkit-border', DEFAULT_THEME.border),
    font: read('--afkit-font', DEFAULT_THEME.font),
  };
}

/** Calls `onChange` when the host may have switched theme (JupyterLab and VS Code change body/html attributes). */
export function watchHostTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  for (const target of [document.documentElement, document.body]) {
    observer.observe(target, { attributes: true, attributeFilter: ['class', 'style', 'data-jp-theme-name', 'data-vscode-theme-kind'] });
  }
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', onChange);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', onChange);
  };
}

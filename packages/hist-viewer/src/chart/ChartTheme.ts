/** Colours and font a chart is drawn with; the React layer reads them from the host's CSS variables. */
export interface ChartTheme {
  /** Text and axis lines (`--afkit-fg`). */
  readonly fg: string;
  /** Background, also of exported images (`--afkit-bg`). */
  readonly bg: string;
  /** The first series' colour and UI highlights (`--afkit-accent`). */
  readonly accent: string;
  /** Grid lines and frames (`--afkit-border`). */
  readonly border: string;
  /** CSS font family (`--afkit-font`). */
  readonly font: string;
  /** Colours of further series, after the accent. */
  readonly palette: readonly string[];
  /** Colour ramp of 2D heat maps, low to high. */
  readonly ramp: readonly string[];
}

/** matplotlib's tab10 (what mplhep plots use) and viridis: readable in light and dark themes. */
export const DEFAULT_THEME: ChartTheme = {
  fg: '#1f1f1f',
  bg: '#ffffff',
  accent: '#1f77b4',
  border: '#d0d0d0',
  font: 'sans-serif',
  palette: ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'],
  ramp: ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'],
};

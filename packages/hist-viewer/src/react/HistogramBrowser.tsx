import { useRef, useState, type ReactNode } from 'react';
import { PanelFrame } from '@afkit/panel-kit';
import type { ChartSettings } from '../chart/ChartModel.ts';
import type { Histogram } from '../Histogram.ts';
import { ChartToolbar } from './ChartToolbar.tsx';
import { download } from './downloadText.ts';
import { HistogramChart, type HistogramChartHandle } from './HistogramChart.tsx';
import './histograms.css';

/** One histogram a browser lists. */
export interface HistogramItem {
  readonly name: string;
  /** A short line under the name, e.g. "2D · 12 partials". */
  readonly detail: string;
}

/** Props of {@link HistogramBrowser}. */
export interface HistogramBrowserProps {
  readonly title: string;
  /** The facility capability the histograms come from, if any (see PanelFrame). */
  readonly requires?: string;
  /** The histograms to choose from; undefined while they load. */
  readonly items: readonly HistogramItem[] | undefined;
  readonly selected: readonly string[];
  readonly onToggle: (name: string) => void;
  /** The selected histograms, drawn in this order. */
  readonly series: readonly { readonly name: string; readonly histogram: Histogram }[];
  readonly loading: ReactNode;
  readonly empty: ReactNode;
  readonly error?: string | undefined;
  /** Said politely to screen readers and shown beside the export buttons, e.g. the partials received. */
  readonly status?: string;
}

/**
 * A list of histograms beside the chart of the selected ones, with the chart's toolbar and PNG/SVG/UHI export:
 * the live Histograms panel and the UHI file view differ only in where histograms come from.
 */
export function HistogramBrowser(props: HistogramBrowserProps): JSX.Element {
  const { items, selected, onToggle, series } = props;
  const [settings, setSettings] = useState<ChartSettings>({ style: 'step' });
  const chart = useRef<HistogramChartHandle>(null);
  const baseName = selected.join('+').replace(/[^\w.+-]+/g, '_') || 'histogram';

  return (
    <PanelFrame title={props.title} {...(props.requires ? { requires: props.requires } : {})}>
      <div className="afkit-hists">
        <div className="afkit-hists-list" role="listbox" aria-label={props.title} aria-multiselectable="true">
          {items === undefined && <p className="afkit-muted">{props.loading}</p>}
          {items?.length === 0 && <p className="afkit-muted">{props.empty}</p>}
          {items?.map((h) => (
            <div
              key={h.name}
              role="option"
              aria-selected={selected.includes(h.name)}
              tabIndex={0}
              className={`afkit-hists-item${selected.includes(h.name) ? ' afkit-selected' : ''}`}
              onClick={() => onToggle(h.name)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && onToggle(h.name)}
            >
              <span className="afkit-hists-name">{h.name}</span>
              <span className="afkit-muted">{h.detail}</span>
            </div>
          ))}
        </div>
        <div className="afkit-hists-view">
          {props.error && <div className="afkit-error-box">{props.error}</div>}
          {selected.length === 0 ? (
            items && items.length > 0 && <p className="afkit-muted">Select a histogram to draw it; select several to overlay them.</p>
          ) : (
            <>
              <ChartToolbar settings={settings} onChange={setSettings} series={series.length} />
              <HistogramChart ref={chart} histograms={series} {...settings} style={{ height: 'auto', flex: 1, minHeight: 320 }} />
              <div className="afkit-hists-actions">
                <span className="afkit-muted afkit-hists-live" aria-live="polite">
                  {props.status}
                </span>
                <button type="button" className="afkit-button afkit-secondary" onClick={() => download(`${baseName}.png`, chart.current!.exportPNG(2), 'image/png')}>
                  Export PNG
                </button>
                <button type="button" className="afkit-button afkit-secondary" onClick={() => download(`${baseName}.svg`, chart.current!.exportSVG(), 'image/svg+xml')}>
                  Export SVG
                </button>
                <button type="button" className="afkit-button afkit-secondary" onClick={() => download(`${baseName}.uhi.json`, chart.current!.exportUHI(), 'application/json')}>
                  Export UHI JSON
                </button>
              </div>
            </>
          )}
        </div>
      </div>
    </PanelFrame>
  );
}

/** Selection state of a browser: toggling a name adds or removes it. */
export function useToggleSelection(initial: readonly string[] = []): [readonly string[], (name: string) => void] {
  const [selected, setSelected] = useState<readonly string[]>(initial);
  return [selected, (name) => setSelected((s) => (s.includes(name) ? s.filter((n) => n !== name) : [...s, name]))];
}

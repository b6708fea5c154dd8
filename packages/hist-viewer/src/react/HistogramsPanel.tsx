import { useMemo, useRef, useState } from 'react';
import { PanelFrame, usePanelContext, useSubscription } from '@afkit/panel-kit';
import type { HistSummary } from '@afkit/core';
import type { ChartSettings } from '../chart/ChartModel.ts';
import { ChartToolbar } from './ChartToolbar.tsx';
import { download } from './downloadText.ts';
import { HistogramChart, type HistogramChartHandle } from './HistogramChart.tsx';
import { useLiveHistograms } from './useLiveHistograms.ts';
import './histograms.css';

/**
 * The Histograms panel: the facility's live histograms, updated as producers publish; pick one to draw it,
 * several to overlay, stack or compare them in a ratio panel; export PNG, SVG or UHI JSON.
 */
export function HistogramsPanel(): JSX.Element {
  const { facility } = usePanelContext();
  const list = useSubscription<HistSummary[] | undefined>((l) => facility.hists.subscribeHistograms(l), undefined, [facility]);
  const [selected, setSelected] = useState<string[]>([]);
  const [settings, setSettings] = useState<ChartSettings>({ style: 'step' });
  const chart = useRef<HistogramChartHandle>(null);
  const shown = selected.filter((name) => list?.some((h) => h.name === name));
  const { live, error } = useLiveHistograms(facility, shown);
  const series = useMemo(() => live.map((h) => ({ name: h.name, histogram: h.histogram })), [live]);

  const toggle = (name: string): void => setSelected((s) => (s.includes(name) ? s.filter((n) => n !== name) : [...s, name]));
  const baseName = shown.join('+').replace(/[^\w.+-]+/g, '_') || 'histogram';

  return (
    <PanelFrame title="Histograms">
      <div className="afkit-hists">
        <div className="afkit-hists-list" role="listbox" aria-label="Live histograms" aria-multiselectable="true">
          {list === undefined && <p className="afkit-muted">Connecting to the facility's histograms…</p>}
          {list?.length === 0 && (
            <p className="afkit-muted">
              No live histograms yet. Publish one from Python with <code>afkit_hist.publish(name, hist)</code>, from a Dask task, or with an HTTP POST
              of UHI JSON; it appears here at once.
            </p>
          )}
          {list?.map((h) => (
            <div
              key={h.name}
              role="option"
              aria-selected={shown.includes(h.name)}
              tabIndex={0}
              className={`afkit-hists-item${shown.includes(h.name) ? ' afkit-selected' : ''}`}
              onClick={() => toggle(h.name)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && toggle(h.name)}
            >
              <span className="afkit-hists-name">{h.name}</span>
              <span className="afkit-muted">
                {h.rank}D · {h.partials} partial{h.partials === 1 ? '' : 's'} · #{h.seq}
              </span>
            </div>
          ))}
        </div>
        <div className="afkit-hists-view">
          {error && <div className="afkit-error-box">{error}</div>}
          {shown.length === 0 ? (
            list && list.length > 0 && <p className="afkit-muted">Select a histogram to draw it; select several to overlay them.</p>
          ) : (
            <>
              <ChartToolbar settings={settings} onChange={setSettings} series={series.length} />
              <HistogramChart ref={chart} histograms={series} {...settings} style={{ height: 420 }} />
              <div className="afkit-hists-actions">
                <span className="afkit-muted afkit-hists-live" aria-live="polite">
                  {live.map((h) => `${h.name}: ${h.partials} partials, #${h.seq}`).join(' · ')}
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

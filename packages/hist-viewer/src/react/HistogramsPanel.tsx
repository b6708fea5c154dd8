import { useMemo } from 'react';
import { usePanelContext, useSubscription } from '@afkit/panel-kit';
import type { HistSummary } from '@afkit/core';
import { HistogramBrowser, useToggleSelection } from './HistogramBrowser.tsx';
import { useLiveHistograms } from './useLiveHistograms.ts';

/**
 * The Histograms panel: the facility's live histograms, updated as producers publish; pick one to draw it,
 * several to overlay, stack or compare them in a ratio panel; export PNG, SVG or UHI JSON.
 */
export function HistogramsPanel(): JSX.Element {
  const { facility } = usePanelContext();
  const list = useSubscription<HistSummary[] | undefined>((l) => facility.hists.subscribeHistograms(l), undefined, [facility]);
  const [selected, toggle] = useToggleSelection();
  const shown = selected.filter((name) => list?.some((h) => h.name === name));
  const { live, error } = useLiveHistograms(facility, shown);
  const series = useMemo(() => live.map((h) => ({ name: h.name, histogram: h.histogram })), [live]);
  const items = useMemo(() => list?.map((h) => ({ name: h.name, detail: `${h.rank}D · ${h.partials} partial${h.partials === 1 ? '' : 's'} · #${h.seq}` })), [list]);

  return (
    <HistogramBrowser
      title="Histograms"
      requires="hists"
      items={items}
      selected={shown}
      onToggle={toggle}
      series={series}
      error={error}
      status={live.map((h) => `${h.name}: ${h.partials} partials, #${h.seq}`).join(' · ')}
      loading="Connecting to the facility's histograms…"
      empty={
        <>
          No live histograms yet. Publish one from Python with <code>afkit_hist.publish(name, hist)</code>, from a Dask task, or with an HTTP POST of
          UHI JSON; it appears here at once.
        </>
      }
    />
  );
}

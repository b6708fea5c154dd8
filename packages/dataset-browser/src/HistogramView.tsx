import { useEffect, useMemo, useReducer, useState } from 'react';
import { FacilityError, type BranchInfo } from '@afkit/core';
import type { Histogram } from '@afkit/hist-viewer';
import { HistogramChart } from '@afkit/hist-viewer/react';
import { usePanelContext } from '@afkit/panel-kit';
import { ErrorBox } from './ErrorBox.tsx';
import { formatCount } from './formatBytes.ts';
import { histogramBranch, type HistogramProgress } from './histogramBranch.ts';

/** What to histogram: a branch over one file, or over every readable file of the dataset. */
export interface HistogramRequest {
  readonly branch: BranchInfo;
  readonly tree: string;
  readonly files: readonly string[];
  /** Entries of those files, for the progress bar. */
  readonly totalEntries?: number;
  /** "this file" or "the dataset (3 files)". */
  readonly scope: string;
}

/** Fills a histogram of one branch while the data streams in, with a progress bar and a Cancel button. */
export function HistogramView(props: { request: HistogramRequest; onClose?: () => void }): JSX.Element {
  const { facility } = usePanelContext();
  const { request } = props;
  const [histogram, setHistogram] = useState<Histogram>();
  // The histogram fills in place: a tick re-renders the view (and the chart reads the histogram's own version).
  const [, tick] = useReducer((n: number) => n + 1, 0);
  const [progress, setProgress] = useState<HistogramProgress>();
  const [state, setState] = useState<'running' | 'done' | 'cancelled' | 'failed'>('running');
  const [error, setError] = useState<FacilityError>();
  const [controller, setController] = useState(() => new AbortController());

  useEffect(() => {
    const run = new AbortController();
    setController(run);
    setState('running');
    setError(undefined);
    setHistogram(undefined);
    histogramBranch(
      facility.datasets,
      { files: request.files, tree: request.tree, branch: request.branch.name, type: request.branch.type },
      {
        signal: run.signal,
        totalEntries: request.totalEntries,
        onProgress: setProgress,
        onUpdate: (h) => {
          setHistogram(h);
          tick();
        },
      },
    ).then(
      (h) => {
        setHistogram(h);
        tick();
        setState('done');
      },
      (e: unknown) => {
        const failure = FacilityError.from(e);
        if (failure.code === 'cancelled') setState('cancelled');
        else {
          setError(failure);
          setState('failed');
        }
      },
    );
    return () => run.abort();
  }, [facility, request]);

  const flow = histogram ? flowCounts(histogram) : undefined;
  // One series per histogram object; the chart redraws by itself when its `version` moves during the fill.
  const series = useMemo(() => (histogram ? [{ name: request.branch.name, histogram }] : []), [histogram, request.branch.name]);
  return (
    <section className="afkit-ds-histogram" aria-label={`Histogram of ${request.branch.name}`}>
      <div className="afkit-ds-row">
        <strong>{request.branch.name}</strong>
        <span className="afkit-muted">over {request.scope}</span>
        {state === 'running' && (
          <button type="button" className="afkit-button afkit-secondary afkit-ds-small" onClick={() => controller.abort()}>
            Cancel
          </button>
        )}
        {props.onClose && (
          <button type="button" className="afkit-button afkit-secondary afkit-ds-small" onClick={props.onClose} aria-label="Close histogram">
            ✕
          </button>
        )}
      </div>
      {progress && (
        <div className="afkit-ds-row" role="status">
          <progress max={progress.total ?? 1} value={progress.total ? progress.entries : state === 'done' ? 1 : undefined} aria-label="Fill progress" />
          <span className="afkit-muted">
            {formatCount(progress.entries)}
            {progress.total ? ` of ${formatCount(progress.total)}` : ''} entries · file {Math.min(progress.filesDone + 1, progress.files)} of {progress.files}
            {state === 'done' ? ' · done' : state === 'cancelled' ? ' · cancelled' : ''}
          </span>
        </div>
      )}
      {error && <ErrorBox title="The histogram could not be filled" error={error} />}
      {histogram && (
        <div role="img" aria-label={`Chart of ${request.branch.name}`}>
          <HistogramChart histograms={series} xTitle={request.branch.name} yTitle="entries" drawStyle="filled" style={{ height: 260 }} />
        </div>
      )}
      {flow && (flow.under > 0 || flow.over > 0) && (
        <p className="afkit-muted">
          Range from the first batch; {formatCount(flow.under)} below and {formatCount(flow.over)} above it (flow bins).
        </p>
      )}
    </section>
  );
}

function flowCounts(histogram: Histogram): { under: number; over: number } {
  const axis = histogram.axes[0]!;
  const all = histogram.values({ flow: true });
  return { under: axis.underflow ? all[0]! : 0, over: axis.overflow ? all[all.length - 1]! : 0 };
}

// The page of the live-latency benchmark: subscribes to one histogram through afkit's HttpFacility and
// draws every state with the real chart controller; records, per drawn state, when it was published (the
// producer's clock, in the histogram's metadata), when it reached the page, when it was decoded into a
// Histogram, and the frame after the chart rendered it.
import { HttpFacility, type HistUpdate } from '@afkit/core';
import { fromUHI, type UHIHistogram } from '@afkit/hist-viewer';
import { ChartController } from '@afkit/hist-viewer/react';

/** One drawn state's timestamps (ms since the epoch). */
export interface LiveSample {
  readonly seq: number;
  readonly sentAt: number;
  readonly receivedAt: number;
  readonly decodedAt: number;
  readonly paintedAt: number;
}

const params = new URLSearchParams(location.hash.slice(1));
const facility = new HttpFacility({ url: params.get('url')!, token: params.get('token')! });
const chart = new ChartController(document.getElementById('chart')!);
const samples: LiveSample[] = [];
(window as unknown as { afkitLatency: LiveSample[] }).afkitLatency = samples;
const now = (): number => performance.timeOrigin + performance.now();

facility.hists.subscribeHistogram(params.get('name')!, (update: HistUpdate) => {
  const receivedAt = now();
  const histogram = fromUHI(update.histogram as unknown as UHIHistogram, undefined, { validated: true });
  const decodedAt = now();
  chart.update([{ name: update.summary.name, histogram }], { zoom: false });
  // The controller draws in the next animation frame and ECharts paints in the one after: the second
  // frame callback runs once the canvas holds the new state.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      samples.push({ seq: update.summary.seq, sentAt: Number(histogram.metadata.sent_at), receivedAt, decodedAt, paintedAt: now() });
    }),
  );
});

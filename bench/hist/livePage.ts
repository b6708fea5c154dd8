// The page of the live-latency benchmark: subscribes to one histogram through afkit's HttpFacility and
// draws every state with the real chart controller; records, per drawn state, the time from its publish
// (the producer's clock, in the histogram's metadata) to the frame after the chart rendered it.
import { HttpFacility, type HistUpdate } from '@afkit/core';
import { fromUHI, type UHIHistogram } from '@afkit/hist-viewer';
import { ChartController } from '@afkit/hist-viewer/react';

const params = new URLSearchParams(location.hash.slice(1));
const facility = new HttpFacility({ url: params.get('url')!, token: params.get('token')! });
const element = document.getElementById('chart')!;
const chart = new ChartController(element);
const samples: { seq: number; latency: number; drawnAt: number }[] = [];
(window as unknown as { afkitLatency: typeof samples }).afkitLatency = samples;

facility.hists.subscribeHistogram(params.get('name')!, (update: HistUpdate) => {
  const histogram = fromUHI(update.histogram as unknown as UHIHistogram);
  const sentAt = Number(histogram.metadata.sent_at);
  chart.update([{ name: update.summary.name, histogram }], { zoom: false });
  // The controller draws in the next animation frame and ECharts paints in the one after: the second
  // frame callback runs once the canvas holds the new state.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const now = performance.timeOrigin + performance.now();
      samples.push({ seq: update.summary.seq, latency: now - sentAt, drawnAt: now });
    }),
  );
});

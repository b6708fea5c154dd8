// Bundled into a Chromium page by panelUpdate.ts: mounts the real ClusterDashboard and times updates.
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { ClusterDashboard } from '../../packages/cluster-panel/src/ClusterDashboard.tsx';
import { simulatedDashboard } from '../../packages/cluster-panel/src/simulatedDashboard.ts';

declare global {
  interface Window {
    benchDashboard(workers: number, updates: number): number[];
  }
}

window.benchDashboard = (workers, updates) => {
  const container = document.getElementById('root')!;
  const root = createRoot(container);
  const states = Array.from({ length: updates + 10 }, (_, k) => simulatedDashboard(workers, k));
  const samples: number[] = [];
  states.forEach((state, k) => {
    const start = performance.now();
    flushSync(() => root.render(<ClusterDashboard state={state} />));
    // Reading layout makes the browser do style and layout now, so they are in the figure too.
    void container.offsetHeight;
    if (k >= 10) samples.push(performance.now() - start);
  });
  root.unmount();
  return samples;
};

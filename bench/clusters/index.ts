// Clusters benchmarks: `npm run bench -- clusters [--quick]`.
import { existsSync } from 'node:fs';
import { median, quick, reportBench } from '../lib/report.ts';
import { afkitCreateSeconds, bareCreateSeconds } from './createCluster.ts';
import { panelUpdateMs } from './panelUpdate.ts';

const runs = quick ? 1 : 3;

if (!existsSync('/usr/bin/dask-scheduler')) {
  console.log('# clusters.create_*: skipped, Dask is not installed (apt-get install python3-distributed)');
} else {
  for (const workers of [1, 4, 8]) {
    const afkit: number[] = [];
    const anchor: number[] = [];
    for (let i = 0; i < runs; i++) {
      // Alternate the order so that neither side always runs on a warmer machine.
      if (i % 2 === 0) {
        anchor.push(await bareCreateSeconds(workers));
        afkit.push(await afkitCreateSeconds(workers));
      } else {
        afkit.push(await afkitCreateSeconds(workers));
        anchor.push(await bareCreateSeconds(workers));
      }
    }
    reportBench({
      area: 'clusters',
      name: `create_${workers}`,
      afkit: median(afkit),
      anchor: median(anchor),
      unit: 's',
      better: 'lower',
      note: `create to ${workers} workers visible, local processes, median of ${runs}; anchor: the same dask-scheduler/dask-worker commands by hand`,
    });
  }
}

const panel = await panelUpdateMs(500, quick ? 20 : 60);
console.log(`# clusters.panel_update_500: p90 ${panel.p90.toFixed(1)} ms (updates that also redraw the charts)`);
reportBench({
  area: 'clusters',
  name: 'panel_update_500',
  afkit: panel.median,
  anchor: 16,
  unit: 'ms',
  better: 'lower',
  note: 'ClusterDashboard in headless Chromium (render + style + layout), one 500-worker state per update as the facility streams them (4/s; charts redraw at most 1/s), median; anchor: the 16 ms frame budget',
});

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

const panelMs = await panelUpdateMs(500, quick ? 20 : 60);
reportBench({
  area: 'clusters',
  name: 'panel_update_500',
  afkit: panelMs,
  anchor: 16,
  unit: 'ms',
  better: 'lower',
  note: 'ClusterDashboard in headless Chromium (render + style + layout), one 500-worker state per update (table, charts, progress, task stream), median; anchor: the 16 ms frame budget',
});

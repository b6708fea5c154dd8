import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'react-dom/server';
import { ClusterDashboard } from './ClusterDashboard.tsx';
import { simulatedDashboard } from './simulatedDashboard.ts';

test('the dashboard of 500 workers renders only the visible rows, and shows totals, progress and the task stream', () => {
  const html = renderToString(<ClusterDashboard state={simulatedDashboard(500, 3)} />);
  const has = (text: string): boolean => html.includes(text);
  assert.ok(has('500 workers · 500.0 GiB / 2.0 TiB · 530 tasks run'), 'totals line');
  const rows = html.match(/role="row"/g)?.length ?? 0;
  // Header plus the visible window (240 px / 22 px) and overscan, never 500.
  assert.ok(rows > 5 && rows < 40, `${rows} rows rendered`);
  assert.ok(has('>worker-0<') && !has('>worker-499<'), 'first rows only');
  assert.ok(has('aria-label="inc: 30 of 1000"') && has('aria-label="sum: 3 of 200"'), 'progress per prefix');
  assert.ok(/Task stream: \d+ tasks on \d+ workers/.test(html), 'task stream');
});

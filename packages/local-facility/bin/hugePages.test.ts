import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { withHugePages } from './hugePages.mjs';

const thp = (() => {
  try {
    return readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8');
  } catch {
    return '';
  }
})();

test('a process started with the setting gets huge pages for a large array', { skip: /\[(always|madvise)\]/.test(thp) ? false : `transparent huge pages are off here (${thp.trim() || 'no /sys entry'})` }, () => {
  // 256 MB touched once, then the process reports the anonymous huge pages it holds.
  const script = `const a = new Uint8Array(256 << 20); for (let i = 0; i < a.length; i += 4096) a[i] = 1;
    const kb = Number(/AnonHugePages:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/smaps_rollup', 'utf8'))[1]);
    console.log(kb);`;
  const hugeKB = (env: NodeJS.ProcessEnv) => Number(spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' }).stdout.trim());
  const without = { ...process.env };
  delete without.GLIBC_TUNABLES;
  assert.ok(hugeKB(withHugePages(without)) >= 128 * 1024, 'at least half of the array on huge pages');
  assert.equal(withHugePages({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }).GLIBC_TUNABLES, 'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1');
});

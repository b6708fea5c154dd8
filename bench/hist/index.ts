// Fill throughput of the histogram engine beside numpy.histogram / numpy.histogram2d (Debian's python3-numpy)
// in the same run on same-sized seeded data: 100 M float64 (10 M with --quick) into 100 (100x100) regular bins.
// afkit and numpy runs alternate so that load from other processes falls on both alike; each side fills every
// kind once untimed first (numpy's malloc and afkit's compiled kernels warm alike). Then the live
// latency from a publish to the painted frame (liveLatency.ts).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Histogram, RegularAxis } from '@afkit/hist-viewer';
import { median, quick, reportBench } from '../lib/report.ts';
import { measureLiveLatency } from './liveLatency.ts';
import { normals, seededRandom } from '../../packages/hist-viewer/src/testing/seededRandom.ts';

const N = quick ? 10_000_000 : 100_000_000;
// a --quick run is ~30 ms of afkit and ~100 ms of numpy, short enough for one burst of load on this shared machine
// to sway a median of 3
const RUNS = quick ? 7 : 5;
const SEED = 20261122;

type FillName = 'fill_1d' | 'fill_1d_weighted' | 'fill_2d';

/** A python3 process holding numpy data, timing one fill per request. */
async function startNumpy(): Promise<{ version: string; time: (name: FillName) => Promise<number>; close: () => void }> {
  const script = fileURLToPath(new URL('./numpyFill.py', import.meta.url));
  const child = spawn('/usr/bin/python3', [script, String(N), String(SEED)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const line = await lines.next();
    if (line.done) throw new Error('the numpy anchor exited early');
    return line.value as string;
  };
  const version = (await next()).split(' ')[1]!;
  return {
    version,
    time: async (name) => {
      child.stdin.write(`${name}\n`);
      return Number((await next()).split(' ')[0]);
    },
    close: () => child.stdin.end(),
  };
}

const numpy = await startNumpy();
const random = seededRandom(SEED);
const x = normals(random, N);
const y = normals(random, N);
const w = Float64Array.from({ length: N }, () => 2 * random());
let wSum = 0;
for (let i = 0; i < N; i++) wSum += w[i]!;
const axis = (): RegularAxis => new RegularAxis(100, -3, 3);

const FILLS: Record<FillName, { make: () => Histogram; fill: (h: Histogram) => void; total: number; what: string }> = {
  fill_1d: { make: () => new Histogram([axis()]), fill: (h) => h.fill(x), total: N, what: '100 regular bins' },
  fill_2d: { make: () => new Histogram([axis(), axis()]), fill: (h) => h.fill([x, y]), total: N, what: '100x100 regular bins (numpy.histogram2d)' },
  fill_1d_weighted: {
    // numpy sums only the weights, so the like-for-like storage is double (Σw); a weighted storage also keeps Σw²
    make: () => new Histogram([axis()], { storage: 'double' }),
    fill: (h) => h.fill(x, { weight: w }),
    total: wSum,
    what: '100 regular bins with per-entry weights (Σw, as numpy)',
  },
};

for (const spec of Object.values(FILLS)) spec.fill(spec.make());
for (const [name, spec] of Object.entries(FILLS) as [FillName, (typeof FILLS)[FillName]][]) {
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const h = spec.make();
    globalThis.gc?.();
    const start = performance.now();
    spec.fill(h);
    ours.push((performance.now() - start) / 1000);
    const total = h.sum();
    if (Math.abs(total - spec.total) > 1e-6 * spec.total) throw new Error(`${name} lost entries: ${total} of ${spec.total}`);
    theirs.push(await numpy.time(name));
  }
  reportBench({
    area: 'hist',
    name,
    afkit: N / median(ours),
    anchor: N / median(theirs),
    unit: 'fills/s',
    better: 'higher',
    note: `${N.toExponential(0)} normal float64 into ${spec.what} over [-3, 3), median of ${RUNS} alternating runs after one untimed warm-up fill of each kind on each side; numpy ${numpy.version}`,
  });
}
numpy.close();
await measureLiveLatency();

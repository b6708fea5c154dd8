import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FacilityError } from '@afkit/core';
import { BooleanAxis, CategoryAxis, Histogram, IntegerAxis, merge, RegularAxis, VariableAxis } from './index.ts';
import type { Axis, StorageKind } from './index.ts';
import { normals, seededRandom } from './testing/seededRandom.ts';

/** Reference binning written independently of the engine: a linear scan over edges, flow by hand. */
function referenceIndex(edges: ArrayLike<number>, underflow: boolean, overflow: boolean, x: number): number {
  const n = edges.length - 1;
  const uf = underflow ? 1 : 0;
  if (Number.isNaN(x) || x >= edges[n]!) return overflow ? n + uf : -1;
  if (x < edges[0]!) return underflow ? 0 : -1;
  let i = 0;
  while (!(x >= edges[i]! && x < edges[i + 1]!)) i++;
  return i + uf;
}

function referenceCounts1D(edges: ArrayLike<number>, underflow: boolean, overflow: boolean, xs: ArrayLike<number>, w?: ArrayLike<number>): Float64Array {
  const n = edges.length - 1;
  const out = new Float64Array(n + (underflow ? 1 : 0) + (overflow ? 1 : 0));
  for (let k = 0; k < xs.length; k++) {
    const i = referenceIndex(edges, underflow, overflow, xs[k]!);
    if (i >= 0) out[i]! += w ? w[k]! : 1;
  }
  return out;
}

describe('Histogram fill, 1D regular', () => {
  it('puts values on edges, NaN and ±Infinity in the bins boost-histogram does', () => {
    const h = new Histogram([new RegularAxis(10, 0, 10)]);
    h.fill(Float64Array.from([0, 1, 1, 9.999, 10, -0.5, NaN, Infinity, -Infinity, 5, 4.999999]));
    // underflow: -0.5, -Inf; bins: [0,1): 0; [1,2): 1,1; [4,5): 4.999999; [5,6): 5; [9,10): 9.999; overflow: 10, NaN, Inf
    assert.deepEqual(Array.from(h.values({ flow: true })), [2, 1, 2, 0, 0, 1, 1, 0, 0, 0, 1, 3]);
    assert.deepEqual(Array.from(h.values()), [1, 2, 0, 0, 1, 1, 0, 0, 0, 1]);
    assert.equal(h.sum(), 11);
    assert.equal(h.sum({ flow: false }), 6);
  });

  it('drops flow entries where the axis has no flow bins', () => {
    const h = new Histogram([new RegularAxis(4, -1, 1, { underflow: false, overflow: false })]);
    h.fill([-2, -1, -0.5, 0, 0.5, 1, NaN, Infinity, -Infinity]);
    assert.deepEqual(Array.from(h.values({ flow: true })), [1, 1, 1, 1]);
  });

  it('matches an independent reference on random data, awkward ranges and every value exactly on an edge', () => {
    const random = seededRandom(7);
    for (const [bins, lo, hi] of [[7, -2.5, 7.3], [100, 0.1, 0.7], [13, -1e-3, 3e-3]] as const) {
      const axis = new RegularAxis(bins, lo, hi);
      const edges = axis.edges();
      const xs = Float64Array.from({ length: 20000 }, () => lo - 0.2 * (hi - lo) + 1.4 * (hi - lo) * random());
      const onEdges = Float64Array.from(edges);
      const all = Float64Array.from([...xs, ...onEdges, NaN, Infinity, -Infinity]);
      const h = new Histogram([axis]);
      h.fill(all);
      assert.deepEqual(Array.from(h.values({ flow: true })), Array.from(referenceCounts1D(edges, true, true, all)));
      // each edge but the last opens its bin
      for (let i = 0; i < bins; i++) assert.equal(referenceIndex(edges, true, true, edges[i]!), i + 1);
    }
  });

  it('adds weights, and keeps Σw² in a weighted storage', () => {
    const random = seededRandom(11);
    const xs = normals(random, 5000);
    const w = Float64Array.from({ length: xs.length }, () => 0.5 + random());
    const axis = new RegularAxis(20, -3, 3);
    const edges = axis.edges();
    const h = new Histogram([axis], { storage: 'weighted' });
    h.fill(xs, { weight: w });
    assertClose(h.values({ flow: true }), referenceCounts1D(edges, true, true, xs, w));
    assertClose(h.variances({ flow: true }), referenceCounts1D(edges, true, true, xs, w.map((x) => x * x)));
    const d = new Histogram([axis]);
    d.fill(xs, { weight: 2 });
    assertClose(d.values({ flow: true }), referenceCounts1D(edges, true, true, xs).map((x) => 2 * x));
  });

  it('wraps values on a circular axis', () => {
    const h = new Histogram([new RegularAxis(4, 0, 360, { circular: true })]);
    h.fill([10, 370, -80, 725, 359.9, NaN]);
    // 10 → 0, 370 → 10 → 0, -80 → 280 → 3, 725 → 5 → 0, 359.9 → 3, NaN → overflow
    assert.deepEqual(Array.from(h.values({ flow: true })), [3, 0, 0, 2, 1]);
  });
});

describe('Histogram fill, other axes', () => {
  it('bins variable axes like the reference, upper edge to overflow', () => {
    const axis = new VariableAxis([0, 1, 2.5, 10, 100], { underflow: false });
    const xs = [0, 0.999, 1, 2.5, 9, 10, 99.9, 100, -1, NaN];
    const h = new Histogram([axis]);
    h.fill(xs);
    assert.deepEqual(Array.from(h.values({ flow: true })), Array.from(referenceCounts1D([0, 1, 2.5, 10, 100], false, true, xs)));
    assert.deepEqual(Array.from(h.values({ flow: true })), [2, 1, 2, 2, 2]);
  });

  it('bins integer axes by floor', () => {
    const h = new Histogram([new IntegerAxis(-1, 3)]);
    h.fill([-2, -1, -0.5, 0, 0.99, 2, 3, NaN]);
    // underflow: -2; -1: -1, -0.5; 0: 0, 0.99; 2: 2; overflow: 3, NaN
    assert.deepEqual(Array.from(h.values({ flow: true })), [1, 2, 2, 0, 1, 2]);
  });

  it('fills string and integer categories, growing where asked', () => {
    const fixed = new Histogram([CategoryAxis.str(['ee', 'mumu'])]);
    fixed.fill(['mumu', 'ee', 'tautau', 'mumu']);
    assert.deepEqual(Array.from(fixed.values({ flow: true })), [1, 2, 1]);

    const grow = new Histogram([CategoryAxis.str([], { growth: true })]);
    grow.fill(['b', 'a', 'b']);
    grow.fill(['c', 'a']);
    assert.deepEqual((grow.axes[0] as CategoryAxis<string>).categories, ['b', 'a', 'c']);
    assert.deepEqual(Array.from(grow.values({ flow: true })), [2, 2, 1]);

    const ints = new Histogram([CategoryAxis.int([11, -11], { growth: true, flow: true }), new RegularAxis(2, 0, 2)]);
    ints.fill([Int32Array.from([11, 13, -11, 13]), Float64Array.from([0.5, 1.5, 1.5, 5])]);
    ints.fill([[11], [0.1]]);
    // rows: 11, -11, 13, other; columns: underflow, [0,1), [1,2), overflow
    assert.deepEqual(Array.from(ints.values({ flow: true })), [0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
  });

  it('fills boolean axes', () => {
    const h = new Histogram([new BooleanAxis()]);
    h.fill(Uint8Array.from([0, 1, 1, 0, 1]));
    h.fill([true, false]);
    assert.deepEqual(Array.from(h.values({ flow: true })), [3, 4]);
  });

  it('fills 2D regular histograms (fast path) like a reference, with flow on both axes', () => {
    const random = seededRandom(3);
    const n = 30000;
    const xs = Float64Array.from({ length: n }, () => -0.3 + 1.6 * random());
    const ys = Float64Array.from({ length: n }, () => -1.5 + 13 * random());
    xs[0] = NaN;
    ys[1] = -Infinity;
    xs[2] = 0.5;
    ys[2] = 10;
    const ax = new RegularAxis(5, 0, 1);
    const ay = new RegularAxis(10, 0, 10, { underflow: false });
    const w = Float64Array.from({ length: n }, () => random());
    const h = new Histogram([ax, ay], { storage: 'weighted' });
    h.fill([xs, ys], { weight: w });
    const expected = new Float64Array(7 * 11);
    for (let k = 0; k < n; k++) {
      const i = referenceIndex(ax.edges(), true, true, xs[k]!);
      const j = referenceIndex(ay.edges(), false, true, ys[k]!);
      if (i >= 0 && j >= 0) expected[i * 11 + j]! += w[k]!;
    }
    assertClose(h.values({ flow: true }), expected);
    // the same fill through the generic path (a variable axis with the same edges) agrees
    const g = new Histogram([new VariableAxis(ax.edges()), new VariableAxis(ay.edges(), { underflow: false })], { storage: 'weighted' });
    g.fill([xs, ys], { weight: w });
    assertClose(g.values({ flow: true }), expected);
    assertClose(g.variances({ flow: true }), h.variances({ flow: true }));
  });

  it('computes profiles (mean storage) as boost-histogram does', () => {
    const h = new Histogram([new RegularAxis(4, 0, 1)], { storage: 'weighted_mean' });
    h.fill([0.1, 0.1, 0.4], { weight: [1.2, 2.7, 0.6], sample: [5, 6, 7] });
    // numbers from boost-histogram 1.6.1 (the UHI example valid/mean.json)
    assertClose(h.counts({ flow: true }), [0, 3.9000000000000004, 0.6, 0, 0, 0]);
    assertClose(h.values({ flow: true }), [0, 5.6923076923076925, 7.000000000000001, 0, 0, 0]);
    assert.ok(Math.abs(h.storage.field('variances')[1]! - 0.4999999999999996) < 1e-12);
    const m = new Histogram([new RegularAxis(2, 0, 2)], { storage: 'mean' });
    m.fill([0.5, 0.5, 0.5, 1.5], { sample: [1, 2, 3, 10] });
    assertClose(m.values(), [2, 10]);
    assertClose(m.counts(), [3, 1]);
    assert.equal(m.storage.field('variances')[1], 1); // sample variance of 1, 2, 3 (index 0 is underflow)
    assert.ok(Number.isNaN(m.storage.field('variances')[2]!)); // one sample: 0/0, as boost-histogram
    assert.throws(() => m.fill([0.5]), /sample/);
  });

  it('refuses columns of the wrong number or length', () => {
    const h = new Histogram([new RegularAxis(2, 0, 1), new RegularAxis(2, 0, 1)]);
    assert.throws(() => h.fill([[0.5]]), (e: unknown) => FacilityError.is(e) && e.code === 'invalid-input' && /2 axes/.test(e.message));
    assert.throws(() => h.fill([[0.5], [0.5, 0.2]]), /column 1 has 2 entries|has 2 entries/);
  });
});

describe('Histogram merge', () => {
  const kinds: StorageKind[] = ['int', 'double', 'weighted', 'mean', 'weighted_mean'];
  for (const kind of kinds) {
    it(`is commutative and associative on random partials (${kind})`, () => {
      const random = seededRandom(kind.length * 31);
      const axes: Axis[] = [new RegularAxis(8, -2, 2), CategoryAxis.str(['a', 'b', 'c'])];
      const part = (): Histogram => {
        const n = 2000;
        const h = new Histogram(axes, { storage: kind });
        const profile = kind === 'mean' || kind === 'weighted_mean';
        const weighted = kind === 'weighted' || kind === 'weighted_mean';
        h.fill([normals(random, n), Array.from({ length: n }, () => 'abcd'[Math.floor(random() * 4)]!)], {
          weight: weighted ? Float64Array.from({ length: n }, () => random() * 2) : undefined,
          sample: profile ? normals(random, n, 3, 2) : undefined,
        });
        return h;
      };
      const [a, b, c] = [part(), part(), part()];
      const exact = kind === 'int' || kind === 'double';
      const check = exact ? assertSame : assertStorageClose;
      check(merge(a, b), merge(b, a));
      check(merge(merge(a, b), c), merge(a, merge(b, c)));
      // a merge of partials equals one fill of all the data
      if (kind === 'int') {
        const whole = new Histogram(axes, { storage: kind });
        for (const p of [a, b, c]) whole.add(p);
        assert.equal(whole.sum(), 6000);
      }
    });
  }

  it('equals a single pass over all the data', () => {
    const random = seededRandom(5);
    const xs = normals(random, 9000);
    const whole = new Histogram([new RegularAxis(50, -3, 3)]).fill(xs);
    const sum = new Histogram([new RegularAxis(50, -3, 3)]);
    for (let i = 0; i < 9000; i += 3000) sum.add(new Histogram([new RegularAxis(50, -3, 3)]).fill(xs.subarray(i, i + 3000)));
    assertSame(sum, whole);
  });

  it('refuses incompatible axes naming the axis that differs', () => {
    const a = new Histogram([new RegularAxis(10, 0, 1), new RegularAxis(10, 0, 1, { metadata: { name: 'eta' } })]);
    const b = new Histogram([new RegularAxis(10, 0, 1), new RegularAxis(20, 0, 1)]);
    assert.throws(
      () => a.add(b),
      (e: unknown) => FacilityError.is(e) && e.code === 'invalid-input' && /axis 1 \("eta"\) differs: regular\(10, 0, 1.*regular\(20, 0, 1/.test(e.message),
    );
    assert.throws(() => a.add(new Histogram(a.axes, { storage: 'weighted' })), /storages differ/);
  });

  it('unites grown category axes', () => {
    const a = new Histogram([CategoryAxis.str([], { growth: true })]).fill(['x', 'y', 'x']);
    const b = new Histogram([CategoryAxis.str([], { growth: true })]).fill(['z', 'x']);
    a.add(b);
    assert.deepEqual((a.axes[0] as CategoryAxis<string>).categories, ['x', 'y', 'z']);
    assert.deepEqual(Array.from(a.values()), [3, 1, 1]);
  });
});

describe('Histogram project, rebin, slice', () => {
  const random = seededRandom(99);
  const xs = Float64Array.from({ length: 5000 }, () => -0.2 + 1.4 * random());
  const ys = Float64Array.from({ length: 5000 }, () => -0.2 + 1.4 * random());
  const h2 = new Histogram([new RegularAxis(10, 0, 1), new RegularAxis(6, 0, 1)]).fill([xs, ys]);

  it('projects by summing the other axes, flow bins included', () => {
    assertSame(h2.project(0), new Histogram([new RegularAxis(10, 0, 1)]).fill(xs));
    assertSame(h2.project(1), new Histogram([new RegularAxis(6, 0, 1)]).fill(ys));
    const t = h2.project(1, 0);
    assert.deepEqual(t.shape(), [6, 10]);
    assert.equal(t.values()[2 * 10 + 7], h2.values()[7 * 6 + 2]);
  });

  it('rebins by merging neighbours; a remainder goes to overflow', () => {
    const r = h2.rebin(0, 5);
    assertSame(r.project(0), new Histogram([new RegularAxis(2, 0, 1)]).fill(xs));
    const h = new Histogram([new RegularAxis(10, 0, 10)]).fill([0.5, 3.5, 8.5, 9.5, 11]);
    const r3 = h.rebin(0, 3);
    assert.deepEqual((r3.axes[0] as RegularAxis).upper, 9);
    assert.deepEqual(Array.from(r3.values({ flow: true })), [0, 1, 1, 1, 2]);
    assert.throws(() => new Histogram([CategoryAxis.str(['a'])]).rebin(0, 2), /Cannot rebin a category_str axis/);
  });

  it('slices, moving cut bins to the flow bins', () => {
    const h = new Histogram([new RegularAxis(10, 0, 10)]).fill([-1, 0.5, 3.5, 4.5, 8.5, 11]);
    const s = h.slice(0, 3, 6);
    assert.deepEqual([(s.axes[0] as RegularAxis).lower, (s.axes[0] as RegularAxis).upper, s.axes[0]!.bins], [3, 6, 3]);
    assert.deepEqual(Array.from(s.values({ flow: true })), [2, 1, 1, 0, 2]);
    const c = new Histogram([CategoryAxis.str(['a', 'b', 'c'])]).fill(['a', 'b', 'c', 'c']).slice(0, 2, 3);
    assert.deepEqual(Array.from(c.values({ flow: true })), [2, 2]);
  });
});

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-9): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e)) assert.ok(Number.isNaN(a), `bin ${i}: ${a} is not NaN`);
    else assert.ok(Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e)), `bin ${i}: ${a} vs ${e}`);
  }
}

function assertSame(a: Histogram, b: Histogram): void {
  assert.ok(a.axes.every((x, i) => x.equals(b.axes[i]!)));
  for (const [field, x] of Object.entries(a.storage.arrays)) assert.deepEqual(Array.from(x), Array.from(b.storage.arrays[field as 'values']!), field);
}

function assertStorageClose(a: Histogram, b: Histogram): void {
  for (const [field, x] of Object.entries(a.storage.arrays)) assertClose(x, b.storage.arrays[field as 'values']!, 1e-9);
}

describe('Histogram pick', () => {
  it('takes one category of a 2D histogram, leaving out the other categories and the flow bin', () => {
    const h = new Histogram([new RegularAxis(2, 0, 2), CategoryAxis.str(['a', 'b'])]);
    h.fill([[0.5, 0.5, 1.5, 1.5, 5], ['a', 'b', 'b', 'zzz', 'b']]);
    assert.deepEqual(Array.from(h.pick(1, 1).values({ flow: true })), [0, 1, 1, 1]);
    assert.deepEqual(Array.from(h.pick(0, 1).values({ flow: true })), [0, 1, 1]);
    assert.throws(() => h.pick(1, 2), /Cannot pick bin 2 of axis 1/);
  });
});

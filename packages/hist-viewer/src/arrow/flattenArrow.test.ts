import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Field, Float32, Float64, Int64, List, Utf8, vectorFromArray } from 'apache-arrow';
import type { Vector } from 'apache-arrow';
import { FacilityError } from '@afkit/core';
import { CategoryAxis, Histogram, RegularAxis } from '../index.ts';

const jetPt = (rows: ((number | null)[] | null)[]): Vector =>
  vectorFromArray(rows as never, new List(new Field('item', new Float64(), true))) as unknown as Vector;

describe('Histogram.fillArrow', () => {
  it('fills a jagged List column flat, broadcasting per-event weights to each element and skipping nulls', () => {
    const pts = jetPt([[15, 25], [35], null, [], [45, null, 55]]);
    const weights = vectorFromArray([2, 3, 4, 5, 0.5], new Float64());
    const h = new Histogram([new RegularAxis(6, 0, 60)], { storage: 'weighted' });
    h.fillArrow(pts, { weight: weights });
    // event 0 (w=2): 15, 25; event 1 (w=3): 35; event 2 null; event 3 empty; event 4 (w=0.5): 45, 55 (the null skipped)
    assert.deepEqual(Array.from(h.values()), [0, 2, 2, 3, 0.5, 0.5]);
    assert.deepEqual(Array.from(h.variances()), [0, 4, 4, 9, 0.25, 0.25]);
  });

  it('broadcasts a per-event column against a jagged one on a second axis', () => {
    const pts = jetPt([[15, 25], [35]] );
    const sample = vectorFromArray(['ee', 'mumu'], new Utf8());
    const h = new Histogram([new RegularAxis(6, 0, 60), CategoryAxis.str(['ee', 'mumu'])]);
    h.fill([pts, sample]);
    const v = h.values();
    assert.equal(v[1 * 2 + 0], 1);
    assert.equal(v[2 * 2 + 0], 1);
    assert.equal(v[3 * 2 + 1], 1);
    assert.equal(h.sum(), 3);
  });

  it('converts 64-bit integers and Float32, skips null entries of flat columns, and works across chunks', () => {
    const ints = vectorFromArray([1n, 2n, 3n, 2n ** 40n, null], new Int64());
    const h = new Histogram([new RegularAxis(4, 0, 4)]);
    h.fillArrow(ints.concat(vectorFromArray([0n], new Int64())));
    assert.deepEqual(Array.from(h.values({ flow: true })), [0, 1, 1, 1, 1, 1]);
    const floats = vectorFromArray([0.5, null, 3.5], new Float32());
    const w = vectorFromArray([1, 2, null], new Float64());
    const g = new Histogram([new RegularAxis(4, 0, 4)]).fillArrow(floats, { weight: w });
    assert.deepEqual(Array.from(g.values()), [1, 0, 0, 0]);
  });

  it('refuses jagged columns of different lengths and unsupported types', () => {
    const a = jetPt([[1, 2], [3]] );
    const b = jetPt([[1], [3]] );
    const h = new Histogram([new RegularAxis(4, 0, 4), new RegularAxis(4, 0, 4)]);
    assert.throws(() => h.fill([a, b]), (e: unknown) => FacilityError.is(e) && e.code === 'invalid-input' && /disagree in row 0/.test(e.message));
    const nested = vectorFromArray([[[1]]] as never, new List(new Field('item', new List(new Field('x', new Float64())))));
    assert.throws(() => new Histogram([new RegularAxis(4, 0, 4)]).fillArrow(nested), /only lists of primitive values/);
  });
});

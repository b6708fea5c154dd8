import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Field, Float32, List, vectorFromArray } from 'apache-arrow';
import { RegularAxis, IntegerAxis } from '@afkit/hist-viewer';
import { firstAxis } from './histogramBranch.ts';

test('float branches get round bin widths and edges that hold every value of the first batch', () => {
  for (const values of [[3.0010104, 27.5, 149.9], [-2.4, 2.39], [0.001, 0.0042], [100, 100.5], [7, 7]]) {
    const axis = firstAxis(vectorFromArray(Float64Array.from(values)), { type: 'float64', branch: 'x' });
    assert.ok(axis instanceof RegularAxis, String(values));
    const width = (axis.upper - axis.lower) / axis.bins;
    assert.ok(axis.lower <= Math.min(...values) && Math.max(...values) < axis.upper, `${values} in [${axis.lower}, ${axis.upper})`);
    assert.ok(axis.bins >= 20 && axis.bins <= 120, `${axis.bins} bins`);
    assert.ok(Math.abs(axis.lower / width - Math.round(axis.lower / width)) < 1e-6, `edges are multiples of the width ${width}`);
  }
});

test('jagged, 64-bit and boolean branches: elements are scanned, integers get one bin per value', () => {
  const jagged = vectorFromArray([[1.5, 80], [], [40]], new List(new Field('item', new Float32(), false)));
  const axis = firstAxis(jagged, { type: 'var * float32', branch: 'Muon_pt' }) as RegularAxis;
  assert.ok(axis.lower <= 1.5 && axis.upper > 80);
  const counts = firstAxis(vectorFromArray(new BigUint64Array([2n, 5n, 3n])), { type: 'uint64', branch: 'n' });
  assert.ok(counts instanceof IntegerAxis);
  assert.deepEqual([counts.lower, counts.upper], [2, 6]);
  assert.deepEqual([...(firstAxis(vectorFromArray([true, false]), { type: 'bool', branch: 'b' }) as IntegerAxis).edges()], [0, 1, 2]);
  assert.equal(firstAxis(vectorFromArray(new Float64Array([NaN])), { type: 'float64', branch: 'x' }), undefined);
});

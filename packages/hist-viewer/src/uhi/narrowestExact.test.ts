import assert from 'node:assert/strict';
import { test } from 'node:test';
import { narrowestExact } from './narrowestExact.ts';

test('values go to the narrowest typed array that holds every one exactly', () => {
  const cases: [number[], string][] = [
    [[0, 1, 255], 'Uint8Array'],
    [[0, 256, 65535], 'Uint16Array'],
    [[-1, 0, 3], 'Int32Array'],
    [[2 ** 31 - 1, -(2 ** 31)], 'Int32Array'],
    [[2 ** 31], 'Float32Array'], // a power of two is a float32, not an int32
    [[0.5, NaN, -Infinity, 3], 'Float32Array'],
    [[0.1], 'Float64Array'],
    [[2 ** 31 + 1], 'Float64Array'],
    [[1, 2, NaN, 0.1], 'Float64Array'],
  ];
  for (const [values, kind] of cases) {
    const input = Float64Array.from(values);
    const out = narrowestExact(input);
    assert.equal(out.constructor.name, kind, String(values));
    assert.deepEqual([...new Float64Array(out)], [...input], `${values} exactly`);
    assert.notEqual(out.buffer, input.buffer, 'a copy: later fills of the histogram do not change a state being sent');
  }
});

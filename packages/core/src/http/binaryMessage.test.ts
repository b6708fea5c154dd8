import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FacilityError } from '../FacilityError.ts';
import { decodeBinaryMessage, encodeBinaryMessage } from './binaryMessage.ts';

const roundTrip = (value: unknown): unknown => {
  const bytes = encodeBinaryMessage(value);
  // as a WebSocket delivers it: a buffer of its own
  return decodeBinaryMessage(bytes.slice().buffer);
};

test('typed arrays anywhere in a value come back as typed arrays of the same kind and values; the rest as JSON', () => {
  const values = Float64Array.from({ length: 1001 }, (_, i) => (i % 7 === 0 ? NaN : i / 3));
  const value = {
    summary: { name: 'h', seq: 3, title: 'p_T [GeV]' },
    histogram: { axes: [{ type: 'regular', bins: 999 }], storage: { type: 'weighted', values, variances: values.subarray(1, 4) } },
    list: [new Int32Array([-1, 2]), new Uint8Array([255]), new BigUint64Array([2n ** 64n - 1n]), null, 'x'],
  };
  const back = roundTrip(value) as typeof value;
  assert.deepEqual(back.summary, value.summary);
  assert.ok(back.histogram.storage.values instanceof Float64Array);
  assert.deepEqual([...back.histogram.storage.values], [...values], 'NaN and fractions exactly');
  assert.deepEqual([...back.histogram.storage.variances], [values[1], values[2], values[3]], 'a subarray carries only its own elements');
  assert.ok(back.list[0] instanceof Int32Array && back.list[0][0] === -1);
  assert.ok(back.list[1] instanceof Uint8Array && back.list[1][0] === 255);
  assert.ok(back.list[2] instanceof BigUint64Array && back.list[2][0] === 2n ** 64n - 1n);
  assert.deepEqual(back.list.slice(3), [null, 'x']);
  assert.equal(roundTrip(null), null);
  assert.equal(roundTrip('text'), 'text');
});

test('a damaged message is refused with a bad-response error, never read past its end', () => {
  const bytes = encodeBinaryMessage({ values: new Float64Array(100) });
  const refused = (buffer: ArrayBuffer, problem: RegExp): void => {
    assert.throws(() => decodeBinaryMessage(buffer, '/stream'), (e: unknown) => FacilityError.is(e) && e.code === 'bad-response' && problem.test(e.message) && e.where === '/stream');
  };
  refused(new ArrayBuffer(3), /too short/);
  refused(new TextEncoder().encode('{"not":"ours"}').buffer, /not an afkit message/);
  refused(bytes.slice(0, bytes.length - 8).buffer, /cut short in its arrays/);
  refused(bytes.slice(0, 12).buffer, /cut short in its header/);
  const garbled = bytes.slice();
  garbled[9] = 0x7b; // a stray brace inside the header's JSON
  refused(garbled.buffer, /header that is not JSON/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distinctInRuns } from './distinctInRuns.ts';
import { KeyIndex } from './KeyIndex.ts';

// Lanes of (run, luminosityBlock, event low, event high) keys, as the engine lays out CMS keys.
const WIDTH = 4;
const RUN_LANES = 2;

function lanesOf(keys: readonly (readonly [number, number, number])[]): Uint32Array {
  const lanes = new Uint32Array(keys.length * WIDTH);
  keys.forEach(([run, lumi, event], r) => lanes.set([run, lumi, event >>> 0, Math.floor(event / 2 ** 32)], r * WIDTH));
  return lanes;
}

/** `blocks` luminosity blocks of `perBlock` events each, events numbered `event(block, i)`. */
function blocks(count: number, perBlock: number, event: (block: number, i: number) => number): [number, number, number][] {
  const keys: [number, number, number][] = [];
  for (let b = 0; b < count; b++) for (let i = 0; i < perBlock; i++) keys.push([1 + (b >> 4), 1 + b, event(b, i)]);
  return keys;
}

test('keys distinct within each luminosity block, and blocks not revisited, are proven distinct', () => {
  // The same event numbers in every block: distinct keys, since the block differs.
  const keys = blocks(300, 500, (_, i) => (i * 2654435761) % 2 ** 40);
  assert.equal(distinctInRuns(lanesOf(keys), WIDTH, keys.length, RUN_LANES), true);
});

test('a repeated key inside a block, a block that comes back, or no run lanes: not proven', () => {
  const repeated = blocks(40, 200, (b, i) => (b === 17 && i === 150 ? 3 : i));
  assert.equal(distinctInRuns(lanesOf(repeated), WIDTH, repeated.length, RUN_LANES), false);
  // Block 5 again at the end, with events of its own: the keys are distinct, but rows of one block are not together.
  const revisited = [...blocks(10, 100, (_, i) => i), [1, 6, 1000] as [number, number, number]];
  assert.equal(distinctInRuns(lanesOf(revisited), WIDTH, revisited.length, RUN_LANES), false);
  const keys = blocks(3, 10, (_, i) => i);
  assert.equal(distinctInRuns(lanesOf(keys), WIDTH, keys.length, 0), false);
});

test('an index proven distinct by runs counts like a full one, and still answers lookups', () => {
  for (const keys of [blocks(200, 300, (b, i) => b * 7 + i * 13), blocks(50, 100, (b, i) => (b % 9 === 4 && i === 99 ? 0 : i)), [...blocks(20, 50, (_, i) => i), [1, 3, 7] as [number, number, number]]]) {
    const lanes = lanesOf(keys);
    const rows = keys.length;
    const proven = new KeyIndex(lanes, WIDTH, rows, { lookups: false, runLanes: RUN_LANES });
    const full = new KeyIndex(lanes, WIDTH, rows);
    assert.equal(proven.distinct, full.distinct);
    assert.equal(proven.duplicateRows, full.duplicateRows);
    assert.deepEqual(proven.repeats, full.repeats);
    const probes = lanesOf([...keys.slice(0, 500).reverse(), [99, 99, 99]]);
    const probeRows = probes.length / WIDTH;
    const heads = [new Int32Array(probeRows), new Int32Array(probeRows)];
    const again = [new Uint8Array(probeRows), new Uint8Array(probeRows)];
    proven.findAll(probes, probeRows, heads[0]!, again[0]!);
    full.findAll(probes, probeRows, heads[1]!, again[1]!);
    assert.deepEqual(heads[0], heads[1]);
    assert.deepEqual(again[0], again[1]);
    assert.equal(heads[0]![probeRows - 1], -1);
  }
});

import { sameLanes } from './KeyLayout.ts';

/**
 * Proves that the keys of rows [0, rows) are all distinct, cheaply, where rows come in runs that share their leading
 * lanes: HEP files are written luminosity block by luminosity block, so (run, luminosityBlock) changes only between
 * runs of rows and only `event` varies within one. When every run's leading lanes differ from every other run's, two
 * rows can only share a key inside one run, so a small hash table per run (held in the CPU cache) checks each row
 * instead of one table over the whole dataset.
 *
 * `runLanes` is how many leading lanes of a row form its run. Returns false when it cannot prove the keys distinct: a
 * run's leading lanes come back after other runs, or a run repeats a key (the caller then indexes every row, which
 * also lists the repeats).
 */
export function distinctInRuns(lanes: Uint32Array, width: number, rows: number, runLanes: number): boolean {
  if (runLanes <= 0 || runLanes >= width) return false;
  const runs = new RunHeads(lanes, width, runLanes);
  const table = new RowTable(lanes, width, runLanes);
  for (let start = 0; start < rows; ) {
    const end = runEnd(lanes, width, rows, runLanes, start);
    if (!runs.add(start)) return false;
    if (!table.allDistinct(start, end)) return false;
    start = end;
  }
  return true;
}

/** The first row after `start` and before `rows` whose leading `runLanes` lanes differ from its, or `rows`. */
function runEnd(lanes: Uint32Array, width: number, rows: number, runLanes: number, start: number): number {
  const head = start * width;
  let end = start + 1;
  for (let at = end * width; end < rows; end++, at += width) {
    let l = 0;
    while (l < runLanes && lanes[at + l] === lanes[head + l]) l++;
    if (l < runLanes) break;
  }
  return end;
}

function mix(h: number, lane: number): number {
  h = Math.imul(h ^ lane, 0x9e3779b1);
  return h ^ (h >>> 15);
}

/** The first row of every run seen, by its leading lanes: an open-addressing set that grows as runs come. */
class RunHeads {
  private slots = new Int32Array(1024).fill(-1);
  private count = 0;

  constructor(
    private readonly lanes: Uint32Array,
    private readonly width: number,
    private readonly runLanes: number,
  ) {}

  /** Adds the run starting at `row`; false when an earlier run had the same leading lanes. */
  add(row: number): boolean {
    if (this.count * 2 >= this.slots.length) this.grow();
    const found = this.place(this.slots, row);
    if (found !== row) return false;
    this.count++;
    return true;
  }

  /** Puts `row` in `slots` unless a row with its leading lanes is there; returns the row now holding them. */
  private place(slots: Int32Array, row: number): number {
    const { lanes, width, runLanes } = this;
    const mask = slots.length - 1;
    let h = 0;
    for (let l = 0; l < runLanes; l++) h = mix(h, lanes[row * width + l]!);
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const held = slots[slot]!;
      if (held < 0) {
        slots[slot] = row;
        return row;
      }
      if (sameLanes(lanes, held * width, lanes, row * width, runLanes)) return held;
    }
  }

  private grow(): void {
    const bigger = new Int32Array(this.slots.length * 2).fill(-1);
    for (const row of this.slots) if (row >= 0) this.place(bigger, row);
    this.slots = bigger;
  }
}

/**
 * A hash set of rows within one run, keyed by the lanes after the run's: slots are stamped with the run they belong
 * to, so a new run starts without clearing the table.
 */
class RowTable {
  /** Per slot: where the held row's lanes after the run's begin. */
  private keyAt = new Int32Array(0);
  private stamps = new Int32Array(0);
  private stamp = 0;

  constructor(
    private readonly lanes: Uint32Array,
    private readonly width: number,
    private readonly firstLane: number,
  ) {}

  /** Whether rows [start, end) hold distinct values in lanes `firstLane` to `width`. */
  allDistinct(start: number, end: number): boolean {
    let size = 16;
    while (size < (end - start) * 2) size *= 2;
    if (size > this.keyAt.length) {
      this.keyAt = new Int32Array(size);
      this.stamps = new Int32Array(size);
    }
    const { lanes, width, firstLane, keyAt, stamps } = this;
    const stamp = ++this.stamp;
    const mask = size - 1;
    const tail = width - firstLane;
    for (let at = start * width + firstLane, last = end * width; at < last; at += width) {
      let h = 0;
      for (let l = 0; l < tail; l++) h = mix(h, lanes[at + l]!);
      for (let slot = h & mask; ; slot = (slot + 1) & mask) {
        if (stamps[slot] !== stamp) {
          stamps[slot] = stamp;
          keyAt[slot] = at;
          break;
        }
        if (sameLanes(lanes, keyAt[slot]!, lanes, at, tail)) return false;
      }
    }
    return true;
  }
}

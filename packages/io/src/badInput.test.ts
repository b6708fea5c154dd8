import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays } from 'apache-arrow';
import { FacilityError } from '@afkit/core';
import { openTable, listTrees, writeArrowIpc } from './index.ts';
import { HEP_DATA, skipWithoutData } from './testData.ts';

/** Longest any one bad file may take to be refused; a hang fails the test instead of stalling it. */
const PER_FILE_LIMIT_MS = 20_000;

type Outcome = { ok: true; entries: number } | { ok: false; error: FacilityError };

/**
 * Opens every table of a file and reads every readable column, as a browser preview and a histogram fill would, and
 * the last column alone (readers fetch only a selection's bytes, a path of its own).
 */
async function readEverything(path: string): Promise<Outcome> {
  const work = (async (): Promise<Outcome> => {
    try {
      let entries = 0;
      for (const tree of await listTrees(path)) {
        const table = await openTable(path, tree.name ? { tree: tree.name } : {});
        try {
          const last = table.schema.fields.at(-1)?.name;
          // Both reads run whatever the other does, so that each path meets every mutant; the first failure is the outcome.
          let failure: unknown;
          for (const columns of last === undefined ? [undefined] : [undefined, [last]]) {
            try {
              for await (const batch of table.read({ columns, batchSize: 4096 })) if (!columns) entries += batch.numRows;
            } catch (error) {
              failure ??= error;
            }
          }
          if (failure) throw failure;
        } finally {
          await table.close();
        }
      }
      return { ok: true, entries };
    } catch (error) {
      if (!FacilityError.is(error)) throw new Error(`${path}: threw a non-FacilityError: ${String(error)}`, { cause: error });
      return { ok: false, error };
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${path}: still reading after ${PER_FILE_LIMIT_MS} ms (hang)`)), PER_FILE_LIMIT_MS);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** A refusal must be a FacilityError that names the file, says what is wrong and what to do. */
function assertNamed(outcome: Outcome, path: string, codes: readonly string[] = ['invalid-input', 'unsupported', 'not-found']): void {
  if (outcome.ok) return;
  const e = outcome.error;
  assert.equal(e.where, path);
  assert.ok(e.message.includes(path), e.message);
  assert.ok(codes.includes(e.code), `${e.code}: ${e.message}`);
  assert.ok(e.hint);
}

/** Seeded PRNG (mulberry32): fuzz cases are the same on every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'afkit-io-bad-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Small real files of every format (the Arrow one generated here, so it exists without the shared data too). */
async function samples(dir: string): Promise<Map<string, Buffer>> {
  const arrow = join(dir, 'generated.arrow');
  const n = 5000;
  await writeArrowIpc(arrow, tableFromArrays({ run: new Int32Array(n).fill(1), event: BigUint64Array.from({ length: n }, (_, i) => BigInt(i)), x: Float64Array.from({ length: n }, Math.random) }).batches);
  const files = new Map([['generated.arrow', await readFile(arrow)]]);
  if (!skipWithoutData) {
    for (const name of ['uproot-HZZ-zlib.root', 'uproot-HZZ-lz4.root', 'uproot-HZZ-lzma.root', 'uproot-HZZ-zstd.root', 'uproot-HZZ-uncompressed.root', 'uproot-Zmumu.root', 'nano_dy.parquet']) {
      files.set(name, await readFile(join(HEP_DATA, name)));
    }
  }
  return files;
}

test('missing file, directory, empty file, wrong magic and random bytes are refused with typed errors naming the file', async () => {
  await withDir(async (dir) => {
    const cases: [string, string | Buffer | null, string][] = [
      ['missing.root', null, 'not-found'],
      ['folder.root', 'dir', 'invalid-input'],
      ['empty.root', Buffer.alloc(0), 'invalid-input'],
      ['magic.root', Buffer.from('rooX' + 'x'.repeat(400)), 'invalid-input'],
      ['json.parquet', Buffer.from('{"not": "parquet"}'), 'invalid-input'],
    ];
    const random = rng(7);
    for (let k = 0; k < 10; k++) {
      const bytes = Buffer.from(Array.from({ length: 64 + Math.floor(random() * 5000) }, () => Math.floor(random() * 256)));
      if (k % 3 === 0) bytes.write('root', 0);
      if (k % 3 === 1) bytes.write('PAR1', 0);
      cases.push([`random${k}.bin`, bytes, 'invalid-input']);
    }
    for (const [name, content, code] of cases) {
      const path = join(dir, name);
      if (content === 'dir') await mkdir(path);
      else if (content) await writeFile(path, content);
      const outcome = await readEverything(path);
      assert.equal(outcome.ok, false, `${name} was read`);
      assertNamed(outcome, path, [code]);
    }
  });
});

test('truncated files (every format, many offsets) are refused with typed errors naming the file', async () => {
  await withDir(async (dir) => {
    for (const [name, bytes] of await samples(dir)) {
      const cuts = [1, 3, 8, 40, 100, 300, 1000].concat(Array.from({ length: 12 }, (_, k) => Math.floor(((k + 1) * bytes.length) / 13)), [bytes.length - 100, bytes.length - 1]);
      for (const cut of cuts) {
        const path = join(dir, `cut${cut}-${name}`);
        await writeFile(path, bytes.subarray(0, cut));
        const outcome = await readEverything(path);
        assert.equal(outcome.ok, false, `${name} cut at ${cut} of ${bytes.length} was read`);
        assertNamed(outcome, path);
      }
    }
  });
});

test('flipped bytes and a bounded seeded fuzz of mutated real files: every outcome is data or a typed error, never a hang or crash', async () => {
  await withDir(async (dir) => {
    const files = [...(await samples(dir))];
    const random = rng(20261122);
    const started = Date.now();
    let cases = 0;
    let refused = 0;
    // Bounded: at most 300 mutants or 25 s, whichever comes first.
    while (cases < 300 && Date.now() - started < 25_000) {
      const [name, original] = files[cases % files.length]!;
      const bytes = Buffer.from(original);
      const kind = cases % 4;
      if (kind === 0) {
        for (let k = 0; k < 1 + Math.floor(random() * 8); k++) {
          const at = Math.floor(random() * bytes.length);
          bytes[at] = bytes[at]! ^ (1 << Math.floor(random() * 8));
        }
      }
      else if (kind === 1) {
        const at = Math.floor(random() * bytes.length);
        bytes.fill(Math.floor(random() * 256), at, at + 1 + Math.floor(random() * 64));
      } else if (kind === 2) {
        const at = Math.floor(random() * (bytes.length - 8));
        bytes.writeInt32BE(Math.floor(random() * 2 ** 31) * (random() < 0.5 ? -1 : 1), at);
      } else {
        const from = Math.floor(random() * bytes.length);
        const to = Math.floor(random() * bytes.length);
        bytes.copy(bytes, to, from, from + Math.floor(random() * 256));
      }
      const path = join(dir, `fuzz${cases}-${name}`);
      await writeFile(path, bytes);
      const outcome = await readEverything(path);
      assertNamed(outcome, path);
      if (!outcome.ok) refused++;
      await rm(path);
      cases++;
    }
    assert.ok(cases >= 100, `only ${cases} fuzz cases ran`);
    assert.ok(refused > 0, 'some mutants must be refused');
  });
});

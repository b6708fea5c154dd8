import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Field, Float32, Float64, Int32, List, Table, Uint32, Uint64, makeVector, vectorFromArray } from 'apache-arrow';
import type { DataType } from 'apache-arrow';
import { openTable } from '@afkit/io';
import { show, tempDir } from '../testing/testData.ts';
import { ParquetFileWriter } from './ParquetFileWriter.ts';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true, force: true }));

test('writes exact 64-bit keys, nullable floats and jagged lists that the Parquet reader reads back equal', async () => {
  const table = new Table({
    run: makeVector({ type: new Uint32(), data: Uint32Array.of(1, 4294967295, 7) }),
    event: makeVector({ type: new Uint64(), data: BigUint64Array.of(0n, (1n << 64n) - 1n, (1n << 63n) + 1n) }),
    x: vectorFromArray([1.5, null, -2], new Float64() as DataType),
    n: vectorFromArray([-3, 0, 2147483647], new Int32() as DataType),
    jets: vectorFromArray([[1.5, 2.5], null, []], new List(new Field('item', new Float32(), true)) as DataType),
  });
  const path = join(dir, 'out.parquet');
  const writer = new ParquetFileWriter(path, table.schema);
  for (const batch of table.batches) await writer.write(batch);
  await writer.close();
  const source = await openTable(path);
  const rows: string[] = [];
  for await (const batch of source.read()) {
    for (let i = 0; i < batch.numRows; i++) rows.push(['run', 'event', 'x', 'n', 'jets'].map((c) => show(batch.getChild(c)!.get(i))).join('|'));
  }
  await source.close();
  assert.deepEqual(rows, ['1|0|1.5|-3|[1.5,2.5]', '4294967295|18446744073709551615|null|0|null', '7|9223372036854775809|-2|2147483647|[]']);
});

test('a join written as Parquet holds the same rows as the same join written as Arrow', async () => {
  const { runJoin } = await import('../runJoin.ts');
  const { readOutputRows, writeRows } = await import('../testing/testData.ts');
  const rows = Array.from({ length: 30 }, (_, i) => ({ run: 1n, lumi: 2n, event: (1n << 63n) + BigInt(i), x: i % 4 ? i : null, j: [i, i + 1] }));
  writeRows(join(dir, 'p.arrow'), rows, { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  writeRows(join(dir, 'f.arrow'), [...rows].reverse().slice(3), { run: 'uint32', lumi: 'uint32', event: 'uint64' });
  const plan = (format: string) => ({ version: 1, primary: { files: [join(dir, 'p.arrow')] }, friends: [{ name: 'f', files: [join(dir, 'f.arrow')], columns: ['x', 'j'] }], output: { dir: join(dir, format), format } });
  await runJoin(plan('arrow'));
  await runJoin(plan('parquet'));
  const source = await openTable(join(dir, 'parquet', 'f', '0000_p.parquet'));
  const got: string[] = [];
  for await (const batch of source.read()) {
    for (let i = 0; i < batch.numRows; i++) got.push(['run', 'luminosityBlock', 'event', 'x', 'j'].map((c) => show(batch.getChild(c)!.get(i))).join('|'));
  }
  await source.close();
  assert.equal(got.length, 30);
  assert.deepEqual(got, readOutputRows(join(dir, 'arrow', 'f'), ['run', 'luminosityBlock', 'event', 'x', 'j']));
});

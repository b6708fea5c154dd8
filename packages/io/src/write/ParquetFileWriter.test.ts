import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Field, Float32, Float64, Int32, List, Table, Uint32, Uint64, makeVector, vectorFromArray } from 'apache-arrow';
import type { DataType } from 'apache-arrow';
import { openTable } from '../openTable.ts';
import { show, tempDir } from '../testData.ts';
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


import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Field, Float64, RecordBatch, Schema, Struct, makeData, tableFromIPC } from 'apache-arrow';
import { FacilityError } from '@afkit/core';
import { ArrowFileWriter } from './ArrowFileWriter.ts';

const fields = [new Field('x', new Float64(), false)];
const schema = new Schema(fields);
const ROWS = 1 << 19;
/** A 4 MB batch of its own buffers, as a join makes each batch afresh. */
const batch = (fill: number) => new RecordBatch(schema, makeData({ type: new Struct(fields), length: ROWS, children: [makeData({ type: new Float64(), length: ROWS, data: new Float64Array(ROWS).fill(fill) })] }));

test('the Arrow writer waits for a slow disk: it holds a bounded number of batches, not the whole output', { skip: existsSync('/usr/bin/mkfifo') ? false : 'mkfifo is not installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'afkit-writer-'));
  try {
    // A pipe is a disk that takes bytes only when its reader reads them (64 KB at most before).
    const fifo = join(dir, 'slow.arrow');
    execFileSync('mkfifo', [fifo]);
    const [reader, writer] = await Promise.all([open(fifo, 'r'), ArrowFileWriter.open(fifo, schema)]);
    try {
      // 40 batches of 4 MB: the writer must stop taking them long before the 40th while nothing is read.
      const batches = 40;
      let accepted = 0;
      let blocked: Promise<void> | undefined;
      while (accepted < batches) {
        const write = writer.write(batch(accepted));
        const waits = await Promise.race([write.then(() => false), sleep(300).then(() => true)]);
        accepted++;
        if (waits) {
          blocked = write;
          break;
        }
      }
      assert.ok(blocked, `the writer took all ${batches} batches (160 MB) while the disk took 64 KB: nothing bounds what it holds`);
      assert.ok(accepted <= 20, `the writer took ${accepted} batches of 4 MB before waiting for the disk`);
      const read: Buffer[] = [];
      const reading = (async () => {
        for (;;) {
          const chunk = Buffer.alloc(1 << 20);
          const { bytesRead } = await reader.read(chunk, 0, chunk.length, null);
          if (bytesRead === 0) return;
          read.push(chunk.subarray(0, bytesRead));
        }
      })();
      await blocked;
      await writer.write(batch(accepted));
      await writer.close();
      await reading;
      const x = tableFromIPC(Buffer.concat(read)).getChild('x')!;
      assert.equal(x.length, (accepted + 1) * ROWS);
      for (let b = 0; b <= accepted; b++) assert.equal(x.get(b * ROWS + 7), b, `batch ${b}`);
    } finally {
      await reader.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the Arrow writer names the file and the cause when the disk is full', { skip: existsSync('/dev/full') ? false : 'no /dev/full here' }, async () => {
  const full = await ArrowFileWriter.open('/dev/full', schema);
  await full.write(batch(1));
  await assert.rejects(
    full.close(),
    (e: unknown) => FacilityError.is(e) && e.code === 'backend' && e.message.startsWith('/dev/full: could not be written') && /ENOSPC/.test(e.message) && /space/.test(e.hint ?? ''),
  );
});

test('an Arrow file written with no batch still holds its schema', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'afkit-writer-'));
  try {
    const path = join(dir, 'empty.arrow');
    await (await ArrowFileWriter.open(path, schema)).close();
    const table = tableFromIPC(readFileSync(path));
    assert.equal(table.numRows, 0);
    assert.deepEqual(table.schema.fields.map((f) => f.name), ['x']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { FacilityError } from '@afkit/core';
import { openTable } from '../index.ts';
import { columnValues, HEP_DATA, skipWithoutData } from '../testData.ts';

/** A real HTTP server on 127.0.0.1: `/ranged/NAME` honours Range, `/plain/NAME` ignores it, `/missing` 404s, `/broken` 500s. */
async function startServer(): Promise<{ server: Server; base: string }> {
  const server = createServer(async (req, res) => {
    const [, mode, name] = (req.url ?? '').split('/');
    if (mode === 'missing') return void res.writeHead(404).end('not here');
    if (mode === 'broken') return void res.writeHead(500).end('oops');
    const body = await readFile(`${HEP_DATA}/${name}`);
    const range = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
    if (mode === 'ranged' && range) {
      const start = Number(range[1]);
      const end = Math.min(Number(range[2]), body.length - 1);
      res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${body.length}`, 'content-length': end - start + 1 });
      return void res.end(body.subarray(start, end + 1));
    }
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

test('HTTP(S) range reads: ROOT and Parquet over HTTP equal the local files; 404, 500 and no-range servers give typed errors', { skip: skipWithoutData }, async () => {
  const { server, base } = await startServer();
  try {
    for (const [name, columns] of [
      ['uproot-HZZ-zlib.root', ['NJet', 'Jet_Px', 'EventWeight']],
      ['nano_dimuon.parquet', ['event', 'Muon_pt']],
    ] as const) {
      const remote = await openTable(`${base}/ranged/${name}`);
      const local = await openTable(`${HEP_DATA}/${name}`);
      try {
        assert.equal(remote.path, `${base}/ranged/${name}`);
        assert.equal(remote.numEntries, local.numEntries);
        assert.deepEqual(await columnValues(remote.read({ columns })), await columnValues(local.read({ columns })));
      } finally {
        await remote.close();
        await local.close();
      }
    }
    const expect = (url: string, code: string) =>
      assert.rejects(openTable(url), (e: unknown) => FacilityError.is(e) && e.code === code && e.where === url && e.message.includes(url) && !!e.hint);
    await expect(`${base}/missing/x.root`, 'not-found');
    await expect(`${base}/broken/x.root`, 'backend');
    await expect(`${base}/plain/uproot-HZZ.root`, 'unsupported');
    await expect(`http://127.0.0.1:1/nothing.root`, 'unreachable');
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

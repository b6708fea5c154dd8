// The Joins service through the RPC bridge, as a VS Code webview uses it: the extension host serves an HttpFacility,
// the webview holds a proxy. Progress callbacks and cancellation must cross the bridge and reach the engine.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { tableFromIPC } from 'apache-arrow';
import { FACILITY_CHANNEL, FacilityError, HttpFacility, connectRpc, serveRpc, type Facility, type JoinProgressEvent, type RpcEndpoint } from '@afkit/core';
import { LocalFacility } from '@afkit/local-facility';
import { joinsFeature } from '../../packages/local-facility/src/joins/joinsFeature.ts';
import { events, serveFiles, shuffled, tempDir, writeEvents, type FileServer } from './joinsTestData.ts';

function endpoint(port: MessagePort): RpcEndpoint {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage(handler) {
      port.on('message', handler);
      return () => port.off('message', handler);
    },
  };
}

const dir = tempDir();
let facility: LocalFacility;
let files: FileServer;
let remote: Facility;
const stops: (() => void)[] = [];

before(async () => {
  facility = await LocalFacility.start({ features: [joinsFeature()] });
  files = await serveFiles(dir);
  const { port1, port2 } = new MessageChannel();
  stops.push(serveRpc(new HttpFacility({ url: facility.url, token: facility.token }), endpoint(port1), { channel: FACILITY_CHANNEL }));
  const connection = connectRpc<Facility>(endpoint(port2), { channel: FACILITY_CHANNEL });
  remote = connection.remote;
  stops.push(() => connection.dispose(), () => port1.close());
});
after(async () => {
  for (const stop of stops.reverse()) stop();
  await files.close();
  await facility.close();
  rmSync(dir, { recursive: true, force: true });
});

test('run through the bridge: progress callbacks arrive, the report and preview bytes come back', async () => {
  const rows = events(80);
  const primary = writeEvents(join(dir, 'p.arrow'), rows);
  const friend = writeEvents(join(dir, 'f.arrow'), shuffled(rows));
  const progress: JoinProgressEvent[] = [];
  const plan = { version: 1, primary: { files: [primary] }, friends: [{ name: 'f', files: [friend], columns: ['x'] }], output: { dir: join(dir, 'out') } };
  const { run, report } = await remote.joins.run(plan, { onProgress: (p) => progress.push(p) });
  assert.ok(progress.some((p) => p.phase === 'join' && p.done === p.total));
  assert.equal((report as { friends: { proof: { verifiedRows: number } }[] }).friends[0]!.proof.verifiedRows, 80);
  const bytes = await remote.joins.preview({ runId: run.id }, { limit: 5 });
  assert.ok(bytes instanceof Uint8Array);
  assert.deepEqual([...tableFromIPC(bytes).getChild('event')!.toArray()], rows.slice(0, 5).map((r) => r.event));
});

test('aborting the signal on the webview side cancels the join in the facility and keeps no output', async () => {
  const rows = events(60);
  const primary = writeEvents(join(dir, 'q.arrow'), rows);
  writeEvents(join(dir, 'slow.arrow'), rows, { batchRows: 20 });
  const out = join(dir, 'cancelled');
  const parked = files.hold('slow.arrow');
  const controller = new AbortController();
  const plan = { version: 1, primary: { files: [primary] }, friends: [{ name: 's', files: [`${files.url}/slow.arrow`], columns: ['x'] }], output: { dir: out } };
  const running = remote.joins.run(plan, { signal: controller.signal });
  await parked;
  controller.abort();
  await assert.rejects(running, (e: unknown) => FacilityError.is(e) && e.code === 'cancelled');
  let state = 'running';
  for (let i = 0; i < 100 && state === 'running'; i++) {
    state = (await remote.joins.listRuns()).find((r) => r.outputDir === out)?.state ?? 'missing';
    if (state === 'running') await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(state, 'cancelled');
  assert.deepEqual(existsSync(out) ? readdirSync(out) : [], [], 'nothing is left in the output folder');
});

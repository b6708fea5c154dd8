import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderToString } from 'react-dom/server';
import { clientCode, type ClusterModel, type ClustersService, type HostApi } from '@afkit/core';
import { ClusterCard } from './ClusterCard.tsx';

const cluster: ClusterModel = {
  name: '0123456789abcdef0123456789abcdef',
  status: 'running',
  backend: 'local',
  schedulerAddress: 'tcp://127.0.0.1:8786',
  workers: 2,
  requestedWorkers: 3,
  threads: 4,
  memory: 2 * 2 ** 30,
  gpus: 1,
  adapt: { minimum: 1, maximum: 5 },
  options: {},
  events: [{ time: 0, level: 'warning', message: 'Worker w1 died (killed by SIGKILL); starting a replacement.' }],
};

test('a cluster card shows status, workers, threads, memory, GPUs, adapt range, the last event and its actions', () => {
  const html = renderToString(<ClusterCard cluster={cluster} clusters={{} as ClustersService} host={{} as HostApi} onOpenDashboard={() => {}} />);
  for (const text of ['running', '2 → 3', '2.0 GiB', '1–5', 'died', 'Dashboard', 'Copy client code', 'Insert into notebook', 'Stop']) {
    assert.ok(html.includes(text), `missing ${text}`);
  }
});

test('client code connects to the scheduler address', () => {
  assert.equal(clientCode('tcp://127.0.0.1:8786'), 'from dask.distributed import Client\nclient = Client("tcp://127.0.0.1:8786")');
});

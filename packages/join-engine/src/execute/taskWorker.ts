// Worker thread entry: runs each FileTask, friend file spread or scan job posted to it, one at a time, or a whole validation or join
// (`ownThread`), and posts WorkerMessages back.
import { parentPort } from 'node:worker_threads';
import { FacilityError } from '@afkit/core';
import { openTable, openTableWriter } from '@afkit/io';
import type { JoinProgress } from '../JoinOptions.ts';
import { runJoin } from '../runJoin.ts';
import { runScanJob } from '../validate/ScanJob.ts';
import { validateJoin } from '../validate/validateJoin.ts';
import { joinFile } from './joinFile.ts';
import { spreadFile } from './spreadFile.ts';
import type { WorkerMessage, WorkerRequest } from './runTasks.ts';

const post = (message: WorkerMessage) => parentPort!.postMessage(message);
const fail = (error: unknown) => post({ type: 'error', error: FacilityError.from(error).toJSON() });
parentPort!.on('message', (request: WorkerRequest) => {
  if (request.type === 'join') {
    const { mode, plan, rowsPerWorker, spreadAbove } = request;
    const options = { ...(rowsPerWorker ? { rowsPerWorker } : {}), ...(spreadAbove !== undefined ? { spreadAbove } : {}), onProgress: (progress: JoinProgress) => post({ type: 'progress', progress }) };
    (mode === 'run' ? runJoin(plan, options) : validateJoin(plan, options)).then((report) => post({ type: 'joined', report }), fail);
    return;
  }
  if (request.type === 'spread') {
    spreadFile(request.task, { open: openTable, onRows: (rows) => post({ type: 'rows', rows }) }).then(() => post({ type: 'done' }), fail);
    return;
  }
  if (request.type !== 'task') {
    try {
      post({ type: 'answered', answer: runScanJob(request) });
    } catch (error) {
      fail(error);
    }
    return;
  }
  const { task } = request;
  joinFile(task, {
    open: openTable,
    openWriter: (path, schema) => openTableWriter(task.plan.output.format, path, schema, { tree: task.plan.output.tree }),
    onRows: (rows) => post({ type: 'rows', rows }),
  }).then(
    (result) => post({ type: 'done', result }),
    fail,
  );
});

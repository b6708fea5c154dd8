// Worker thread entry: runs each FileTask or scan job posted to it, one at a time, and posts WorkerMessages back.
import { parentPort } from 'node:worker_threads';
import { FacilityError } from '@afkit/core';
import { openTable, openTableWriter } from '@afkit/io';
import { runScanJob } from '../validate/ScanJob.ts';
import { joinFile } from './joinFile.ts';
import type { WorkerMessage, WorkerRequest } from './runTasks.ts';

const post = (message: WorkerMessage) => parentPort!.postMessage(message);
const fail = (error: unknown) => post({ type: 'error', error: FacilityError.from(error).toJSON() });
parentPort!.on('message', (request: WorkerRequest) => {
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

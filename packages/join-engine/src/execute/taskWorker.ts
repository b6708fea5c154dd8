// Worker thread entry: runs each FileTask posted to it, one at a time, and posts WorkerMessages back.
import { parentPort } from 'node:worker_threads';
import { FacilityError } from '@afkit/core';
import { openTable, openTableWriter } from '@afkit/io';
import type { FileTask } from './FileTask.ts';
import { joinFile } from './joinFile.ts';
import type { WorkerMessage } from './runTasks.ts';

const post = (message: WorkerMessage) => parentPort!.postMessage(message);
parentPort!.on('message', (task: FileTask) => {
  joinFile(task, {
    open: openTable,
    openWriter: (path, schema) => openTableWriter(task.plan.output.format, path, schema, { tree: task.plan.output.tree }),
    onRows: (rows) => post({ type: 'rows', rows }),
  }).then(
    (result) => post({ type: 'done', result }),
    (error: unknown) => post({ type: 'error', error: FacilityError.from(error).toJSON() }),
  );
});

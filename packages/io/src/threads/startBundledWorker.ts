import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread for a module of an engine. From source (tests, the CLI and benchmarks under tsx) the worker runs
 * `source`, resolved against `caller` (the starting module's `import.meta.url`), after registering tsx's loader, since
 * loader hooks do not reach worker threads by themselves. In a bundle (the facility's, the VS Code extension's) the
 * worker is the bundle named `bundle`, beside the calling one and with its extension: host builds emit it there.
 */
export function startBundledWorker(caller: string, source: string, bundle: string): Worker {
  if (caller.endsWith('.ts')) {
    const entry = new URL(source, caller).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
  }
  return new Worker(new URL(`./${bundle}${caller.slice(caller.lastIndexOf('.'))}`, caller));
}

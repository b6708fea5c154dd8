import type { BuildOptions } from 'esbuild';

/** Join worker threads load join-task-worker.mjs beside the bundle that starts them (join-engine's TASK_WORKER_BUNDLE). */
export const JOIN_WORKER_ENTRY: Record<string, string>;
/** esbuild options for bundles that run afkit's engines in Node.js as the facility ships them. */
export const nodeBundleOptions: BuildOptions;

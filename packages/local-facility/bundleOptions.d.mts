import type { BuildOptions } from 'esbuild';

/** The bundles that worker threads load from beside the bundle that starts them (join workers, basket-decoding threads). */
export const WORKER_ENTRIES: Record<string, string>;
/** esbuild options for bundles that run afkit's engines in Node.js as the facility ships them. */
export const nodeBundleOptions: BuildOptions;

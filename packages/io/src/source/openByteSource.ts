import type { ByteSource } from './ByteSource.ts';
import { HttpSource } from './HttpSource.ts';
import { LocalFileSource } from './LocalFileSource.ts';

/** Opens a path or an http(s) URL for random access. */
export function openByteSource(path: string, signal?: AbortSignal): Promise<ByteSource> {
  return /^https?:\/\//i.test(path) ? HttpSource.open(path, signal) : LocalFileSource.open(path);
}

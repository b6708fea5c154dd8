import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { glob } from 'tinyglobby';
import { FacilityError, type DatasetFile, type DatasetProgress, type DatasetSpec, type DatasetSummary } from '@afkit/core';
import { openTable } from '@afkit/io';
import { DatasetRoots } from './DatasetRoots.ts';
import { formatOf } from './formatOf.ts';

/** More files than this in one dataset is almost surely a mistaken glob. */
const MAX_FILES = 10_000;

/** The files of a dataset spec, each confined to the served folders (or a URL); sorted for folders and globs. */
export async function resolveSpec(roots: DatasetRoots, spec: DatasetSpec): Promise<string[]> {
  if (typeof spec !== 'object' || spec === null) throw new FacilityError('invalid-input', 'A dataset is a {folder}, a {glob} or a {files} list.');
  if ('files' in spec) {
    if (!Array.isArray(spec.files) || spec.files.length === 0) throw new FacilityError('invalid-input', 'The dataset lists no files.');
    if (spec.files.length > MAX_FILES) throw new FacilityError('invalid-input', `A dataset of ${spec.files.length} files is more than afkit opens at once (${MAX_FILES}).`);
    // Confining first means a refused path fails the whole call (403) instead of showing up as a file error.
    return Promise.all(spec.files.map((f) => roots.confine(f)));
  }
  if ('folder' in spec) {
    const folder = await roots.confine(spec.folder);
    const names = await readdir(folder).catch(() => {
      throw new FacilityError('invalid-input', `${spec.folder} is not a readable folder.`, { where: spec.folder });
    });
    const files = names.filter((n) => formatOf(n) && !n.startsWith('.')).sort().map((n) => join(folder, n));
    if (files.length === 0) throw new FacilityError('not-found', `${spec.folder} holds no ROOT, Parquet or Arrow files.`, { where: spec.folder });
    return files;
  }
  if ('glob' in spec && typeof spec.glob === 'string') {
    const base = staticBase(spec.glob);
    const folder = await roots.confine(base);
    if (spec.glob.split(/[\\/]/).includes('..')) await roots.confine(spec.glob);
    const pattern = spec.glob.slice(base.length).replace(/^[\\/]+/, '');
    const found = await glob(pattern, { cwd: folder, absolute: true, onlyFiles: true, followSymbolicLinks: false });
    if (found.length === 0) throw new FacilityError('not-found', `No file matches ${spec.glob}.`, { where: spec.glob });
    if (found.length > MAX_FILES) throw new FacilityError('invalid-input', `${spec.glob} matches ${found.length} files, more than afkit opens at once (${MAX_FILES}).`);
    return Promise.all(found.sort().map((f) => roots.confine(f)));
  }
  throw new FacilityError('invalid-input', 'A dataset is a {folder}, a {glob} or a {files} list.');
}

/** The folder part of a glob before its first wildcard. */
function staticBase(pattern: string): string {
  const wild = pattern.search(/[*?[\]{}!]/);
  if (wild < 0) return dirname(pattern);
  const cut = pattern.slice(0, wild);
  return cut.endsWith('/') ? cut.slice(0, -1) || '/' : dirname(cut);
}

/**
 * Opens every file of a dataset and sums what is readable. A file that cannot be read is kept with its error;
 * the call fails only when cancelled or when the spec itself is refused.
 */
export async function openDataset(
  roots: DatasetRoots,
  spec: DatasetSpec,
  onProgress: (progress: DatasetProgress) => void,
  signal: AbortSignal,
): Promise<DatasetSummary> {
  const paths = await resolveSpec(roots, spec);
  const files: DatasetFile[] = [];
  for (const [index, path] of paths.entries()) {
    if (signal.aborted) throw new FacilityError('cancelled', 'Opening the dataset was cancelled.');
    onProgress({ done: index, total: paths.length, unit: 'files', file: path });
    files.push(await openFile(path, spec.tree, signal));
  }
  onProgress({ done: paths.length, total: paths.length, unit: 'files' });
  const readable = files.filter((f) => f.status === 'ok');
  return {
    spec,
    files,
    totalEntries: readable.reduce((n, f) => n + (f.entries ?? 0), 0),
    totalBytes: files.reduce((n, f) => n + (f.bytes ?? 0), 0),
    readableFiles: readable.length,
  };
}

async function openFile(path: string, tree: string | undefined, signal: AbortSignal): Promise<DatasetFile> {
  const bytes = DatasetRoots.isUrl(path) ? undefined : await stat(path).then((s) => s.size, () => undefined);
  try {
    const table = await openTable(path, { tree, signal });
    try {
      return { path, status: 'ok', format: table.format, bytes, tree: table.tree ?? '', entries: table.numEntries };
    } finally {
      await table.close();
    }
  } catch (error) {
    const failure = FacilityError.from(error);
    if (failure.code === 'cancelled') throw failure;
    return { path, status: 'error', format: formatOf(path), bytes, error: failure.toJSON() };
  }
}

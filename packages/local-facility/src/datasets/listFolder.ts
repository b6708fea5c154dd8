import { readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FacilityError, type DatasetEntry, type DatasetSource, type FolderListing } from '@afkit/core';
import type { DatasetRoots } from './DatasetRoots.ts';
import { formatOf } from './formatOf.ts';

/** A listing stops here; a folder of more entries is shown truncated rather than freezing the panel. */
const MAX_ENTRIES = 5_000;

/** Lists one folder of a source: sub-folders first, then files with sizes and formats; hidden entries are left out. */
export async function listFolder(roots: DatasetRoots, source: DatasetSource, path: string | undefined, signal?: AbortSignal): Promise<FolderListing> {
  if (source.kind === 'url') throw new FacilityError('invalid-input', 'The URL source has no folders: open a URL as a dataset instead.');
  const folder = await roots.confine(path ?? source.path, source);
  const dirents = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOTDIR') throw new FacilityError('invalid-input', `${path} is a file, not a folder.`, { where: path });
    throw new FacilityError('forbidden', `Cannot read the folder ${path}: ${error.code ?? error.message}.`, { where: path, retryable: false });
  });
  const visible = dirents.filter((d) => !d.name.startsWith('.'));
  const entries: DatasetEntry[] = [];
  for (const dirent of visible.slice(0, MAX_ENTRIES)) {
    if (signal?.aborted) throw new FacilityError('cancelled', 'The listing was cancelled.');
    const full = join(folder, dirent.name);
    // stat follows links, so a link to a folder lists as a folder; a broken link is left out.
    const info = await stat(full).catch(() => undefined);
    if (!info) continue;
    if (info.isDirectory()) entries.push({ name: dirent.name, path: full, kind: 'folder', modifiedAt: info.mtimeMs });
    else if (info.isFile()) entries.push({ name: dirent.name, path: full, kind: 'file', bytes: info.size, format: formatOf(dirent.name), modifiedAt: info.mtimeMs });
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
  const root = await roots.confine(source.path, source);
  return {
    source: source.id,
    path: folder,
    parent: folder === root ? undefined : dirname(folder),
    entries,
    truncated: visible.length > MAX_ENTRIES,
  };
}

import { FacilityError, type JoinDatasetInfo, type JoinDatasetSpec } from '@afkit/core';
import { openTable } from '@afkit/io';
import { suggestKeys } from '@afkit/join-engine';
import { expandFiles } from './expandFiles.ts';

/** Expands a dataset's files and reads the first one's columns and suggested event keys (what the designer's pickers show). */
export async function describeDataset(spec: JoinDatasetSpec, signal?: AbortSignal): Promise<JoinDatasetInfo> {
  if (!Array.isArray(spec?.files) || spec.files.length === 0 || !spec.files.every((f) => typeof f === 'string' && f !== '')) {
    throw new FacilityError('invalid-input', 'A dataset needs at least one file path or pattern.', { where: 'files' });
  }
  const files = await expandFiles(spec.files);
  const source = await openTable(files[0]!, { ...(spec.tree ? { tree: spec.tree } : {}), ...(signal ? { signal } : {}) });
  try {
    return {
      files,
      format: source.format,
      firstFileRows: source.numEntries,
      columns: source.columns.filter((c) => c.unsupported === undefined).map((c) => ({ name: c.name, type: c.type })),
      keys: suggestKeys(source.schema),
    };
  } finally {
    await source.close();
  }
}

import { resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { FacilityError } from '@afkit/core';

/**
 * Expands a dataset's file list: glob patterns (`/data/nano_*.root`) become their sorted matches, relative paths become
 * absolute (against `cwd`), URLs stay as they are. A pattern matching nothing is an error naming it.
 */
export async function expandFiles(files: readonly string[], cwd = process.cwd()): Promise<string[]> {
  const out: string[] = [];
  for (const file of files) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) out.push(file);
    else if (isDynamicPattern(file)) {
      const matches = await glob(file, { cwd, absolute: true, onlyFiles: true, expandDirectories: false });
      if (matches.length === 0) throw new FacilityError('invalid-input', `No file matches ${file}.`, { where: file, hint: 'Check the folder and the pattern.' });
      out.push(...matches.sort());
    } else out.push(resolve(cwd, file));
  }
  return out;
}

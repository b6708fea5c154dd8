import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, isAbsolute, resolve, sep } from 'node:path';
import { FacilityError, type DatasetSource } from '@afkit/core';

/** A served folder as configured: a path, or a path with its label. */
export type RootConfig = string | { readonly path: string; readonly label?: string; readonly id?: string };

/** Where the shared HEP test data lives on analysis machines set up for afkit. */
const SHARED_HEP_DATA = '/work/shared/data/hep';

/** The folders served when none are configured: `AFKIT_DATASET_ROOTS` (path-list), else home, the working folder and the shared HEP data. */
export function defaultRoots(): RootConfig[] {
  const fromEnv = process.env.AFKIT_DATASET_ROOTS;
  if (fromEnv) return fromEnv.split(process.platform === 'win32' ? ';' : ':').filter(Boolean);
  const roots: RootConfig[] = [{ id: 'home', label: 'Home', path: homedir() }];
  if (resolve(process.cwd()) !== resolve(homedir())) roots.push({ id: 'cwd', label: 'Working folder', path: process.cwd() });
  if (existsSync(SHARED_HEP_DATA)) roots.push({ id: 'hep', label: 'HEP test data', path: SHARED_HEP_DATA });
  return roots;
}

interface Root {
  readonly source: DatasetSource;
  /** The folder with symbolic links resolved, which every confined path must lie in. */
  readonly real: string;
}

/**
 * The folders a facility serves, and the one gate every path of a request goes through: a path must be absolute,
 * hold no `..`, and (links resolved) lie inside a served folder; http(s) URLs pass when URLs are allowed.
 */
export class DatasetRoots {
  private constructor(
    private readonly roots: readonly Root[],
    private readonly allowUrls: boolean,
  ) {}

  /** Resolves the configured folders (a folder that does not exist is left out). */
  static async create(configs: readonly RootConfig[], sample: DatasetSource | undefined, allowUrls: boolean): Promise<DatasetRoots> {
    const roots: Root[] = [];
    const ids = new Set<string>();
    const add = async (source: DatasetSource): Promise<void> => {
      const real = await realpath(source.path).catch(() => undefined);
      if (!real || roots.some((r) => r.real === real)) return;
      let id = source.id;
      for (let n = 2; ids.has(id); n++) id = `${source.id}-${n}`;
      ids.add(id);
      roots.push({ source: { ...source, id }, real });
    };
    if (sample) await add(sample);
    for (const config of configs) {
      const c = typeof config === 'string' ? { path: config } : config;
      const path = resolve(c.path);
      await add({ id: c.id ?? (basename(path) || 'root'), kind: 'folder', label: c.label ?? (basename(path) || path), path });
    }
    return new DatasetRoots(roots, allowUrls);
  }

  /** Every source: the folders, then HTTP(S) URLs when allowed. */
  sources(): DatasetSource[] {
    const out = this.roots.map((r) => r.source);
    if (this.allowUrls) out.push({ id: 'url', kind: 'url', label: 'HTTP(S) URL', path: '', description: 'Files read with HTTP range requests.' });
    return out;
  }

  /** The source with this id, or a `not-found` error listing the ids there are. */
  source(id: string): DatasetSource {
    const root = this.roots.find((r) => r.source.id === id);
    if (!root) {
      throw new FacilityError('not-found', `No dataset source "${id}".`, { hint: `Sources here: ${this.roots.map((r) => r.source.id).join(', ')}.` });
    }
    return root.source;
  }

  /** True for http(s) URLs, which are not local paths. */
  static isUrl(path: string): boolean {
    return /^https?:\/\//i.test(path);
  }

  /**
   * The real path of a local file or folder the facility may serve, or the URL itself; refuses (403) anything else.
   * `within` narrows the check to one source.
   */
  async confine(path: unknown, within?: DatasetSource): Promise<string> {
    if (typeof path !== 'string' || path === '' || path.includes('\0')) {
      throw new FacilityError('invalid-input', 'A file or folder path is required.');
    }
    if (DatasetRoots.isUrl(path)) {
      if (!this.allowUrls || within) throw this.refuse(path, 'URLs are not served here');
      return path;
    }
    if (!isAbsolute(path)) throw this.refuse(path, 'the path is not absolute');
    if (path.split(/[\\/]/).includes('..')) throw this.refuse(path, 'paths with ".." are refused');
    const roots = within ? this.roots.filter((r) => r.source.id === within.id) : this.roots;
    const lexical = resolve(path);
    if (!roots.some((r) => inside(lexical, resolve(r.source.path)) || inside(lexical, r.real))) throw this.refuse(path, 'it is outside the served folders');
    let real: string;
    try {
      real = await realpath(lexical);
    } catch {
      throw new FacilityError('not-found', `${path} does not exist.`, { where: path, hint: 'Check the name; the folder listing shows what is there.' });
    }
    // A symbolic link inside a served folder must not lead out of it.
    if (!roots.some((r) => inside(real, r.real))) throw this.refuse(path, 'it leads (through a link) outside the served folders');
    return real;
  }

  private refuse(path: string, why: string): FacilityError {
    return new FacilityError('forbidden', `The facility does not serve ${path}: ${why}.`, {
      where: path,
      retryable: false,
      hint: `Served folders: ${this.roots.map((r) => r.source.path).join(', ') || 'none'}. Serve another with AFKIT_DATASET_ROOTS or the facility's dataset roots setting.`,
    });
  }
}

function inside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

import { FacilityError } from '@afkit/core';
import { CMS_KEYS, DEFAULT_MEMORY_LIMIT_MB } from './JoinPlan.ts';
import type { DuplicatePolicy, FriendColumn, FriendDataset, JoinKey, JoinKind, JoinPlan, OutputFormat } from './JoinPlan.ts';

const KINDS: readonly JoinKind[] = ['inner', 'left', 'right', 'outer'];
const POLICIES: readonly DuplicatePolicy[] = ['error', 'first', 'all'];
const FORMATS: readonly OutputFormat[] = ['arrow', 'parquet', 'root'];

/**
 * Validates a JSON value (or JSON text) as a {@link JoinPlan}, filling defaults (CMS keys, left join,
 * duplicates as errors, 1 GB, 1 worker). Fails with an `invalid-input` FacilityError naming the field.
 */
export function parseJoinPlan(json: unknown): JoinPlan {
  const value = typeof json === 'string' ? parseText(json) : json;
  const plan = object(value, 'plan');
  if (plan.version !== 1) fail('version', `must be 1, got ${JSON.stringify(plan.version)}`);
  const primaryIn = object(plan.primary, 'primary');
  const primary = {
    files: files(primaryIn.files, 'primary.files'),
    ...optionalString(primaryIn.tree, 'primary.tree', 'tree'),
    ...(primaryIn.columns === undefined ? {} : { columns: strings(primaryIn.columns, 'primary.columns') }),
  };
  const keys = plan.keys === undefined ? CMS_KEYS : parseKeys(plan.keys);
  const friendsIn = array(plan.friends, 'friends');
  if (friendsIn.length === 0) fail('friends', 'needs at least one friend dataset');
  const friends = friendsIn.map((f, i) => parseFriend(f, `friends[${i}]`, keys));
  const names = new Set<string>();
  for (const f of friends) {
    if (names.has(f.name)) fail('friends', `two friends are named "${f.name}"`);
    names.add(f.name);
  }
  const kind = oneOf(plan.kind ?? 'left', KINDS, 'kind');
  const duplicates = oneOf(plan.duplicates ?? 'error', POLICIES, 'duplicates');
  const outputIn = object(plan.output, 'output');
  const output = {
    dir: string(outputIn.dir, 'output.dir'),
    format: oneOf(outputIn.format ?? 'arrow', FORMATS, 'output.format'),
    ...optionalString(outputIn.tree, 'output.tree', 'tree'),
  };
  const memoryLimitMB = positive(plan.memoryLimitMB ?? DEFAULT_MEMORY_LIMIT_MB, 'memoryLimitMB');
  const workers = Math.floor(positive(plan.workers ?? 1, 'workers'));
  return { version: 1, primary, friends, keys, kind, duplicates, output, memoryLimitMB, workers };
}

function parseKeys(value: unknown): JoinKey[] {
  const list = array(value, 'keys');
  if (list.length === 0) fail('keys', 'needs at least one key');
  const seen = new Set<string>();
  return list.map((k, i) => {
    const key = object(k, `keys[${i}]`);
    const name = string(key.name, `keys[${i}].name`);
    if (seen.has(name)) fail('keys', `key "${name}" appears twice`);
    seen.add(name);
    return { name, type: oneOf(key.type ?? 'uint64', ['uint32', 'uint64'] as const, `keys[${i}].type`) };
  });
}

function parseFriend(value: unknown, where: string, keys: readonly JoinKey[]): FriendDataset {
  const f = object(value, where);
  const name = string(f.name, `${where}.name`);
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) fail(`${where}.name`, `"${name}" must be letters, digits, _ . - (it names a folder)`);
  let keyMap: Record<string, string> | undefined;
  if (f.keyMap !== undefined) {
    const map = object(f.keyMap, `${where}.keyMap`);
    keyMap = {};
    for (const [k, v] of Object.entries(map)) {
      if (!keys.some((key) => key.name === k)) fail(`${where}.keyMap`, `maps "${k}", which is not a join key (${keys.map((x) => x.name).join(', ')})`);
      keyMap[k] = string(v, `${where}.keyMap.${k}`);
    }
  }
  if (f.positional !== undefined && typeof f.positional !== 'boolean') fail(`${where}.positional`, 'must be true or false');
  const prefix = f.prefix === undefined ? undefined : string(f.prefix, `${where}.prefix`, true);
  const columns = array(f.columns, `${where}.columns`).map((c, i): FriendColumn => {
    if (typeof c === 'string') return { name: c };
    const col = object(c, `${where}.columns[${i}]`);
    return { name: string(col.name, `${where}.columns[${i}].name`), ...optionalString(col.as, `${where}.columns[${i}].as`, 'as') };
  });
  const outNames = new Set(keys.map((k) => k.name));
  for (const c of columns) {
    const out = c.as ?? `${prefix ?? ''}${c.name}`;
    if (outNames.has(out)) fail(`${where}.columns`, `output column "${out}" collides with a key or another column; rename it with "as" or a prefix`);
    outNames.add(out);
  }
  return {
    name,
    files: files(f.files, `${where}.files`),
    ...optionalString(f.tree, `${where}.tree`, 'tree'),
    ...(keyMap ? { keyMap } : {}),
    columns,
    ...(prefix === undefined ? {} : { prefix }),
    ...(f.positional === true ? { positional: true } : {}),
  };
}

function parseText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new FacilityError('invalid-input', `join plan is not valid JSON: ${(error as Error).message}`, { where: 'plan' });
  }
}

function fail(where: string, message: string): never {
  throw new FacilityError('invalid-input', `join plan: ${where} ${message}`, { where: `plan.${where}` });
}

function object(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(where, 'must be an object');
  return value as Record<string, unknown>;
}

function array(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) fail(where, 'must be an array');
  return value;
}

function string(value: unknown, where: string, allowEmpty = false): string {
  if (typeof value !== 'string' || (!allowEmpty && value === '')) fail(where, 'must be a non-empty string');
  return value;
}

function optionalString<K extends string>(value: unknown, where: string, key: K): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: string(value, where) }) as { [P in K]?: string };
}

function strings(value: unknown, where: string): string[] {
  return array(value, where).map((v, i) => string(v, `${where}[${i}]`));
}

function files(value: unknown, where: string): string[] {
  const list = strings(value, where);
  if (list.length === 0) fail(where, 'needs at least one file');
  return list;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], where: string): T {
  if (!allowed.includes(value as T)) fail(where, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

function positive(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) fail(where, 'must be a positive number');
  return value;
}

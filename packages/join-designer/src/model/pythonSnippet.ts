import type { JoinReport } from '@afkit/join-engine';

/** What the snippet needs of the plan that ran: primary files and tree, join kind, output format and tree. */
export interface SnippetPlan {
  readonly primary: { readonly files: readonly string[]; readonly tree?: string };
  readonly keys: readonly { readonly name: string }[];
  readonly kind: JoinReport['kind'];
  readonly output: { readonly format: JoinReport['format']; readonly tree?: string };
}

const py = (value: string): string => JSON.stringify(value);
const pyList = (values: readonly string[], indent = '    '): string => `[\n${values.map((v) => `${indent}${py(v)},`).join('\n')}\n]`;
const ident = (name: string): string => name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1');

/**
 * Python that loads a join's output next to its primary with uproot and awkward (and, commented, coffea and ROOT):
 * each friend file is a positional friend of its primary file, so columns are attached per file pair after a cheap
 * key check. Inner and right joins drop events, so for them the snippet reads the friend files on their own, by key.
 */
export function pythonSnippet(plan: SnippetPlan, report: JoinReport): string {
  const tree = plan.primary.tree ?? 'Events';
  const friendTree = plan.output.tree ?? 'Friends';
  const positional = plan.kind === 'left' || plan.kind === 'outer';
  const readFriend = (path: string): string =>
    plan.output.format === 'root' ? `uproot.open(${path})[${py(friendTree)}].arrays()` : plan.output.format === 'parquet' ? `ak.from_parquet(${path})` : `ak.from_feather(${path})`;
  const readPrimary = (path: string): string => `uproot.open(${path})[${py(tree)}].arrays()  # pass the branches you need (keep the keys)`;
  const lines = ['import awkward as ak', 'import uproot', '', `primary_files = ${pyList(plan.primary.files)}`];
  for (const f of report.friends) lines.push(`${ident(f.name)}_files = ${pyList(f.files.map((file) => file.outputPath))}  # friend "${f.name}", one file per primary file`);
  lines.push('');
  if (!positional) {
    lines.push(
      `# A ${plan.kind} join keeps only matched events, so its files are not positional friends of the primary files.`,
      '# They hold the keys beside the friend columns: use them on their own, or rerun as a left join to attach by position.',
      ...report.friends.map((f) => `${ident(f.name)} = ak.concatenate([${readFriend('path')} for path in ${ident(f.name)}_files])`),
    );
    return `${lines.join('\n')}\n`;
  }
  const pairs = report.friends.map((f) => `${ident(f.name)}_files`);
  const names = report.friends.map((f) => `${ident(f.name)}_path`);
  lines.push(`for primary_path, ${names.join(', ')} in zip(primary_files, ${pairs.join(', ')}):`, `    events = ${readPrimary('primary_path')}`);
  lines.push('    # coffea instead: events = NanoEventsFactory.from_root({primary_path: ' + py(tree) + '}, schemaclass=NanoAODSchema, mode="eager").events()');
  for (const f of report.friends) {
    const v = ident(f.name);
    lines.push(`    ${v} = ${readFriend(`${v}_path`)}${plan.kind === 'outer' ? '[: len(events)]  # an outer join appends unmatched friend rows at the end of the last file' : ''}`);
    lines.push(`    # afkit verified every row; this cheap check guards against pairing the wrong files`);
    const checks = plan.keys.map((k) => `ak.all(${v}[${py(k.name)}] == events[${py(k.name)}])`).join(' and ');
    lines.push(`    assert len(${v}) == len(events) and ${checks}`);
    if (plan.output.format === 'root') {
      // ROOT branches cannot hold nulls: the writer adds a `<column>_valid` flag branch to every nullable column.
      lines.push(
        `    for column in ${v}.fields:`,
        `        if column in events.fields or column.endswith("_valid"):`,
        `            continue`,
        `        valid = column + "_valid"`,
        `        events[column] = ak.mask(${v}[column], ${v}[valid]) if valid in ${v}.fields else ${v}[column]  # None where the friend had no row for the event`,
      );
    } else {
      lines.push(`    for column in ${v}.fields:`, `        if column not in events.fields:`, `            events[column] = ${v}[column]  # None where the friend had no row for the event`);
    }
  }
  if (plan.output.format === 'root') {
    lines.push('', `# ROOT: tree.AddFriend(${py(friendTree)}, friend_path) for each primary file, then use the friend branches directly.`);
  }
  return `${lines.join('\n')}\n`;
}

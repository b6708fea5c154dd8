import type { BranchInfo } from '@afkit/core';

/** A NanoAOD-style collection: branches sharing a `Prefix_` (e.g. `Muon_pt`, `Muon_eta`) and its counter (`nMuon`). */
export interface BranchGroup {
  /** The prefix, e.g. `Muon`. */
  readonly name: string;
  /** The counter branch, when the file has one. */
  readonly counter?: BranchInfo;
  readonly members: readonly BranchInfo[];
}

/** One row of the branch list: a collection header, or a branch (indented when inside a collection). */
export type BranchRow =
  | { readonly kind: 'group'; readonly group: BranchGroup; readonly matches: number; readonly expanded: boolean }
  | { readonly kind: 'branch'; readonly branch: BranchInfo; readonly inGroup: boolean };

interface Entry {
  readonly branch: BranchInfo;
  /** Lower-case name and documentation, computed once so filtering a 1,600-branch tree per keystroke is cheap. */
  readonly haystack: string;
}

type Item = { readonly kind: 'group'; readonly group: BranchGroup; readonly entries: readonly Entry[] } | { readonly kind: 'branch'; readonly entry: Entry };

/**
 * The branches of a tree, grouped into collections and searchable by name or documentation. `rows` gives the
 * flat list a virtualised view draws: with a filter, only matching branches and the collections holding them.
 */
export class BranchIndex {
  private readonly items: readonly Item[];
  readonly size: number;

  constructor(branches: readonly BranchInfo[]) {
    this.size = branches.length;
    const byName = new Map(branches.map((b) => [b.name, b]));
    const prefixCount = new Map<string, number>();
    for (const b of branches) {
      const prefix = prefixOf(b.name);
      if (prefix) prefixCount.set(prefix, (prefixCount.get(prefix) ?? 0) + 1);
    }
    const groupOf = (b: BranchInfo): string | undefined => {
      const prefix = prefixOf(b.name);
      if (prefix && (prefixCount.get(prefix) ?? 0) >= 2) return prefix;
      // The counter `nMuon` belongs with `Muon_*`, not on its own.
      if (/^n[A-Z]/.test(b.name) && (prefixCount.get(b.name.slice(1)) ?? 0) >= 1) return b.name.slice(1);
      return undefined;
    };
    // Items keep the file's order: a collection sits where its first branch is.
    const order: (Entry | string)[] = [];
    const groups = new Map<string, Entry[]>();
    for (const branch of branches) {
      const entry: Entry = { branch, haystack: `${branch.name}\n${branch.title}`.toLowerCase() };
      const name = groupOf(branch);
      if (!name) {
        order.push(entry);
        continue;
      }
      const members = groups.get(name);
      if (members) members.push(entry);
      else {
        groups.set(name, [entry]);
        order.push(name);
      }
    }
    this.items = order.map((item): Item => {
      if (typeof item !== 'string') return { kind: 'branch', entry: item };
      const entries = groups.get(item)!;
      const counterName = `n${item}`;
      const counter = byName.get(entries.find((e) => e.branch.counter)?.branch.counter ?? counterName);
      return { kind: 'group', group: { name: item, counter, members: entries.map((e) => e.branch) }, entries };
    });
  }

  /**
   * The rows to draw. Every word of `filter` must appear in a branch's name or documentation. Collections are folded
   * unless listed in `expanded`; while filtering, collections with matches open by themselves.
   */
  rows(filter: string, expanded: ReadonlySet<string>): BranchRow[] {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    const matches = (e: Entry): boolean => words.every((w) => e.haystack.includes(w));
    const out: BranchRow[] = [];
    for (const item of this.items) {
      if (item.kind === 'branch') {
        if (matches(item.entry)) out.push({ kind: 'branch', branch: item.entry.branch, inGroup: false });
        continue;
      }
      const hits = words.length === 0 ? item.entries : item.entries.filter(matches);
      if (hits.length === 0) continue;
      const open = expanded.has(item.group.name) || words.length > 0;
      out.push({ kind: 'group', group: item.group, matches: hits.length, expanded: open });
      if (open) for (const e of hits) out.push({ kind: 'branch', branch: e.branch, inGroup: true });
    }
    return out;
  }
}

function prefixOf(name: string): string | undefined {
  const cut = name.indexOf('_');
  return cut > 0 ? name.slice(0, cut) : undefined;
}

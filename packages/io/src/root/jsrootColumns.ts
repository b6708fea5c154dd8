import { openFile } from 'jsroot/io';
import { TSelector, treeProcess } from 'jsroot/tree';

/** Column values as jsroot reads them: Numbers (64-bit too), booleans, and arrays for jagged branches. */
export type JsrootColumns = Record<string, unknown[]>;

/** A tree opened by jsroot's own file reader, to be read several times. */
export interface JsrootTree {
  readonly tree: unknown;
  readonly entries: number;
  close(): void;
}

/** Opens a tree with jsroot alone (its own Node file access), independent of afkit's reader. */
export async function openJsrootTree(path: string, tree: string): Promise<JsrootTree> {
  const file = await openFile(path);
  const object = (await file.readObject(tree)) as { fEntries: number };
  return { tree: object, entries: object.fEntries, close: () => file.delete() };
}

/**
 * Reads branches entry by entry with jsroot's TSelector: the independent reference that tests compare afkit against,
 * and the anchor that benchmarks time. Not part of the public API.
 */
export async function jsrootRead(tree: JsrootTree, branches: readonly string[], collect = true): Promise<{ columns: JsrootColumns; entries: number }> {
  const columns: JsrootColumns = Object.fromEntries(branches.map((b) => [b, []]));
  let entries = 0;
  const selector = new TSelector();
  for (const b of branches) selector.addBranch(b);
  selector.Process = function (this: TSelector) {
    entries++;
    if (!collect) return;
    for (const b of branches) {
      const value = this.tgtobj[b];
      columns[b]!.push(ArrayBuffer.isView(value) || Array.isArray(value) ? Array.from(value as ArrayLike<unknown>) : value);
    }
  };
  if (tree.entries > 0 && branches.length > 0) await treeProcess(tree.tree, selector);
  return { columns, entries };
}

/** Opens, reads and closes: one-shot form of {@link jsrootRead} for tests. */
export async function jsrootColumns(path: string, tree: string, branches: readonly string[]): Promise<{ columns: JsrootColumns; entries: number }> {
  const opened = await openJsrootTree(path, tree);
  try {
    return await jsrootRead(opened, branches);
  } finally {
    opened.close();
  }
}

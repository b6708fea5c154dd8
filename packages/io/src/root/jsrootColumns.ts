import { openFile } from 'jsroot/io';
import { TSelector, treeProcess } from 'jsroot/tree';

/** Column values as jsroot reads them: Numbers (64-bit too), booleans, and arrays for jagged branches. */
export type JsrootColumns = Record<string, unknown[]>;

/**
 * Reads branches entry by entry with jsroot's own file reader and TSelector: the independent reference that tests compare
 * afkit against, and the anchor that benchmarks time. Not part of the public API.
 */
export async function jsrootColumns(path: string, tree: string, branches: readonly string[], collect = true): Promise<{ columns: JsrootColumns; entries: number }> {
  const file = await openFile(path);
  const object = await file.readObject(tree);
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
  if ((object as { fEntries: number }).fEntries > 0 && branches.length > 0) await treeProcess(object, selector);
  file.delete();
  return { columns, entries };
}

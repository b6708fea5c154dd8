import { basename } from 'node:path';
import type { Data, RecordBatch, Schema } from 'apache-arrow';
import type { BasketContents, BranchData } from './root/BranchData.ts';
import { planBranches } from './root/branchPlan.ts';
import { ColumnWriter } from './root/ColumnWriter.ts';
import { compressRecord } from './root/compressRecord.ts';
import { RootBuffer } from './root/RootBuffer.ts';
import { keyLength, RootFileSink } from './root/RootFileSink.ts';
import { classesForTree, streamerInfoList } from './root/streamerInfos.ts';
import { ENTRY_OFFSET_LEN, treeRecord } from './root/treeRecord.ts';
import type { TableWriter } from './TableWriter.ts';

/** How a ROOT output file is laid out. */
export interface RootWriterOptions {
  /** TTree name; `Friends` by default (see the join-engine README). */
  readonly tree?: string;
  readonly title?: string;
  /** zlib level 1–9, or 0 for uncompressed baskets; 1 by default (ROOT's and uproot's long-standing default). */
  readonly compressionLevel?: number;
  /**
   * Uncompressed bytes buffered across all branches before they are written out together as one cluster of baskets
   * (one per branch, all ending at the same entry); bounds the writer's memory. 8 MiB by default.
   */
  readonly clusterBytes?: number;
}

/** Default TTree name of join outputs. */
export const DEFAULT_TREE = 'Friends';
const DEFAULT_CLUSTER_BYTES = 8 << 20;
/** TBasket header after its key: version, buffer size, entry-table size or entry size, entries, fLast, flag. */
const BASKET_HEADER = 19;

/**
 * Writes record batches as one ROOT TTree: a flat branch per numeric or boolean column (`name/F`, `name/l`...), a
 * jagged column as a `n<name>/i` counter branch plus a `name[n<name>]/F` branch (as CMS NanoAOD does), and a
 * `<name>_valid/O` branch beside each nullable column. Rows are buffered up to `clusterBytes`, then every branch's
 * basket is zlib-compressed (ROOT's "ZL" blocks, on the thread pool) and written; the TTree, its streamer infos and
 * the directory are written on `close`.
 */
export class RootFileWriter implements TableWriter {
  private readonly branches: BranchData[];
  private entries = 0;
  private flushedEntries = 0;
  private buffered = 0;
  private failed = false;
  /** The cluster being compressed and written while the next one fills. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly sink: RootFileSink,
    private readonly schema: Schema,
    private readonly columns: readonly ColumnWriter[],
    private readonly tree: string,
    private readonly title: string,
    private readonly clusterBytes: number,
  ) {
    this.branches = columns.flatMap((c) => c.branches);
  }

  /** Checks that every column can be written (a FacilityError naming the first that cannot), then creates the file. */
  static async open(path: string, schema: Schema, options: RootWriterOptions = {}): Promise<RootFileWriter> {
    const columns = planBranches(schema, path).map((plan) => new ColumnWriter(plan, path));
    const sink = await RootFileSink.create(path, basename(path), options.compressionLevel ?? 1);
    return new RootFileWriter(sink, schema, columns, options.tree ?? DEFAULT_TREE, options.title ?? '', options.clusterBytes ?? DEFAULT_CLUSTER_BYTES);
  }

  async write(batch: RecordBatch): Promise<void> {
    try {
      const data = this.schema.fields.map((field) => batch.data.children[batch.schema.fields.findIndex((f) => f.name === field.name)]!);
      for (let row = 0; row < batch.numRows; ) {
        const take = this.rowsThatFit(data, row, batch.numRows);
        for (let c = 0; c < this.columns.length; c++) this.columns[c]!.append(data[c]!, row, row + take, this.entries);
        this.buffered += this.columns.reduce((n, column, c) => n + column.bytesFor(data[c]!, row, row + take), 0);
        this.entries += take;
        row += take;
        if (this.buffered >= this.clusterBytes) await this.flush();
      }
    } catch (error) {
      this.failed = true;
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.failed) {
      await this.writing.catch(() => {});
      return this.sink.abandon();
    }
    try {
      if (this.entries > this.flushedEntries) await this.flush();
      await this.writing;
      const key = { className: 'TTree', name: this.tree, title: this.title, cycle: 1 };
      const record = treeRecord({ name: this.tree, title: this.title, entries: this.entries, branches: this.branches, compress: this.sink.compress }, keyLength(key));
      const treeKey = await this.sink.appendRecord(key, record);
      await this.sink.finish([treeKey.header], streamerInfoList(classesForTree(this.branches.map((b) => b.leaf.leafClass))));
    } catch (error) {
      await this.sink.abandon().catch(() => {});
      throw error;
    }
  }

  /** How many rows from `row` fit in what is left of the cluster (at least one, so a huge row still goes through). */
  private rowsThatFit(data: readonly Data[], row: number, end: number): number {
    const room = this.clusterBytes - this.buffered;
    const bytes = (to: number) => this.columns.reduce((n, column, c) => n + column.bytesFor(data[c]!, row, to), 0);
    if (bytes(end) <= room) return end - row;
    let lo = row + 1;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bytes(mid) <= room) lo = mid;
      else hi = mid - 1;
    }
    return lo - row;
  }

  /**
   * Hands the buffered entries over as one cluster, written in the background while the next cluster fills; waits
   * for the previous cluster first, so at most two are in memory.
   */
  private async flush(): Promise<void> {
    await this.writing;
    const cluster = this.branches.map((branch) => branch.take());
    const first = this.flushedEntries;
    this.flushedEntries = this.entries;
    this.buffered = 0;
    this.writing = this.writeCluster(cluster, first);
    // Its failure surfaces at the next flush or at close; this only keeps it from counting as unhandled meanwhile.
    this.writing.catch(() => {});
  }

  /** Writes one basket per branch, compressed in parallel, as one contiguous write. */
  private async writeCluster(cluster: readonly BasketContents[], first: number): Promise<void> {
    const baskets = await Promise.all(this.branches.map((branch, k) => this.basket(branch, cluster[k]!)));
    let at = this.sink.position;
    for (const [k, basket] of baskets.entries()) {
      const header = this.sink.keyHeader({ className: 'TBasket', name: this.branches[k]!.name, title: this.tree, cycle: this.branches[k]!.baskets.length }, at, basket.objlen, basket.stored.length, BASKET_HEADER);
      basket.head.set(header.data);
      this.branches[k]!.baskets.push({ seek: at, bytes: basket.head.length + basket.stored.length, firstEntry: first, objlen: basket.objlen, keylen: basket.head.length });
      at += basket.head.length + basket.stored.length;
    }
    await this.sink.append(Buffer.concat(baskets.flatMap((b) => [b.head, b.stored])));
  }

  /**
   * One TBasket: its key and basket header (the key part filled once the position is known) and its stored payload,
   * the big-endian values followed, for a jagged branch, by the table of where each entry starts (counted from the
   * start of the key, as ROOT does).
   */
  private async basket(branch: BranchData, contents: BasketContents): Promise<{ head: Uint8Array; stored: Uint8Array; objlen: number }> {
    const keylen = keyLength({ className: 'TBasket', name: branch.name, title: this.tree }) + BASKET_HEADER;
    let payload = contents.data;
    if (contents.entryStarts) {
      const table = new RootBuffer(contents.data.length + 4 * contents.entries + 8).raw(contents.data).i32(contents.entries + 1);
      for (const start of contents.entryStarts) table.i32(keylen + start);
      payload = table.i32(0).data;
    }
    const head = new RootBuffer(keylen);
    head.raw(new Uint8Array(keylen - BASKET_HEADER));
    head
      .i16(3) // TBasket version
      .i32(keylen + payload.length) // fBufferSize
      .i32(contents.entryStarts ? Math.max(ENTRY_OFFSET_LEN, contents.entries + 1) : branch.leaf.size) // fNevBufSize
      .i32(contents.entries)
      .i32(keylen + contents.data.length) // fLast: where the values end
      .u8(0);
    return { head: head.data, stored: await compressRecord(payload, this.sink.compress % 100), objlen: payload.length };
  }
}

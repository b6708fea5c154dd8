import { Field, Schema } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import type { ColumnInfo, ReadOptions, TableSource, UnsupportedColumn } from '../TableSource.ts';
import type { RootBranch, RootEmbeddedBasket, RootTree } from './rootModel.ts';
import type { Basket } from './readBasket.ts';
import { valueOffsets } from './readBasket.ts';
import type { BasketCache, BasketSpan } from './BranchColumn.ts';
import { BranchColumn } from './BranchColumn.ts';
import { RootFile } from './RootFile.ts';
import { fetchRecords, SpanBuffer } from '../source/PrefetchedSource.ts';
import { decompressAhead } from './decompressAhead.ts';
import { loadCodecs } from './decompress.ts';
import { leafType } from './leafTypes.ts';
import { entryRange, schemaOfColumns, selectColumns } from '../entryRange.ts';
import { asIoError, checkAborted } from '../ioError.ts';
import { typeName } from '../typeName.ts';
import { recordBatch } from '../arrow/recordBatch.ts';

/** A ROOT TTree read column by column, basket by basket, into Arrow record batches. */
export class RootTreeSource implements TableSource {
  readonly format = 'root' as const;

  private constructor(
    private readonly file: RootFile,
    readonly tree: string,
    readonly numEntries: number,
    readonly schema: Schema,
    readonly unsupported: readonly UnsupportedColumn[],
    readonly columns: readonly ColumnInfo[],
    private readonly readers: ReadonlyMap<string, BranchColumn>,
  ) {}

  /** Prefetch memory of finished reads, lent to the next ones (one per read running at once). */
  private readonly spanBuffers: SpanBuffer[] = [];
  /** The schema of the last column selection: building an Arrow Schema costs as much as decoding a small basket, and callers repeat selections. */
  private lastSchema?: { readonly key: string; readonly schema: Schema };

  private schemaOf(names: readonly string[]): Schema {
    const key = names.join('\0');
    if (this.lastSchema?.key !== key) this.lastSchema = { key, schema: schemaOfColumns(this.schema, names) };
    return this.lastSchema.schema;
  }

  get path(): string {
    return this.file.path;
  }

  /** Opens a tree of an open ROOT file (its default tree when `name` is not given); the source owns the file from then on. */
  static async open(file: RootFile, name?: string): Promise<RootTreeSource> {
    const treeName = name ?? file.defaultTree();
    const tree = await file.tree(treeName);
    return RootTreeSource.fromTree(file, tree);
  }

  private static fromTree(file: RootFile, tree: RootTree): RootTreeSource {
    const fields: Field[] = [];
    const unsupported: UnsupportedColumn[] = [];
    const columns: ColumnInfo[] = [];
    const readers = new Map<string, BranchColumn>();
    const counterOf = new Map<string, string>();
    for (const branch of tree.fBranches.arr) for (const leaf of branch.fLeaves?.arr ?? []) counterOf.set(leaf.fName, branch.fName);
    for (const branch of tree.fBranches.arr) {
      const plan = planBranch(tree, branch);
      const counterLeaf = branch.fLeaves?.arr?.[0]?.fLeafCount?.fName;
      const info = {
        name: branch.fName,
        title: branch.fTitle ?? '',
        compressedBytes: branch.fZipBytes,
        uncompressedBytes: branch.fTotBytes,
        counter: counterLeaf === undefined ? undefined : (counterOf.get(counterLeaf) ?? counterLeaf),
      };
      if (typeof plan === 'string') {
        unsupported.push({ name: branch.fName, reason: plan });
        columns.push({ ...info, type: 'unsupported', unsupported: plan });
        continue;
      }
      fields.push(new Field(branch.fName, plan.type, false, new Map([['doc', branch.fTitle ?? '']])));
      columns.push({ ...info, type: typeName(plan.type) });
      readers.set(branch.fName, plan);
    }
    return new RootTreeSource(file, tree.fName, tree.fEntries, new Schema(fields), unsupported, columns, readers);
  }

  async *read(options: ReadOptions = {}): AsyncGenerator<RecordBatch> {
    const { start, stop, batchSize } = entryRange(this.path, this.numEntries, options);
    const names = selectColumns(this.path, this.schema, this.unsupported, options.columns);
    const readers = names.map((n) => this.readers.get(n)!);
    const schema = this.schemaOf(names);
    // Baskets never keep a view of the span (decodeBasket copies or decompresses), so each batch may refill it.
    const caches: BasketCache[] = readers.map(() => ({ index: -1 }));
    const spanBuffer = this.spanBuffers.pop() ?? new SpanBuffer();
    try {
      await loadCodecs();
      for (let first = start; first < stop; first += batchSize) {
        checkAborted(options.signal, this.path);
        const last = Math.min(stop, first + batchSize);
        // Baskets of one cluster usually sit side by side: one read for all of them instead of one per basket. With every
        // record in memory, the baskets decode without an await each, whose promises were most of a small read's garbage.
        const wanted = readers.flatMap((reader, k) => reader.recordsFor(first, last, caches[k]!));
        const records = await fetchRecords(this.file.bytes, wanted, options.signal, spanBuffer).catch((error: unknown) => {
          throw asIoError(error, this.path, `has unreadable baskets for entries ${first} to ${last} of tree "${this.tree}"`);
        });
        const decompressed = await decompressAhead(records, wanted);
        const children = readers.map((reader, k) => {
          try {
            return reader.read(first, last, records, caches[k]!, decompressed);
          } catch (error) {
            throw asIoError(error, this.path, `has an unreadable basket in branch "${reader.name}" of tree "${this.tree}"`);
          }
        });
        yield recordBatch(schema, children, last - first);
      }
    } finally {
      this.spanBuffers.push(spanBuffer);
    }
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/** Decides how to read a branch, or why it cannot be read. */
function planBranch(tree: RootTree, branch: RootBranch): BranchColumn | string {
  if (branch._typename !== 'TBranch') return `${branch._typename} branches (objects, STL containers) are not supported`;
  if ((branch.fBranches?.arr?.length ?? 0) > 0) return 'branches with sub-branches are not supported';
  const leaves = branch.fLeaves?.arr ?? [];
  if (leaves.length !== 1) return `branches with ${leaves.length} leaves (leaf lists such as "a/F:b/I") are not supported`;
  const leaf = leaves[0]!;
  const decoding = leafType(leaf._typename, leaf.fIsUnsigned);
  if (typeof decoding === 'string') return decoding;
  const jagged = !!leaf.fLeafCount;
  if (leaf.fLen > 1) return jagged ? 'jagged branches of fixed-size arrays (x[n][k]) are not supported' : `fixed-size array leaves (${leaf.fTitle}) are not supported`;
  const baskets = basketSpans(branch, decoding.size);
  const covered = baskets.length ? baskets[baskets.length - 1]!.stop : 0;
  if (covered < tree.fEntries) {
    return `entries ${covered} to ${tree.fEntries} are in a basket kept inside the tree record (a file closed without flushing), which is not supported`;
  }
  return new BranchColumn(branch.fName, decoding, jagged, baskets);
}

function basketSpans(branch: RootBranch, itemSize: 1 | 2 | 4 | 8): BasketSpan[] {
  const spans: BasketSpan[] = [];
  const count = branch.fWriteBasket;
  for (let k = 0; k < count; k++) {
    const first = Number(branch.fBasketEntry[k]);
    // fBasketEntry[count] is where the written baskets end; a smaller number than fEntries means an embedded basket follows.
    const listed = Number(branch.fBasketEntry[k + 1] ?? 0);
    const next = listed > first ? listed : branch.fEntries;
    spans.push({ first, stop: Math.min(next, branch.fEntries), seek: Number(branch.fBasketSeek[k]), bytes: Number(branch.fBasketBytes[k]) });
  }
  const embedded = branch.fBaskets?.arr?.[count];
  if (embedded) {
    const first = count > 0 ? Number(branch.fBasketEntry[count]) : 0;
    spans.push({ first, stop: first + embedded.fNevBuf, seek: 0, bytes: 0, inline: () => embeddedBasket(embedded, itemSize) });
  }
  return spans;
}

/** The data and entry offsets of a basket that jsroot decoded from inside the tree record, for values of `itemSize` bytes. */
function embeddedBasket(basket: RootEmbeddedBasket, itemSize: 1 | 2 | 4 | 8): Basket {
  const view = basket.fBufferRef?.arr;
  const data = view ? new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice() : new Uint8Array(0);
  if (basket.fNevBufSize <= 8 || !basket.fEntryOffset) return { data, entries: basket.fNevBuf };
  const positions = new Int32Array(basket.fNevBuf + 1);
  for (let i = 0; i < basket.fNevBuf; i++) positions[i] = Number(basket.fEntryOffset[i]);
  positions[basket.fNevBuf] = basket.fKeylen + data.length;
  const first = positions[0]! - basket.fKeylen;
  if (first < 0 || first > data.length) throw new Error(`basket held in the tree record has a corrupt entry offset ${first} for entry 0`);
  const offsets = valueOffsets(positions, basket.fKeylen + first, itemSize, 'basket held in the tree record');
  return { data: data.subarray(first), offsets, entries: basket.fNevBuf };
}

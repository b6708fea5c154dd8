import type { BranchData } from './BranchData.ts';
import { OBJECT_BITS, RootBuffer } from './RootBuffer.ts';
import { classChecksum } from './streamerInfos.ts';

/** Leaf tags are buffer positions (the key header included) plus ROOT's map offset. */
const MAP_OFFSET = 2;
/** TObject::kMustCleanup, set on trees. */
const MUST_CLEANUP = 1 << 3;
/** TBranch::kDoNotUseBufferMap: numeric branches need no object map when read. */
const DO_NOT_USE_BUFFER_MAP = 1 << 22;
/** Offset table length ROOT starts jagged baskets with (TTree::fDefaultEntryOffsetLen). */
export const ENTRY_OFFSET_LEN = 1000;
/** Nominal basket size recorded in each TBranch (ROOT's default); real baskets follow the writer's cluster size. */
const BASKET_SIZE = 32000;

/** What the TTree record describes. */
export interface TreeSummary {
  readonly name: string;
  readonly title: string;
  readonly entries: number;
  /** Branches in tree order; a jagged branch's counter comes before it. */
  readonly branches: readonly BranchData[];
  /** ROOT compression setting (100 × algorithm + level). */
  readonly compress: number;
}

/**
 * Serialises a TTree (class version 20) with its TBranch (13) and TLeaf (2, subclasses 1) objects, member by member in
 * the order of the streamer infos in streamerInfos.ts. `keylen` is the length of the key header the record will sit
 * behind: references from a jagged leaf to its counter leaf (and the tree's list of leaves) are positions counted from
 * the start of the key.
 */
export function treeRecord(tree: TreeSummary, keylen: number): Uint8Array {
  const b = new RootBuffer(4096 + 512 * tree.branches.length);
  const leafTags = new Map<string, number>();
  const total = (pick: (basket: BranchData['baskets'][number]) => number) => tree.branches.reduce((n, branch) => n + branch.baskets.reduce((m, basket) => m + pick(basket), 0), 0);
  b.versioned(20, () => {
    b.versioned(1, () => b.tObject(OBJECT_BITS | MUST_CLEANUP).string(tree.name).string(tree.title));
    b.versioned(2, () => b.i16(602).i16(1).i16(1)); // TAttLine: ROOT's default colour, style, width
    b.versioned(2, () => b.i16(0).i16(1001)); // TAttFill
    b.versioned(2, () => b.i16(1).i16(1).f32(1)); // TAttMarker
    b.i64(tree.entries)
      .i64(total((k) => k.keylen + k.objlen))
      .i64(total((k) => k.bytes))
      .i64(0) // fSavedBytes
      .i64(0) // fFlushedBytes
      .f64(1) // fWeight
      .i32(0) // fTimerInterval
      .i32(25) // fScanField
      .i32(0) // fUpdate
      .i32(ENTRY_OFFSET_LEN)
      .i32(0) // fNClusterRange: clusters are not declared, readers estimate them
      .i64(1_000_000_000_000) // fMaxEntries
      .i64(1_000_000_000_000) // fMaxEntryLoop
      .i64(0) // fMaxVirtualSize
      .i64(-300_000_000) // fAutoSave
      .i64(0) // fAutoFlush
      .i64(1_000_000) // fEstimate
      .u8(0) // fClusterRangeEnd: no array
      .u8(0); // fClusterSize: no array
    ioFeatures(b);
    objArray(b, tree.branches.length, () => {
      for (const branch of tree.branches) writeBranch(b, branch, tree, keylen, leafTags);
    });
    objArray(b, tree.branches.length, () => {
      for (const branch of tree.branches) b.u32(leafTags.get(branch.name)!);
    });
    b.u32(0) // fAliases
      .i32(0) // fIndexValues (empty TArrayD)
      .i32(0) // fIndex (empty TArrayI)
      .u32(0) // fTreeIndex
      .u32(0) // fFriends
      .u32(0) // fUserInfo
      .u32(0); // fBranchRef
  });
  return b.data.slice();
}

function writeBranch(b: RootBuffer, branch: BranchData, tree: TreeSummary, keylen: number, leafTags: Map<string, number>): void {
  const baskets = branch.baskets;
  // One slot more than the baskets written: fBasketEntry[n] is where the last basket ends.
  const slots = baskets.length + 1;
  b.object('TBranch', () =>
    b.versioned(13, () => {
      b.versioned(1, () => b.tObject(OBJECT_BITS | DO_NOT_USE_BUFFER_MAP).string(branch.name).string(branch.title));
      b.versioned(2, () => b.i16(0).i16(1001)); // TAttFill
      b.i32(tree.compress)
        .i32(BASKET_SIZE)
        .i32(branch.counter === undefined ? 0 : ENTRY_OFFSET_LEN)
        .i32(baskets.length) // fWriteBasket
        .i64(tree.entries); // fEntryNumber
      ioFeatures(b);
      b.i32(0) // fOffset
        .i32(slots) // fMaxBaskets
        .i32(0) // fSplitLevel
        .i64(tree.entries)
        .i64(0) // fFirstEntry
        .i64(baskets.reduce((n, k) => n + k.keylen + k.objlen, 0))
        .i64(baskets.reduce((n, k) => n + k.bytes, 0));
      objArray(b, 0, () => {}); // fBranches
      objArray(b, 1, () => leafTags.set(branch.name, keylen + writeLeaf(b, branch, leafTags) + MAP_OFFSET));
      objArray(b, 0, () => {}); // fBaskets: none kept in memory
      b.u8(1);
      for (let k = 0; k < slots; k++) b.i32(baskets[k]?.bytes ?? 0);
      b.u8(1);
      for (let k = 0; k < slots; k++) b.i64(baskets[k]?.firstEntry ?? tree.entries);
      b.u8(1);
      for (let k = 0; k < slots; k++) b.i64(baskets[k]?.seek ?? 0);
      b.string(''); // fFileName: baskets are in this file
    }),
  );
}

/** Writes the branch's one leaf and returns its position in the buffer. */
function writeLeaf(b: RootBuffer, branch: BranchData, leafTags: ReadonlyMap<string, number>): number {
  const { leaf } = branch;
  return b.object(leaf.leafClass, () =>
    b.versioned(1, () => {
      b.versioned(2, () => {
        b.versioned(1, () => b.tObject(OBJECT_BITS).string(branch.name).string(branch.leafTitle));
        b.i32(1) // fLen
          .i32(leaf.size) // fLenType
          .i32(0) // fOffset
          .u8(branch.isCounter ? 1 : 0) // fIsRange: a counter's range is [0, fMaximum]
          .u8(leaf.unsigned ? 1 : 0)
          .u32(branch.counter === undefined ? 0 : leafTags.get(branch.counter)!); // fLeafCount
      });
      writeRange(b, branch);
    }),
  );
}

/** fMinimum and fMaximum in the leaf's own type; a counter's maximum sizes the arrays ROOT reads. */
function writeRange(b: RootBuffer, branch: BranchData): void {
  const max = branch.maximum;
  switch (branch.leaf.size) {
    case 1:
      b.u8(0).u8(max);
      break;
    case 2:
      b.i16(0).i16(max);
      break;
    case 4:
      if (branch.leaf.leafClass === 'TLeafF') b.f32(0).f32(max);
      else b.i32(0).i32(max);
      break;
    case 8:
      if (branch.leaf.leafClass === 'TLeafD') b.f64(0).f64(max);
      else b.i64(0).i64(max);
  }
}

/** ROOT::TIOFeatures, a class without ClassDef: version 0, its checksum, then the feature bits (none). */
function ioFeatures(b: RootBuffer): void {
  b.versioned(0, () => b.u32(classChecksum('ROOT::TIOFeatures')).u8(0));
}

/** A TObjArray streamed as a member: version 3, TObject, empty name, count, lower bound, then the entries. */
function objArray(b: RootBuffer, count: number, entries: () => void): void {
  b.versioned(3, () => {
    b.tObject(OBJECT_BITS).string('').i32(count).i32(0);
    entries();
  });
}

// The TStreamerInfo records a ROOT file carries so readers (ROOT, uproot, jsroot) can decode the TTree, TBranch and
// TLeaf objects written by treeRecord.ts. Each class is described here member by member, in ROOT's own order, with
// ROOT's class versions; the checksums are computed the way ROOT does, so ROOT accepts the records as its own.
// Collections (TObjArray, TList) are left out: every reader streams them with built-in code.
import { OBJECT_BITS, RootBuffer } from './RootBuffer.ts';

/** One data member (or base class) of a streamed class, as a TStreamerElement describes it. */
type Element =
  | { readonly kind: 'base'; readonly name: string; readonly title: string }
  | { readonly kind: 'basic'; readonly name: string; readonly title: string; readonly type: number; readonly typeName: string; readonly size: number }
  | { readonly kind: 'pointer'; readonly name: string; readonly title: string; readonly type: number; readonly typeName: string; readonly countName: string }
  | { readonly kind: 'object' | 'any' | 'objectPointer' | 'string'; readonly name: string; readonly title: string; readonly typeName: string; readonly size: number };

interface ClassInfo {
  readonly name: string;
  readonly version: number;
  readonly elements: readonly Element[];
}

// ROOT's basic type codes (TVirtualStreamerInfo::EReadWrite); a pointer to an array of them adds 40.
const T = { char: 1, short: 2, int: 3, float: 5, counter: 6, double: 8, uchar: 11, uint: 13, bits: 15, long64: 16, bool: 18, pointer: 40 } as const;

const basic = (name: string, title: string, type: number, typeName: string, size: number): Element => ({ kind: 'basic', name, title, type, typeName, size });
const int = (name: string, title: string) => basic(name, title, T.int, 'int', 4);
const long64 = (name: string, title: string) => basic(name, title, T.long64, 'Long64_t', 8);
const base = (name: string, title: string): Element => ({ kind: 'base', name, title });
const objArray = (name: string, title: string): Element => ({ kind: 'object', name, title, typeName: 'TObjArray', size: 64 });
const pointerTo = (name: string, title: string, typeName: string): Element => ({ kind: 'objectPointer', name, title, typeName, size: 8 });
const long64Array = (name: string, title: string, countName: string): Element => ({ kind: 'pointer', name, title: `[${countName}] ${title}`, type: T.pointer + T.long64, typeName: 'Long64_t*', countName });
const ioFeatures = (title: string): Element => ({ kind: 'any', name: 'fIOFeatures', title, typeName: 'ROOT::TIOFeatures', size: 1 });

/** Minimum and maximum members of a TLeaf subclass, of the leaf's value type. */
function leafClass(name: string, type: number, typeName: string, size: number): ClassInfo {
  return {
    name,
    version: 1,
    elements: [
      base('TLeaf', 'Leaf: description of a Branch data type'),
      basic('fMinimum', 'Minimum value if leaf range is specified', type, typeName, size),
      basic('fMaximum', 'Maximum value if leaf range is specified', type, typeName, size),
    ],
  };
}

/** The TLeaf subclasses this writer uses, by class name. */
export const LEAF_CLASSES = {
  TLeafO: leafClass('TLeafO', T.bool, 'bool', 1),
  TLeafB: leafClass('TLeafB', T.char, 'char', 1),
  TLeafS: leafClass('TLeafS', T.short, 'short', 2),
  TLeafI: leafClass('TLeafI', T.int, 'int', 4),
  TLeafL: leafClass('TLeafL', T.long64, 'Long64_t', 8),
  TLeafF: leafClass('TLeafF', T.float, 'float', 4),
  TLeafD: leafClass('TLeafD', T.double, 'double', 8),
} as const;

/** Name of a TLeaf subclass this writer uses. */
export type LeafClassName = keyof typeof LEAF_CLASSES;

const CORE_CLASSES: readonly ClassInfo[] = [
  { name: 'TObject', version: 1, elements: [basic('fUniqueID', 'object unique identifier', T.uint, 'unsigned int', 4), basic('fBits', 'bit field status word', T.bits, 'unsigned int', 4)] },
  {
    name: 'TNamed',
    version: 1,
    elements: [
      base('TObject', 'Basic ROOT object'),
      { kind: 'string', name: 'fName', title: 'object identifier', typeName: 'TString', size: 24 },
      { kind: 'string', name: 'fTitle', title: 'object title', typeName: 'TString', size: 24 },
    ],
  },
  { name: 'TString', version: 2, elements: [] },
  {
    name: 'TAttLine',
    version: 2,
    elements: [basic('fLineColor', 'Line color', T.short, 'short', 2), basic('fLineStyle', 'Line style', T.short, 'short', 2), basic('fLineWidth', 'Line width', T.short, 'short', 2)],
  },
  { name: 'TAttFill', version: 2, elements: [basic('fFillColor', 'Fill area color', T.short, 'short', 2), basic('fFillStyle', 'Fill area style', T.short, 'short', 2)] },
  {
    name: 'TAttMarker',
    version: 2,
    elements: [basic('fMarkerColor', 'Marker color index', T.short, 'short', 2), basic('fMarkerStyle', 'Marker style', T.short, 'short', 2), basic('fMarkerSize', 'Marker size', T.float, 'float', 4)],
  },
  { name: 'ROOT::TIOFeatures', version: 1, elements: [basic('fIOBits', '', T.uchar, 'unsigned char', 1)] },
  {
    name: 'TTree',
    version: 20,
    elements: [
      base('TNamed', 'The basis for a named object (name, title)'),
      base('TAttLine', 'Line attributes'),
      base('TAttFill', 'Fill area attributes'),
      base('TAttMarker', 'Marker attributes'),
      long64('fEntries', 'Number of entries'),
      long64('fTotBytes', 'Total number of bytes in all branches before compression'),
      long64('fZipBytes', 'Total number of bytes in all branches after compression'),
      long64('fSavedBytes', 'Number of autosaved bytes'),
      long64('fFlushedBytes', 'Number of auto-flushed bytes'),
      basic('fWeight', 'Tree weight (see TTree::SetWeight)', T.double, 'double', 8),
      int('fTimerInterval', 'Timer interval in milliseconds'),
      int('fScanField', 'Number of runs before prompting in Scan'),
      int('fUpdate', 'Update frequency for EntryLoop'),
      int('fDefaultEntryOffsetLen', 'Initial Length of fEntryOffset table in the basket buffers'),
      basic('fNClusterRange', "Number of Cluster range in addition to the one defined by 'AutoFlush'", T.counter, 'int', 4),
      long64('fMaxEntries', 'Maximum number of entries in case of circular buffers'),
      long64('fMaxEntryLoop', 'Maximum number of entries to process'),
      long64('fMaxVirtualSize', 'Maximum total size of buffers kept in memory'),
      long64('fAutoSave', 'Autosave tree when fAutoSave entries written or -fAutoSave (compressed) bytes produced'),
      long64('fAutoFlush', 'Auto-flush tree when fAutoFlush entries written or -fAutoFlush (compressed) bytes produced'),
      long64('fEstimate', 'Number of entries to estimate histogram limits'),
      long64Array('fClusterRangeEnd', 'Last entry of a cluster range.', 'fNClusterRange'),
      long64Array('fClusterSize', 'Number of entries in each cluster for a given range.', 'fNClusterRange'),
      ioFeatures('IO features to define for newly-written baskets and branches.'),
      objArray('fBranches', 'List of Branches'),
      objArray('fLeaves', 'Direct pointers to individual branch leaves'),
      pointerTo('fAliases', 'List of aliases for expressions based on the tree branches.', 'TList*'),
      { kind: 'any', name: 'fIndexValues', title: 'Sorted index values', typeName: 'TArrayD', size: 24 },
      { kind: 'any', name: 'fIndex', title: 'Index of sorted values', typeName: 'TArrayI', size: 24 },
      pointerTo('fTreeIndex', 'Pointer to the tree Index (if any)', 'TVirtualIndex*'),
      pointerTo('fFriends', 'pointer to list of friend elements', 'TList*'),
      pointerTo('fUserInfo', 'pointer to a list of user objects associated to this Tree', 'TList*'),
      pointerTo('fBranchRef', 'Branch supporting the TRefTable (if any)', 'TBranchRef*'),
    ],
  },
  {
    name: 'TBranch',
    version: 13,
    elements: [
      base('TNamed', 'The basis for a named object (name, title)'),
      base('TAttFill', 'Fill area attributes'),
      int('fCompress', 'Compression level and algorithm'),
      int('fBasketSize', 'Initial Size of  Basket Buffer'),
      int('fEntryOffsetLen', 'Initial Length of fEntryOffset table in the basket buffers'),
      int('fWriteBasket', 'Last basket number written'),
      long64('fEntryNumber', 'Current entry number (last one filled in this branch)'),
      ioFeatures('IO features for newly-created baskets.'),
      int('fOffset', 'Offset of this branch'),
      basic('fMaxBaskets', 'Maximum number of Baskets so far', T.counter, 'int', 4),
      int('fSplitLevel', 'Branch split level'),
      long64('fEntries', 'Number of entries'),
      long64('fFirstEntry', 'Number of the first entry in this branch'),
      long64('fTotBytes', 'Total number of bytes in all leaves before compression'),
      long64('fZipBytes', 'Total number of bytes in all leaves after compression'),
      objArray('fBranches', '-> List of Branches of this branch'),
      objArray('fLeaves', '-> List of leaves of this branch'),
      objArray('fBaskets', '-> List of baskets of this branch'),
      { kind: 'pointer', name: 'fBasketBytes', title: '[fMaxBaskets] Length of baskets on file', type: T.pointer + T.int, typeName: 'int*', countName: 'fMaxBaskets' },
      long64Array('fBasketEntry', 'Table of first entry in each basket', 'fMaxBaskets'),
      long64Array('fBasketSeek', 'Addresses of baskets on file', 'fMaxBaskets'),
      { kind: 'string', name: 'fFileName', title: 'Name of file where buffers are stored ("" if in same file as Tree header)', typeName: 'TString', size: 24 },
    ],
  },
  {
    name: 'TLeaf',
    version: 2,
    elements: [
      base('TNamed', 'The basis for a named object (name, title)'),
      int('fLen', 'Number of fixed length elements'),
      int('fLenType', 'Number of bytes for this data type'),
      int('fOffset', 'Offset in ClonesArray object (if one)'),
      basic('fIsRange', '(=kTRUE if leaf has a range, kFALSE otherwise)', T.bool, 'bool', 1),
      basic('fIsUnsigned', '(=kTRUE if unsigned, kFALSE otherwise)', T.bool, 'bool', 1),
      pointerTo('fLeafCount', 'Pointer to Leaf count if variable length (we do not own the counter)', 'TLeaf*'),
    ],
  },
];

const CLASSES = new Map<string, ClassInfo>([...CORE_CLASSES, ...Object.values(LEAF_CLASSES)].map((c) => [c.name, c]));

function classInfo(name: string): ClassInfo {
  const info = CLASSES.get(name);
  if (!info) throw new Error(`no streamer info for ${name}`);
  return info;
}

/** ROOT's class checksum (TStreamerInfo::GetCheckSum, latest variant): names, base checksums, member types and array counters. */
export function classChecksum(name: string): number {
  const info = classInfo(name);
  let id = 0;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) id = (Math.imul(id, 3) + text.charCodeAt(i)) >>> 0;
  };
  mix(info.name);
  for (const element of info.elements) {
    if (element.kind !== 'base') continue;
    mix(element.name);
    id = (Math.imul(id, 3) + classChecksum(element.name)) >>> 0;
  }
  for (const element of info.elements) {
    if (element.kind === 'base') continue;
    mix(element.name);
    mix(element.typeName);
    const counter = /^[\s*]*\[([^\]]*)\]/.exec(element.title);
    if (counter) mix(counter[1]!);
  }
  return id;
}

/** The classes whose streamer infos a tree with the given leaf classes needs. */
export function classesForTree(leafClasses: Iterable<LeafClassName>): string[] {
  return [...CORE_CLASSES.map((c) => c.name), ...new Set(leafClasses)];
}

/** The TList of TStreamerInfo records (the file's "StreamerInfo" key payload) for the named classes. */
export function streamerInfoList(classNames: readonly string[]): Uint8Array {
  const b = new RootBuffer(8192);
  b.versioned(5, () => {
    b.tObject(OBJECT_BITS).string('').i32(classNames.length);
    for (const name of classNames) {
      writeStreamerInfo(b, classInfo(name));
      b.string(''); // the list entry's option
    }
  });
  return b.data.slice();
}

/** TStreamerInfo status bits as ROOT writes them (kIsCompiled besides the TObject bits). */
const STREAMER_INFO_BITS = 0x03010000;

function writeStreamerInfo(b: RootBuffer, info: ClassInfo): void {
  b.object('TStreamerInfo', () =>
    b.versioned(9, () => {
      b.versioned(1, () => b.tObject(STREAMER_INFO_BITS).string(info.name).string(''));
      b.u32(classChecksum(info.name)).i32(info.version);
      b.object('TObjArray', () =>
        b.versioned(3, () => {
          b.tObject(0).string('').i32(info.elements.length).i32(0);
          for (const element of info.elements) writeElement(b, info, element);
        }),
      );
    }),
  );
}

const ELEMENT_CLASS: Record<Element['kind'], string> = {
  base: 'TStreamerBase',
  basic: 'TStreamerBasicType',
  pointer: 'TStreamerBasicPointer',
  object: 'TStreamerObject',
  any: 'TStreamerObjectAny',
  objectPointer: 'TStreamerObjectPointer',
  string: 'TStreamerString',
};

const ELEMENT_TYPE: Record<'object' | 'any' | 'objectPointer' | 'string', number> = { object: 61, any: 62, objectPointer: 64, string: 65 };

function writeElement(b: RootBuffer, owner: ClassInfo, element: Element): void {
  b.object(ELEMENT_CLASS[element.kind], () =>
    b.versioned(element.kind === 'base' ? 3 : 2, () => {
      b.versioned(4, () => {
        b.versioned(1, () => b.tObject(OBJECT_BITS).string(element.name).string(element.title));
        if (element.kind === 'base') {
          // TObject and TNamed bases have their own type codes; a base's checksum sits in fMaxIndex[1].
          const type = element.name === 'TObject' ? 66 : element.name === 'TNamed' ? 67 : 0;
          b.i32(type).i32(0).i32(0).i32(0).i32(0).u32(classChecksum(element.name)).i32(0).i32(0).i32(0).string('BASE');
          return;
        }
        const [type, size] = element.kind === 'basic' ? [element.type, element.size] : element.kind === 'pointer' ? [element.type, 8] : [ELEMENT_TYPE[element.kind], element.size];
        b.i32(type).i32(size).i32(0).i32(0);
        for (let i = 0; i < 5; i++) b.i32(0);
        b.string(element.typeName);
      });
      if (element.kind === 'base') b.i32(classInfo(element.name).version);
      if (element.kind === 'pointer') b.i32(owner.version).string(element.countName).string(owner.name);
    }),
  );
}

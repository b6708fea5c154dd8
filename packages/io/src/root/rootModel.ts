/** The fields afkit reads from jsroot's decoded TLeaf objects. */
export interface RootLeaf {
  readonly _typename: string;
  readonly fName: string;
  readonly fTitle: string;
  readonly fLen: number;
  readonly fLenType: number;
  readonly fIsUnsigned: boolean;
  readonly fLeafCount?: RootLeaf | null;
}

/** The fields afkit reads from jsroot's decoded TBranch objects: basket positions and entry ranges. */
export interface RootBranch {
  readonly _typename: string;
  readonly fName: string;
  readonly fTitle: string;
  readonly fEntries: number;
  readonly fWriteBasket: number;
  readonly fBasketEntry: ArrayLike<number>;
  readonly fBasketSeek: ArrayLike<number>;
  readonly fBasketBytes: ArrayLike<number>;
  readonly fTotBytes: number;
  readonly fZipBytes: number;
  readonly fLeaves: { readonly arr: readonly RootLeaf[] };
  readonly fBranches: { readonly arr: readonly RootBranch[] };
  readonly fMaxBaskets: number;
  /** Baskets that were still in memory when the file was closed, stored inside the tree record (jsroot decodes them). */
  readonly fBaskets?: { readonly arr: readonly (RootEmbeddedBasket | null | undefined)[] };
}

/** The fields afkit reads from jsroot's decoded TTree objects. */
export interface RootTree {
  readonly _typename: string;
  readonly fName: string;
  readonly fTitle: string;
  readonly fEntries: number;
  readonly fTotBytes: number;
  readonly fZipBytes: number;
  readonly fBranches: { readonly arr: readonly RootBranch[] };
}

/** A basket stored inside the TTree record, as jsroot's TBasket streamer leaves it. */
export interface RootEmbeddedBasket {
  readonly fNevBuf: number;
  readonly fNevBufSize: number;
  readonly fLast: number;
  readonly fKeylen: number;
  readonly fEntryOffset?: ArrayLike<number>;
  readonly fBufferRef?: { readonly arr: DataView } | null;
}

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
  readonly fBaskets?: { readonly arr: readonly unknown[] };
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

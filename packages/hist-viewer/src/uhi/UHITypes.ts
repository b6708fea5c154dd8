/** A UHI metadata value: the schema allows only flat strings, numbers and booleans. */
export type MetadataValue = string | number | boolean;

/** A flat UHI metadata dictionary (on a histogram or an axis). */
export type Metadata = Record<string, MetadataValue>;

/** UHI `writer_info`: per-library flat dictionaries, e.g. `{"boost-histogram": {"orig_type": "Integer"}}`. */
export type WriterInfo = Record<string, Record<string, MetadataValue>>;

/** A nested array of numbers as UHI writes bin data (row-major, flow bins included). */
export type NDArray = ReadonlyArray<number | NDArray>;

interface UHIAxisCommon {
  readonly metadata?: Metadata;
  readonly writer_info?: WriterInfo;
}

/** UHI regular axis: `bins` equal bins between `lower` and `upper`. */
export interface UHIRegularAxis extends UHIAxisCommon {
  readonly type: 'regular';
  readonly lower: number;
  readonly upper: number;
  readonly bins: number;
  readonly underflow: boolean;
  readonly overflow: boolean;
  readonly circular: boolean;
}

/** UHI variable axis: bins between consecutive `edges`. */
export interface UHIVariableAxis extends UHIAxisCommon {
  readonly type: 'variable';
  readonly edges: readonly number[];
  readonly underflow: boolean;
  readonly overflow: boolean;
  readonly circular: boolean;
}

/** UHI string category axis; `flow` adds an "other" bin at the overflow position. */
export interface UHICategoryStrAxis extends UHIAxisCommon {
  readonly type: 'category_str';
  readonly categories: readonly string[];
  readonly flow: boolean;
}

/** UHI integer category axis; `flow` adds an "other" bin at the overflow position. */
export interface UHICategoryIntAxis extends UHIAxisCommon {
  readonly type: 'category_int';
  readonly categories: readonly number[];
  readonly flow: boolean;
}

/** UHI boolean axis: two bins, false and true, no flow. */
export interface UHIBooleanAxis extends UHIAxisCommon {
  readonly type: 'boolean';
}

/** Any UHI axis. */
export type UHIAxis = UHIRegularAxis | UHIVariableAxis | UHICategoryStrAxis | UHICategoryIntAxis | UHIBooleanAxis;

/** A UHI storage in its dense form (what afkit writes; it also reads the sparse form). */
export type UHIStorage =
  | { readonly type: 'int' | 'double'; readonly values?: NDArray; readonly index?: readonly (readonly number[])[] }
  | { readonly type: 'weighted'; readonly values?: NDArray; readonly variances?: NDArray; readonly index?: readonly (readonly number[])[] }
  | {
      readonly type: 'mean';
      readonly counts?: NDArray;
      readonly values?: NDArray;
      readonly variances?: NDArray;
      readonly index?: readonly (readonly number[])[];
    }
  | {
      readonly type: 'weighted_mean';
      readonly sum_of_weights?: NDArray;
      readonly sum_of_weights_squared?: NDArray;
      readonly values?: NDArray;
      readonly variances?: NDArray;
      readonly index?: readonly (readonly number[])[];
    };

/** One histogram in UHI's JSON form (`uhi.io.json.to_dict(h)`); a UHI file maps names to these. */
export interface UHIHistogram {
  readonly uhi_schema?: 1;
  readonly writer_info?: WriterInfo;
  readonly metadata?: Metadata;
  readonly axes: readonly UHIAxis[];
  readonly storage: UHIStorage;
}

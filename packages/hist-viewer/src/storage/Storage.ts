import { FacilityError } from '@afkit/core';

/** UHI storage kinds: counts (int, double), Σw and Σw² (weighted), profiles (mean, weighted_mean). */
export type StorageKind = 'int' | 'double' | 'weighted' | 'mean' | 'weighted_mean';

/** The arrays each storage keeps, named as in UHI JSON. */
export const STORAGE_FIELDS = {
  int: ['values'],
  double: ['values'],
  weighted: ['values', 'variances'],
  mean: ['counts', 'values', 'variances'],
  weighted_mean: ['sum_of_weights', 'sum_of_weights_squared', 'values', 'variances'],
} as const satisfies Record<StorageKind, readonly string[]>;

/** A UHI storage array name. */
export type StorageField = (typeof STORAGE_FIELDS)[StorageKind][number];

/** True for a known storage kind. */
export function isStorageKind(kind: unknown): kind is StorageKind {
  return typeof kind === 'string' && Object.hasOwn(STORAGE_FIELDS, kind);
}

/**
 * Bin contents in flat Float64Arrays, flow bins included, row-major in the order of boost-histogram's
 * `h.view(flow=True)` (last axis fastest), which is also the nesting order of UHI JSON arrays.
 * Profiles keep UHI's (count, mean, variance) so that a read file is written back bit for bit.
 */
export class Storage {
  readonly arrays: Readonly<Partial<Record<StorageField, Float64Array>>>;

  constructor(
    readonly kind: StorageKind,
    readonly size: number,
    arrays?: Partial<Record<StorageField, Float64Array>>,
  ) {
    const made: Partial<Record<StorageField, Float64Array>> = {};
    for (const field of STORAGE_FIELDS[kind]) {
      const given = arrays?.[field];
      if (given && given.length !== size) {
        throw new FacilityError('invalid-input', `Storage "${field}" has ${given.length} entries; the axes need ${size}.`);
      }
      made[field] = given ?? new Float64Array(size);
    }
    this.arrays = made;
  }

  /** Bin values: counts, Σw, or the profile means. */
  get values(): Float64Array {
    return this.arrays.values!;
  }

  /** The array of a field this storage has. */
  field(name: StorageField): Float64Array {
    const a = this.arrays[name];
    if (!a) throw new FacilityError('internal', `A ${this.kind} storage has no "${name}".`);
    return a;
  }

  /** The weight in a bin: counts, Σw, or a profile's Σw. */
  weightArray(): Float64Array {
    if (this.kind === 'mean') return this.arrays.counts!;
    if (this.kind === 'weighted_mean') return this.arrays.sum_of_weights!;
    return this.arrays.values!;
  }

  /** Variance estimate per bin: Σw² when weighted, the counts themselves (Poisson) for int/double, the profile's variance of the mean otherwise. */
  variances(): Float64Array {
    switch (this.kind) {
      case 'int':
      case 'double':
        return this.arrays.values!;
      case 'weighted':
        return this.arrays.variances!;
      case 'mean': {
        const n = this.arrays.counts!;
        return this.arrays.variances!.map((v, i) => v / n[i]!);
      }
      case 'weighted_mean': {
        const sw = this.arrays.sum_of_weights!;
        const sw2 = this.arrays.sum_of_weights_squared!;
        // variance of the mean = sample variance / effective entries, with n_eff = (Σw)² / Σw²
        return this.arrays.variances!.map((v, i) => (v * sw2[i]!) / (sw[i]! * sw[i]!));
      }
    }
  }

  /** An empty storage of the same kind and another size. */
  emptyLike(size: number): Storage {
    return new Storage(this.kind, size);
  }

  clone(): Storage {
    const copy: Partial<Record<StorageField, Float64Array>> = {};
    for (const field of STORAGE_FIELDS[this.kind]) copy[field] = this.arrays[field]!.slice();
    return new Storage(this.kind, this.size, copy);
  }

  /** Sets every bin to empty. */
  reset(): void {
    for (const field of STORAGE_FIELDS[this.kind]) this.arrays[field]!.fill(0);
  }

  /** Adds bin `si` of `src` into bin `di` of this one, as boost-histogram adds accumulators. */
  addBin(di: number, src: Storage, si: number): void {
    const a = this.arrays;
    const b = src.arrays;
    switch (this.kind) {
      case 'int':
      case 'double':
        a.values![di]! += b.values![si]!;
        return;
      case 'weighted':
        a.values![di]! += b.values![si]!;
        a.variances![di]! += b.variances![si]!;
        return;
      case 'mean': {
        const n2 = b.counts![si]!;
        if (n2 === 0) return;
        const n1 = a.counts![di]!;
        if (n1 === 0) return this.copyBin(di, src, si);
        const mu1 = a.values![di]!;
        const mu2 = b.values![si]!;
        const n = n1 + n2;
        const mu = (n1 * mu1 + n2 * mu2) / n;
        const ss = meanDeltas(a.variances![di]!, n1) + meanDeltas(b.variances![si]!, n2) + n1 * (mu - mu1) ** 2 + n2 * (mu - mu2) ** 2;
        a.counts![di] = n;
        a.values![di] = mu;
        a.variances![di] = ss / (n - 1);
        return;
      }
      case 'weighted_mean': {
        const w2 = b.sum_of_weights![si]!;
        if (w2 === 0) return;
        const w1 = a.sum_of_weights![di]!;
        if (w1 === 0 && a.sum_of_weights_squared![di] === 0) return this.copyBin(di, src, si);
        const q1 = a.sum_of_weights_squared![di]!;
        const q2 = b.sum_of_weights_squared![si]!;
        const mu1 = a.values![di]!;
        const mu2 = b.values![si]!;
        const w = w1 + w2;
        const q = q1 + q2;
        const mu = (w1 * mu1 + w2 * mu2) / w;
        const ss =
          weightedMeanDeltas(a.variances![di]!, w1, q1) + weightedMeanDeltas(b.variances![si]!, w2, q2) + w1 * (mu - mu1) ** 2 + w2 * (mu - mu2) ** 2;
        a.sum_of_weights![di] = w;
        a.sum_of_weights_squared![di] = q;
        a.values![di] = mu;
        a.variances![di] = ss / (w - q / w);
        return;
      }
    }
  }

  /** Overwrites bin `di` with bin `si` of `src`. */
  copyBin(di: number, src: Storage, si: number): void {
    for (const field of STORAGE_FIELDS[this.kind]) this.arrays[field]![di] = src.arrays[field]![si]!;
  }
}

/** Σ w·(x − mean)² of a mean accumulator, recovered from its variance Σ/(n − 1). */
export function meanDeltas(variance: number, n: number): number {
  const d = n - 1;
  return d !== 0 && Number.isFinite(variance) ? variance * d : 0;
}

/** Σ w·(x − mean)² of a weighted-mean accumulator, recovered from its variance Σ/(Σw − Σw²/Σw). */
export function weightedMeanDeltas(variance: number, sw: number, sw2: number): number {
  const d = sw - sw2 / sw;
  return d !== 0 && Number.isFinite(d) && Number.isFinite(variance) ? variance * d : 0;
}

import { FacilityError } from '@afkit/core';
import type { Storage } from './Storage.ts';
import { meanDeltas, weightedMeanDeltas } from './Storage.ts';

/**
 * Adds entries to a storage: entry k goes to flat bin `index[k]` (skipped when negative) with weight
 * `weight[k]` (or the scalar weight) and, for profiles, sample `sample[k]`, with boost-histogram's accumulator updates.
 */
export function accumulate(storage: Storage, index: Int32Array, weight: ArrayLike<number> | number, sample: ArrayLike<number> | undefined): void {
  const n = index.length;
  const scalar = typeof weight === 'number';
  const w0 = scalar ? weight : 0;
  const ws = scalar ? undefined : weight;
  const a = storage.arrays;
  switch (storage.kind) {
    case 'int':
    case 'double': {
      const v = a.values!;
      for (let k = 0; k < n; k++) {
        const i = index[k]!;
        if (i >= 0) v[i]! += scalar ? w0 : ws![k]!;
      }
      return;
    }
    case 'weighted': {
      const v = a.values!;
      const q = a.variances!;
      for (let k = 0; k < n; k++) {
        const i = index[k]!;
        if (i < 0) continue;
        const w = scalar ? w0 : ws![k]!;
        v[i]! += w;
        q[i]! += w * w;
      }
      return;
    }
    case 'mean':
    case 'weighted_mean': {
      if (!sample) throw new FacilityError('invalid-input', `A ${storage.kind} storage is filled with samples: pass \`sample\`.`);
      accumulateProfile(storage, index, scalar ? undefined : ws, w0, sample);
      return;
    }
  }
}

/** Welford updates on Σ deltas², converted from and back to UHI's variance once per fill so precision is not lost per entry. */
function accumulateProfile(storage: Storage, index: Int32Array, ws: ArrayLike<number> | undefined, w0: number, sample: ArrayLike<number>): void {
  const a = storage.arrays;
  const weighted = storage.kind === 'weighted_mean';
  const sum = weighted ? a.sum_of_weights! : a.counts!;
  const sum2 = a.sum_of_weights_squared;
  const mean = a.values!;
  const variance = a.variances!;
  const touched = new Uint8Array(storage.size);
  const deltas = new Float64Array(storage.size);
  for (let k = 0; k < index.length; k++) {
    const i = index[k]!;
    if (i >= 0 && !touched[i]) {
      touched[i] = 1;
      deltas[i] = weighted ? weightedMeanDeltas(variance[i]!, sum[i]!, sum2![i]!) : meanDeltas(variance[i]!, sum[i]!);
    }
  }
  for (let k = 0; k < index.length; k++) {
    const i = index[k]!;
    if (i < 0) continue;
    const w = ws ? ws[k]! : w0;
    const x = sample[k]!;
    sum[i]! += w;
    if (sum2) sum2[i]! += w * w;
    const delta = x - mean[i]!;
    mean[i]! += (w * delta) / sum[i]!;
    deltas[i]! += w * delta * (x - mean[i]!);
  }
  for (let i = 0; i < storage.size; i++) {
    if (!touched[i]) continue;
    variance[i] = weighted ? deltas[i]! / (sum[i]! - sum2![i]! / sum[i]!) : deltas[i]! / (sum[i]! - 1);
  }
}

// Equal-width binning of a batch of raw values for histogram snapshots (weights, gradients, advantages, …).
// Binning follows TensorBoard's histogram summary: width = (max − min)/nBins, index = floor((v − min)/width)
// clamped to the last bin, so v = max lands in the last bin.

/** A binned batch: `counts.length` equal-width bins over [min, max], plus what could not be binned. */
export interface BinnedValues {
  /** Lower edge of the first bin (NaN when there was nothing finite to bin). */
  min: number;
  /** Upper edge of the last bin (NaN when there was nothing finite to bin). */
  max: number;
  counts: Float32Array;
  /** Values that were binned. */
  total: number;
  /** NaN values (excluded from the bins). */
  nan: number;
  /** +Infinity values (excluded). */
  posInf: number;
  /** −Infinity values (excluded). */
  negInf: number;
  /** Finite values outside an explicit `range` (excluded), below and above. */
  underflow: number;
  overflow: number;
}

/** Bins of a histogram snapshot, TensorBoard's default count. */
export const DEFAULT_BINS = 30;

/**
 * Bin `values` into `nBins` equal-width bins over `range` (default: [min, max] of the finite values).
 * NaN and ±Inf are counted separately and left out. When every finite value is equal (v), the bins span
 * [v − 0.5, v + 0.5] (TensorBoard's single-bucket convention) so v sits in the middle bin. Empty or all
 * non-finite input gives all-zero counts with min = max = NaN: callers skip snapshots with total 0.
 * One pass for the range, one for the counts; `out` (length nBins) avoids the allocation.
 */
export function binValues(values: ArrayLike<number>, nBins = DEFAULT_BINS, range?: readonly [number, number], out?: Float32Array): BinnedValues {
  if (!Number.isInteger(nBins) || nBins < 1) throw new Error(`need an integer bin count ≥ 1, got ${nBins}`);
  const counts = out ?? new Float32Array(nBins);
  if (counts.length !== nBins) throw new Error(`output has ${counts.length} bins, expected ${nBins}`);
  counts.fill(0);
  let nan = 0;
  let posInf = 0;
  let negInf = 0;
  let lo: number;
  let hi: number;
  if (range !== undefined) {
    [lo, hi] = range;
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi >= lo)) throw new Error(`bad histogram range [${lo}, ${hi}]`);
  } else {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  const result = (total: number, underflow: number, overflow: number, min: number, max: number): BinnedValues => ({
    min,
    max,
    counts,
    total,
    nan,
    posInf,
    negInf,
    underflow,
    overflow,
  });
  if (lo > hi) {
    // Nothing finite: count the rest, bin nothing.
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== v) nan++;
      else if (v === Infinity) posInf++;
      else if (v === -Infinity) negInf++;
    }
    return result(0, 0, 0, NaN, NaN);
  }
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const scale = nBins / (hi - lo);
  let total = 0;
  let underflow = 0;
  let overflow = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) nan++;
    else if (v === Infinity) posInf++;
    else if (v === -Infinity) negInf++;
    else if (v < lo) underflow++;
    else if (v > hi) overflow++;
    else {
      let b = Math.floor((v - lo) * scale);
      if (b >= nBins) b = nBins - 1;
      else if (b < 0) b = 0;
      counts[b]++;
      total++;
    }
  }
  return result(total, underflow, overflow, lo, hi);
}

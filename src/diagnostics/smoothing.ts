// TensorBoard's scalar smoothing: a debiased exponential moving average
// (tensorboard/components/vz_line_chart2/line-chart.ts, `resmoothDataset`):
//   last ← last·w + (1 − w)·y;  n ← n + 1;  smoothed = last / (1 − wⁿ)
// counted over finite points only. Non-finite points (NaN gaps, ±Inf) are skipped and keep their own value;
// a constant series is returned unchanged (TensorBoard #786: no rounding wiggle on flat lines).

/** Largest weight the slider allows (TensorBoard caps at 0.999: w = 1 would never move). */
export const MAX_SMOOTHING_WEIGHT = 0.999;

function clampWeight(weight: number): number {
  if (!(weight > 0)) return 0;
  return weight > MAX_SMOOTHING_WEIGHT ? MAX_SMOOTHING_WEIGHT : weight;
}

/** Smooth a whole series with weight w ∈ [0, 0.999] (clamped). O(n); `out` (same length) avoids the allocation. */
export function smoothEma(values: ArrayLike<number>, weight: number, out?: Float64Array): Float64Array {
  const n = values.length;
  const res = out ?? new Float64Array(n);
  if (res.length < n) throw new Error(`output has ${res.length} entries, need ${n}`);
  const w = clampWeight(weight);
  let constant = true;
  for (let i = 1; i < n && constant; i++) constant = values[i] === values[0];
  let last = 0;
  let numAccum = 0;
  for (let i = 0; i < n; i++) {
    const y = values[i];
    if (constant || !Number.isFinite(y)) {
      res[i] = y;
      continue;
    }
    last = last * w + (1 - w) * y;
    numAccum++;
    res[i] = last / (1 - Math.pow(w, numAccum));
  }
  return res;
}

/**
 * The same EMA one point at a time, for series that grow while they are drawn. Matches `smoothEma` on every
 * prefix except for the constant-series rule, where the two agree up to float rounding.
 */
export class EmaSmoother {
  private last = 0;
  private numAccum = 0;
  readonly weight: number;

  constructor(weight: number) {
    this.weight = clampWeight(weight);
  }

  /** Feed one raw value; returns its smoothed value (non-finite values pass through and are not counted). */
  push(y: number): number {
    if (!Number.isFinite(y)) return y;
    const w = this.weight;
    this.last = this.last * w + (1 - w) * y;
    this.numAccum++;
    return this.last / (1 - Math.pow(w, this.numAccum));
  }

  reset(): void {
    this.last = 0;
    this.numAccum = 0;
  }
}

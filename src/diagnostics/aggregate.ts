// Windowed aggregation of per-episode values (charts/episodic_return, charts/episodic_length) into the
// mean / std band / min-max whiskers / median the charts draw, and charts/solve_rate.
// Input: one point per finished episode, in the order they finished, with the env step at which each ended.

import { summarize } from './stats.ts';

/** Per-step booleans (non-zero = set), as src/rl/returns.ts's Flags. */
type Flags = ArrayLike<number> | ArrayLike<boolean>;

/** One row per window, columnar. `step` is the env step of the window's last episode (where its point is drawn). */
export interface WindowStats {
  step: Float64Array;
  /** Episodes in the window. */
  count: Float64Array;
  mean: Float64Array;
  /** Population std (ddof 0); 0 for a single episode. */
  std: Float64Array;
  min: Float64Array;
  max: Float64Array;
  median: Float64Array;
}

/** Fraction of solved episodes per window. */
export interface SolveRate {
  step: Float64Array;
  count: Float64Array;
  rate: Float64Array;
}

/**
 * Window boundaries as [start, end) index pairs: consecutive runs of `size` episodes (the last may be partial),
 * or, with `by: 'steps'`, the episodes whose end step falls in [k·size, (k+1)·size) (empty windows omitted).
 */
function windows(steps: ArrayLike<number>, size: number, by: 'episodes' | 'steps'): number[] {
  if (!(size > 0)) throw new Error(`window size must be positive, got ${size}`);
  const bounds: number[] = [];
  const n = steps.length;
  let start = 0;
  for (let i = 1; i <= n; i++) {
    const cut = i === n || (by === 'episodes' ? i - start >= size : Math.floor(steps[i] / size) !== Math.floor(steps[start] / size));
    if (cut) {
      bounds.push(start, i);
      start = i;
    }
  }
  return bounds;
}

/**
 * Aggregate per-episode `values` (ended at `steps`) per window: mean, std (ddof 0), min, max, median.
 * `by: 'episodes'` (default): every `size` consecutive episodes; `by: 'steps'`: every `size` env steps.
 * NaN in a window propagates to its statistics. O(n log w).
 */
export function aggregateEpisodes(steps: ArrayLike<number>, values: ArrayLike<number>, size: number, by: 'episodes' | 'steps' = 'episodes'): WindowStats {
  if (steps.length !== values.length) throw new Error(`${steps.length} steps for ${values.length} values`);
  const b = windows(steps, size, by);
  const k = b.length / 2;
  const res: WindowStats = {
    step: new Float64Array(k),
    count: new Float64Array(k),
    mean: new Float64Array(k),
    std: new Float64Array(k),
    min: new Float64Array(k),
    max: new Float64Array(k),
    median: new Float64Array(k),
  };
  const all = Float64Array.from(values as ArrayLike<number>);
  for (let w = 0; w < k; w++) {
    const s = summarize(all.subarray(b[2 * w], b[2 * w + 1]));
    res.step[w] = steps[b[2 * w + 1] - 1];
    res.count[w] = s.count;
    res.mean[w] = s.mean;
    res.std[w] = s.std;
    res.min[w] = s.min;
    res.max[w] = s.max;
    res.median[w] = s.median;
  }
  return res;
}

/** charts/solve_rate: fraction of each window's episodes that met the env's solved condition. Windows as `aggregateEpisodes`. */
export function solveRate(steps: ArrayLike<number>, solved: Flags, size: number, by: 'episodes' | 'steps' = 'episodes'): SolveRate {
  if (steps.length !== solved.length) throw new Error(`${steps.length} steps for ${solved.length} flags`);
  const b = windows(steps, size, by);
  const k = b.length / 2;
  const res: SolveRate = { step: new Float64Array(k), count: new Float64Array(k), rate: new Float64Array(k) };
  for (let w = 0; w < k; w++) {
    let c = 0;
    for (let i = b[2 * w]; i < b[2 * w + 1]; i++) if (solved[i]) c++;
    const count = b[2 * w + 1] - b[2 * w];
    res.step[w] = steps[b[2 * w + 1] - 1];
    res.count[w] = count;
    res.rate[w] = c / count;
  }
  return res;
}

/**
 * Trailing mean over the last `size` values at every index (fewer at the start): "mean return over the last
 * 20 episodes", the solved criterion of DIAGNOSTICS.md §2. O(n) running sum; a non-finite value makes the windows that hold it NaN.
 */
export function trailingMean(values: ArrayLike<number>, size: number, out?: Float64Array): Float64Array {
  if (!Number.isInteger(size) || size < 1) throw new Error(`window size must be an integer ≥ 1, got ${size}`);
  const n = values.length;
  const res = out ?? new Float64Array(n);
  let sum = 0;
  let nans = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) nans++;
    else sum += v;
    if (i >= size) {
      const old = values[i - size];
      if (!Number.isFinite(old)) nans--;
      else sum -= old;
    }
    res[i] = nans > 0 ? NaN : sum / Math.min(i + 1, size);
  }
  return res;
}

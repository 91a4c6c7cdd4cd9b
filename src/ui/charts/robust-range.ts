// TensorBoard's "ignore outliers in chart scaling": the y range fits the body of the data (its
// values with the extreme 5 % trimmed off each end) widened by a fence, so one extreme early point
// (a first SPS of 500k, a value target of 1519 at step 512) cannot flatten the rest of the chart.
// Only where it helps: a body that already fills a fifth of the full range, or that is one flat
// value (solve rate 0 with a few solved windows), is drawn with every point. The newest stretch of
// data always stays in range: a breakthrough is never hidden as an outlier. Pure.

import type { Domain } from './scales.ts';

/** Share of the sample trimmed off each end to find the body (at least one value each). */
export const TRIM = 0.05;
/** Fewer values than this: no trimming (there is no body to speak of yet). */
export const MIN_SAMPLE = 8;
/** Linear axes: the range reaches at most this many body widths beyond the body on each side (Tukey's 1.5). */
export const LINEAR_FENCE = 1.5;
/** Log axes: the fence in decades, from half a decade to two (never two orders beyond the body). */
export const LOG_FENCE: readonly [number, number] = [0.5, 2];
/** The newest share of the x extent is always drawn in full. */
export const RECENT = 0.2;
/** Outliers are left out only when the body would fill less than this share of the full range. */
export const SQUASHED = 0.2;

export interface RobustRange {
  /** The trimmed sample's extent (data units): where most points lie. */
  body: Domain;
  /** The y range to draw: the full extent cut at the fences, widened to `keep`. */
  domain: Domain;
  /** The full extent of the sample and `keep`. */
  full: Domain;
  /** Some values lie outside `domain`. */
  clipped: boolean;
}

/**
 * The robust y range of the first `n` values of `sample` (finite, and positive when `log`; sorted
 * in place). `keep`: an extent that must stay visible (the newest data). Null for an empty sample.
 * On a log axis the body and fences are measured in decades.
 */
export function robustRange(sample: Float64Array, n: number, log: boolean, keep: Domain | null = null): RobustRange | null {
  if (n === 0) return keep ? { body: keep, domain: keep, full: keep, clipped: false } : null;
  const v = sample.subarray(0, n).sort();
  const t = log ? Math.log10 : (x: number) => x;
  const inv = log ? (x: number) => 10 ** x : (x: number) => x;
  const k = n >= MIN_SAMPLE ? Math.max(1, Math.floor(TRIM * n)) : 0;
  const body: Domain = [v[k], v[n - 1 - k]];
  let lo = v[0];
  let hi = v[n - 1];
  const width = t(body[1]) - t(body[0]);
  if (k > 0 && width > 0 && width < SQUASHED * (t(hi) - t(lo))) {
    const fence = log ? Math.min(LOG_FENCE[1], Math.max(LOG_FENCE[0], width)) : LINEAR_FENCE * width;
    lo = Math.max(lo, inv(t(body[0]) - fence));
    hi = Math.min(hi, inv(t(body[1]) + fence));
  }
  let full: Domain = [v[0], v[n - 1]];
  if (keep) {
    lo = Math.min(lo, keep[0]);
    hi = Math.max(hi, keep[1]);
    full = [Math.min(full[0], keep[0]), Math.max(full[1], keep[1])];
  }
  return { body, domain: [lo, hi], full, clipped: lo > full[0] || hi < full[1] };
}

/** A growable sample of finite values (positive only, for log axes), reused from frame to frame. */
export class Sample {
  values = new Float64Array(1024);
  length = 0;
  log = false;

  reset(log: boolean): void {
    this.log = log;
    this.length = 0;
  }

  /** Whether `v` can be drawn on this axis. */
  accepts(v: number): boolean {
    return v === v && v !== Infinity && v !== -Infinity && (!this.log || v > 0);
  }

  add(v: number): void {
    if (!this.accepts(v)) return;
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = v;
  }
}

/** A drawn series for the off-scale marks: x positions and one or more value columns. */
export interface MarkSource {
  x: ArrayLike<number>;
  values: readonly ArrayLike<number>[];
  length: number;
}

/**
 * Pixel columns (every `binPx`) where drawn values lie above or below `[lo, hi]`: the "off the chart"
 * marks. On a log axis values ≤ 0 are gaps, not "below".
 */
export function offscaleColumns(series: readonly MarkSource[], [lo, hi]: Domain, xPixel: (x: number) => number, log = false, binPx = 6): { above: number[]; below: number[] } {
  const above = new Set<number>();
  const below = new Set<number>();
  for (const s of series) {
    for (let i = 0; i < s.length; i++) {
      for (const col of s.values) {
        const y = col[i];
        if (!(y > hi || y < lo) || (log && !(y > 0))) continue;
        const px = xPixel(s.x[i]);
        if (px !== px) continue;
        (y > hi ? above : below).add(Math.round(px / binPx) * binPx);
      }
    }
  }
  const sorted = (set: Set<number>): number[] => [...set].sort((a, b) => a - b);
  return { above: sorted(above), below: sorted(below) };
}

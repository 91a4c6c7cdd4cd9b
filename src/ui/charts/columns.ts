// Growable Float64 columns with amortised doubling: appending a chunk copies only on growth,
// and readers get zero-copy subarray views of the filled prefix (uPlot-style column arrays).

import type { XAxis } from '../../config/view-options.ts';
import { upperBound } from '../../diagnostics/decimate.ts';
import { decimationIndices } from '../../history/decimate.ts';

const MIN_CAPACITY = 64;

/** A set of equally long Float64 columns that grow together. */
export class Columns<K extends string> {
  private store: Record<K, Float64Array>;
  private filled = 0;
  private readonly names: readonly K[];

  constructor(names: readonly K[], initialCapacity = MIN_CAPACITY) {
    this.names = names;
    const cap = Math.max(1, initialCapacity);
    this.store = {} as Record<K, Float64Array>;
    for (const n of names) this.store[n] = new Float64Array(cap);
  }

  get length(): number {
    return this.filled;
  }

  get capacity(): number {
    return this.store[this.names[0]].length;
  }

  /** Make room for `extra` more rows, doubling so that n appends cost O(n) in total. */
  reserve(extra: number): void {
    const need = this.filled + extra;
    if (need <= this.capacity) return;
    let cap = Math.max(MIN_CAPACITY, this.capacity * 2);
    while (cap < need) cap *= 2;
    for (const n of this.names) {
      const next = new Float64Array(cap);
      next.set(this.store[n].subarray(0, this.filled));
      this.store[n] = next;
    }
  }

  /** Append equally long source columns (missing names are filled with NaN). */
  append(src: Partial<Record<K, ArrayLike<number>>>, count: number): void {
    if (count <= 0) return;
    this.reserve(count);
    for (const n of this.names) {
      const col = this.store[n];
      const s = src[n];
      if (s === undefined) col.fill(NaN, this.filled, this.filled + count);
      else if (s instanceof Float64Array || s instanceof Float32Array) {
        col.set(s.length === count ? s : s.subarray(0, count), this.filled);
      } else for (let i = 0; i < count; i++) col[this.filled + i] = s[i];
    }
    this.filled += count;
  }

  /** Append one row. */
  push(row: Record<K, number>): void {
    this.reserve(1);
    for (const n of this.names) this.store[n][this.filled] = row[n];
    this.filled += 1;
  }

  /** Zero-copy view of the filled part of a column (invalidated by the next growth). */
  col(name: K): Float64Array {
    return this.store[name].subarray(0, this.filled);
  }

  /** Raw backing array (length ≥ `length`); for hot loops that index up to `length`. */
  raw(name: K): Float64Array {
    return this.store[name];
  }

  /** Declare rows [length, n) written directly into the raw arrays (after `reserve`). */
  markFilled(n: number): void {
    if (n > this.capacity) throw new Error(`markFilled(${n}) beyond capacity ${this.capacity}`);
    this.filled = n;
  }

  /**
   * Keep only the rows `keep` (ascending indices below `upTo`) of [0, upTo) and every row from `upTo` on,
   * in fresh arrays of the same capacity: views and raw arrays taken before stay as they were, and a
   * reader that caches by array identity (IncrementalDecimator, SmoothCache) starts over.
   */
  compact(keep: ArrayLike<number>, upTo: number): void {
    upTo = Math.max(0, Math.min(this.filled, upTo));
    for (const n of this.names) {
      const old = this.store[n];
      const next = new Float64Array(old.length);
      for (let k = 0; k < keep.length; k++) next[k] = old[keep[k]];
      next.set(old.subarray(upTo, this.filled), keep.length);
      this.store[n] = next;
    }
    this.filled = keep.length + (this.filled - upTo);
  }

  /** Forget rows from index n on (keeps capacity). */
  truncate(n: number): void {
    this.filled = Math.max(0, Math.min(this.filled, n));
  }

  clear(): void {
    this.filled = 0;
  }
}

export { X_AXES, type XAxis } from '../../config/view-options.ts';

/**
 * Points one chart series holds in memory (a power of two: the capacity never passes it; 128 kB a series,
 * ~7.5 MB for the ~60 series of PPO with every chart on). A series that would pass it thins its older half
 * to a quarter of this (decimationIndices: per one of 341 equal stretches of env steps, its first point,
 * minimum and maximum, so spikes stay), keeping the newer half at full resolution: memory stays bounded in
 * hours-long runs and the drawn line (M4, per pixel column) keeps every extreme. The run's record in the
 * history (src/history/) is written from the worker's batches, not from here.
 */
export const MAX_SERIES_POINTS = 4096;

/** One scalar metric of one run: env step, update, wall seconds and value per point. */
export class ScalarSeries extends Columns<XAxis | 'value'> {
  constructor(
    readonly key: string,
    initialCapacity = MIN_CAPACITY,
    readonly maxPoints = MAX_SERIES_POINTS,
  ) {
    super(['step', 'update', 'wall', 'value'], Math.min(initialCapacity, maxPoints));
  }

  override append(src: Partial<Record<XAxis | 'value', ArrayLike<number>>>, count: number): void {
    if (this.length + count > this.maxPoints && this.length >= 8) {
      const half = Math.floor(this.length / 2);
      this.compact(decimationIndices(this.raw('step'), this.raw('value'), Math.floor(half / 2), half), half);
    }
    super.append(src, count);
  }

  /** Last finite value, or NaN. */
  lastFinite(): number {
    const v = this.raw('value');
    for (let i = this.length - 1; i >= 0; i--) if (Number.isFinite(v[i])) return v[i];
    return NaN;
  }
}

/** Index of the last element ≤ x in an ascending column (−1 when none). NaN-free columns only. */
export function bisectRight(col: ArrayLike<number>, x: number, n = col.length): number {
  return upperBound(col, n, x) - 1;
}

/** Index of the element nearest to x in an ascending column (−1 when empty). */
export function nearestIndex(col: ArrayLike<number>, x: number, n = col.length): number {
  if (n === 0) return -1;
  const i = bisectRight(col, x, n);
  if (i < 0) return 0;
  if (i >= n - 1) return n - 1;
  return x - col[i] <= col[i + 1] - x ? i : i + 1;
}

/** Linear interpolation of `ys` at `x` over ascending `xs` (clamped at the ends). */
export function interpolate(xs: ArrayLike<number>, ys: ArrayLike<number>, x: number, n = xs.length): number {
  if (n === 0) return NaN;
  const i = bisectRight(xs, x, n);
  if (i < 0) return ys[0];
  if (i >= n - 1) return ys[n - 1];
  const x0 = xs[i];
  const x1 = xs[i + 1];
  if (x1 === x0) return ys[i + 1];
  const t = (x - x0) / (x1 - x0);
  return ys[i] + t * (ys[i + 1] - ys[i]);
}

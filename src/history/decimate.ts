// Reduced resolution for storage: a long series keeps at most `maxPoints` points, chosen per bucket of
// equal x width (evenly spaced in env steps): the bucket's first point, its minimum and its maximum
// (the M4 idea of src/diagnostics/decimate.ts, but returning indices, so every column of a point is
// kept together), plus the very last point. Extremes survive — a spike is never decimated away — and
// decimating an already decimated series again keeps the same shape (buckets are by x, not by index).

import { EPISODE_COLUMNS, MAX_HISTOGRAMS_PER_KEY, SERIES_COLUMNS, SPARKLINE_POINTS, type StoredEpisodes, type StoredHistogram, type StoredSeries } from './types.ts';

/**
 * Indices (ascending, unique) of the points to keep of (x, y)[0..n): all of them when n ≤ maxPoints.
 * x must be non-decreasing; a NaN y is kept as a bucket's first point but never as its min or max.
 */
export function decimationIndices(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number, n = x.length): Uint32Array {
  if (n <= maxPoints) return Uint32Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor((maxPoints - 1) / 3));
  const x0 = x[0];
  const span = x[n - 1] - x0;
  // Degenerate x (all equal): buckets of equal index width instead.
  const bucketOf = span > 0 && Number.isFinite(span) ? (i: number) => Math.min(buckets - 1, Math.floor(((x[i] - x0) / span) * buckets)) : (i: number) => Math.min(buckets - 1, Math.floor((i / n) * buckets));
  const keep: number[] = [];
  let current = -1;
  let first = -1;
  let lo = -1;
  let hi = -1;
  const close = (): void => {
    if (first < 0) return;
    const picks = [first, lo, hi].filter((i) => i >= 0).sort((a, b) => a - b);
    for (const i of picks) if (keep[keep.length - 1] !== i) keep.push(i);
  };
  for (let i = 0; i < n; i++) {
    const b = bucketOf(i);
    if (b !== current) {
      close();
      current = b;
      first = i;
      lo = -1;
      hi = -1;
    }
    const v = y[i];
    if (Number.isNaN(v)) continue;
    if (lo < 0 || v < y[lo]) lo = i;
    if (hi < 0 || v > y[hi]) hi = i;
  }
  close();
  if (keep[keep.length - 1] !== n - 1) keep.push(n - 1);
  return Uint32Array.from(keep);
}

function pick(col: ArrayLike<number>, idx: Uint32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let k = 0; k < idx.length; k++) out[k] = col[idx[k]];
  return out;
}

/** A series with at most `maxPoints` points (the same object when it already fits). */
export function decimateSeries(s: StoredSeries, maxPoints: number): StoredSeries {
  if (s.step.length <= maxPoints) return s;
  const idx = decimationIndices(s.step, s.value, maxPoints);
  return { key: s.key, step: pick(s.step, idx), update: pick(s.update, idx), wall: pick(s.wall, idx), value: pick(s.value, idx) };
}

/** Episodes with at most `maxPoints` kept, chosen by their return. */
export function decimateEpisodes(e: StoredEpisodes, maxPoints: number): StoredEpisodes {
  if (e.step.length <= maxPoints) return e;
  const idx = decimationIndices(e.step, e.return, maxPoints);
  const out = {} as StoredEpisodes;
  for (const c of EPISODE_COLUMNS) out[c] = pick(e[c], idx);
  return out;
}

function concat(parts: ArrayLike<number>[]): Float64Array {
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Join the pieces of each key in order (pieces of one key arrive in step order). */
export function mergeSeries(pieces: readonly StoredSeries[]): StoredSeries[] {
  const byKey = new Map<string, StoredSeries[]>();
  for (const p of pieces) {
    const list = byKey.get(p.key);
    if (list) list.push(p);
    else byKey.set(p.key, [p]);
  }
  return [...byKey].map(([key, list]) => {
    if (list.length === 1) return list[0];
    const s = { key } as StoredSeries;
    for (const c of SERIES_COLUMNS) s[c] = concat(list.map((p) => p[c]));
    return s;
  });
}

export function mergeEpisodes(pieces: readonly StoredEpisodes[]): StoredEpisodes {
  const out = {} as StoredEpisodes;
  for (const c of EPISODE_COLUMNS) out[c] = concat(pieces.map((p) => p[c]));
  return out;
}

/** At most `max` snapshots per key: evenly spaced over the run, the newest always kept. Order is kept. */
export function thinHistograms(list: readonly StoredHistogram[], max = MAX_HISTOGRAMS_PER_KEY): StoredHistogram[] {
  const byKey = new Map<string, StoredHistogram[]>();
  for (const h of list) {
    const l = byKey.get(h.key);
    if (l) l.push(h);
    else byKey.set(h.key, [h]);
  }
  const out: StoredHistogram[] = [];
  for (const l of byKey.values()) {
    if (l.length <= max) {
      out.push(...l);
      continue;
    }
    const picked = new Set<number>();
    for (let k = 0; k < max; k++) picked.add(Math.round((k * (l.length - 1)) / (max - 1)));
    for (const i of [...picked].sort((a, b) => a - b)) out.push(l[i]);
  }
  return out;
}

/** Mean return over `points` equal stretches of the episodes (one value per episode for short runs). */
export function sparkline(returns: ArrayLike<number>, points = SPARKLINE_POINTS): number[] {
  const n = returns.length;
  if (n <= points) return Array.from(returns);
  const out: number[] = [];
  for (let k = 0; k < points; k++) {
    const a = Math.floor((k * n) / points);
    const b = Math.floor(((k + 1) * n) / points);
    let sum = 0;
    for (let i = a; i < b; i++) sum += returns[i];
    out.push(sum / (b - a));
  }
  return out;
}

/** Mean of the last (up to) `last` returns; null when there are none. */
export function finalReturn(returns: ArrayLike<number>, last = 10): number | null {
  const n = returns.length;
  if (n === 0) return null;
  const k = Math.min(last, n);
  let sum = 0;
  for (let i = n - k; i < n; i++) sum += returns[i];
  return sum / k;
}

/** Episodes summarised one by one before a ReturnDigest pairs its blocks up. */
export const RETURN_DIGEST_BLOCKS = 1024;

/**
 * The episode returns of a run in fixed memory, for its sparkline and final return: per-block sums over
 * blocks of equal size (1 episode each up to RETURN_DIGEST_BLOCKS episodes, then pairs merge and the
 * size doubles) and the last 10 returns. Up to RETURN_DIGEST_BLOCKS episodes the sparkline equals
 * `sparkline(all returns)`; beyond, each stretch is averaged over whole blocks and the fractions of
 * the two at its ends (its episodes assumed even within a block): within a block of the exact stretch.
 */
export class ReturnDigest {
  private readonly sums = new Float64Array(RETURN_DIGEST_BLOCKS);
  private readonly recent: number[] = [];
  private size = 1;
  /** Episodes seen. */
  count = 0;

  add(r: number): void {
    let b = Math.floor(this.count / this.size);
    if (b >= RETURN_DIGEST_BLOCKS) {
      for (let i = 0; i < RETURN_DIGEST_BLOCKS / 2; i++) this.sums[i] = this.sums[2 * i] + this.sums[2 * i + 1];
      this.sums.fill(0, RETURN_DIGEST_BLOCKS / 2);
      this.size *= 2;
      b = Math.floor(this.count / this.size);
    }
    this.sums[b] += r;
    this.count++;
    this.recent.push(r);
    if (this.recent.length > 10) this.recent.shift();
  }

  finalReturn(): number | null {
    return finalReturn(this.recent);
  }

  sparkline(points = SPARKLINE_POINTS): number[] {
    const n = this.count;
    if (this.size === 1) return sparkline(this.sums.subarray(0, n), points);
    // Sum of returns of episodes [0, e): whole blocks, then a share of the block e falls in.
    const prefix = (e: number): number => {
      const full = Math.floor(e / this.size);
      let s = 0;
      for (let i = 0; i < full; i++) s += this.sums[i];
      const rest = e - full * this.size;
      if (rest > 0) s += (this.sums[full] * rest) / Math.min(this.size, n - full * this.size);
      return s;
    };
    const out: number[] = [];
    for (let k = 0; k < points; k++) {
      const a = Math.floor((k * n) / points);
      const b = Math.floor(((k + 1) * n) / points);
      out.push((prefix(b) - prefix(a)) / (b - a));
    }
    return out;
  }
}

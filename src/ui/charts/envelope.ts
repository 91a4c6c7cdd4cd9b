// Per-pixel-column reductions for filled shapes, whose two edges must share x positions
// (M4 on each edge separately would not): an envelope (min of lo, max of hi) and a mean.

import type { DecimateBuffers } from '../../diagnostics/decimate.ts';

export interface Envelope {
  x: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  length: number;
}

export interface ColumnRange {
  /** Pixel columns. */
  width: number;
  xMin: number;
  xMax: number;
  /** Points of the input to use. */
  length: number;
}

/** Output columns that grow by doubling (kept between frames by the caller). */
class Out {
  x: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  length = 0;
  constructor(prev: Partial<Envelope> | undefined, cap: number) {
    const ok = (b: Float64Array | undefined): b is Float64Array => b !== undefined && b.length >= cap;
    this.x = ok(prev?.x) ? prev.x : new Float64Array(cap);
    this.lo = ok(prev?.lo) ? prev.lo : new Float64Array(cap);
    this.hi = ok(prev?.hi) ? prev.hi : new Float64Array(cap);
  }
  push(x: number, lo: number, hi: number): void {
    if (this.length === this.x.length) {
      const grow = (a: Float64Array): Float64Array => {
        const b = new Float64Array(Math.max(16, a.length * 2));
        b.set(a);
        return b;
      };
      this.x = grow(this.x);
      this.lo = grow(this.lo);
      this.hi = grow(this.hi);
    }
    this.x[this.length] = x;
    this.lo[this.length] = lo;
    this.hi[this.length] = hi;
    this.length++;
  }
  result(): Envelope {
    return { x: this.x, lo: this.lo, hi: this.hi, length: this.length };
  }
}

/**
 * Band edges reduced to one point per pixel column (x = mean x of the column, lo = min, hi = max).
 * When there are no more points than columns the points are kept as they are. A NaN in either edge is a
 * gap, written as one (x, NaN, NaN) point. x must be non-decreasing.
 */
export function envelope(x: ArrayLike<number>, lo: ArrayLike<number>, hi: ArrayLike<number>, r: ColumnRange, prev?: Partial<Envelope>): Envelope {
  const n = r.length;
  const width = Math.max(1, Math.floor(r.width));
  const out = new Out(prev, Math.min(n, width) + 16);
  if (n <= width) {
    for (let i = 0; i < n; i++) {
      const gap = lo[i] !== lo[i] || hi[i] !== hi[i];
      out.push(x[i], gap ? NaN : lo[i], gap ? NaN : hi[i]);
    }
    return out.result();
  }
  const scale = r.xMax > r.xMin ? width / (r.xMax - r.xMin) : 0;
  let col = -1;
  let sx = 0;
  let cnt = 0;
  let mn = Infinity;
  let mx = -Infinity;
  let gapOpen = false;
  const flush = (): void => {
    if (cnt === 0) return;
    out.push(sx / cnt, mn, mx);
    cnt = 0;
    sx = 0;
    mn = Infinity;
    mx = -Infinity;
  };
  for (let i = 0; i < n; i++) {
    const a = lo[i];
    const b = hi[i];
    if (a !== a || b !== b) {
      flush();
      if (!gapOpen) out.push(x[i], NaN, NaN);
      gapOpen = true;
      continue;
    }
    gapOpen = false;
    const c = Math.min(width - 1, Math.max(0, Math.floor((x[i] - r.xMin) * scale)));
    if (c !== col) {
      flush();
      col = c;
    }
    sx += x[i];
    cnt++;
    if (a < mn) mn = a;
    if (b > mx) mx = b;
  }
  flush();
  return out.result();
}

/** Buffers for one decimated line, reused frame to frame. */
export function emptyBuffers(): DecimateBuffers {
  return { x: new Float64Array(0), y: new Float64Array(0) };
}

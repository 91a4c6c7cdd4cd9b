// Min/max decimation for line charts (M4: Jugel et al., VLDB 2014; uPlot and Plot draw the same way):
// per pixel column keep the first, min, max and last points, in x order, so the drawn line is pixel-identical
// to the full series while 10^5 points become at most 4 × width. One O(n) pass, no allocation when the
// caller passes big enough output buffers (they are grown, never shrunk, when not).

/** Reusable output columns; keep the returned object and pass it back next frame. */
export interface DecimateBuffers {
  x: Float64Array;
  y: Float64Array;
}

/** The decimated series: the first `length` entries of `x` / `y` are valid. */
export interface Decimated extends DecimateBuffers {
  length: number;
}

export interface DecimateOptions {
  /** Pixel columns of the plot area (≥ 1). */
  width: number;
  /** Visible x range; defaults to the series' first and last x. */
  xMin?: number;
  xMax?: number;
  /** Points of the input to use (default x.length): columnar buffers may have spare capacity. */
  length?: number;
}

/** First index with x[i] ≥ v in a non-decreasing x[0..n). */
function lowerBound(x: ArrayLike<number>, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index with x[i] > v in a non-decreasing x[0..n). */
export function upperBound(x: ArrayLike<number>, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Decimate (x, y) for a plot `width` pixels wide. x must be non-decreasing (steps).
 * Output size: ≤ 4 points per pixel column, plus one point on each side just outside [xMin, xMax] (so the line
 * runs to the plot's edge), i.e. ≤ 4·width + 2 without NaN. A NaN y is a gap: the column's points before it
 * are flushed, one (x, NaN) marker is written, and a new group starts, so every NaN run adds ≤ 5 points.
 * ±Infinity are kept as values (they are extremes).
 */
export function decimateMinMax(x: ArrayLike<number>, y: ArrayLike<number>, opts: DecimateOptions, out?: DecimateBuffers): Decimated {
  const n = opts.length ?? x.length;
  if (y.length < n || x.length < n) throw new Error(`decimate: x has ${x.length} and y ${y.length} points, need ${n}`);
  const width = Math.max(1, Math.floor(opts.width));
  let bx = out?.x ?? new Float64Array(4 * width + 2);
  let by = out?.y ?? new Float64Array(bx.length);
  let len = 0;
  const push = (xi: number, yi: number): void => {
    if (len === bx.length || len === by.length) {
      const cap = Math.max(16, 2 * Math.max(bx.length, by.length));
      const nx = new Float64Array(cap);
      nx.set(bx.subarray(0, len));
      const ny = new Float64Array(cap);
      ny.set(by.subarray(0, len));
      bx = nx;
      by = ny;
    }
    bx[len] = xi;
    by[len] = yi;
    len++;
  };
  if (n === 0) return { x: bx, y: by, length: 0 };
  const xMin = opts.xMin ?? x[0];
  const xMax = opts.xMax ?? x[n - 1];
  const lo = lowerBound(x, n, xMin);
  const hi = upperBound(x, n, xMax); // points [lo, hi) are visible
  const scale = xMax > xMin ? width / (xMax - xMin) : 0;

  if (lo > 0) push(x[lo - 1], y[lo - 1]);

  // Current group: indices of first, min, max, last finite points of one column (−1: empty).
  let gCol = -1;
  let gFirst = -1;
  let gMin = -1;
  let gMax = -1;
  let gLast = -1;
  const idx = [0, 0, 0, 0];
  const flush = (): void => {
    if (gFirst < 0) return;
    idx[0] = gFirst;
    idx[1] = gMin;
    idx[2] = gMax;
    idx[3] = gLast;
    // Sort four indices (insertion sort), then emit each once.
    for (let a = 1; a < 4; a++) {
      const v = idx[a];
      let b = a - 1;
      while (b >= 0 && idx[b] > v) {
        idx[b + 1] = idx[b];
        b--;
      }
      idx[b + 1] = v;
    }
    let prev = -1;
    for (let a = 0; a < 4; a++) {
      const i = idx[a];
      if (i !== prev) push(x[i], y[i]);
      prev = i;
    }
    gFirst = gMin = gMax = gLast = -1;
  };
  let lastWasGap = false;
  for (let i = lo; i < hi; i++) {
    const yi = y[i];
    if (yi !== yi) {
      flush();
      if (!lastWasGap) push(x[i], NaN);
      lastWasGap = true;
      continue;
    }
    lastWasGap = false;
    let col = Math.floor((x[i] - xMin) * scale);
    if (col >= width) col = width - 1;
    else if (col < 0) col = 0;
    if (col !== gCol) {
      flush();
      gCol = col;
    }
    if (gFirst < 0) {
      gFirst = gMin = gMax = gLast = i;
    } else {
      if (yi < y[gMin]) gMin = i;
      if (yi > y[gMax]) gMax = i;
      gLast = i;
    }
  }
  flush();

  if (hi < n) push(x[hi], y[hi]);
  return { x: bx, y: by, length: len };
}

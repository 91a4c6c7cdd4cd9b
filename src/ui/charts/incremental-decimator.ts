// M4 decimation (src/diagnostics/decimate.ts) of a growing series, redone only for the points
// that arrived since the last frame. Columns that can no longer change (every point left of the
// newest point's column) are kept; only the last, still open column and new points are decimated.
// Valid while the x domain and width stay put, which `quantizeDomain` arranges: the view's right
// edge moves in steps of about 1/16 of the span instead of with every point.

import { decimateMinMax, type DecimateBuffers } from '../../diagnostics/decimate.ts';

export interface DecimatedView {
  x: Float64Array;
  y: Float64Array;
  length: number;
}

/** Right edge of the x domain rounded up to a multiple of a power of two near span/16. */
export function quantizeDomain(x0: number, x1: number): [number, number] {
  const span = x1 - x0;
  if (!(span > 0) || !Number.isFinite(span)) return [x0, x1];
  const q = 2 ** Math.floor(Math.log2(span / 16));
  return [x0, x0 + Math.ceil(span / q) * q];
}

export class IncrementalDecimator {
  private xMin = NaN;
  private xMax = NaN;
  private width = 0;
  private source: Float64Array | null = null;
  private weight = NaN;
  /** Input points [0, done) are final in `head`. */
  private done = 0;
  private head: DecimateBuffers = { x: new Float64Array(64), y: new Float64Array(64) };
  private headLength = 0;
  private tail: DecimateBuffers | undefined;
  private out: DecimateBuffers = { x: new Float64Array(64), y: new Float64Array(64) };

  /**
   * Decimated view of (x, y)[0, n) for `width` columns over [xMin, xMax]. x must be non-decreasing and only
   * grow between calls; `weight` tags derived y (smoothing weight): a change starts over. So does another x
   * array (a column that grew into a larger array, or a series thinned into fresh ones: Columns.compact).
   */
  update(x: Float64Array, y: Float64Array, n: number, width: number, xMin: number, xMax: number, weight = 0): DecimatedView {
    width = Math.max(1, Math.floor(width));
    if (xMin !== this.xMin || xMax !== this.xMax || width !== this.width || weight !== this.weight || n < this.done || x !== this.source) {
      this.xMin = xMin;
      this.xMax = xMax;
      this.width = width;
      this.weight = weight;
      this.done = 0;
      this.headLength = 0;
    }
    this.source = x;
    if (n === 0) return { x: this.out.x, y: this.out.y, length: 0 };
    // Every point before the newest point's column is in a closed column.
    const scale = xMax > xMin ? width / (xMax - xMin) : 0;
    const col = (v: number): number => Math.min(width - 1, Math.max(0, Math.floor((v - xMin) * scale)));
    const lastCol = col(x[n - 1]);
    let open = n - 1;
    while (open > this.done && col(x[open - 1]) === lastCol) open--;
    if (open > this.done && x[open - 1] >= xMin && x[n - 1] <= xMax) {
      const d = decimateMinMax(x.subarray(this.done, open), y.subarray(this.done, open), { width, xMin, xMax }, this.tail);
      this.tail = d;
      this.appendHead(d.x, d.y, d.length);
      this.done = open;
    }
    const t = decimateMinMax(x.subarray(this.done, n), y.subarray(this.done, n), { width, xMin, xMax }, this.tail);
    this.tail = t;
    const total = this.headLength + t.length;
    if (this.out.x.length < total) this.out = { x: new Float64Array(total * 2), y: new Float64Array(total * 2) };
    this.out.x.set(this.head.x.subarray(0, this.headLength));
    this.out.y.set(this.head.y.subarray(0, this.headLength));
    this.out.x.set(t.x.subarray(0, t.length), this.headLength);
    this.out.y.set(t.y.subarray(0, t.length), this.headLength);
    return { x: this.out.x, y: this.out.y, length: total };
  }

  private appendHead(x: Float64Array, y: Float64Array, n: number): void {
    const need = this.headLength + n;
    if (this.head.x.length < need) {
      const cap = Math.max(need, this.head.x.length * 2);
      const nx = new Float64Array(cap);
      const ny = new Float64Array(cap);
      nx.set(this.head.x.subarray(0, this.headLength));
      ny.set(this.head.y.subarray(0, this.headLength));
      this.head = { x: nx, y: ny };
    }
    this.head.x.set(x.subarray(0, n), this.headLength);
    this.head.y.set(y.subarray(0, n), this.headLength);
    this.headLength = need;
  }
}

// Smoothed copies of growing series, extended point by point (TensorBoard's debiased EMA from
// src/diagnostics/smoothing.ts) so a redraw costs O(new points), not O(n), while the slider stays put.

import { EmaSmoother } from '../../diagnostics/smoothing.ts';
import { Columns } from './columns.ts';

interface Entry {
  weight: number;
  /** The values array smoothed: another one (grown or thinned: Columns.compact) starts over. */
  values: Float64Array;
  smoother: EmaSmoother;
  out: Columns<'v'>;
}

export class SmoothCache {
  private entries = new WeakMap<object, Entry>();

  /**
   * Smoothed values of `values[0, n)` for `owner` (a series object that only grows, or is thinned into new arrays).
   * Weight 0 returns the input itself. The result is a view valid until the next call.
   */
  get(owner: object, values: Float64Array, n: number, weight: number): Float64Array {
    if (!(weight > 0)) return values.subarray(0, n);
    let e = this.entries.get(owner);
    if (!e || e.weight !== weight || e.values !== values || e.out.length > n) {
      e = { weight, values, smoother: new EmaSmoother(weight), out: new Columns<'v'>(['v'], Math.max(64, n)) };
      this.entries.set(owner, e);
    }
    const done = e.out.length;
    if (done < n) {
      e.out.reserve(n - done);
      const dst = e.out.raw('v');
      for (let i = done; i < n; i++) dst[i] = e.smoother.push(values[i]);
      e.out.markFilled(n);
    }
    return e.out.col('v');
  }
}

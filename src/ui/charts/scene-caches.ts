// What one chart keeps from frame to frame so a new frame redoes only what changed: smoothed
// series, incremental decimators, scratch buffers and band envelopes, each under a slot name.

import { envelope, type Envelope } from './envelope.ts';
import { IncrementalDecimator, type DecimatedView } from './incremental-decimator.ts';
import { Sample } from './robust-range.ts';
import { SmoothCache } from './smooth-cache.ts';

export class SceneCaches {
  private readonly smooth = new SmoothCache();
  private readonly decimators = new Map<string, IncrementalDecimator>();
  private readonly scratch = new Map<string, Float64Array>();
  private readonly envBuffers = new Map<string, Envelope>();
  /** Values for the robust y range, reused from frame to frame. */
  readonly sample = new Sample();

  smoothed(owner: object, values: Float64Array, n: number, weight: number): Float64Array {
    return this.smooth.get(owner, values, n, weight);
  }

  /**
   * M4-decimated view of a growing series for this slot. `tag` identifies how y was derived (smoothing
   * weight); NaN means the x or y values of old points may change, so nothing is reused.
   */
  decimate(slot: string, x: Float64Array, y: Float64Array, n: number, width: number, xMin: number, xMax: number, tag = 0): DecimatedView {
    let d = this.decimators.get(slot);
    if (!d) {
      d = new IncrementalDecimator();
      this.decimators.set(slot, d);
    }
    return d.update(x, y, n, width, xMin, xMax, tag);
  }

  /** A reusable Float64Array of at least n entries for this slot. */
  buffer(slot: string, n: number): Float64Array {
    let b = this.scratch.get(slot);
    if (!b || b.length < n) {
      b = new Float64Array(Math.max(64, n * 2));
      this.scratch.set(slot, b);
    }
    return b;
  }

  envelope(slot: string, x: Float64Array, lo: Float64Array, hi: Float64Array, n: number, width: number, xMin: number, xMax: number): Envelope {
    const e = envelope(x, lo, hi, { width, xMin, xMax, length: n }, this.envBuffers.get(slot));
    this.envBuffers.set(slot, e);
    return e;
  }
}

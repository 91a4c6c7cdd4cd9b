import { describe, expect, it } from 'vitest';
import { decimateMinMax } from '../../../src/diagnostics/decimate.ts';
import { IncrementalDecimator, quantizeDomain } from '../../../src/ui/charts/incremental-decimator.ts';
import { rng } from './synthetic.ts';

describe('quantizeDomain', () => {
  it('rounds the right edge up by at most ~1/8 of the span and keeps it while data grows a little', () => {
    for (const [a, b] of [[0, 100_000], [512, 153_600], [0, 3], [1, 1.5]]) {
      const [x0, x1] = quantizeDomain(a, b);
      expect(x0).toBe(a);
      expect(x1).toBeGreaterThanOrEqual(b);
      expect(x1 - b).toBeLessThanOrEqual((b - a) / 8);
    }
    expect(quantizeDomain(0, 100_000)).toEqual(quantizeDomain(0, 100_100));
    expect(quantizeDomain(5, 5)).toEqual([5, 5]);
  });
});

describe('IncrementalDecimator', () => {
  it('gives exactly the one-shot M4 result while the series grows in random chunks', () => {
    const r = rng(11);
    const n = 20_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    let t = 0;
    for (let i = 0; i < n; i++) {
      t += 1 + Math.floor(r() * 3);
      x[i] = t;
      y[i] = r() < 0.002 ? NaN : Math.sin(i / 50) + r();
    }
    const [xMin, xMax] = [x[0], x[n - 1] + 7];
    const dec = new IncrementalDecimator();
    let len = 0;
    while (len < n) {
      len = Math.min(n, len + 1 + Math.floor(r() * 400));
      const got = dec.update(x, y, len, 300, xMin, xMax);
      const want = decimateMinMax(x, y, { width: 300, xMin, xMax, length: len });
      // NaN markers may repeat at a chunk seam; compare with consecutive NaNs collapsed.
      const collapse = (xs: Float64Array, ys: Float64Array, m: number): string[] => {
        const out: string[] = [];
        for (let i = 0; i < m; i++) {
          const gap = Number.isNaN(ys[i]);
          if (gap && out.length > 0 && out[out.length - 1] === 'gap') continue;
          out.push(gap ? 'gap' : `${xs[i]}:${ys[i]}`);
        }
        return out;
      };
      expect(collapse(got.x, got.y, got.length)).toEqual(collapse(want.x, want.y, want.length));
    }
  });

  it('starts over when the domain, width or smoothing tag changes', () => {
    const x = Float64Array.from({ length: 1000 }, (_, i) => i);
    const y = Float64Array.from({ length: 1000 }, (_, i) => i % 13);
    const dec = new IncrementalDecimator();
    dec.update(x, y, 1000, 50, 0, 1024);
    const y2 = Float64Array.from(y, (v) => v * 2);
    const again = dec.update(x, y2, 1000, 50, 0, 1024, 0.5);
    expect(Math.max(...again.y.subarray(0, again.length))).toBe(24);
    const wider = dec.update(x, y, 1000, 80, 0, 1024, 0.5);
    const want = decimateMinMax(x, y, { width: 80, xMin: 0, xMax: 1024 });
    expect([...wider.y.subarray(0, wider.length)]).toEqual([...want.y.subarray(0, want.length)]);
  });
});

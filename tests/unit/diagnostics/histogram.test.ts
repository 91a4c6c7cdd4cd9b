import { describe, expect, it } from 'vitest';
import { binValues, DEFAULT_BINS } from '../../../src/diagnostics/histogram.ts';

describe('binValues', () => {
  it('bins equal-width over [min, max], max in the last bin', () => {
    const h = binValues([0, 1, 2, 3], 3);
    expect(h.min).toBe(0);
    expect(h.max).toBe(3);
    expect(Array.from(h.counts)).toEqual([1, 1, 2]);
    expect(h.total).toBe(4);
  });

  it('counts NaN and ±Inf separately and keeps them out of the bins and the range', () => {
    const h = binValues([0, 1, NaN, 2, 3, Infinity, -Infinity, NaN], 3);
    expect(h.min).toBe(0);
    expect(h.max).toBe(3);
    expect(Array.from(h.counts)).toEqual([1, 1, 2]);
    expect([h.nan, h.posInf, h.negInf, h.total]).toEqual([2, 1, 1, 4]);
  });

  it('puts all-equal values in the middle bin of [v − 0.5, v + 0.5]', () => {
    const h = binValues([5, 5, 5], 4);
    expect(h.min).toBe(4.5);
    expect(h.max).toBe(5.5);
    expect(Array.from(h.counts)).toEqual([0, 0, 3, 0]);
  });

  it('returns empty bins with NaN edges for empty or all non-finite input', () => {
    for (const v of [[], [NaN, Infinity]]) {
      const h = binValues(v);
      expect(h.counts.length).toBe(DEFAULT_BINS);
      expect(h.counts.every((c) => c === 0)).toBe(true);
      expect(h.total).toBe(0);
      expect(h.min).toBeNaN();
      expect(h.max).toBeNaN();
    }
    expect(binValues([NaN, Infinity]).nan).toBe(1);
  });

  it('counts values outside an explicit range as under/overflow', () => {
    const h = binValues([-1, 0, 1, 2, 3], 2, [0, 2]);
    expect(Array.from(h.counts)).toEqual([1, 2]);
    expect([h.underflow, h.overflow, h.total]).toEqual([1, 1, 3]);
  });

  it('reuses the output buffer and accounts for every value', () => {
    const out = new Float32Array(10);
    out.fill(7);
    const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3);
    const h = binValues(values, 10, undefined, out);
    expect(h.counts).toBe(out);
    expect(out.reduce((s, c) => s + c, 0)).toBe(1000);
  });
});

import { describe, expect, it } from 'vitest';
import { envelope } from '../../../src/ui/charts/envelope.ts';

describe('envelope', () => {
  it('reduces a band to one min/max point per pixel column', () => {
    const n = 1000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const lo = Float64Array.from({ length: n }, (_, i) => -(i % 7));
    const hi = Float64Array.from({ length: n }, (_, i) => i % 11);
    const e = envelope(x, lo, hi, { width: 10, xMin: 0, xMax: 999, length: n });
    expect(e.length).toBe(10);
    for (let c = 0; c < 10; c++) {
      expect(e.lo[c]).toBe(-6);
      expect(e.hi[c]).toBe(10);
    }
    expect(e.x[0]).toBeCloseTo(49.5, 5); // mean x of column 0 (points 0…99)
  });

  it('keeps a spike in one column', () => {
    const x = Float64Array.from({ length: 500 }, (_, i) => i);
    const lo = new Float64Array(500);
    const hi = new Float64Array(500).fill(1);
    hi[321] = 1e6;
    const e = envelope(x, lo, hi, { width: 50, xMin: 0, xMax: 499, length: 500 });
    expect(Math.max(...e.hi.subarray(0, e.length))).toBe(1e6);
  });

  it('writes one NaN point per gap', () => {
    const x = Float64Array.from({ length: 300 }, (_, i) => i);
    const lo = new Float64Array(300);
    const hi = new Float64Array(300).fill(2);
    for (let i = 100; i < 150; i++) lo[i] = NaN;
    const e = envelope(x, lo, hi, { width: 30, xMin: 0, xMax: 299, length: 300 });
    const gaps = [...e.lo.subarray(0, e.length)].filter(Number.isNaN).length;
    expect(gaps).toBe(1);
    expect(e.length).toBeLessThanOrEqual(31 + 1);
  });

  it('passes short series through unchanged', () => {
    const e = envelope([0, 1, 2], [1, NaN, 3], [2, 5, 4], { width: 100, xMin: 0, xMax: 2, length: 3 });
    expect([...e.x.subarray(0, 3)]).toEqual([0, 1, 2]);
    expect(Number.isNaN(e.hi[1])).toBe(true);
    expect(e.hi[2]).toBe(4);
  });
});

import { describe, expect, it } from 'vitest';
import { EmaSmoother, smoothEma } from '../../../src/diagnostics/smoothing.ts';

describe('smoothEma (TensorBoard debiased EMA)', () => {
  it('matches hand numbers', () => {
    // w = .5: last = .5 → .5/.5 = 1; last = 1.25 → /.75; last = 2.125 → /.875
    const s = smoothEma([1, 2, 3], 0.5);
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeCloseTo(1.25 / 0.75, 12);
    expect(s[2]).toBeCloseTo(2.125 / 0.875, 12);
  });

  it('skips NaN points, which stay NaN and do not count', () => {
    const s = smoothEma([1, NaN, 2, 3], 0.5);
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeNaN();
    expect(s[2]).toBeCloseTo(1.25 / 0.75, 12);
    expect(s[3]).toBeCloseTo(2.125 / 0.875, 12);
    expect(smoothEma([1, Infinity, 3], 0.5)[1]).toBe(Infinity);
  });

  it('weight 0 is the identity; a constant series is returned unchanged', () => {
    expect(Array.from(smoothEma([3, -1, 4], 0))).toEqual([3, -1, 4]);
    expect(Array.from(smoothEma([0.1, 0.1, 0.1, 0.1], 0.9))).toEqual([0.1, 0.1, 0.1, 0.1]);
  });

  it('clamps the weight to 0.999 so a series still moves', () => {
    const s = smoothEma([0, 0, 0, 0, 1], 1);
    expect(s[4]).toBeGreaterThan(0);
    expect(s[4]).toBeCloseTo(smoothEma([0, 0, 0, 0, 1], 0.999)[4], 15);
  });

  it('EmaSmoother streams the same values', () => {
    const values = [5, 3, NaN, 8, 1, 9, 2];
    const batch = smoothEma(values, 0.7);
    const sm = new EmaSmoother(0.7);
    values.forEach((v, i) => {
      const got = sm.push(v);
      if (Number.isNaN(batch[i])) expect(got).toBeNaN();
      else expect(got).toBeCloseTo(batch[i], 12);
    });
  });
});

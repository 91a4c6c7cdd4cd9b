// Storage decimation: at most maxPoints, evenly spread over the steps, every bucket's extremes kept
// (a spike survives), the last point kept, short series untouched, and decimating twice keeps the shape.

import { describe, expect, it } from 'vitest';
import { decimateSeries, decimationIndices, finalReturn, mergeSeries, sparkline, thinHistograms } from '../../../src/history/decimate.ts';
import type { StoredHistogram, StoredSeries } from '../../../src/history/types.ts';

function series(n: number, f: (i: number) => number): StoredSeries {
  const step = Float64Array.from({ length: n }, (_, i) => i * 128);
  return { key: 'losses/value_loss', step, update: Float64Array.from(step, (s) => s / 128), wall: Float64Array.from(step, (s) => s / 1000), value: Float64Array.from({ length: n }, (_, i) => f(i)) };
}

describe('decimationIndices', () => {
  it('keeps every point of a series that fits', () => {
    expect([...decimationIndices([0, 1, 2], [5, 6, 7], 1000)]).toEqual([0, 1, 2]);
  });

  it('keeps at most maxPoints, ascending and unique, with the first and last point', () => {
    const s = series(100_000, (i) => Math.sin(i / 50));
    const idx = decimationIndices(s.step, s.value, 1000);
    expect(idx.length).toBeLessThanOrEqual(1000);
    expect(idx.length).toBeGreaterThan(600);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(99_999);
    for (let k = 1; k < idx.length; k++) expect(idx[k]).toBeGreaterThan(idx[k - 1]);
  });

  it('keeps a one-point spike and a one-point dip (not truncated, not averaged away)', () => {
    const s = series(50_000, () => 1);
    s.value[31_337] = 1e6;
    s.value[40_001] = -5;
    const d = decimateSeries(s, 1000);
    expect(Math.max(...d.value)).toBe(1e6);
    expect(Math.min(...d.value)).toBe(-5);
    // the spike keeps its own step, update and wall time
    const k = d.value.indexOf(1e6);
    expect([d.step[k], d.update[k], d.wall[k]]).toEqual([s.step[31_337], s.update[31_337], s.wall[31_337]]);
  });

  it('spreads points evenly over the steps, not over the indices', () => {
    // 1000 points over the first half of the steps, 100 000 over the second half
    const step = Float64Array.from({ length: 101_000 }, (_, i) => (i < 1000 ? i * 50 : 50_000 + (i - 1000) * 0.5));
    const value = Float64Array.from(step, (x) => Math.cos(x / 1000));
    const idx = decimationIndices(step, value, 1000);
    const firstHalf = [...idx].filter((i) => step[i] < 50_000).length;
    expect(firstHalf / idx.length).toBeGreaterThan(0.4);
    expect(firstHalf / idx.length).toBeLessThan(0.6);
  });

  it('decimating again changes little: the extremes stay', () => {
    const s = series(60_000, (i) => (i % 997 === 0 ? 10 : Math.sin(i)));
    const once = decimateSeries(s, 1000);
    const twice = decimateSeries(once, 1000);
    expect(twice).toBe(once);
    const half = decimateSeries(once, 500);
    expect(Math.max(...half.value)).toBe(Math.max(...once.value));
  });

  it('skips NaN as min or max but keeps the gap point when it opens a bucket', () => {
    const s = series(5000, (i) => (i < 2500 ? NaN : i));
    const d = decimateSeries(s, 100);
    expect(d.value.some(Number.isNaN)).toBe(true);
    expect(Math.max(...[...d.value].filter((v) => !Number.isNaN(v)))).toBe(4999);
  });
});

describe('merging, thinning, summaries', () => {
  it('mergeSeries joins the pieces of each key in order', () => {
    const a = series(3, (i) => i);
    const b = { ...series(2, (i) => 10 + i), step: Float64Array.from([384, 512]) };
    const [m] = mergeSeries([a, b]);
    expect([...m.step]).toEqual([0, 128, 256, 384, 512]);
    expect([...m.value]).toEqual([0, 1, 2, 10, 11]);
  });

  it('thinHistograms keeps at most max per key, the newest included', () => {
    const list: StoredHistogram[] = Array.from({ length: 300 }, (_, i) => ({ key: i % 2 ? 'a' : 'b', step: i, update: i, min: 0, max: 1, counts: new Float32Array(4) }));
    const out = thinHistograms(list, 64);
    expect(out.filter((h) => h.key === 'a').length).toBe(64);
    expect(out.filter((h) => h.key === 'a').at(-1)!.step).toBe(299);
    expect(out.filter((h) => h.key === 'b').at(-1)!.step).toBe(298);
  });

  it('sparkline averages equal stretches; finalReturn is the mean of the last 10', () => {
    expect(sparkline([1, 2, 3], 48)).toEqual([1, 2, 3]);
    expect(sparkline([1, 3, 5, 7], 2)).toEqual([2, 6]);
    expect(finalReturn([])).toBeNull();
    expect(finalReturn(Array.from({ length: 20 }, (_, i) => i))).toBe(14.5);
  });
});

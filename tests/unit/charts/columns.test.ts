import { describe, expect, it } from 'vitest';
import { Columns, ScalarSeries, bisectRight, interpolate, nearestIndex } from '../../../src/ui/charts/columns.ts';

describe('Columns', () => {
  it('grows by doubling and keeps every appended value', () => {
    const c = new Columns<'a' | 'b'>(['a', 'b'], 4);
    const caps = new Set<number>();
    for (let k = 0; k < 1000; k++) {
      c.append({ a: new Float64Array([k, k + 0.5]), b: [2 * k, 2 * k + 1] }, 2);
      caps.add(c.capacity);
    }
    expect(c.length).toBe(2000);
    // 4, then doubling from 64: a handful of reallocations, not one per batch.
    expect([...caps]).toEqual([4, 64, 128, 256, 512, 1024, 2048]);
    const a = c.col('a');
    expect(a.length).toBe(2000);
    expect(a[1999]).toBe(999.5);
    expect(c.col('b')[1001]).toBe(1001);
  });

  it('returns views without copying and fills missing columns with NaN', () => {
    const c = new Columns<'a' | 'b'>(['a', 'b']);
    c.append({ a: [1, 2, 3] }, 3);
    expect(c.col('a').buffer).toBe(c.raw('a').buffer);
    expect([...c.col('b')].every(Number.isNaN)).toBe(true);
    c.truncate(1);
    expect([...c.col('a')]).toEqual([1]);
  });

  it('appends only `count` entries of a longer chunk', () => {
    const s = new ScalarSeries('k');
    s.append({ step: [1, 2, 3], update: [1, 2, 3], wall: [0, 0, 0], value: [5, NaN, 7] }, 2);
    expect(s.length).toBe(2);
    expect(s.lastFinite()).toBe(5);
  });
});

describe('search helpers', () => {
  const xs = new Float64Array([0, 10, 20, 30]);
  it('bisects and finds nearest', () => {
    expect(bisectRight(xs, -1)).toBe(-1);
    expect(bisectRight(xs, 10)).toBe(1);
    expect(bisectRight(xs, 29)).toBe(2);
    expect(nearestIndex(xs, 14)).toBe(1);
    expect(nearestIndex(xs, 16)).toBe(2);
    expect(nearestIndex(xs, 99)).toBe(3);
    expect(nearestIndex(xs, 5, 0)).toBe(-1);
  });
  it('interpolates linearly and clamps', () => {
    const ys = new Float64Array([0, 1, 3, 3]);
    expect(interpolate(xs, ys, 15)).toBeCloseTo(2);
    expect(interpolate(xs, ys, -5)).toBe(0);
    expect(interpolate(xs, ys, 50)).toBe(3);
  });
});

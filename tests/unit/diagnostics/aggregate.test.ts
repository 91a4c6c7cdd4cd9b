import { describe, expect, it } from 'vitest';
import { aggregateEpisodes, solveRate, trailingMean } from '../../../src/diagnostics/aggregate.ts';

const steps = [10, 20, 30, 40, 50];
const returns = [1, 2, 3, 4, 100];

describe('aggregateEpisodes', () => {
  it('summarises every `size` episodes, the last window partial', () => {
    const w = aggregateEpisodes(steps, returns, 2);
    expect(Array.from(w.step)).toEqual([20, 40, 50]);
    expect(Array.from(w.count)).toEqual([2, 2, 1]);
    expect(Array.from(w.mean)).toEqual([1.5, 3.5, 100]);
    expect(Array.from(w.std)).toEqual([0.5, 0.5, 0]);
    expect(Array.from(w.min)).toEqual([1, 3, 100]);
    expect(Array.from(w.max)).toEqual([2, 4, 100]);
    expect(Array.from(w.median)).toEqual([1.5, 3.5, 100]);
  });

  it('windows by env steps', () => {
    const w = aggregateEpisodes(steps, returns, 25, 'steps');
    expect(Array.from(w.step)).toEqual([20, 40, 50]);
    expect(Array.from(w.count)).toEqual([2, 2, 1]);
    const wide = aggregateEpisodes([1, 2, 3, 60], [5, 1, 3, 7], 50, 'steps');
    expect(Array.from(wide.count)).toEqual([3, 1]);
    expect(Array.from(wide.median)).toEqual([3, 7]);
  });

  it('keeps the extremes a mean would hide', () => {
    const w = aggregateEpisodes([1, 2, 3, 4], [10, 10, -500, 10], 4);
    expect(w.min[0]).toBe(-500);
    expect(w.median[0]).toBe(10);
  });
});

describe('solveRate', () => {
  it('is the solved fraction per window', () => {
    const s = solveRate(steps, [1, 0, 1, 1, 0], 2);
    expect(Array.from(s.rate)).toEqual([0.5, 1, 0]);
    expect(Array.from(s.count)).toEqual([2, 2, 1]);
    expect(Array.from(solveRate(steps, [true, true, false, false, false], 5).rate)).toEqual([0.4]);
  });
});

describe('trailingMean', () => {
  it('averages the last `size` values', () => {
    expect(Array.from(trailingMean([1, 2, 3, 4], 2))).toEqual([1, 1.5, 2.5, 3.5]);
    const t = trailingMean([1, NaN, 3, 5, 7], 2);
    expect(t[1]).toBeNaN();
    expect(t[2]).toBeNaN();
    expect(t[3]).toBe(4);
    expect(t[4]).toBe(6);
  });
});

import { describe, expect, it } from 'vitest';
import { seedSpread } from '../../../src/ui/charts/seed-spread.ts';

describe('seedSpread', () => {
  it('takes the median and range across seeds at common x positions', () => {
    const s = (ys: number[], x0 = 0) => ({ x: Float64Array.from(ys, (_, i) => x0 + i * 10), y: Float64Array.from(ys), length: ys.length });
    const out = seedSpread([s([1, 2, 3, 4]), s([10, 20, 30, 40]), s([5, 5, 5, 5]), s([7, 7], 10)], 0, 30, 4);
    expect([...out.x]).toEqual([0, 10, 20, 30]);
    // x=0: seeds 1–3 (the fourth starts at 10): median of 1, 10, 5.
    expect(out.median[0]).toBe(5);
    expect(out.count[0]).toBe(3);
    // x=10: 2, 20, 5, 7 → median 6, range 2…20.
    expect([out.median[1], out.lo[1], out.hi[1]]).toEqual([6, 2, 20]);
    // x=30: the fourth seed ended at 20 and is left out.
    expect([out.median[3], out.count[3]]).toEqual([5, 3]);
  });

  it('interpolates each seed linearly between its points, so seeds reporting at different steps give a smooth median', () => {
    const a = { x: Float64Array.from([0, 10]), y: Float64Array.from([0, 10]), length: 2 };
    const b = { x: Float64Array.from([0, 4, 10]), y: Float64Array.from([0, 8, 20]), length: 3 };
    const out = seedSpread([a, b], 0, 10, 6);
    // x = 2: a → 2, b → 4 (between 0 and 8); x = 6: a → 6, b → 8 + 12·(2/6) = 12.
    expect([out.lo[1], out.hi[1], out.median[1]]).toEqual([2, 4, 3]);
    expect([out.lo[3], out.hi[3], out.median[3]]).toEqual([6, 12, 9]);
  });

  it('leaves gaps where no seed has data', () => {
    const out = seedSpread([{ x: new Float64Array([5, 6]), y: new Float64Array([1, NaN]), length: 2 }], 0, 10, 11);
    expect(Number.isNaN(out.median[0])).toBe(true);
    expect(out.median[5]).toBe(1);
    expect(Number.isNaN(out.median[6])).toBe(true);
  });
});

// The imagination view's data shaping: which candidates are kept, the recorded frame's layout, and the
// sorted, thinned one-step errors.
import { describe, expect, it } from 'vitest';
import { ImaginationRecorder, NO_ERRORS, selectCandidates, sortErrors } from '../../../src/diagnostics/imagination.ts';

describe('selectCandidates', () => {
  it('keeps the elites best first, then non-elites spread over the population, flagging the elites', () => {
    const values = Float64Array.from({ length: 100 }, (_, i) => (i * 37) % 100); // a permutation of 0…99
    const { index, elite } = selectCandidates(values, 100, 10, 16);
    expect(index.length).toBe(16);
    expect(new Set(index).size).toBe(16);
    // The best 8 (half the budget) first, in order of value.
    expect(Array.from(index.slice(0, 8), (i) => values[i])).toEqual([99, 98, 97, 96, 95, 94, 93, 92]);
    // The rest are non-elites (value < 90) and flagged so; the elites are flagged 1.
    for (let j = 0; j < 16; j++) expect(elite[j]).toBe(values[index[j]] >= 90 ? 1 : 0);
    expect(Array.from(elite).filter((e) => e === 1).length).toBe(8);
  });

  it('keeps everything of a small population and ranks NaN last', () => {
    const { index, elite } = selectCandidates([1, NaN, 3], 3, 1, 64);
    expect(Array.from(index)).toEqual([2, 0, 1]);
    expect(Array.from(elite)).toEqual([1, 0, 0]);
  });
});

describe('ImaginationRecorder', () => {
  it('lays generations out as [G × C × (H + 1)] with their returns and elite flags', () => {
    const H = 2;
    const rec = new ImaginationRecorder(2);
    rec.begin(H, 1);
    // 3 candidates, paths [3 × 3]: candidate c's path is c·10 + t.
    const paths = Float64Array.from({ length: 9 }, (_, i) => Math.floor(i / 3) * 10 + (i % 3));
    rec.generation(paths, [5, 7, 6], 3, 1);
    rec.generation(paths, [9, 1, 2], 3, 1);
    const f = rec.finish([0, 1, 2], [0, 0.5], [0, 1], NO_ERRORS);
    expect(f.generations).toBe(2);
    expect(f.candidates).toBe(2);
    expect(f.component).toBe(1);
    // Generation 0 keeps the elite (candidate 1, return 7) then one non-elite (candidate 0).
    expect(Array.from(f.returns)).toEqual([7, 5, 9, 1]);
    expect(Array.from(f.elite)).toEqual([1, 0, 1, 0]);
    expect(Array.from(f.paths.subarray(0, 3))).toEqual([10, 11, 12]);
    expect(Array.from(f.paths.subarray(6, 9))).toEqual([0, 1, 2]);
    expect(Array.from(f.plan)).toEqual([0, 1, 2]);
    expect(Array.from(f.predicted)).toEqual([0, 0.5]);
  });
});

describe('sortErrors', () => {
  it('sorts by the component and keeps every point when few', () => {
    const s = sortErrors([0.3, -1, 2], [3, 1, 2], 10);
    expect(Array.from(s.at)).toEqual([-1, Float32Array.from([0.3])[0], 2]);
    expect(Array.from(s.error)).toEqual([1, 3, 2]);
  });

  it('thins to max points keeping each run\'s largest error, so a spike survives', () => {
    const at = Array.from({ length: 1000 }, (_, i) => i);
    const error = at.map((i) => (i === 777 ? 100 : 0.01));
    const s = sortErrors(at, error, 50);
    expect(s.at.length).toBe(50);
    expect(Math.max(...s.error)).toBe(100);
    expect(Array.from(s.error).filter((e) => e === 100).length).toBe(1);
    for (let i = 1; i < 50; i++) expect(s.at[i]).toBeGreaterThan(s.at[i - 1]);
  });

  it('drops non-finite points', () => {
    expect(sortErrors([1, NaN, 2], [1, 1, Infinity], 10).at.length).toBe(1);
  });
});

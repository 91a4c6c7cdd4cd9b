import { describe, expect, it } from 'vitest';
import {
  approxKl,
  categoricalEntropies,
  categoricalEntropy,
  clipFraction,
  explainedVariance,
  gaussianEntropy,
  max,
  mean,
  median,
  min,
  normalizeAdvantages,
  oldApproxKl,
  std,
  summarize,
  variance,
} from '../../../src/diagnostics/stats.ts';
import { normals, rng } from './rng.ts';

describe('KL estimators (cleanrl/ppo.py)', () => {
  // r = [2, 1]: k3 terms (2 − 1 − ln 2, 0), k1 terms (−ln 2, 0)
  const logratio = [Math.log(2), 0];

  it('k3 approx_kl = mean((r − 1) − log r)', () => {
    expect(approxKl(logratio)).toBeCloseTo((1 - Math.log(2)) / 2, 12);
  });

  it('k1 old_approx_kl = mean(−log r) and can be negative', () => {
    expect(oldApproxKl(logratio)).toBeCloseTo(-Math.log(2) / 2, 12);
    expect(oldApproxKl(logratio)).toBeLessThan(0);
  });

  it('k3 is ≥ 0 for any ratios and 0 only at r = 1', () => {
    const lr = normals(rng(1), 1000, 0, 0.3);
    expect(approxKl(lr)).toBeGreaterThan(0);
    expect(approxKl(new Float64Array(10))).toBe(0);
    expect(oldApproxKl(new Float64Array(10))).toBe(0);
  });

  it('k3 stays accurate for tiny log-ratios (no cancellation)', () => {
    // (e^x − 1) − x = x²/2 + x³/6 + …; computing e^x − 1 naively loses ~2e-4 relative here
    expect(approxKl([1e-6]) / (5e-13 + 1e-18 / 6)).toBeCloseTo(1, 8);
  });
});

describe('clipFraction', () => {
  it('counts |r − 1| > ε strictly', () => {
    expect(clipFraction([1, 1.1, 1.25, 0.7, 0.81, 1.2], 0.2)).toBeCloseTo(2 / 6, 12);
    expect(clipFraction([1, 1, 1], 0.2)).toBe(0);
    expect(clipFraction([3, 0.1], 0.2)).toBe(1);
  });
});

describe('explainedVariance', () => {
  it('is 1 for a perfect prediction', () => {
    expect(explainedVariance([1, 2, 3, 4], [1, 2, 3, 4])).toBe(1);
  });
  it('is NaN for a constant target (numpy var = 0)', () => {
    expect(explainedVariance([1, 2, 3], [5, 5, 5])).toBeNaN();
  });
  it('is 0 when predicting the mean', () => {
    expect(explainedVariance([2.5, 2.5, 2.5, 2.5], [1, 2, 3, 4])).toBeCloseTo(0, 12);
  });
  it('matches a hand computation with population variance', () => {
    // y − ŷ = [0, 0, 0, −1]: var = .25 − .0625 = .1875; var(y) = 1.25 → 1 − .15
    expect(explainedVariance([1, 2, 3, 5], [1, 2, 3, 4])).toBeCloseTo(0.85, 12);
  });
  it('goes negative for a prediction worse than the mean', () => {
    expect(explainedVariance([4, 3, 2, 1], [1, 2, 3, 4])).toBeLessThan(0);
  });
});

describe('entropies', () => {
  it('uniform over N is ln N', () => {
    expect(categoricalEntropy([0, 0, 0, 0])).toBeCloseTo(Math.log(4), 12);
    expect(categoricalEntropy([1000, 1000, 1000])).toBeCloseTo(Math.log(3), 12); // stable for huge logits
  });
  it('one-hot logits give ≈ 0 and never NaN', () => {
    expect(categoricalEntropy([100, 0, 0])).toBeLessThan(1e-10);
    const h = categoricalEntropy([1000, -1000]);
    expect(Number.isNaN(h)).toBe(false);
    expect(h).toBe(0);
  });
  it('matches a hand value and averages rows', () => {
    // p = [1/4, 3/4]
    expect(categoricalEntropy([0, Math.log(3)])).toBeCloseTo(0.5623351446188083, 12);
    const rows = categoricalEntropies([0, 0, 100, 0], 2);
    expect(rows[0]).toBeCloseTo(Math.log(2), 12);
    expect(categoricalEntropy([0, 0, 100, 0], 2)).toBeCloseTo((Math.log(2) + rows[1]) / 2, 12);
  });
  it('Gaussian: std 1 gives 1.4189 per dim; small std is negative', () => {
    expect(gaussianEntropy([0])).toBeCloseTo(1.4189385332046727, 12);
    expect(gaussianEntropy([0, 0])).toBeCloseTo(2 * 1.4189385332046727, 12);
    expect(gaussianEntropy([-2])).toBeCloseTo(1.4189385332046727 - 2, 12);
    expect(gaussianEntropy([-2])).toBeLessThan(0);
    // two rows of 2 dims: 2.8379 and 0.8379 → mean 1.8379
    expect(gaussianEntropy([0, 0, -1, -1], 2)).toBeCloseTo(2 * 1.4189385332046727 - 1, 12);
  });
});

describe('summaries', () => {
  it('mean / std / min / max / median', () => {
    const x = [3, 1, 4, 1, 5, 9];
    expect(mean(x)).toBeCloseTo(23 / 6, 12);
    expect(variance(x)).toBeCloseTo(x.reduce((s, v) => s + (v - 23 / 6) ** 2, 0) / 6, 12);
    expect(std(x, 1)).toBeCloseTo(Math.sqrt(x.reduce((s, v) => s + (v - 23 / 6) ** 2, 0) / 5), 12);
    expect(min(x)).toBe(1);
    expect(max(x)).toBe(9);
    expect(median(x)).toBe(3.5);
    expect(median([7, 1, 3])).toBe(3);
    expect(summarize([2])).toEqual({ count: 1, mean: 2, std: 0, min: 2, max: 2, median: 2 });
  });
  it('propagate NaN and handle empty input', () => {
    const x = [1, NaN, 3];
    for (const f of [mean, std, min, max, median]) expect(f(x)).toBeNaN();
    for (const f of [mean, min, max, median]) expect(f([])).toBeNaN();
  });
  it('normalizeAdvantages uses torch-style std (ddof 1) + 1e-8', () => {
    const a = [1, 2, 3, 4];
    const s = Math.sqrt(5 / 3);
    const out = normalizeAdvantages(a);
    expect(out[0]).toBeCloseTo(-1.5 / (s + 1e-8), 12);
    expect(out[3]).toBeCloseTo(1.5 / (s + 1e-8), 12);
  });
});

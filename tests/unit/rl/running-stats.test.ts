import { describe, expect, it } from 'vitest';
import { ObsNormalizer, ReturnNormalizer, RunningMeanStd } from '../../../src/rl/running-stats.ts';
import { normals, rng } from '../diagnostics/rng.ts';

describe('RunningMeanStd (gymnasium/wrappers/utils.py)', () => {
  it('starts at mean 0, var 1, count 1e-4 and merges a batch with the parallel algorithm', () => {
    const r = new RunningMeanStd();
    expect(r.count).toBe(1e-4);
    r.update([1, 2, 3]);
    // numpy reference values of update_mean_var_count_from_moments
    expect(r.mean[0]).toBeCloseTo(1.9999333355554814, 14);
    expect(r.var[0]).toBeCloseTo(0.6668111018523086, 14);
    expect(r.count).toBeCloseTo(3.0001, 14);
  });

  it('agrees with a direct mean and population variance over many batches', () => {
    const next = rng(7);
    const dim = 3;
    const r = new RunningMeanStd(dim);
    const all: number[][] = [[], [], []];
    for (let b = 0; b < 50; b++) {
      const rows = 1 + Math.floor(next() * 40);
      const batch = normals(next, rows * dim, 5, 3);
      for (let i = 0; i < batch.length; i++) all[i % dim].push(batch[i]);
      r.update(batch);
    }
    for (let j = 0; j < dim; j++) {
      const xs = all[j];
      const m = xs.reduce((s, v) => s + v, 0) / xs.length;
      const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
      expect(r.mean[j] / m).toBeCloseTo(1, 5);
      expect(r.var[j] / v).toBeCloseTo(1, 5);
    }
    expect(r.count).toBeCloseTo(all[0].length + 1e-4, 8);
  });
});

describe('ReturnNormalizer (Gymnasium 1.x NormalizeReward)', () => {
  it('keeps G = G·γ·(1 − terminated) + r: a termination clears G at its own step, a truncation does not clear it', () => {
    // Hand-computed with γ = 0.5, rewards 1, 2, 3, 4, terminated at step 1, truncated at step 2:
    // G = 1; 1·0.5·0 + 2 = 2; 2·0.5 + 3 = 4; 4·0.5 + 4 = 6 (old gym reset after either flag: 1, 2.5→0, 3→0, 4).
    const n = new ReturnNormalizer(1, 0.5);
    const seen: number[] = [];
    const flags = [[0, 0], [1, 0], [0, 1], [0, 0]];
    [1, 2, 3, 4].forEach((r, t) => {
      n.normalize([r], [flags[t][0]], [flags[t][1]]);
      seen.push(n.returns[0]);
    });
    expect(seen).toEqual([1, 2, 4, 6]);
    // The statistics saw exactly those returns: mean and population variance of {1, 2, 4, 6} merged with the 1e-4 prior.
    const rms = new RunningMeanStd();
    for (const g of [1, 2, 4, 6]) rms.update([g]);
    expect(n.returnRms.mean[0]).toBeCloseTo(rms.mean[0], 12);
    expect(n.scale).toBeCloseTo(Math.sqrt(rms.var[0] + 1e-8), 12);
  });

  it('divides the first reward by sqrt(var + 1e-8) of the first discounted return', () => {
    const n = new ReturnNormalizer(1, 0.99);
    const out = n.normalize([1], [0], [0]);
    expect(out[0]).toBeCloseTo(70.71421321062337, 8);
  });

  it('matches a literal port of the vector wrapper on random steps with terminations and truncations', () => {
    const N = 3;
    const gamma = 0.9;
    const next = rng(11);
    const norm = new ReturnNormalizer(N, gamma);
    // port of gymnasium/wrappers/vector/stateful_reward.py: returns = returns*γ*(1 − terminated) + r; rms.update(returns); r / sqrt(var + eps)
    let mean = 0;
    let v = 1;
    let count = 1e-4;
    const returns = new Float64Array(N);
    for (let step = 0; step < 200; step++) {
      const r = normals(next, N, 1, 2);
      const term = Array.from({ length: N }, () => (next() < 0.05 ? 1 : 0));
      const trunc = Array.from({ length: N }, () => (next() < 0.05 ? 1 : 0));
      for (let e = 0; e < N; e++) returns[e] = returns[e] * gamma * (1 - term[e]) + r[e];
      const bm = returns.reduce((s, x) => s + x, 0) / N;
      const bv = returns.reduce((s, x) => s + (x - bm) ** 2, 0) / N;
      const delta = bm - mean;
      const tot = count + N;
      mean = mean + (delta * N) / tot;
      v = (v * count + bv * N + (delta * delta * count * N) / tot) / tot;
      count = tot;
      const got = norm.normalize(r, term, trunc);
      for (let e = 0; e < N; e++) {
        expect(got[e]).toBeCloseTo(r[e] / Math.sqrt(v + 1e-8), 9);
      }
      expect(Array.from(norm.returns)).toEqual(Array.from(returns).map((x) => expect.closeTo(x, 9)));
    }
    expect(norm.scale).toBeCloseTo(Math.sqrt(v + 1e-8), 9);
  });

  it('freezes its statistics when updateStats is false', () => {
    const n = new ReturnNormalizer(1);
    n.normalize([1], [0], [0]);
    const before = n.returnRms.count;
    n.updateStats = false;
    n.normalize([5], [0], [0]);
    expect(n.returnRms.count).toBe(before);
  });
});

describe('ObsNormalizer', () => {
  it('centres and scales by the running statistics', () => {
    const o = new ObsNormalizer(2);
    const batch = normals(rng(3), 2000, 50, 10);
    const z = o.normalize(batch);
    let m0 = 0;
    let s0 = 0;
    for (let i = 0; i < z.length; i += 2) m0 += z[i];
    m0 /= 1000;
    for (let i = 0; i < z.length; i += 2) s0 += (z[i] - m0) ** 2;
    expect(Math.abs(m0)).toBeLessThan(1e-3);
    expect(Math.sqrt(s0 / 1000)).toBeCloseTo(1, 3);
  });

  it('clips to ±10', () => {
    const o = new ObsNormalizer(1);
    o.normalize(normals(rng(4), 1000, 0, 1));
    o.updateStats = false;
    const z = o.normalize([1e6, -1e6, 0.5]);
    expect(z[0]).toBe(10);
    expect(z[1]).toBe(-10);
    expect(Math.abs(z[2])).toBeLessThan(1);
  });
});

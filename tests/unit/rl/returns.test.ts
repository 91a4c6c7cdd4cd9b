import { describe, expect, it } from 'vitest';
import { computeGae, discountedReturns, nStepReturns, type GaeInput } from '../../../src/rl/returns.ts';
import { normals, rng } from '../diagnostics/rng.ts';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, digits = 9): void => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(a[i], `index ${i}`).toBeCloseTo(b[i], digits);
};

/** One env, T = 3, γ = 0.9, λ = 0.8. */
function base(): GaeInput {
  return {
    numSteps: 3,
    numEnvs: 1,
    rewards: [1, 2, 3],
    values: [0.5, 1.0, 1.5],
    nextValues: [2.0],
    terminated: [0, 0, 0],
    truncated: [0, 0, 0],
    gamma: 0.9,
    lambda: 0.8,
  };
}

/** A random rollout with terminations and truncations, [T × N]. */
function randomRollout(seed: number, T: number, N: number, pTerm = 0.05, pTrunc = 0.05) {
  const next = rng(seed);
  const size = T * N;
  const terminated = new Uint8Array(size);
  const truncated = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const u = next();
    if (u < pTerm) terminated[i] = 1;
    else if (u < pTerm + pTrunc) truncated[i] = 1;
  }
  return {
    numSteps: T,
    numEnvs: N,
    rewards: normals(next, size, 0.5, 1),
    values: normals(next, size, 3, 2),
    nextValues: normals(next, N, 3, 2),
    truncationValues: normals(next, size, 3, 2),
    terminated,
    truncated,
  };
}

describe('computeGae', () => {
  it('matches hand numbers with no episode end (trace flows to the bootstrap)', () => {
    // δ2 = 3 + .9·2 − 1.5 = 3.3; δ1 = 2 + .9·1.5 − 1 = 2.35; δ0 = 1 + .9·1 − .5 = 1.4
    // A2 = 3.3; A1 = 2.35 + .72·3.3 = 4.726; A0 = 1.4 + .72·4.726 = 4.80272
    const { advantages, returns } = computeGae(base());
    close(advantages, [4.80272, 4.726, 3.3]);
    close(returns, [5.30272, 5.726, 4.8]);
  });

  it('cuts the trace and the bootstrap at a termination', () => {
    // terminated at t=1: A1 = 2 − 1 = 1; A0 = 1.4 + .72·1 = 2.12; A2 = 3.3
    const { advantages, returns } = computeGae({ ...base(), terminated: [0, 1, 0] });
    close(advantages, [2.12, 1.0, 3.3]);
    close(returns, [2.62, 2.0, 4.8]);
  });

  it('bootstraps from V(final_obs) at a truncation and cuts the trace there', () => {
    // truncated at t=1 with V(final) = 10: A1 = 2 + .9·10 − 1 = 10; A0 = 1.4 + .72·10 = 8.6
    const { advantages, returns } = computeGae({ ...base(), truncated: [0, 1, 0], truncationValues: [NaN, 10, NaN] });
    close(advantages, [8.6, 10, 3.3]);
    close(returns, [9.1, 11, 4.8]);
  });

  it('uses truncationValues, not nextValues, when the last step is truncated', () => {
    const { advantages } = computeGae({ ...base(), truncated: [0, 0, 1], truncationValues: [0, 0, 7] });
    expect(advantages[2]).toBeCloseTo(3 + 0.9 * 7 - 1.5, 12);
  });

  it('lets termination win when both flags are set', () => {
    const { advantages } = computeGae({ ...base(), terminated: [0, 1, 0], truncated: [0, 1, 0], truncationValues: [0, 99, 0] });
    expect(advantages[1]).toBeCloseTo(1.0, 12);
  });

  it('refuses a truncation without its bootstrap value', () => {
    expect(() => computeGae({ ...base(), truncated: [0, 1, 0] })).toThrow(/truncationValues/);
  });

  it('keeps sub-envs independent in the time-major layout', () => {
    const a = { ...base(), terminated: [0, 1, 0] };
    const b = { ...base(), rewards: [-1, 0.5, 4], values: [2, -1, 0], nextValues: [5], truncated: [1, 0, 0], truncationValues: [3, 0, 0] };
    const both: GaeInput = {
      ...base(),
      numEnvs: 2,
      rewards: [1, -1, 2, 0.5, 3, 4],
      values: [0.5, 2, 1.0, -1, 1.5, 0],
      nextValues: [2.0, 5],
      terminated: [0, 0, 1, 0, 0, 0],
      truncated: [0, 1, 0, 0, 0, 0],
      truncationValues: [0, 3, 0, 0, 0, 0],
    };
    const ra = computeGae(a).advantages;
    const rb = computeGae(b).advantages;
    const r = computeGae(both).advantages;
    close([r[0], r[2], r[4]], ra, 12);
    close([r[1], r[3], r[5]], rb, 12);
  });

  it('writes into caller buffers (float32 too)', () => {
    const advantages = new Float32Array(3);
    const returns = new Float32Array(3);
    const res = computeGae(base(), { advantages, returns });
    expect(res.advantages).toBe(advantages);
    expect(res.returns).toBe(returns);
    close(advantages, [4.80272, 4.726, 3.3], 5);
  });

  it('λ = 1 equals discounted Monte-Carlo returns minus values (same bootstraps)', () => {
    const ro = randomRollout(1, 64, 3);
    const gamma = 0.97;
    const { advantages, returns } = computeGae({ ...ro, gamma, lambda: 1 });
    const mc = discountedReturns({ ...ro, gamma });
    const expected = mc.map((g, i) => g - ro.values[i]);
    close(advantages, expected, 9);
    close(returns, mc, 9);
  });

  it('λ = 0 equals the one-step TD error', () => {
    const ro = randomRollout(2, 50, 2);
    const gamma = 0.9;
    const { advantages } = computeGae({ ...ro, gamma, lambda: 0 });
    const N = ro.numEnvs;
    for (let i = 0; i < advantages.length; i++) {
      const t = Math.floor(i / N);
      const e = i % N;
      const next = ro.terminated[i] ? 0 : ro.truncated[i] ? ro.truncationValues[i] : t === ro.numSteps - 1 ? ro.nextValues[e] : ro.values[i + N];
      expect(advantages[i]).toBeCloseTo(ro.rewards[i] + gamma * next - ro.values[i], 12);
    }
  });

  it('γ = 0 makes the advantage r − V whatever λ is', () => {
    const ro = randomRollout(3, 20, 2);
    const { advantages } = computeGae({ ...ro, gamma: 0, lambda: 0.95 });
    close(advantages, ro.rewards.map((r, i) => r - ro.values[i]), 12);
  });

  describe('cleanrl variant', () => {
    /** Literal port of cleanrl/ppo.py's GAE loop, with its storage: dones[t] = done flag of step t−1, next_done = done of step T−1. */
    function cleanrlPort(T: number, N: number, rewards: Float64Array, values: Float64Array, nextValue: Float64Array, dones: Float64Array, nextDone: Float64Array, gamma: number, gaeLambda: number) {
      const advantages = new Float64Array(T * N);
      for (let e = 0; e < N; e++) {
        let lastgaelam = 0;
        for (let t = T - 1; t >= 0; t--) {
          let nextnonterminal: number;
          let nextvalues: number;
          if (t === T - 1) {
            nextnonterminal = 1.0 - nextDone[e];
            nextvalues = nextValue[e];
          } else {
            nextnonterminal = 1.0 - dones[(t + 1) * N + e];
            nextvalues = values[(t + 1) * N + e];
          }
          const delta = rewards[t * N + e] + gamma * nextvalues * nextnonterminal - values[t * N + e];
          advantages[t * N + e] = lastgaelam = delta + gamma * gaeLambda * nextnonterminal * lastgaelam;
        }
      }
      const returns = advantages.map((a, i) => a + values[i]);
      return { advantages, returns };
    }

    it('reproduces the ppo.py loop on random data', () => {
      const T = 128;
      const N = 4;
      const ro = randomRollout(4, T, N, 0.03, 0.03);
      // Translate our per-step flags into CleanRL's storage.
      const dones = new Float64Array(T * N);
      const nextDone = new Float64Array(N);
      const next = rng(5);
      for (let e = 0; e < N; e++) dones[e] = next() < 0.5 ? 1 : 0; // dones[0] comes from the previous rollout and is never read
      for (let t = 0; t < T; t++)
        for (let e = 0; e < N; e++) {
          const d = ro.terminated[t * N + e] || ro.truncated[t * N + e] ? 1 : 0;
          if (t === T - 1) nextDone[e] = d;
          else dones[(t + 1) * N + e] = d;
        }
      const want = cleanrlPort(T, N, ro.rewards, ro.values, ro.nextValues, dones, nextDone, 0.99, 0.95);
      const got = computeGae({ ...ro, gamma: 0.99, lambda: 0.95, variant: 'cleanrl' });
      close(got.advantages, want.advantages, 12);
      close(got.returns, want.returns, 12);
      // Where episodes were truncated the correct variant must differ (it bootstraps).
      const correct = computeGae({ ...ro, gamma: 0.99, lambda: 0.95 });
      const truncAt = ro.truncated.findIndex((f) => f === 1);
      expect(truncAt).toBeGreaterThanOrEqual(0);
      expect(Math.abs(correct.advantages[truncAt] - got.advantages[truncAt])).toBeGreaterThan(1e-3);
    });

    it('does not need truncationValues', () => {
      const got = computeGae({ ...base(), truncated: [0, 1, 0], variant: 'cleanrl' });
      close(got.advantages, [2.12, 1.0, 3.3]); // same as a termination
    });
  });
});

describe('discountedReturns', () => {
  const input = {
    numSteps: 4,
    numEnvs: 1,
    rewards: [1, 2, 3, 4],
    terminated: [0, 1, 0, 0],
    truncated: [0, 0, 0, 0],
    gamma: 0.5,
  };

  it('computes reward-to-go within each episode', () => {
    // episode 1: G1 = 2, G0 = 1 + .5·2 = 2; episode 2 cut by the rollout end (no bootstrap): G3 = 4, G2 = 3 + 2 = 5
    close(discountedReturns(input), [2, 2, 5, 4], 12);
  });

  it('gives every step its episode segment’s whole return without reward-to-go', () => {
    close(discountedReturns({ ...input, rewardToGo: false }), [2, 2, 5, 5], 12);
  });

  it('bootstraps from nextValues at the rollout end and V(final_obs) at truncations when given', () => {
    close(discountedReturns({ ...input, nextValues: [8] }), [2, 2, 3 + 0.5 * (4 + 0.5 * 8), 4 + 0.5 * 8], 12);
    const trunc = { ...input, terminated: [0, 0, 0, 0], truncated: [0, 1, 0, 0], truncationValues: [0, 6, 0, 0] };
    close(discountedReturns(trunc), [1 + 0.5 * (2 + 0.5 * 6), 2 + 0.5 * 6, 5, 4], 12);
    close(discountedReturns({ ...trunc, truncationValues: undefined }), [2, 2, 5, 4], 12);
  });
});

describe('nStepReturns', () => {
  const input = {
    numSteps: 4,
    numEnvs: 1,
    rewards: [1, 1, 1, 1],
    values: [10, 20, 30, 40],
    nextValues: [50],
    terminated: [0, 0, 0, 0],
    truncated: [0, 0, 0, 0],
    gamma: 0.5,
    n: 2,
  };

  it('matches hand numbers', () => {
    // G0 = 1 + .5 + .25·V(s2)=30 → 9; G1 = 1.5 + .25·40 = 11.5; G2 = 1.5 + .25·50 = 14; G3 = 1 + .5·50 = 26
    close(nStepReturns(input), [9, 11.5, 14, 26], 12);
  });

  it('stops at a termination and bootstraps from V(final_obs) at a truncation', () => {
    close(nStepReturns({ ...input, terminated: [1, 0, 0, 0] }), [1, 11.5, 14, 26], 12);
    close(nStepReturns({ ...input, truncated: [1, 0, 0, 0], truncationValues: [6, 0, 0, 0] }), [4, 11.5, 14, 26], 12);
  });

  it('n = 1 equals the λ = 0 GAE target and n ≥ T the λ = 1 target', () => {
    const ro = randomRollout(6, 40, 3);
    const gamma = 0.95;
    close(nStepReturns({ ...ro, gamma, n: 1 }), computeGae({ ...ro, gamma, lambda: 0 }).returns, 9);
    close(nStepReturns({ ...ro, gamma, n: 40 }), computeGae({ ...ro, gamma, lambda: 1 }).returns, 9);
  });

  it('rejects n < 1', () => {
    expect(() => nStepReturns({ ...input, n: 0 })).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { PROBE_IDS, PROBE_TARGETS, type ProbeId } from '../../../src/envs/probes.ts';
import { envSpec } from '../../../src/envs/registry.ts';
import { makeEnv } from '../../../src/envs/make-env.ts';

/** Monte-Carlo discounted return of the optimal policy from each first observation. */
function measuredValues(id: ProbeId, gamma: number, episodes = 200): Map<number, number> {
  const env = makeEnv(id);
  const target = PROBE_TARGETS[id];
  const sums = new Map<number, { g: number; n: number }>();
  for (let e = 0; e < episodes; e++) {
    let obs = env.reset({ seed: e }).obs[0];
    const visited: { obs: number; t: number }[] = [];
    const rewards: number[] = [];
    for (let t = 0; ; t++) {
      visited.push({ obs, t });
      const r = env.step(target.bestAction(obs));
      rewards.push(r.reward);
      obs = r.obs[0];
      if (r.terminated) break;
    }
    for (const v of visited) {
      let g = 0;
      for (let k = rewards.length - 1; k >= v.t; k--) g = rewards[k] + gamma * g;
      const s = sums.get(v.obs) ?? { g: 0, n: 0 };
      sums.set(v.obs, { g: s.g + g, n: s.n + 1 });
    }
  }
  return new Map([...sums].map(([o, s]) => [o, s.g / s.n]));
}

describe.each(PROBE_IDS)('%s', (id) => {
  const target = PROBE_TARGETS[id];

  it('optimal play earns the documented values V*(obs) and a solved episode', () => {
    const gamma = 0.9;
    const values = measuredValues(id, gamma);
    expect([...values.keys()].sort()).toEqual([...target.observations].sort());
    for (const [obs, v] of values) expect(v, `V(${obs})`).toBeCloseTo(target.value(obs, gamma), 12);
    for (const obs of target.observations) {
      expect(target.q(obs, target.bestAction(obs), gamma)).toBe(target.value(obs, gamma));
    }
  });

  it('has a 1-dimensional observation and the documented number of actions', () => {
    const env = makeEnv(id);
    expect(env.observationSpace.shape).toEqual([1]);
    expect(env.actionSpace).toEqual({ kind: 'discrete', n: target.numActions });
    expect(envSpec(id).maxEpisodeSteps).toBeNull();
  });
});

describe('probe details (DIAGNOSTICS.md §2)', () => {
  it('Probe1: obs [0], one step, +1', () => {
    const env = makeEnv('Probe1');
    expect(Array.from(env.reset({ seed: 0 }).obs)).toEqual([0]);
    const r = env.step(0);
    expect([r.reward, r.terminated, r.truncated]).toEqual([1, true, false]);
  });

  it('Probe2: obs ±1 at random (seeded), reward = obs', () => {
    const env = makeEnv('Probe2');
    const seen = new Set<number>();
    for (let seed = 0; seed < 40; seed++) {
      const obs = env.reset({ seed }).obs[0];
      seen.add(obs);
      const r = env.step(0);
      expect(r.reward).toBe(obs);
      expect(r.terminated).toBe(true);
    }
    expect([...seen].sort()).toEqual([-1, 1]);
    const a = makeEnv('Probe2'), b = makeEnv('Probe2');
    a.reset({ seed: 3 });
    b.reset({ seed: 3 });
    const seq = (e: typeof a) => Array.from({ length: 30 }, () => (e.step(0), e.reset().obs[0]));
    expect(seq(a)).toEqual(seq(b));
  });

  it('Probe3: obs [0] then [1], rewards 0 then +1, two steps; V(0) = γ', () => {
    const env = makeEnv('Probe3');
    expect(Array.from(env.reset({ seed: 0 }).obs)).toEqual([0]);
    const r1 = env.step(0);
    expect([r1.obs[0], r1.reward, r1.terminated]).toEqual([1, 0, false]);
    const r2 = env.step(0);
    expect([r2.reward, r2.terminated]).toEqual([1, true]);
    expect(PROBE_TARGETS.Probe3.value(0, 0.99)).toBe(0.99);
    expect(PROBE_TARGETS.Probe3.value(1, 0.99)).toBe(1);
  });

  it('Probe4: +1 for action 0, −1 for action 1', () => {
    const env = makeEnv('Probe4');
    env.reset({ seed: 0 });
    expect(env.step(0).reward).toBe(1);
    env.reset();
    expect(env.step(1).reward).toBe(-1);
  });

  it('Probe5: +1 when the action matches the sign (0 for −1, 1 for +1), else −1', () => {
    const env = makeEnv('Probe5');
    for (let seed = 0; seed < 20; seed++) {
      const obs = env.reset({ seed }).obs[0];
      const match = obs > 0 ? 1 : 0;
      expect(env.step(match).reward).toBe(1);
      env.reset({ seed });
      expect(env.step(1 - match).reward).toBe(-1);
    }
  });
});

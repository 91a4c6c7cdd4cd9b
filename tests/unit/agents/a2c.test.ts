// A2C: probes, hand-computed n-step targets across termination and truncation, RMSprop, no tensor
// leak, reproducibility, every announced key reported, a quick CartPole learning run.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { A2cAgent, a2cTargets, type A2cTargetInput } from '../../../src/agents/a2c.ts';
import { useBackend } from '../../../src/agents/backend.ts';
import { RmsProp } from '../../../src/agents/rmsprop.ts';
import type { HyperValue } from '../../../src/config/run-config.ts';
import { makeRunConfig, resolveConfig } from '../../../src/config/resolve.ts';
import { nStepReturns } from '../../../src/rl/returns.ts';
import { PROBE_IDS, PROBE_TARGETS } from '../../../src/envs/probes.ts';
import type { EnvId } from '../../../src/envs/types.ts';
import { isTimingKey, NULL_SINK, RecordingSink } from './helpers.ts';

const SMALL: Record<string, HyperValue> = { numEnvs: 4, numSteps: 5, hiddenSizes: '8,8', logEvery: 2, histogramEvery: 0 };

function agentFor(env: EnvId, overrides: Record<string, HyperValue>, sink = NULL_SINK, rest: { seed?: number; preset?: string; totalSteps?: number | null; bugs?: string[] } = {}): A2cAgent {
  const run = makeRunConfig(env, 'a2c', { seed: rest.seed ?? 1, preset: rest.preset ?? 'playground', overrides, bugs: rest.bugs ?? [], totalSteps: rest.totalSteps ?? null });
  return new A2cAgent({ config: run, sink }, resolveConfig(run));
}

beforeAll(async () => {
  await useBackend('cpu');
});

describe('A2C on the probe envs', () => {
  const GAMMA = 0.5;
  const UPDATES = 150;
  for (const id of PROBE_IDS) {
    it(`learns ${id} to within 0.05 of V and π`, async () => {
      // RMSprop's steps do not shrink near the optimum: anneal the rate to 0 over the test, as the zoo's lin_ schedules do.
      const agent = agentFor(id, { gamma: GAMMA, numEnvs: 8, numSteps: 4, hiddenSizes: '16,16', learningRate: 5e-3, annealLr: true, annealSteps: UPDATES * 32, normalizeReturns: false, logEvery: 50, histogramEvery: 0 });
      try {
        for (let u = 0; u < UPDATES; u++) await agent.iterate();
        const target = PROBE_TARGETS[id];
        const obs = target.observations;
        const { policy, values } = agent.predict(obs, obs.length);
        obs.forEach((o, i) => {
          expect(Math.abs(values[i] - target.value(o, GAMMA)), `V(${o})`).toBeLessThan(0.05);
          if (target.numActions > 1) expect(policy[i * target.numActions + target.bestAction(o)], `π(best | ${o})`).toBeGreaterThan(0.95);
        });
      } finally {
        agent.dispose();
      }
    });
  }
});

describe('A2C targets', () => {
  // T = 3 steps × N = 2 envs, time-major (index t·2 + e), γ = 0.5.
  // env 0: rewards 1, 2, 3; terminated after t = 1; V(s_T) = 40.
  // env 1: rewards 4, 5, 6; truncated after t = 0 with V(final obs) = 100; V(s_T) = 50.
  const base: A2cTargetInput = {
    numSteps: 3,
    numEnvs: 2,
    rewards: [1, 4, 2, 5, 3, 6],
    values: [10, 11, 20, 21, 30, 31],
    nextValues: [40, 50],
    terminated: [0, 0, 1, 0, 0, 0],
    truncated: [0, 1, 0, 0, 0, 0],
    truncationValues: [0, 100, 0, 0, 0, 0],
    gamma: 0.5,
    gaeLambda: 1,
    bootstrapTruncated: true,
  };

  it('n-step returns to the rollout end: no bootstrap past a termination, V(final obs) past a truncation', () => {
    const { returns, advantages } = a2cTargets(base);
    // env 0: G2 = 3 + ½·40 = 23; G1 = 2 (terminated); G0 = 1 + ½·2 = 2.
    // env 1: G2 = 6 + ½·50 = 31; G1 = 5 + ½·31 = 20.5; G0 = 4 + ½·100 = 54 (truncated).
    expect(Array.from(returns)).toEqual([2, 54, 2, 20.5, 23, 31]);
    expect(Array.from(advantages)).toEqual([-8, 43, -18, -0.5, -7, 0]);
    // Classic A2C: the same as n-step returns with n = T.
    expect(Array.from(nStepReturns({ ...base, n: 3 }))).toEqual(Array.from(returns));
  });

  it('treats a truncation as terminal when bootstrapTruncated is off', () => {
    const { returns } = a2cTargets({ ...base, bootstrapTruncated: false });
    expect(Array.from(returns)).toEqual([2, 4, 2, 20.5, 23, 31]);
  });

  it('GAE with λ < 1 (SB3 gae_lambda)', () => {
    const { returns, advantages } = a2cTargets({ ...base, gaeLambda: 0.5 });
    // env 0: δ2 = 3 + ½·40 − 30 = −7, δ1 = 2 − 20 = −18 (terminal), δ0 = 1 + ½·20 − 10 = 1; A0 = 1 + ¼·(−18) = −3.5.
    expect([advantages[0], advantages[2], advantages[4]]).toEqual([-3.5, -18, -7]);
    expect([returns[0], returns[2], returns[4]]).toEqual([6.5, 2, 23]);
  });

  it("uses these targets on its own rollouts (CartPole terminations, Pendulum's truncation at 200)", async () => {
    for (const [env, updates] of [
      ['CartPole-v1', 30],
      ['Pendulum-v1', 27],
    ] as const) {
      const agent = agentFor(env, { numEnvs: 2, numSteps: 8, hiddenSizes: '8,8', normalizeReturns: false, normalizeObs: false, gamma: 0.9, gaeLambda: 1, logEvery: 1000 });
      let ends = 0;
      try {
        for (let u = 0; u < updates; u++) {
          await agent.iterate();
          const r = agent.lastUpdate!;
          const expected = nStepReturns({ numSteps: 8, numEnvs: 2, rewards: r.rewards, values: r.values, nextValues: r.nextValues, terminated: r.terminated, truncated: r.truncated, truncationValues: r.truncationValues, gamma: 0.9, n: 8 });
          for (let i = 0; i < 16; i++) expect(r.returns[i]).toBeCloseTo(expected[i], 9);
          for (let i = 0; i < 16; i++) {
            if (r.truncated[i]) expect(r.truncationValues[i], 'V(final obs) on truncation').not.toBe(0);
            ends += r.terminated[i] + r.truncated[i];
          }
        }
        expect(ends, `${env}: episode ends seen`).toBeGreaterThan(0);
      } finally {
        agent.dispose();
      }
    }
  });
});

describe('A2C mechanics', () => {
  it('RMSprop matches torch.optim.RMSprop (α 0.99, ε 1e-5, not centred) step by step', () => {
    const w = tf.variable(tf.tensor1d([1, -2]));
    const opt = new RmsProp([w], 1e-5, 0.99);
    let v = [0, 0];
    let p = [1, -2];
    for (const g of [
      [0.5, -1],
      [0.1, 2],
      [-3, 0.01],
    ]) {
      tf.tidy(() => opt.step([tf.tensor1d(g)], 0.01, null));
      v = v.map((vi, i) => 0.99 * vi + 0.01 * g[i] * g[i]);
      p = p.map((pi, i) => pi - (0.01 * g[i]) / (Math.sqrt(v[i]) + 1e-5));
      const got = w.dataSync();
      p.forEach((pi, i) => expect(got[i]).toBeCloseTo(pi, 5));
    }
    opt.dispose();
    w.dispose();
  });

  it('leaks no tensors over 100 updates', async () => {
    for (const [env, optimizer] of [
      ['CartPole-v1', 'rmsprop'],
      ['Pendulum-v1', 'adam'],
    ] as const) {
      const agent = agentFor(env, { ...SMALL, optimizer, histogramEvery: 3, logEvery: 4 });
      try {
        await agent.iterate();
        const before = tf.memory().numTensors;
        for (let u = 0; u < 100; u++) await agent.iterate();
        expect(tf.memory().numTensors, env).toBe(before);
      } finally {
        agent.dispose();
      }
    }
  });

  it('frees every tensor it owns on dispose', async () => {
    for (const env of ['CartPole-v1', 'Pendulum-v1'] as EnvId[]) {
      const before = tf.memory().numTensors;
      const agent = agentFor(env, SMALL);
      await agent.iterate();
      agent.dispose();
      expect(tf.memory().numTensors, env).toBe(before);
    }
  });

  async function metricStream(env: EnvId, seed: number): Promise<string[]> {
    const sink = new RecordingSink();
    const agent = agentFor(env, { ...SMALL, histogramEvery: 2 }, sink, { seed });
    try {
      for (let u = 0; u < 12; u++) await agent.iterate();
    } finally {
      agent.dispose();
    }
    const scalars = sink.points.filter((p) => !isTimingKey(p.key)).map((p) => `${p.key}@${p.step}=${p.value}`);
    const hists = sink.histograms.map((h) => `${h.key}@${h.step}=${h.values.join(',')}`);
    return [...scalars, ...hists];
  }

  it('gives an identical metric stream for the same config and seed, a different one for another seed', async () => {
    for (const env of ['CartPole-v1', 'Pendulum-v1'] as EnvId[]) {
      const a = await metricStream(env, 3);
      const b = await metricStream(env, 3);
      expect(a.length).toBeGreaterThan(100);
      expect(b).toEqual(a);
      expect(await metricStream(env, 4)).not.toEqual(a);
    }
  });

  it('reports every key it announces, and announces every key it reports', async () => {
    for (const [env, activation] of [
      ['CartPole-v1', 'relu'],
      ['Pendulum-v1', 'tanh'],
    ] as const) {
      const sink = new RecordingSink();
      const agent = agentFor(env, { ...SMALL, activation, logEvery: 5 }, sink);
      try {
        for (let u = 0; u < 60; u++) await agent.iterate();
        const reported = new Set(sink.points.map((p) => p.key));
        const announced = new Set(agent.metricKeys());
        for (const k of reported) expect(announced.has(k), `reported but not announced: ${k}`).toBe(true);
        for (const k of announced) expect(reported.has(k), `announced but not reported: ${k}`).toBe(true);
        // One point per logEvery updates.
        expect(sink.series('losses/policy_loss')).toHaveLength(12);
        if (activation === 'relu') expect(reported.has('diagnostics/dead_relu_frac/actor/0')).toBe(true);
        if (env === 'Pendulum-v1') expect(sink.series('diagnostics/policy_std').every((s) => s > 0)).toBe(true);
        expect(sink.series('losses/approx_kl').every((k) => k > 0)).toBe(true);
      } finally {
        agent.dispose();
      }
    }
  });

  it('anneals the learning rate linearly to 0 over the run (the zoo lin_ schedules)', async () => {
    const sink = new RecordingSink();
    const agent = agentFor('CartPole-v1', { ...SMALL, learningRate: 1e-3, annealLr: true, logEvery: 1 }, sink, { totalSteps: 4 * 20 });
    try {
      for (let u = 0; u < 4; u++) await agent.iterate();
      expect(sink.series('charts/learning_rate')).toEqual([1e-3, 0.75e-3, 0.5e-3, 0.25e-3]);
    } finally {
      agent.dispose();
    }
  });
});

describe('A2C learns CartPole', () => {
  it('reaches a mean return ≥ 150 within 30k steps at seed 1 (playground preset)', { timeout: 300_000 }, async () => {
    await useBackend('wasm');
    const sink = new RecordingSink();
    const agent = agentFor('CartPole-v1', {}, sink, { seed: 1 });
    const t0 = performance.now();
    let reached: number | null = null;
    try {
      while (agent.envSteps < 30_000 && reached === null) {
        await agent.iterate();
        const returns = sink.episodes.map((e) => e.return);
        if (returns.length >= 20 && returns.slice(-20).reduce((a, b) => a + b, 0) / 20 >= 150) reached = agent.envSteps;
      }
    } finally {
      agent.dispose();
      await useBackend('cpu');
    }
    console.log(`A2C CartPole playground seed 1: mean-of-20 ≥ 150 at ${reached} steps, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(reached).not.toBeNull();
  });
});

// REINFORCE / VPG: probes, hand-computed returns, whole-episode batches, no tensor leak,
// reproducibility, every announced key reported, a quick CartPole learning run.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { VpgAgent } from '../../../src/agents/vpg.ts';
import type { HyperValue } from '../../../src/config/run-config.ts';
import { makeRunConfig, resolveConfig } from '../../../src/config/resolve.ts';
import { PROBE_IDS, PROBE_TARGETS } from '../../../src/envs/probes.ts';
import type { EnvId } from '../../../src/envs/types.ts';
import { isTimingKey, NULL_SINK, RecordingSink } from './helpers.ts';

const SMALL: Record<string, HyperValue> = { batchSteps: 64, hiddenSizes: '8,8', valueIters: 2, histogramEvery: 0 };

function agentFor(env: EnvId, overrides: Record<string, HyperValue>, sink = NULL_SINK, rest: { seed?: number; preset?: string; bugs?: string[] } = {}): VpgAgent {
  const run = makeRunConfig(env, 'vpg', { seed: rest.seed ?? 1, preset: rest.preset ?? 'playground', overrides, bugs: rest.bugs ?? [] });
  return new VpgAgent({ config: run, sink }, resolveConfig(run));
}

beforeAll(async () => {
  await useBackend('cpu');
});

describe('VPG on the probe envs', () => {
  // γ = 0.5 so that Probe3's V(0) = γ is far from V(1) = 1.
  const GAMMA = 0.5;
  const UPDATES = 30;
  const PROBE: Record<string, HyperValue> = { gamma: GAMMA, batchSteps: 64, hiddenSizes: '16,16', learningRate: 0.01, valueLearningRate: 0.01, valueIters: 10, normalizeReturns: false, histogramEvery: 0 };
  for (const id of PROBE_IDS) {
    it(`learns ${id} with a baseline to within 0.05 of V and π`, async () => {
      const agent = agentFor(id, PROBE);
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
  // Plain REINFORCE has no V: only the probes with a choice test it.
  for (const id of ['Probe4', 'Probe5'] as const) {
    it(`learns π on ${id} without a baseline`, async () => {
      const agent = agentFor(id, { ...PROBE, baseline: false });
      try {
        for (let u = 0; u < UPDATES; u++) await agent.iterate();
        const target = PROBE_TARGETS[id];
        const { policy, values } = agent.predict(target.observations, target.observations.length);
        target.observations.forEach((o, i) => expect(policy[i * 2 + target.bestAction(o)], `π(best | ${o})`).toBeGreaterThan(0.95));
        expect(Array.from(values).every(Number.isNaN)).toBe(true);
      } finally {
        agent.dispose();
      }
    });
  }
});

describe('VPG returns', () => {
  it('computes reward-to-go and whole-episode returns by hand across episode boundaries (Probe3: 0 then +1)', async () => {
    const g = 0.5;
    for (const [rewardToGo, expected] of [
      [true, [g, 1, g, 1, g, 1]],
      [false, [g, g, g, g, g, g]],
    ] as const) {
      const agent = agentFor('Probe3', { ...SMALL, gamma: g, batchSteps: 6, rewardToGo, normalizeReturns: false });
      try {
        await agent.iterate();
        const u = agent.lastUpdate!;
        expect(u.episodes.map((e) => e.length)).toEqual([2, 2, 2]);
        expect(Array.from(u.returns)).toEqual(expected);
      } finally {
        agent.dispose();
      }
    }
  });

  it('ignore_done runs the returns on across episode boundaries (plain REINFORCE: into the next episode; with V: V(next state))', async () => {
    const g = 0.5;
    const agent = agentFor('Probe3', { ...SMALL, gamma: g, batchSteps: 6, baseline: false, normalizeReturns: false }, NULL_SINK, { bugs: ['ignore_done'] });
    try {
      await agent.iterate();
      // Backwards over [0, 1, 0, 1, 0, 1] with no resets: 1, ½, 1 + ¼, ⅝, 1 + 5⁄16, 21⁄32.
      expect(Array.from(agent.lastUpdate!.returns)).toEqual([21 / 32, 1 + 5 / 16, 5 / 8, 1 + 1 / 4, 1 / 2, 1]);
    } finally {
      agent.dispose();
    }
    const withV = agentFor('CartPole-v1', { ...SMALL, gamma: g, batchSteps: 60, normalizeReturns: false }, NULL_SINK, { bugs: ['ignore_done'] });
    try {
      await withV.iterate();
      const { returns, episodes, rewards } = withV.lastUpdate!;
      // Every CartPole episode terminates, yet each bootstraps from V of the state after its terminal step
      // (the next episode's first state): a non-zero tail, G_last = r + γ·V.
      let o = 0;
      for (const { length, tail } of episodes) {
        expect(tail).not.toBe(0);
        expect(returns[o + length - 1]).toBeCloseTo(rewards[o + length - 1] + g * tail, 12);
        o += length;
      }
    } finally {
      withV.dispose();
    }
  });

  it('gives each CartPole episode of the batch its own discounted return, ending at r = 1', async () => {
    const gamma = 0.9;
    for (const rewardToGo of [true, false]) {
      const sink = new RecordingSink();
      const agent = agentFor('CartPole-v1', { ...SMALL, gamma, batchSteps: 60, rewardToGo, normalizeReturns: false }, sink);
      try {
        await agent.iterate();
        const u = agent.lastUpdate!;
        // One env: the batch holds exactly the episodes the env finished, in order, and nothing else.
        expect(u.episodes.map((e) => e.length)).toEqual(sink.episodes.map((e) => e.length));
        expect(u.episodes.length).toBeGreaterThan(1);
        let o = 0;
        for (const { length: L, tail } of u.episodes) {
          expect(tail).toBe(0); // terminated: nothing to bootstrap
          for (let t = 0; t < L; t++) {
            const want = rewardToGo ? (1 - gamma ** (L - t)) / (1 - gamma) : (1 - gamma ** L) / (1 - gamma);
            expect(u.returns[o + t]).toBeCloseTo(want, 10);
          }
          o += L;
        }
        expect(o).toBe(u.batchSize);
      } finally {
        agent.dispose();
      }
    }
  });

  it('bootstraps a time-limit truncation from V(final obs) only when bootstrapTruncated (Pendulum: every episode is cut at 200)', async () => {
    const gamma = 0.9;
    for (const bootstrapTruncated of [false, true]) {
      const agent = agentFor('Pendulum-v1', { ...SMALL, gamma, batchSteps: 200, bootstrapTruncated, normalizeReturns: false, normalizeObs: false });
      try {
        await agent.iterate();
        const u = agent.lastUpdate!;
        expect(u.episodes).toHaveLength(1);
        const tail = u.episodes[0].tail;
        if (bootstrapTruncated) expect(tail).not.toBe(0);
        else expect(tail).toBe(0);
        expect(u.returns[199]).toBeCloseTo(u.rewards[199] + gamma * tail, 10);
        // The recursion inside the episode: G_t = r_t + γ·G_{t+1}.
        for (let t = 0; t < 199; t++) expect(u.returns[t]).toBeCloseTo(u.rewards[t] + gamma * u.returns[t + 1], 8);
      } finally {
        agent.dispose();
      }
    }
  });

  it('trains only on whole episodes with several envs', async () => {
    const sink = new RecordingSink();
    const agent = agentFor('CartPole-v1', { ...SMALL, numEnvs: 3, batchSteps: 100, normalizeReturns: false, rewardToGo: true, gamma: 0.9 }, sink);
    try {
      for (let u = 0; u < 3; u++) {
        await agent.iterate();
        const { episodes, returns, batchSize } = agent.lastUpdate!;
        expect(batchSize).toBeGreaterThanOrEqual(100);
        // Each episode's last return is its last reward (+1): it ended in a true terminal state.
        let o = 0;
        for (const { length } of episodes) {
          expect(returns[o + length - 1]).toBe(1);
          expect(length).toBeGreaterThanOrEqual(8); // CartPole cannot fall in fewer steps
          o += length;
        }
        expect(o).toBe(batchSize);
      }
    } finally {
      agent.dispose();
    }
  });
});

describe('VPG mechanics', () => {
  it('leaks no tensors over 100 updates', async () => {
    for (const [env, baseline] of [
      ['CartPole-v1', true],
      ['Pendulum-v1', false],
    ] as const) {
      const agent = agentFor(env, { ...SMALL, batchSteps: 16, baseline, histogramEvery: 7, diagnosticsEvery: 3 });
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
    const before = tf.memory().numTensors;
    const agent = agentFor('Pendulum-v1', SMALL);
    await agent.iterate();
    agent.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  async function metricStream(env: EnvId, seed: number): Promise<string[]> {
    const sink = new RecordingSink();
    const agent = agentFor(env, { ...SMALL, histogramEvery: 2 }, sink, { seed });
    try {
      for (let u = 0; u < 5; u++) await agent.iterate();
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
    for (const [env, activation, baseline] of [
      ['CartPole-v1', 'relu', true],
      ['Pendulum-v1', 'tanh', true],
      ['CartPole-v1', 'tanh', false],
    ] as const) {
      const sink = new RecordingSink();
      const agent = agentFor(env, { ...SMALL, activation, baseline, batchSteps: 256 }, sink);
      try {
        for (let u = 0; u < 2; u++) await agent.iterate();
        const reported = new Set(sink.points.map((p) => p.key));
        const announced = new Set(agent.metricKeys());
        for (const k of reported) expect(announced.has(k), `reported but not announced: ${k}`).toBe(true);
        for (const k of announced) expect(reported.has(k), `announced but not reported: ${k}`).toBe(true);
        expect(reported.has('losses/value_loss')).toBe(baseline);
        if (activation === 'relu') expect(reported.has('diagnostics/dead_relu_frac/actor/0')).toBe(true);
        if (env === 'Pendulum-v1') expect(sink.series('diagnostics/policy_std').every((s) => s > 0)).toBe(true);
        // approx_kl is the post-update k3 estimate on the batch: ≥ 0 and > 0 once the policy moved.
        expect(sink.series('losses/approx_kl').every((k) => k > 0)).toBe(true);
      } finally {
        agent.dispose();
      }
    }
  });
});

describe('VPG learns CartPole', () => {
  it('reaches a mean return ≥ 150 within 40k steps at seed 1 (playground preset)', { timeout: 300_000 }, async () => {
    await useBackend('wasm');
    const sink = new RecordingSink();
    const agent = agentFor('CartPole-v1', {}, sink, { seed: 1 });
    const t0 = performance.now();
    let reached: number | null = null;
    try {
      while (agent.envSteps < 40_000 && reached === null) {
        await agent.iterate();
        const returns = sink.episodes.map((e) => e.return);
        if (returns.length >= 20 && returns.slice(-20).reduce((a, b) => a + b, 0) / 20 >= 150) reached = agent.envSteps;
      }
    } finally {
      agent.dispose();
      await useBackend('cpu');
    }
    console.log(`VPG CartPole playground seed 1: mean-of-20 ≥ 150 at ${reached} steps, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(reached).not.toBeNull();
  });
});

// PPO: probes, the exact first ratio, no tensor leak, reproducibility, a quick CartPole learning run.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { PpoAgent } from '../../../src/agents/ppo.ts';
import type { HyperValue } from '../../../src/config/run-config.ts';
import { makeRunConfig, resolveConfig } from '../../../src/config/resolve.ts';
import { PROBE_IDS, PROBE_TARGETS } from '../../../src/envs/probes.ts';
import type { EnvId } from '../../../src/envs/types.ts';
import { isTimingKey, NULL_SINK, RecordingSink } from './helpers.ts';

const SMALL: Record<string, HyperValue> = { numEnvs: 2, numSteps: 16, numMinibatches: 2, updateEpochs: 2, hiddenSizes: '8,8', histogramEvery: 0 };

function agentFor(env: EnvId, overrides: Record<string, HyperValue>, sink = NULL_SINK, rest: { seed?: number; totalSteps?: number | null; preset?: string } = {}): PpoAgent {
  const run = makeRunConfig(env, 'ppo', { seed: rest.seed ?? 1, totalSteps: rest.totalSteps ?? null, preset: rest.preset ?? 'playground', overrides });
  return new PpoAgent({ config: run, sink }, resolveConfig(run));
}

beforeAll(async () => {
  await useBackend('cpu');
});

describe('PPO on the probe envs', () => {
  // Probe3 uses γ = 0.5 so that V(0) = γ is far from V(1) = 1 and discounting is really tested.
  const GAMMA = 0.5;
  const UPDATES = 30;
  for (const id of PROBE_IDS) {
    it(`learns ${id} to within 0.05 of V and π`, async () => {
      const agent = agentFor(
        id,
        { gamma: GAMMA, numEnvs: 4, numSteps: 32, numMinibatches: 2, hiddenSizes: '16,16', learningRate: 3e-3, normalizeReturns: false, histogramEvery: 0 },
        NULL_SINK,
        { totalSteps: UPDATES * 128 },
      );
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

describe('PPO update mechanics', () => {
  for (const backend of ['cpu', 'wasm']) {
    it(`reproduces π_old exactly: ratio is 1 on the first minibatch of the first epoch (${backend}, compute tfjs)`, async () => {
      await useBackend(backend);
      for (const [env, activation] of [['CartPole-v1', 'tanh'], ['Pendulum-v1', 'tanh'], ['CartPole-v1', 'relu']] as [EnvId, string][]) {
        // compute tfjs: the path whose update runs on this backend (the js path's own check is in js-mlp.test.ts).
        // ReLU: π_old's pass fuses the ReLU into the matMul kernel, the gradient pass cannot; still bitwise equal.
        const agent = agentFor(env, { ...SMALL, numSteps: 32, compute: 'tfjs', activation });
        try {
          for (let u = 0; u < 3; u++) {
            await agent.iterate();
            const r = agent.lastUpdate!.firstRatios;
            expect(r.length).toBe(32);
            expect(Array.from(r).every((x) => x === 1), `${env} update ${u}: ${Array.from(r).slice(0, 4)}`).toBe(true);
            // Later minibatches moved: the ratio test would pass vacuously if nothing trained.
            expect(agent.lastUpdate!.mean.approx_kl).toBeGreaterThan(0);
          }
        } finally {
          agent.dispose();
        }
      }
      await useBackend('cpu');
    });
  }

  it('leaks no tensors over 100 updates', async () => {
    const agent = agentFor('CartPole-v1', { ...SMALL, histogramEvery: 7, diagnosticsEvery: 3, targetKl: 0.5 });
    try {
      await agent.iterate();
      const before = tf.memory().numTensors;
      for (let u = 0; u < 100; u++) await agent.iterate();
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      agent.dispose();
    }
  });

  it('frees every tensor it owns on dispose', async () => {
    const before = tf.memory().numTensors;
    const agent = agentFor('Pendulum-v1', SMALL);
    await agent.iterate();
    agent.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  async function metricStream(env: EnvId, seed: number, overrides = SMALL): Promise<string[]> {
    const sink = new RecordingSink();
    const agent = agentFor(env, { ...overrides, histogramEvery: 2 }, sink, { seed, totalSteps: 2000 });
    try {
      for (let u = 0; u < 6; u++) await agent.iterate();
    } finally {
      agent.dispose();
    }
    const scalars = sink.points.filter((p) => !isTimingKey(p.key)).map((p) => `${p.key}@${p.step}=${p.value}`);
    const hists = sink.histograms.map((h) => `${h.key}@${h.step}=${h.values.join(',')}`);
    return [...scalars, ...hists];
  }

  for (const backend of ['cpu', 'wasm']) {
    it(`gives an identical metric stream for the same config, seed and backend (${backend})`, async () => {
      await useBackend(backend);
      for (const env of ['CartPole-v1', 'Pendulum-v1'] as EnvId[]) {
        const a = await metricStream(env, 3);
        const b = await metricStream(env, 3);
        expect(a.length).toBeGreaterThan(100);
        expect(b).toEqual(a);
        const c = await metricStream(env, 4);
        expect(c).not.toEqual(a);
      }
      await useBackend('cpu');
    });
  }

  it('reports every key it announces, and announces every key it reports', async () => {
    const sink = new RecordingSink();
    for (const [env, activation] of [['CartPole-v1', 'relu'], ['Pendulum-v1', 'tanh']] as const) {
      sink.points.length = 0;
      const agent = agentFor(env, { ...SMALL, activation, numSteps: 128 }, sink);
      try {
        for (let u = 0; u < 2; u++) await agent.iterate();
        const reported = new Set(sink.points.map((p) => p.key));
        const announced = new Set(agent.metricKeys());
        for (const k of reported) expect(announced.has(k), `reported but not announced: ${k}`).toBe(true);
        // Episodic return needs a finished episode; the rest appear every update.
        for (const k of announced) if (!k.startsWith('charts/episodic') && k !== 'diagnostics/return_mean' && k !== 'diagnostics/value_mean') expect(reported.has(k), `announced but not reported: ${k}`).toBe(true);
        if (activation === 'relu') expect(reported.has('diagnostics/dead_relu_frac/actor/0')).toBe(true);
        if (env === 'Pendulum-v1') expect(sink.series('diagnostics/policy_std').every((s) => s > 0)).toBe(true);
      } finally {
        agent.dispose();
      }
    }
  });

  it('snapshots histograms of weights, gradients, activations, advantages, value targets and the ratio', async () => {
    const sink = new RecordingSink();
    const agent = agentFor('CartPole-v1', { ...SMALL, histogramEvery: 2 }, sink);
    try {
      for (let u = 0; u < 3; u++) await agent.iterate();
    } finally {
      agent.dispose();
    }
    const keys = new Set(sink.histograms.map((h) => h.key));
    for (const layer of ['actor/0', 'actor/1', 'actor/2', 'critic/0', 'critic/1', 'critic/2']) {
      expect(keys.has(`histograms/weights/${layer}`), layer).toBe(true);
      expect(keys.has(`histograms/gradients/${layer}`), layer).toBe(true);
    }
    for (const k of ['histograms/activations/actor/0', 'histograms/activations/critic/1', 'histograms/advantages', 'histograms/value_targets', 'histograms/ratio']) expect(keys.has(k), k).toBe(true);
    // Updates 0 and 2 are due (every 2); the batch is 2 envs × 16 steps.
    expect(sink.histograms.filter((h) => h.key === 'histograms/advantages').map((h) => h.values.length)).toEqual([32, 32]);
    expect(sink.histograms.find((h) => h.key === 'histograms/weights/actor/1')!.values.length).toBe(64);
  });

  it('trains with tfjs rollout inference too (jsInference off, compute tfjs)', async () => {
    const sink = new RecordingSink();
    const agent = agentFor('CartPole-v1', { ...SMALL, jsInference: false, compute: 'tfjs' }, sink);
    try {
      for (let u = 0; u < 3; u++) await agent.iterate();
      expect(Array.from(agent.lastUpdate!.firstRatios).every((r) => r === 1)).toBe(true);
      expect(sink.series('losses/value_loss').every(Number.isFinite)).toBe(true);
    } finally {
      agent.dispose();
    }
  });

  it('anneals the learning rate linearly to 0 over the run, as CleanRL', async () => {
    const sink = new RecordingSink();
    const agent = agentFor('CartPole-v1', { ...SMALL, learningRate: 1e-3 }, sink, { totalSteps: 4 * 32 });
    try {
      for (let u = 0; u < 4; u++) await agent.iterate();
      expect(sink.series('charts/learning_rate')).toEqual([1e-3, 0.75e-3, 0.5e-3, 0.25e-3]);
    } finally {
      agent.dispose();
    }
  });
});

describe('PPO learns CartPole', () => {
  it('reaches a mean return ≥ 200 within 60k steps at seed 1 (playground preset)', { timeout: 300_000 }, async () => {
    await useBackend('wasm');
    const sink = new RecordingSink();
    const agent = agentFor('CartPole-v1', {}, sink, { seed: 1, totalSteps: 60_000 });
    const t0 = performance.now();
    let reached: number | null = null;
    try {
      while (agent.envSteps < 60_000 && reached === null) {
        await agent.iterate();
        const returns = sink.episodes.map((e) => e.return);
        if (returns.length >= 20 && returns.slice(-20).reduce((a, b) => a + b, 0) / 20 >= 200) reached = agent.envSteps;
      }
    } finally {
      agent.dispose();
      await useBackend('cpu');
    }
    console.log(`CartPole playground seed 1: mean-of-20 ≥ 200 at ${reached} steps, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(reached).not.toBeNull();
  });
});

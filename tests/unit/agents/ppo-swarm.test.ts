// The seed swarm: each seed of a swarm trains as ppo.ts with that seed does alone, on either compute path:
// tfjs (one batched computation): the same episodes and, within float rounding of the batched kernels, the
// same losses; js (a kernel learner per seed): the same numbers bit for bit. No tensor leaks; unsupported
// runs are refused with the reason.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { PpoAgent } from '../../../src/agents/ppo.ts';
import { PpoSwarm, swarmUnsupported } from '../../../src/agents/ppo-swarm.ts';
import { makeRunConfig, resolveConfig } from '../../../src/config/resolve.ts';
import type { HyperValue, RunConfig } from '../../../src/config/run-config.ts';
import type { PpoConfig } from '../../../src/config/ppo-config.ts';
import type { EnvId } from '../../../src/envs/types.ts';
import { isTimingKey, NULL_SINK, RecordingSink } from './helpers.ts';

const SEEDS = [1, 2, 3];
const UPDATES = 3;

function runFor(env: EnvId, preset: string, seed: number, overrides: Record<string, HyperValue>): RunConfig {
  return makeRunConfig(env, 'ppo', { seed, totalSteps: 50_000, preset, overrides });
}

async function single(env: EnvId, preset: string, seed: number, overrides: Record<string, HyperValue>): Promise<RecordingSink> {
  const sink = new RecordingSink();
  const run = runFor(env, preset, seed, overrides);
  const agent = new PpoAgent({ config: run, sink }, resolveConfig(run) as PpoConfig);
  try {
    for (let u = 0; u < UPDATES; u++) await agent.iterate();
  } finally {
    agent.dispose();
  }
  return sink;
}

async function swarm(env: EnvId, preset: string, overrides: Record<string, HyperValue>): Promise<RecordingSink[]> {
  const sinks = SEEDS.map(() => new RecordingSink());
  const run = runFor(env, preset, SEEDS[0], overrides);
  const agent = new PpoSwarm({ config: run, seeds: SEEDS, sinks }, resolveConfig(run) as PpoConfig);
  try {
    for (let u = 0; u < UPDATES; u++) await agent.iterate();
  } finally {
    agent.dispose();
  }
  return sinks;
}

/** Keys whose values depend on the wall clock. */
const VOLATILE = new Set(['charts/SPS', 'time/wall_s']);

const LOSSES = ['losses/value_loss', 'losses/policy_loss', 'losses/entropy', 'losses/approx_kl', 'losses/old_approx_kl', 'losses/explained_variance', 'diagnostics/grad_norm'];

function expectClose(actual: number[], expected: number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]), `${what}[${i}]: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(expected[i]))));
}

beforeAll(async () => {
  await useBackend('cpu');
});
afterAll(async () => {
  await useBackend('cpu');
});

describe('PPO seed swarm', () => {
  const cases: { env: EnvId; preset: string; backend: string; overrides: Record<string, HyperValue> }[] = [
    // CleanRL's CartPole config, 3 updates of 512 steps, on wasm (one 2D matMul per seed there); on cpu (one
    // batched matMul) with half the rollout, to keep the slower backend's run short.
    { env: 'CartPole-v1', preset: 'cleanrl', backend: 'wasm', overrides: { compute: 'tfjs', histogramEvery: 0 } },
    { env: 'CartPole-v1', preset: 'cleanrl', backend: 'cpu', overrides: { compute: 'tfjs', histogramEvery: 0, numSteps: 64 } },
    // The playground baseline (return normalisation, truncation bootstrap) on a continuous env, smaller.
    { env: 'Pendulum-v1', preset: 'playground', backend: 'cpu', overrides: { compute: 'tfjs', histogramEvery: 0, numEnvs: 2, numSteps: 128, numMinibatches: 4, updateEpochs: 3, returnNormWarmup: 128 } },
    // The js compute path (the kernels; the tfjs backend only builds the initial weights), discrete and continuous.
    { env: 'CartPole-v1', preset: 'cleanrl', backend: 'wasm', overrides: { compute: 'js', histogramEvery: 0 } },
    { env: 'Pendulum-v1', preset: 'playground', backend: 'cpu', overrides: { compute: 'js', histogramEvery: 0, numEnvs: 2, numSteps: 128, numMinibatches: 4, updateEpochs: 3, returnNormWarmup: 128 } },
  ];
  for (const { env, preset, backend, overrides } of cases) {
    it(`trains each seed as ppo.ts does with that seed: ${env}, ${preset}, ${backend}, compute ${overrides.compute}`, async () => {
      await useBackend(backend);
      const alone: RecordingSink[] = [];
      for (const seed of SEEDS) alone.push(await single(env, preset, seed, overrides));
      const together = await swarm(env, preset, overrides);
      SEEDS.forEach((seed, s) => {
        if (overrides.compute === 'js') {
          // The js path is each seed's own kernel learner: every point of every series, bit for bit.
          expect(together[s].points.filter((p) => !isTimingKey(p.key) && !VOLATILE.has(p.key)).length).toBeGreaterThan(0);
          for (const key of [...LOSSES, 'losses/clipfrac', 'losses/first_ratio_dev', 'charts/episodic_return', 'charts/episodic_length', 'charts/learning_rate'])
            expect(together[s].series(key), `seed ${seed} ${key}`).toEqual(alone[s].series(key));
          expect(together[s].series('losses/value_loss').length, `seed ${seed} updates`).toBe(UPDATES);
          if (s > 0) expect(together[s].series('losses/value_loss')).not.toEqual(together[0].series('losses/value_loss'));
          return;
        }
        const a = alone[s];
        const b = together[s];
        // The same episodes: discrete actions sampled from the same generators are the same actions, bit for
        // bit; continuous ones differ by the rounding of the Gaussian mean, so their returns agree to ~1e-9.
        expect(b.episodes.length, `seed ${seed} episodes`).toBeGreaterThan(0);
        if (env === 'CartPole-v1') expect(b.series('charts/episodic_return'), `seed ${seed} returns`).toEqual(a.series('charts/episodic_return'));
        else expectClose(b.series('charts/episodic_return'), a.series('charts/episodic_return'), `seed ${seed} returns`);
        expect(b.series('charts/episodic_length')).toEqual(a.series('charts/episodic_length'));
        for (const key of LOSSES) expectClose(b.series(key), a.series(key), `seed ${seed} ${key}`);
        expectClose(b.series('losses/clipfrac'), a.series('losses/clipfrac'), `seed ${seed} clipfrac`);
        // π_old is reproduced exactly inside the swarm too.
        expect(b.series('losses/first_ratio_dev')).toEqual([0, 0, 0]);
        // Something trained: the seeds differ from each other.
        if (s > 0) expect(b.series('losses/value_loss')).not.toEqual(together[0].series('losses/value_loss'));
      });
    });
  }

  it('reports per seed only keys it announces', async () => {
    const sinks = SEEDS.map(() => new RecordingSink());
    const run = runFor('CartPole-v1', 'cleanrl', 1, { compute: 'tfjs', numSteps: 32 });
    const agent = new PpoSwarm({ config: run, seeds: SEEDS, sinks }, resolveConfig(run) as PpoConfig);
    try {
      await agent.iterate();
      const keys = new Set(agent.metricKeys());
      for (const sink of sinks) {
        const seen = new Set(sink.points.map((p) => p.key));
        for (const key of seen) expect(keys.has(key) || isTimingKey(key), key).toBe(true);
        for (const key of ['losses/approx_kl', 'losses/clipfrac', 'losses/entropy', 'losses/explained_variance', 'charts/SPS']) expect(seen.has(key), key).toBe(true);
      }
    } finally {
      agent.dispose();
    }
  });

  it.each([
    ['wasm', 'tfjs'],
    ['cpu', 'tfjs'],
    ['cpu', 'js'],
  ])('leaks no tensors (%s, compute %s)', async (backend, compute) => {
    await useBackend(backend);
    const run = runFor('CartPole-v1', 'cleanrl', 1, { compute, numSteps: 16, hiddenSizes: '16,16' });
    const agent = new PpoSwarm({ config: run, seeds: [4, 5], sinks: [NULL_SINK, NULL_SINK] }, resolveConfig(run) as PpoConfig);
    try {
      await agent.iterate();
      const before = tf.memory().numTensors;
      for (let u = 0; u < 3; u++) await agent.iterate();
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      agent.dispose();
    }
  });

  it.each([
    ['tfjs', 'tfjs'],
    ['js', 'js'],
    ['auto', 'js'],
  ] as const)('trains compute %s on the path ppo.ts picks (%s on cpu)', async (compute, path) => {
    await useBackend('cpu');
    const run = runFor('CartPole-v1', 'cleanrl', 1, { compute, numSteps: 16, hiddenSizes: '16,16' });
    const agent = new PpoSwarm({ config: run, seeds: [4, 5], sinks: [NULL_SINK, NULL_SINK] }, resolveConfig(run) as PpoConfig);
    try {
      expect(agent.compute).toBe(path);
    } finally {
      agent.dispose();
    }
  });

  it('refuses what it does not implement, with the reason', () => {
    const healthy = runFor('CartPole-v1', 'cleanrl', 1, { compute: 'tfjs' });
    const c = resolveConfig(healthy) as PpoConfig;
    expect(swarmUnsupported(healthy, c)).toBeNull();
    expect(swarmUnsupported({ ...healthy, bugs: ['lr_too_high'] }, c)).toMatch(/bug/);
    expect(swarmUnsupported(healthy, { ...c, compute: 'js' })).toBeNull();
    expect(swarmUnsupported(healthy, { ...c, compute: 'auto' })).toBeNull();
    expect(swarmUnsupported(healthy, { ...c, jsInference: false })).toMatch(/jsInference/);
    expect(swarmUnsupported(healthy, { ...c, targetKl: 0.01 })).toMatch(/target_kl/);
    expect(swarmUnsupported({ ...healthy, agent: 'dqn' }, c)).toMatch(/PPO only/);
    expect(() => new PpoSwarm({ config: { ...healthy, bugs: ['lr_too_high'] }, seeds: [1], sinks: [NULL_SINK] }, c)).toThrow(/bug/);
  });
});

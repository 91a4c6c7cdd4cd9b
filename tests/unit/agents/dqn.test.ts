// DQN: probes, replay of true final observations, no tensor leak, reproducibility, metric keys,
// the ε schedule, validation, and a quick CartPole learning run. Bug signatures: dqn-bugs.test.ts.
// Mechanics run on the cpu backend; the training-heavy tests (probes, CartPole) on wasm, which gives
// the same numbers every run and is 3–4× faster here.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { DqnAgent, type DqnOptions } from '../../../src/agents/dqn.ts';
import { epsilonGreedyEntropy, greedyAction, linearSchedule } from '../../../src/agents/dqn-policy.ts';
import { createAgent } from '../../../src/agents/index.ts';
import { bugsOf } from '../../../src/bugs/catalog.ts';
import { DQN_FIELDS, DQN_PRESETS } from '../../../src/config/dqn-config.ts';
import { presetsFor } from '../../../src/config/presets.ts';
import { checkValue } from '../../../src/config/schema.ts';
import { makeRunConfig, resolveConfig, resolveSettings, validateRunConfig } from '../../../src/config/resolve.ts';
import type { HyperValue } from '../../../src/config/run-config.ts';
import { bugsForAgent } from '../../../src/bugs/catalog.ts';
import { PROBE_IDS, PROBE_TARGETS } from '../../../src/envs/probes.ts';
import type { EnvId } from '../../../src/envs/types.ts';
import { isTimingKey, NULL_SINK, RecordingSink } from './helpers.ts';

/** Env steps per probe run: ~440 gradient steps. */
const PROBE_STEPS = 500;

/** A small, fast setting: tiny net, learning from step 64, a gradient step every 2 env steps. */
const SMALL: Record<string, HyperValue> = {
  hiddenSizes: '16,16',
  batchSize: 32,
  bufferSize: 2000,
  learningStarts: 64,
  trainFreq: 2,
  gradientSteps: 1,
  targetNetworkFrequency: 50,
  logEvery: 50,
  histogramEvery: 3,
};

function agentFor(env: EnvId, overrides: Record<string, HyperValue>, sink = NULL_SINK, rest: { seed?: number; totalSteps?: number | null; preset?: string; bugs?: string[] } = {}, options: DqnOptions = {}): DqnAgent {
  const run = makeRunConfig(env, 'dqn', { seed: rest.seed ?? 1, totalSteps: rest.totalSteps ?? null, preset: rest.preset ?? 'playground', overrides, bugs: rest.bugs ?? [] });
  return new DqnAgent({ config: run, sink }, resolveConfig(run), options);
}

async function runUntil(agent: DqnAgent, envSteps: number): Promise<void> {
  while (agent.envSteps < envSteps) await agent.iterate();
}

beforeAll(async () => {
  await useBackend('cpu');
});

describe('DQN on the probe envs (wasm)', () => {
  // γ = 0.5 so that Probe3's Q(0) = γ is far from Q(1) = 1 and bootstrapping is really tested.
  const GAMMA = 0.5;
  beforeAll(async () => {
    await useBackend('wasm');
  });
  afterAll(async () => {
    await useBackend('cpu');
  });
  for (const compute of ['tfjs', 'js'])
  for (const id of PROBE_IDS) {
    it(`learns ${id} to within 0.05 of Q(s, best a) (compute ${compute})`, async () => {
      const agent = agentFor(id, {
        ...SMALL,
        compute,
        gamma: GAMMA,
        learningRate: 3e-3,
        trainFreq: 1,
        endE: 0.2,
        explorationFraction: 1,
        scheduleSteps: 300,
        histogramEvery: 0,
      });
      try {
        await runUntil(agent, PROBE_STEPS);
        const target = PROBE_TARGETS[id];
        const obs = target.observations;
        const q = agent.qValues(obs, obs.length);
        obs.forEach((o, i) => {
          const best = target.bestAction(o);
          expect(Math.abs(q[i * target.numActions + best] - target.q(o, best, GAMMA)), `Q(${o}, ${best})`).toBeLessThan(0.05);
          // The greedy action is the best one.
          for (let a = 0; a < target.numActions; a++) if (a !== best) expect(q[i * target.numActions + a]).toBeLessThan(q[i * target.numActions + best]);
        });
        // Greedy evaluation earns the optimum on every episode (Probe4/5: +1 for the right action; random play averages 0).
        if (id === 'Probe4' || id === 'Probe5') expect(await agent.evaluate(50, 123)).toBe(1);
      } finally {
        agent.dispose();
      }
    });
  }
});

describe('DQN replay of episode ends', () => {
  it('stores the true final observation as next_obs and terminated (not truncated) as the done mask', async () => {
    // CartPole cut at 12 steps, random actions: most episodes end by truncation, some by the pole falling.
    const agent = agentFor('CartPole-v1', { ...SMALL, bufferSize: 4000, learningStarts: 10_000 }, NULL_SINK, {}, { envOptions: { maxEpisodeSteps: 12 } });
    const ends: { row: number; finalObs: Float32Array; resetObs: Float32Array; terminated: boolean; truncated: boolean }[] = [];
    const step = agent.vecEnv.step.bind(agent.vecEnv);
    agent.vecEnv.step = (actions) => {
      const row = agent.replay.position;
      const r = step(actions);
      if (r.finalObs[0] !== null) ends.push({ row, finalObs: r.finalObs[0].slice(), resetObs: r.obs.slice(0, 4), terminated: r.terminated[0] === 1, truncated: r.truncated[0] === 1 });
      return r;
    };
    try {
      await runUntil(agent, 2000);
      const truncations = ends.filter((e) => e.truncated && !e.terminated);
      const terminations = ends.filter((e) => e.terminated);
      expect(truncations.length).toBeGreaterThan(20);
      expect(terminations.length).toBeGreaterThan(5);
      const D = 4;
      for (const e of ends) {
        const next = agent.replay.nextObservations.slice(e.row * D, (e.row + 1) * D);
        expect(Array.from(next)).toEqual(Array.from(e.finalObs));
        expect(Array.from(next)).not.toEqual(Array.from(e.resetObs));
        // The reset observation is where the next transition starts.
        expect(Array.from(agent.replay.observations.slice((e.row + 1) * D, (e.row + 2) * D))).toEqual(Array.from(e.resetObs));
        expect(agent.replay.terminated[e.row]).toBe(e.terminated ? 1 : 0);
      }
    } finally {
      agent.dispose();
    }
  });

  it('truncation_as_termination stores time-limit cuts as terminal', async () => {
    const agent = agentFor('CartPole-v1', { ...SMALL, learningStarts: 10_000 }, NULL_SINK, { bugs: ['truncation_as_termination'] }, { envOptions: { maxEpisodeSteps: 7 } });
    try {
      await runUntil(agent, 700);
      // Every 7th row at least ends an episode, and each of those is stored as terminal.
      let terminal = 0;
      for (let i = 0; i < agent.replay.size; i++) terminal += agent.replay.terminated[i];
      expect(terminal).toBeGreaterThanOrEqual(100);
    } finally {
      agent.dispose();
    }
  });
});

describe('DQN mechanics', () => {
  for (const compute of ['tfjs', 'js'])
  it(`leaks no tensors over 100 updates (with diagnostics and histograms due; compute ${compute})`, async () => {
    const agent = agentFor('CartPole-v1', { ...SMALL, diagnosticsEvery: 2, histogramEvery: 3, doubleDqn: true, compute });
    try {
      await runUntil(agent, 200);
      const before = tf.memory().numTensors;
      const updates = agent.updates;
      while (agent.updates < updates + 100) await agent.iterate();
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      agent.dispose();
    }
  });

  it('frees every tensor it owns on dispose', async () => {
    const before = tf.memory().numTensors;
    const agent = agentFor('CartPole-v1', SMALL);
    await runUntil(agent, 200);
    agent.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  async function metricStream(seed: number, overrides: Record<string, HyperValue> = {}): Promise<string[]> {
    const sink = new RecordingSink();
    const agent = agentFor('CartPole-v1', { ...SMALL, numEnvs: 2, doubleDqn: true, ...overrides }, sink, { seed });
    try {
      await runUntil(agent, 600);
    } finally {
      agent.dispose();
    }
    const scalars = sink.points.filter((p) => !isTimingKey(p.key)).map((p) => `${p.key}@${p.step}=${p.value}`);
    const hists = sink.histograms.map((h) => `${h.key}@${h.step}=${h.values.join(',')}`);
    return [...scalars, ...hists];
  }

  for (const compute of ['tfjs', 'js'])
  for (const backend of ['cpu', 'wasm']) {
    it(`gives an identical metric stream for the same config, seed and backend (${backend}, compute ${compute})`, async () => {
      await useBackend(backend);
      try {
        const a = await metricStream(3, { compute });
        const b = await metricStream(3, { compute });
        expect(a.length).toBeGreaterThan(200);
        expect(b).toEqual(a);
        expect(await metricStream(4, { compute })).not.toEqual(a);
      } finally {
        await useBackend('cpu');
      }
    });
  }

  for (const compute of ['tfjs', 'js'])
  it(`acts the same from the JS copy of the Q-network (compute js: the kernels) as from tfjs (the copy is refreshed after every training phase; compute ${compute})`, async () => {
    const js = await metricStream(5, { jsInference: true, compute });
    const tfjs = await metricStream(5, { jsInference: false, compute });
    expect(js.filter((m) => m.startsWith('charts/episodic_return'))).toEqual(tfjs.filter((m) => m.startsWith('charts/episodic_return')));
    expect(js.filter((m) => m.startsWith('losses/'))).toEqual(tfjs.filter((m) => m.startsWith('losses/')));
  });

  for (const compute of ['tfjs', 'js'])
  it(`reports every key it announces, and announces every key it reports (compute ${compute})`, async () => {
    const sink = new RecordingSink();
    const agent = agentFor('CartPole-v1', { ...SMALL, histogramEvery: 2, compute }, sink);
    try {
      await runUntil(agent, 400);
      const reported = new Set(sink.points.map((p) => p.key));
      const announced = new Set(agent.metricKeys());
      for (const k of reported) expect(announced.has(k), `reported but not announced: ${k}`).toBe(true);
      for (const k of announced) expect(reported.has(k), `announced but not reported: ${k}`).toBe(true);
      for (const k of ['diagnostics/dead_relu_frac/q_network/0', 'diagnostics/grad_norm/q_network/2', 'charts/epsilon', 'time/training_intensity']) expect(reported.has(k), k).toBe(true);
      const hists = new Set(sink.histograms.map((h) => h.key));
      for (const k of ['histograms/weights/q_network/0', 'histograms/gradients/q_network/2', 'histograms/activations/q_network/1', 'histograms/q_values', 'histograms/value_targets']) expect(hists.has(k), k).toBe(true);
      // Every value is finite; SPS is never Inf.
      for (const p of sink.points) expect(Number.isFinite(p.value), `${p.key}=${p.value}`).toBe(true);
      // training_intensity = batch × train_steps / env_steps: 32 samples every 2 steps after step 64.
      const intensity = sink.series('time/training_intensity');
      expect(intensity[intensity.length - 1]).toBeCloseTo((32 * ((400 - 64) / 2)) / 400, 1);
    } finally {
      agent.dispose();
    }
  });

  it('decays ε linearly over explorationFraction × scheduleSteps, then holds it (CleanRL linear_schedule)', async () => {
    expect(linearSchedule(1, 0.05, 1000, 0)).toBe(1);
    expect(linearSchedule(1, 0.05, 1000, 500)).toBeCloseTo(0.525, 12);
    expect(linearSchedule(1, 0.05, 1000, 5000)).toBe(0.05);
    expect(epsilonGreedyEntropy(1, 2)).toBeCloseTo(Math.log(2), 12);
    expect(epsilonGreedyEntropy(0, 3)).toBe(0);
    // The greedy action is the first of the largest Q-values (torch.argmax).
    expect(greedyAction([9, 1, 3, 7, 7, 2], 2, 4)).toBe(1);
    expect(greedyAction([0.5, 0.5], 0, 2)).toBe(0);
    const sink = new RecordingSink();
    const agent = agentFor('CartPole-v1', { ...SMALL, startE: 1, endE: 0.1, explorationFraction: 0.5, scheduleSteps: 800, logEvery: 100 }, sink);
    try {
      await runUntil(agent, 600);
      const eps = sink.series('charts/epsilon');
      // ε at 100, 200, …: 1 − 0.9·t/400, floored at 0.1 from t = 400.
      expect(eps.map((e) => Number(e.toFixed(6)))).toEqual([0.775, 0.55, 0.325, 0.1, 0.1, 0.1]);
    } finally {
      agent.dispose();
    }
    const fast = new RecordingSink();
    const broken = agentFor('CartPole-v1', { ...SMALL, startE: 1, endE: 0.1, explorationFraction: 0.5, scheduleSteps: 800, logEvery: 100 }, fast, { bugs: ['epsilon_decay_too_fast'] });
    try {
      await runUntil(broken, 300);
      expect(fast.series('charts/epsilon')[2]).toBe(0.1);
    } finally {
      broken.dispose();
    }
  });
});

describe('DQN configuration', () => {
  it('rejects continuous-action envs with a clear message', () => {
    for (const env of ['Pendulum-v1', 'MountainCarContinuous-v0'] as EnvId[]) {
      const errors = validateRunConfig(makeRunConfig(env, 'dqn'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(new RegExp(`DQN needs a discrete action space.*${env}.*continuous`));
      expect(() => createAgent(resolveSettings(makeRunConfig(env, 'dqn')), { config: makeRunConfig(env, 'dqn'), sink: NULL_SINK })).toThrow(/discrete action space/);
    }
  });

  it('has CleanRL dqn.py defaults in the schema and the cited values in its presets', () => {
    const defaults = Object.fromEntries(DQN_FIELDS.map((f) => [f.key, f.default]));
    expect(defaults).toMatchObject({ bufferSize: 10000, learningRate: 2.5e-4, gamma: 0.99, tau: 1, targetNetworkFrequency: 500, batchSize: 128, startE: 1, endE: 0.05, explorationFraction: 0.5, learningStarts: 10000, trainFreq: 10, hiddenSizes: [120, 84], activation: 'relu' });
    const cleanrl = resolveConfig(makeRunConfig('CartPole-v1', 'dqn', { preset: 'cleanrl' }));
    expect(cleanrl.loss).toBe('mse');
    expect(cleanrl.maxGradNorm).toBeNull();
    const zoo = resolveConfig(makeRunConfig('CartPole-v1', 'dqn', { preset: 'zoo' }));
    expect(zoo).toMatchObject({ learningRate: 2.3e-3, batchSize: 64, bufferSize: 100000, learningStarts: 1000, gamma: 0.99, targetNetworkFrequency: 10, trainFreq: 256, gradientSteps: 128, explorationFraction: 0.16, endE: 0.04, hiddenSizes: [256, 256], scheduleSteps: 50000, maxGradNorm: 10, loss: 'huber' });
    expect(resolveConfig(makeRunConfig('Acrobot-v1', 'dqn', { preset: 'zoo' })).gradientSteps).toBe(4);
    const playground = resolveConfig(makeRunConfig('CartPole-v1', 'dqn'));
    expect(playground).toMatchObject({ loss: 'huber', doubleDqn: false, tau: 1 });
    expect(playground.maxGradNorm).not.toBeNull();
  });

  it('describes every field in the schema (doc, bounds, valid default); the config type derives from it', () => {
    for (const f of DQN_FIELDS) {
      expect(f.doc.length, f.key).toBeGreaterThan(10);
      if (f.type === 'int' || f.type === 'float') expect(f.min, f.key).toBeLessThan(f.max);
      expect(checkValue(f, f.default), f.key).toBeNull();
    }
    // Every preset value passes its field's check, on every discrete env it has an entry for.
    for (const env of ['CartPole-v1', 'Acrobot-v1', 'MountainCar-v0', 'GridWorld', 'Probe1'] as EnvId[]) {
      for (const preset of DQN_PRESETS) {
        for (const [key, value] of Object.entries(preset.values(env) ?? {})) {
          const field = DQN_FIELDS.find((f) => f.key === key);
          expect(field, `${preset.id}.${key}`).toBeDefined();
          expect(checkValue(field!, value), `${preset.id}.${key} on ${env}`).toBeNull();
        }
      }
    }
    expect(presetsFor('dqn', 'CartPole-v1').sort()).toEqual(['cleanrl', 'playground', 'zoo']);
    expect(presetsFor('dqn', 'GridWorld').sort()).toEqual(['cleanrl', 'playground']);
    expect(presetsFor('dqn', 'Pendulum-v1')).toEqual([]);
  });

  it('accepts every DQN bug of the catalogue', () => {
    expect([...bugsOf('dqn')].sort()).toEqual(bugsForAgent('dqn').map((b) => b.id).sort());
    // The agent's flags are the catalogue's DQN bugs, keyed by id, on exactly where the run names them.
    const agent = agentFor('CartPole-v1', { ...SMALL, compute: 'tfjs' }, NULL_SINK, { bugs: ['ignore_done', 'tensor_leak'] });
    try {
      expect(Object.keys(agent.bugs).sort()).toEqual([...bugsOf('dqn')].sort());
      expect(Object.entries(agent.bugs).filter(([, on]) => on).map(([id]) => id).sort()).toEqual(['ignore_done', 'tensor_leak']);
    } finally {
      agent.dispose();
    }
  });
});

describe('DQN learns CartPole', () => {
  it('reaches a mean return ≥ 150 over 20 episodes quickly at seed 1 (playground preset)', { timeout: 300_000 }, async () => {
    await useBackend('wasm');
    const sink = new RecordingSink();
    const agent = agentFor('CartPole-v1', {}, sink, { seed: 1, totalSteps: 50_000 });
    const t0 = performance.now();
    let reached: number | null = null;
    try {
      while (agent.envSteps < 50_000 && reached === null) {
        await agent.iterate();
        const returns = sink.episodes.map((e) => e.return);
        if (returns.length >= 20 && returns.slice(-20).reduce((a, b) => a + b, 0) / 20 >= 150) reached = agent.envSteps;
      }
    } finally {
      agent.dispose();
      await useBackend('cpu');
    }
    console.log(`DQN CartPole playground seed 1: mean-of-20 ≥ 150 at ${reached} steps, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(reached).not.toBeNull();
  });
});

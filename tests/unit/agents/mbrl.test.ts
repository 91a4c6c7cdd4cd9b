// The model-based agent end to end: its config and presets, a short seeded Pendulum run that improves
// on the random warm-up, the metrics it reports (known to the catalogue, finite, no tensor leak), each
// bug switching on what it names, and the CLI.

import '@tensorflow/tfjs-backend-wasm';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../scripts/train.ts';
import { useBackend } from '../../../src/agents/backend.ts';
import { createAgent, networkShape } from '../../../src/agents/index.ts';
import { MbrlAgent, multistepKs } from '../../../src/agents/mbrl.ts';
import { bugsOf } from '../../../src/bugs/catalog.ts';
import { MBRL_FIELDS } from '../../../src/config/mbrl-config.ts';
import { presetsFor } from '../../../src/config/presets.ts';
import { makeRunConfig, resolveConfig, resolveSettings, validateRunConfig } from '../../../src/config/resolve.ts';
import type { HyperValue } from '../../../src/config/run-config.ts';
import { ENV_IDS, envSpec } from '../../../src/envs/registry.ts';
import type { EnvId } from '../../../src/envs/types.ts';
import { agentReports } from '../../../src/ui/lab/experiment.ts';
import type { ImaginationFrame } from '../../../src/diagnostics/imagination.ts';
import { RecordingSink } from './helpers.ts';

beforeAll(async () => {
  await useBackend('wasm');
});

/** Small enough for a unit test: ~10 ms per planning step, a second per training. */
const FAST: Record<string, HyperValue> = { population: 60, cemIterations: 2, epochs: 5, hiddenSizes: '32,32' };

function agentFor(env: EnvId, overrides: Record<string, HyperValue>, sink: RecordingSink, bugs: string[] = [], seed = 1): MbrlAgent {
  const config = makeRunConfig(env, 'mbrl', { seed, overrides, bugs });
  return createAgent(resolveSettings(config), { config, sink }) as MbrlAgent;
}

async function runSteps(agent: MbrlAgent, steps: number): Promise<void> {
  while (agent.envSteps < steps) await agent.iterate();
}

describe('mbrl config', () => {
  it("has mbrl-lib's PETS example as defaults and in the mbrl-lib preset", () => {
    const d = Object.fromEntries(MBRL_FIELDS.map((f) => [f.key, f.default]));
    expect(d).toMatchObject({ ensembleSize: 5, activation: 'silu', modelLoss: 'gaussian_nll', learningRate: 1e-3, weightDecay: 5e-5, batchSize: 256, epochs: 50, planner: 'cem', horizon: 15, population: 500, eliteRatio: 0.1, cemIterations: 5, cemAlpha: 0.1, warmupSteps: 200 });
    expect(d.hiddenSizes).toEqual([200, 200, 200]);
    const lib = resolveConfig(makeRunConfig('CartPoleContinuous-v0', 'mbrl', { preset: 'mbrl-lib' }));
    expect(lib).toMatchObject({ ensembleSize: 5, hiddenSizes: [200, 200, 200], horizon: 15, population: 500, eliteRatio: 0.1, cemIterations: 5, cemAlpha: 0.1, propagation: 'tsinf', validationRatio: 0.05 });
  });

  it('offers both presets on the continuous envs and refuses the discrete ones', () => {
    for (const env of ENV_IDS) {
      expect(presetsFor('mbrl', env), env).toEqual(envSpec(env).continuous ? ['playground', 'mbrl-lib'] : []);
    }
    expect(validateRunConfig(makeRunConfig('CartPole-v1', 'mbrl')).join()).toMatch(/preset 'playground' has no values for CartPole-v1/);
    expect(validateRunConfig(makeRunConfig('Pendulum-v1', 'mbrl', { bugs: ['horizon_too_long', 'no_model_ensemble'] }))).toEqual([]);
    expect(validateRunConfig(makeRunConfig('Pendulum-v1', 'mbrl', { bugs: ['lr_too_high'] })).join()).toMatch(/unknown bug 'lr_too_high' for mbrl/);
    expect(bugsOf('mbrl')).toEqual(['no_renormalize_in_rollout', 'angle_not_wrapped', 'predict_state_not_delta', 'horizon_too_short', 'horizon_too_long', 'no_model_ensemble']);
  });

  it('times the ensemble it trains for backend selection', () => {
    const shape = networkShape(makeRunConfig('Pendulum-v1', 'mbrl'));
    expect(shape).toMatchObject({ inputSize: 4, hiddenSizes: [64, 64], minibatchSize: 64 });
    expect(shape.outputSizes).toEqual([6, 6, 6, 6, 6]);
  });
});

describe('mbrl agent', () => {
  it('improves on Pendulum in a short seeded run: random warm-up episode, then planned ones', async () => {
    const sink = new RecordingSink();
    const agent = agentFor('Pendulum-v1', {}, sink);
    await runSteps(agent, 1200);
    const returns = sink.series('charts/episodic_return');
    expect(returns).toHaveLength(6);
    const [random, ...planned] = returns;
    expect(random).toBeLessThan(-700);
    // The last two planned episodes: close to balanced (solved is ≥ −200), far above the random one.
    expect(Math.max(...planned.slice(-2))).toBeGreaterThan(-250);
    expect((planned[3] + planned[4]) / 2).toBeGreaterThan(random + 400);
    agent.dispose();
  });

  it('reports the metrics it declares, all known to the catalogue, finite, without leaking tensors', async () => {
    const sink = new RecordingSink();
    const agent = agentFor('CartPoleContinuous-v0', { ...FAST, warmupSteps: 60 }, sink);
    await runSteps(agent, 300);
    const tensors = sink.series('memory/num_tensors');
    expect(tensors.length).toBeGreaterThan(3);
    expect(new Set(tensors).size).toBe(1);
    const declared = new Set(agent.metricKeys());
    for (const p of sink.points) {
      expect(declared.has(p.key), `undeclared ${p.key}`).toBe(true);
      expect(agentReports('mbrl', p.key), `catalogue lacks ${p.key}`).toBe(true);
      expect(Number.isFinite(p.value), `${p.key} = ${p.value}`).toBe(true);
    }
    const reported = new Set(sink.points.map((p) => p.key));
    for (const k of ['model/train_loss', 'model/train_loss/m4', 'model/val_loss', 'model/one_step_error', 'model/multistep_error', 'model/multistep_error/k1', 'model/ensemble_disagreement', 'planner/predicted_return', 'planner/realised_return', 'time/plan_ms', 'time/phase_ms/plan', 'time/phase_ms/model_train'])
      expect(reported.has(k), k).toBe(true);
    // CartPole earns +1 per step: a 15-step plan predicts at most 15 and realises at most 15.
    for (const k of ['planner/predicted_return', 'planner/realised_return']) for (const v of sink.series(k)) expect(v).toBeLessThanOrEqual(15);
    expect(multistepKs(15)).toEqual([1, 2, 3, 4, 5, 7, 10, 15]);
    agent.dispose();
  });

  it('each bug switches on what it names', async () => {
    const sink = new RecordingSink();
    const made: MbrlAgent[] = [];
    const make = (bugs: string[]): MbrlAgent => {
      made.push(agentFor('Pendulum-v1', FAST, sink, bugs));
      return made[made.length - 1];
    };
    const healthy = make([]);
    // The playground preset plans 30 steps ahead on Pendulum (15 elsewhere): see mbrl-horizon.test.ts.
    expect([healthy.horizon, healthy.members, healthy.model.featureDim]).toEqual([30, 5, 4]);
    expect(make(['horizon_too_short']).horizon).toBe(1);
    expect(make(['horizon_too_long']).horizon).toBe(120);
    expect(make(['no_model_ensemble']).members).toBe(1);
    expect(make(['angle_not_wrapped']).model.featureDim).toBe(3);
    expect(make(['no_renormalize_in_rollout']).model.opts.bugs.no_renormalize_in_rollout).toBe(true);
    expect(make(['predict_state_not_delta']).model.opts.bugs.predict_state_not_delta).toBe(true);
    // One member: nothing to disagree with, every planning step.
    const single = agentFor('Pendulum-v1', { ...FAST, warmupSteps: 50 }, sink, ['no_model_ensemble']);
    await runSteps(single, 200);
    expect(sink.series('model/ensemble_disagreement').at(-1)).toBe(0);
    for (const a of [...made, single]) a.dispose();
  });

  it('is reproducible: same seed, same returns and losses', async () => {
    const run = async (): Promise<number[]> => {
      const sink = new RecordingSink();
      const agent = agentFor('CartPoleContinuous-v0', { ...FAST, warmupSteps: 40 }, sink, [], 3);
      await runSteps(agent, 150);
      agent.dispose();
      return sink.points.filter((p) => p.key === 'charts/episodic_return' || p.key === 'model/val_loss').map((p) => p.value);
    };
    expect(await run()).toEqual(await run());
  });
});

describe('train CLI with mbrl', () => {
  it('writes JSON lines and a summary', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mbrl-')), 'run.jsonl');
    let stderr = '';
    const code = await main(['--env', 'Pendulum-v1', '--agent', 'mbrl', '--seed', '1', '--total-steps', '400', '--set', 'population=40', '--set', 'horizon=10', '--set', 'epochs=2', '--out', out, '--quiet'], { stdout: () => {}, stderr: (t) => void (stderr += t) });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const { summary } = lines[lines.length - 1];
    expect(summary).toMatchObject({ env: 'Pendulum-v1', agent: 'mbrl', seed: 1, env_steps: 400, episodes: 2, updates: 2, reward_threshold: -200, steps_to_solve: null });
    const keys = new Set(lines.slice(0, -1).map((l) => l.key));
    for (const k of ['charts/episodic_return', 'charts/random_baseline', 'model/val_loss', 'time/plan_ms']) expect(keys.has(k), k).toBe(true);
  });
});

describe('mbrl imagination view', () => {
  it('hands over each planned step\'s real candidates, elites, plan and executed-vs-predicted window, only while the view is on', async () => {
    const sink = new RecordingSink();
    const frames: (ImaginationFrame | null | undefined)[] = [];
    const view = { on: false };
    const config = makeRunConfig('Pendulum-v1', 'mbrl', { seed: 1, overrides: { ...FAST, warmupSteps: 30, trainEvery: 20 } });
    const agent = createAgent(resolveSettings(config), { config, sink, imagination: view, onEnvStep: (_v, _a, im) => frames.push(im) }) as MbrlAgent;
    await runSteps(agent, 40);
    expect(frames.filter(Boolean)).toEqual([]); // off: nothing recorded
    view.on = true;
    await runSteps(agent, 80);
    const planned = frames.slice(40);
    expect(planned.every(Boolean)).toBe(true);
    const f = planned[planned.length - 1]!;
    expect([f.horizon, f.generations, f.candidates, f.component]).toEqual([30, 2, 60, 0]);
    expect(f.paths.length).toBe(2 * 60 * 31);
    for (let g = 0; g < 2; g++) {
      const returns = Array.from(f.returns.subarray(g * 60, (g + 1) * 60));
      const elites = returns.filter((_, c) => f.elite[g * 60 + c] === 1);
      expect(elites.length).toBe(6); // ceil(0.1 · 60)
      // The elites are the generation's best predicted returns (Pendulum pays at most 0 per step).
      expect(Math.min(...elites)).toBeGreaterThanOrEqual(Math.max(...returns.filter((_, c) => f.elite[g * 60 + c] === 0)));
      for (const r of returns) expect(r).toBeLessThanOrEqual(0);
      // Every candidate starts from the state planned from.
      for (let c = 0; c < 60; c++) expect(f.paths[(g * 60 + c) * 31]).toBe(f.plan[0]);
    }
    // The executed window ends at the state planned from, and the model's prediction starts where the env was.
    // (It reaches back at most H steps, to the last training: here 10 steps ago, at step 70.)
    const W = f.actual.length - 1;
    expect(W).toBe(9);
    expect(f.predicted.length).toBe(W + 1);
    expect(f.actual[W]).toBeCloseTo(f.plan[0], 5);
    expect(f.predicted[0]).toBe(f.actual[0]);
    expect(Math.abs(f.predicted[W] - f.actual[W])).toBeLessThan(Math.PI);
    // Sorted one-step errors of the transitions since the previous training.
    expect(f.errorAt.length).toBeGreaterThan(10);
    for (let i = 1; i < f.errorAt.length; i++) expect(f.errorAt[i]).toBeGreaterThanOrEqual(f.errorAt[i - 1]);
    for (const v of f.errorAt) expect(Math.abs(v)).toBeLessThanOrEqual(Math.PI + 1e-6);
    view.on = false;
    const before = frames.length;
    await runSteps(agent, 90);
    expect(frames.slice(before).filter(Boolean)).toEqual([]);
    expect(sink.series('time/phase_ms/plan').length + sink.series('time/phase_ms/model_train').length).toBeGreaterThan(0);
    agent.dispose();
  });
});

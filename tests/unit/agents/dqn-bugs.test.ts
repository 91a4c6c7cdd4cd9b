// Each DQN bug of the catalogue against the healthy run on the same seed: the signature the lesson
// card promises must show in the metrics, produced by the learning dynamics (DIAGNOSTICS.md §3).
// CartPole runs use the wasm backend (same numbers every run, ~3× faster than cpu here) and the default
// compute (auto: the js path's kernels), except tensor_leak, which needs tfjs.

import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { DqnAgent } from '../../../src/agents/dqn.ts';
import { makeRunConfig, resolveConfig } from '../../../src/config/resolve.ts';
import type { HyperValue } from '../../../src/config/run-config.ts';
import { checkHealth, type HealthCheckId, type MetricHistory } from '../../../src/diagnostics/health.ts';
import { discountedReturnBounds } from '../../../src/diagnostics/health-detectors.ts';
import type { EnvId } from '../../../src/envs/types.ts';
import { RecordingSink } from './helpers.ts';

/** The playground preset, smaller and sooner: 32-32 net, batch 32, learning from step 200, a report every 100 steps. */
const BASE: Record<string, HyperValue> = { hiddenSizes: '32,32', batchSize: 32, learningStarts: 200, logEvery: 100, histogramEvery: 0 };

async function run(env: EnvId, steps: number, bugs: string[], overrides: Record<string, HyperValue> = {}): Promise<{ sink: RecordingSink; agent: DqnAgent }> {
  const config = makeRunConfig(env, 'dqn', { seed: 1, overrides: { ...BASE, ...overrides }, bugs });
  const sink = new RecordingSink();
  const agent = new DqnAgent({ config, sink }, resolveConfig(config));
  try {
    while (agent.envSteps < steps) await agent.iterate();
  } finally {
    agent.dispose();
  }
  return { sink, agent };
}

/** Values of `key` reported at env steps ≤ upTo. */
function seriesUpTo(sink: RecordingSink, key: string, upTo = Infinity): number[] {
  return sink.points.filter((p) => p.key === key && p.step <= upTo).map((p) => p.value);
}

/** Ids of the health checks (DIAGNOSTICS.md §4) that fire on a run's scalars. */
function alertIds(sink: RecordingSink): Set<HealthCheckId> {
  const history: MetricHistory = new Map();
  for (const p of sink.points) {
    let series = history.get(p.key);
    if (series === undefined) history.set(p.key, (series = { step: [], value: [] }));
    series.step.push(p.step);
    series.value.push(p.value);
  }
  const alerts = checkHealth(history, { gamma: 0.99, rewardRange: [1, 1], maxEntropy: Math.log(2), totalSteps: 3000, valueTargetsInRewardUnits: true });
  return new Set(alerts.map((a) => a.id));
}

const max = (xs: number[]): number => Math.max(...xs);
const min = (xs: number[]): number => Math.min(...xs);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const last = (xs: number[]): number => xs[xs.length - 1];

// CartPole: r = +1 every step, γ = 0.99 ⇒ any Q lies in [1, 100] (DIAGNOSTICS.md §4).
const [Q_LOW, Q_HIGH] = discountedReturnBounds([1, 1], 0.99);

let healthy: RecordingSink;

beforeAll(async () => {
  await useBackend('wasm');
  healthy = (await run('CartPole-v1', 3000, [])).sink;
});

afterAll(async () => {
  await useBackend('cpu');
});

describe('DQN bug signatures (CartPole, seed 1, healthy vs broken)', () => {
  it('the healthy run stays inside the possible Q range', () => {
    expect(min(seriesUpTo(healthy, 'losses/q_values_min'))).toBeGreaterThan(Q_LOW - 2);
    expect(max(seriesUpTo(healthy, 'losses/q_values_max'))).toBeLessThan(Q_HIGH / 4);
    expect(min(seriesUpTo(healthy, 'diagnostics/value_target_min'))).toBeGreaterThan(Q_LOW - 0.1);
    expect(max(seriesUpTo(healthy, 'diagnostics/value_target_max'))).toBeLessThan(Q_HIGH / 4);
  });

  it('the health checks raise no Q-bound, leak, NaN or grad-norm alert on the healthy run', () => {
    const ids = alertIds(healthy);
    for (const id of ['q_out_of_bounds', 'value_out_of_bounds', 'tensor_leak', 'non_finite', 'grad_norm_spike'] as HealthCheckId[]) expect(ids.has(id), id).toBe(false);
  });

  it('target_aliases_online: Q-values drift past r_max/(1 − γ) = 100', async () => {
    const { sink } = await run('CartPole-v1', 3000, ['target_aliases_online']);
    expect(alertIds(sink).has('q_out_of_bounds')).toBe(true);
    expect(max(seriesUpTo(sink, 'losses/q_values_max'))).toBeGreaterThan(Q_HIGH * 1.5);
    expect(last(seriesUpTo(sink, 'losses/q_values'))).toBeGreaterThan(Q_HIGH);
    expect(max(seriesUpTo(healthy, 'losses/q_values_max'))).toBeLessThan(Q_HIGH / 10);
  });

  it('uninitialized_buffer: Q and TD-target extremes go impossible while the mean stays plausible', async () => {
    const { sink } = await run('CartPole-v1', 3000, ['uninitialized_buffer']);
    expect(alertIds(sink).has('q_out_of_bounds')).toBe(true);
    expect(max(seriesUpTo(sink, 'losses/q_values_max'))).toBeGreaterThan(Q_HIGH * 1.5);
    const targets = [...seriesUpTo(sink, 'diagnostics/value_target_min'), ...seriesUpTo(sink, 'diagnostics/value_target_max')];
    expect(targets.some((t) => t < Q_LOW - 5 || t > Q_HIGH * 1.5)).toBe(true);
    // The batch mean hardly notices: within 25% of the healthy run's at the end.
    const meanBroken = last(seriesUpTo(sink, 'losses/q_values'));
    const meanHealthy = last(seriesUpTo(healthy, 'losses/q_values'));
    expect(Math.abs(meanBroken - meanHealthy) / meanHealthy).toBeLessThan(0.25);
    expect(max(seriesUpTo(sink, 'losses/q_values'))).toBeLessThan(Q_HIGH);
  });

  it('lr_too_high: the 30× learning rate kills ReLUs', async () => {
    const { sink } = await run('CartPole-v1', 3000, ['lr_too_high']);
    expect(last(seriesUpTo(sink, 'charts/learning_rate'))).toBeCloseTo(30 * last(seriesUpTo(healthy, 'charts/learning_rate')), 10);
    expect(last(seriesUpTo(sink, 'diagnostics/dead_relu_frac/q_network/0'))).toBeGreaterThan(0.4);
    expect(last(seriesUpTo(healthy, 'diagnostics/dead_relu_frac/q_network/0'))).toBeLessThan(0.2);
  });

  it('mse_instead_of_huber: gradient norms jump higher on the large TD errors after each target update', async () => {
    const { sink } = await run('CartPole-v1', 2000, ['mse_instead_of_huber']);
    const broken = seriesUpTo(sink, 'diagnostics/grad_norm');
    const reference = seriesUpTo(healthy, 'diagnostics/grad_norm', 2000);
    expect(max(broken)).toBeGreaterThan(1.5 * max(reference));
    expect(median(broken)).toBeGreaterThan(1.5 * median(reference));
  });

  it('sum_instead_of_mean_loss: the first gradient is exactly batch-size times larger', async () => {
    // One report per training phase: the first report holds exactly the first gradient step, on the same batch and weights.
    const overrides = { trainFreq: 4, logEvery: 4 };
    const a = await run('CartPole-v1', 204, [], overrides);
    const b = await run('CartPole-v1', 204, ['sum_instead_of_mean_loss'], overrides);
    const ga = seriesUpTo(a.sink, 'diagnostics/grad_norm');
    const gb = seriesUpTo(b.sink, 'diagnostics/grad_norm');
    expect(ga).toHaveLength(1);
    expect(gb[0] / ga[0]).toBeCloseTo(32, 3);
    expect(seriesUpTo(b.sink, 'losses/td_loss')[0] / seriesUpTo(a.sink, 'losses/td_loss')[0]).toBeCloseTo(32, 3);
  });

  it('dead_relu_init: every hidden unit is dead and no gradient reaches the hidden layers', async () => {
    const { sink } = await run('CartPole-v1', 600, ['dead_relu_init']);
    for (const layer of ['q_network/0', 'q_network/1']) {
      expect(seriesUpTo(sink, `diagnostics/dead_relu_frac/${layer}`).every((f) => f === 1)).toBe(true);
      expect(seriesUpTo(sink, `diagnostics/grad_norm/${layer}`).every((g) => g === 0)).toBe(true);
      expect(last(seriesUpTo(healthy, `diagnostics/dead_relu_frac/${layer}`))).toBeLessThan(0.3);
    }
    expect(max(seriesUpTo(healthy, 'diagnostics/grad_norm/q_network/0'))).toBeGreaterThan(0);
  });

  it('tensor_leak: memory/num_tensors rises by one tensor per gradient step (on tfjs; the js compute path refuses it)', async () => {
    // The leak is a tfjs tensor: with compute js or auto the run config is refused, with the catalogue's reason.
    for (const compute of ['js', 'auto']) expect(() => resolveConfig(makeRunConfig('CartPole-v1', 'dqn', { seed: 1, overrides: { ...BASE, compute }, bugs: ['tensor_leak'] }))).toThrow(/tensor_leak' needs compute = tfjs.*set compute=tfjs/s);
    // 23 reports: the leak check needs 20 rising points in a row.
    const { sink } = await run('CartPole-v1', 2500, ['tensor_leak'], { compute: 'tfjs' });
    expect(alertIds(sink).has('tensor_leak')).toBe(true);
    const tensors = seriesUpTo(sink, 'memory/num_tensors');
    const trainSteps = seriesUpTo(sink, 'time/train_steps');
    for (let i = 1; i < tensors.length; i++) expect(tensors[i] - tensors[i - 1]).toBe(trainSteps[i] - trainSteps[i - 1]);
    expect(last(tensors) - tensors[0]).toBeGreaterThan(150);
    const reference = seriesUpTo(healthy, 'memory/num_tensors');
    expect(new Set(reference).size).toBe(1);
  });
});

describe('DQN bug signatures on the probes', () => {
  // Probe1: one step, r = +1, terminal. Q = 1; bootstrapping through the terminal state gives 1/(1 − γ).
  const PROBE: Record<string, HyperValue> = { gamma: 0.5, hiddenSizes: '16,16', learningRate: 3e-3, learningStarts: 64, trainFreq: 1, targetNetworkFrequency: 50, logEvery: 100 };

  it('ignore_done: Q of a one-step episode converges to 1/(1 − γ) instead of r', async () => {
    const good = await run('Probe1', 800, [], PROBE);
    const bad = await run('Probe1', 800, ['ignore_done'], PROBE);
    expect(last(seriesUpTo(good.sink, 'losses/q_values'))).toBeCloseTo(1, 1);
    expect(last(seriesUpTo(bad.sink, 'losses/q_values'))).toBeGreaterThan(1.8);
  });


  it('reward_not_summed_over_skip: with 4-frame skip the return and Q-values come out on a quarter of the scale', async () => {
    const skip = { frameSkip: 4 };
    const healthySkip = await run('CartPole-v1', 3000, [], skip);
    const broken = await run('CartPole-v1', 3000, ['reward_not_summed_over_skip'], skip);
    // Healthy: +1 per frame summed, so a CartPole return equals its length in frames; broken: +1 per agent step.
    const ratio = (s: RecordingSink): number => median(s.episodes.map((e) => e.return / e.length));
    expect(ratio(healthySkip.sink)).toBe(1);
    expect(ratio(broken.sink)).toBeGreaterThan(0.24);
    expect(ratio(broken.sink)).toBeLessThan(0.34);
    // The Q-function learns the reward it is given: the broken Q is far below the healthy one.
    const qHealthy = last(seriesUpTo(healthySkip.sink, 'losses/q_values'));
    const qBroken = last(seriesUpTo(broken.sink, 'losses/q_values'));
    expect(qBroken).toBeLessThan(0.5 * qHealthy);
  });

  it('epsilon_decay_too_fast: ε is at its floor within a few hundred steps and the ε-greedy entropy collapses with it', async () => {
    const { sink } = await run('CartPole-v1', 3000, ['epsilon_decay_too_fast']);
    const eps = sink.points.filter((p) => p.key === 'charts/epsilon');
    expect(eps.find((p) => p.step >= 500)!.value).toBeCloseTo(0.05, 6);
    expect(healthy.points.find((p) => p.key === 'charts/epsilon' && p.step >= 500)!.value).toBeGreaterThan(0.5);
    expect(median(seriesUpTo(sink, 'losses/entropy'))).toBeLessThan(0.5 * median(seriesUpTo(healthy, 'losses/entropy')));
  });
});

// VPG bug signatures: a short seeded CartPole run with the bug on against the healthy run of the same
// seed (playground preset). Each effect comes from the training dynamics; the metrics are the usual ones.

import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { VpgAgent } from '../../../src/agents/vpg.ts';
import type { HyperValue } from '../../../src/config/run-config.ts';
import { makeRunConfig, resolveConfig } from '../../../src/config/resolve.ts';
import { bugsOf } from '../../../src/bugs/catalog.ts';
import { findBug } from '../../../src/bugs/catalog.ts';
import type { EnvId } from '../../../src/envs/types.ts';
import { RecordingSink } from './helpers.ts';

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** `updates` updates of the playground VPG on CartPole at seed 1 with `bugs` on; the recorded metrics. */
async function run(bugs: string[], updates: number, env: EnvId = 'CartPole-v1', overrides: Record<string, HyperValue> = {}): Promise<RecordingSink> {
  const sink = new RecordingSink();
  const config = makeRunConfig(env, 'vpg', { seed: 1, bugs, overrides: { histogramEvery: 0, ...overrides } });
  const agent = new VpgAgent({ config, sink }, resolveConfig(config));
  try {
    for (let u = 0; u < updates; u++) await agent.iterate();
  } finally {
    agent.dispose();
  }
  return sink;
}

let healthy: RecordingSink;

beforeAll(async () => {
  await useBackend('wasm');
  healthy = await run([], 10);
});

afterAll(async () => {
  await useBackend('cpu');
});

describe('VPG bug signatures (CartPole, seed 1, 10 updates of ~1000 steps)', () => {
  it('implements exactly the catalogue bugs that list VPG', () => {
    for (const id of bugsOf('vpg')) expect(findBug(id)?.agents, id).toContain('vpg');
  });

  it('uninitialized_buffer: value targets leave the possible range (a terminated episode ends with G = r = 1)', async () => {
    const bug = await run(['uninitialized_buffer'], 10);
    // Healthy: every batch's smallest target is the last step of a terminated episode, G = 1 (in return units).
    const healthyMin = healthy.series('diagnostics/value_target_min');
    expect(Math.max(...healthyMin)).toBeLessThan(1.5);
    // Bug: stale returns from earlier batches are added to every episode's tail, so no target is near 1.
    const bugMin = bug.series('diagnostics/value_target_min');
    expect(Math.max(...bugMin.slice(2))).toBeGreaterThan(10);
    // The means look plausible-ish, but the critic now predicts far more than is ever observed.
    const ratio = (s: RecordingSink): number => mean(s.series('diagnostics/value_mean').slice(-5)) / mean(s.series('diagnostics/return_mean').slice(-5));
    expect(ratio(bug)).toBeGreaterThan(2 * ratio(healthy));
  });

  it('no_return_normalization: value_mean lags far below return_mean, value loss explodes', async () => {
    const bug = await run(['no_return_normalization'], 10);
    const lag = (s: RecordingSink): number => {
      const v = s.series('diagnostics/value_mean');
      const r = s.series('diagnostics/return_mean');
      return mean(v.slice(1, 8).map((x, i) => x / r[i + 1]));
    };
    expect(lag(bug)).toBeLessThan(0.6 * lag(healthy));
    expect(mean(bug.series('losses/value_loss'))).toBeGreaterThan(50 * mean(healthy.series('losses/value_loss')));
  });

  it('lr_too_high: KL per update and gradient norm jump, entropy collapses', async () => {
    const bug = await run(['lr_too_high'], 10);
    expect(mean(bug.series('losses/approx_kl'))).toBeGreaterThan(50 * mean(healthy.series('losses/approx_kl')));
    expect(mean(bug.series('diagnostics/grad_norm'))).toBeGreaterThan(mean(healthy.series('diagnostics/grad_norm')));
    expect(Math.min(...bug.series('losses/entropy'))).toBeLessThan(0.5 * Math.min(...healthy.series('losses/entropy')));
  });

  it('tensor_leak: memory/num_tensors rises by one per update while the healthy count stays flat', async () => {
    const bug = await run(['tensor_leak'], 10);
    const h = healthy.series('memory/num_tensors');
    const b = bug.series('memory/num_tensors');
    expect(new Set(h).size).toBe(1);
    for (let i = 1; i < b.length; i++) expect(b[i] - b[i - 1]).toBe(1);
    // The leak changes nothing else: the learning curve is the healthy one.
    expect(bug.series('charts/episodic_return')).toEqual(healthy.series('charts/episodic_return'));
  });

  it('sum_instead_of_mean_loss: the gradient norm is batch-size times the healthy one', async () => {
    const bug = await run(['sum_instead_of_mean_loss'], 3);
    const ratio = bug.series('diagnostics/grad_norm')[0] / healthy.series('diagnostics/grad_norm')[0];
    // The first batches are identical (same seed, same data): the ratio is the batch size (~1000 steps).
    expect(ratio).toBeGreaterThan(500);
  });

  it('ignore_done: the critic bootstraps through terminations and overshoots the observed return', async () => {
    const bug = await run(['ignore_done'], 10);
    const gap = (s: RecordingSink): number => mean(s.series('diagnostics/value_mean').slice(-5)) / mean(s.series('diagnostics/return_mean').slice(-5));
    expect(gap(bug)).toBeGreaterThan(2);
    expect(gap(healthy)).toBeLessThan(1.5);
  });

  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const FIRST_LAYER_STD = 'diagnostics/activation_std/actor/0';

  it('dead_relu_init (both runs ReLU, as the catalogue requires): the first hidden layer goes silent (activation std near 0, every ReLU dead)', async () => {
    const [h, bug] = [await run([], 6, 'CartPole-v1', { activation: 'relu' }), await run(['dead_relu_init'], 6, 'CartPole-v1', { activation: 'relu' })];
    expect(median(bug.series(FIRST_LAYER_STD))).toBeLessThan(0.1 * median(h.series(FIRST_LAYER_STD)));
    expect(Math.max(...h.series('diagnostics/dead_relu_frac/actor/0'))).toBeLessThan(0.5);
    expect(Math.min(...bug.series('diagnostics/dead_relu_frac/actor/0'))).toBeGreaterThan(0.9);
  });

  it("no_obs_normalization (Pendulum): raw observations (θ̇ up to ±8) widen the first layer's activations", async () => {
    const [h, bug] = [await run([], 4, 'Pendulum-v1'), await run(['no_obs_normalization'], 4, 'Pendulum-v1')];
    expect(median(bug.series(FIRST_LAYER_STD))).toBeGreaterThan(1.25 * median(h.series(FIRST_LAYER_STD)));
  });
});

// A2C bug signatures: a short seeded CartPole run with the bug on against the healthy run of the same
// seed (playground preset). Each effect comes from the training dynamics; the metrics are the usual ones.

import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A2cAgent, buggyEntropyCoef } from '../../../src/agents/a2c.ts';
import { useBackend } from '../../../src/agents/backend.ts';
import { findBug } from '../../../src/bugs/catalog.ts';
import { bugsOf } from '../../../src/bugs/catalog.ts';
import type { HyperValue } from '../../../src/config/run-config.ts';
import { makeRunConfig, resolveConfig } from '../../../src/config/resolve.ts';
import type { EnvId } from '../../../src/envs/types.ts';
import { RecordingSink } from './helpers.ts';

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const STEPS = 8000;

/** The playground A2C for STEPS env steps at seed 1 with `bugs` on; the recorded metrics. */
async function run(bugs: string[], env: EnvId = 'CartPole-v1', steps = STEPS, overrides: Record<string, HyperValue> = {}): Promise<RecordingSink> {
  const sink = new RecordingSink();
  const config = makeRunConfig(env, 'a2c', { seed: 1, bugs, overrides: { histogramEvery: 0, ...overrides } });
  const agent = new A2cAgent({ config, sink }, resolveConfig(config));
  try {
    while (agent.envSteps < steps) await agent.iterate();
  } finally {
    agent.dispose();
  }
  return sink;
}

/** Mean over the run of value_mean / return_mean (the points come in pairs). */
function valueOverReturn(s: RecordingSink): number {
  const v = s.series('diagnostics/value_mean');
  const r = s.series('diagnostics/return_mean');
  return mean(v.map((x, i) => x / r[i]));
}

let healthy: RecordingSink;

beforeAll(async () => {
  await useBackend('wasm');
  healthy = await run([]);
});

afterAll(async () => {
  await useBackend('cpu');
});

describe('A2C bug signatures (CartPole, seed 1, 8k steps)', () => {
  it('implements exactly the catalogue bugs that list A2C', () => {
    for (const id of bugsOf('a2c')) expect(findBug(id)?.agents, id).toContain('a2c');
  });

  it('lr_too_high: KL per update and gradient norm jump, entropy collapses', async () => {
    const bug = await run(['lr_too_high']);
    expect(mean(bug.series('losses/approx_kl'))).toBeGreaterThan(20 * mean(healthy.series('losses/approx_kl')));
    expect(mean(bug.series('diagnostics/grad_norm'))).toBeGreaterThan(2 * mean(healthy.series('diagnostics/grad_norm')));
    expect(Math.min(...bug.series('losses/entropy'))).toBeLessThan(0.2 * Math.min(...healthy.series('losses/entropy')));
  });

  it('no_return_normalization: value_mean lags far below return_mean, explained variance stays near 0', async () => {
    const bug = await run(['no_return_normalization']);
    expect(valueOverReturn(bug)).toBeLessThan(0.5 * valueOverReturn(healthy));
    expect(mean(bug.series('losses/explained_variance'))).toBeLessThan(0.5 * mean(healthy.series('losses/explained_variance')));
  });

  it('entropy_coef_too_high: entropy stays higher than healthy (0.5 when the preset has 0)', async () => {
    expect(buggyEntropyCoef(0)).toBe(0.5);
    expect(buggyEntropyCoef(0.01)).toBe(0.5);
    expect(buggyEntropyCoef(0.02)).toBe(1);
    const bug = await run(['entropy_coef_too_high']);
    const late = (s: RecordingSink): number => mean(s.series('losses/entropy').slice(-5));
    expect(late(bug)).toBeGreaterThan(late(healthy) + 0.03);
    expect(late(bug)).toBeGreaterThan(0.9 * Math.log(2));
  });

  it('ignore_done: the critic bootstraps through terminations and overshoots the observed return', async () => {
    const bug = await run(['ignore_done']);
    expect(valueOverReturn(bug)).toBeGreaterThan(1.5);
    expect(valueOverReturn(bug)).toBeGreaterThan(2 * valueOverReturn(healthy));
  });

  it('tensor_leak: memory/num_tensors rises by one per update while the healthy count stays flat', async () => {
    const bug = await run(['tensor_leak']);
    const h = healthy.series('memory/num_tensors');
    const b = bug.series('memory/num_tensors');
    expect(new Set(h).size).toBe(1);
    // One report every logEvery = 4 updates: +4 per point.
    for (let i = 1; i < b.length; i++) expect(b[i] - b[i - 1]).toBe(4);
    expect(bug.series('charts/episodic_return')).toEqual(healthy.series('charts/episodic_return'));
  });

  it('sum_instead_of_mean_loss: the gradient norm is batch-size times the healthy one', async () => {
    const bug = await run(['sum_instead_of_mean_loss'], 'CartPole-v1', 512);
    // The first window's batches are identical (same seed, same data) until the first step differs.
    const ratio = bug.series('diagnostics/grad_norm')[0] / healthy.series('diagnostics/grad_norm')[0];
    expect(ratio).toBeGreaterThan(30);
  });

  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const FIRST_LAYER_STD = 'diagnostics/activation_std/actor/0';

  it('dead_relu_init (both runs ReLU, as the catalogue requires): the first hidden layer goes silent (activation std near 0, every ReLU dead)', async () => {
    const [h, bug] = [await run([], 'CartPole-v1', STEPS, { activation: 'relu' }), await run(['dead_relu_init'], 'CartPole-v1', STEPS, { activation: 'relu' })];
    expect(median(bug.series(FIRST_LAYER_STD))).toBeLessThan(0.1 * median(h.series(FIRST_LAYER_STD)));
    expect(Math.max(...h.series('diagnostics/dead_relu_frac/actor/0'))).toBeLessThan(0.5);
    expect(Math.min(...bug.series('diagnostics/dead_relu_frac/actor/0'))).toBeGreaterThan(0.9);
  });

  it("no_obs_normalization (Pendulum): raw observations (θ̇ up to ±8) widen the first layer's activations", async () => {
    const [h, bug] = [await run([], 'Pendulum-v1', 4000), await run(['no_obs_normalization'], 'Pendulum-v1', 4000)];
    expect(median(bug.series(FIRST_LAYER_STD))).toBeGreaterThan(1.25 * median(h.series(FIRST_LAYER_STD)));
  });

  it('no_grad_clipping: the clip binds on the healthy run and the unclipped run departs from it, exactly as a clip too large to bind would (mechanism: no visible signature at this length)', async () => {
    const bug = await run(['no_grad_clipping']);
    const hg = healthy.series('diagnostics/grad_norm');
    expect(Math.max(...hg)).toBeGreaterThan(0.5);
    expect(bug.series('diagnostics/grad_norm')).not.toEqual(hg);
    const neverClipped = await run([], 'CartPole-v1', STEPS, { maxGradNorm: 1e6 });
    expect(bug.series('diagnostics/grad_norm')).toEqual(neverClipped.series('diagnostics/grad_norm'));
    expect(bug.series('losses/entropy')).toEqual(neverClipped.series('losses/entropy'));
  });
});

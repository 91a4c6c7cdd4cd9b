// PPO bug signatures: a short seeded run of the playground preset with one bug on, against the healthy run of
// the same seed. Without a step budget nothing anneals, so a shorter run is a prefix of a longer one and the
// two are compared update by update. Each effect comes from the training dynamics; the metrics are the usual ones.
// Where the catalogue's long-run signature needs more steps than a unit test can afford, the test checks the
// mechanism and says so (no_grad_clipping, sum_instead_of_mean_loss). Runs use the wasm backend, ~3× faster
// than cpu here (the other agents' bug tests do the same).

import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { buggyEntropyCoef, FIRST_RATIO_DEV, LR_TOO_HIGH_FACTOR, PpoAgent, TOO_MANY_EPOCHS } from '../../../src/agents/ppo.ts';
import { bugsForAgent } from '../../../src/bugs/catalog.ts';
import { bugsOf } from '../../../src/bugs/catalog.ts';
import type { HyperValue } from '../../../src/config/run-config.ts';
import { makeRunConfig, resolveConfig } from '../../../src/config/resolve.ts';
import type { EnvId } from '../../../src/envs/types.ts';
import { RecordingSink } from './helpers.ts';

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
};

/** Pendulum's playground update is 2048 steps × 10 epochs × 32 minibatches; fewer, larger minibatch steps keep the test short. */
const PENDULUM_FAST: Record<string, HyperValue> = { numMinibatches: 4, updateEpochs: 2 };

interface Run {
  sink: RecordingSink;
  agent: PpoAgent;
}

/** The playground PPO at seed 1 for `updates` updates with `bugs` on. */
async function run(bugs: string[], updates: number, env: EnvId = 'CartPole-v1', overrides: Record<string, HyperValue> = {}): Promise<Run> {
  const sink = new RecordingSink();
  const config = makeRunConfig(env, 'ppo', { seed: 1, bugs, overrides: { histogramEvery: 0, ...overrides } });
  const agent = new PpoAgent({ config, sink }, resolveConfig(config));
  try {
    for (let u = 0; u < updates; u++) await agent.iterate();
  } finally {
    agent.dispose();
  }
  return { sink, agent };
}

/** The first `n` points of a series (one per update for the per-update metrics). */
const first = (r: Run, key: string, n: number): number[] => r.sink.series(key).slice(0, n);

let healthy: Run;
let healthyPendulum: Run;

afterAll(async () => {
  await useBackend('cpu');
});

beforeAll(async () => {
  await useBackend('wasm');
  healthy = await run([], 12);
  healthyPendulum = await run([], 2, 'Pendulum-v1', { ...PENDULUM_FAST, histogramEvery: 1 });
});

describe('PPO bug signatures (playground, seed 1)', () => {
  it('implements every catalogue bug that lists PPO, and only those', () => {
    expect([...bugsOf('ppo')].sort()).toEqual(bugsForAgent('ppo').map((b) => b.id).sort());
  });

  it('healthy: the ratio is exactly 1 on the first minibatch of every update (first_ratio_dev = 0)', () => {
    expect(healthy.sink.series(FIRST_RATIO_DEV)).toEqual(new Array(12).fill(0));
    expect(healthyPendulum.sink.series(FIRST_RATIO_DEV)).toEqual([0, 0]);
  });

  it('lr_too_high: the learning rate is 30×, median approx_kl ≥ 3× healthy, the clip fraction leaves 0', async () => {
    const bug = await run(['lr_too_high'], 4);
    expect(bug.sink.series('charts/learning_rate')[0]).toBeCloseTo(LR_TOO_HIGH_FACTOR * healthy.sink.series('charts/learning_rate')[0], 12);
    const kl = median(bug.sink.series('losses/approx_kl'));
    expect(kl).toBeGreaterThan(3 * median(first(healthy, 'losses/approx_kl', 4)));
    expect(mean(bug.sink.series('losses/clipfrac'))).toBeGreaterThan(0.05);
    expect(mean(first(healthy, 'losses/clipfrac', 4))).toBeLessThan(0.01);
  });

  it('no_return_normalization: the critic chases raw returns: value loss far larger, value_mean far below return_mean', async () => {
    const bug = await run(['no_return_normalization'], 8);
    const lossB = bug.sink.series('losses/value_loss');
    const lossH = first(healthy, 'losses/value_loss', 8);
    for (let u = 0; u < 8; u++) expect(lossB[u], `update ${u + 1}`).toBeGreaterThan(10 * lossH[u]);
    // value_mean is in return units in both runs: after 8 updates the raw-return critic is still near 0 (returns ~20).
    const lag = (r: Run): number => first(r, 'diagnostics/value_mean', 8).at(-1)! / first(r, 'diagnostics/return_mean', 8).at(-1)!;
    expect(lag(bug)).toBeLessThan(0.1);
    expect(lag(healthy)).toBeGreaterThan(0.3);
  });

  it('uninitialized_buffer: value targets outside CartPole\'s possible range [0, 100] ± 5 at every update, from stale slots', async () => {
    const bug = await run(['uninitialized_buffer'], 7);
    const minB = bug.sink.series('diagnostics/value_target_min');
    const minH = first(healthy, 'diagnostics/value_target_min', 7);
    // First updates: the allocation's leftovers (±1e3) leak into the advantages; later: what earlier rollouts left.
    expect(bug.sink.series('diagnostics/advantage_min')[0]).toBeLessThan(-100);
    expect(minB[0]).toBeLessThan(-1000);
    for (let u = 0; u < 7; u++) expect(minB[u], `update ${u + 1}`).toBeLessThan(-5);
    // Healthy GAE targets lean on an untrained critic at first (update 1 also carries the reward scaler's start-up), then ≈ 1 = a terminal reward.
    for (let u = 1; u < 7; u++) expect(minH[u], `healthy update ${u + 1}`).toBeGreaterThan(-2);
    // Meanwhile the batch means look unremarkable: from update 5 the mean advantage is positive and small like the healthy one.
    for (const m of bug.sink.series('diagnostics/advantage_mean').slice(4)) expect(m).toBeGreaterThan(0), expect(m).toBeLessThan(3);
  });

  it('sum_instead_of_mean_loss: gradient norm and losses × minibatch size (128); Adam cancels the scale (mechanism)', async () => {
    const bug = await run(['sum_instead_of_mean_loss'], 2);
    // Same rollout and weights on update 1: the sum is exactly M = 128 times the mean.
    expect(bug.sink.series('diagnostics/grad_norm')[0] / healthy.sink.series('diagnostics/grad_norm')[0]).toBeCloseTo(128, 0);
    expect(bug.sink.series('losses/value_loss')[0] / healthy.sink.series('losses/value_loss')[0]).toBeGreaterThan(50);
    // Adam divides by √v and the clip rescales to 0.5 anyway: the policy moves as in the healthy run. The lesson
    // (same as lr_too_high) holds for SGD; with Adam the signature is in grad_norm and the loss values.
    const ep = (r: Run): number[] => r.sink.series('charts/episodic_return').slice(0, 40);
    expect(ep(bug)).toEqual(ep(healthy));
  });

  it('ignore_done: bootstrapping through the pole falling makes every action look good: no negative advantage, no learning', async () => {
    const bug = await run(['ignore_done'], 8);
    // Healthy: the steps before a fall have clearly negative advantages. Broken: a fall is followed by V(next episode's start).
    for (const a of bug.sink.series('diagnostics/advantage_min')) expect(a).toBeGreaterThan(-0.08);
    for (const a of first(healthy, 'diagnostics/advantage_min', 8).slice(1)) expect(a).toBeLessThan(-0.1);
    // Nothing tells the actions apart, so the policy stays a coin flip (entropy ln 2) while the healthy one sharpens.
    for (const h of bug.sink.series('losses/entropy')) expect(h).toBeGreaterThan(0.68);
    expect(first(healthy, 'losses/entropy', 8).at(-1)).toBeLessThan(0.64);
  });

  it('truncation_as_termination (Pendulum, cut at 200 steps): the targets change exactly at the time-limit steps (mechanism)', async () => {
    // The first rollout and critic are the same in both runs; only the cut steps' targets differ (r instead of
    // r + γ·V(final obs)). The long-run signature (lower explained variance) needs ~16k steps: see the bug table.
    const bug = await run(['truncation_as_termination'], 1, 'Pendulum-v1', { ...PENDULUM_FAST, histogramEvery: 1 });
    const targets = (r: Run): number[] => r.sink.histograms.find((h) => h.key === 'histograms/value_targets')!.values;
    const b = targets(bug);
    const h = targets(healthyPendulum);
    const N = 4;
    const gammaLambda = 0.9 * 0.95; // Pendulum playground γ, λ
    const diff = (t: number, e: number): number => b[t * N + e] - h[t * N + e];
    for (let e = 0; e < N; e++) {
      for (const cut of [199, 399]) {
        expect(Math.abs(diff(cut, e)), `env ${e} step ${cut}`).toBeGreaterThan(1e-3);
        // The GAE trace carries the change back through the episode, decaying by γλ per step.
        for (const k of [1, 2, 10]) expect(diff(cut - k, e) / diff(cut, e)).toBeCloseTo(gammaLambda ** k, 4);
      }
      // The third episode is not cut within this rollout: its targets are untouched.
      for (let t = 400; t < 512; t++) expect(diff(t, e)).toBe(0);
    }
  });

  it('entropy_coef_too_high: the bonus is 0.5 (50 × 0.01) and entropy stays higher than healthy', async () => {
    expect(buggyEntropyCoef(0.01)).toBe(0.5);
    expect(buggyEntropyCoef(0)).toBe(0.5);
    const bug = await run(['entropy_coef_too_high'], 12);
    const late = (xs: number[]): number => mean(xs.slice(-3));
    expect(late(bug.sink.series('losses/entropy'))).toBeGreaterThan(late(healthy.sink.series('losses/entropy')) + 0.04);
  });

  it('no_advantage_normalization: the surrogate sees raw, uncentred advantages: |policy_loss| ≫ healthy, KL follows their smaller scale', async () => {
    const bug = await run(['no_advantage_normalization'], 8);
    const pl = (r: Run): number => median(first(r, 'losses/policy_loss', 8).map(Math.abs));
    expect(pl(bug)).toBeGreaterThan(20 * pl(healthy));
    // Returns are normalised, so raw advantages have std ≈ 0.5 < 1: smaller policy steps than healthy.
    expect(median(bug.sink.series('diagnostics/advantage_std').slice(1))).toBeLessThan(1);
    expect(median(bug.sink.series('losses/approx_kl'))).toBeLessThan(median(first(healthy, 'losses/approx_kl', 8)));
  });

  it('no_grad_clipping: the healthy run is clipped at every update and the unclipped run departs from it (mechanism; spikes need long runs)', async () => {
    const bug = await run(['no_grad_clipping'], 4);
    // grad_norm is measured before clipping in both: above maxGradNorm = 0.5, so the clip is active in the healthy run.
    for (const g of first(healthy, 'diagnostics/grad_norm', 4)) expect(g).toBeGreaterThan(0.5);
    const klB = bug.sink.series('losses/approx_kl');
    const klH = first(healthy, 'losses/approx_kl', 4);
    expect(klB.some((k, u) => Math.abs(k - klH[u]) > 0.1 * klH[u])).toBe(true);
  });

  it('no_obs_normalization (Pendulum): raw observations (θ̇ up to ±8) widen the first layer\'s activations', async () => {
    const bug = await run(['no_obs_normalization'], 2, 'Pendulum-v1', PENDULUM_FAST);
    const key = 'diagnostics/activation_std/actor/0';
    const b = bug.sink.series(key);
    const h = healthyPendulum.sink.series(key);
    for (let u = 0; u < 2; u++) expect(b[u] / h[u], `update ${u + 1}`).toBeGreaterThan(1.3);
  });

  it('too_many_epochs: 30 epochs without a KL stop: approx_kl and clip fraction far above healthy', async () => {
    const bug = await run(['too_many_epochs'], 1);
    expect(bug.agent.lastUpdate!.epochs).toBe(TOO_MANY_EPOCHS);
    expect(healthy.agent.lastUpdate!.epochs).toBe(4);
    expect(bug.sink.series('losses/approx_kl')[0]).toBeGreaterThan(10 * healthy.sink.series('losses/approx_kl')[0]);
    expect(bug.sink.series('losses/clipfrac')[0]).toBeGreaterThan(0.05);
    expect(healthy.sink.series('losses/clipfrac')[0]).toBe(0);
  });

  it('stale_rollout: from the second update on the ratio is off before any step (first_ratio_dev > 0) and KL grows', async () => {
    const bug = await run(['stale_rollout'], 4);
    const dev = bug.sink.series(FIRST_RATIO_DEV);
    expect(dev[0]).toBe(0); // nothing older than the first rollout
    for (let u = 1; u < 4; u++) expect(dev[u], `update ${u + 1}`).toBeGreaterThan(0.01);
    expect(median(bug.sink.series('losses/approx_kl'))).toBeGreaterThan(median(first(healthy, 'losses/approx_kl', 4)));
  });

  it('dead_relu_init (ReLU, as the catalogue requires): every hidden unit is dead and no gradient reaches it', async () => {
    const bug = await run(['dead_relu_init'], 2, 'CartPole-v1', { activation: 'relu' });
    for (const layer of ['actor/0', 'actor/1', 'critic/0', 'critic/1']) {
      expect(bug.sink.series(`diagnostics/dead_relu_frac/${layer}`), layer).toEqual([1, 1]);
      expect(bug.sink.series(`diagnostics/grad_norm/${layer}`).every((g) => g === 0), layer).toBe(true);
    }
    expect(bug.sink.series('losses/entropy').every((h) => Math.abs(h - Math.log(2)) < 1e-3)).toBe(true);
  });

  it('tensor_leak: memory/num_tensors rises by one tensor per minibatch step (16 per update) on tfjs; training is unchanged', async () => {
    // The leak is a tfjs tensor: with compute js or auto (the default) the run config is refused, with the catalogue's reason.
    for (const compute of ['js', 'auto']) expect(() => resolveConfig(makeRunConfig('CartPole-v1', 'ppo', { seed: 1, overrides: { compute }, bugs: ['tensor_leak'] }))).toThrow(/tensor_leak' needs compute = tfjs.*set compute=tfjs/s);
    const tfjs = { compute: 'tfjs' };
    const bug = await run(['tensor_leak'], 4, 'CartPole-v1', tfjs);
    const clean = await run([], 4, 'CartPole-v1', tfjs);
    const t = bug.sink.series('memory/num_tensors');
    for (let u = 1; u < t.length; u++) expect(t[u] - t[u - 1]).toBe(16);
    expect(new Set(clean.sink.series('memory/num_tensors')).size).toBe(1);
    expect(bug.sink.series('charts/episodic_return')).toEqual(clean.sink.series('charts/episodic_return'));
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkHealth,
  discountedReturnBounds,
  EV_NEGATIVE_MARGIN,
  EV_NEGATIVE_STREAK,
  HEALTH_CHECKS,
  HealthMonitor,
  healthTextEn,
  REARM_AFTER,
  TENSOR_LEAK_STREAK,
  VALUE_RETURN_PATIENCE_STEPS,
  VALUE_RETURN_WARMUP_STEPS,
  valueReturnMismatch,
  type HealthAlert,
  type HealthContext,
  type HealthText,
  type MetricHistory,
} from '../../../src/diagnostics/health.ts';
import { normals, rng } from './rng.ts';

/** A health message's English sentence ('' when there is none). */
const en = (text: HealthText | undefined): string => (text ? healthTextEn(text) : '');

const STRIDE = 512; // env steps per update (CleanRL CartPole: 4 envs × 128 steps)

/** A history with one point per update per key, at steps STRIDE, 2·STRIDE, … */
function history(series: Record<string, ArrayLike<number>>): MetricHistory {
  const h: MetricHistory = new Map();
  for (const [key, values] of Object.entries(series)) {
    const value = Array.from(values);
    h.set(key, { step: value.map((_, i) => (i + 1) * STRIDE), value });
  }
  return h;
}

const run = (series: Record<string, ArrayLike<number>>, ctx: HealthContext = {}) => checkHealth(history(series), ctx);
const fill = (n: number, v: number): number[] => new Array<number>(n).fill(v);
const noisy = (seed: number, n: number, m: number, sd: number): number[] => Array.from(normals(rng(seed), n, m, sd));

describe('non_finite', () => {
  it('fires on NaN or Inf in any series, once, at the step it appears', () => {
    const alerts = run({ 'losses/value_loss': [1, 2, NaN, NaN, 3], 'diagnostics/grad_norm': [1, Infinity, 1] });
    expect(alerts.map((a) => [a.id, a.key, a.step])).toEqual([
      ['non_finite', 'diagnostics/grad_norm', 2 * STRIDE],
      ['non_finite', 'losses/value_loss', 3 * STRIDE],
    ]);
    expect(alerts[0].causes).toContain('lr_too_high');
  });
  it('accepts NaN explained variance (Var(returns) = 0) but not Inf', () => {
    expect(run({ 'losses/explained_variance': [0.5, NaN, 0.5] })).toEqual([]);
    expect(run({ 'losses/explained_variance': [0.5, -Infinity] }).map((a) => a.id)).toEqual(['non_finite']);
  });
  it('is silent on finite series', () => {
    expect(run({ 'losses/value_loss': noisy(1, 200, 10, 5), 'charts/SPS': fill(200, 3000) })).toEqual([]);
  });
});

describe('entropy_collapse', () => {
  const ctx: HealthContext = { maxEntropy: Math.log(2), totalSteps: 100 * STRIDE };
  it('fires when entropy drops below 10% of ln N early', () => {
    const entropy = [...fill(9, 0.69), ...fill(10, 0.03)];
    const alerts = run({ 'losses/entropy': entropy }, ctx);
    expect(alerts.map((a) => [a.id, a.step])).toEqual([['entropy_collapse', 10 * STRIDE]]);
    expect(alerts[0].causes).toContain('epsilon_decay_too_fast');
  });
  it('ignores a low entropy late in training and needs the maximum', () => {
    expect(run({ 'losses/entropy': [...fill(60, 0.6), ...fill(40, 0.03)] }, ctx)).toEqual([]);
    expect(run({ 'losses/entropy': fill(10, 0.03) }, { totalSteps: 100 * STRIDE })).toEqual([]);
  });
  it('uses the first 100k env steps when the run length is unknown', () => {
    const late = [...fill(250, 0.6), 0.01];
    expect(run({ 'losses/entropy': late }, { maxEntropy: Math.log(2) })).toEqual([]);
    expect(run({ 'losses/entropy': [0.6, 0.01] }, { maxEntropy: Math.log(2) }).length).toBe(1);
  });
  it('is silent on a slowly falling healthy entropy', () => {
    const entropy = Array.from({ length: 100 }, (_, i) => 0.69 - 0.002 * i);
    expect(run({ 'losses/entropy': entropy }, ctx)).toEqual([]);
  });
});

describe('kl_spike', () => {
  it('fires when the median of the last 3 updates is above 0.05', () => {
    const alerts = run({ 'losses/approx_kl': [0.01, 0.02, 0.08, 0.09, 0.07] });
    expect(alerts.map((a) => [a.id, a.step])).toEqual([['kl_spike', 4 * STRIDE]]);
    expect(alerts[0].causes.slice(0, 2)).toEqual(['lr_too_high', 'too_many_epochs']);
  });
  it('fires at once on a single reading above 0.15', () => {
    expect(run({ 'losses/approx_kl': [0.01, 0.2] }).map((a) => [a.id, a.step])).toEqual([['kl_spike', 2 * STRIDE]]);
  });
  it('is silent on healthy KL, and on a lone noisy reading above 0.05 (last-minibatch estimate)', () => {
    expect(run({ 'losses/approx_kl': noisy(2, 500, 0.01, 0.005).map(Math.abs) })).toEqual([]);
    expect(run({ 'losses/approx_kl': [0.05, 0.05, 0.05] })).toEqual([]);
    expect(run({ 'losses/approx_kl': [0.01, 0.02, 0.109, 0.02, 0.01, 0.055, 0.01] })).toEqual([]);
  });
});

describe('explained_variance_negative', () => {
  it(`fires after ${EV_NEGATIVE_STREAK} consecutive negative updates`, () => {
    const alerts = run({ 'losses/explained_variance': [0.5, ...fill(EV_NEGATIVE_STREAK + 5, -0.3)] });
    expect(alerts.map((a) => [a.id, a.step])).toEqual([['explained_variance_negative', (1 + EV_NEGATIVE_STREAK) * STRIDE]]);
  });
  it('does not count updates whose returns barely vary (value targets spanning < 30% of |return_mean|: EV is noise there)', () => {
    const n = EV_NEGATIVE_STREAK + 5;
    const ev = fill(n, -0.5);
    // MountainCar before the flag: targets −104 … −84 around −96.
    const flat = { 'diagnostics/value_target_min': fill(n, -104), 'diagnostics/value_target_max': fill(n, -84), 'diagnostics/return_mean': fill(n, -96) };
    expect(run({ 'losses/explained_variance': ev, ...flat })).toEqual([]);
    // The same EV with targets that vary (CartPole-like 1 … 60 around 30) fires.
    const varied = { 'diagnostics/value_target_min': fill(n, 1), 'diagnostics/value_target_max': fill(n, 60), 'diagnostics/return_mean': fill(n, 30) };
    expect(run({ 'losses/explained_variance': ev, ...varied }).map((a) => a.id)).toEqual(['explained_variance_negative']);
  });
  it('does not count a near-constant critic (EV a hair below 0) as worse than a constant', () => {
    // Measured, healthy zoo PPO CartPole seed 2, 34–38k steps: the critic predicts ≈ 45 everywhere, a few falls per
    // batch give targets 1 … 45 around 22–46, EV −0.0001 … −0.0011 on 20 updates in a row (fired before the margin).
    const n = EV_NEGATIVE_STREAK + 5;
    const ev = Array.from({ length: n }, (_, i) => -0.0001 - (i % 5) * 0.00025);
    const targets = { 'diagnostics/value_target_min': fill(n, 1), 'diagnostics/value_target_max': fill(n, 45), 'diagnostics/return_mean': fill(n, 32) };
    expect(ev.every((v) => v < 0 && v > -EV_NEGATIVE_MARGIN)).toBe(true);
    expect(run({ 'losses/explained_variance': ev, ...targets })).toEqual([]);
    // A2C lr_too_high on CartPole (seed 1), the last 10 updates of its 20-update streak: −0.75 … −0.10.
    const bug = [...fill(10, -0.7), -0.39, -0.2, -0.11, -0.18, -0.16, -0.25, -0.1, -0.11, -0.18, -0.1, -0.1];
    expect(run({ 'losses/explained_variance': bug, ...targets }).map((a) => a.id)).toEqual(['explained_variance_negative']);
  });
  it('is silent on shorter negative runs and NaN does not break or count', () => {
    const ev = [0.3, ...fill(EV_NEGATIVE_STREAK - 1, -0.1), 0.01, ...fill(EV_NEGATIVE_STREAK - 1, -0.1)];
    expect(run({ 'losses/explained_variance': ev })).toEqual([]);
    const withNaN = [...fill(10, -0.1), NaN, ...fill(EV_NEGATIVE_STREAK - 10, -0.1)];
    expect(run({ 'losses/explained_variance': withNaN }).map((a) => a.step)).toEqual([(EV_NEGATIVE_STREAK + 1) * STRIDE]);
  });
});

describe('value_return_mismatch', () => {
  it('fires when value_mean stays more than 3× from return_mean after the warm-up', () => {
    const alerts = run({ 'diagnostics/value_mean': fill(100, 5), 'diagnostics/return_mean': fill(100, 50) });
    // At 512 env steps per report: the 40th report (20,480), as when warm-up and patience were 30 and 10 reports.
    expect(alerts.map((a) => [a.id, a.key, a.step])).toEqual([['value_return_mismatch', 'diagnostics/value_mean', 40 * STRIDE]]);
    expect(alerts[0].causes[0]).toBe('no_return_normalization');
    expect(alerts[0].message).toMatch(/every update of the last 5480 env steps/);
  });
  it('counts warm-up and patience in env steps, not reports: a run reporting every 4,096 steps fires within 50k', () => {
    const every = (stride: number, n: number, value: (i: number) => number) => ({ step: Array.from({ length: n }, (_, i) => (i + 1) * stride), value: Array.from({ length: n }, (_, i) => value(i)) });
    const lagging = (stride: number, n: number): MetricHistory =>
      new Map([
        ['diagnostics/value_mean', every(stride, n, () => 5)],
        ['diagnostics/return_mean', every(stride, n, () => 50)],
      ]);
    const stepsOf = (h: MetricHistory) => checkHealth(h).map((a) => a.step);
    // 12 reports of 4,096 steps = 49,152 env steps: the first report at or past warm-up + patience (20k) fires.
    expect(stepsOf(lagging(4096, 12))).toEqual([5 * 4096]);
    expect(5 * 4096).toBeGreaterThanOrEqual(VALUE_RETURN_WARMUP_STEPS + VALUE_RETURN_PATIENCE_STEPS);
    // A streak that starts after the warm-up needs its reports to cover the patience: 1 report of 4,096 does not, 2 do.
    const late = (stride: number, from: number, n: number): MetricHistory =>
      new Map([
        ['diagnostics/value_mean', every(stride, n, (i) => ((i + 1) * stride >= from ? 5 : 48))],
        ['diagnostics/return_mean', every(stride, n, () => 50)],
      ]);
    expect(stepsOf(late(4096, 8 * 4096, 8))).toEqual([]);
    expect(stepsOf(late(4096, 8 * 4096, 9))).toEqual([9 * 4096]);
    // … and at 512 steps per report, 10 reports (9 do not), as before.
    expect(stepsOf(late(512, 50 * 512, 58))).toEqual([]);
    expect(stepsOf(late(512, 50 * 512, 59))).toEqual([59 * 512]);
  });
  it('is silent when the critic catches up within the warm-up and tracks', () => {
    const ret = Array.from({ length: 200 }, (_, i) => 10 + 0.4 * i);
    const val = ret.map((r, i) => (i < 20 ? (r * i) / 20 : r * 0.8));
    expect(run({ 'diagnostics/value_mean': val, 'diagnostics/return_mean': ret })).toEqual([]);
  });
  it('treats returns near zero with care', () => {
    expect(valueReturnMismatch(0.5, -0.2)).toBe(false); // within the absolute floor
    expect(valueReturnMismatch(-5, 5)).toBe(true); // opposite signs
    expect(valueReturnMismatch(30, 90)).toBe(false);
    expect(valueReturnMismatch(29, 90)).toBe(true);
    expect(run({ 'diagnostics/value_mean': noisy(3, 100, 0, 0.3), 'diagnostics/return_mean': noisy(4, 100, 0, 0.3) })).toEqual([]);
  });
});

describe('q_out_of_bounds', () => {
  const ctx: HealthContext = { gamma: 0.99, rewardRange: [0, 1] };
  it('bounds are [r_min, r_max]/(1 − γ), valid for any episode length', () => {
    expect(discountedReturnBounds([0, 1], 0.99)[1]).toBeCloseTo(100, 9);
    expect(discountedReturnBounds([-1, -1], 0.9)).toEqual([expect.closeTo(-10, 9), 0]);
    expect(discountedReturnBounds([1, 1], 0.99)).toEqual([0, expect.closeTo(100, 9)]);
  });
  it('fires when Q leaves the possible range', () => {
    const qMax = Array.from({ length: 50 }, (_, i) => 2 * i + 40); // reaches 106 > 100 + 5% margin
    const alerts = run({ 'losses/q_values_max': qMax, 'losses/q_values_min': fill(50, 0) }, ctx);
    expect(alerts.map((a) => [a.id, a.key, a.step])).toEqual([['q_out_of_bounds', 'losses/q_values_max', 34 * STRIDE]]);
    expect(alerts[0].causes).toContain('no_target_network');
    expect(run({ 'losses/q_values_min': [0, -20] }, ctx).map((a) => a.key)).toEqual(['losses/q_values_min']);
  });
  it('is silent inside the range and without a context', () => {
    expect(run({ 'losses/q_values': noisy(5, 300, 50, 10), 'losses/q_values_max': fill(300, 99) }, ctx)).toEqual([]);
    expect(run({ 'losses/q_values_max': fill(10, 1e6) })).toEqual([]);
  });
});

describe('value_out_of_bounds', () => {
  const ctx: HealthContext = { gamma: 0.99, rewardRange: [1, 1] };
  it('checks value_mean always and value targets when they are in reward units', () => {
    expect(run({ 'diagnostics/value_mean': [10, 50, 150] }, ctx).map((a) => [a.id, a.step])).toEqual([['value_out_of_bounds', 3 * STRIDE]]);
    expect(run({ 'diagnostics/value_target_max': [10, 150] }, ctx)).toEqual([]);
    expect(run({ 'diagnostics/value_target_max': [10, 150] }, { ...ctx, valueTargetsInRewardUnits: true }).length).toBe(1);
  });
  it('is silent for values in range', () => {
    expect(run({ 'diagnostics/value_mean': Array.from({ length: 100 }, (_, i) => i) }, ctx)).toEqual([]);
  });
  // Healthy playground VPG on Acrobot-v1 (reward −1 per step, γ 0.99: bound −100, −105 with the margin), seed 2,
  // updates at 15k–22k steps: as it starts to solve, the return normaliser's scale moves and value_mean read back
  // at the new scale leaves the range, while the batch's reward-to-go targets, read back at the same scale, do too.
  const acrobot: HealthContext = { gamma: 0.99, rewardRange: [-1, 0] };
  const measured = {
    'diagnostics/value_target_min': [-99.1, -99.2, -98.9, -117.4, -115.1, -117.3, -105.3],
    'diagnostics/value_target_max': [-68.2, -79.3, -93.6, 0, -98.1, 0, 0],
    'diagnostics/value_mean': [-94.2, -94.6, -94.9, -109.5, -115.8, -110.3, -99.5],
  };
  it('allows value_mean inside its own reward-to-go targets when both are read back at a moving scale (valueTargetsAreReturns)', () => {
    expect(run(measured, acrobot).map((a) => [a.id, a.step])).toEqual([['value_out_of_bounds', 4 * STRIDE]]);
    expect(run(measured, { ...acrobot, valueTargetsAreReturns: true })).toEqual([]);
  });
  it("still fires on a value beyond its own batch's targets, and without targets", () => {
    const beyond = { ...measured, 'diagnostics/value_mean': [-94.2, -94.6, -94.9, -130, -115.8, -110.3, -99.5] };
    expect(run(beyond, { ...acrobot, valueTargetsAreReturns: true }).map((a) => [a.id, a.step])).toEqual([['value_out_of_bounds', 4 * STRIDE]]);
    expect(run({ 'diagnostics/value_mean': measured['diagnostics/value_mean'] }, { ...acrobot, valueTargetsAreReturns: true }).length).toBe(1);
  });
});

describe('dead_relu', () => {
  const key = 'diagnostics/dead_relu_frac/actor/0';
  it('fires on a layer above 0.6 for 10 reports and names the layer', () => {
    const alerts = run({ [key]: [0, 0.1, 0.65, 0.7, 0.7, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9] });
    expect(alerts.map((a) => [a.id, a.key, a.step])).toEqual([['dead_relu', key, 12 * STRIDE]]);
    expect(alerts[0].message).toContain('actor/0');
    expect(alerts[0].causes[0]).toBe('dead_relu_init');
  });
  it('is silent on a few bad batches and on healthy layers', () => {
    expect(run({ [key]: [0, 0.7, 0.1, 0.7, 0.7, 0.1] })).toEqual([]);
    // The healthy cleanrl DQN's second layer on CartPole, measured: 0.40–0.49 for thousands of steps.
    expect(run({ [key]: [0.12, 0.23, 0.31, 0.37, 0.43, 0.49, 0.46, 0.4, 0.45, 0.4, 0.43, 0.4, 0.44, 0.45, 0.46, 0.45, 0.46] })).toEqual([]);
    expect(run({ [key]: fill(100, 0.02), 'diagnostics/dead_relu_frac/critic/0': fill(100, 0) })).toEqual([]);
  });
});

describe('grad_norm_spike', () => {
  const healthy = normals(rng(6), 500, 0, 0.5).map(Math.exp); // log-normal around 1
  it('fires at 100× the running median', () => {
    const spiky = Array.from(healthy);
    spiky[200] = 500;
    const alerts = run({ 'diagnostics/grad_norm': spiky });
    expect(alerts.map((a) => [a.id, a.step])).toEqual([['grad_norm_spike', 201 * STRIDE]]);
  });
  it('is silent on healthy noise and ignores per-layer norms', () => {
    expect(run({ 'diagnostics/grad_norm': healthy })).toEqual([]);
    expect(run({ 'diagnostics/grad_norm/actor/0': [...fill(20, 1), 1000] })).toEqual([]);
  });
  it('is silent on the sawtooth of a hard target refresh (healthy zoo DQN, MountainCar-v0, seed 1, steps 1100–5000)', () => {
    // Every 600 steps the target net is refreshed: grad_norm jumps to 1–2, then the online net fits the frozen
    // target almost exactly (every reward is −1) and grad_norm falls to ~0.001. Peaks are 150–250× the median.
    const sawtooth = [
      0.415, 0.0282, 0.992, 0.0778, 0.00843, 0.00181, 0.0011, 0.000929, 1.32, 0.0963, 0.00711, 0.00131, 0.00112, 0.000864, 1.51, 0.113, 0.00806, 0.00287, 0.00188,
      0.00158, 1.78, 0.128, 0.00982, 0.00355, 0.0024, 0.00205, 1.92, 0.178, 0.0125, 0.0034, 0.00252, 0.00318, 2.0, 0.139, 0.00917, 0.00441, 0.00255, 0.00284, 2.05, 0.165,
    ];
    expect(run({ 'diagnostics/grad_norm': sawtooth })).toEqual([]);
  });
  it('fires on an exploding TD loss far above every earlier norm (DQN uninitialized_buffer + mse_instead_of_huber, CartPole, seed 1)', () => {
    const exploding = [2.57, 2.67, 2.48, 2.53, 2.36, 2.36, 2.34, 2.27, 2.28, 2.18, 2.14, 2.12, 2.09, 2.05, 1.98, 1.95, 5745, 1.84];
    expect(run({ 'diagnostics/grad_norm': exploding }).map((a) => [a.id, a.step])).toEqual([['grad_norm_spike', 17 * STRIDE]]);
  });
});

describe('tensor_leak', () => {
  it(`fires after ${TENSOR_LEAK_STREAK} consecutive increases`, () => {
    const leak = [...fill(10, 100), ...Array.from({ length: 40 }, (_, i) => 103 + 3 * i)];
    const alerts = run({ 'memory/num_tensors': leak });
    expect(alerts.map((a) => [a.id, a.step])).toEqual([['tensor_leak', (10 + TENSOR_LEAK_STREAK) * STRIDE]]);
    expect(alerts[0].causes).toEqual(['tensor_leak']);
  });
  it('is silent on a flat count after the optimiser creates its slots', () => {
    expect(run({ 'memory/num_tensors': [20, 26, 32, ...fill(200, 32)] })).toEqual([]);
  });
});

describe('HealthMonitor', () => {
  it('returns each alert once, on the point that fired it, and re-arms after recovery', () => {
    const m = new HealthMonitor();
    let step = 0;
    const push = (v: number) => m.push('losses/approx_kl', (step += STRIDE), v);
    expect(push(0.2).map((a) => a.id)).toEqual(['kl_spike']);
    expect(push(0.2)).toEqual([]);
    for (let i = 0; i < REARM_AFTER - 1; i++) expect(push(0.01)).toEqual([]);
    expect(push(0.2)).toEqual([]); // not yet recovered: the healthy run was one short
    for (let i = 0; i < REARM_AFTER; i++) push(0.01);
    expect(push(0.3).map((a) => a.step)).toEqual([step]);
    expect(m.alerts.length).toBe(2);
    m.reset();
    expect(m.alerts.length).toBe(0);
    expect(push(0.2).length).toBe(1);
  });

  it('agrees with checkHealth on the same points', () => {
    const series = { 'losses/approx_kl': [0.01, 0.2, 0.01], 'memory/num_tensors': Array.from({ length: 30 }, (_, i) => i), 'losses/value_loss': [1, NaN] };
    const m = new HealthMonitor();
    const h = history(series);
    const points = [...h].flatMap(([key, s]) => s.step.map((st, i) => ({ key, st, v: s.value[i] }))).sort((a, b) => a.st - b.st);
    for (const p of points) m.push(p.key, p.st, p.v);
    expect(checkHealth(h)).toEqual(m.alerts);
    expect(m.alerts.length).toBe(3);
  });

  it('runs only the checks asked for', () => {
    expect(run({ 'losses/approx_kl': [1], 'losses/value_loss': [NaN] }, { checks: ['kl_spike'] }).map((a) => a.id)).toEqual(['kl_spike']);
  });
});

describe('catalogue', () => {
  // Bug ids of DIAGNOSTICS.md §3.
  const BUG_IDS = [
    'lr_too_high', 'no_return_normalization', 'uninitialized_buffer', 'no_target_network', 'target_aliases_online',
    'sum_instead_of_mean_loss', 'mse_instead_of_huber', 'ignore_done', 'truncation_as_termination', 'entropy_coef_too_high',
    'no_advantage_normalization', 'no_grad_clipping', 'no_obs_normalization', 'epsilon_decay_too_fast', 'too_many_epochs',
    'stale_rollout', 'dead_relu_init', 'reward_not_summed_over_skip', 'tensor_leak',
  ];
  it('names only catalogued bugs as causes', () => {
    for (const c of HEALTH_CHECKS) {
      expect(c.causes.length).toBeGreaterThan(0);
      for (const cause of c.causes) expect(BUG_IDS, `${c.id} → ${cause}`).toContain(cause);
    }
  });
});

describe('a healthy CleanRL run (3 seeds of the reference curves)', () => {
  // CleanRL's own ppo.py curves, read from shared/reference at test time (not copied into the repo).
  const reference = JSON.parse(
    readFileSync(new URL('../../../../shared/reference/cleanrl-ppo-cartpole.json', import.meta.url), 'utf8'),
  ) as { seeds: Record<string, Record<string, [number, number][]>> };
  it('raises no alert', () => {
    const seeds = Object.values(reference.seeds);
    expect(seeds.length).toBe(3);
    for (const s of seeds) {
      const h: MetricHistory = new Map();
      for (const key of ['losses/approx_kl', 'losses/entropy', 'losses/explained_variance']) {
        const points = s[key];
        expect(points.length).toBeGreaterThan(900);
        h.set(key, { step: points.map((p) => p[0]), value: points.map((p) => p[1]) });
      }
      expect(checkHealth(h, { maxEntropy: Math.log(2), totalSteps: 500_000, gamma: 0.99, rewardRange: [1, 1] })).toEqual([]);
    }
  });
});

describe('alerts a preset produces by design', () => {
  it('carry the reason from HealthContext.expected and still fire', () => {
    const reason = { key: 'health.expected.valueReturn', params: {} } as const;
    const monitor = new HealthMonitor({ expected: { value_return_mismatch: reason } });
    const fired: HealthAlert[] = [];
    for (let i = 0; i < 100; i++) {
      fired.push(...monitor.push('diagnostics/value_mean', i * STRIDE, 5), ...monitor.push('diagnostics/return_mean', i * STRIDE, 50));
    }
    expect(fired.map((a) => [a.id, a.expectedText, a.expected])).toEqual([['value_return_mismatch', reason, healthTextEn(reason)]]);
    expect(fired[0].expected).toMatch(/does not normalise returns/);
    expect(fired[0].message).toBe(healthTextEn(fired[0].text));
  });
});

describe('healthContext marks what a preset produces by design', () => {
  it('value_return_mismatch is expected where an on-policy preset does not normalise returns, not where it does', async () => {
    const { healthContext } = await import('../../../src/config/health-context.ts');
    const { makeRunConfig, resolveSettings } = await import('../../../src/config/resolve.ts');
    const { envSpec } = await import('../../../src/envs/registry.ts');
    const env = { spec: envSpec('CartPole-v1'), actionSpace: { kind: 'discrete', n: 2 } as const };
    const ctx = (preset: string) => {
      const config = makeRunConfig('CartPole-v1', 'ppo', { preset });
      return healthContext(config, resolveSettings(config), env);
    };
    expect(en(ctx('cleanrl').expected?.value_return_mismatch)).toMatch(/property of the preset/);
    expect(ctx('playground').expected).toBeUndefined();
    const dqn = (preset: string) => {
      const config = makeRunConfig('CartPole-v1', 'dqn', { preset });
      return healthContext(config, resolveSettings(config), env).expected ?? {};
    };
    expect(Object.keys(dqn('zoo')).sort()).toEqual(['dead_relu', 'q_out_of_bounds']);
    expect(dqn('cleanrl')).toEqual({});
    // The zoo's Acrobot entry: 4 gradient steps every 4 env steps on 256-256 (measured: q_values_max up to 53–64 on healthy seeds 2–3).
    const acrobot = { spec: envSpec('Acrobot-v1'), actionSpace: { kind: 'discrete', n: 3 } as const };
    const onAcrobot = (preset: string) => {
      const config = makeRunConfig('Acrobot-v1', 'dqn', { preset });
      return healthContext(config, resolveSettings(config), acrobot).expected ?? {};
    };
    expect(en(onAcrobot('zoo').q_out_of_bounds)).toMatch(/4 gradient steps every 4 env steps on a 256-256 network.*property of the preset/);
    expect(onAcrobot('cleanrl').q_out_of_bounds).toBeUndefined();
    expect(onAcrobot('playground').q_out_of_bounds).toBeUndefined();
  });

  it("PPO on the zoo's 8-sample MountainCarContinuous rollouts: kl_spike and explained_variance_negative expected; not on the playground's 512", async () => {
    const { healthContext } = await import('../../../src/config/health-context.ts');
    const { makeRunConfig, resolveSettings } = await import('../../../src/config/resolve.ts');
    const { envSpec } = await import('../../../src/envs/registry.ts');
    const env = { spec: envSpec('MountainCarContinuous-v0'), actionSpace: { kind: 'box', shape: [1], low: [-1], high: [1] } as const };
    const expected = (preset: string) => {
      const config = makeRunConfig('MountainCarContinuous-v0', 'ppo', { preset });
      return healthContext(config, resolveSettings(config), env as never).expected ?? {};
    };
    // value_return_mismatch: every preset that normalises returns there (the scale jumps at the first success).
    expect(Object.keys(expected('zoo')).sort()).toEqual(['explained_variance_negative', 'kl_spike', 'value_return_mismatch']);
    expect(en(expected('zoo').explained_variance_negative)).toMatch(/only 8 samples.*property of the preset/);
    expect(Object.keys(expected('playground'))).toEqual(['value_return_mismatch']);
  });
  it("kl_spike is expected on the zoo's A2C Pendulum entry (narrow Gaussian, default init), not on the playground's; VPG's targets are returns; DQN's dead ReLUs before MountainCar's first success", async () => {
    const { healthContext } = await import('../../../src/config/health-context.ts');
    const { makeRunConfig, resolveSettings } = await import('../../../src/config/resolve.ts');
    const { envSpec } = await import('../../../src/envs/registry.ts');
    const pendulum = { spec: envSpec('Pendulum-v1'), actionSpace: { kind: 'box', shape: [1], low: new Float32Array([-2]), high: new Float32Array([2]) } as never };
    const ctx = (agent: 'a2c' | 'vpg', preset: string, overrides = {}) => {
      const config = makeRunConfig('Pendulum-v1', agent, { preset, overrides });
      return healthContext(config, resolveSettings(config), pendulum);
    };
    expect(en(ctx('a2c', 'zoo').expected?.kl_spike)).toMatch(/σ = 0\.14 .*property of the preset/);
    expect(ctx('a2c', 'zoo', { orthoInit: true }).expected?.kl_spike).toBeUndefined();
    expect(ctx('a2c', 'zoo', { logStdInit: 0 }).expected?.kl_spike).toBeUndefined();
    expect(ctx('a2c', 'playground').expected?.kl_spike).toBeUndefined();
    expect(ctx('vpg', 'playground').valueTargetsAreReturns).toBe(true);
    const mountainCar = (preset: string) => {
      const config = makeRunConfig('MountainCar-v0', 'dqn', { preset });
      return healthContext(config, resolveSettings(config), { spec: envSpec('MountainCar-v0'), actionSpace: { kind: 'discrete', n: 3 } as const }).expected ?? {};
    };
    expect(en(mountainCar('cleanrl').dead_relu)).toMatch(/first reaches the flag.*not a bug/);
    expect(en(mountainCar('zoo').dead_relu)).toMatch(/wide/);
    expect(ctx('a2c', 'playground').valueTargetsAreReturns).toBeUndefined();
  });
  it("kl_spike expected on PPO's full-batch many-epoch CartPole presets (fast, zoo); value_return_mismatch on MountainCarContinuous where returns are normalised", async () => {
    const { healthContext } = await import('../../../src/config/health-context.ts');
    const { makeRunConfig, resolveSettings } = await import('../../../src/config/resolve.ts');
    const { envSpec } = await import('../../../src/envs/registry.ts');
    const envs = {
      'CartPole-v1': { spec: envSpec('CartPole-v1'), actionSpace: { kind: 'discrete', n: 2 } },
      'MountainCarContinuous-v0': { spec: envSpec('MountainCarContinuous-v0'), actionSpace: { kind: 'box', shape: [1], low: new Float32Array([-1]), high: new Float32Array([1]) } },
    } as const;
    const expected = (env: keyof typeof envs, agent: 'ppo' | 'a2c' | 'vpg', preset: string, overrides = {}) => {
      const config = makeRunConfig(env, agent, { preset, overrides });
      return healthContext(config, resolveSettings(config), envs[env] as never).expected ?? {};
    };
    expect(en(expected('CartPole-v1', 'ppo', 'fast').kl_spike)).toMatch(/10 full-batch gradient steps per update on only 256 samples.*not a bug/);
    expect(en(expected('CartPole-v1', 'ppo', 'zoo').kl_spike)).toMatch(/20 full-batch/);
    expect(expected('CartPole-v1', 'ppo', 'fast', { targetKl: 0.05 }).kl_spike).toBeUndefined();
    expect(expected('CartPole-v1', 'ppo', 'fast', { numMinibatches: 4 }).kl_spike).toBeUndefined();
    expect(expected('CartPole-v1', 'ppo', 'playground')).toEqual({});
    const mcc = (agent: 'ppo' | 'a2c' | 'vpg', preset: string, overrides = {}) => expected('MountainCarContinuous-v0', agent, preset, overrides).value_return_mismatch;
    expect(en(mcc('a2c', 'playground'))).toMatch(/normaliser's scale grows.*not a bug/);
    for (const [agent, preset] of [['a2c', 'zoo'], ['ppo', 'playground'], ['ppo', 'cleanrl'], ['a2c', 'playground'], ['vpg', 'playground']] as const) {
      expect(mcc(agent, preset)?.key).toBe('health.expected.valueReturnMountainCarContinuous');
      expect(mcc(agent, preset, { normalizeReturns: false })?.key).toBe('health.expected.valueReturn'); // the general reason instead
    }
    expect(mcc('a2c', 'playground', { orthoInit: false })?.key).toBe('health.expected.valueReturnMountainCarContinuous');
    expect(expected('CartPole-v1', 'a2c', 'playground')).toEqual({});
  });
});

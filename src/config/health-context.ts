// What the health checks (src/diagnostics/health.ts) need to know about a run, from its resolved
// settings and its env; a check whose inputs are missing stays off. createRun builds it for the
// worker and the CLI alike.

import type { HealthContext } from '../diagnostics/health.ts';
import type { EnvSpec, Space } from '../envs/types.ts';
import type { AgentSettings } from './resolve.ts';
import type { RunConfig } from './run-config.ts';

/** The parts of a (vector) env the checks read: reward bounds and the action space (max entropy). */
export interface HealthEnvInfo {
  spec: EnvSpec;
  actionSpace: Space;
}

export function healthContext(config: RunConfig, settings: AgentSettings, env: HealthEnvInfo): HealthContext {
  const ctx: HealthContext = { rewardRange: env.spec.rewardRange, totalSteps: config.totalSteps };
  if (env.actionSpace.kind === 'discrete' && env.actionSpace.n > 1) ctx.maxEntropy = Math.log(env.actionSpace.n);
  if (settings.agent !== 'random') ctx.gamma = settings.values.gamma;
  if ((settings.agent === 'ppo' || settings.agent === 'a2c' || settings.agent === 'vpg') && !settings.values.normalizeReturns) {
    // Measured: healthy CleanRL-preset PPO on CartPole has value_mean ≈ 7 against return_mean ≈ 38 at 20k
    // steps (seeds 1–2), the critic climbing towards unnormalised returns at lr 2.5e-4.
    ctx.expected = { value_return_mismatch: { key: 'health.expected.valueReturn', params: {} } };
  }
  // Measured, healthy playground VPG on Acrobot-v1, seed 2: as it starts to solve (steps 18–21k) the return
  // normaliser's scale moves, and value_mean read back at the new scale reads −110 to −116 (bound −100) while
  // the batch's own reward-to-go targets read −115 to −117 at that scale: the critic follows its targets.
  if (settings.agent === 'vpg' && settings.values.normalizeReturns) ctx.valueTargetsAreReturns = true;
  if (settings.agent === 'dqn') {
    const v = settings.values;
    // Measured, the zoo's CartPole-v1 entry (256-256, lr 2.3e-3, 128 gradient steps per 256 env steps, target
    // every 10), healthy, seed 1, 12k steps: second layer 0.61–0.73 dead from the first report, q_values_min
    // down to −8.8 (bound 0), return 103 and rising; Acrobot seed 1: q_values_max above its bound 0.
    if (Math.max(...v.hiddenSizes) >= 256) {
      ctx.expected = { ...ctx.expected, dead_relu: { key: 'health.expected.deadReluWide', params: { sizes: v.hiddenSizes.join('-') } } };
    }
    // Measured, cleanrl preset (120-84 ReLU, exactly cleanrl/dqn.py) on MountainCar-v0, healthy, seed 1, 30k steps:
    // no episode reaches the flag (return −200 throughout), q_values fall steadily (0 → −29) and the second layer
    // sits at 0.63–0.66 dead from 12k steps on (0.38 on its first report); playground preset: fires on seeds 1–2.
    if (env.spec.id === 'MountainCar-v0' && ctx.expected?.dead_relu === undefined) {
      ctx.expected = { ...ctx.expected, dead_relu: { key: 'health.expected.deadReluMountainCar', params: {} } };
    }
    // Many gradient steps per env step on a wide net overshoot Q on rarely seen states. Measured, zoo, healthy, 30k
    // steps: CartPole (128 steps per 256) a few units over 0; Acrobot (4 per 4, target every 250) seeds 1–3 over
    // the margin on about 2/3 of reports, q_values_max up to 53–64 while the mean Q is −35 to −40 and the return
    // climbs to about −90. MountainCar's 8 per 16 did not fire (seeds 1–2).
    if (v.gradientSteps >= 64 || (v.gradientSteps >= v.trainFreq && Math.max(...v.hiddenSizes) >= 256)) {
      const params = { steps: v.gradientSteps, freq: v.trainFreq, sizes: v.hiddenSizes.join('-'), every: v.targetNetworkFrequency };
      ctx.expected = { ...ctx.expected, q_out_of_bounds: { key: 'health.expected.qOutOfBounds', params } };
    }
  }
  if (settings.agent === 'ppo' && settings.values.numEnvs * settings.values.numSteps < 64) {
    // Measured: the zoo's MountainCarContinuous entry (1 env × 8 steps, log std −3.29) fires kl_spike within
    // the first 600 steps on seeds 1–2, healthy.
    const n = settings.values.numEnvs * settings.values.numSteps;
    ctx.expected = {
      ...ctx.expected,
      kl_spike: { key: 'health.expected.klSmallRollouts', params: { n } },
      // Measured, same entry, 25k steps: seed 3 negative on 83% of updates, seeds 1–2 silent. Over 8 returns
      // that barely differ (−0.0x per step until the flag) Var(returns) is tiny, so 1 − Var(residual)/Var(returns)
      // swings far below 0 on any residual.
      explained_variance_negative: { key: 'health.expected.evSmallRollouts', params: { n } },
    };
  }
  if (settings.agent === 'ppo') {
    const v = settings.values;
    const n = v.numEnvs * v.numSteps;
    // Measured, the fast preset (the zoo's CartPole entry with 10 epochs), healthy, seed 3, 50k steps: approx_kl
    // 0.037, 0.056, 0.12 on three updates in a row at 17k steps (clipfrac 0.38, median 0.003 over the run), then
    // the return fell from 500 to about 100 and the run solved again only at 49k: a real overshoot of the update.
    // Seeds 1, 2, 4, 5 silent; the zoo's own entry (20 epochs) silent on seeds 1–5, largest single reading 0.051.
    if (v.numMinibatches === 1 && n <= 256 && v.updateEpochs >= 10 && v.targetKl === null && ctx.expected?.kl_spike === undefined) {
      const params = { epochs: v.updateEpochs, n, lr: v.learningRate };
      ctx.expected = { ...ctx.expected, kl_spike: { key: 'health.expected.klFullBatchEpochs', params } };
    }
  }
  if ((settings.agent === 'ppo' || settings.agent === 'a2c' || settings.agent === 'vpg') && env.spec.id === 'MountainCarContinuous-v0' && settings.values.normalizeReturns) {
    // The return normaliser's scale grows ~25× after the car first reaches the flag (+100 after returns of a few
    // tenths), and values the critic learned at the old scale read back far below the returns until it catches up.
    // Measured, healthy, 50k steps: PPO playground seed 3, scale 0.89 at 20k → 22 at 51k, the critic's output
    // stuck at −1 … −2.4 in scaled units: value_mean −14 against return_mean +15 at 35k (below −10, the lowest
    // return at γ 0.99); A2C zoo seed 2, scale 1.1 → 30 from 4k to 20k, value_mean −51 against +25 at 12k, within
    // 3× from 28k; VPG playground seed 2, scale 0.28 → 4.0 at the first success (29k), value_mean −43 against −7.
    // Fires on PPO playground and cleanrl 5/5 seeds, A2C playground 5/5, A2C zoo 3/5, VPG playground (env-step
    // warm-up, 2026-12-07); A2C playground seed 1 without orthoInit was silent, but the zoo's default init fires too.
    ctx.expected = { ...ctx.expected, value_return_mismatch: { key: 'health.expected.valueReturnMountainCarContinuous', params: {} } };
  }
  if (settings.agent === 'a2c' && env.actionSpace.kind === 'box' && !settings.values.orthoInit && settings.values.logStdInit <= -1) {
    // Measured, the zoo's Pendulum-v1 entry (gSDE's log_std_init −2 on a plain Gaussian, ortho_init off, 8 × 8
    // samples per RMSprop step), healthy, 50k steps, seeds 1–2: approx_kl 1.9 averaged over the first 10
    // updates, above 0.1 for the first 5–6k steps, median 0.02. Seed 1 with logStdInit 0: max 0.033; with
    // orthoInit on: max 0.091; neither alerts.
    const std = Math.exp(settings.values.logStdInit);
    ctx.expected = {
      ...ctx.expected,
      kl_spike: { key: 'health.expected.klNarrowGaussian', params: { std: std.toPrecision(2), logStd: settings.values.logStdInit } },
    };
  }
  // A frame-skipped step sums up to frameSkip frames' rewards (fewer when the episode ends inside it).
  if (settings.agent === 'dqn' && settings.values.frameSkip > 1) {
    const [lo, hi] = env.spec.rewardRange;
    const k = settings.values.frameSkip;
    ctx.rewardRange = [Math.min(lo, lo * k), Math.max(hi, hi * k)];
  }
  return ctx;
}

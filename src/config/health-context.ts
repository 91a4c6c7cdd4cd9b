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
    ctx.expected = {
      value_return_mismatch:
        'This preset does not normalise returns (as CleanRL does on discrete envs): the critic starts near 0 and climbs towards returns of up to 1/(1 − γ) at a small learning rate, so it lags them for tens of thousands of steps. A property of the preset, not a bug; the playground preset normalises returns.',
    };
  }
  if (settings.agent === 'dqn') {
    const v = settings.values;
    // Measured, the zoo's CartPole-v1 entry (256-256, lr 2.3e-3, 128 gradient steps per 256 env steps, target
    // every 10), healthy, seed 1, 12k steps: second layer 0.61–0.73 dead from the first report, q_values_min
    // down to −8.8 (bound 0), return 103 and rising; Acrobot seed 1: q_values_max above its bound 0.
    if (Math.max(...v.hiddenSizes) >= 256) {
      ctx.expected = { ...ctx.expected, dead_relu: `This preset's Q-network is wide (${v.hiddenSizes.join('-')}) and trained fast: most of its second layer's ReLUs die early while the rest still learn the task. A property of the preset, not a bug.` };
    }
    if (v.gradientSteps >= 64) {
      ctx.expected = { ...ctx.expected, q_out_of_bounds: `This preset takes ${v.gradientSteps} gradient steps per training phase against a target refreshed every ${v.targetNetworkFrequency} steps: Q estimates of rarely seen states overshoot the possible range by a few units. A property of the preset, not a bug.` };
    }
  }
  if (settings.agent === 'ppo' && settings.values.numEnvs * settings.values.numSteps < 64) {
    // Measured: the zoo's MountainCarContinuous entry (1 env × 8 steps, log std −3.29) fires kl_spike within
    // the first 600 steps on seeds 1–2, healthy.
    const n = settings.values.numEnvs * settings.values.numSteps;
    ctx.expected = {
      ...ctx.expected,
      kl_spike: `This preset updates on rollouts of only ${n} samples: approx_kl, estimated on so few samples (of a narrow Gaussian policy on the zoo's MountainCarContinuous entry), often exceeds the threshold while the policy learns. A property of the preset, not a bug.`,
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

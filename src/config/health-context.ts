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
  // A frame-skipped step sums up to frameSkip frames' rewards (fewer when the episode ends inside it).
  if (settings.agent === 'dqn' && settings.values.frameSkip > 1) {
    const [lo, hi] = env.spec.rewardRange;
    const k = settings.values.frameSkip;
    ctx.rewardRange = [Math.min(lo, lo * k), Math.max(hi, hi * k)];
  }
  return ctx;
}

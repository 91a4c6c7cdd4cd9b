// What the health checks (src/diagnostics/health.ts) need to know about a run, from its config and its env;
// a check whose inputs are missing stays off. The training worker and the CLI both build it here.

import type { HealthContext } from '../diagnostics/health.ts';
import type { EnvSpec, Space } from '../envs/types.ts';
import { resolveAgentConfig } from './resolve.ts';
import type { RunConfig } from './run-config.ts';

/** The parts of a (vector) env the checks read: reward bounds and the action space (max entropy). */
export interface HealthEnvInfo {
  spec: EnvSpec;
  actionSpace: Space;
}

export function healthContext(config: RunConfig, env: HealthEnvInfo): HealthContext {
  const ctx: HealthContext = { rewardRange: env.spec.rewardRange, totalSteps: config.totalSteps };
  if (env.actionSpace.kind === 'discrete' && env.actionSpace.n > 1) ctx.maxEntropy = Math.log(env.actionSpace.n);
  try {
    const agent = resolveAgentConfig<{ gamma?: unknown; frameSkip?: unknown }>(config);
    if (typeof agent.gamma === 'number') ctx.gamma = agent.gamma;
    // A frame-skipped step sums up to frameSkip frames' rewards (fewer when the episode ends inside it).
    if (typeof agent.frameSkip === 'number' && agent.frameSkip > 1) {
      const [lo, hi] = env.spec.rewardRange;
      const k = agent.frameSkip;
      ctx.rewardRange = [Math.min(lo, lo * k), Math.max(hi, hi * k)];
    }
  } catch {
    // No config schema for this agent: the value-bound checks stay off.
  }
  return ctx;
}

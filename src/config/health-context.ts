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
    const gamma = resolveAgentConfig<{ gamma?: unknown }>(config).gamma;
    if (typeof gamma === 'number') ctx.gamma = gamma;
  } catch {
    // No config schema for this agent: the value-bound checks stay off.
  }
  return ctx;
}

// What the health checks (src/diagnostics/health.ts) need to know about a run; a check whose inputs
// are missing stays off.

import type { Agent } from '../agents/types.ts';
import { resolveAgentConfig } from '../config/resolve.ts';
import type { RunConfig } from '../config/run-config.ts';
import type { HealthContext } from '../diagnostics/health.ts';

export function healthContext(config: RunConfig, agent: Agent): HealthContext {
  const vec = agent.vecEnv;
  const ctx: HealthContext = { rewardRange: vec.spec.rewardRange, totalSteps: config.totalSteps };
  if (vec.actionSpace.kind === 'discrete' && vec.actionSpace.n > 1) ctx.maxEntropy = Math.log(vec.actionSpace.n);
  try {
    const gamma = resolveAgentConfig<{ gamma?: unknown }>(config).gamma;
    if (typeof gamma === 'number') ctx.gamma = gamma;
  } catch {
    // No config schema for this agent: the value-bound checks stay off.
  }
  return ctx;
}

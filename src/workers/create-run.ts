// One run assembly for the worker and the CLI: resolve the agent's settings once, build the agent,
// report the random-policy baseline and attach the health checks the run's config and env call for.
// The agent factory is passed in (agents/index.ts's createAgent), so this file stays free of tfjs.

import { randomPolicyReturn } from '../agents/random.ts';
import type { Agent, AgentContext } from '../agents/types.ts';
import { healthContext } from '../config/health-context.ts';
import { resolveSettings, type AgentSettings } from '../config/resolve.ts';
import type { RunConfig } from '../config/run-config.ts';
import { HealthMonitor } from '../diagnostics/health.ts';
import { METRIC } from '../diagnostics/metric-keys.ts';
import type { MetricSink } from '../diagnostics/sink.ts';

/** A sink the health monitor can be attached to (the worker's BatchingSink, the CLI's JSON-lines sink). */
export interface MonitoredSink extends MetricSink {
  monitor: HealthMonitor | null;
}

export interface Run {
  config: RunConfig;
  settings: AgentSettings;
  agent: Agent;
}

/**
 * Build a run: throws one Error listing every problem when the config is invalid. Pass `settings`
 * when the caller already resolved them (e.g. to pick the backend for the same networks).
 */
export type AgentFactory = (settings: AgentSettings, ctx: AgentContext) => Agent | Promise<Agent>;

export async function createRun(
  config: RunConfig,
  sink: MonitoredSink,
  opts: { createAgent: AgentFactory; onEnvStep?: AgentContext['onEnvStep']; imagination?: AgentContext['imagination']; settings?: AgentSettings },
): Promise<Run> {
  const settings = opts.settings ?? resolveSettings(config);
  sink.monitor = null;
  const agent = await opts.createAgent(settings, { config, sink, onEnvStep: opts.onEnvStep, imagination: opts.imagination });
  // The return chart's reference line: a uniformly random policy on the same env, once per run.
  sink.at(0, 0);
  sink.scalar(METRIC.randomBaseline, randomPolicyReturn(config.env, config.seed));
  sink.monitor = new HealthMonitor(healthContext(config, settings, agent.vecEnv));
  return { config, settings, agent };
}

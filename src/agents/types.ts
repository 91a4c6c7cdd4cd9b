// What the training worker and the CLI need from any agent. One file per algorithm implements it.

import type { RunConfig } from '../config/run-config.ts';
import type { MetricSink } from '../diagnostics/sink.ts';
import type { VectorEnv } from '../envs/vector-env.ts';

export interface AgentContext {
  config: RunConfig;
  sink: MetricSink;
  /** Called after every vectorised env step (the worker snapshots the watched sub-env here). Keep it cheap. */
  onEnvStep?: (vecEnv: VectorEnv, actions: ArrayLike<number>) => void;
}

export interface Agent {
  /** The vectorised env the agent acts in (the worker renders one of its sub-envs). */
  readonly vecEnv: VectorEnv;
  /** Env steps taken so far (summed over sub-envs). */
  readonly envSteps: number;
  /** Updates (gradient phases) done so far. */
  readonly updates: number;
  /** Metric keys this agent reports, known before training starts. */
  metricKeys(): string[];
  /** One iteration: collect experience and (if due) run one update, reporting metrics to the sink. */
  iterate(): Promise<void>;
  /** Free every tensor the agent owns. */
  dispose(): void;
  /**
   * The agent's resolved config. The agent reads every field its schema marks `live` from this object at
   * each update (never from a copy), so the trainer changes those mid-run by assigning to it.
   */
  readonly config: object;
  /**
   * Mean return of `episodes` episodes of the current policy acting deterministically (greedy) on a fresh
   * copy of the env seeded with `seed`, as SB3's evaluate_policy(deterministic=True); absent: not offered.
   */
  evaluate?(episodes: number, seed: number): Promise<number>;
}

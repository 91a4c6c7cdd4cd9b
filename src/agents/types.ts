// What the training worker and the CLI need from any agent. One file per algorithm implements it.

import type * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../config/run-config.ts';
import type { MetricSink } from '../diagnostics/sink.ts';
import type { ImaginationFrame } from '../diagnostics/imagination.ts';
import type { VectorEnv } from '../envs/vector-env.ts';

export interface AgentContext {
  config: RunConfig;
  sink: MetricSink;
  /**
   * Called after every vectorised env step (the worker snapshots the watched sub-env here). Keep it cheap.
   * `imagination`: what the model-based agent imagined when it chose these actions (while `imagination.on`).
   */
  onEnvStep?: (vecEnv: VectorEnv, actions: ArrayLike<number>, imagination?: ImaginationFrame | null) => void;
  /** Whether the UI shows the imagination view: the model-based agent records its planning for it only then. */
  imagination?: { readonly on: boolean };
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
  /** The trained policy, to save its networks (model-io.ts, tf.io) and watch it act greedily; absent: cannot be saved. */
  policy?(): SavablePolicy;
}

/** What saving and watching a trained agent need (saved-policy.ts builds one per network family). */
export interface SavablePolicy {
  /** The networks' variables, under their unique names (actor/0/w, q_network/2/b, …): the saved weights. */
  readonly variables: readonly tf.Variable[];
  /** State outside the networks that acting needs (observation-normaliser statistics), as plain numbers. */
  state(): Record<string, number[]>;
  /** Restore `state()` output; called after the variables were assigned (refreshes any JS copy of the weights). */
  restore(state: Record<string, number[]>): void;
  /** The greedy action for one raw observation into `out`: argmax (discrete) or the Gaussian mean clipped to the box. */
  act(obs: Float32Array, out: Float32Array): void;
}

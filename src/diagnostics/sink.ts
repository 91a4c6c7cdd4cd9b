// Where agents report what they measure. The CLI writes JSON lines; the worker batches for the UI.
// Pure interface: agents depend on it, never on a concrete transport.

import type { EpisodeStats } from '../envs/types.ts';

export interface MetricSink {
  /** Set the x position for the scalars and histograms that follow: env steps so far and updates so far. */
  at(envSteps: number, updates: number): void;
  /** One scalar point under a DIAGNOSTICS.md key (e.g. `losses/approx_kl`). Non-finite values are reported as they are. */
  scalar(key: string, value: number): void;
  /** A histogram snapshot of raw values (weights, gradients, activations, advantages, …); the sink bins them. */
  histogram(key: string, values: ArrayLike<number>): void;
  /** A finished episode (the sink also emits charts/episodic_return and charts/episodic_length). */
  episode(ep: EpisodeStats): void;
}

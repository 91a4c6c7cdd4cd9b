// The sinks of a seed swarm's extra seeds in the worker: one BatchingSink per seed (with its own health
// checks and random baseline, as createRun gives the run's own sink), drained into TrainerBatch.seeds.

import { randomPolicyReturn } from '../agents/random.ts';
import { healthContext } from '../config/health-context.ts';
import type { AgentSettings } from '../config/resolve.ts';
import type { RunConfig } from '../config/run-config.ts';
import { HealthMonitor } from '../diagnostics/health.ts';
import { METRIC } from '../diagnostics/metric-keys.ts';
import type { VectorEnv } from '../envs/vector-env.ts';
import { BatchingSink, type NonFinite } from './batching-sink.ts';
import type { SeedBatch } from './protocol.ts';

export class SeedSinks {
  readonly sinks: BatchingSink[];

  constructor(
    readonly seeds: readonly number[],
    wallS: () => number,
  ) {
    this.sinks = seeds.map(() => new BatchingSink(wallS));
  }

  /** Each seed's random-policy baseline and health checks, once its agent exists. */
  attach(config: RunConfig, settings: AgentSettings, vecEnv: VectorEnv): void {
    this.sinks.forEach((sink, i) => {
      const run = { ...config, seed: this.seeds[i] };
      sink.at(0, 0);
      sink.scalar(METRIC.randomBaseline, randomPolicyReturn(run.env, run.seed));
      sink.monitor = new HealthMonitor(healthContext(run, settings, vecEnv));
    });
  }

  /** Every seed's points at env steps ≤ limit; their buffers go to `transfer`. */
  drain(limit: number, transfer: Transferable[]): SeedBatch[] {
    return this.sinks.map((sink, i) => {
      const d = sink.drain(limit);
      transfer.push(...d.transfer);
      return { seed: this.seeds[i], scalars: d.scalars, histograms: d.histograms, episodes: d.episodes, alerts: d.alerts, episodesReleased: sink.releasedEpisodes };
    });
  }

  /** The first non-finite point of any seed since the last call. */
  takeNonFinite(): NonFinite | null {
    let first: NonFinite | null = null;
    for (const sink of this.sinks) first ??= sink.takeNonFinite();
    for (const sink of this.sinks) sink.takeNonFinite();
    return first;
  }
}

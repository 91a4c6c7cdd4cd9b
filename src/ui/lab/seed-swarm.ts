// The bug lab's seed swarms: an arm's extra seeds (beyond its first) of a healthy PPO config (any compute
// path) train in one worker as one seed swarm (src/agents/ppo-swarm.ts) instead of one
// worker each; every other run keeps a worker of its own. Each seed still lands in the MetricStore as its
// own run: the swarm's batch carries the other seeds' points (TrainerBatch.seeds), split here.

import { resolveSettings } from '../../config/resolve.ts';
import { swarmEligible } from '../../config/swarm.ts';
import type { RunConfig } from '../../config/run-config.ts';
import type { TrainerBatch } from '../../workers/protocol.ts';
import type { PlannedRun } from './experiment.ts';

/** Fewer seeds than this share nothing: one extra seed trains as a run of its own. */
const MIN_SWARM = 2;

/** Whether `config`'s seeds can train as one seed swarm (on whichever compute path the worker picks for it). */
export function swarmable(config: RunConfig): boolean {
  const settings = resolveSettings(config);
  return settings.agent === 'ppo' && swarmEligible(config, settings.values);
}

/**
 * The swarms of an experiment: for each arm whose config can swarm, its runs after its first seed, keyed
 * by the run id of the first of them (the leader, whose worker trains them all); the others follow it.
 */
export function planSwarms(planned: readonly PlannedRun[]): Map<string, PlannedRun[]> {
  const swarms = new Map<string, PlannedRun[]>();
  const armIds = [...new Set(planned.map((p) => p.arm.id))];
  for (const armId of armIds) {
    const runs = planned.filter((p) => p.arm.id === armId).slice(1);
    if (runs.length < MIN_SWARM || !swarmable(runs[0].config)) continue;
    swarms.set(runs[0].runId, runs.slice(1));
  }
  return swarms;
}

/** The run ids that follow a leader (no worker of their own), to the leader's id. */
export function swarmFollowers(swarms: ReadonlyMap<string, readonly PlannedRun[]>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [leader, followers] of swarms) for (const f of followers) out.set(f.runId, leader);
  return out;
}

/** The part of a swarm's batch that is its i-th extra seed's, as a batch of that seed's own run (null when absent). */
export function followerBatch(batch: TrainerBatch, i: number): TrainerBatch | null {
  const s = batch.seeds?.[i];
  if (!s) return null;
  return { scalars: s.scalars, histograms: s.histograms, frames: [], episodes: s.episodes, alerts: s.alerts, errors: [], status: { ...batch.status, episodes: s.episodesReleased } };
}

// The bug lab's seed swarms: when an experiment has more runs than workers, an arm's extra seeds (beyond
// its first) of a healthy PPO config (any compute path) train in one worker as one seed swarm
// (src/agents/ppo-swarm.ts), or in a few where workers are spare, instead of one worker each; every other
// run keeps a worker of its own. Each seed still lands in the MetricStore as its
// own run: the swarm's batch carries the other seeds' points (TrainerBatch.seeds), split here.

import { resolveSettings } from '../../config/resolve.ts';
import { swarmEligible } from '../../config/swarm.ts';
import type { RunConfig } from '../../config/run-config.ts';
import type { TrainerBatch } from '../../workers/protocol.ts';
import type { PlannedRun } from './experiment.ts';

/** An arm with fewer extra seeds than this shares nothing: one extra seed trains as a run of its own. */
const MIN_SWARM = 2;

/** Whether `config`'s seeds can train as one seed swarm (on whichever compute path the worker picks for it). */
export function swarmable(config: RunConfig): boolean {
  const settings = resolveSettings(config);
  return settings.agent === 'ppo' && swarmEligible(config, settings.values);
}

/**
 * The swarms of an experiment, keyed by each swarm's leader (the first of its runs, whose worker trains
 * them all); the others follow it. Only an arm whose config can swarm shares, and only its runs after its
 * first seed. A seed in a swarm costs about what it costs alone (on the js path a swarm is the seeds'
 * updates in turn, README "Seed swarm"), so workers on free cores beat a swarm: when every run fits in
 * `maxConcurrent` workers nobody shares; past that each arm's extra seeds go to as few swarms as bring the
 * experiment within its workers, and spare workers split the swarms again (the largest first).
 */
export function planSwarms(planned: readonly PlannedRun[], maxConcurrent = 2): Map<string, PlannedRun[]> {
  const swarms = new Map<string, PlannedRun[]>();
  if (planned.length <= maxConcurrent) return swarms;
  const armIds = [...new Set(planned.map((p) => p.arm.id))];
  const extras = armIds.map((armId) => planned.filter((p) => p.arm.id === armId).slice(1)).filter((runs) => runs.length >= MIN_SWARM && swarmable(runs[0].config));
  // One swarm per arm first: the fewest workers; then one more group where a worker is spare.
  const groups = extras.map(() => 1);
  let workers = planned.length - extras.reduce((n, runs) => n + runs.length - 1, 0);
  for (;;) {
    let widest = -1;
    for (let i = 0; i < extras.length; i++) if (groups[i] < extras[i].length && (widest < 0 || extras[i].length / groups[i] > extras[widest].length / groups[widest])) widest = i;
    if (widest < 0 || workers >= maxConcurrent) break;
    groups[widest]++;
    workers++;
  }
  extras.forEach((runs, i) => {
    for (let g = 0; g < groups[i]; g++) {
      const part = runs.slice(Math.round((g * runs.length) / groups[i]), Math.round(((g + 1) * runs.length) / groups[i]));
      if (part.length >= 2) swarms.set(part[0].runId, part.slice(1));
    }
  });
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

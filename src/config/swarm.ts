// Which runs the seed swarm (src/agents/ppo-swarm.ts: N seeds of one PPO config as one batched computation
// in one worker) can train exactly as one run per seed would. One definition, read by the swarm itself and
// by the bug lab when it decides whether its extra seeds share one worker or take one each.

import type { PpoConfig } from './ppo-config.ts';
import type { RunConfig } from './run-config.ts';

/** Why the swarm cannot train `run` as ppo.ts would, or null. Any `compute` passes: the swarm trains on the path ppo.ts picks (tfjs or js). */
export function swarmBlocker(run: Pick<RunConfig, 'agent' | 'bugs'>, c: Pick<PpoConfig, 'compute' | 'jsInference' | 'targetKl'>): string | null {
  if (run.agent !== 'ppo') return `agent ${run.agent}: the swarm is PPO only`;
  if (run.bugs.length > 0) return `bug toggles (${run.bugs.join(', ')}): the swarm trains the healthy config only`;
  if (!c.jsInference) return 'jsInference off: the swarm samples through each seed’s JS mirror';
  if (c.targetKl !== null) return 'target_kl: a per-seed early stop would break the batch';
  return null;
}

/** Whether the page may plan `run`'s extra seeds as one swarm: the worker resolves `compute: auto` as each seed's own run would. */
export function swarmEligible(run: Pick<RunConfig, 'agent' | 'bugs'>, c: Pick<PpoConfig, 'compute' | 'jsInference' | 'targetKl'>): boolean {
  return swarmBlocker(run, c) === null;
}

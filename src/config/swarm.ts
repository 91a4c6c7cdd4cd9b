// Which runs the seed swarm (src/agents/ppo-swarm.ts: N seeds of one PPO config as one batched computation
// in one worker) can train exactly as one run per seed would. One definition, read by the swarm itself and
// by the bug lab when it decides whether its extra seeds share one worker or take one each.

import type { PpoConfig } from './ppo-config.ts';
import type { RunConfig } from './run-config.ts';

/** Why the swarm cannot train `run` as ppo.ts would, or null. `compute: 'auto'` passes here; the worker checks what it picks. */
export function swarmBlocker(run: Pick<RunConfig, 'agent' | 'bugs'>, c: Pick<PpoConfig, 'compute' | 'jsInference' | 'targetKl'>): string | null {
  if (run.agent !== 'ppo') return `agent ${run.agent}: the swarm is PPO only`;
  if (run.bugs.length > 0) return `bug toggles (${run.bugs.join(', ')}): the swarm trains the healthy config only`;
  if (c.compute === 'js') return 'the js compute path: the swarm is the tfjs path';
  if (!c.jsInference) return 'jsInference off: the swarm samples through each seed’s JS mirror';
  if (c.targetKl !== null) return 'target_kl: a per-seed early stop would break the batch';
  return null;
}

/** Where the backend is not known yet (the page): only an explicit `compute: tfjs` is sure to stay on the tfjs path. */
export function swarmEligible(run: Pick<RunConfig, 'agent' | 'bugs'>, c: Pick<PpoConfig, 'compute' | 'jsInference' | 'targetKl'>): boolean {
  return swarmBlocker(run, c) === null && c.compute === 'tfjs';
}

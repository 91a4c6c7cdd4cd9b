// PPO's batch plumbing: the rollout as the update reads it, the seeded shuffle and the minibatch gather
// (CleanRL's b_inds / b_obs[mb_inds]), and the hand-rolled targets of the uninitialized_buffer bug.

import { normalizeAdvantages } from '../diagnostics/stats.ts';
import type { Xoshiro128 } from '../envs/rng.ts';
import type { GaeInput } from '../rl/returns.ts';
import type { ActionSpec } from './on-policy.ts';

/** One rollout's batch as the update reads it, time-major [T × N (× dim)]. */
export interface RolloutBatch {
  obs: Float32Array;
  actions: Float32Array;
  values: Float64Array;
  advantages: Float64Array;
  returns: Float64Array;
  /** log π_old(a|s) per sample, in rollout order; null until the update's first pass computes them. */
  logProbs: Float32Array | null;
}

/** One minibatch, gathered into arrays reused across the update: obs [M × D], actions one-hot [M × |A|] or [M × dim]. */
export interface Minibatch {
  readonly size: number;
  readonly obs: Float32Array;
  readonly actions: Float32Array;
  readonly logProbs: Float32Array;
  readonly advantages: Float32Array;
  readonly returns: Float32Array;
  readonly values: Float32Array;
}

export function createMinibatch(size: number, obsDim: number, space: ActionSpec): Minibatch {
  const column = (): Float32Array => new Float32Array(size);
  return { size, obs: new Float32Array(size * obsDim), actions: new Float32Array(size * space.size), logProbs: column(), advantages: column(), returns: column(), values: column() };
}

/** np.random.shuffle(b_inds): a seeded Fisher–Yates permutation of 0 … n − 1. */
export function permutation(n: number, rng: Xoshiro128): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.integers(i + 1);
    const tmp = p[i];
    p[i] = p[j];
    p[j] = tmp;
  }
  return p;
}

/**
 * Gather rows perm[start..start+M) of the batch into `mb`: observations and actions, and with `targets`
 * also π_old, advantages (normalised per minibatch when `targets.normalizeAdvantages`), returns and values.
 */
export function fillMinibatch(mb: Minibatch, batch: RolloutBatch, perm: Int32Array, start: number, space: ActionSpec, targets: { normalizeAdvantages: boolean } | null): void {
  const D = mb.obs.length / mb.size;
  const A = space.size;
  for (let j = 0; j < mb.size; j++) {
    const i = perm[start + j];
    mb.obs.set(batch.obs.subarray(i * D, (i + 1) * D), j * D);
    if (space.discrete) {
      mb.actions.fill(0, j * A, (j + 1) * A);
      mb.actions[j * A + batch.actions[i]] = 1;
    } else {
      mb.actions.set(batch.actions.subarray(i * A, (i + 1) * A), j * A);
    }
    if (targets) {
      mb.logProbs[j] = batch.logProbs![i];
      mb.advantages[j] = batch.advantages[i];
      mb.returns[j] = batch.returns[i];
      mb.values[j] = batch.values[i];
    }
  }
  if (targets?.normalizeAdvantages) normalizeAdvantages(mb.advantages, mb.advantages);
}

/** A copy of a rollout's batch that outlives the rollout buffers (stale_rollout keeps one for the next update). */
export function copyBatch(b: RolloutBatch): RolloutBatch {
  return {
    obs: b.obs.slice(),
    actions: b.actions.slice(),
    values: b.values.slice(),
    advantages: b.advantages.slice(),
    returns: b.returns.slice(),
    logProbs: b.logProbs === null ? null : b.logProbs.slice(),
  };
}

/**
 * uninitialized_buffer, the np.empty mistake: advantage and return buffers of `size` allocated once and never
 * cleared. np.empty hands back whatever the memory held; JS zero-fills typed arrays, so the leftovers are
 * emulated with this generator (values of any sign spanning 1e-2 … 1e3, as DQN's replay buffer does).
 */
export function uninitializedTargets(size: number, leftovers: Xoshiro128): { advantages: Float64Array; returns: Float64Array } {
  const junk = (): number => (leftovers.random() < 0.5 ? -1 : 1) * 10 ** leftovers.uniform(-2, 3);
  return { advantages: Float64Array.from({ length: size }, junk), returns: Float64Array.from({ length: size }, junk) };
}

/**
 * uninitialized_buffer: GAE written by hand into the reused buffers of `uninitializedTargets`, with the trace
 * read back from the buffer (A_t = δ_t + γλ·A_{t+1}) instead of a running scalar. Its episode-end branch
 * `continue`s ("nothing to bootstrap after a terminal state") before writing A_t = r_t − V(s_t) and R_t = r_t,
 * so those slots keep what an earlier rollout, or the allocation, left there, and the step before the
 * episode's end reads that stale value as its A_{t+1}. Elsewhere it equals computeGae.
 */
export function gaeSkippingEpisodeEnds(g: GaeInput, out: { advantages: Float64Array; returns: Float64Array }): { advantages: Float64Array; returns: Float64Array } {
  const { numSteps: T, numEnvs: N, rewards, values, nextValues, terminated, truncated, truncationValues, gamma, lambda } = g;
  const adv = out.advantages;
  const ret = out.returns;
  const cleanrl = g.variant === 'cleanrl';
  for (let e = 0; e < N; e++) {
    for (let t = T - 1; t >= 0; t--) {
      const i = t * N + e;
      if (terminated[i] || (cleanrl && truncated[i])) continue; // the forgotten write: adv[i] and ret[i] stay stale
      const cut = !cleanrl && truncated[i];
      const last = t === T - 1;
      const nextValue = cut ? truncationValues![i] : last ? nextValues[e] : values[i + N];
      const nextAdvantage = cut || last ? 0 : adv[i + N];
      adv[i] = rewards[i] + gamma * nextValue - values[i] + gamma * lambda * nextAdvantage;
      ret[i] = adv[i] + values[i];
    }
  }
  return out;
}

// VPG's episode storage: each sub-env stages its episode in progress in a trajectory, which is copied into
// the batch when the episode ends (Spinning Up's `finish_path`). Batch buffers are flat and episode-major:
// episode k occupies [start_k, start_k + length_k); they are reused across batches and grown when needed.

import { ensureCapacity } from './policy-dist.ts';

/** One complete episode in the batch buffers; `tail` is the return after its last step (critic units). */
export interface BatchEpisode {
  start: number;
  length: number;
  tail: number;
}

/** A sub-env's episode in progress: rows appended per step, copied into the batch when it ends. */
export interface Trajectory {
  obs: Float32Array;
  actions: Float32Array;
  logProbs: Float64Array;
  values: Float64Array;
  rewards: Float64Array;
  length: number;
}

/** The batch of whole episodes, episode-major; `returns` has room for the slot after the last episode. */
export interface EpisodeBatch {
  obs: Float32Array;
  actions: Float32Array;
  logProbs: Float64Array;
  values: Float64Array;
  rewards: Float64Array;
  returns: Float64Array;
  advantages: Float64Array;
  readonly episodes: BatchEpisode[];
  /** Steps in the batch. */
  size: number;
}

/** Buffers for `room` steps of observations [× obsDim] and actions [× actDim]. */
export function createTrajectory(room: number, obsDim: number, actDim: number): Trajectory {
  return { obs: new Float32Array(room * obsDim), actions: new Float32Array(room * actDim), logProbs: new Float64Array(room), values: new Float64Array(room), rewards: new Float64Array(room), length: 0 };
}

export function createEpisodeBatch(room: number, obsDim: number, actDim: number): EpisodeBatch {
  const { obs, actions, logProbs, values, rewards } = createTrajectory(room, obsDim, actDim);
  return { obs, actions, logProbs, values, rewards, returns: new Float64Array(room + 1), advantages: new Float64Array(room), episodes: [], size: 0 };
}

/** Append one step (its observation and sampled action rows, log π, V) to the trajectory; the reward is written after the env step. */
export function stageStep(traj: Trajectory, obs: Float32Array, action: Float32Array, logProb: number, value: number): void {
  const t = traj.length;
  if (t + 1 > traj.logProbs.length) {
    traj.obs = ensureCapacity(traj.obs, (t + 1) * obs.length);
    traj.actions = ensureCapacity(traj.actions, (t + 1) * action.length);
    traj.logProbs = ensureCapacity(traj.logProbs, t + 1);
    traj.values = ensureCapacity(traj.values, t + 1);
    traj.rewards = ensureCapacity(traj.rewards, t + 1);
  }
  traj.obs.set(obs, t * obs.length);
  traj.actions.set(action, t * action.length);
  traj.logProbs[t] = logProb;
  traj.values[t] = value;
  traj.length = t + 1;
}

/** Copy a finished episode from its trajectory into the batch (growing the buffers) and empty the trajectory. */
export function appendEpisode(b: EpisodeBatch, traj: Trajectory, tail: number, obsDim: number, actDim: number): void {
  const L = traj.length;
  const o = b.size;
  if (o + L + 1 > b.returns.length) {
    b.obs = ensureCapacity(b.obs, (o + L) * obsDim);
    b.actions = ensureCapacity(b.actions, (o + L) * actDim);
    b.logProbs = ensureCapacity(b.logProbs, o + L);
    b.values = ensureCapacity(b.values, o + L);
    b.rewards = ensureCapacity(b.rewards, o + L);
    b.advantages = ensureCapacity(b.advantages, o + L);
    b.returns = ensureCapacity(b.returns, o + L + 1);
  }
  b.obs.set(traj.obs.subarray(0, L * obsDim), o * obsDim);
  b.actions.set(traj.actions.subarray(0, L * actDim), o * actDim);
  b.logProbs.set(traj.logProbs.subarray(0, L), o);
  b.values.set(traj.values.subarray(0, L), o);
  b.rewards.set(traj.rewards.subarray(0, L), o);
  b.episodes.push({ start: o, length: L, tail });
  b.size = o + L;
  traj.length = 0;
}

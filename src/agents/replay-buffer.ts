// The experience replay memory of DQN, like Stable-Baselines3's ReplayBuffer (which CleanRL's
// dqn.py uses): a ring of preallocated typed arrays, one row per transition
// (obs, next_obs, action, reward, terminated), overwritten oldest-first once full, sampled
// uniformly with replacement from the filled rows only.
//
// `next_obs` is the observation the transition really led to: when an episode ends, the env's
// final observation (VectorEnv's finalObs), not the first observation of the next episode.
// `terminated` is the done mask of the TD target: a time-limit truncation is stored as 0
// (SB3 handle_timeout_termination), so the target still bootstraps from next_obs.
//
// The `uninitialized_buffer` bug lives here too (see ReplayBufferOptions.uninitialized); DqnAgent switches it on.
//
// Pure TypeScript: no tfjs, no DOM.

import type { Rng } from '../envs/rng.ts';

/** A sampled minibatch, row-major, reused between gradient steps. */
export interface ReplayBatch {
  readonly size: number;
  /** [size × obsDim] */
  readonly obs: Float32Array;
  /** [size × obsDim] */
  readonly nextObs: Float32Array;
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  /** 1 where the transition ended the episode by termination (not truncation). */
  readonly terminated: Float32Array;
}

export interface ReplayBufferOptions {
  /**
   * uninitialized_buffer, the np.empty mistake: the rows are not zeroed, so until a row is written it
   * holds whatever a previous allocation left in that memory, and the sampler draws with an inclusive
   * upper bound (Python's random.randint(0, pos) where np.random.randint(0, pos) was meant), so the
   * never-written row `pos` is sampled now and then. JS always zero-fills typed arrays: the leftovers
   * are emulated with this generator in the float columns (values of any sign spanning 1e-2 … 1e3);
   * actions and flags stay 0 so that a leftover row is still a valid index.
   */
  uninitialized?: Rng;
}

export class ReplayBuffer {
  readonly capacity: number;
  readonly obsDim: number;
  /** [capacity × obsDim] */
  readonly observations: Float32Array;
  /** [capacity × obsDim] */
  readonly nextObservations: Float32Array;
  readonly actions: Int32Array;
  readonly rewards: Float32Array;
  readonly terminated: Uint8Array;
  /** Row the next transition is written to. */
  private pos = 0;
  private full = false;
  /** uninitialized_buffer: sample with an inclusive upper bound while filling. */
  private readonly inclusiveUpperBound: boolean;

  constructor(capacity: number, obsDim: number, options: ReplayBufferOptions = {}) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`ReplayBuffer: capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.obsDim = obsDim;
    this.observations = new Float32Array(capacity * obsDim);
    this.nextObservations = new Float32Array(capacity * obsDim);
    this.actions = new Int32Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.terminated = new Uint8Array(capacity);
    const leftovers = options.uninitialized;
    this.inclusiveUpperBound = leftovers !== undefined;
    // BUG uninitialized_buffer: the float columns start as leftovers of any sign and scale instead of zeros.
    if (leftovers !== undefined) {
      const junk = (): number => (leftovers.random() < 0.5 ? -1 : 1) * 10 ** leftovers.uniform(-2, 3);
      for (const column of [this.observations, this.nextObservations, this.rewards]) for (let i = 0; i < column.length; i++) column[i] = junk();
    }
  }

  /** Transitions stored (≤ capacity). */
  get size(): number {
    return this.full ? this.capacity : this.pos;
  }

  /** Row the next add() writes (the oldest row once the buffer is full). */
  get position(): number {
    return this.pos;
  }

  /** Store one transition; obs and nextObs are read at their offsets (obsDim numbers each). */
  add(obs: ArrayLike<number>, obsOffset: number, nextObs: ArrayLike<number>, nextObsOffset: number, action: number, reward: number, terminated: boolean): void {
    const D = this.obsDim;
    const row = this.pos * D;
    for (let k = 0; k < D; k++) {
      this.observations[row + k] = obs[obsOffset + k];
      this.nextObservations[row + k] = nextObs[nextObsOffset + k];
    }
    this.actions[this.pos] = action;
    this.rewards[this.pos] = reward;
    this.terminated[this.pos] = terminated ? 1 : 0;
    this.pos++;
    if (this.pos === this.capacity) {
      this.full = true;
      this.pos = 0;
    }
  }

  /** n row indices drawn uniformly with replacement from the filled rows (SB3: upper_bound = buffer_size if full else pos). */
  sampleIndices(n: number, rng: Rng, out: Int32Array = new Int32Array(n)): Int32Array {
    // BUG uninitialized_buffer: + 1 while filling, so row `pos` (not written yet) can be drawn.
    const upper = this.full ? this.capacity : this.pos + (this.inclusiveUpperBound ? 1 : 0);
    if (this.size === 0) throw new Error('ReplayBuffer: cannot sample from an empty buffer');
    for (let i = 0; i < n; i++) out[i] = rng.integers(upper);
    return out;
  }

  /** Copy the rows `indices` into `batch` (batch.size rows). */
  gather(indices: ArrayLike<number>, batch: ReplayBatch): void {
    const D = this.obsDim;
    for (let j = 0; j < batch.size; j++) {
      const i = indices[j];
      batch.obs.set(this.observations.subarray(i * D, (i + 1) * D), j * D);
      batch.nextObs.set(this.nextObservations.subarray(i * D, (i + 1) * D), j * D);
      batch.actions[j] = this.actions[i];
      batch.rewards[j] = this.rewards[i];
      batch.terminated[j] = this.terminated[i];
    }
  }
}

/** Storage for a minibatch of `size` transitions. */
export function allocateBatch(size: number, obsDim: number): ReplayBatch {
  return {
    size,
    obs: new Float32Array(size * obsDim),
    nextObs: new Float32Array(size * obsDim),
    actions: new Int32Array(size),
    rewards: new Float32Array(size),
    terminated: new Float32Array(size),
  };
}

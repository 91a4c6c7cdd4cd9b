// N copies of one env stepped in lockstep, like Gymnasium 0.29's SyncVectorEnv wrapped in
// RecordEpisodeStatistics (the setup CleanRL uses):
//   * reset(seed) resets sub-env i with seed + i;
//   * same-step autoreset: when a sub-env finishes, the obs returned for it is already the first
//     obs of its next episode, and finalObs[i] holds the true last obs (to bootstrap through a
//     truncation);
//   * each finished episode is reported with its return, length, flags and solved condition.
//
// Speed: step() writes into typed arrays owned by the VectorEnv and returns the same result
// object every time. Callers that keep obs/rewards/terminated/truncated/finalObs past the next
// step must copy them (the Float32Arrays inside finalObs and the episodes array are fresh each
// step and may be kept as they are).

import type { FastEnv } from './core.ts';
import { envSpec } from './registry.ts';
import { makeEnv, type MakeEnvOptions } from './make-env.ts';
import type { BoxSpace, EnvId, EnvSpec, EpisodeStats, Space } from './types.ts';

export interface VectorStepResult {
  /** numEnvs × obsDim, row-major; a finished sub-env's row is already its reset obs. */
  obs: Float32Array;
  rewards: Float64Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  /** The true last obs of sub-envs that finished this step; null for the others. */
  finalObs: (Float32Array | null)[];
  /** Episodes that finished this step, in sub-env order. */
  episodes: EpisodeStats[];
}

export class VectorEnv {
  readonly id: EnvId;
  readonly numEnvs: number;
  readonly obsDim: number;
  /** Components of one sub-env's action: 1 for discrete envs (one integer each). */
  readonly actDim: number;
  readonly envs: FastEnv[];
  readonly spec: EnvSpec;
  /** Spaces of a single sub-env. */
  readonly observationSpace: BoxSpace;
  readonly actionSpace: Space;

  private readonly result: VectorStepResult;
  private readonly returns: Float64Array;
  private readonly lengths: Int32Array;
  /** One scratch action per sub-env for continuous envs with more than one action component. */
  private readonly actionScratch: Float32Array[];
  private isReset = false;

  constructor(id: EnvId, numEnvs: number, envOptions: MakeEnvOptions = {}) {
    if (!Number.isInteger(numEnvs) || numEnvs < 1) {
      throw new Error(`VectorEnv(${id}): numEnvs must be a positive integer; got ${numEnvs}`);
    }
    this.id = id;
    this.numEnvs = numEnvs;
    this.spec = envSpec(id);
    this.envs = [];
    for (let i = 0; i < numEnvs; i++) this.envs.push(makeEnv(id, envOptions));
    const first = this.envs[0];
    this.obsDim = first.obsDim;
    this.actDim = first.actDim;
    this.observationSpace = first.observationSpace;
    this.actionSpace = first.actionSpace;
    this.returns = new Float64Array(numEnvs);
    this.lengths = new Int32Array(numEnvs);
    this.actionScratch = this.envs.map(() => new Float32Array(this.actDim));
    this.result = {
      obs: new Float32Array(numEnvs * this.obsDim),
      rewards: new Float64Array(numEnvs),
      terminated: new Uint8Array(numEnvs),
      truncated: new Uint8Array(numEnvs),
      finalObs: new Array<Float32Array | null>(numEnvs).fill(null),
      episodes: [],
    };
  }

  /** Resets every sub-env (sub-env i with seed + i when a seed is given); returns the shared obs buffer. */
  reset(seed?: number): Float32Array {
    const obs = this.result.obs;
    for (let i = 0; i < this.numEnvs; i++) {
      this.envs[i].resetInto(seed === undefined ? undefined : { seed: seed + i }, obs, i * this.obsDim);
    }
    this.returns.fill(0);
    this.lengths.fill(0);
    this.isReset = true;
    return obs;
  }

  /**
   * Steps every sub-env. actions: one integer per sub-env (discrete) or numEnvs × actDim numbers
   * (continuous, row-major). Returns the shared result object (see the file comment).
   */
  step(actions: ArrayLike<number>): VectorStepResult {
    if (!this.isReset) throw new Error(`VectorEnv(${this.id}): step() called before reset()`);
    const { numEnvs, obsDim, actDim } = this;
    if (actions.length !== numEnvs * actDim) {
      throw new Error(
        `VectorEnv(${this.id}): expected ${numEnvs * actDim} actions (${numEnvs} envs × ${actDim}); got ${actions.length}`,
      );
    }
    this.checkActions(actions);
    const { obs, rewards, terminated, truncated, finalObs } = this.result;
    let episodes: EpisodeStats[] | null = null;
    for (let i = 0; i < numEnvs; i++) {
      const env = this.envs[i];
      const offset = i * obsDim;
      let action: number | Float32Array;
      if (actDim === 1) action = actions[i];
      else {
        action = this.actionScratch[i];
        for (let k = 0; k < actDim; k++) action[k] = actions[i * actDim + k];
      }
      const reward = env.stepInto(action, obs, offset);
      const term = env.lastTerminated;
      const trunc = env.lastTruncated;
      rewards[i] = reward;
      terminated[i] = term ? 1 : 0;
      truncated[i] = trunc ? 1 : 0;
      this.returns[i] += reward;
      // Episode length in frames of the env (a FrameSkip step is several), as the solved conditions count it.
      this.lengths[i] += env.lastFrames ?? 1;
      if (term || trunc) {
        finalObs[i] = obs.slice(offset, offset + obsDim);
        const episode: EpisodeStats = {
          envIndex: i,
          return: this.returns[i],
          length: this.lengths[i],
          terminated: term,
          truncated: trunc,
          solved: false,
        };
        episode.solved = this.spec.solved(episode);
        (episodes ??= []).push(episode);
        this.returns[i] = 0;
        this.lengths[i] = 0;
        env.resetInto(undefined, obs, offset);
      } else {
        finalObs[i] = null;
      }
    }
    this.result.episodes = episodes ?? [];
    return this.result;
  }

  /** Validates every action before any sub-env steps, so that a bad batch changes nothing. */
  private checkActions(actions: ArrayLike<number>): void {
    const space = this.actionSpace;
    for (let j = 0; j < actions.length; j++) {
      const a = actions[j];
      const ok =
        space.kind === 'discrete'
          ? Number.isInteger(a) && a >= 0 && a < space.n
          : typeof a === 'number' && Number.isFinite(a);
      if (!ok) {
        const allowed = space.kind === 'discrete' ? `an integer in {0, …, ${space.n - 1}}` : 'a finite number';
        throw new Error(
          `VectorEnv(${this.id}): invalid action ${String(a)} for sub-env ${Math.floor(j / this.actDim)}; expected ${allowed}`,
        );
      }
    }
  }

  /** Return so far of sub-env i's current episode. */
  episodeReturn(i: number): number {
    return this.returns[i];
  }

  /** Steps so far of sub-env i's current episode. */
  episodeLength(i: number): number {
    return this.lengths[i];
  }
}

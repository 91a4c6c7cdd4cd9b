// Running statistics over a stream of batches, exactly as Gymnasium's wrappers compute them:
// RunningMeanStd (gymnasium/wrappers/utils.py), NormalizeReward and NormalizeObservation
// (gymnasium/wrappers/normalize.py, v0.29, the version CleanRL runs).

import type { Flags } from './returns.ts';

/**
 * Per-dimension running mean and variance (population, ddof 0), merged batch by batch with the parallel
 * algorithm (Chan et al.; gymnasium/wrappers/utils.py `update_mean_var_count_from_moments`):
 *   δ = batch_mean − mean,  tot = count + batch_count
 *   mean' = mean + δ·batch_count/tot
 *   var'  = (var·count + batch_var·batch_count + δ²·count·batch_count/tot) / tot
 * Starts at mean 0, var 1, count = epsilon (1e-4), like Gymnasium, so the first batch dominates.
 */
export class RunningMeanStd {
  /** Number of dimensions (1 for a scalar stream). */
  readonly dim: number;
  readonly mean: Float64Array;
  readonly var: Float64Array;
  count: number;

  constructor(dim = 1, epsilon = 1e-4) {
    this.dim = dim;
    this.mean = new Float64Array(dim);
    this.var = new Float64Array(dim).fill(1);
    this.count = epsilon;
  }

  /** Merge a batch of `batch.length / dim` rows ([B × dim], row-major): np.mean / np.var over axis 0. */
  update(batch: ArrayLike<number>): void {
    const d = this.dim;
    if (batch.length === 0) return;
    if (batch.length % d !== 0) throw new Error(`batch of ${batch.length} values is not rows of ${d}`);
    const rows = batch.length / d;
    const bMean = new Float64Array(d);
    const bVar = new Float64Array(d);
    for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) bMean[j] += batch[r * d + j];
    for (let j = 0; j < d; j++) bMean[j] /= rows;
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < d; j++) {
        const x = batch[r * d + j] - bMean[j];
        bVar[j] += x * x;
      }
    for (let j = 0; j < d; j++) bVar[j] /= rows;
    this.updateFromMoments(bMean, bVar, rows);
  }

  /** Merge a batch given by its per-dimension mean, population variance and size. */
  updateFromMoments(batchMean: ArrayLike<number>, batchVar: ArrayLike<number>, batchCount: number): void {
    const tot = this.count + batchCount;
    for (let j = 0; j < this.dim; j++) {
      const delta = batchMean[j] - this.mean[j];
      const m2 = this.var[j] * this.count + batchVar[j] * batchCount + (delta * delta * this.count * batchCount) / tot;
      this.mean[j] += (delta * batchCount) / tot;
      this.var[j] = m2 / tot;
    }
    this.count = tot;
  }
}

/**
 * Reward scaling of Gymnasium's NormalizeReward (1.x, gymnasium/wrappers/stateful_reward.py and its vector
 * form), per sub-env:
 *   G ← G·γ·(1 − terminated) + r;  return_rms.update(G over sub-envs);  r' = r / sqrt(return_rms.var + ε).
 * As there, a termination clears G at the terminal step itself and a truncation does not clear it at all
 * (old gym reset G after either, after the update). The reward is divided, never centred (openai/baselines#538).
 * With numEnvs = 1 per instance this is CleanRL's per-env wrapper; one shared instance over N sub-envs is
 * Gymnasium's vector-env form.
 */
export class ReturnNormalizer {
  readonly returnRms = new RunningMeanStd(1);
  /** Running discounted return per sub-env. */
  readonly returns: Float64Array;
  /** Set false to freeze the statistics (evaluation). */
  updateStats = true;

  constructor(
    readonly numEnvs = 1,
    readonly gamma = 0.99,
    readonly epsilon = 1e-8,
  ) {
    this.returns = new Float64Array(numEnvs);
  }

  /** The divisor sqrt(var + ε): multiply a value predicted in normalised units by it to get return units. */
  get scale(): number {
    return Math.sqrt(this.returnRms.var[0] + this.epsilon);
  }

  /** Scale one vector step's rewards ([N]) and advance the running returns. Truncation flags are not read (see above). */
  normalize<A extends Float32Array | Float64Array = Float64Array>(rewards: ArrayLike<number>, terminated: Flags, _truncated?: Flags, out?: A): A {
    const n = this.numEnvs;
    if (rewards.length !== n) throw new Error(`ReturnNormalizer for ${n} envs got ${rewards.length} rewards`);
    const res = (out ?? new Float64Array(n)) as A;
    for (let e = 0; e < n; e++) this.returns[e] = this.returns[e] * this.gamma * (terminated[e] ? 0 : 1) + rewards[e];
    if (this.updateStats) this.returnRms.update(this.returns);
    const s = this.scale;
    for (let e = 0; e < n; e++) res[e] = rewards[e] / s;
    return res;
  }
}

/**
 * Observation normalisation of Gymnasium's NormalizeObservation followed by CleanRL's clip to ±10
 * (cleanrl/ppo_continuous_action.py): update the running stats with the batch, then
 * obs' = clip((obs − mean) / sqrt(var + ε), −clip, clip).
 */
export class ObsNormalizer {
  readonly rms: RunningMeanStd;
  /** Set false to freeze the statistics (evaluation). */
  updateStats = true;

  constructor(
    readonly obsDim: number,
    readonly epsilon = 1e-8,
    readonly clip = 10,
  ) {
    this.rms = new RunningMeanStd(obsDim);
  }

  /** Normalise a batch [B × obsDim] (row-major), updating the statistics first (as Gymnasium does). */
  normalize<A extends Float32Array | Float64Array = Float32Array>(obs: ArrayLike<number>, out?: A): A {
    if (this.updateStats) this.rms.update(obs);
    const d = this.obsDim;
    const res = (out ?? new Float32Array(obs.length)) as A;
    const c = this.clip;
    for (let i = 0; i < obs.length; i++) {
      const j = i % d;
      const z = (obs[i] - this.rms.mean[j]) / Math.sqrt(this.rms.var[j] + this.epsilon);
      res[i] = z > c ? c : z < -c ? -c : z;
    }
    return res;
  }
}

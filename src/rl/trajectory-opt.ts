// Trajectory optimisers for model-predictive control, pure arithmetic over Float64Arrays: the
// cross-entropy method as mbrl-lib's CEMOptimizer implements it (mbrl/planning/trajectory_opt.py,
// "CEM_PETS" of Pinneri et al. 2020 §2.1) and random shooting, plus mbrl-lib's TrajectoryOptimizer
// warm start (the previous solution shifted by one step, the new last step at the bounds' midpoint).
//
// A candidate is an action sequence [H × A] (row-major, step-major); a population is N of them,
// [N × H × A]. `evaluate(population, n, values)` writes each candidate's objective into values[0..n).

/** The draws the optimisers need (src/envs/rng.ts's seeded generators provide them). */
export interface Rng {
  normal(): number;
  uniform(low: number, high: number): number;
}

export type Evaluate = (population: Float64Array, n: number, values: Float64Array) => void;

export interface TrajectoryOptOptions {
  horizon: number;
  actDim: number;
  /** Per action component bounds (length actDim). */
  low: ArrayLike<number>;
  high: ArrayLike<number>;
  population: number;
  /** Elites kept each iteration (mbrl-lib: ceil(population · elite_ratio)). */
  elites: number;
  /** CEM iterations (generations); random shooting samples once. */
  iterations: number;
  /** Momentum of the mean and variance updates: new = α·old + (1 − α)·elite statistic. */
  alpha: number;
  /** Initial per-component variance of each iteration's first generation; null: (high − low)² / 16 (mbrl-lib). */
  initialVariance: number | null;
  /** Return the elites' mean of the last iteration (mbrl-lib PETS: return_mean_elites) instead of the best candidate seen. */
  returnMeanElites: boolean;
}

/** What one optimisation produced, kept for diagnostics (the population of the last iteration). */
export interface PlanResult {
  /** The chosen action sequence [H × A]. */
  plan: Float64Array;
  /** Best objective value seen over all iterations. */
  bestValue: number;
  /** The last generation [N × H × A] and its values [N] (views into the optimiser's buffers). */
  population: Float64Array;
  values: Float64Array;
  /** Indices of the last generation's elites, best first. */
  eliteIdx: Int32Array;
}

/** Standard normal truncated to ±2σ by resampling, as mbrl-lib's truncated_normal_. */
export function truncatedNormal(rng: Rng): number {
  for (;;) {
    const z = rng.normal();
    if (z >= -2 && z <= 2) return z;
  }
}

/** Indices of the k largest values, largest first (NaN counts as −1e-10, as mbrl-lib filters it). */
export function topK(values: Float64Array, n: number, k: number, out: Int32Array): void {
  const order = Array.from({ length: n }, (_, i) => i);
  const v = (i: number): number => (Number.isNaN(values[i]) ? -1e-10 : values[i]);
  order.sort((a, b) => v(b) - v(a) || a - b);
  for (let i = 0; i < k; i++) out[i] = order[i];
}

export class TrajectoryOptimizer {
  readonly opts: TrajectoryOptOptions;
  /** Current warm start [H × A]: the previous solution shifted by one step. */
  readonly previous: Float64Array;
  private readonly dim: number;
  private readonly midpoint: Float64Array;
  private readonly pop: Float64Array;
  private readonly values: Float64Array;
  private readonly eliteIdx: Int32Array;
  private readonly mean: Float64Array;
  private readonly variance: Float64Array;
  private readonly lowAt: Float64Array;
  private readonly highAt: Float64Array;

  constructor(opts: TrajectoryOptOptions) {
    if (opts.elites < 1 || opts.elites > opts.population) throw new Error(`elites (${opts.elites}) must be in [1, population = ${opts.population}]`);
    this.opts = opts;
    const { horizon: H, actDim: A } = opts;
    this.dim = H * A;
    this.midpoint = new Float64Array(A);
    for (let a = 0; a < A; a++) this.midpoint[a] = (opts.low[a] + opts.high[a]) / 2;
    this.lowAt = new Float64Array(this.dim);
    this.highAt = new Float64Array(this.dim);
    for (let i = 0; i < this.dim; i++) {
      this.lowAt[i] = opts.low[i % A];
      this.highAt[i] = opts.high[i % A];
    }
    this.previous = new Float64Array(this.dim);
    this.pop = new Float64Array(opts.population * this.dim);
    this.values = new Float64Array(opts.population);
    this.eliteIdx = new Int32Array(opts.elites);
    this.mean = new Float64Array(this.dim);
    this.variance = new Float64Array(this.dim);
    this.reset();
  }

  /** Forget the previous solution (a new episode): every step at the bounds' midpoint. */
  reset(): void {
    for (let i = 0; i < this.dim; i++) this.previous[i] = this.midpoint[i % this.opts.actDim];
  }

  /** Warm start for the next call: drop the first step, append the midpoint (mbrl-lib keep_last_solution). */
  shift(solution: Float64Array): void {
    const A = this.opts.actDim;
    this.previous.set(solution.subarray(A));
    for (let a = 0; a < A; a++) this.previous[this.dim - A + a] = this.midpoint[a];
  }

  /** CEM from the warm start, then shift the solution into the next warm start. */
  cem(evaluate: Evaluate, rng: Rng): PlanResult {
    const { population: N, elites: E, iterations, alpha, initialVariance } = this.opts;
    const D = this.dim;
    const { pop, values, eliteIdx, mean, variance, lowAt, highAt } = this;
    mean.set(this.previous);
    for (let i = 0; i < D; i++) variance[i] = initialVariance ?? ((highAt[i] - lowAt[i]) ** 2) / 16;
    const best = new Float64Array(D);
    let bestValue = -Infinity;
    for (let it = 0; it < iterations; it++) {
      // Sample: mean + √(constrained var)·z, z ~ N(0, 1) truncated to ±2, so every sample stays in bounds.
      for (let i = 0; i < D; i++) {
        const lb = (mean[i] - lowAt[i]) / 2;
        const ub = (highAt[i] - mean[i]) / 2;
        const sd = Math.sqrt(Math.min(lb * lb, ub * ub, variance[i]));
        for (let n = 0; n < N; n++) pop[n * D + i] = mean[i] + sd * truncatedNormal(rng);
      }
      evaluate(pop, N, values);
      topK(values, N, E, eliteIdx);
      if (values[eliteIdx[0]] > bestValue) {
        bestValue = values[eliteIdx[0]];
        best.set(pop.subarray(eliteIdx[0] * D, eliteIdx[0] * D + D));
      }
      // Refit to the elites (unbiased variance, torch.var), smoothed by α.
      for (let i = 0; i < D; i++) {
        let m = 0;
        for (let e = 0; e < E; e++) m += pop[eliteIdx[e] * D + i];
        m /= E;
        let v = 0;
        for (let e = 0; e < E; e++) v += (pop[eliteIdx[e] * D + i] - m) ** 2;
        v = E > 1 ? v / (E - 1) : 0;
        mean[i] = alpha * mean[i] + (1 - alpha) * m;
        variance[i] = alpha * variance[i] + (1 - alpha) * v;
      }
    }
    const plan = this.opts.returnMeanElites ? Float64Array.from(mean) : best;
    this.shift(plan);
    return { plan, bestValue, population: pop, values, eliteIdx };
  }

  /** Random shooting: one generation uniform in the bounds; the best candidate wins (no warm start). */
  randomShooting(evaluate: Evaluate, rng: Rng): PlanResult {
    const { population: N, elites: E } = this.opts;
    const D = this.dim;
    const { pop, values, eliteIdx, lowAt, highAt } = this;
    for (let n = 0; n < N; n++) for (let i = 0; i < D; i++) pop[n * D + i] = rng.uniform(lowAt[i], highAt[i]);
    evaluate(pop, N, values);
    topK(values, N, E, eliteIdx);
    const plan = pop.slice(eliteIdx[0] * D, eliteIdx[0] * D + D);
    this.shift(plan);
    return { plan, bestValue: values[eliteIdx[0]], population: pop, values, eliteIdx };
  }
}

// Scalar statistics of a batch: the PPO diagnostics of cleanrl/ppo.py, entropies, summaries.
// All arithmetic is float64; inputs are any ArrayLike<number> (Float32Array from tensors, arrays in tests).
// Summaries propagate NaN: one NaN in, NaN out, so a broken batch cannot look healthy.

/** mean(x); NaN for an empty input. */
export function mean(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  return s / n;
}

/**
 * Variance with `ddof` delta degrees of freedom: Σ(x − x̄)² / (n − ddof).
 * ddof 0 is numpy's np.var default (used by CleanRL's explained variance); ddof 1 is torch's .std() default.
 * Two-pass for accuracy. NaN when n ≤ ddof.
 */
export function variance(x: ArrayLike<number>, ddof = 0): number {
  const n = x.length;
  if (n - ddof <= 0) return NaN;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    s += d * d;
  }
  return s / (n - ddof);
}

/** Standard deviation: sqrt(variance(x, ddof)). */
export function std(x: ArrayLike<number>, ddof = 0): number {
  return Math.sqrt(variance(x, ddof));
}

/** Smallest value; NaN if empty or any value is NaN. */
export function min(x: ArrayLike<number>): number {
  if (x.length === 0) return NaN;
  let m = Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) return NaN;
    if (v < m) m = v;
  }
  return m;
}

/** Largest value; NaN if empty or any value is NaN. */
export function max(x: ArrayLike<number>): number {
  if (x.length === 0) return NaN;
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== v) return NaN;
    if (v > m) m = v;
  }
  return m;
}

/** Median (mean of the two middle values for even n, as numpy); copies and sorts, O(n log n). NaN if empty or any NaN. */
export function median(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return NaN;
  const sorted = Float64Array.from(x as ArrayLike<number>).sort();
  if (sorted[n - 1] !== sorted[n - 1]) return NaN; // typed-array sort puts NaN last
  const h = n >> 1;
  return n % 2 === 1 ? sorted[h] : 0.5 * (sorted[h - 1] + sorted[h]);
}

/** The five numbers a noisy batch is drawn with (band = mean ± std, whiskers = min/max). std is ddof 0. */
export interface Summary {
  count: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  median: number;
}

/** mean / std (ddof 0) / min / max / median of a batch. */
export function summarize(x: ArrayLike<number>): Summary {
  return { count: x.length, mean: mean(x), std: std(x), min: min(x), max: max(x), median: median(x) };
}

/**
 * Advantage normalisation as cleanrl/ppo.py: (A − mean(A)) / (std(A) + eps), torch's std (ddof 1).
 * A single-element batch gives NaN there (torch's std of one value); here it gives 0 (std taken as 0).
 */
export function normalizeAdvantages<A extends Float32Array | Float64Array = Float64Array>(
  advantages: ArrayLike<number>,
  out?: A,
  eps = 1e-8,
): A {
  const n = advantages.length;
  const res = (out ?? new Float64Array(n)) as A;
  const m = mean(advantages);
  const s = n > 1 ? std(advantages, 1) : 0;
  for (let i = 0; i < n; i++) res[i] = (advantages[i] - m) / (s + eps);
  return res;
}

/**
 * k3 estimator of KL(π_old ‖ π_new) from log r = log π_new − log π_old (http://joschu.net/blog/kl-approx.html):
 *   approx_kl = mean((r − 1) − log r), cleanrl/ppo.py `approx_kl`. Each term is ≥ 0, so the mean is ≥ 0.
 */
export function approxKl(logratio: ArrayLike<number>): number {
  const n = logratio.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const lr = logratio[i];
    // expm1 keeps (r − 1) accurate for r ≈ 1, where the two terms nearly cancel.
    s += Math.expm1(lr) - lr;
  }
  return s / n;
}

/** k1 estimator: old_approx_kl = mean(−log r), cleanrl/ppo.py `old_approx_kl`; unbiased but can be negative. */
export function oldApproxKl(logratio: ArrayLike<number>): number {
  const n = logratio.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s -= logratio[i];
  return s / n;
}

/** Fraction of samples whose ratio left the trust region: mean(|r − 1| > ε), cleanrl/ppo.py `clipfracs`. */
export function clipFraction(ratio: ArrayLike<number>, clipCoef: number): number {
  const n = ratio.length;
  if (n === 0) return NaN;
  let c = 0;
  for (let i = 0; i < n; i++) if (Math.abs(ratio[i] - 1) > clipCoef) c++;
  return c / n;
}

/**
 * Explained variance as cleanrl/ppo.py: var_y = np.var(y_true); NaN if var_y == 0 else 1 − np.var(y_true − y_pred)/var_y
 * (ddof 0). 1: perfect; 0: no better than predicting the mean; < 0: worse than that.
 */
export function explainedVariance(yPred: ArrayLike<number>, yTrue: ArrayLike<number>): number {
  const n = yTrue.length;
  if (yPred.length !== n) throw new Error(`explainedVariance: ${yPred.length} predictions for ${n} targets`);
  const varY = variance(yTrue);
  if (varY === 0 || Number.isNaN(varY)) return NaN;
  const diff = new Float64Array(n);
  for (let i = 0; i < n; i++) diff[i] = yTrue[i] - yPred[i];
  return 1 - variance(diff) / varY;
}

/**
 * Entropy of each categorical distribution given by a row of logits ([B × numActions], row-major):
 * H = −Σ p·log p with log p = logits − logsumexp(logits) (max-shifted, so huge logits are safe).
 * Rows with p = 0 contribute 0 (the limit p·log p → 0), as torch.distributions.Categorical.
 */
export function categoricalEntropies(logits: ArrayLike<number>, numActions: number, out?: Float64Array): Float64Array {
  if (numActions < 1 || logits.length % numActions !== 0) throw new Error(`${logits.length} logits do not form rows of ${numActions}`);
  const rows = logits.length / numActions;
  const res = out ?? new Float64Array(rows);
  for (let b = 0; b < rows; b++) {
    const o = b * numActions;
    let m = -Infinity;
    for (let a = 0; a < numActions; a++) if (logits[o + a] > m) m = logits[o + a];
    let z = 0;
    for (let a = 0; a < numActions; a++) z += Math.exp(logits[o + a] - m);
    const logZ = m + Math.log(z);
    let h = 0;
    for (let a = 0; a < numActions; a++) {
      const logP = logits[o + a] - logZ;
      const p = Math.exp(logP);
      if (p > 0) h -= p * logP;
    }
    res[b] = h;
  }
  return res;
}

/** Mean categorical entropy over the rows of logits ([B × numActions]; numActions defaults to one row). Max is ln N. */
export function categoricalEntropy(logits: ArrayLike<number>, numActions = logits.length): number {
  return mean(categoricalEntropies(logits, numActions));
}

/** ½·(1 + ln 2π): differential entropy of a unit-variance normal, per dimension (≈ 1.4189). */
export const GAUSSIAN_ENTROPY_CONST = 0.5 + 0.5 * Math.log(2 * Math.PI);

/**
 * Entropy of a diagonal Gaussian policy: Σ_d (½ + ½·ln 2π + log σ_d) (torch.distributions.Normal summed over
 * action dims, as cleanrl/ppo_continuous_action.py). Differential entropy: negative when σ is small.
 * `logStd` is [B × actionDim] row-major; returns the mean over rows (actionDim defaults to one row).
 */
export function gaussianEntropy(logStd: ArrayLike<number>, actionDim = logStd.length): number {
  if (actionDim < 1 || logStd.length % actionDim !== 0) throw new Error(`${logStd.length} log-stds do not form rows of ${actionDim}`);
  const rows = logStd.length / actionDim;
  let s = 0;
  for (let i = 0; i < logStd.length; i++) s += GAUSSIAN_ENTROPY_CONST + logStd[i];
  return s / rows;
}

// PPO's update on the `js` compute path (config `compute`): the loss of ppo.ts minibatchStep — clipped
// surrogate, (clipped) value loss, entropy bonus, approx-KL statistics — with its gradient written out
// by hand, backpropagated through js-mlp.ts, and one JsAdam step over actor, critic (and log σ). Same
// formulas, same order of operations as the tfjs reference, which tests/unit/agents/js-mlp.test.ts
// compares it against (outputs and gradients within 1e-5 on random nets and batches).
//
// tfjs's gradient conventions are kept where they choose a branch: max(a, b) passes the gradient to a
// when a ≥ b; clip(x, lo, hi) passes it when lo ≤ x ≤ hi. The parameters live here (float64) during
// training; ppo.ts copies them to the tfjs variables and the rollout's JS mirror after each update.

import * as tf from '@tensorflow/tfjs';
import type { Activation, PpoConfig } from '../config/ppo-config.ts';
import { JsAdam, mlpBackward, mlpForward, mlpLayerNorms, mlpParamCount, mlpWork, type MlpWork } from './js-mlp.ts';
import type { ActionSpec } from './on-policy.ts';
import { fillMinibatch, type Minibatch, type RolloutBatch } from './ppo-batch.ts';
import { LOG_SQRT_2PI } from './policy-dist.ts';

/** Statistics of one minibatch step, in ppo.ts's Stat order. */
export const JS_STAT_COUNT = 7;

export interface JsPpoNets {
  actorSizes: readonly number[];
  criticSizes: readonly number[];
  activation: Activation;
  /** Discrete: Categorical over the actor's logits (actions one-hot); continuous: Normal(μ, exp(logStd)). */
  discrete: boolean;
  adamEps: number;
}

export interface JsPpoLoss {
  clipCoef: number;
  entCoef: number;
  vfCoef: number;
  clipVloss: boolean;
  /** sum_instead_of_mean_loss: every loss term summed over the minibatch instead of averaged. */
  sumLoss: boolean;
}

/** Actor, critic and (continuous) log σ as one flat float64 vector in ppo.ts's order, with their Adam. */
export class JsPpoLearner {
  readonly params: Float64Array;
  readonly grad: Float64Array;
  readonly adam: JsAdam;
  readonly criticOffset: number;
  readonly logStdOffset: number;
  /** Action dimensions (|A| discrete, dims continuous). */
  readonly actionSize: number;
  private readonly actor: MlpWork;
  private readonly critic: MlpWork;
  private dHead = new Float64Array(0);
  private dValue = new Float64Array(0);

  constructor(readonly nets: JsPpoNets, initial: ArrayLike<number>) {
    this.actionSize = nets.actorSizes[nets.actorSizes.length - 1];
    this.criticOffset = mlpParamCount(nets.actorSizes);
    this.logStdOffset = this.criticOffset + mlpParamCount(nets.criticSizes);
    const size = this.logStdOffset + (nets.discrete ? 0 : this.actionSize);
    if (initial.length !== size) throw new Error(`JsPpoLearner: expected ${size} parameters, got ${initial.length}`);
    this.params = Float64Array.from(initial);
    this.grad = new Float64Array(size);
    this.adam = new JsAdam(size, nets.adamEps);
    this.actor = mlpWork(nets.actorSizes, nets.activation);
    this.critic = mlpWork(nets.criticSizes, nets.activation);
  }

  /** Per-layer gradient norms of the actor's then the critic's layers (nets.ts layerGradNorms order). */
  layerGradNorms(): Float64Array {
    return mlpLayerNorms(this.grad, 0, [this.nets.actorSizes, this.nets.criticSizes]);
  }

  /**
   * log π(a|s) of `rows` rows (obs [rows × D], actions one-hot or [rows × A]) into out[outRow …];
   * with `hidden`, each hidden layer's outputs (actor's then critic's) are pushed as Float32Arrays.
   */
  logProbs(obs: Float32Array, actions: Float32Array, rows: number, out: Float32Array, outRow = 0, hidden?: Float32Array[]): void {
    const head = mlpForward(this.actor, this.params, 0, obs, rows);
    const A = this.actionSize;
    for (let r = 0; r < rows; r++) out[outRow + r] = this.rowLogProb(head, actions, r, A).logProb;
    if (hidden === undefined) return;
    const width = (w: MlpWork, l: number): Float32Array => Float32Array.from(w.outs[l].subarray(0, rows * w.sizes[l]));
    for (let l = 1; l + 1 < this.nets.actorSizes.length; l++) hidden.push(width(this.actor, l));
    mlpForward(this.critic, this.params, this.criticOffset, obs, rows);
    for (let l = 1; l + 1 < this.nets.criticSizes.length; l++) hidden.push(width(this.critic, l));
  }

  /** log π and entropy of row r of the head; discrete also fills the row's softmax into `probs`. */
  private rowLogProb(head: Float64Array, actions: Float32Array, r: number, A: number, probs?: Float64Array): { logProb: number; entropy: number } {
    const h = r * A;
    if (this.nets.discrete) {
      let m = -Infinity;
      for (let a = 0; a < A; a++) if (head[h + a] > m) m = head[h + a];
      let z = 0;
      for (let a = 0; a < A; a++) z += Math.exp(head[h + a] - m);
      const logZ = m + Math.log(z);
      let logProb = 0;
      let entropy = 0;
      for (let a = 0; a < A; a++) {
        const lp = head[h + a] - logZ;
        const p = Math.exp(lp);
        if (probs) probs[h + a] = p;
        logProb += lp * actions[h + a];
        entropy -= p * lp;
      }
      return { logProb, entropy };
    }
    let logProb = 0;
    let entropy = 0;
    for (let k = 0; k < A; k++) {
      const ls = this.params[this.logStdOffset + k];
      const z = (actions[h + k] - head[h + k]) / Math.exp(ls);
      logProb += -0.5 * z * z - (ls + LOG_SQRT_2PI);
      entropy += ls + 0.5 + LOG_SQRT_2PI;
    }
    return { logProb, entropy };
  }

  /**
   * The PPO loss of one minibatch at the current parameters and its gradient into `this.grad`.
   * Returns [pg_loss, v_loss, mean entropy, old_approx_kl, approx_kl, clipfrac]; ratios go to `ratioOut`.
   */
  lossAndGrad(mb: Minibatch, loss: JsPpoLoss, ratioOut?: Float32Array): Float64Array {
    const M = mb.size;
    const A = this.actionSize;
    const discrete = this.nets.discrete;
    if (this.dHead.length < M * A) {
      this.dHead = new Float64Array(M * A);
      this.dValue = new Float64Array(M);
    }
    const head = mlpForward(this.actor, this.params, 0, mb.obs, M);
    const probs = discrete ? this.dHead : null; // softmax rows, overwritten by dL/dhead below
    const k = loss.sumLoss ? 1 : 1 / M;
    const { clipCoef: eps, entCoef, vfCoef } = loss;
    let pg = 0;
    let ent = 0;
    let oldKl = 0;
    let kl = 0;
    let clipped = 0;
    const dLogStd = new Float64Array(discrete ? 0 : A);
    for (let r = 0; r < M; r++) {
      const { logProb, entropy } = this.rowLogProb(head, mb.actions, r, A, probs ?? undefined);
      // π_old is stored in float32: round π_new the same way, so an unchanged policy gives a ratio of exactly 1.
      const logratio = Math.fround(logProb) - mb.logProbs[r];
      const ratio = Math.exp(logratio);
      if (ratioOut) ratioOut[r] = ratio;
      const adv = mb.advantages[r];
      const l1 = -adv * ratio;
      const ratioClipped = Math.min(Math.max(ratio, 1 - eps), 1 + eps);
      const l2 = -adv * ratioClipped;
      pg += Math.max(l1, l2);
      ent += entropy;
      oldKl += -logratio;
      kl += ratio - 1 - logratio;
      if (Math.abs(ratio - 1) > eps) clipped++;
      // d(pg)/d(ratio): max → first branch when l1 ≥ l2; clip passes inside [1 − ε, 1 + ε].
      const dRatio = l1 >= l2 ? -adv : ratio >= 1 - eps && ratio <= 1 + eps ? -adv : 0;
      const dLogProb = k * dRatio * ratio;
      const h = r * A;
      if (discrete) {
        // dlogπ/dz_b = onehot_b − p_b; dH/dz_b = −p_b(log p_b + H); loss has −entCoef·H.
        for (let b = 0; b < A; b++) {
          const p = probs![h + b];
          const lp = Math.log(p);
          this.dHead[h + b] = dLogProb * (mb.actions[h + b] - p) + entCoef * k * -(-p * (lp + entropy));
        }
      } else {
        // dlogπ/dμ = z/σ; dlogπ/dlogσ = z² − 1; dH/dlogσ = 1 per sample.
        for (let c = 0; c < A; c++) {
          const sigma = Math.exp(this.params[this.logStdOffset + c]);
          const z = (mb.actions[h + c] - head[h + c]) / sigma;
          this.dHead[h + c] = (dLogProb * z) / sigma;
          dLogStd[c] += dLogProb * (z * z - 1) - entCoef * k;
        }
      }
    }
    mlpBackward(this.actor, this.params, 0, M, this.dHead, this.grad);

    // Value loss: ½·reduce(max((v − R)², (V + clip(v − V, ±ε) − R)²)) or ½·reduce((v − R)²), times vfCoef.
    const values = mlpForward(this.critic, this.params, this.criticOffset, mb.obs, M);
    let vl = 0;
    for (let r = 0; r < M; r++) {
      const v = values[r];
      const R = mb.returns[r];
      const du = v - R;
      let d = du;
      if (loss.clipVloss) {
        const delta = v - mb.values[r];
        const vClipped = mb.values[r] + Math.min(Math.max(delta, -eps), eps);
        const dc = vClipped - R;
        if (du * du >= dc * dc) vl += du * du;
        else {
          vl += dc * dc;
          d = delta >= -eps && delta <= eps ? dc : 0;
        }
      } else vl += du * du;
      this.dValue[r] = 0.5 * vfCoef * k * 2 * d;
    }
    mlpBackward(this.critic, this.params, this.criticOffset, M, this.dValue, this.grad);
    for (let c = 0; c < dLogStd.length; c++) this.grad[this.logStdOffset + c] = dLogStd[c];

    const reduce = (s: number): number => s * k;
    const meanEntropy = ent / M;
    return Float64Array.of(reduce(pg), 0.5 * reduce(vl), meanEntropy, oldKl / M, kl / M, clipped / M);
  }

  /** lossAndGrad, then one Adam step (global-norm clipping at maxGradNorm; null: none). Stats end with the pre-clip grad norm. */
  step(mb: Minibatch, loss: JsPpoLoss, lr: number, maxGradNorm: number | null, ratioOut?: Float32Array): Float64Array {
    const s = this.lossAndGrad(mb, loss, ratioOut);
    const norm = this.adam.step(this.params, this.grad, lr, maxGradNorm);
    const out = new Float64Array(JS_STAT_COUNT);
    out.set(s);
    out[JS_STAT_COUNT - 1] = norm;
    return out;
  }
}

/** One update's epochs on the JS path: the same loop, permutations and bug switches as ppo.ts update(). */
export interface JsEpochPlan {
  batch: RolloutBatch;
  mb: Minibatch;
  space: ActionSpec;
  epochs: number;
  targetKl: number | null;
  firstPermutation: Int32Array;
  nextPermutation: () => Int32Array;
  normalizeAdvantages: boolean;
  loss: JsPpoLoss;
  lr: number;
  maxGradNorm: number | null;
  /** Keep the last epoch's ratios (histograms) and the last minibatch's raw gradient. */
  histograms: boolean;
  /** Per-layer gradient norms of the last minibatch. */
  layerNorms: boolean;
}

export interface JsEpochResult {
  /** [steps × JS_STAT_COUNT] */
  statRows: Float32Array;
  steps: number;
  epochsRun: number;
  firstRatios: Float32Array;
  ratios: Float32Array | null;
  gradients: Float32Array | null;
  layerNorms: Float32Array | null;
}

export function jsEpochs(learner: JsPpoLearner, p: JsEpochPlan): JsEpochResult {
  const M = p.mb.size;
  const B = p.batch.advantages.length;
  const rows: Float64Array[] = [];
  const firstRatios = new Float32Array(M);
  const lastRatios: Float32Array[] = [];
  let gradients: Float32Array | null = null;
  let layerNorms: Float32Array | null = null;
  let epochsRun = 0;
  const ratio = new Float32Array(M);
  for (let epoch = 0; epoch < p.epochs; epoch++) {
    const perm = epoch === 0 ? p.firstPermutation : p.nextPermutation();
    const lastEpoch = epoch === p.epochs - 1;
    for (let start = 0; start < B; start += M) {
      fillMinibatch(p.mb, p.batch, perm, start, p.space, { normalizeAdvantages: p.normalizeAdvantages });
      rows.push(learner.step(p.mb, p.loss, p.lr, p.maxGradNorm, ratio));
      if (epoch === 0 && start === 0) firstRatios.set(ratio);
      if (p.histograms && lastEpoch) lastRatios.push(ratio.slice());
      if (lastEpoch && start + M >= B) {
        if (p.histograms) gradients = Float32Array.from(learner.grad);
        if (p.layerNorms) layerNorms = Float32Array.from(learner.layerGradNorms());
      }
    }
    epochsRun++;
    if (p.targetKl !== null && rows[rows.length - 1][4] > p.targetKl) break;
  }
  const statRows = new Float32Array(rows.length * JS_STAT_COUNT);
  rows.forEach((r, i) => statRows.set(r, i * JS_STAT_COUNT));
  let ratios: Float32Array | null = null;
  if (lastRatios.length > 0) {
    ratios = new Float32Array(lastRatios.length * M);
    lastRatios.forEach((r, i) => ratios!.set(r, i * M));
  }
  return { statRows, steps: rows.length, epochsRun, firstRatios, ratios, gradients, layerNorms };
}

/**
 * π_old on the JS path: log-probabilities of every rollout sample by the learner's own forward pass over
 * the first epoch's minibatches (as ppo.ts rolloutLogProbs), into batch.logProbs in rollout order;
 * with `withActivations`, every hidden layer's outputs in that order.
 */
export function jsRolloutLogProbs(learner: JsPpoLearner, mb: Minibatch, batch: RolloutBatch, perm: Int32Array, space: ActionSpec, names: readonly string[] | null): { name: string; values: Float32Array; width: number }[] | null {
  const M = mb.size;
  const B = perm.length;
  const flat = new Float32Array(B);
  const chunks: Float32Array[][] = [];
  for (let start = 0; start < B; start += M) {
    fillMinibatch(mb, batch, perm, start, space, null);
    const hidden: Float32Array[] | undefined = names ? [] : undefined;
    learner.logProbs(mb.obs, mb.actions, M, flat, start, hidden);
    if (hidden) chunks.push(hidden);
  }
  batch.logProbs = new Float32Array(B);
  for (let j = 0; j < B; j++) batch.logProbs[perm[j]] = flat[j];
  if (names === null) return null;
  return names.map((name, l) => {
    const width = chunks[0][l].length / M;
    const values = new Float32Array(B * width);
    chunks.forEach((c, i) => values.set(c[l], i * M * width));
    return { name, values, width };
  });
}

/**
 * compute = js, or auto where the bench measured js faster than the tfjs backend in use: the cpu and webgl
 * backends (tfjs there: ~1.1k SPS at CleanRL's config; webgl is SwiftShader on GPU-less machines), not wasm
 * (SIMD matmuls beat plain JS from minibatch 128 up). Only MLPs ≤ 128 wide. tensor_leak needs tfjs tensors to leak.
 */
export function usesJsCompute(c: Pick<PpoConfig, 'compute' | 'hiddenSizes'>, tensorLeak: boolean): boolean {
  if (tensorLeak || c.compute === 'tfjs') return false;
  if (c.compute === 'js') return true;
  return Math.max(0, ...c.hiddenSizes) <= 128 && ['cpu', 'webgl'].includes(tf.getBackend());
}

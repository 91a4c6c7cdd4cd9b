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
import { ensureRows, headGrad, JsAdam, KernelArena, kernelsAvailable, mlpBackward, mlpForward, mlpLayerNorms, mlpParamCount, mlpWork, type F32Slot, type MlpWork } from './js-mlp.ts';
import type { ActionSpec } from './on-policy.ts';
import { fillMinibatch, type Minibatch, type RolloutBatch } from './ppo-batch.ts';
import { LOG_SQRT_2PI } from './policy-dist.ts';

const DONE = Promise.resolve();

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

/** Actor, critic and (continuous) log σ as one flat float32 vector in ppo.ts's order (in the kernel arena), with their Adam. */
export class JsPpoLearner {
  readonly arena = new KernelArena();
  readonly paramSlot: F32Slot;
  readonly gradSlot: F32Slot;
  readonly adam: JsAdam;
  readonly criticOffset: number;
  readonly logStdOffset: number;
  /** Action dimensions (|A| discrete, dims continuous). */
  readonly actionSize: number;
  private readonly actor: MlpWork;
  private readonly critic: MlpWork;
  private readonly dLogStd: Float64Array;
  private readonly stats = new Float64Array(JS_STAT_COUNT);

  constructor(readonly nets: JsPpoNets, initial: ArrayLike<number>) {
    this.actionSize = nets.actorSizes[nets.actorSizes.length - 1];
    this.criticOffset = mlpParamCount(nets.actorSizes);
    this.logStdOffset = this.criticOffset + mlpParamCount(nets.criticSizes);
    const size = this.logStdOffset + (nets.discrete ? 0 : this.actionSize);
    if (initial.length !== size) throw new Error(`JsPpoLearner: expected ${size} parameters, got ${initial.length}`);
    this.paramSlot = this.arena.alloc(size);
    this.arena.view(this.paramSlot).set(initial);
    this.gradSlot = this.arena.alloc(size);
    this.adam = new JsAdam(this.arena, size, nets.adamEps);
    this.actor = mlpWork(this.arena, nets.actorSizes, nets.activation);
    this.critic = mlpWork(this.arena, nets.criticSizes, nets.activation);
    this.dLogStd = new Float64Array(nets.discrete ? 0 : this.actionSize);
  }

  /** The parameters (a view of the arena: copy it to keep it). */
  get params(): Float32Array {
    return this.arena.view(this.paramSlot);
  }

  /** The last minibatch's gradient (a view of the arena). */
  get grad(): Float32Array {
    return this.arena.view(this.gradSlot);
  }

  /** Per-layer gradient norms of the actor's then the critic's layers (nets.ts layerGradNorms order). */
  layerGradNorms(): Float64Array {
    return mlpLayerNorms(this.arena, this.gradSlot, 0, [this.nets.actorSizes, this.nets.criticSizes]);
  }

  /** Scratch for `rows` rows in both networks, allocated before any view of this call is taken. */
  private reserve(rows: number): void {
    ensureRows(this.actor, rows);
    ensureRows(this.critic, rows);
  }

  /**
   * log π(a|s) of `rows` rows (obs [rows × D], actions one-hot or [rows × A]) into out[outRow …];
   * with `hidden`, each hidden layer's outputs (actor's then critic's) are pushed as Float32Arrays.
   */
  logProbs(obs: Float32Array, actions: Float32Array, rows: number, out: Float32Array, outRow = 0, hidden?: Float32Array[]): void {
    this.reserve(rows);
    const head = mlpForward(this.actor, this.paramSlot, 0, obs, rows);
    const params = this.params;
    const A = this.actionSize;
    for (let r = 0; r < rows; r++) out[outRow + r] = this.rowLogProb(head, params, actions, r, A, null);
    if (hidden === undefined) return;
    const width = (w: MlpWork, l: number): Float32Array => this.arena.view(w.outs[l], 0, rows * w.sizes[l]).slice();
    for (let l = 1; l + 1 < this.nets.actorSizes.length; l++) hidden.push(width(this.actor, l));
    mlpForward(this.critic, this.paramSlot, this.criticOffset, obs, rows);
    for (let l = 1; l + 1 < this.nets.criticSizes.length; l++) hidden.push(width(this.critic, l));
  }

  /** Rollout inference on this path: π's head [rows × A] and V [rows] of `obs`, by the kernels at the current parameters. */
  act(obs: Float32Array, rows: number, head: Float64Array, values: Float64Array): Promise<void> {
    this.reserve(rows);
    head.set(mlpForward(this.actor, this.paramSlot, 0, obs, rows));
    values.set(mlpForward(this.critic, this.paramSlot, this.criticOffset, obs, rows));
    return DONE;
  }

  /** log π of row r of the head, its entropy into this.rowEntropy; discrete also fills the row's softmax into `probs`. */
  private rowEntropy = 0;
  private rowLogProb(head: Float32Array, params: Float32Array, actions: Float32Array, r: number, A: number, probs: Float32Array | null): number {
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
      this.rowEntropy = entropy;
      return logProb;
    }
    let logProb = 0;
    let entropy = 0;
    for (let k = 0; k < A; k++) {
      const ls = params[this.logStdOffset + k];
      const z = (actions[h + k] - head[h + k]) / Math.exp(ls);
      logProb += -0.5 * z * z - (ls + LOG_SQRT_2PI);
      entropy += ls + 0.5 + LOG_SQRT_2PI;
    }
    this.rowEntropy = entropy;
    return logProb;
  }

  /**
   * The PPO loss of one minibatch at the current parameters and its gradient into `this.grad`.
   * Returns [pg_loss, v_loss, mean entropy, old_approx_kl, approx_kl, clipfrac] (a reused buffer, valid until
   * the next call); ratios go to `ratioOut`.
   */
  lossAndGrad(mb: Minibatch, loss: JsPpoLoss, ratioOut?: Float32Array): Float64Array {
    const M = mb.size;
    const A = this.actionSize;
    const discrete = this.nets.discrete;
    this.reserve(M);
    const params = this.params;
    const head = mlpForward(this.actor, this.paramSlot, 0, mb.obs, M);
    const dHead = headGrad(this.actor, M);
    const probs = discrete ? dHead : null; // softmax rows, overwritten by dL/dhead below
    const k = loss.sumLoss ? 1 : 1 / M;
    const { clipCoef: eps, entCoef, vfCoef } = loss;
    let pg = 0;
    let ent = 0;
    let oldKl = 0;
    let kl = 0;
    let clipped = 0;
    const dLogStd = this.dLogStd.fill(0);
    for (let r = 0; r < M; r++) {
      const logProb = this.rowLogProb(head, params, mb.actions, r, A, probs);
      const entropy = this.rowEntropy;
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
          dHead[h + b] = dLogProb * (mb.actions[h + b] - p) + entCoef * k * -(-p * (lp + entropy));
        }
      } else {
        // dlogπ/dμ = z/σ; dlogπ/dlogσ = z² − 1; dH/dlogσ = 1 per sample.
        for (let c = 0; c < A; c++) {
          const sigma = Math.exp(params[this.logStdOffset + c]);
          const z = (mb.actions[h + c] - head[h + c]) / sigma;
          dHead[h + c] = (dLogProb * z) / sigma;
          dLogStd[c] += dLogProb * (z * z - 1) - entCoef * k;
        }
      }
    }
    mlpBackward(this.actor, this.paramSlot, 0, M, this.gradSlot);

    // Value loss: ½·reduce(max((v − R)², (V + clip(v − V, ±ε) − R)²)) or ½·reduce((v − R)²), times vfCoef.
    const values = mlpForward(this.critic, this.paramSlot, this.criticOffset, mb.obs, M);
    const dValue = headGrad(this.critic, M);
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
      dValue[r] = 0.5 * vfCoef * k * 2 * d;
    }
    mlpBackward(this.critic, this.paramSlot, this.criticOffset, M, this.gradSlot);
    const grad = this.grad;
    for (let c = 0; c < dLogStd.length; c++) grad[this.logStdOffset + c] = dLogStd[c];

    const s = this.stats;
    s[0] = pg * k;
    s[1] = 0.5 * vl * k;
    s[2] = ent / M;
    s[3] = oldKl / M;
    s[4] = kl / M;
    s[5] = clipped / M;
    return s.subarray(0, JS_STAT_COUNT - 1);
  }

  /** lossAndGrad, then one Adam step (global-norm clipping at maxGradNorm; null: none). Stats (ending with the pre-clip grad norm) into out[at …]. */
  step(mb: Minibatch, loss: JsPpoLoss, lr: number, maxGradNorm: number | null, ratioOut: Float32Array | undefined, out: Float32Array, at: number): void {
    out.set(this.lossAndGrad(mb, loss, ratioOut), at);
    out[at + JS_STAT_COUNT - 1] = this.adam.step(this.paramSlot, this.gradSlot, lr, maxGradNorm);
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
  const perEpoch = Math.ceil(B / M);
  const statRows = new Float32Array(p.epochs * perEpoch * JS_STAT_COUNT);
  let steps = 0;
  const firstRatios = new Float32Array(M);
  const ratios = p.histograms ? new Float32Array(perEpoch * M) : null;
  let gradients: Float32Array | null = null;
  let layerNorms: Float32Array | null = null;
  let epochsRun = 0;
  const ratio = new Float32Array(M);
  for (let epoch = 0; epoch < p.epochs; epoch++) {
    const perm = epoch === 0 ? p.firstPermutation : p.nextPermutation();
    const lastEpoch = epoch === p.epochs - 1;
    for (let start = 0; start < B; start += M) {
      fillMinibatch(p.mb, p.batch, perm, start, p.space, { normalizeAdvantages: p.normalizeAdvantages });
      learner.step(p.mb, p.loss, p.lr, p.maxGradNorm, ratio, statRows, steps * JS_STAT_COUNT);
      steps++;
      if (epoch === 0 && start === 0) firstRatios.set(ratio);
      if (ratios && lastEpoch) ratios.set(ratio, start);
      if (lastEpoch && start + M >= B) {
        if (p.histograms) gradients = learner.grad.slice();
        if (p.layerNorms) layerNorms = Float32Array.from(learner.layerGradNorms());
      }
    }
    epochsRun++;
    if (p.targetKl !== null && statRows[(steps - 1) * JS_STAT_COUNT + 4] > p.targetKl) break;
  }
  return { statRows: statRows.subarray(0, steps * JS_STAT_COUNT), steps, epochsRun, firstRatios, ratios: epochsRun === p.epochs ? ratios : null, gradients, layerNorms };
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
 * compute = js, or auto where the bench measured the kernels faster than tfjs: MLPs ≤ 512 wide on the cpu,
 * wasm and webgl backends (Node wasm, CleanRL's CartPole config: ~5× tfjs's SPS; 256-256 and 512-512: ~2.2×
 * less CPU). WebGPU stays on tfjs (the path for large networks on a real GPU). tensor_leak needs tfjs tensors
 * to leak. Without wasm SIMD (kernelsAvailable false) auto runs on tfjs and js fails at its first update.
 */
export function usesJsCompute(c: Pick<PpoConfig, 'compute' | 'hiddenSizes'>, tensorLeak: boolean): boolean {
  if (tensorLeak || c.compute === 'tfjs') return false;
  if (c.compute === 'js') return true;
  return kernelsAvailable() && Math.max(0, ...c.hiddenSizes) <= 512 && tf.getBackend() !== 'webgpu';
}

// DQN's gradient step on the `js` compute path (config `compute`): the TD target, the loss (MSE or
// Huber / smooth L1, mean or — sum_instead_of_mean_loss — sum over the batch), its gradient written out by
// hand, backpropagated through js-mlp.ts, and one JsAdam step; the target network and ε-greedy acting
// run in the same wasm SIMD kernels. Same formulas, same order of operations as dqn.ts gradientStep (the
// tfjs reference), which tests/unit/agents/js-mlp-dqn.test.ts compares it against within 1e-5.
//
// tfjs's gradient conventions are kept where they choose a branch: the Huber loss is
// ½·min(|e|, 1)² + (|e| − min(|e|, 1)), whose tfjs gradient is e where |e| ≤ 1 (minimum passes it to
// its first argument on ties) and sign(e) beyond; abs'(0) = −1 times e = 0 gives 0. argmax ties go to
// the lowest action (tf.argMax). Float32 rounding of the TD target follows tfjs's op order
// (r + fround(γ·max Q')). The parameters live here during training; dqn.ts copies them to the tfjs
// variables only where tfjs needs them (saving, tfjs acting).

import * as tf from '@tensorflow/tfjs';
import type { BugFlags } from '../bugs/catalog.ts';
import type { DqnConfig, DqnLoss } from '../config/dqn-config.ts';
import type { Activation } from '../config/ppo-config.ts';
import { ensureRows, headGrad, JsAdam, KernelArena, kernelsAvailable, mlpBackward, mlpForward, mlpLayerNorms, mlpParamCount, mlpWork, type F32Slot, type MlpWork } from './js-mlp.ts';
import type { PhaseDiagnostics } from './dqn-report.ts';
import type { ReplayBatch } from './replay-buffer.ts';

/** Statistics of one gradient step, in dqn-report.ts's order: td loss, Q(s,a) mean/min/max, target mean/min/max, pre-clip grad norm. */
export const JS_DQN_STAT_COUNT = 8;

export interface JsDqnNet {
  /** [obsDim, ...hidden, |A|] */
  sizes: readonly number[];
  activation: Activation;
  adamEps: number;
  /** target_aliases_online: the target network is the online network's own parameters. */
  aliasTarget: boolean;
}

/** The loss of one gradient step, with the bug switches of dqn.ts gradientStep. */
export interface JsDqnLoss {
  gamma: number;
  loss: DqnLoss;
  doubleDqn: boolean;
  /** ignore_done: terminal rows bootstrap too. */
  ignoreDone: boolean;
  /** sum_instead_of_mean_loss. */
  sumLoss: boolean;
  /** uninitialized_buffer: terminal rows keep the previous step's target (the reused buffer) instead of r. */
  staleTerminalTargets: boolean;
}

/** The online network (with its Adam) and the target network as float32 slots of one kernel arena. */
export class JsDqnLearner {
  readonly arena = new KernelArena();
  readonly paramSlot: F32Slot;
  readonly targetSlot: F32Slot;
  readonly gradSlot: F32Slot;
  readonly adam: JsAdam;
  readonly size: number;
  private readonly numActions: number;
  private readonly online: MlpWork;
  private readonly target: MlpWork;
  private readonly acting: MlpWork;
  /** The TD targets of the last step [batch]: the reused buffer that uninitialized_buffer leaves stale. */
  readonly tdTargets: Float32Array;
  /** Q(s, a) of the taken actions in the last step [batch]. */
  readonly qTaken: Float32Array;
  private readonly nextValue: Float32Array;

  constructor(readonly net: JsDqnNet, initial: ArrayLike<number>, batchSize: number) {
    this.size = mlpParamCount(net.sizes);
    if (initial.length !== this.size) throw new Error(`JsDqnLearner: expected ${this.size} parameters, got ${initial.length}`);
    this.numActions = net.sizes[net.sizes.length - 1];
    this.paramSlot = this.arena.alloc(this.size);
    this.targetSlot = net.aliasTarget ? this.paramSlot : this.arena.alloc(this.size);
    this.gradSlot = this.arena.alloc(this.size);
    this.adam = new JsAdam(this.arena, this.size, net.adamEps);
    this.online = mlpWork(this.arena, net.sizes, net.activation, batchSize);
    this.target = mlpWork(this.arena, net.sizes, net.activation, batchSize);
    this.acting = mlpWork(this.arena, net.sizes, net.activation, 1);
    this.arena.view(this.paramSlot).set(initial);
    if (!net.aliasTarget) this.arena.view(this.targetSlot).set(initial);
    this.tdTargets = new Float32Array(batchSize);
    this.qTaken = new Float32Array(batchSize);
    this.nextValue = new Float32Array(batchSize);
  }

  /** The online parameters (a view of the arena: copy it to keep it), in flattenVariables(Mlp.variables) order. */
  get params(): Float32Array {
    return this.arena.view(this.paramSlot);
  }

  /** The last step's gradient, before clipping (a view of the arena). */
  get grad(): Float32Array {
    return this.arena.view(this.gradSlot);
  }

  /** Replace the online parameters (a loaded model) and, unless aliased, leave the target as it is. */
  load(weights: ArrayLike<number>): void {
    this.params.set(weights);
  }

  /** Q(s, ·) of the online network for `rows` observations into out [rows × |A|]. */
  qValues(obs: Float32Array, rows: number, out: Float64Array | Float32Array): void {
    ensureRows(this.acting, rows);
    out.set(mlpForward(this.acting, this.paramSlot, 0, obs, rows));
  }

  /** Per-layer gradient norms of the last step (nets.ts layerGradNorms order). */
  layerGradNorms(): Float64Array {
    return mlpLayerNorms(this.arena, this.gradSlot, 0, [this.net.sizes]);
  }

  /** Hidden activations of the last step's forward pass on its observations (copies), per hidden layer. */
  hiddenActivations(rows: number): { values: Float32Array; width: number }[] {
    const out: { values: Float32Array; width: number }[] = [];
    for (let l = 1; l + 1 < this.net.sizes.length; l++) out.push({ values: this.arena.view(this.online.outs[l], 0, rows * this.net.sizes[l]).slice(), width: this.net.sizes[l] });
    return out;
  }

  /** The diagnostics of the last gradient step (dqn-report.ts), as the tfjs path keeps them; weights are the current ones. */
  phaseDiagnostics(names: readonly string[], rows: number, diagnostics: boolean, histograms: boolean): PhaseDiagnostics {
    return {
      histograms,
      layerGradNorms: diagnostics ? Float32Array.from(this.layerGradNorms()) : null,
      activations: this.hiddenActivations(rows).map((a, i) => ({ name: names[i], ...a })),
      weights: histograms ? this.params.slice() : null,
      gradients: histograms ? this.grad.slice() : null,
      qValues: histograms ? this.qTaken.slice(0, rows) : null,
      tdTargets: histograms ? this.tdTargets.slice(0, rows) : null,
    };
  }

  /** target ← τ·online + (1 − τ)·target in float32 (tfjs's op order); τ = 1 copies. No-op when aliased. */
  updateTarget(tau: number): void {
    if (this.net.aliasTarget) return;
    const online = this.params;
    const target = this.arena.view(this.targetSlot);
    if (tau === 1) {
      target.set(online);
      return;
    }
    const a = Math.fround(tau);
    const b = Math.fround(1 - tau);
    for (let k = 0; k < target.length; k++) target[k] = Math.fround(online[k] * a) + Math.fround(target[k] * b);
  }

  /**
   * The TD loss of one minibatch at the current parameters and its gradient into `this.grad` (overwritten).
   * Writes the first seven statistics into out[at …] (the eighth, the grad norm, is Adam's).
   */
  lossAndGrad(batch: ReplayBatch, p: JsDqnLoss, out: Float32Array, at: number): void {
    const B = batch.size;
    const A = this.numActions;
    // with torch.no_grad(): target_max = target_network(next_obs).max(dim=1) (Double DQN: at argmax of the online net)
    const nextQ = mlpForward(this.target, this.targetSlot, 0, batch.nextObs, B);
    const nextValue = this.nextValue;
    if (p.doubleDqn) {
      const onlineNext = mlpForward(this.online, this.paramSlot, 0, batch.nextObs, B);
      for (let r = 0; r < B; r++) {
        let best = 0;
        for (let a = 1; a < A; a++) if (onlineNext[r * A + a] > onlineNext[r * A + best]) best = a;
        nextValue[r] = nextQ[r * A + best];
      }
    } else {
      for (let r = 0; r < B; r++) {
        let m = nextQ[r * A];
        for (let a = 1; a < A; a++) if (nextQ[r * A + a] > m) m = nextQ[r * A + a];
        nextValue[r] = m;
      }
    }
    // td_target = r + γ·target_max·(1 − done): terminal rows get r (or, uninitialized_buffer, keep the buffer's old value).
    const gamma = Math.fround(p.gamma);
    const td = this.tdTargets;
    for (let r = 0; r < B; r++) {
      const terminal = !p.ignoreDone && batch.terminated[r] > 0.5;
      if (!terminal) td[r] = batch.rewards[r] + Math.fround(nextValue[r] * gamma);
      else if (!p.staleTerminalTargets) td[r] = batch.rewards[r];
    }

    // old_val = q_network(obs).gather(1, actions); loss = mean (or sum) of the per-sample TD loss.
    const qAll = mlpForward(this.online, this.paramSlot, 0, batch.obs, B);
    const dHead = headGrad(this.online, B).fill(0);
    const k = p.sumLoss ? 1 : 1 / B;
    const huber = p.loss === 'huber';
    let lossSum = 0;
    let qSum = 0;
    let qMin = Infinity;
    let qMax = -Infinity;
    let tSum = 0;
    let tMin = Infinity;
    let tMax = -Infinity;
    for (let r = 0; r < B; r++) {
      const a = batch.actions[r];
      const q = qAll[r * A + a];
      this.qTaken[r] = q;
      const e = Math.fround(q - td[r]);
      const absErr = Math.abs(e);
      let d: number;
      if (huber) {
        const quadratic = Math.min(absErr, 1);
        lossSum += 0.5 * quadratic * quadratic + (absErr - quadratic);
        d = absErr <= 1 ? e : Math.sign(e);
      } else {
        lossSum += e * e;
        d = 2 * e;
      }
      dHead[r * A + a] = k * d;
      qSum += q;
      qMin = Math.min(qMin, q);
      qMax = Math.max(qMax, q);
      tSum += td[r];
      tMin = Math.min(tMin, td[r]);
      tMax = Math.max(tMax, td[r]);
    }
    mlpBackward(this.online, this.paramSlot, 0, B, this.gradSlot);
    out[at] = lossSum * k;
    out[at + 1] = qSum / B;
    out[at + 2] = qMin;
    out[at + 3] = qMax;
    out[at + 4] = tSum / B;
    out[at + 5] = tMin;
    out[at + 6] = tMax;
  }

  /** lossAndGrad, then one Adam step (global-norm clipping at maxGradNorm; null: none). Statistics into out[at …]. */
  step(batch: ReplayBatch, p: JsDqnLoss, lr: number, maxGradNorm: number | null, out: Float32Array, at: number): void {
    this.lossAndGrad(batch, p, out, at);
    out[at + JS_DQN_STAT_COUNT - 1] = this.adam.step(this.paramSlot, this.gradSlot, lr, maxGradNorm);
  }
}

/** The loss settings of a gradient step from the config and the bug switches dqn.ts gradientStep checks. */
export function jsDqnLoss(c: Pick<DqnConfig, 'gamma' | 'loss' | 'doubleDqn'>, bugs: BugFlags<'dqn'>): JsDqnLoss {
  return {
    gamma: c.gamma,
    // BUG mse_instead_of_huber / ignore_done / sum_instead_of_mean_loss / uninitialized_buffer: as in dqn.ts gradientStep.
    loss: bugs.mse_instead_of_huber ? 'mse' : c.loss,
    doubleDqn: c.doubleDqn,
    ignoreDone: bugs.ignore_done,
    sumLoss: bugs.sum_instead_of_mean_loss,
    staleTerminalTargets: bugs.uninitialized_buffer,
  };
}

/** Assign a flat weight vector (flattenVariables order) to tfjs variables. */
export function assignFlat(vars: readonly tf.Variable[], weights: Float32Array): void {
  const w = weights.slice();
  let o = 0;
  tf.tidy(() => {
    for (const v of vars) {
      v.assign(tf.tensor(w.subarray(o, o + v.size), v.shape));
      o += v.size;
    }
  });
}

/**
 * compute = js, or auto where the bench measured the kernels faster than tfjs: Q-networks ≤ 512 wide on
 * the cpu, wasm and webgl backends (scripts/bench-speed.ts dqn_sps per compute path). WebGPU stays on tfjs.
 * tensor_leak needs tfjs tensors to leak (the catalogue refuses it with compute ≠ tfjs). Without wasm SIMD
 * auto runs on tfjs and js fails at construction.
 */
export function usesJsDqn(c: Pick<DqnConfig, 'compute' | 'hiddenSizes'>, tensorLeak: boolean): boolean {
  if (tensorLeak || c.compute === 'tfjs') return false;
  if (c.compute === 'js') return true;
  return kernelsAvailable() && Math.max(0, ...c.hiddenSizes) <= 512 && tf.getBackend() !== 'webgpu';
}

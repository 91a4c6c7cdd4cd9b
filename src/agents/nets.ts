// Small MLPs on low-level tfjs ops (tf.variable + matMul: ~10× less overhead than tf.layers at these
// sizes), CleanRL's initialisation from a seeded generator, Adam with global grad-norm clipping
// (PyTorch's formulas), a plain-JS copy of a network for fast rollout inference, and the per-layer
// diagnostics of DIAGNOSTICS.md (dead-ReLU fraction, activation std).
//
// Shapes: a layer's weight W is [in, out] (PyTorch's weight transposed), its bias b is [out];
// a batch x is [B, in]. Layer names are `${net}/${index}` ("actor/0", …, "actor/2" = the head).

import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../config/ppo-config.ts';
import type { Rng } from '../envs/rng.ts';

export type { Activation };

// ---------------------------------------------------------------------------------------------
// Initialisation (torch.nn.init), in float64 on the seeded generator.

/**
 * torch.nn.init.orthogonal_ for a PyTorch weight of shape [rows, cols], returned transposed as our
 * [cols, rows] layout, row-major: a normal matrix's QR factor Q (the unique one with diag(R) > 0),
 * scaled by gain. Modified Gram-Schmidt, run twice for stability, yields that Q directly.
 */
export function orthogonalInit(rows: number, cols: number, gain: number, rng: Rng): Float32Array {
  // Work on the tall orientation: m ≥ n, orthonormalise the n columns.
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const n = tall ? cols : rows;
  const cols_: Float64Array[] = [];
  for (let j = 0; j < n; j++) cols_.push(new Float64Array(m));
  // Draw torch's [rows, cols] normal matrix row by row (its flattened order), then view it tall.
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const z = rng.normal();
      if (tall) cols_[c][r] = z;
      else cols_[r][c] = z;
    }
  for (let j = 0; j < n; j++) {
    const v = cols_[j];
    for (let pass = 0; pass < 2; pass++)
      for (let k = 0; k < j; k++) {
        const q = cols_[k];
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[i] * v[i];
        for (let i = 0; i < m; i++) v[i] -= dot * q[i];
      }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) v[i] /= norm;
  }
  // PyTorch weight Wt[r][c]; ours is W[c][r] = Wt[r][c] (row-major [cols, rows]).
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out[c * rows + r] = gain * (tall ? cols_[c][r] : cols_[r][c]);
  return out;
}

/** PyTorch nn.Linear's default init: U(−1/√fan_in, 1/√fan_in) for weight and bias (kaiming_uniform_, a = √5). */
export function torchDefaultInit(fanIn: number, size: number, rng: Rng): Float32Array {
  const bound = 1 / Math.sqrt(fanIn);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = rng.uniform(-bound, bound);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Speed notes. At these sizes tfjs time is per-op overhead, not arithmetic, and two kernels are slow
// on wasm: the transposed matMul that tfjs's matMul gradient uses (~10× a plain matMul after an
// explicit transpose) and tanh (~10× sigmoid). So the whole MLP is one custom-gradient op with a
// hand-written backward pass (explicit transposes, tanh as 2σ(2x) − 1 on wasm): one tape node per
// network instead of a dozen, same math. Its gradients are checked against tfjs autodiff in tests.
// Dense layers are tf.fused.matMul (bias, and ReLU outside gradients, in the matMul kernel): one shader
// instead of two or three on WebGL/WebGPU. On wasm it measured a wash at 64-unit layers (the op's own
// reshapes cost what the saved add does; scripts/bench-speed.ts, issue 14 note).

export function activate<T extends tf.Tensor>(z: T, activation: Activation): T {
  if (activation === 'relu') return tf.relu(z);
  return tf.getBackend() === 'wasm' ? tf.sub(tf.mul(tf.sigmoid(tf.mul(z, 2)), 2), 1) : tf.tanh(z);
}

/** dL/dz from dL/dh for h = act(z), using the layer's output h. */
export function activationGrad<T extends tf.Tensor>(dh: T, h: T, activation: Activation): T {
  if (activation === 'relu') return tf.mul(dh, tf.step(h));
  return tf.mul(dh, tf.sub(1, tf.square(h)));
}

// ---------------------------------------------------------------------------------------------
// The MLP.

export interface DenseLayer {
  readonly name: string;
  readonly inSize: number;
  readonly outSize: number;
  readonly w: tf.Variable<tf.Rank.R2>;
  readonly b: tf.Variable<tf.Rank.R1>;
}

export interface MlpSpec {
  /** Network name, the prefix of its layer names ("actor", "critic"). */
  name: string;
  /** [input, ...hidden, output]. */
  sizes: readonly number[];
  activation: Activation;
  /** Orthogonal init (CleanRL layer_init) or PyTorch's default uniform init. */
  orthoInit: boolean;
  /** Orthogonal gain of the hidden layers (CleanRL √2). */
  hiddenGain: number;
  /** Orthogonal gain of the output layer (CleanRL: 0.01 policy head, 1 value head). */
  outputGain: number;
}

export class Mlp {
  readonly name: string;
  readonly sizes: readonly number[];
  readonly activation: Activation;
  readonly layers: readonly DenseLayer[];

  constructor(spec: MlpSpec, rng: Rng) {
    this.name = spec.name;
    this.sizes = spec.sizes;
    this.activation = spec.activation;
    const layers: DenseLayer[] = [];
    for (let l = 0; l + 1 < spec.sizes.length; l++) {
      const inSize = spec.sizes[l];
      const outSize = spec.sizes[l + 1];
      const isHead = l + 2 === spec.sizes.length;
      const name = `${spec.name}/${l}`;
      const wInit = spec.orthoInit
        ? orthogonalInit(outSize, inSize, isHead ? spec.outputGain : spec.hiddenGain, rng)
        : torchDefaultInit(inSize, inSize * outSize, rng);
      const bInit = spec.orthoInit ? new Float32Array(outSize) : torchDefaultInit(inSize, outSize, rng);
      layers.push({
        name,
        inSize,
        outSize,
        w: variableFrom(tf.tensor2d(wInit, [inSize, outSize]), `${name}/w`),
        b: variableFrom(tf.tensor1d(bInit), `${name}/b`),
      });
    }
    this.layers = layers;
  }

  /** [W0, b0, W1, b1, …]: the order of `flatten` and of the optimiser's slots. */
  get variables(): tf.Variable[] {
    return this.layers.flatMap((l) => [l.w, l.b]);
  }

  /** Number of parameters. */
  get size(): number {
    return this.layers.reduce((s, l) => s + l.inSize * l.outSize + l.outSize, 0);
  }

  /** Names of the hidden layers (the ones with an activation). */
  get hiddenLayerNames(): string[] {
    return this.layers.slice(0, -1).map((l) => l.name);
  }

  /**
   * x [B, in] → [B, out]. Differentiable with respect to the weights (x is treated as data: its
   * gradient is reported as 0). If `activations` is given, each hidden layer's output [B, h] is pushed
   * onto it (and nothing is differentiable). Both paths run the same kernels, so they agree bitwise.
   */
  forward(x: tf.Tensor2D, activations?: tf.Tensor2D[]): tf.Tensor2D {
    if (activations !== undefined) return this.run(x, activations);
    return this.trainForward(x, ...this.variables);
  }

  private readonly trainForward = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const x = args[0] as tf.Tensor2D;
    const hidden: tf.Tensor2D[] = [];
    const out = this.run(x, hidden);
    save([x, ...hidden]);
    return { value: out, gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => this.backward(dy, saved as tf.Tensor2D[]) };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor2D, ...params: tf.Variable[]) => tf.Tensor2D;

  /** Plain forward pass; pushes hidden outputs onto `hidden`. */
  private run(x: tf.Tensor2D, hidden: tf.Tensor2D[]): tf.Tensor2D {
    let h = x;
    const last = this.layers.length - 1;
    // One fused kernel for x·W + b, and the ReLU too outside a gradient computation (under one, tfjs
    // unfuses every activation but 'linear' into three ops). tfjs has no fusable tanh: it follows as its
    // own ops. Fused ReLU clamps the same accumulator as ReLU after the fused linear op: bitwise equal.
    const reluFusable = this.activation === 'relu' && tf.engine().state.gradientDepth === 0;
    this.layers.forEach((layer, l) => {
      const fusedRelu = l < last && reluFusable;
      h = tf.fused.matMul({ a: h, b: layer.w, bias: layer.b, activation: fusedRelu ? 'relu' : 'linear' }) as tf.Tensor2D;
      if (l < last) {
        if (!fusedRelu) h = activate(h, this.activation);
        hidden.push(h);
      }
    });
    return h;
  }

  /** Backpropagation: dz_L = dy; dW_l = h_{l−1}ᵀ·dz_l; db_l = Σ_batch dz_l; dz_{l−1} = act'(dz_l·W_lᵀ). Returns [dx (0), dW0, db0, …]. */
  private backward(dy: tf.Tensor2D, saved: tf.Tensor2D[]): tf.Tensor[] {
    const [x, ...hidden] = saved;
    const grads: tf.Tensor[] = [];
    let dz = dy;
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const input = l === 0 ? x : hidden[l - 1];
      grads.push(tf.sum(dz, 0), tf.matMul(tf.transpose(input), dz));
      if (l > 0) dz = activationGrad(tf.matMul(dz, tf.transpose(this.layers[l].w)), hidden[l - 1], this.activation);
    }
    grads.push(tf.zerosLike(x));
    return grads.reverse();
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/** A variable initialised from `init`, which is then disposed (tf.variable keeps its own reference). */
export function variableFrom<R extends tf.Rank>(init: tf.Tensor<R>, name?: string, trainable = true): tf.Variable<R> {
  const v = tf.variable(init, trainable, name);
  init.dispose();
  return v;
}

/** All variables concatenated into one vector [Σ sizes] (one readback instead of one per tensor). */
export function flattenVariables(vars: readonly tf.Tensor[]): tf.Tensor1D {
  // A rank-1 tensor goes in as it is: a same-shape reshape is still a kernel dispatch.
  return tf.concat(vars.map((v) => (v.rank === 1 ? v : tf.reshape(v, [-1])))) as tf.Tensor1D;
}

// ---------------------------------------------------------------------------------------------
// Plain-JS copy for rollout inference: a batch-of-4 forward of a 64-64 actor and critic costs
// ~45 µs here versus ~0.2–0.4 ms of tfjs dispatch. Weights are the tfjs float32 values, stored
// transposed ([out][in], so each output is a dot product over contiguous memory); arithmetic is
// float64; four batch rows share each weight load.

export class JsMlp {
  readonly sizes: readonly number[];
  readonly activation: Activation;
  /** Per layer: W transposed, [out × in] row-major. */
  readonly weightsT: Float64Array[];
  readonly biases: Float64Array[];
  private readonly buffers: Float64Array[];
  private input = new Float64Array(0);
  private capacity = 0;

  constructor(sizes: readonly number[], activation: Activation) {
    this.sizes = sizes;
    this.activation = activation;
    this.weightsT = [];
    this.biases = [];
    this.buffers = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      this.weightsT.push(new Float64Array(sizes[l] * sizes[l + 1]));
      this.biases.push(new Float64Array(sizes[l + 1]));
    }
  }

  /** Number of parameters (as Mlp.size). */
  get size(): number {
    return this.weightsT.reduce((s, w, l) => s + w.length + this.biases[l].length, 0);
  }

  /** Copy parameters from a flat vector in Mlp.variables order ([in, out] weights), starting at offset; returns the offset after them. */
  load(flat: ArrayLike<number>, offset: number): number {
    let o = offset;
    for (let l = 0; l < this.weightsT.length; l++) {
      const nIn = this.sizes[l];
      const nOut = this.sizes[l + 1];
      const wt = this.weightsT[l];
      for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) wt[j * nIn + i] = flat[o++];
      const b = this.biases[l];
      for (let j = 0; j < nOut; j++) b[j] = flat[o++];
    }
    return o;
  }

  private ensureCapacity(batch: number): void {
    if (batch <= this.capacity) return;
    this.capacity = batch;
    this.input = new Float64Array(batch * this.sizes[0]);
    this.buffers.length = 0;
    for (let l = 1; l + 1 < this.sizes.length; l++) this.buffers.push(new Float64Array(batch * this.sizes[l]));
  }

  /**
   * Forward `batch` rows of x ([batch × in], row-major, starting at xOffset) into out ([batch × out]).
   * If `activations` is given (one array per hidden layer, [batch × h]), hidden outputs are copied there.
   */
  forward(x: ArrayLike<number>, batch: number, out: Float64Array, activations?: (Float32Array | Float64Array)[], xOffset = 0): void {
    this.ensureCapacity(batch);
    const L = this.weightsT.length;
    // One monomorphic input type keeps V8's inner loop fast.
    let input: Float64Array = this.input;
    for (let k = 0; k < batch * this.sizes[0]; k++) input[k] = x[xOffset + k];
    for (let l = 0; l < L; l++) {
      const hiddenLayer = l < L - 1;
      const h = hiddenLayer ? this.buffers[l] : out;
      denseRows(input, batch, this.sizes[l], this.sizes[l + 1], this.weightsT[l], this.biases[l], h);
      if (hiddenLayer) {
        const n = batch * this.sizes[l + 1];
        if (this.activation === 'relu') for (let k = 0; k < n; k++) h[k] = h[k] > 0 ? h[k] : 0;
        else for (let k = 0; k < n; k++) h[k] = Math.tanh(h[k]);
        activations?.[l]?.set(h.subarray(0, n));
      }
      input = h;
    }
  }
}

/** out[r][j] = b[bo + j] + Σ_i x[r][i]·wT[j][i] for `batch` rows; four rows share each weight load, sums stay in registers. */
export function denseRows(x: Float64Array, batch: number, nIn: number, nOut: number, wT: Float64Array, b: Float64Array, out: Float64Array, bo = 0): void {
  let r = 0;
  for (; r + 4 <= batch; r += 4) {
    const x0 = r * nIn;
    const x1 = x0 + nIn;
    const x2 = x1 + nIn;
    const x3 = x2 + nIn;
    const o = r * nOut;
    for (let j = 0; j < nOut; j++) {
      let s0 = b[bo + j];
      let s1 = s0;
      let s2 = s0;
      let s3 = s0;
      const row = j * nIn;
      for (let i = 0; i < nIn; i++) {
        const w = wT[row + i];
        s0 += x[x0 + i] * w;
        s1 += x[x1 + i] * w;
        s2 += x[x2 + i] * w;
        s3 += x[x3 + i] * w;
      }
      out[o + j] = s0;
      out[o + nOut + j] = s1;
      out[o + 2 * nOut + j] = s2;
      out[o + 3 * nOut + j] = s3;
    }
  }
  for (; r < batch; r++) {
    const xr = r * nIn;
    for (let j = 0; j < nOut; j++) {
      let s = b[bo + j];
      const row = j * nIn;
      for (let i = 0; i < nIn; i++) s += x[xr + i] * wT[row + i];
      out[r * nOut + j] = s;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Optimisers on one flat state vector, so a step costs a few dozen ops however many layers there are.

/** A zero-filled, non-trainable optimiser slot [Σ sizes] for `vars` (torch's exp_avg, square_avg, …). */
export function flatSlot(vars: readonly tf.Variable[]): tf.Variable<tf.Rank.R1> {
  return variableFrom(tf.zeros([vars.reduce((n, v) => n + v.size, 0)]) as tf.Tensor1D, undefined, false);
}

/**
 * torch.nn.utils.clip_grad_norm_ over all of `grads` at once: the flat gradient scaled by
 * min(1, max / (norm + 1e-6)) (unscaled when maxGradNorm is null), and the global L2 norm before clipping.
 */
export function clipGradNorm(grads: readonly tf.Tensor[], maxGradNorm: number | null): { grad: tf.Tensor1D; norm: tf.Scalar } {
  const g0 = flattenVariables(grads);
  const norm = tf.sqrt(tf.sum(tf.square(g0))) as tf.Scalar;
  return { grad: maxGradNorm === null ? g0 : (tf.mul(g0, tf.minimum(1, tf.div(maxGradNorm, tf.add(norm, 1e-6)))) as tf.Tensor1D), norm };
}

/** p ← p − delta for every variable, with `delta` flat in the variables' order. */
export function applyFlatDelta(vars: readonly tf.Variable[], delta: tf.Tensor1D): void {
  const parts = tf.split(delta, vars.map((v) => v.size));
  vars.forEach((variable, i) => variable.assign(tf.sub(variable, variable.rank === 1 ? parts[i] : tf.reshape(parts[i], variable.shape))));
}

/** Adam (torch.optim.Adam, optionally with its L2 weight_decay) with clip_grad_norm_ before each step. */
export class Adam {
  private readonly m: tf.Variable<tf.Rank.R1>;
  private readonly v: tf.Variable<tf.Rank.R1>;
  private t = 0;

  constructor(
    private readonly vars: readonly tf.Variable[],
    readonly eps: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
  ) {
    this.m = flatSlot(vars);
    this.v = flatSlot(vars);
  }

  /** Optimiser steps taken. */
  get steps(): number {
    return this.t;
  }

  /**
   * One step with `grads` (same order as the variables), clipped to maxGradNorm (null: no clipping),
   * then weightDecay·p added to the gradient (torch's weight_decay: L2, not decoupled). Returns the
   * norm before clipping. Call inside tf.tidy.
   */
  step(grads: readonly tf.Tensor[], lr: number, maxGradNorm: number | null, weightDecay = 0): tf.Scalar {
    this.t++;
    const clipped = clipGradNorm(grads, maxGradNorm);
    const g = weightDecay > 0 ? (tf.add(clipped.grad, tf.mul(flattenVariables(this.vars), weightDecay)) as tf.Tensor1D) : clipped.grad;
    const m = tf.add(tf.mul(this.m, this.beta1), tf.mul(g, 1 - this.beta1)) as tf.Tensor1D;
    const v = tf.add(tf.mul(this.v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2)) as tf.Tensor1D;
    this.m.assign(m);
    this.v.assign(v);
    // torch: p −= lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)
    const bc1 = 1 - this.beta1 ** this.t;
    const bc2 = 1 - this.beta2 ** this.t;
    const denom = tf.add(tf.mul(tf.sqrt(v), 1 / Math.sqrt(bc2)), this.eps);
    applyFlatDelta(this.vars, tf.mul(tf.div(m, denom), lr / bc1) as tf.Tensor1D);
    return clipped.norm;
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}

/** Per-layer L2 norms of gradients given in [W0, b0, W1, b1, …] order: a [numLayers] tensor. */
export function layerGradNorms(grads: readonly tf.Tensor[]): tf.Tensor1D {
  const norms: tf.Scalar[] = [];
  for (let i = 0; i + 1 < grads.length; i += 2) norms.push(tf.sqrt(tf.add(tf.sum(tf.square(grads[i])), tf.sum(tf.square(grads[i + 1])))));
  return tf.stack(norms) as tf.Tensor1D;
}

// ---------------------------------------------------------------------------------------------
// Per-layer activation diagnostics on a batch of hidden outputs [B × H].

/** Standard deviation (ddof 0) of all B·H activations of a layer. */
export function activationStd(acts: ArrayLike<number>): number {
  const n = acts.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += acts[i];
  const m = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (acts[i] - m) * (acts[i] - m);
  return Math.sqrt(ss / n);
}

/** Fraction of the H units whose output is 0 (ReLU's dead zone) for every one of the B samples. */
export function deadReluFraction(acts: ArrayLike<number>, width: number): number {
  const rows = acts.length / width;
  let dead = 0;
  for (let j = 0; j < width; j++) {
    let alive = false;
    for (let r = 0; r < rows && !alive; r++) alive = acts[r * width + j] > 0;
    if (!alive) dead++;
  }
  return dead / width;
}

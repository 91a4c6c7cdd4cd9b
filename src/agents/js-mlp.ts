// The `js` compute path's kernels: forward, backward and Adam for the small MLPs of the policy-gradient
// agents (64-64 tanh actor and critic), in plain JS over flat typed arrays, no tfjs. At these sizes a
// tfjs minibatch step is per-op dispatch and tensor allocation (~40 ops), not arithmetic; here one step
// is a few tight loops over preallocated buffers. tfjs stays the reference: tests/unit/agents/js-mlp.test.ts
// checks outputs and gradients against tfjs autodiff, and Adam against nets.ts's Adam (PyTorch's formulas).
//
// Layout: the parameters of one network are a slice of one flat vector in the order of
// flattenVariables(Mlp.variables): per layer W [in × out] row-major, then b [out]. Arithmetic and the
// master weights are float64 (V8 computes in double anyway); copies handed to tfjs round to float32.

import type { Activation } from '../config/ppo-config.ts';
import { denseRows } from './nets.ts';

/** Parameters of an MLP with these layer sizes ([input, ...hidden, output]). */
export function mlpParamCount(sizes: readonly number[]): number {
  let n = 0;
  for (let l = 0; l + 1 < sizes.length; l++) n += sizes[l] * sizes[l + 1] + sizes[l + 1];
  return n;
}

/** Scratch of one MLP for batches of up to `capacity` rows: each layer's output, and its gradient. */
export interface MlpWork {
  readonly sizes: readonly number[];
  readonly activation: Activation;
  capacity: number;
  /** outs[0] is the input copy; outs[l] the output of layer l − 1 (hidden after the activation; the last is the head). */
  outs: Float64Array[];
  /** Gradient with respect to each layer's output (same shapes as outs[1..]). */
  grads: Float64Array[];
  /** Each layer's W transposed [out × in], refreshed by every forward pass. */
  readonly wT: Float64Array[];
}

export function mlpWork(sizes: readonly number[], activation: Activation, capacity = 0): MlpWork {
  const wT = sizes.slice(1).map((n, l) => new Float64Array(sizes[l] * n));
  const w: MlpWork = { sizes, activation, capacity: -1, outs: [], grads: [], wT };
  ensureRows(w, capacity);
  return w;
}

function ensureRows(w: MlpWork, rows: number): void {
  if (rows <= w.capacity) return;
  w.capacity = rows;
  w.outs = w.sizes.map((n) => new Float64Array(rows * n));
  w.grads = w.sizes.map((n) => new Float64Array(rows * n));
}

/**
 * Forward `rows` rows of x ([rows × in], from row xRow) through the MLP whose parameters start at
 * params[offset]. Returns the head [rows × out] (a view of the scratch, valid until the next call).
 */
export function mlpForward(w: MlpWork, params: Float64Array, offset: number, x: ArrayLike<number>, rows: number, xRow = 0): Float64Array {
  ensureRows(w, rows);
  const { sizes } = w;
  const input = w.outs[0];
  const n0 = rows * sizes[0];
  const x0 = xRow * sizes[0];
  for (let k = 0; k < n0; k++) input[k] = x[x0 + k];
  let o = offset;
  const L = sizes.length - 1;
  for (let l = 0; l < L; l++) {
    const nIn = sizes[l];
    const nOut = sizes[l + 1];
    const h = w.outs[l + 1];
    // W transposed ([out × in]) so that each output is a dot product over contiguous memory.
    const wT = w.wT[l];
    for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) wT[j * nIn + i] = params[o + i * nOut + j];
    denseRows(w.outs[l], rows, nIn, nOut, wT, params, h, o + nIn * nOut);
    o += nIn * nOut + nOut;
    if (l < L - 1) {
      const n = rows * nOut;
      if (w.activation === 'relu') for (let k = 0; k < n; k++) h[k] = h[k] > 0 ? h[k] : 0;
      else for (let k = 0; k < n; k++) h[k] = Math.tanh(h[k]);
    }
  }
  return w.outs[L];
}


/**
 * Backpropagation through the last mlpForward of `w` (same params and rows), given dL/dhead in
 * `dHead` ([rows × out]). Writes (overwrites) dL/dparams into grad[offset …] in the params' layout.
 * dW_l = h_{l−1}ᵀ·dz_l; db_l = Σ_rows dz_l; dz_{l−1} = (dz_l·W_lᵀ) ⊙ act'(h_{l−1}).
 */
export function mlpBackward(w: MlpWork, params: Float64Array, offset: number, rows: number, dHead: ArrayLike<number>, grad: Float64Array): void {
  const { sizes } = w;
  const L = sizes.length - 1;
  // Offsets of each layer's W in the flat vector.
  const wOff: number[] = [];
  let o = offset;
  for (let l = 0; l < L; l++) {
    wOff.push(o);
    o += sizes[l] * sizes[l + 1] + sizes[l + 1];
  }
  let dz = w.grads[L];
  const nHead = rows * sizes[L];
  for (let k = 0; k < nHead; k++) dz[k] = dHead[k];
  for (let l = L - 1; l >= 0; l--) {
    const nIn = sizes[l];
    const nOut = sizes[l + 1];
    const h = w.outs[l];
    const wo = wOff[l];
    const bo = wo + nIn * nOut;
    weightGrad(h, dz, rows, nIn, nOut, grad, wo, bo);
    if (l === 0) break;
    const dh = w.grads[l];
    inputGrad(dz, rows, nIn, nOut, params, wo, dh);
    // ⊙ act'(h): tanh 1 − h², ReLU 1 where h > 0.
    const n = rows * nIn;
    if (w.activation === 'relu') for (let k = 0; k < n; k++) dh[k] = h[k] > 0 ? dh[k] : 0;
    else for (let k = 0; k < n; k++) dh[k] *= 1 - h[k] * h[k];
    dz = dh;
  }
}

/** grad[wo + i·nOut + j] = Σ_r h[r][i]·dz[r][j]; grad[bo + j] = Σ_r dz[r][j]. Four rows per pass over dW. */
function weightGrad(h: Float64Array, dz: Float64Array, rows: number, nIn: number, nOut: number, grad: Float64Array, wo: number, bo: number): void {
  grad.fill(0, wo, bo + nOut);
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const z0 = r * nOut;
    const z1 = z0 + nOut;
    const z2 = z1 + nOut;
    const z3 = z2 + nOut;
    for (let j = 0; j < nOut; j++) grad[bo + j] += dz[z0 + j] + dz[z1 + j] + dz[z2 + j] + dz[z3 + j];
    const h0 = r * nIn;
    for (let i = 0; i < nIn; i++) {
      const a0 = h[h0 + i];
      const a1 = h[h0 + nIn + i];
      const a2 = h[h0 + 2 * nIn + i];
      const a3 = h[h0 + 3 * nIn + i];
      const gi = wo + i * nOut;
      for (let j = 0; j < nOut; j++) grad[gi + j] += a0 * dz[z0 + j] + a1 * dz[z1 + j] + a2 * dz[z2 + j] + a3 * dz[z3 + j];
    }
  }
  for (; r < rows; r++) {
    const zr = r * nOut;
    for (let j = 0; j < nOut; j++) grad[bo + j] += dz[zr + j];
    for (let i = 0; i < nIn; i++) {
      const a = h[r * nIn + i];
      const gi = wo + i * nOut;
      for (let j = 0; j < nOut; j++) grad[gi + j] += a * dz[zr + j];
    }
  }
}

/** dh[r][i] = Σ_j dz[r][j]·W[i][j] with W at p[wo] ([in × out]): rows of W are contiguous; four rows of dz per pass. */
function inputGrad(dz: Float64Array, rows: number, nIn: number, nOut: number, p: Float64Array, wo: number, dh: Float64Array): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const z0 = r * nOut;
    const z1 = z0 + nOut;
    const z2 = z1 + nOut;
    const z3 = z2 + nOut;
    const h0 = r * nIn;
    for (let i = 0; i < nIn; i++) {
      const wi = wo + i * nOut;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < nOut; j++) {
        const wij = p[wi + j];
        s0 += dz[z0 + j] * wij;
        s1 += dz[z1 + j] * wij;
        s2 += dz[z2 + j] * wij;
        s3 += dz[z3 + j] * wij;
      }
      dh[h0 + i] = s0;
      dh[h0 + nIn + i] = s1;
      dh[h0 + 2 * nIn + i] = s2;
      dh[h0 + 3 * nIn + i] = s3;
    }
  }
  for (; r < rows; r++) {
    const zr = r * nOut;
    for (let i = 0; i < nIn; i++) {
      const wi = wo + i * nOut;
      let s = 0;
      for (let j = 0; j < nOut; j++) s += dz[zr + j] * p[wi + j];
      dh[r * nIn + i] = s;
    }
  }
}

/** √(Σ g²) over grad[from, to). */
export function l2Norm(grad: Float64Array, from = 0, to = grad.length): number {
  let s = 0;
  for (let k = from; k < to; k++) s += grad[k] * grad[k];
  return Math.sqrt(s);
}

/**
 * Per-layer L2 norms √(|dW|² + |db|²) of consecutive MLPs laid out from `offset` (as nets.ts
 * layerGradNorms over [W0, b0, W1, b1, …]).
 */
export function mlpLayerNorms(grad: Float64Array, offset: number, nets: readonly (readonly number[])[]): Float64Array {
  const out: number[] = [];
  let o = offset;
  for (const sizes of nets)
    for (let l = 0; l + 1 < sizes.length; l++) {
      const n = sizes[l] * sizes[l + 1] + sizes[l + 1];
      out.push(l2Norm(grad, o, o + n));
      o += n;
    }
  return Float64Array.from(out);
}

/**
 * torch.optim.Adam after torch.nn.utils.clip_grad_norm_ on one flat parameter vector: the same
 * formulas as nets.ts Adam (the reference, in tfjs): scale = min(1, max/(‖g‖ + 1e-6));
 * m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; p ← p − lr/(1 − β1ᵗ) · m / (√v/√(1 − β2ᵗ) + ε).
 */
export class JsAdam {
  readonly m: Float64Array;
  readonly v: Float64Array;
  private t = 0;

  constructor(
    size: number,
    readonly eps: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  get steps(): number {
    return this.t;
  }

  /** One step on params with grad (not modified); returns the global gradient norm before clipping. */
  step(params: Float64Array, grad: Float64Array, lr: number, maxGradNorm: number | null): number {
    this.t++;
    const norm = l2Norm(grad);
    const scale = maxGradNorm === null ? 1 : Math.min(1, maxGradNorm / (norm + 1e-6));
    const { beta1, beta2, eps, m, v } = this;
    const bc1 = 1 - beta1 ** this.t;
    const invSqrtBc2 = 1 / Math.sqrt(1 - beta2 ** this.t);
    const stepSize = lr / bc1;
    for (let k = 0; k < params.length; k++) {
      const g = grad[k] * scale;
      const mk = beta1 * m[k] + (1 - beta1) * g;
      const vk = beta2 * v[k] + (1 - beta2) * g * g;
      m[k] = mk;
      v[k] = vk;
      params[k] -= (stepSize * mk) / (Math.sqrt(vk) * invSqrtBc2 + eps);
    }
    return norm;
  }
}

// The dynamics ensemble in tfjs: K MLPs trained together (one loss summed over members, as mbrl-lib's
// GaussianMLP with its EnsembleLinearLayer). Initialisation, output head and loss follow mbrl-lib's GaussianMLP
// (mbrl/models/gaussian_mlp.py, mbrl/models/util.py): truncated-normal weights with std 1/(2√in),
// zero biases; a Gaussian head whose log-variance is softly bounded to [−10, 0.5] (fixed bounds,
// learn_logvar_bounds = false), trained with the Gaussian NLL, or a deterministic head with MSE;
// Adam with L2 weight decay on every parameter (torch.optim.Adam(weight_decay)).

import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../envs/rng.ts';
import { JsEnsemble, type ModelActivation } from './mbrl-js-ensemble.ts';
import { Adam, variableFrom } from './nets.ts';

/** mbrl-lib GaussianMLP: min_logvar = −10, max_logvar = 0.5 (not learned). */
export const MIN_LOGVAR = -10;
export const MAX_LOGVAR = 0.5;

export interface EnsembleSpec {
  members: number;
  /** [in, ...hidden, outDim]: outDim is the predicted dimension (the head doubles it for the log-variance). */
  sizes: readonly number[];
  activation: ModelActivation;
  /** Gaussian head (mean and bounded log-variance, NLL loss) or deterministic (mean only, MSE loss). */
  gaussian: boolean;
}

interface DenseLayer {
  w: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1>;
}

/** mbrl-lib truncated_normal_: N(0, std) with draws beyond 2·std redrawn. */
function truncatedNormalInit(size: number, std: number, rng: Rng): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    let z: number;
    do z = rng.normal();
    while (z < -2 || z > 2);
    out[i] = z * std;
  }
  return out;
}

function act(z: tf.Tensor2D, activation: ModelActivation): tf.Tensor2D {
  if (activation === 'silu') return tf.mul(z, tf.sigmoid(z));
  if (activation === 'relu') return tf.relu(z);
  return tf.tanh(z);
}

/** dL/dz from dL/dh for h = act(z). SiLU: σ(z)·(1 + z·(1 − σ(z))). */
function actGrad(dh: tf.Tensor2D, z: tf.Tensor2D, activation: ModelActivation): tf.Tensor2D {
  if (activation === 'relu') return tf.mul(dh, tf.step(z));
  if (activation === 'tanh') return tf.mul(dh, tf.sub(1, tf.square(tf.tanh(z))));
  const s = tf.sigmoid(z);
  return tf.mul(dh, tf.mul(s, tf.add(1, tf.mul(z, tf.sub(1, s)))));
}

// Speed: on the wasm backend a batched matMul over [K, B, in] costs ~15× the K plain 2-D matMuls it
// stands for, and the transposed matMuls of tfjs's matMul gradient ~10× an explicit transpose
// (PLATFORM.md). So each member is a plain MLP of 2-D matMuls, and its forward pass is one custom-
// gradient op with a hand-written backward pass (explicit transposes): same math, checked against
// tfjs autodiff in tests/unit/agents/mbrl-model.test.ts.

export class TfEnsemble {
  readonly spec: EnsembleSpec;
  /** members[k][l]: member k's layer l, W [in, out], b [out]. */
  readonly members: DenseLayer[][];
  /** Width of the head: 2·outDim (Gaussian) or outDim. */
  readonly headSize: number;
  private readonly adam: Adam;

  constructor(spec: EnsembleSpec, rng: Rng) {
    this.spec = spec;
    const outDim = spec.sizes[spec.sizes.length - 1];
    this.headSize = spec.gaussian ? 2 * outDim : outDim;
    const sizes = this.jsSizes;
    this.members = [];
    for (let k = 0; k < spec.members; k++) {
      const layers: DenseLayer[] = [];
      for (let l = 0; l + 1 < sizes.length; l++) {
        const nIn = sizes[l];
        const nOut = sizes[l + 1];
        layers.push({
          w: variableFrom(tf.tensor2d(truncatedNormalInit(nIn * nOut, 1 / (2 * Math.sqrt(nIn)), rng), [nIn, nOut])),
          b: variableFrom(tf.zeros([nOut]) as tf.Tensor1D),
        });
      }
      this.members.push(layers);
    }
    // PyTorch Adam's ε (mbrl-lib ModelTrainer optim_eps = 1e-8).
    this.adam = new Adam(this.variables, 1e-8);
  }

  /** Every parameter: member by member, [W0, b0, W1, b1, …]. */
  get variables(): tf.Variable[] {
    return this.members.flatMap((layers) => layers.flatMap((l) => [l.w, l.b]));
  }

  /** Sizes as the JS copy needs them: [in, ...hidden, headSize]. */
  get jsSizes(): number[] {
    return [...this.spec.sizes.slice(0, -1), this.headSize];
  }

  /** Member k: x [B, in] → raw head [B, headSize]; hidden pre-activations and outputs pushed onto `pre`, `post` if given. */
  private run(k: number, x: tf.Tensor2D, pre?: tf.Tensor2D[], post?: tf.Tensor2D[]): tf.Tensor2D {
    const layers = this.members[k];
    let h = x;
    layers.forEach((layer, l) => {
      const z = tf.add(tf.matMul(h, layer.w), layer.b) as tf.Tensor2D;
      if (l < layers.length - 1) {
        h = act(z, this.spec.activation);
        pre?.push(z);
        post?.push(h);
      } else h = z;
    });
    return h;
  }

  /** Member k's raw head [B, headSize]: differentiable with respect to its weights (x is data). */
  forwardRaw(k: number, x: tf.Tensor2D): tf.Tensor2D {
    return this.trainForward(k)(x, ...this.members[k].flatMap((l) => [l.w, l.b]));
  }

  private readonly gradOps = new Map<number, (x: tf.Tensor2D, ...params: tf.Variable[]) => tf.Tensor2D>();

  private trainForward(k: number): (x: tf.Tensor2D, ...params: tf.Variable[]) => tf.Tensor2D {
    let op = this.gradOps.get(k);
    if (op) return op;
    op = tf.customGrad(((...args: unknown[]) => {
      const save = args.pop() as tf.GradSaveFunc;
      const x = args[0] as tf.Tensor2D;
      const pre: tf.Tensor2D[] = [];
      const post: tf.Tensor2D[] = [];
      const out = this.run(k, x, pre, post);
      save([x, ...pre, ...post]);
      return { value: out, gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => this.backward(k, dy, saved as tf.Tensor2D[]) };
    }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor2D, ...params: tf.Variable[]) => tf.Tensor2D;
    this.gradOps.set(k, op);
    return op;
  }

  /** dz_L = dy; dW_l = h_{l−1}ᵀ·dz_l; db_l = Σ_batch dz_l; dz_{l−1} = act'(z_{l−1}) ⊙ (dz_l·W_lᵀ). Returns [dx (0), dW0, db0, …]. */
  private backward(k: number, dy: tf.Tensor2D, saved: tf.Tensor2D[]): tf.Tensor[] {
    const layers = this.members[k];
    const hidden = layers.length - 1;
    const x = saved[0];
    const pre = saved.slice(1, 1 + hidden);
    const post = saved.slice(1 + hidden);
    const grads: tf.Tensor[] = [];
    let dz = dy;
    for (let l = layers.length - 1; l >= 0; l--) {
      const input = l === 0 ? x : post[l - 1];
      grads.push(tf.sum(dz, 0), tf.matMul(tf.transpose(input), dz));
      if (l > 0) dz = actGrad(tf.matMul(dz, tf.transpose(layers[l].w)), pre[l - 1], this.spec.activation);
    }
    grads.push(tf.zerosLike(x));
    return grads.reverse();
  }

  /**
   * Member k's raw head [B, headSize] (mean, then unbounded log-variance), for planning: the same layers
   * as run() with matMul and bias fused into one op (planning on wasm pays per op, not per multiply).
   */
  rawHead(k: number, x: tf.Tensor2D): tf.Tensor2D {
    const layers = this.members[k];
    let h = x;
    layers.forEach((layer, l) => {
      const last = l === layers.length - 1;
      if (!last && this.spec.activation === 'relu') h = tf.fused.matMul({ a: h, b: layer.w, bias: layer.b, activation: 'relu' }) as tf.Tensor2D;
      else {
        const z = tf.fused.matMul({ a: h, b: layer.w, bias: layer.b }) as tf.Tensor2D;
        h = last ? z : act(z, this.spec.activation);
      }
    });
    return h;
  }

  /** Member k: x [B, in] → mean [B, D] and (Gaussian head) bounded log-variance [B, D]. */
  predict(k: number, x: tf.Tensor2D): { mean: tf.Tensor2D; logvar: tf.Tensor2D | null } {
    return this.headOf(this.run(k, x));
  }

  private headOf(raw: tf.Tensor2D): { mean: tf.Tensor2D; logvar: tf.Tensor2D | null } {
    if (!this.spec.gaussian) return { mean: raw, logvar: null };
    const D = this.headSize / 2;
    const [mean, rawLogvar] = tf.split(raw, [D, D], 1) as [tf.Tensor2D, tf.Tensor2D];
    return { mean, logvar: boundLogvar(rawLogvar) };
  }

  /**
   * One Adam step: member k trains on xs[k] [B, in], ys[k] [B, D]; loss = Σ_k mean over batch and
   * dims of the member's NLL (or squared error). Returns the members' losses before the step, [K].
   * Call inside tf.tidy; the returned tensor survives it (dispose it).
   */
  trainStep(xs: readonly tf.Tensor2D[], ys: readonly tf.Tensor2D[], lr: number, weightDecay: number): tf.Tensor1D {
    let perMember: tf.Tensor1D | null = null;
    const vars = this.variables;
    const { grads } = tf.variableGrads(() => {
      const losses = this.members.map((_, k) => {
        const { mean, logvar } = this.headOf(this.forwardRaw(k, xs[k]));
        const sq = tf.squaredDifference(mean, ys[k]);
        return tf.mean(logvar === null ? sq : tf.add(tf.mul(sq, tf.exp(tf.neg(logvar))), logvar));
      });
      const stacked = tf.stack(losses) as tf.Tensor1D;
      perMember = tf.keep(stacked);
      return tf.sum(stacked) as tf.Scalar;
    }, vars);
    this.adam.step(vars.map((v) => grads[v.name]), lr, null, weightDecay);
    return perMember!;
  }

  /** Per-member MSE of the mean prediction on the same x [B, in], y [B, D]: [K]. */
  meanSquaredError(x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D {
    return tf.stack(this.members.map((_, k) => tf.mean(tf.squaredDifference(this.predict(k, x).mean, y)))) as tf.Tensor1D;
  }

  /** Copy the weights into a plain-JS ensemble (one readback per tensor). */
  toJs(js?: JsEnsemble): JsEnsemble {
    const out = js ?? new JsEnsemble(this.spec.members, this.jsSizes, this.spec.activation);
    const sizes = this.jsSizes;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const w = new Float32Array(this.spec.members * sizes[l] * sizes[l + 1]);
      const b = new Float32Array(this.spec.members * sizes[l + 1]);
      this.members.forEach((layers, k) => {
        w.set(layers[l].w.dataSync(), k * sizes[l] * sizes[l + 1]);
        b.set(layers[l].b.dataSync(), k * sizes[l + 1]);
      });
      out.loadLayer(l, w, b);
    }
    return out;
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
    this.adam.dispose();
  }
}

/** mbrl-lib's soft bounds: logvar = max − softplus(max − raw); logvar = min + softplus(logvar − min). */
function boundLogvar(raw: tf.Tensor2D): tf.Tensor2D {
  const upper = tf.sub(MAX_LOGVAR, tf.softplus(tf.sub(MAX_LOGVAR, raw)));
  return tf.add(MIN_LOGVAR, tf.softplus(tf.sub(upper, MIN_LOGVAR)));
}

/** The same bounds in JS, for the planner's sampled rollouts. */
export function boundLogvarJs(raw: number): number {
  const upper = MAX_LOGVAR - softplus(MAX_LOGVAR - raw);
  return MIN_LOGVAR + softplus(upper - MIN_LOGVAR);
}

function softplus(x: number): number {
  // log(1 + e^x) without overflow.
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

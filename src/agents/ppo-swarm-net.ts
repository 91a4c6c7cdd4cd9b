// The seed swarm's networks: S copies of one MLP held as stacked tfjs variables with a leading seed axis,
// as PureJaxRL vmaps a network over seeds. Every seed's slice is the weights that seed's own run would
// have (each is drawn by nets.ts's Mlp from that seed's generator, then stacked), and one batched matMul
// per layer runs all S networks at once. Plus the per-seed global-gradient-norm clipping.
//
// Shapes: a layer's weight W is [S, in, out], its bias b [S, 1, out]; a batch x is [S, B, in]. Seed s's
// slice of any variable is the contiguous run [s · size/S, (s + 1) · size/S) of its flat data.

import * as tf from '@tensorflow/tfjs';
import { activate, activationGrad, variableFrom, type Activation } from './nets.ts';

export interface StackedLayer {
  readonly inSize: number;
  readonly outSize: number;
  readonly w: tf.Variable<tf.Rank.R3>;
  readonly b: tf.Variable<tf.Rank.R3>;
}

/** S networks of one shape, one per seed, evaluated together. */
export class StackedMlp {
  readonly layers: readonly StackedLayer[];

  /**
   * Stack per-seed weights: perSeed[s] is seed s's network as Mlp.variables lists it ([W0, b0, W1, b1, …],
   * W as [in, out] row-major), e.g. read from the Mlp that seed's own run builds.
   */
  constructor(
    readonly sizes: readonly number[],
    readonly activation: Activation,
    perSeed: readonly (readonly Float32Array[])[],
  ) {
    const S = perSeed.length;
    const layers: StackedLayer[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const inSize = sizes[l];
      const outSize = sizes[l + 1];
      const w = new Float32Array(S * inSize * outSize);
      const b = new Float32Array(S * outSize);
      perSeed.forEach((vars, s) => {
        w.set(vars[2 * l], s * inSize * outSize);
        b.set(vars[2 * l + 1], s * outSize);
      });
      layers.push({ inSize, outSize, w: variableFrom(tf.tensor3d(w, [S, inSize, outSize])), b: variableFrom(tf.tensor3d(b, [S, 1, outSize])) });
    }
    this.layers = layers;
  }

  /** [W0, b0, W1, b1, …], as Mlp.variables. */
  get variables(): tf.Variable[] {
    return this.layers.flatMap((l) => [l.w, l.b]);
  }

  /**
   * x [S, B, in] → [S, B, out], seed s through network s. Differentiable with respect to the weights
   * (x is data). With `hidden`, each hidden layer's output is pushed onto it and nothing is differentiable.
   */
  forward(x: tf.Tensor3D, hidden?: tf.Tensor3D[]): tf.Tensor3D {
    if (hidden !== undefined) return this.run(x, hidden);
    return this.trainForward(x, ...this.variables);
  }

  // One tape node per network, with the backward pass written out (as nets.ts's Mlp, for the same reason:
  // tfjs's matMul gradient uses the transposed kernels that are slow on wasm).
  private readonly trainForward = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const x = args[0] as tf.Tensor3D;
    const hidden: tf.Tensor3D[] = [];
    const out = this.run(x, hidden);
    save([x, ...hidden]);
    return { value: out, gradFunc: (dy: tf.Tensor3D, saved: tf.Tensor[]) => this.backward(dy, saved as tf.Tensor3D[]) };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor3D, ...params: tf.Variable[]) => tf.Tensor3D;

  private run(x: tf.Tensor3D, hidden: tf.Tensor3D[]): tf.Tensor3D {
    let h = x;
    const last = this.layers.length - 1;
    this.layers.forEach((layer, l) => {
      h = tf.add(seedMatMul(h, layer.w), layer.b);
      if (l < last) {
        h = activate(h, this.activation);
        hidden.push(h);
      }
    });
    return h;
  }

  /** Per seed: dW_l = h_{l−1}ᵀ·dz_l, db_l = Σ_batch dz_l, dz_{l−1} = act'(dz_l·W_lᵀ). Returns [dx (0), dW0, db0, …]. */
  private backward(dy: tf.Tensor3D, saved: tf.Tensor3D[]): tf.Tensor[] {
    const [x, ...hidden] = saved;
    const grads: tf.Tensor[] = [];
    let dz = dy;
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const input = l === 0 ? x : hidden[l - 1];
      grads.push(tf.sum(dz, 1, true), seedMatMul(input, dz, true));
      if (l > 0) dz = activationGrad(seedMatMul(dz, this.layers[l].w, false, true), hidden[l - 1], this.activation);
    }
    grads.push(tf.zerosLike(x));
    return grads.reverse();
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/**
 * a_s · b_s for every seed s ([S, n, k] × [S, k, m] → [S, n, m]), with a or b transposed per seed
 * explicitly (tfjs's transposed matMul kernels are the slow ones on wasm). One batched matMul, except on
 * wasm: tfjs-wasm runs a batched matMul with batch > 1 in a scalar loop (slow_batch_matmul in its
 * BatchMatMul.cc) and only batch 1 through XNNPACK, so there it is one [1, n, k] × [1, k, m] matMul per seed.
 */
export function seedMatMul(a: tf.Tensor3D, b: tf.Tensor3D, transposeA = false, transposeB = false): tf.Tensor3D {
  const left = transposeA ? tf.transpose(a, [0, 2, 1]) : a;
  const right = transposeB ? tf.transpose(b, [0, 2, 1]) : b;
  if (tf.getBackend() !== 'wasm' || a.shape[0] === 1) return tf.matMul(left, right);
  const rights = seedParts(right);
  return tf.concat(seedParts(left).map((x, s) => tf.matMul(x, rights[s]))) as tf.Tensor3D;
}

/**
 * The S slices [1, n, m] of t [S, n, m], on wasm. Read once and re-uploaded: tfjs-wasm's slice (and so
 * unstack and split) copies its whole input for every slice, S² copies here; its gather is slower still.
 * Inside the swarm's custom-gradient forward and backward passes, where the tape does not look.
 */
function seedParts(t: tf.Tensor3D): tf.Tensor3D[] {
  const [S, n, m] = t.shape;
  const data = t.dataSync() as Float32Array;
  return Array.from({ length: S }, (_, s) => tf.tensor3d(data.subarray(s * n * m, (s + 1) * n * m), [1, n, m]));
}

/**
 * torch.nn.utils.clip_grad_norm_ for each seed on its own: seed s's norm is taken over its slices of all
 * `grads` (each [S, …]), and those slices are scaled by min(1, max / (norm_s + 1e-6)) (unscaled when
 * maxGradNorm is null). Returns the clipped gradients and the per-seed norms before clipping [S].
 */
export function clipGradNormPerSeed(grads: readonly tf.Tensor[], maxGradNorm: number | null): { grads: tf.Tensor[]; norms: tf.Tensor1D } {
  const S = grads[0].shape[0];
  const squares = grads.map((g) => tf.sum(tf.square(tf.reshape(g, [S, -1])), 1));
  const norms = tf.sqrt(squares.length === 1 ? squares[0] : tf.addN(squares)) as tf.Tensor1D;
  if (maxGradNorm === null) return { grads: [...grads], norms };
  const scale = tf.minimum(1, tf.div(maxGradNorm, tf.add(norms, 1e-6)));
  return { grads: grads.map((g) => tf.mul(g, tf.reshape(scale, [S, ...g.shape.slice(1).map(() => 1)]))), norms };
}

/** Seed s's weights out of the flat read-back of `vars` (each [S, …], concatenated in order), in that order. */
export function seedSlice(flat: Float32Array, vars: readonly tf.Tensor[], S: number, s: number): Float32Array {
  const out = new Float32Array(vars.reduce((n, v) => n + v.size / S, 0));
  let o = 0;
  let at = 0;
  for (const v of vars) {
    const per = v.size / S;
    out.set(flat.subarray(o + s * per, o + (s + 1) * per), at);
    at += per;
    o += v.size;
  }
  return out;
}

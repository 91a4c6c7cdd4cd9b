// The policy distributions the policy-gradient agents (PPO, VPG, A2C) share: a categorical over logits for
// discrete actions and a diagonal Gaussian with a state-independent log σ for continuous ones
// (torch.distributions.Categorical / Normal, as Spinning Up's and SB3's MLP policies). tfjs versions
// for the loss, plain-JS versions for sampling and for the post-update KL on the rollout's copy.
//
// Shapes: head [B × A] (logits, or the Gaussian mean with A = action dims); discrete actions enter the
// loss one-hot [B × A]; continuous actions [B × A].

import * as tf from '@tensorflow/tfjs';
import { AGENT_METRIC } from '../diagnostics/metric-keys.ts';
import type { Rng } from '../envs/rng.ts';
import type { JsMlp, Mlp } from './nets.ts';

export const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Mean σ of the Gaussian policy, continuous actions. */
export const POLICY_STD = AGENT_METRIC.policyStd;

/**
 * log π(a|s) and the entropy per sample. Discrete: Categorical(logits) with one-hot actions;
 * continuous: Normal(head, exp(logStd)) summed over action dims. `activations` collects hidden outputs.
 */
export function evaluateActions(
  actor: Mlp,
  logStd: tf.Variable | null,
  obs: tf.Tensor2D,
  actions: tf.Tensor2D,
  activations?: tf.Tensor2D[],
): { logProb: tf.Tensor1D; entropy: tf.Tensor1D } {
  const head = actor.forward(obs, activations);
  if (logStd === null) {
    const logp = tf.logSoftmax(head);
    const logProb = tf.sum(tf.mul(logp, actions), 1) as tf.Tensor1D;
    const entropy = tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1)) as tf.Tensor1D;
    return { logProb, entropy };
  }
  // torch Normal.log_prob: −(a − μ)²/(2σ²) − log σ − log √(2π); entropy ½ + log √(2π) + log σ per dim.
  const z = tf.div(tf.sub(actions, head), tf.exp(logStd));
  const logProb = tf.sum(tf.sub(tf.mul(-0.5, tf.square(z)), tf.add(logStd, LOG_SQRT_2PI)), 1) as tf.Tensor1D;
  const entropy = tf.mul(tf.onesLike(logProb), tf.sum(tf.add(logStd, 0.5 + LOG_SQRT_2PI))) as tf.Tensor1D;
  return { logProb, entropy };
}

/** Categorical(logits).sample() for the row at `offset` of A logits. */
export function sampleCategorical(head: ArrayLike<number>, offset: number, numActions: number, rng: Rng): number {
  let m = -Infinity;
  for (let a = 0; a < numActions; a++) if (head[offset + a] > m) m = head[offset + a];
  let z = 0;
  for (let a = 0; a < numActions; a++) z += Math.exp(head[offset + a] - m);
  let u = rng.random() * z;
  for (let a = 0; a < numActions - 1; a++) {
    u -= Math.exp(head[offset + a] - m);
    if (u < 0) return a;
  }
  return numActions - 1;
}

/** log softmax(logits)[action] for the row at `offset`. */
export function categoricalLogProb(head: ArrayLike<number>, offset: number, numActions: number, action: number): number {
  let m = -Infinity;
  for (let a = 0; a < numActions; a++) if (head[offset + a] > m) m = head[offset + a];
  let z = 0;
  for (let a = 0; a < numActions; a++) z += Math.exp(head[offset + a] - m);
  return head[offset + action] - m - Math.log(z);
}

/** Σ_k log N(a_k; μ_k, σ_k) for the row of means at `offset` and the actions at `actionOffset`. */
export function gaussianLogProb(head: ArrayLike<number>, offset: number, logStd: ArrayLike<number>, actions: ArrayLike<number>, actionOffset: number): number {
  let s = 0;
  for (let k = 0; k < logStd.length; k++) {
    const z = (actions[actionOffset + k] - head[offset + k]) / Math.exp(logStd[k]);
    s += -0.5 * z * z - logStd[k] - LOG_SQRT_2PI;
  }
  return s;
}

/**
 * log π(a|s) of `rows` stored samples under the JS copy of the policy (obs [rows × D], actions one
 * integer per row or [rows × A]); `head` is scratch of at least rows × A. Used for the post-update KL.
 */
export function jsLogProbs(
  actor: JsMlp,
  logStd: ArrayLike<number> | null,
  obs: Float32Array,
  actions: Float32Array,
  rows: number,
  head: Float64Array,
  out: Float64Array,
): void {
  const A = actor.sizes[actor.sizes.length - 1];
  actor.forward(obs, rows, head);
  for (let i = 0; i < rows; i++) {
    out[i] = logStd === null ? categoricalLogProb(head, i * A, A, actions[i]) : gaussianLogProb(head, i * A, logStd, actions, i * A);
  }
}

/** Turn rows of logits ([rows × A]) into probabilities in place. */
export function softmaxRows(head: Float64Array, rows: number, numActions: number): void {
  for (let i = 0; i < rows; i++) {
    const o = i * numActions;
    let m = -Infinity;
    for (let a = 0; a < numActions; a++) m = Math.max(m, head[o + a]);
    let z = 0;
    for (let a = 0; a < numActions; a++) z += head[o + a] = Math.exp(head[o + a] - m);
    for (let a = 0; a < numActions; a++) head[o + a] /= z;
  }
}

/** Hidden-layer bias of the `dead_relu_init` bug: far enough below zero that almost every ReLU unit outputs 0 for every input. */
export const DEAD_RELU_BIAS = -3;

/** The `dead_relu_init` bug's initialisation: every hidden bias set to DEAD_RELU_BIAS. */
export function deadReluInit(net: Mlp): void {
  for (const layer of net.layers.slice(0, -1)) tf.tidy(() => layer.b.assign(tf.fill([layer.outSize], DEAD_RELU_BIAS)));
}

/** Grow a typed array to hold at least `n` elements (doubling), keeping its contents; returns it or the copy. */
export function ensureCapacity<A extends Float32Array | Float64Array | Uint8Array>(arr: A, n: number): A {
  if (arr.length >= n) return arr;
  let size = Math.max(1, arr.length);
  while (size < n) size *= 2;
  const bigger = new (arr.constructor as new (n: number) => A)(size);
  bigger.set(arr);
  return bigger;
}

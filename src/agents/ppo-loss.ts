// PPO's minibatch loss (cleanrl/ppo.py: clipped surrogate, optionally clipped value loss, entropy bonus)
// as ONE custom-gradient tfjs op of the actor's head, the critic's output and log σ, for the tfjs compute
// path. Written with ordinary ops under tf.variableGrads, the loss put ~40 ops on the gradient tape, each
// cloning the tensors its gradient needs and adding 2–4 gradient ops: ~200 kernel dispatches per minibatch,
// where the arithmetic on 128 × 2 numbers is nothing. Here the forward pass computes the loss, its
// statistics and its gradient at once, untaped (~70 dispatches). Same formulas, same tie-breaking as
// tfjs's autodiff (maximum sends the gradient to its first argument on ties; clipByValue passes it on
// the closed interval); tests/unit/agents/ppo-loss.test.ts checks gradients against autodiff to 1e-5.
//
// Shapes: head [M × A] (logits, or the Gaussian mean), value [M × 1], logStd [A] (continuous only);
// discrete actions one-hot [M × A].

import * as tf from '@tensorflow/tfjs';
import { LOG_SQRT_2PI } from './policy-dist.ts';

export interface PpoLossData {
  actions: tf.Tensor2D;
  oldLogProb: tf.Tensor1D;
  advantages: tf.Tensor1D;
  returns: tf.Tensor1D;
  values: tf.Tensor1D;
}

export interface PpoLossSettings {
  clipCoef: number;
  entCoef: number;
  vfCoef: number;
  clipVloss: boolean;
  /** The sum_instead_of_mean_loss bug: every term summed over the minibatch instead of averaged. */
  sumLoss: boolean;
}

/** What the op leaves beside the loss (kept: the caller disposes them). */
export interface PpoLossSide {
  /** [pg_loss, v_loss, mean entropy, old_approx_kl, approx_kl, clipfrac]. */
  stats: tf.Tensor1D | null;
  ratio: tf.Tensor1D | null;
}

/**
 * The total loss pg − entCoef·entropy + vfCoef·v as a scalar whose gradient flows to head, value and
 * (continuous) logStd. Call inside tf.variableGrads; `side` receives the statistics (and the ratios when
 * keepRatio), kept.
 */
export function ppoLoss(head: tf.Tensor2D, value: tf.Tensor2D, logStd: tf.Variable | null, data: PpoLossData, s: PpoLossSettings, keepRatio: boolean, side: PpoLossSide): tf.Scalar {
  const op = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [h, v, ls] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D | undefined];
    const { total, grads } = lossAndGradients(h, v, ls ?? null, data, s, keepRatio, side);
    save(grads);
    return { value: total, gradFunc: (dy: tf.Scalar, saved: tf.Tensor[]) => saved.map((g) => tf.mul(dy, g)) };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (...inputs: tf.Tensor[]) => tf.Scalar;
  return logStd === null ? op(head, value) : op(head, value, logStd);
}

function lossAndGradients(head: tf.Tensor2D, value: tf.Tensor2D, logStd: tf.Tensor1D | null, d: PpoLossData, s: PpoLossSettings, keepRatio: boolean, side: PpoLossSide): { total: tf.Scalar; grads: tf.Tensor[] } {
  const M = head.shape[0];
  const r = s.sumLoss ? 1 : 1 / M;
  const reduce = (x: tf.Tensor): tf.Scalar => (s.sumLoss ? tf.sum(x) : tf.mean(x));

  // log π(a|s) and the entropy, as evaluateActions (policy-dist.ts) computes them: the same kernels, so
  // the first minibatch's ratio is exactly 1.
  let newLogProb: tf.Tensor1D;
  let entropy: tf.Tensor1D;
  let logp: tf.Tensor2D | null = null;
  let z: tf.Tensor2D | null = null;
  if (logStd === null) {
    logp = tf.logSoftmax(head);
    newLogProb = tf.sum(tf.mul(logp, d.actions), 1) as tf.Tensor1D;
    entropy = tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1)) as tf.Tensor1D;
  } else {
    z = tf.div(tf.sub(d.actions, head), tf.exp(logStd)) as tf.Tensor2D;
    newLogProb = tf.sum(tf.sub(tf.mul(-0.5, tf.square(z)), tf.add(logStd, LOG_SQRT_2PI)), 1) as tf.Tensor1D;
    entropy = tf.mul(tf.onesLike(newLogProb), tf.sum(tf.add(logStd, 0.5 + LOG_SQRT_2PI))) as tf.Tensor1D;
  }
  const logratio = tf.sub(newLogProb, d.oldLogProb) as tf.Tensor1D;
  const ratio = tf.exp(logratio) as tf.Tensor1D;

  // Policy loss max(−A·r, −A·clip(r)) and its derivative in r.
  const negAdv = tf.neg(d.advantages);
  const lo = 1 - s.clipCoef;
  const hi = 1 + s.clipCoef;
  const pg1 = tf.mul(negAdv, ratio);
  const pg2 = tf.mul(negAdv, tf.clipByValue(ratio, lo, hi));
  const pgLoss = reduce(tf.maximum(pg1, pg2));
  const inRange = tf.logicalAnd(tf.greaterEqual(ratio, lo), tf.lessEqual(ratio, hi));
  const dRatio = tf.where(tf.logicalOr(tf.greaterEqual(pg1, pg2), inRange), negAdv, tf.zerosLike(negAdv));
  // dL/d log π(a|s) = r · ∂pg/∂ratio · ratio.
  const dLogProb = tf.mul(dRatio, tf.mul(ratio, r));

  // Value loss and its derivative in v.
  const newValue = tf.reshape(value, [-1]);
  const err = tf.sub(newValue, d.returns) as tf.Tensor1D;
  let vLoss: tf.Scalar;
  let dValue: tf.Tensor1D;
  if (s.clipVloss) {
    const vUnclipped = tf.square(err);
    const delta = tf.sub(newValue, d.values);
    const vClippedErr = tf.sub(tf.add(d.values, tf.clipByValue(delta, -s.clipCoef, s.clipCoef)), d.returns);
    const vClipped = tf.square(vClippedErr);
    vLoss = tf.mul(0.5, reduce(tf.maximum(vUnclipped, vClipped)));
    const deltaIn = tf.logicalAnd(tf.greaterEqual(delta, -s.clipCoef), tf.lessEqual(delta, s.clipCoef));
    const clippedGrad = tf.where(deltaIn, vClippedErr, tf.zerosLike(vClippedErr));
    dValue = tf.where(tf.greaterEqual(vUnclipped, vClipped), err, clippedGrad) as tf.Tensor1D;
  } else {
    vLoss = tf.mul(0.5, reduce(tf.square(err)));
    dValue = err;
  }
  // d(vfCoef · ½ · reduce((v − R)²))/dv = vfCoef · r · (v − R), per branch.
  const gValue = tf.reshape(tf.mul(dValue, s.vfCoef * r), [M, 1]);

  const entropyLoss = reduce(entropy);
  const total = tf.add(tf.sub(pgLoss, tf.mul(s.entCoef, entropyLoss)), tf.mul(vLoss, s.vfCoef)) as tf.Scalar;

  let grads: tf.Tensor[];
  if (logp !== null) {
    // ∂ log π(a)/∂logits = onehot(a) − p; ∂H/∂logits = −p ⊙ (log p + H).
    const p = tf.exp(logp);
    const gPolicy = tf.mul(tf.expandDims(dLogProb, 1), tf.sub(d.actions, p));
    const gEntropy = tf.mul(p, tf.add(logp, tf.expandDims(entropy, 1)));
    grads = [tf.add(gPolicy, tf.mul(gEntropy, s.entCoef * r)), gValue];
  } else {
    // ∂ log π/∂μ = z/σ; ∂ log π/∂ log σ = z² − 1; ∂H/∂ log σ = 1 per row.
    const zz = z!;
    const gHead = tf.div(tf.mul(tf.expandDims(dLogProb, 1), zz), tf.exp(logStd!));
    const gLogStd = tf.sub(tf.sum(tf.mul(tf.expandDims(dLogProb, 1), tf.sub(tf.square(zz), 1)), 0), s.entCoef * r * M);
    grads = [gHead, gValue, gLogStd];
  }

  // calculate approx_kl http://joschu.net/blog/kl-approx.html; losses/entropy is the mean entropy whatever the loss does with it.
  const oldApproxKl = tf.mean(tf.neg(logratio));
  const approxKl = tf.mean(tf.sub(tf.sub(ratio, 1), logratio));
  const clipFrac = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), s.clipCoef), 'float32'));
  const meanEntropy = s.sumLoss ? tf.mean(entropy) : entropyLoss;
  side.stats = tf.keep(tf.stack([pgLoss, vLoss, meanEntropy, oldApproxKl, approxKl, clipFrac]) as tf.Tensor1D);
  side.ratio = keepRatio ? tf.keep(ratio) : null;
  return { total, grads };
}

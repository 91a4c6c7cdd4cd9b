// DQN's TD loss (cleanrl/dqn.py: F.mse_loss, or F.smooth_l1_loss as SB3/the zoo use) as ONE
// custom-gradient tfjs op of the Q-network's output, for the tfjs compute path: the forward pass computes
// the loss, its statistics and dL/dQ at once, untaped, instead of a dozen taped ops that each clone their
// inputs and add gradient ops. Same derivative as tfjs's autodiff: Huber (β = 1) gives clip(e, −1, 1) —
// tfjs's minimum sends the gradient to |e| on the tie |e| = 1, which is the same value — and MSE gives 2e;
// tests/unit/agents/dqn-loss.test.ts checks them against autodiff to 1e-5.

import * as tf from '@tensorflow/tfjs';
import { lossStatistics } from './dqn-report.ts';

export interface TdLossSide {
  /** dqn-report.ts lossStatistics: [loss, Q mean/min/max, target mean/min/max] (kept). */
  stats: tf.Tensor1D | null;
  /** Q(s, a) of the taken actions (kept when asked for). */
  qTaken: tf.Tensor1D | null;
}

/**
 * reduce(loss(Q(s, a) − target)) over the batch, differentiable in qAll [B × |A|]; actionMask one-hot
 * [B × |A|]; tdTarget [B] is data. sumLoss: the sum_instead_of_mean_loss bug. Call inside tf.variableGrads.
 */
export function tdLoss(qAll: tf.Tensor2D, actionMask: tf.Tensor2D, tdTarget: tf.Tensor1D, huber: boolean, sumLoss: boolean, keepQTaken: boolean, side: TdLossSide): tf.Scalar {
  const op = tf.customGrad(((q: tf.Tensor2D, save: tf.GradSaveFunc) => {
    const B = q.shape[0];
    const qTaken = tf.sum(tf.mul(q, actionMask), 1) as tf.Tensor1D;
    const tdError = tf.sub(qTaken, tdTarget);
    let perSample: tf.Tensor1D;
    let dError: tf.Tensor1D;
    if (huber) {
      // smooth_l1 (β = 1): ½e² for |e| < 1, |e| − ½ beyond; d/de = clip(e, −1, 1).
      const absErr = tf.abs(tdError);
      const quadratic = tf.minimum(absErr, 1);
      perSample = tf.add(tf.mul(0.5, tf.square(quadratic)), tf.sub(absErr, quadratic)) as tf.Tensor1D;
      dError = tf.clipByValue(tdError, -1, 1) as tf.Tensor1D;
    } else {
      perSample = tf.square(tdError) as tf.Tensor1D;
      dError = tf.mul(tdError, 2);
    }
    const total = (sumLoss ? tf.sum(perSample) : tf.mean(perSample)) as tf.Scalar;
    // dL/dQ(s, a') = onehot(a)_a' · r · dℓ/de, r = 1/B (mean) or 1 (sum).
    const grad = tf.mul(actionMask, tf.expandDims(sumLoss ? dError : tf.mul(dError, 1 / B), 1));
    save([grad]);
    side.stats = tf.keep(lossStatistics(total, qTaken, tdTarget));
    side.qTaken = keepQTaken ? tf.keep(qTaken) : null;
    return { value: total, gradFunc: (dy: tf.Scalar, saved: tf.Tensor[]) => [tf.mul(dy, saved[0])] };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (q: tf.Tensor2D) => tf.Scalar;
  return op(qAll);
}

// RMSprop as torch.optim.RMSprop with centered=False, momentum=0, weight_decay=0 (what Stable-Baselines3's
// A2C uses: alpha 0.99, eps 1e-5), with torch.nn.utils.clip_grad_norm_ before the step. One flat
// square-average vector for all variables, like nets.ts's Adam, so a step costs a few ops.
//
//   v ← α·v + (1 − α)·g²
//   p ← p − lr · g / (√v + ε)        (torch adds ε after the square root; v starts at 0)

import * as tf from '@tensorflow/tfjs';
import { applyFlatDelta, clipGradNorm, flatSlot } from './nets.ts';

export class RmsProp {
  /** torch's `square_avg` [Σ sizes]. */
  private readonly squareAvg: tf.Variable<tf.Rank.R1>;

  constructor(
    private readonly vars: readonly tf.Variable[],
    readonly eps = 1e-5,
    readonly alpha = 0.99,
  ) {
    this.squareAvg = flatSlot(vars);
  }

  /** One step with `grads` (same order as the variables), clipped to maxGradNorm (null: no clipping). Returns the norm before clipping. Call inside tf.tidy. */
  step(grads: readonly tf.Tensor[], lr: number, maxGradNorm: number | null): tf.Scalar {
    const { grad: g, norm } = clipGradNorm(grads, maxGradNorm);
    const v = tf.add(tf.mul(this.squareAvg, this.alpha), tf.mul(tf.square(g), 1 - this.alpha)) as tf.Tensor1D;
    this.squareAvg.assign(v);
    applyFlatDelta(this.vars, tf.mul(tf.div(g, tf.add(tf.sqrt(v), this.eps)), lr) as tf.Tensor1D);
    return norm;
  }

  dispose(): void {
    this.squareAvg.dispose();
  }
}

// RMSprop as torch.optim.RMSprop with centered=False, momentum=0, weight_decay=0 (what Stable-Baselines3's
// A2C uses: alpha 0.99, eps 1e-5), with torch.nn.utils.clip_grad_norm_ before the step. One flat
// square-average vector for all variables, like nets.ts's Adam, so a step costs a few ops.
//
//   v ← α·v + (1 − α)·g²
//   p ← p − lr · g / (√v + ε)        (torch adds ε after the square root; v starts at 0)

import * as tf from '@tensorflow/tfjs';
import { flattenVariables, variableFrom } from './nets.ts';

export class RmsProp {
  private readonly vars: readonly tf.Variable[];
  private readonly sizes: number[];
  /** torch's `square_avg` [Σ sizes]. */
  private readonly squareAvg: tf.Variable<tf.Rank.R1>;
  private t = 0;

  constructor(
    vars: readonly tf.Variable[],
    readonly eps = 1e-5,
    readonly alpha = 0.99,
  ) {
    this.vars = vars;
    this.sizes = vars.map((v) => v.size);
    const n = this.sizes.reduce((a, b) => a + b, 0);
    this.squareAvg = variableFrom(tf.zeros([n]) as tf.Tensor1D, undefined, false);
  }

  /** Optimiser steps taken. */
  get steps(): number {
    return this.t;
  }

  /**
   * One step with `grads` (same order as the variables). The global L2 norm is clipped to maxGradNorm
   * as clip_grad_norm_ does (scale = min(1, max / (norm + 1e-6))); null: no clipping.
   * Returns the global norm before clipping. Call inside tf.tidy.
   */
  step(grads: readonly tf.Tensor[], lr: number, maxGradNorm: number | null): tf.Scalar {
    this.t++;
    const g0 = flattenVariables(grads);
    const norm = tf.sqrt(tf.sum(tf.square(g0)));
    const g = maxGradNorm === null ? g0 : tf.mul(g0, tf.minimum(1, tf.div(maxGradNorm, tf.add(norm, 1e-6))));
    const v = tf.add(tf.mul(this.squareAvg, this.alpha), tf.mul(tf.square(g), 1 - this.alpha)) as tf.Tensor1D;
    this.squareAvg.assign(v);
    const delta = tf.mul(tf.div(g, tf.add(tf.sqrt(v), this.eps)), lr);
    const parts = tf.split(delta, this.sizes);
    this.vars.forEach((variable, i) => variable.assign(tf.sub(variable, tf.reshape(parts[i], variable.shape))));
    return norm as tf.Scalar;
  }

  dispose(): void {
    this.squareAvg.dispose();
  }
}

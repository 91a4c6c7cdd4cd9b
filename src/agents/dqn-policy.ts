// How DQN acts: CleanRL's linear ε schedule, the greedy action of a row of Q-values, the plain-JS
// mirror of the Q-network that picks those actions without tfjs dispatch, and the entropy of the
// ε-greedy policy that the agent reports.

import * as tf from '@tensorflow/tfjs';
import { flattenVariables, JsMlp, type Mlp } from './nets.ts';

/** cleanrl linear_schedule: from start to end over `duration` steps, then flat at end. */
export function linearSchedule(start: number, end: number, duration: number, t: number): number {
  if (!(duration > 0) || t >= duration) return end;
  return start + ((end - start) * t) / duration;
}

/** argmax_a q[offset + a] over n actions; ties go to the lowest action (torch.argmax). */
export function greedyAction(q: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  for (let a = 1; a < n; a++) if (q[offset + a] > q[offset + best]) best = a;
  return best;
}

/** Entropy of the ε-greedy policy over n actions (unique greedy action): how random the behaviour is. */
export function epsilonGreedyEntropy(epsilon: number, n: number): number {
  if (n <= 1) return 0;
  const pOther = epsilon / n;
  const pGreedy = 1 - epsilon + pOther;
  const h = (p: number): number => (p > 0 ? -p * Math.log(p) : 0);
  return h(pGreedy) + (n - 1) * h(pOther);
}

/** The parameters of `net` as one flat vector in Mlp.variables order (one asynchronous readback). */
export async function readWeights(net: Mlp): Promise<Float32Array> {
  const flat = tf.tidy(() => flattenVariables(net.variables));
  const weights = (await flat.data()) as Float32Array;
  flat.dispose();
  return weights;
}

/** A plain-JS copy of `net` loaded with `weights`, or (at construction, where nothing can wait) read synchronously from it. */
export function jsMirror(net: Mlp, weights?: ArrayLike<number>): JsMlp {
  const js = new JsMlp(net.sizes, net.activation);
  if (weights !== undefined) js.load(weights, 0);
  else {
    const flat = tf.tidy(() => flattenVariables(net.variables));
    js.load(flat.dataSync(), 0);
    flat.dispose();
  }
  return js;
}

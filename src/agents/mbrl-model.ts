// The learned dynamics model of the model-based agent: the transitions seen so far, how a state and
// an action become the network's input and a transition its target, training on all data, and one
// imagined step for a batch of particles. Three of the agent's bugs live here, at the lines they break.
//
// State s: the env's physical state (src/envs/planning.ts), e.g. Pendulum's [θ, θ̇].
// Input x = normalise([features(s), a]) with angles as (sin, cos); target y = normalise(Δs) with
// angle differences wrapped to [−π, π); next state s' = s + denormalise(ŷ), angles wrapped again.
// Normalisation: mean and std of the training inputs and targets, recomputed before every training
// (mbrl-lib's Normalizer.update_stats on all data; std below 1e-5 counts as 1).

import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../envs/rng.ts';
import { wrapAngle } from '../envs/planning.ts';
import { boundLogvarJs, TfEnsemble } from './mbrl-ensemble.ts';
import type { JsEnsemble, ModelActivation } from './mbrl-js-ensemble.ts';

export interface ModelOptions {
  stateDim: number;
  actDim: number;
  angleDims: readonly number[];
  members: number;
  hiddenSizes: readonly number[];
  activation: ModelActivation;
  gaussian: boolean;
  /** Imagined steps through the plain-JS copy (else tfjs); a function decides from the layer sizes [in, ...hidden, head]. */
  jsForward: boolean | ((sizes: readonly number[]) => boolean);
  bugs: { angle_not_wrapped: boolean; predict_state_not_delta: boolean; no_renormalize_in_rollout: boolean };
}

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  weightDecay: number;
  bootstrap: boolean;
}

export interface TrainResult {
  /** Per member: mean training loss over the last epoch (NLL or MSE, normalised units). */
  trainLoss: number[];
  /** Per member: MSE of the mean prediction on the held-out transitions (normalised units); null when none are held out. */
  valLoss: number[] | null;
  gradientSteps: number;
}

/** Which members an imagined step uses: row groups by member (TS), the members' average, or one member for every row. */
export type Propagation = { kind: 'grouped' } | { kind: 'mean' } | { kind: 'member'; member: number };

export class DynamicsModel {
  readonly opts: ModelOptions;
  readonly featureDim: number;
  readonly ensemble: TfEnsemble;
  /** Imagined steps run through the plain-JS copy (else tfjs). */
  readonly jsForward: boolean;
  private js: JsEnsemble | null = null;
  private readonly isAngle: Uint8Array;
  // Transitions, row-major.
  private readonly states: number[] = [];
  private readonly actions: number[] = [];
  private readonly nextStates: number[] = [];
  private readonly heldOut: boolean[] = [];
  // Normalisers (identity until the first training).
  readonly inMean: Float64Array;
  readonly inStd: Float64Array;
  readonly outMean: Float64Array;
  readonly outStd: Float64Array;
  /** Std of each state component over the data: the unit of the error metrics. */
  readonly stateStd: Float64Array;
  private x = new Float32Array(0);
  private head = new Float32Array(0);

  constructor(opts: ModelOptions, rng: Rng) {
    this.opts = opts;
    this.isAngle = new Uint8Array(opts.stateDim);
    for (const d of opts.angleDims) this.isAngle[d] = 1;
    // BUG angle_not_wrapped: the raw angle is one input instead of its (sin, cos) pair.
    const angleInputs = opts.bugs.angle_not_wrapped ? 1 : 2;
    this.featureDim = opts.stateDim + opts.angleDims.length * (angleInputs - 1) + opts.actDim;
    const D = opts.stateDim;
    const sizes = [this.featureDim, ...opts.hiddenSizes, D];
    this.ensemble = new TfEnsemble({ members: opts.members, sizes, activation: opts.activation, gaussian: opts.gaussian }, rng);
    this.jsForward = typeof opts.jsForward === 'function' ? opts.jsForward(this.ensemble.jsSizes) : opts.jsForward;
    this.inMean = new Float64Array(this.featureDim);
    this.inStd = new Float64Array(this.featureDim).fill(1);
    this.outMean = new Float64Array(D);
    this.outStd = new Float64Array(D).fill(1);
    this.stateStd = new Float64Array(D).fill(1);
  }

  get size(): number {
    return this.heldOut.length;
  }

  /** Store one real transition; it is held out for validation with probability `validationRatio`. */
  add(state: ArrayLike<number>, action: ArrayLike<number>, nextState: ArrayLike<number>, validationRatio: number, rng: Rng): void {
    for (let d = 0; d < this.opts.stateDim; d++) {
      this.states.push(state[d]);
      this.nextStates.push(nextState[d]);
    }
    for (let a = 0; a < this.opts.actDim; a++) this.actions.push(action[a]);
    this.heldOut.push(rng.random() < validationRatio);
  }

  /** Unnormalised input features of (s, a) written at out[offset…]. */
  private features(s: ArrayLike<number>, sOff: number, a: ArrayLike<number>, aOff: number, out: { [i: number]: number }, offset: number): void {
    let f = offset;
    for (let d = 0; d < this.opts.stateDim; d++) {
      const v = s[sOff + d];
      if (this.isAngle[d] && !this.opts.bugs.angle_not_wrapped) {
        out[f++] = Math.sin(v);
        out[f++] = Math.cos(v);
      } else out[f++] = v;
    }
    for (let k = 0; k < this.opts.actDim; k++) out[f++] = a[aOff + k];
  }

  /** The regression target of transition i, component d (unnormalised). */
  private target(i: number, d: number): number {
    const D = this.opts.stateDim;
    const s = this.states[i * D + d];
    const next = this.nextStates[i * D + d];
    // BUG predict_state_not_delta: the model regresses the next state itself, not the change Δs.
    if (this.opts.bugs.predict_state_not_delta) return next;
    // BUG angle_not_wrapped: the angle's change is not wrapped, so crossing ±π looks like a jump of 2π.
    if (this.isAngle[d] && !this.opts.bugs.angle_not_wrapped) return wrapAngle(next - s);
    return next - s;
  }

  /** Refit the normalisers and train every member on all training data; then refresh the JS copy. */
  train(o: TrainOptions, rng: Rng): TrainResult {
    const { stateDim: D } = this.opts;
    const F = this.featureDim;
    const K = this.opts.members;
    const n = this.size;
    const trainRows: number[] = [];
    const valRows: number[] = [];
    for (let i = 0; i < n; i++) (this.heldOut[i] ? valRows : trainRows).push(i);
    if (trainRows.length === 0) return { trainLoss: new Array(K).fill(NaN), valLoss: null, gradientSteps: 0 };
    // Inputs and targets of every transition, then statistics over the training rows.
    const X = new Float64Array(n * F);
    const Y = new Float64Array(n * D);
    for (let i = 0; i < n; i++) {
      this.features(this.states, i * D, this.actions, i * this.opts.actDim, X, i * F);
      for (let d = 0; d < D; d++) Y[i * D + d] = this.target(i, d);
    }
    fitNormaliser(X, F, trainRows, this.inMean, this.inStd);
    fitNormaliser(Y, D, trainRows, this.outMean, this.outStd);
    fitNormaliser(Float64Array.from(this.states), D, trainRows, new Float64Array(D), this.stateStd);
    const Xn = new Float32Array(n * F);
    const Yn = new Float32Array(n * D);
    for (let i = 0; i < n * F; i++) Xn[i] = (X[i] - this.inMean[i % F]) / this.inStd[i % F];
    for (let i = 0; i < n * D; i++) Yn[i] = (Y[i] - this.outMean[i % D]) / this.outStd[i % D];

    // Each member's sample: drawn with replacement (bootstrap) or the training rows themselves.
    const N = trainRows.length;
    const samples = Array.from({ length: K }, () => (o.bootstrap ? Int32Array.from({ length: N }, () => trainRows[rng.integers(N)]) : Int32Array.from(trainRows)));
    const B = Math.min(o.batchSize, N);
    const batches = Math.ceil(N / B);
    const lossSum = new Float64Array(K);
    let steps = 0;
    const xb = new Float32Array(B * F);
    const yb = new Float32Array(B * D);
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      for (const s of samples) shuffle(s, rng);
      lossSum.fill(0);
      for (let b = 0; b < batches; b++) {
        const lo = b * B;
        const rows = Math.min(B, N - lo);
        const losses = tf.tidy(() => {
          const xs: tf.Tensor2D[] = [];
          const ys: tf.Tensor2D[] = [];
          for (const s of samples) {
            for (let r = 0; r < rows; r++) {
              const i = s[lo + r];
              xb.set(Xn.subarray(i * F, i * F + F), r * F);
              yb.set(Yn.subarray(i * D, i * D + D), r * D);
            }
            xs.push(tf.tensor2d(xb.subarray(0, rows * F), [rows, F]));
            ys.push(tf.tensor2d(yb.subarray(0, rows * D), [rows, D]));
          }
          return this.ensemble.trainStep(xs, ys, o.learningRate, o.weightDecay);
        });
        const values = losses.dataSync();
        losses.dispose();
        for (let k = 0; k < K; k++) lossSum[k] += values[k] * rows;
        steps++;
      }
    }
    const trainLoss = Array.from(lossSum, (s) => s / N);
    let valLoss: number[] | null = null;
    if (valRows.length > 0) {
      const xv = new Float32Array(valRows.length * F);
      const yv = new Float32Array(valRows.length * D);
      valRows.forEach((i, r) => {
        xv.set(Xn.subarray(i * F, i * F + F), r * F);
        yv.set(Yn.subarray(i * D, i * D + D), r * D);
      });
      const mse = tf.tidy(() => this.ensemble.meanSquaredError(tf.tensor2d(xv, [valRows.length, F]), tf.tensor2d(yv, [valRows.length, D])));
      valLoss = Array.from(mse.dataSync());
      mse.dispose();
    }
    this.js = this.jsForward ? this.ensemble.toJs(this.js ?? undefined) : null;
    return { trainLoss, valLoss, gradientSteps: steps };
  }

  /** Raw head [rows × headSize] of member k for the normalised inputs x[row0…row0 + rows). */
  private forwardMember(k: number, x: Float32Array, row0: number, rows: number, out: Float32Array, outRow0: number): void {
    const F = this.featureDim;
    const H = this.ensemble.headSize;
    if (rows === 0) return;
    if (this.js !== null) {
      this.js.forwardRows(k, x, row0, rows, out, outRow0);
      return;
    }
    const head = tf.tidy(() => this.ensemble.rawHead(k, tf.tensor2d(x.subarray(row0 * F, (row0 + rows) * F), [rows, F])));
    out.set(head.dataSync(), outRow0 * H);
    head.dispose();
  }

  /**
   * One imagined step for P particles: states [P × D] and actions [P × A] (particle-indexed) → next
   * [P × D]. `order[slot]` is the particle in each slot; `grouped` sends slots [⌊kP/K⌋, ⌊(k+1)P/K⌋) to
   * member k. `fedBack`: the states are the model's own predictions (every imagined step but the
   * first). `noise`: sample the Gaussian members' predicted noise (null: their means).
   */
  step(states: Float64Array, actions: Float64Array, P: number, order: Int32Array | null, prop: Propagation, fedBack: boolean, noise: Rng | null, next: Float64Array): void {
    const { stateDim: D, actDim: A, members: K } = this.opts;
    const F = this.featureDim;
    const H = this.ensemble.headSize;
    if (this.x.length < P * F) this.x = new Float32Array(P * F);
    const rowsOut = prop.kind === 'mean' ? K * P : P;
    if (this.head.length < rowsOut * H) this.head = new Float32Array(rowsOut * H);
    const x = this.x;
    const head = this.head;
    const nStateInputs = F - A;
    for (let slot = 0; slot < P; slot++) {
      const p = order === null ? slot : order[slot];
      this.features(states, p * D, actions, p * A, x, slot * F);
      for (let f = 0; f < F; f++) {
        // BUG no_renormalize_in_rollout: a predicted state goes back into the model in raw units, not normalised.
        if (fedBack && f < nStateInputs && this.opts.bugs.no_renormalize_in_rollout) continue;
        x[slot * F + f] = (x[slot * F + f] - this.inMean[f]) / this.inStd[f];
      }
    }
    if (prop.kind === 'grouped') for (let k = 0; k < K; k++) {
      const lo = Math.floor((k * P) / K);
      this.forwardMember(k, x, lo, Math.floor(((k + 1) * P) / K) - lo, head, lo);
    }
    else if (prop.kind === 'member') this.forwardMember(prop.member, x, 0, P, head, 0);
    else for (let k = 0; k < K; k++) this.forwardMember(k, x, 0, P, head, k * P);

    const gaussian = this.opts.gaussian;
    for (let slot = 0; slot < P; slot++) {
      const p = order === null ? slot : order[slot];
      for (let d = 0; d < D; d++) {
        let mu: number;
        let logvar = 0;
        if (prop.kind === 'mean') {
          // mbrl-lib "expectation": the members' mean and mean log-variance.
          mu = 0;
          for (let k = 0; k < K; k++) {
            mu += head[(k * P + slot) * H + d];
            if (gaussian) logvar += boundLogvarJs(head[(k * P + slot) * H + D + d]);
          }
          mu /= K;
          logvar /= K;
        } else {
          mu = head[slot * H + d];
          if (gaussian) logvar = boundLogvarJs(head[slot * H + D + d]);
        }
        const y = gaussian && noise !== null ? mu + Math.exp(0.5 * logvar) * noise.normal() : mu;
        const pred = y * this.outStd[d] + this.outMean[d];
        const s = states[p * D + d];
        // BUG predict_state_not_delta: the prediction is the next state itself.
        let v = this.opts.bugs.predict_state_not_delta ? pred : s + pred;
        // BUG angle_not_wrapped: the imagined angle runs off past ±π instead of being wrapped.
        if (this.isAngle[d] && !this.opts.bugs.angle_not_wrapped) v = wrapAngle(v);
        next[p * D + d] = v;
      }
    }
  }

  dispose(): void {
    this.ensemble.dispose();
  }
}

/** Per-component mean and std (ddof 0) of `rows` of a [n × dim] array; std below 1e-5 counts as 1 (mbrl-lib). */
function fitNormaliser(data: Float64Array, dim: number, rows: readonly number[], mean: Float64Array, std: Float64Array): void {
  mean.fill(0);
  std.fill(0);
  for (const i of rows) for (let j = 0; j < dim; j++) mean[j] += data[i * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= rows.length;
  for (const i of rows) for (let j = 0; j < dim; j++) std[j] += (data[i * dim + j] - mean[j]) ** 2;
  for (let j = 0; j < dim; j++) {
    std[j] = Math.sqrt(std[j] / rows.length);
    if (std[j] < 1e-5) std[j] = 1;
  }
}

/** Fisher–Yates with the seeded generator. */
export function shuffle(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.integers(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

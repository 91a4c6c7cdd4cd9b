// Imagination: scoring action sequences by rolling them out through the learned model (PETS's
// trajectory sampling, mbrl-lib's ModelEnv.evaluate_action_sequences), and the diagnostics that read
// the same rollouts: the chosen plan through each member (predicted return, ensemble disagreement)
// and open-loop predictions of real trajectories (one-step and multi-step error).
//
// Particles: each candidate sequence is followed by `particles` imagined trajectories; particle p
// belongs to candidate ⌊p / particles⌋. Rewards and terminations are the env's closed-form functions
// (src/envs/planning.ts); after an imagined termination a particle earns nothing more.

import type { PlanningSpec } from '../envs/planning.ts';
import { wrapAngle } from '../envs/planning.ts';
import type { Rng } from '../envs/rng.ts';
import type { DynamicsModel, Propagation } from './mbrl-model.ts';
import { shuffle } from './mbrl-model.ts';

export interface ImaginationOptions {
  horizon: number;
  particles: number;
  propagation: 'ts1' | 'tsinf' | 'mean';
  sampleNoise: boolean;
  gamma: number;
}

/** Per-row scratch for the reward and termination functions (no allocation per call). */
class RowViews {
  readonly s: Float64Array;
  readonly a: Float64Array;
  readonly next: Float64Array;
  constructor(D: number, A: number) {
    this.s = new Float64Array(D);
    this.a = new Float64Array(A);
    this.next = new Float64Array(D);
  }
}

export class Imagination {
  private states = new Float64Array(0);
  private next = new Float64Array(0);
  private acts = new Float64Array(0);
  private returns = new Float64Array(0);
  private alive = new Uint8Array(0);
  private order = new Int32Array(0);
  private readonly rows: RowViews;
  /** Spread (std) of the candidates' imagined returns in the first generation of the last planning step. */
  firstGenerationStd = NaN;
  /** For the imagination view: evaluate() also writes each candidate's path of this state component (null: off). */
  recordComponent: number | null = null;
  /** [n × (H + 1)] the recorded paths of the last evaluate() (the first particle of each candidate). */
  recordedPaths = new Float64Array(0);
  private firstCall = true;

  constructor(
    private readonly model: DynamicsModel,
    private readonly spec: PlanningSpec,
    readonly o: ImaginationOptions,
    private readonly rng: Rng,
  ) {
    this.rows = new RowViews(spec.stateDim, model.opts.actDim);
  }

  private ensure(P: number): void {
    const D = this.spec.stateDim;
    if (this.returns.length >= P) return;
    this.states = new Float64Array(P * D);
    this.next = new Float64Array(P * D);
    this.acts = new Float64Array(P * this.model.opts.actDim);
    this.returns = new Float64Array(P);
    this.alive = new Uint8Array(P);
    this.order = new Int32Array(P);
  }

  /** A new planning step begins (the next evaluate() is its first generation). */
  beginPlan(): void {
    this.firstCall = true;
  }

  /**
   * Roll P particles from `s0` for `horizon` steps; particle p follows `actionsOf(p, t)`; returns each
   * particle's (discounted) return in this.returns and leaves the final states in this.states.
   */
  private rollout(s0: ArrayLike<number>, P: number, horizon: number, prop: Propagation, assign: 'fixed' | 'once' | 'every_step', noise: Rng | null, actionsOf: (p: number, t: number, out: Float64Array, offset: number) => void, onStep?: (t: number, states: Float64Array) => void): void {
    const D = this.spec.stateDim;
    const A = this.model.opts.actDim;
    this.ensure(P);
    const { rows } = this;
    for (let p = 0; p < P; p++) for (let d = 0; d < D; d++) this.states[p * D + d] = s0[d];
    this.returns.fill(0, 0, P);
    this.alive.fill(1, 0, P);
    const order = this.order.subarray(0, P);
    for (let i = 0; i < P; i++) order[i] = i;
    // Member of each particle: fixed (particle k ↔ member k), TS∞ (one random assignment for the whole horizon), TS1 (a fresh one every step).
    if (assign !== 'fixed') shuffle(order, this.rng);
    let discount = 1;
    for (let t = 0; t < horizon; t++) {
      for (let p = 0; p < P; p++) actionsOf(p, t, this.acts, p * A);
      if (t > 0 && assign === 'every_step') shuffle(order, this.rng);
      this.model.step(this.states, this.acts, P, prop.kind === 'grouped' ? order : null, prop, t > 0, noise, this.next);
      for (let p = 0; p < P; p++) {
        if (!this.alive[p]) continue;
        for (let d = 0; d < D; d++) {
          rows.s[d] = this.states[p * D + d];
          rows.next[d] = this.next[p * D + d];
        }
        for (let a = 0; a < A; a++) rows.a[a] = this.acts[p * A + a];
        this.returns[p] += discount * this.spec.reward(rows.s, rows.a, rows.next);
        if (this.spec.terminated(rows.next)) this.alive[p] = 0;
      }
      [this.states, this.next] = [this.next, this.states];
      onStep?.(t, this.states);
      discount *= this.o.gamma;
    }
  }

  private propagation(): Propagation {
    return this.o.propagation === 'mean' ? { kind: 'mean' } : { kind: 'grouped' };
  }

  /** The objective of the trajectory optimiser: mean imagined return of each of n sequences [n × H × A] from s0. */
  evaluate(s0: ArrayLike<number>, population: Float64Array, n: number, values: Float64Array): void {
    const { horizon: H, particles } = this.o;
    const A = this.model.opts.actDim;
    const P = n * particles;
    const noise = this.o.sampleNoise ? this.rng : null;
    const comp = this.recordComponent;
    let onStep: ((t: number, states: Float64Array) => void) | undefined;
    if (comp !== null) {
      const D = this.spec.stateDim;
      const L = H + 1;
      if (this.recordedPaths.length < n * L) this.recordedPaths = new Float64Array(n * L);
      const paths = this.recordedPaths;
      for (let c = 0; c < n; c++) paths[c * L] = s0[comp];
      onStep = (t, states) => {
        for (let c = 0; c < n; c++) paths[c * L + t + 1] = states[c * particles * D + comp];
      };
    }
    this.rollout(s0, P, H, this.propagation(), this.o.propagation === 'ts1' ? 'every_step' : 'once', noise, (p, t, out, off) => {
      const c = Math.floor(p / particles);
      for (let a = 0; a < A; a++) out[off + a] = population[(c * H + t) * A + a];
    }, onStep);
    for (let c = 0; c < n; c++) {
      let s = 0;
      for (let q = 0; q < particles; q++) s += this.returns[c * particles + q];
      values[c] = s / particles;
    }
    if (this.firstCall) {
      this.firstCall = false;
      this.firstGenerationStd = std(values, n);
    }
  }

  /**
   * The chosen plan [H × A] through each member separately, on its means: the predicted return (mean
   * over members) and the ensemble disagreement (std across members of the imagined state, in units
   * of the state's std, averaged over components and steps).
   */
  planDiagnostics(s0: ArrayLike<number>, plan: Float64Array, path?: { component: number; out: Float64Array }): { predictedReturn: number; disagreement: number } {
    const K = this.model.opts.members;
    const D = this.spec.stateDim;
    const A = this.model.opts.actDim;
    const H = this.o.horizon;
    let spread = 0;
    if (path) path.out[0] = s0[path.component];
    const onStep = (t: number, states: Float64Array): void => {
      for (let d = 0; d < D; d++) {
        const m = this.memberMean(d, states, K);
        if (path && d === path.component) path.out[t + 1] = m;
        let v = 0;
        for (let k = 0; k < K; k++) v += (this.angleDiff(d, states[k * D + d], m)) ** 2;
        spread += Math.sqrt(v / K) / this.model.stateStd[d];
      }
    };
    // K particles, one per member for the whole horizon (grouped, unshuffled: member k gets particle k).
    this.rollout(s0, K, H, { kind: 'grouped' }, 'fixed', null, (_p, t, out, off) => {
      for (let a = 0; a < A; a++) out[off + a] = plan[t * A + a];
    }, onStep);
    let total = 0;
    for (let k = 0; k < K; k++) total += this.returns[k];
    // One member has nothing to disagree with: exactly 0, not the rounding of a circular mean of one angle.
    return { predictedReturn: total / K, disagreement: K === 1 ? 0 : spread / (H * D) };
  }

  /** Mean of component d over the first K rows of states [· × D]; angles averaged on the circle. */
  private memberMean(d: number, states: Float64Array, K: number): number {
    const D = this.spec.stateDim;
    if (this.spec.angleDims.includes(d)) {
      let s = 0;
      let c = 0;
      for (let k = 0; k < K; k++) {
        s += Math.sin(states[k * D + d]);
        c += Math.cos(states[k * D + d]);
      }
      return Math.atan2(s, c);
    }
    let m = 0;
    for (let k = 0; k < K; k++) m += states[k * D + d];
    return m / K;
  }

  /**
   * The model's open-loop prediction (members' mean, no noise) of component `component` along real
   * actions [W × A] from s0: out[0] = s0's, out[t] after t actions (length W + 1).
   */
  openLoopPath(s0: ArrayLike<number>, actions: ArrayLike<number>, W: number, component: number, out: Float64Array): void {
    const A = this.model.opts.actDim;
    out[0] = s0[component];
    this.rollout(s0, 1, W, { kind: 'mean' }, 'fixed', null, (_p, t, o, off) => {
      for (let a = 0; a < A; a++) o[off + a] = actions[t * A + a];
    }, (t, states) => {
      out[t + 1] = states[component];
    });
  }

  private angleDiff(d: number, a: number, b: number): number {
    return this.spec.angleDims.includes(d) ? wrapAngle(a - b) : a - b;
  }

  /**
   * Open-loop error of the ensemble's mean prediction along a real trajectory (states [T+1 × D],
   * actions [T × A]): for k = 1…maxK, the mean over starts t (t + k ≤ T) and components of the squared
   * error at step k, in units of the state's std (angles compared wrapped), accumulated into
   * sums[k − 1] and counts[k − 1] so several trajectories can be pooled.
   */
  openLoopErrors(states: ArrayLike<number>, actions: ArrayLike<number>, T: number, maxK: number, sums: Float64Array, counts: Float64Array, onOneStep?: (start: number, error: number) => void): void {
    const D = this.spec.stateDim;
    const A = this.model.opts.actDim;
    const P = T; // one particle per start
    if (P === 0) return;
    this.ensure(P);
    for (let p = 0; p < P; p++) for (let d = 0; d < D; d++) this.states[p * D + d] = states[p * D + d];
    for (let k = 1; k <= maxK; k++) {
      for (let p = 0; p < P; p++) {
        const t = Math.min(p + k - 1, T - 1);
        for (let a = 0; a < A; a++) this.acts[p * A + a] = actions[t * A + a];
      }
      this.model.step(this.states, this.acts, P, null, { kind: 'mean' }, k > 1, null, this.next);
      [this.states, this.next] = [this.next, this.states];
      for (let p = 0; p + k <= T; p++) {
        let e = 0;
        for (let d = 0; d < D; d++) e += (this.angleDiff(d, this.states[p * D + d], states[(p + k) * D + d]) / this.model.stateStd[d]) ** 2;
        sums[k - 1] += e / D;
        counts[k - 1]++;
        if (k === 1) onOneStep?.(p, e / D);
      }
    }
  }
}

function std(values: Float64Array, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) m += values[i];
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i] - m) ** 2;
  return Math.sqrt(v / n);
}

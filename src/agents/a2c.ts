// Advantage actor-critic, synchronous (A2C; Mnih et al. 2016, the synchronous variant of A3C), following
// Stable-Baselines3's stable_baselines3/a2c/a2c.py: numEnvs sub-envs step numSteps times, every step's
// return bootstraps from V at the rollout's end (GAE with λ = 1, or λ < 1), and one gradient step of
//   loss = −mean(A·log π(a|s)) − entCoef·mean(H) + vfCoef·mean((R − V(s))²)
// with global grad-norm clipping and RMSprop (α 0.99, ε 1e-5) or Adam. Truncated episodes bootstrap
// from V(final observation) as SB3's rollout collection does. The playground's safeguards are named
// config fields (src/config/a2c-config.ts); the catalogue's A2C bugs are named checks (`this.bugs`).
//
// Rollout inference runs in plain JS on copies of the weights (JsMlp), refreshed after every update
// from the one read-back per update; the update runs in tfjs. Because an update happens every
// numEnvs × numSteps env steps (40 by default), metrics are reported every `logEvery` updates: losses
// averaged over them, extremes and explained variance over their concatenated batches.
//
// Buffers are time-major [T × N] like SB3's rollout buffer: element (t, e) at t·N + e.

import * as tf from '@tensorflow/tfjs';
import type { A2cConfig } from '../config/a2c-config.ts';
import { HISTOGRAM, layerKey, METRIC, phaseKey } from '../diagnostics/metric-keys.ts';
import { computeGae, type Flags } from '../rl/returns.ts';
import { ObsNormalizer, ReturnNormalizer } from '../rl/running-stats.ts';
import { approxKl, explainedVariance, max, mean, min, normalizeAdvantages, oldApproxKl, std } from '../diagnostics/stats.ts';
import { makeFastRng, type Xoshiro128 } from '../envs/rng.ts';
import { VectorEnv } from '../envs/vector-env.ts';
import { activationStd, Adam, deadReluFraction, flattenVariables, JsMlp, layerGradNorms, Mlp, variableFrom } from './nets.ts';
import { categoricalLogProb, deadReluInit, evaluateActions, gaussianLogProb, jsLogProbs, POLICY_STD, sampleCategorical, softmaxRows } from './policy-dist.ts';
import { EpisodeReturnTracker } from './return-tracker.ts';
import { RmsProp } from './rmsprop.ts';
import type { Agent, AgentContext } from './types.ts';

/** The catalogue's bugs that A2C implements, as read from the run config. */
export interface A2cBugs {
  lrTooHigh: boolean;
  noReturnNormalization: boolean;
  sumInsteadOfMeanLoss: boolean;
  ignoreDone: boolean;
  entropyCoefTooHigh: boolean;
  noGradClipping: boolean;
  noObsNormalization: boolean;
  deadReluInit: boolean;
  tensorLeak: boolean;
}

/** Entropy coefficient of the `entropy_coef_too_high` bug: 50 × the preset's, or 0.5 (= 50 × CleanRL's 0.01) when the preset's is 0, as SB3's A2C default is. */
export function buggyEntropyCoef(entCoef: number): number {
  return Math.max(50 * entCoef, 0.5);
}

/** Everything the A2C targets need, time-major [T × N]. */
export interface A2cTargetInput {
  numSteps: number;
  numEnvs: number;
  rewards: ArrayLike<number>;
  /** V(s_t) predicted during the rollout. */
  values: ArrayLike<number>;
  /** V(s_T) of each sub-env's observation after the rollout, [N]. */
  nextValues: ArrayLike<number>;
  terminated: Flags;
  truncated: Flags;
  /** V(final obs) where an episode was truncated. */
  truncationValues: ArrayLike<number>;
  gamma: number;
  gaeLambda: number;
  /** Bootstrap truncations from V(final obs); off: treat them as terminations (done = terminated OR truncated). */
  bootstrapTruncated: boolean;
}

/**
 * SB3's compute_returns_and_advantage: GAE(λ) with returns = advantages + values. With λ = 1 each return is
 * the n-step return to the rollout's end, G_t = Σ_{k<m} γ^k r_{t+k} + γ^m·V(s_{t+m}), cut at a termination
 * (no bootstrap) and at a truncation (bootstrap from V(final obs), SB3's `rewards += γ·terminal_value`).
 */
export function a2cTargets(input: A2cTargetInput): { advantages: Float64Array; returns: Float64Array } {
  return computeGae({
    numSteps: input.numSteps,
    numEnvs: input.numEnvs,
    rewards: input.rewards,
    values: input.values,
    nextValues: input.nextValues,
    terminated: input.terminated,
    truncated: input.truncated,
    truncationValues: input.truncationValues,
    gamma: input.gamma,
    lambda: input.gaeLambda,
    variant: input.bootstrapTruncated ? 'bootstrap' : 'cleanrl',
  });
}

/** What the last update measured (tests and the bug lab read it). */
export interface A2cUpdateInfo {
  policyLoss: number;
  valueLoss: number;
  entropy: number;
  approxKl: number;
  gradNorm: number;
  /** The rollout and its targets, time-major [T × N] (critic units). */
  rewards: Float64Array;
  values: Float64Array;
  nextValues: Float64Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  truncationValues: Float64Array;
  returns: Float64Array;
  advantages: Float64Array;
}

interface Optimizer {
  step(grads: readonly tf.Tensor[], lr: number, maxGradNorm: number | null): tf.Scalar;
  dispose(): void;
}

/** Statistics read back per update, in this order. */
const STATS = ['policy_loss', 'value_loss', 'entropy', 'grad_norm'] as const;

export class A2cAgent implements Agent {
  readonly vecEnv: VectorEnv;
  readonly config: A2cConfig;
  readonly bugs: A2cBugs;
  envSteps = 0;
  updates = 0;
  lastUpdate: A2cUpdateInfo | null = null;

  // Derived sizes, computed once.
  private readonly numEnvs: number;
  private readonly numSteps: number;
  private readonly batchSize: number;
  private readonly obsDim: number;
  /** Discrete: number of actions; continuous: action dimensions. */
  private readonly actionSize: number;
  /** Numbers stored per action: 1 (discrete index) or actionSize. */
  private readonly actDim: number;
  private readonly discrete: boolean;
  private readonly actionLow: Float32Array | null;
  private readonly actionHigh: Float32Array | null;
  /** Updates over which the learning rate anneals; null: no annealing. */
  private readonly annealUpdates: number | null;
  /** The entropy coefficient in use (the bug changes it). */
  private readonly entCoef: number;

  // Separate actor and critic (SB3 net_arch pi=[64,64], vf=[64,64]), one optimiser, JS copies.
  private readonly actor: Mlp;
  private readonly critic: Mlp;
  private readonly logStd: tf.Variable<tf.Rank.R1> | null;
  private readonly params: tf.Variable[];
  private readonly optimizer: Optimizer;
  private readonly jsActor: JsMlp;
  private readonly jsCritic: JsMlp;
  private readonly jsLogStd: Float64Array;

  private readonly actionRng: Xoshiro128;
  private readonly obsNormalizer: ObsNormalizer | null;
  private readonly returnNormalizer: ReturnNormalizer | null;

  // Rollout storage [T × N (× dim)].
  private readonly obs: Float32Array;
  private readonly actions: Float32Array;
  private readonly logProbs: Float64Array;
  private readonly rewards: Float64Array;
  private readonly values: Float64Array;
  private readonly terminated: Uint8Array;
  private readonly truncated: Uint8Array;
  private readonly truncationValues: Float64Array;
  /** All-zero flags: what the targets see when the done flags are ignored. */
  private readonly noFlags: Uint8Array;
  private readonly nextObs: Float32Array;

  // The reporting window: `logEvery` batches of statistics and samples.
  private readonly window: ReportWindow;

  // Scratch for JS inference.
  private readonly headOut: Float64Array;
  private readonly valueOut: Float64Array;
  private readonly envActions: Float32Array;
  private readonly finalObsScratch: Float32Array;
  private readonly finalValue = new Float64Array(1);
  private readonly batchHead: Float64Array;
  private readonly newLogProbs: Float64Array;

  private readonly returnTracker: EpisodeReturnTracker;
  private readonly ctx: AgentContext;
  private startTime: number | null = null;
  private trainSteps = 0;
  private reports = 0;

  constructor(ctx: AgentContext, config: A2cConfig) {
    this.ctx = ctx;
    const c = (this.config = config);
    const seed = ctx.config.seed;
    const has = (id: string): boolean => ctx.config.bugs.includes(id);
    this.bugs = {
      lrTooHigh: has('lr_too_high'),
      noReturnNormalization: has('no_return_normalization'),
      sumInsteadOfMeanLoss: has('sum_instead_of_mean_loss'),
      ignoreDone: has('ignore_done'),
      entropyCoefTooHigh: has('entropy_coef_too_high'),
      noGradClipping: has('no_grad_clipping'),
      noObsNormalization: has('no_obs_normalization'),
      deadReluInit: has('dead_relu_init'),
      tensorLeak: has('tensor_leak'),
    };

    this.vecEnv = new VectorEnv(ctx.config.env, c.numEnvs);
    const space = this.vecEnv.actionSpace;
    this.discrete = space.kind === 'discrete';
    this.actionSize = space.kind === 'discrete' ? space.n : space.shape[0];
    this.actDim = this.discrete ? 1 : this.actionSize;
    this.actionLow = space.kind === 'box' ? space.low : null;
    this.actionHigh = space.kind === 'box' ? space.high : null;
    this.numEnvs = c.numEnvs;
    this.numSteps = c.numSteps;
    this.batchSize = c.numEnvs * c.numSteps;
    this.obsDim = this.vecEnv.obsDim;
    const annealSteps = c.annealSteps ?? ctx.config.totalSteps;
    this.annealUpdates = annealSteps === null ? null : Math.max(1, Math.floor(annealSteps / this.batchSize));
    // BUG entropy_coef_too_high: the entropy bonus is 50× the healthy one (0.5 when the healthy one is 0).
    this.entCoef = this.bugs.entropyCoefTooHigh ? buggyEntropyCoef(c.entCoef) : c.entCoef;

    // SB3 ActorCriticPolicy: tanh MLPs, orthogonal init with gains √2 / 0.01 (action net) / 1 (value net).
    const initRng = makeFastRng(seed);
    const common = { activation: c.activation, orthoInit: c.orthoInit, hiddenGain: Math.SQRT2 };
    this.critic = new Mlp({ name: 'critic', sizes: [this.obsDim, ...c.hiddenSizes, 1], outputGain: 1, ...common }, initRng);
    this.actor = new Mlp({ name: 'actor', sizes: [this.obsDim, ...c.hiddenSizes, this.actionSize], outputGain: 0.01, ...common }, initRng);
    if (this.bugs.deadReluInit) {
      // BUG dead_relu_init: hidden biases start far below zero, so (ReLU) units output 0 for every input.
      deadReluInit(this.actor);
      deadReluInit(this.critic);
    }
    this.logStd = this.discrete ? null : variableFrom(tf.fill([this.actionSize], c.logStdInit) as tf.Tensor1D, 'actor/log_std');
    this.params = [...this.actor.variables, ...this.critic.variables, ...(this.logStd ? [this.logStd] : [])];
    this.optimizer = c.optimizer === 'rmsprop' ? new RmsProp(this.params, c.optimizerEps, 0.99) : new Adam(this.params, c.optimizerEps);
    this.jsActor = new JsMlp(this.actor.sizes, c.activation);
    this.jsCritic = new JsMlp(this.critic.sizes, c.activation);
    this.jsLogStd = new Float64Array(this.discrete ? 0 : this.actionSize).fill(c.logStdInit);
    this.syncJsWeights(tf.tidy(() => flattenVariables(this.params).dataSync()));

    this.actionRng = makeFastRng(seed + 1_000_003);
    // BUG no_obs_normalization: the observation normaliser is never built.
    this.obsNormalizer = c.normalizeObs && !this.bugs.noObsNormalization ? new ObsNormalizer(this.obsDim, 1e-8, c.obsClip) : null;
    // BUG no_return_normalization: the reward scaler is never built; the critic regresses on raw returns.
    this.returnNormalizer = c.normalizeReturns && !this.bugs.noReturnNormalization ? new ReturnNormalizer(c.numEnvs, c.gamma) : null;

    const B = this.batchSize;
    const N = this.numEnvs;
    this.obs = new Float32Array(B * this.obsDim);
    this.actions = new Float32Array(B * this.actDim);
    this.logProbs = new Float64Array(B);
    this.rewards = new Float64Array(B);
    this.values = new Float64Array(B);
    this.terminated = new Uint8Array(B);
    this.truncated = new Uint8Array(B);
    this.truncationValues = new Float64Array(B);
    this.noFlags = new Uint8Array(B);
    this.window = new ReportWindow(c.logEvery * B, this.obsDim);
    this.headOut = new Float64Array(N * this.actionSize);
    this.valueOut = new Float64Array(N);
    this.envActions = new Float32Array(N * this.actDim);
    this.finalObsScratch = new Float32Array(this.obsDim);
    this.batchHead = new Float64Array(B * this.actionSize);
    this.newLogProbs = new Float64Array(B);
    this.returnTracker = new EpisodeReturnTracker(N, c.gamma);

    const first = this.vecEnv.reset(seed);
    this.nextObs = new Float32Array(N * this.obsDim);
    this.normalizeObservations(first, this.nextObs);
  }

  metricKeys(): string[] {
    const keys: string[] = [
      METRIC.episodicReturn,
      METRIC.episodicLength,
      METRIC.learningRate,
      METRIC.sps,
      METRIC.envSteps,
      METRIC.trainSteps,
      METRIC.wallS,
      METRIC.valueLoss,
      METRIC.policyLoss,
      METRIC.entropy,
      METRIC.oldApproxKl,
      METRIC.approxKl,
      METRIC.explainedVariance,
      METRIC.valueMean,
      METRIC.returnMean,
      METRIC.advantageMean,
      METRIC.advantageStd,
      METRIC.advantageMin,
      METRIC.advantageMax,
      METRIC.valueTargetMin,
      METRIC.valueTargetMax,
      METRIC.gradNorm,
      METRIC.numTensors,
      METRIC.numBytes,
      ...(['env', 'inference', 'update', 'diagnostics'] as const).map(phaseKey),
    ];
    for (const net of [this.actor, this.critic]) {
      for (const layer of net.layers) keys.push(layerKey(METRIC.gradNorm, layer.name));
      for (const name of net.hiddenLayerNames) {
        keys.push(layerKey(METRIC.activationStd, name));
        if (this.config.activation === 'relu') keys.push(layerKey(METRIC.deadReluFrac, name));
      }
    }
    if (!this.discrete) keys.push(POLICY_STD);
    return keys;
  }

  async iterate(): Promise<void> {
    const c = this.config;
    this.startTime ??= performance.now();
    const timing = this.window.timing;

    // Linear annealing as the zoo's lin_ schedules (SB3 progress_remaining = 1 − step/total).
    const frac = c.annealLr && this.annealUpdates !== null ? Math.max(0, 1 - this.updates / this.annealUpdates) : 1;
    // BUG lr_too_high: the learning rate × 30.
    const lrNow = frac * c.learningRate * (this.bugs.lrTooHigh ? 30 : 1);

    // ---------------------------------------------------------------- rollout
    this.rollout(timing);

    // Bootstrap value: V(s_T) of each sub-env's next observation.
    let t0 = performance.now();
    const nextValues = new Float64Array(this.numEnvs);
    this.jsCritic.forward(this.nextObs, this.numEnvs, nextValues);
    const { advantages, returns } = a2cTargets({
      numSteps: this.numSteps,
      numEnvs: this.numEnvs,
      rewards: this.rewards,
      values: this.values,
      nextValues,
      // BUG ignore_done: the episode-end flags are dropped, so each step bootstraps from the next stored
      // state's value, which after an episode's end is the next episode's first state.
      terminated: this.bugs.ignoreDone ? this.noFlags : this.terminated,
      truncated: this.bugs.ignoreDone ? this.noFlags : this.truncated,
      truncationValues: this.truncationValues,
      gamma: c.gamma,
      gaeLambda: c.gaeLambda,
      bootstrapTruncated: c.bootstrapTruncated,
    });
    timing.inference += performance.now() - t0;

    // ---------------------------------------------------------------- update
    const reportDue = (this.updates + 1) % c.logEvery === 0;
    const histogramsDue = reportDue && c.histogramEvery > 0 && this.reports % c.histogramEvery === 0;
    t0 = performance.now();
    const update = await this.update(advantages, returns, lrNow, reportDue, histogramsDue);
    timing.update += performance.now() - t0;
    this.updates++;
    this.trainSteps++;

    // Post-update KL on the batch: log π_new from the synced JS copy vs the rollout's log π_old.
    t0 = performance.now();
    const B = this.batchSize;
    jsLogProbs(this.jsActor, this.discrete ? null : this.jsLogStd, this.obs, this.actions, B, this.batchHead, this.newLogProbs);
    for (let i = 0; i < B; i++) this.newLogProbs[i] -= this.logProbs[i];
    const kl = approxKl(this.newLogProbs);
    this.window.add(update.stats, kl, oldApproxKl(this.newLogProbs), this.obs, this.values, returns, advantages);
    this.lastUpdate = {
      policyLoss: update.stats[0],
      valueLoss: update.stats[1],
      entropy: update.stats[2],
      approxKl: kl,
      gradNorm: update.stats[3],
      rewards: this.rewards.slice(),
      values: this.values.slice(),
      nextValues,
      terminated: this.terminated.slice(),
      truncated: this.truncated.slice(),
      truncationValues: this.truncationValues.slice(),
      returns,
      advantages,
    };
    timing.diagnostics += performance.now() - t0;

    if (reportDue) this.report(lrNow, update, histogramsDue);
  }

  /**
   * The current policy and value at raw observations ([count × obsDim]), through the JS copy of the
   * weights: action probabilities (discrete) or Gaussian means (continuous), and V(s) in return units.
   */
  predict(rawObs: ArrayLike<number>, count: number): { policy: Float64Array; values: Float64Array } {
    const obs = new Float32Array(count * this.obsDim);
    this.normalizeObservations(Float32Array.from(rawObs), obs, false);
    const head = new Float64Array(count * this.actionSize);
    const values = new Float64Array(count);
    this.jsActor.forward(obs, count, head);
    this.jsCritic.forward(obs, count, values);
    const scale = this.returnScale();
    for (let i = 0; i < count; i++) values[i] *= scale;
    if (this.discrete) softmaxRows(head, count, this.actionSize);
    return { policy: head, values };
  }

  /** numSteps vector steps with the JS copy of the policy. */
  private rollout(timing: { env: number; inference: number }): void {
    const c = this.config;
    const N = this.numEnvs;
    const D = this.obsDim;
    const A = this.actionSize;
    const sink = this.ctx.sink;
    for (let step = 0; step < this.numSteps; step++) {
      this.envSteps += N;
      const base = step * N;
      this.obs.set(this.nextObs, base * D);

      // π(·|s) and V(s) for every sub-env, then sample.
      let t0 = performance.now();
      this.jsActor.forward(this.nextObs, N, this.headOut);
      this.jsCritic.forward(this.nextObs, N, this.valueOut);
      for (let e = 0; e < N; e++) {
        const i = base + e;
        this.values[i] = this.valueOut[e];
        if (this.discrete) {
          const a = sampleCategorical(this.headOut, e * A, A, this.actionRng);
          this.actions[i] = a;
          this.envActions[e] = a;
          this.logProbs[i] = categoricalLogProb(this.headOut, e * A, A, a);
        } else {
          for (let k = 0; k < A; k++) this.actions[i * A + k] = this.headOut[e * A + k] + Math.exp(this.jsLogStd[k]) * this.actionRng.normal();
          this.logProbs[i] = gaussianLogProb(this.headOut, e * A, this.jsLogStd, this.actions, i * A);
          // SB3 clips the action sent to the env to the action space; the buffer keeps the sample.
          for (let k = 0; k < A; k++) this.envActions[e * A + k] = Math.min(this.actionHigh![k], Math.max(this.actionLow![k], this.actions[i * A + k]));
        }
      }
      timing.inference += performance.now() - t0;

      t0 = performance.now();
      const r = this.vecEnv.step(this.envActions);
      let finalValueMs = 0;
      for (let e = 0; e < N; e++) {
        const i = base + e;
        this.terminated[i] = r.terminated[e];
        this.truncated[i] = r.truncated[e];
        const finalObs = r.finalObs[e];
        if (r.truncated[e] && !r.terminated[e] && finalObs !== null && c.bootstrapTruncated) {
          // V(final obs) for bootstrapping through the time limit, with the current normalisation.
          const tv = performance.now();
          this.normalizeObservations(finalObs, this.finalObsScratch, false);
          this.jsCritic.forward(this.finalObsScratch, 1, this.finalValue);
          this.truncationValues[i] = this.finalValue[0];
          finalValueMs += performance.now() - tv;
        } else {
          this.truncationValues[i] = 0;
        }
      }
      if (this.returnNormalizer !== null) {
        const scaled = this.returnNormalizer.normalize(r.rewards, r.terminated, r.truncated);
        const clip = c.rewardClip;
        for (let e = 0; e < N; e++) this.rewards[base + e] = clip === null ? scaled[e] : Math.min(clip, Math.max(-clip, scaled[e]));
      } else {
        this.rewards.set(r.rewards, base);
      }
      const scale = this.returnScale();
      for (let e = 0; e < N; e++) {
        const i = base + e;
        const tail = c.bootstrapTruncated && r.truncated[e] && !r.terminated[e] ? this.truncationValues[i] * scale : 0;
        this.returnTracker.record(e, r.rewards[e], this.values[i] * scale, r.terminated[e] === 1 || r.truncated[e] === 1, tail);
      }
      this.normalizeObservations(r.obs, this.nextObs);
      timing.env += performance.now() - t0 - finalValueMs;
      timing.inference += finalValueMs;

      if (r.episodes.length > 0) {
        sink.at(this.envSteps, this.updates);
        for (const ep of r.episodes) sink.episode(ep);
      }
      this.ctx.onEnvStep?.(this.vecEnv, this.envActions);
    }
  }

  /** One gradient step on the whole rollout (SB3 A2C.train: a single pass, batch_size=None). */
  private async update(advantages: Float64Array, returns: Float64Array, lr: number, layerNormsDue: boolean, histogramsDue: boolean): Promise<UpdateResult> {
    const c = this.config;
    const B = this.batchSize;
    const D = this.obsDim;
    // Normalize advantage (SB3 normalize_advantage; off by default, "not present in the original implementation").
    const policyAdvantages = c.normAdv ? normalizeAdvantages(advantages, new Float32Array(B)) : Float32Array.from(advantages);
    // BUG sum_instead_of_mean_loss: losses are summed over the batch, so gradients are batch-size times larger.
    const reduce = (x: tf.Tensor): tf.Scalar => (this.bugs.sumInsteadOfMeanLoss ? tf.sum(x) : tf.mean(x));
    // BUG no_grad_clipping: the global norm is never clipped.
    const maxGradNorm = this.bugs.noGradClipping ? null : c.maxGradNorm;
    // The advantages go to the device outside tf.tidy, so they are disposed by hand below.
    const advantagesT = tf.tensor1d(policyAdvantages);

    let gradFlat = null as tf.Tensor | null;
    let gradLayerNorms = null as tf.Tensor | null;
    const statsVec = tf.tidy(() => {
      const obs = tf.tensor2d(this.obs, [B, D]);
      const actions = this.actionTensor();
      const targets = tf.tensor1d(Float32Array.from(returns));
      let side: tf.Tensor | null = null;
      const { value: loss, grads } = tf.variableGrads(() => {
        const { logProb, entropy } = evaluateActions(this.actor, this.logStd, obs, actions);
        const values = tf.reshape(this.critic.forward(obs), [-1]);
        // Policy gradient loss: −(advantages · log_prob).mean()
        const policyLoss = tf.neg(reduce(tf.mul(advantagesT, logProb)));
        // Value loss using the TD(λ) target: F.mse_loss(returns, values)
        const valueLoss = reduce(tf.square(tf.sub(targets, values)));
        // Entropy loss favours exploration: −mean(H)
        const entropyLoss = tf.neg(reduce(entropy));
        side = tf.keep(tf.stack([policyLoss, valueLoss, tf.mean(entropy)]));
        return tf.add(tf.add(policyLoss, tf.mul(this.entCoef, entropyLoss)), tf.mul(c.vfCoef, valueLoss)) as tf.Scalar;
      }, this.params);
      const gradList = this.params.map((p) => grads[p.name]);
      const gradNorm = this.optimizer.step(gradList, lr, maxGradNorm);
      if (histogramsDue) gradFlat = tf.keep(flattenVariables(gradList));
      if (layerNormsDue) gradLayerNorms = tf.keep(layerGradNorms(gradList.slice(0, 2 * (this.actor.layers.length + this.critic.layers.length))));
      loss.dispose();
      const out = tf.concat([side!, tf.reshape(gradNorm, [1])]);
      side!.dispose();
      return out;
    });

    // One read: the statistics, the new weights (for the JS copy), the snapshots that are due.
    const paramCount = this.params.reduce((n, p) => n + p.size, 0);
    const kept = [statsVec, gradLayerNorms, gradFlat].filter((t): t is tf.Tensor => t !== null);
    const flat = tf.tidy(() => tf.concat([statsVec, flattenVariables(this.params), ...kept.slice(1)].map((p) => tf.reshape(p, [-1]))));
    const data = (await flat.data()) as Float32Array;
    tf.dispose([flat, ...kept]);
    // BUG tensor_leak: the advantages tensor made outside tf.tidy is never disposed: one tensor per update.
    if (!this.bugs.tensorLeak) advantagesT.dispose();

    const stats = Array.from(data.subarray(0, STATS.length));
    let o = STATS.length;
    const weights = data.subarray(o, o + paramCount);
    this.syncJsWeights(weights);
    o += paramCount;
    const numLayers = this.actor.layers.length + this.critic.layers.length;
    const layerNorms = gradLayerNorms ? Array.from(data.subarray(o, o + numLayers)) : null;
    o += gradLayerNorms ? numLayers : 0;
    const gradients = gradFlat ? data.slice(o, o + paramCount) : null;
    return { stats, layerGradNorms: layerNorms, weights: histogramsDue ? weights.slice() : null, gradients };
  }

  /** Report the window's metrics (every logEvery updates) and start a new window. */
  private report(lr: number, update: UpdateResult, histogramsDue: boolean): void {
    const c = this.config;
    const sink = this.ctx.sink;
    const w = this.window;
    const t0 = performance.now();
    sink.at(this.envSteps, this.updates);
    const s = (key: string, v: number): void => sink.scalar(key, v);
    const scale = this.returnScale();
    const { returns, values, advantages, obs } = w.samples();
    const m = w.means();
    s(METRIC.learningRate, lr);
    s(METRIC.policyLoss, m.policyLoss);
    s(METRIC.valueLoss, m.valueLoss);
    s(METRIC.entropy, m.entropy);
    s(METRIC.gradNorm, m.gradNorm);
    s(METRIC.approxKl, m.approxKl);
    s(METRIC.oldApproxKl, m.oldApproxKl);
    s(METRIC.explainedVariance, explainedVariance(values, returns));
    const seen = this.returnTracker.takeMeans();
    if (seen !== null) {
      s(METRIC.valueMean, seen.valueMean);
      s(METRIC.returnMean, seen.returnMean);
    }
    s(METRIC.advantageMean, mean(advantages));
    s(METRIC.advantageStd, std(advantages));
    s(METRIC.advantageMin, min(advantages));
    s(METRIC.advantageMax, max(advantages));
    s(METRIC.valueTargetMin, min(returns) * scale);
    s(METRIC.valueTargetMax, max(returns) * scale);
    if (!this.discrete) s(POLICY_STD, mean(Array.from(this.jsLogStd, Math.exp)));
    if (update.layerGradNorms !== null) {
      const layers = [...this.actor.layers, ...this.critic.layers];
      layers.forEach((layer, i) => s(layerKey(METRIC.gradNorm, layer.name), update.layerGradNorms![i]));
    }
    // Per-layer activations of the window's observations under the current weights (JS copy).
    const rows = returns.length;
    const activations: { name: string; values: Float32Array; width: number }[] = [];
    for (const [net, js] of [
      [this.actor, this.jsActor],
      [this.critic, this.jsCritic],
    ] as const) {
      const widths = net.layers.slice(0, -1).map((l) => l.outSize);
      const acts = widths.map((width) => new Float32Array(rows * width));
      js.forward(obs, rows, new Float64Array(rows * net.layers[net.layers.length - 1].outSize), acts);
      net.hiddenLayerNames.forEach((name, l) => activations.push({ name, values: acts[l], width: widths[l] }));
    }
    for (const { name, values: a, width } of activations) {
      s(layerKey(METRIC.activationStd, name), activationStd(a));
      if (c.activation === 'relu') s(layerKey(METRIC.deadReluFrac, name), deadReluFraction(a, width));
    }
    if (histogramsDue) {
      const layers = [...this.actor.layers, ...this.critic.layers];
      for (const [source, key] of [
        [update.weights, HISTOGRAM.weights],
        [update.gradients, HISTOGRAM.gradients],
      ] as const) {
        if (source === null) continue;
        let o = 0;
        for (const layer of layers) {
          const n = layer.inSize * layer.outSize;
          sink.histogram(layerKey(key, layer.name), source.subarray(o, o + n));
          o += n + layer.outSize;
        }
      }
      for (const a of activations) sink.histogram(layerKey(HISTOGRAM.activations, a.name), a.values);
      sink.histogram(HISTOGRAM.advantages, advantages);
      sink.histogram(HISTOGRAM.valueTargets, scale === 1 ? returns : returns.map((v) => v * scale));
    }
    const mem = tf.memory();
    s(METRIC.numTensors, mem.numTensors);
    s(METRIC.numBytes, mem.numBytes);
    w.timing.diagnostics += performance.now() - t0;

    const wallS = (performance.now() - this.startTime!) / 1000;
    s(METRIC.envSteps, this.envSteps);
    s(METRIC.trainSteps, this.trainSteps);
    s(METRIC.wallS, wallS);
    s(METRIC.sps, Math.floor(this.envSteps / wallS));
    for (const [phase, ms] of Object.entries(w.timing)) s(phaseKey(phase as 'env'), ms);
    this.reports++;
    w.clear();
  }

  /** Rollout actions as the loss wants them: one-hot rows (discrete) or [B × dim] (continuous). */
  private actionTensor(): tf.Tensor2D {
    const B = this.batchSize;
    if (!this.discrete) return tf.tensor2d(this.actions, [B, this.actionSize]);
    const oneHot = new Float32Array(B * this.actionSize);
    for (let i = 0; i < B; i++) oneHot[i * this.actionSize + this.actions[i]] = 1;
    return tf.tensor2d(oneHot, [B, this.actionSize]);
  }

  /** Observation normalisation (NormalizeObservation + clip), or a copy when off. */
  private normalizeObservations(raw: Float32Array, out: Float32Array, updateStats = true): void {
    if (this.obsNormalizer === null) {
      out.set(raw);
      return;
    }
    this.obsNormalizer.updateStats = updateStats;
    this.obsNormalizer.normalize(raw, out);
    this.obsNormalizer.updateStats = true;
  }

  /** Factor from the critic's units to return units (1 without return normalisation). */
  private returnScale(): number {
    return this.returnNormalizer === null ? 1 : this.returnNormalizer.scale;
  }

  private syncJsWeights(flat: ArrayLike<number>): void {
    let o = this.jsActor.load(flat, 0);
    o = this.jsCritic.load(flat, o);
    for (let k = 0; k < this.jsLogStd.length; k++) this.jsLogStd[k] = flat[o++];
  }

  dispose(): void {
    this.actor.dispose();
    this.critic.dispose();
    this.logStd?.dispose();
    this.optimizer.dispose();
  }
}

interface UpdateResult {
  /** STATS in order: policy_loss, value_loss, entropy, grad_norm. */
  stats: number[];
  layerGradNorms: number[] | null;
  weights: Float32Array | null;
  gradients: Float32Array | null;
}

/** The updates since the last report: running sums of the statistics and their batches' samples. */
class ReportWindow {
  readonly timing = { env: 0, inference: 0, update: 0, diagnostics: 0 };
  private readonly obs: Float32Array;
  private readonly values: Float64Array;
  private readonly returns: Float64Array;
  private readonly advantages: Float64Array;
  private size = 0;
  private count = 0;
  private sums = { policyLoss: 0, valueLoss: 0, entropy: 0, gradNorm: 0, approxKl: 0, oldApproxKl: 0 };

  constructor(
    capacity: number,
    private readonly obsDim: number,
  ) {
    this.obs = new Float32Array(capacity * obsDim);
    this.values = new Float64Array(capacity);
    this.returns = new Float64Array(capacity);
    this.advantages = new Float64Array(capacity);
  }

  add(stats: number[], approxKl: number, oldApproxKl: number, obs: Float32Array, values: Float64Array, returns: Float64Array, advantages: Float64Array): void {
    const [policyLoss, valueLoss, entropy, gradNorm] = stats;
    const s = this.sums;
    s.policyLoss += policyLoss;
    s.valueLoss += valueLoss;
    s.entropy += entropy;
    s.gradNorm += gradNorm;
    s.approxKl += approxKl;
    s.oldApproxKl += oldApproxKl;
    this.count++;
    const n = returns.length;
    if (this.size + n > this.returns.length) return;
    this.obs.set(obs.subarray(0, n * this.obsDim), this.size * this.obsDim);
    this.values.set(values.subarray(0, n), this.size);
    this.returns.set(returns, this.size);
    this.advantages.set(advantages, this.size);
    this.size += n;
  }

  means(): { policyLoss: number; valueLoss: number; entropy: number; gradNorm: number; approxKl: number; oldApproxKl: number } {
    const s = this.sums;
    const n = this.count;
    return { policyLoss: s.policyLoss / n, valueLoss: s.valueLoss / n, entropy: s.entropy / n, gradNorm: s.gradNorm / n, approxKl: s.approxKl / n, oldApproxKl: s.oldApproxKl / n };
  }

  samples(): { obs: Float32Array; values: Float64Array; returns: Float64Array; advantages: Float64Array } {
    const n = this.size;
    return { obs: this.obs.subarray(0, n * this.obsDim), values: this.values.subarray(0, n), returns: this.returns.subarray(0, n), advantages: this.advantages.subarray(0, n) };
  }

  clear(): void {
    this.size = 0;
    this.count = 0;
    this.sums = { policyLoss: 0, valueLoss: 0, entropy: 0, gradNorm: 0, approxKl: 0, oldApproxKl: 0 };
    this.timing.env = this.timing.inference = this.timing.update = this.timing.diagnostics = 0;
  }
}

// Proximal Policy Optimization (Schulman et al. 2017), following cleanrl/ppo.py (discrete actions) and
// cleanrl/ppo_continuous_action.py (continuous actions) line by line, with the playground's safeguards
// as named config fields (src/config/ppo-config.ts): return and observation normalisation, bootstrapping
// on truncation. One iteration = one rollout of numSteps × numEnvs steps + one update.
//
// Where the time goes, and why the code looks the way it does:
//   * Rollout inference runs in plain JS on Float32Array copies of the weights (JsMlp), read from tfjs
//     once per update: a batch-of-4 forward is ~20 µs there versus ~0.2–0.4 ms through tfjs dispatch.
//   * The update runs in tfjs (any backend). Before it, the rollout's log-probabilities are recomputed
//     in tfjs with the very minibatches of the first epoch, so the first minibatch's ratio is exactly 1
//     (the JS copy only has to be close: it picks actions, the tfjs pass defines π_old).
//   * Minibatches are assembled in JS and uploaded; per-minibatch statistics stay on the device and
//     are read back with the new weights in one read per update (plus one per epoch with target_kl).
//
// Buffers are time-major [T × N] like CleanRL's: element (t, e) at t·N + e.
//
// The catalogue's PPO bugs (src/bugs/catalog.ts) are named checks on `this.bugs`, each at the line it breaks.

import * as tf from '@tensorflow/tfjs';
import type { Activation, PpoConfig } from '../config/ppo-config.ts';
import { AGENT_METRIC, HISTOGRAM, layerKey, METRIC, phaseKey } from '../diagnostics/metric-keys.ts';
import { computeGae, type GaeInput } from '../rl/returns.ts';
import { ObsNormalizer, ReturnNormalizer } from '../rl/running-stats.ts';
import { explainedVariance, max, mean, min, normalizeAdvantages, std } from '../diagnostics/stats.ts';
import { makeFastRng, type Xoshiro128 } from '../envs/rng.ts';
import type { EpisodeStats } from '../envs/types.ts';
import { VectorEnv } from '../envs/vector-env.ts';
import { activationStd, Adam, deadReluFraction, flattenVariables, JsMlp, layerGradNorms, Mlp, variableFrom } from './nets.ts';
import { deadReluInit } from './policy-dist.ts';
import { EpisodeReturnTracker } from './return-tracker.ts';
import type { Agent, AgentContext } from './types.ts';

/** The catalogue's bugs that PPO implements, as read from the run config. */
export interface PpoBugs {
  lrTooHigh: boolean;
  noReturnNormalization: boolean;
  uninitializedBuffer: boolean;
  sumInsteadOfMeanLoss: boolean;
  ignoreDone: boolean;
  truncationAsTermination: boolean;
  entropyCoefTooHigh: boolean;
  noAdvantageNormalization: boolean;
  noGradClipping: boolean;
  noObsNormalization: boolean;
  tooManyEpochs: boolean;
  staleRollout: boolean;
  deadReluInit: boolean;
  tensorLeak: boolean;
}

/** lr_too_high: the learning rate is multiplied by this. */
export const LR_TOO_HIGH_FACTOR = 30;
/** too_many_epochs: passes over each rollout (and no target_kl early stop). */
export const TOO_MANY_EPOCHS = 30;

/** Entropy coefficient of the `entropy_coef_too_high` bug: 50 × the preset's, or 0.5 (= 50 × CleanRL's 0.01) when the preset's is 0 (continuous CleanRL). */
export function buggyEntropyCoef(entCoef: number): number {
  return Math.max(50 * entCoef, 0.5);
}

/** One rollout's batch as the update reads it, time-major [T × N (× dim)]. */
interface RolloutBatch {
  obs: Float32Array;
  actions: Float32Array;
  values: Float64Array;
  advantages: Float64Array;
  returns: Float64Array;
  /** log π_old(a|s) per sample, in rollout order; null until the update's first pass computes them. */
  logProbs: Float32Array | null;
}

/** Indices of the per-minibatch statistics vector kept on the device. */
const enum Stat {
  PolicyLoss,
  ValueLoss,
  Entropy,
  OldApproxKl,
  ApproxKl,
  ClipFrac,
  GradNorm,
  Count,
}

/** What the last update measured (tests and the bug lab read it). */
export interface PpoUpdateInfo {
  /** Ratios π_new/π_old of the first minibatch of the first epoch: exactly 1 unless the rollout policy was not reproduced. */
  firstRatios: Float32Array;
  /** Epochs run (fewer than updateEpochs when target_kl stopped early). */
  epochs: number;
  /** Mean of each statistic over the update's minibatches, and its last-minibatch value. */
  mean: Record<string, number>;
  last: Record<string, number>;
}

export class PpoAgent implements Agent {
  readonly vecEnv: VectorEnv;
  readonly config: PpoConfig;
  readonly bugs: PpoBugs;
  envSteps = 0;
  updates = 0;
  lastUpdate: PpoUpdateInfo | null = null;

  // Derived sizes, computed once (CleanRL: batch_size, minibatch_size).
  private readonly numEnvs: number;
  private readonly numSteps: number;
  private readonly batchSize: number;
  private readonly minibatchSize: number;
  private readonly obsDim: number;
  /** Discrete: number of actions; continuous: action dimensions. */
  private readonly actionSize: number;
  private readonly discrete: boolean;
  private readonly actionLow: Float32Array | null;
  private readonly actionHigh: Float32Array | null;
  /** Updates over which LR (and clip range) anneal; null: no annealing. */
  private readonly annealUpdates: number | null;
  /** Hidden activation: the config's, except that dead_relu_init needs ReLU. */
  private readonly activation: Activation;

  // Networks (separate actor and critic, as CleanRL) and their JS copies for the rollout.
  private readonly actor: Mlp;
  private readonly critic: Mlp;
  /** Continuous: state-independent log σ [actionSize] (CleanRL actor_logstd). */
  private readonly logStd: tf.Variable<tf.Rank.R1> | null;
  private readonly params: tf.Variable[];
  private readonly optimizer: Adam;
  private readonly jsActor: JsMlp;
  private readonly jsCritic: JsMlp;
  private readonly jsLogStd: Float64Array;

  // Seeded generators: one per purpose, so a diagnostic toggle cannot shift another stream.
  private readonly actionRng: Xoshiro128;
  private readonly shuffleRng: Xoshiro128;

  // Normalisers (Gymnasium NormalizeObservation / NormalizeReward semantics, shared by the sub-envs).
  private readonly obsNormalizer: ObsNormalizer | null;
  private readonly returnNormalizer: ReturnNormalizer | null;

  // Rollout storage [T × N (× dim)].
  private readonly obs: Float32Array;
  private readonly actions: Float32Array;
  private readonly rewards: Float64Array;
  private readonly values: Float64Array;
  private readonly terminated: Uint8Array;
  private readonly truncated: Uint8Array;
  private readonly truncationValues: Float64Array;
  private readonly nextObs: Float32Array;
  /** All-zero done flags [T × N] (ignore_done). */
  private readonly noFlags: Uint8Array;
  /** uninitialized_buffer: advantage and return buffers [T × N] allocated once and reused; null when healthy (computeGae allocates). */
  private readonly reusedTargets: { advantages: Float64Array; returns: Float64Array } | null;
  /** stale_rollout: the previous iteration's rollout, with the log-probs of the policy that collected it. */
  private staleBatch: RolloutBatch | null = null;

  // Scratch for JS inference.
  private readonly headOut: Float64Array;
  private readonly valueOut: Float64Array;
  private readonly envActions: Float32Array;
  private readonly finalObsScratch: Float32Array;
  private readonly finalValue = new Float64Array(1);

  private readonly returnTracker: EpisodeReturnTracker;
  private readonly ctx: AgentContext;
  private startTime: number | null = null;
  private trainSteps = 0;

  constructor(ctx: AgentContext, config: PpoConfig) {
    this.ctx = ctx;
    const c = (this.config = config);
    const seed = ctx.config.seed;
    const has = (id: string): boolean => ctx.config.bugs.includes(id);
    this.bugs = {
      lrTooHigh: has('lr_too_high'),
      noReturnNormalization: has('no_return_normalization'),
      uninitializedBuffer: has('uninitialized_buffer'),
      sumInsteadOfMeanLoss: has('sum_instead_of_mean_loss'),
      ignoreDone: has('ignore_done'),
      truncationAsTermination: has('truncation_as_termination'),
      entropyCoefTooHigh: has('entropy_coef_too_high'),
      noAdvantageNormalization: has('no_advantage_normalization'),
      noGradClipping: has('no_grad_clipping'),
      noObsNormalization: has('no_obs_normalization'),
      tooManyEpochs: has('too_many_epochs'),
      staleRollout: has('stale_rollout'),
      deadReluInit: has('dead_relu_init'),
      tensorLeak: has('tensor_leak'),
    };

    this.vecEnv = new VectorEnv(ctx.config.env, c.numEnvs);
    const space = this.vecEnv.actionSpace;
    this.discrete = space.kind === 'discrete';
    this.actionSize = space.kind === 'discrete' ? space.n : space.shape[0];
    this.actionLow = space.kind === 'box' ? space.low : null;
    this.actionHigh = space.kind === 'box' ? space.high : null;
    this.numEnvs = c.numEnvs;
    this.numSteps = c.numSteps;
    this.batchSize = c.numEnvs * c.numSteps;
    this.minibatchSize = this.batchSize / c.numMinibatches;
    this.obsDim = this.vecEnv.obsDim;
    const annealSteps = c.annealSteps ?? ctx.config.totalSteps;
    this.annealUpdates = annealSteps === null ? null : Math.max(1, Math.floor(annealSteps / this.batchSize));

    // CleanRL Agent: critic 64-64-1 (head gain 1), actor 64-64-|A| (head gain 0.01), tanh, orthogonal init.
    const initRng = makeFastRng(seed);
    const hidden = c.hiddenSizes;
    // BUG dead_relu_init needs ReLU units to kill: on a tanh preset (CleanRL's) it switches the hidden activation to ReLU.
    this.activation = this.bugs.deadReluInit ? 'relu' : c.activation;
    const common = { activation: this.activation, orthoInit: c.orthoInit, hiddenGain: Math.SQRT2 };
    this.critic = new Mlp({ name: 'critic', sizes: [this.obsDim, ...hidden, 1], outputGain: 1, ...common }, initRng);
    this.actor = new Mlp({ name: 'actor', sizes: [this.obsDim, ...hidden, this.actionSize], outputGain: 0.01, ...common }, initRng);
    if (this.bugs.deadReluInit) {
      // BUG dead_relu_init: hidden biases start far below zero, so ReLU units output 0 for every input and pass no gradient.
      deadReluInit(this.actor);
      deadReluInit(this.critic);
    }
    this.logStd = this.discrete ? null : variableFrom(tf.fill([this.actionSize], c.logStdInit) as tf.Tensor1D, 'actor/log_std');
    this.params = [...this.actor.variables, ...this.critic.variables, ...(this.logStd ? [this.logStd] : [])];
    this.optimizer = new Adam(this.params, c.adamEps);
    this.jsActor = new JsMlp(this.actor.sizes, this.activation);
    this.jsCritic = new JsMlp(this.critic.sizes, this.activation);
    this.jsLogStd = new Float64Array(this.discrete ? 0 : this.actionSize).fill(c.logStdInit);
    const initial = tf.tidy(() => flattenVariables(this.params));
    this.syncJsWeights(initial.dataSync());
    initial.dispose();

    this.actionRng = makeFastRng(seed + 1_000_003);
    this.shuffleRng = makeFastRng(seed + 2_000_029);

    // BUG no_obs_normalization: the observation normaliser is never built; raw observations reach the networks.
    this.obsNormalizer = c.normalizeObs && !this.bugs.noObsNormalization ? new ObsNormalizer(this.obsDim, 1e-8, c.obsClip) : null;
    // BUG no_return_normalization: the reward scaler is never built; the critic regresses on raw returns.
    this.returnNormalizer = c.normalizeReturns && !this.bugs.noReturnNormalization ? new ReturnNormalizer(c.numEnvs, c.gamma) : null;

    const T = this.numSteps;
    const N = this.numEnvs;
    const actDim = this.discrete ? 1 : this.actionSize;
    this.obs = new Float32Array(T * N * this.obsDim);
    this.actions = new Float32Array(T * N * actDim);
    this.rewards = new Float64Array(T * N);
    this.values = new Float64Array(T * N);
    this.terminated = new Uint8Array(T * N);
    this.truncated = new Uint8Array(T * N);
    this.truncationValues = new Float64Array(T * N);
    this.noFlags = new Uint8Array(T * N);
    this.reusedTargets = this.bugs.uninitializedBuffer ? uninitializedTargets(T * N, makeFastRng(seed + 4_000_037)) : null;
    this.headOut = new Float64Array(N * this.actionSize);
    this.valueOut = new Float64Array(N);
    this.envActions = new Float32Array(N * actDim);
    this.finalObsScratch = new Float32Array(this.obsDim);
    this.returnTracker = new EpisodeReturnTracker(N, c.gamma);

    // TRY NOT TO MODIFY: start the game (sub-env i seeded with seed + i).
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
      METRIC.clipfrac,
      FIRST_RATIO_DEV,
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
        if (this.activation === 'relu') keys.push(layerKey(METRIC.deadReluFrac, name));
      }
    }
    if (!this.discrete) keys.push(POLICY_STD);
    return keys;
  }

  async iterate(): Promise<void> {
    const c = this.config;
    const sink = this.ctx.sink;
    this.startTime ??= performance.now();
    const timing = { env: 0, inference: 0, update: 0, diagnostics: 0 };

    // Annealing the rate if instructed to do so (CleanRL: frac = 1 − (update − 1)/num_updates).
    const frac = c.annealLr && this.annealUpdates !== null ? Math.max(0, 1 - this.updates / this.annealUpdates) : 1;
    // BUG lr_too_high: every Adam step is LR_TOO_HIGH_FACTOR× the healthy one.
    const lrNow = frac * c.learningRate * (this.bugs.lrTooHigh ? LR_TOO_HIGH_FACTOR : 1);
    const clipNow = c.annealClipCoef && this.annealUpdates !== null ? Math.max(0, 1 - this.updates / this.annealUpdates) * c.clipCoef : c.clipCoef;

    // ---------------------------------------------------------------- rollout
    await this.rollout(timing);

    // Bootstrap value if not done: V(s_T) of each sub-env's next observation.
    let t0 = performance.now();
    const nextValues = new Float64Array(this.numEnvs);
    this.jsCritic.forward(this.nextObs, this.numEnvs, nextValues);
    const gae: GaeInput = {
      numSteps: this.numSteps,
      numEnvs: this.numEnvs,
      rewards: this.rewards,
      values: this.values,
      nextValues,
      // BUG ignore_done: the done flags never reach the targets, so every return bootstraps through the
      // episode's end into V of the next episode's first state (the observation after the autoreset).
      terminated: this.bugs.ignoreDone ? this.noFlags : this.terminated,
      truncated: this.bugs.ignoreDone ? this.noFlags : this.truncated,
      truncationValues: this.truncationValues,
      gamma: c.gamma,
      lambda: c.gaeLambda,
      // bootstrapTruncated: V(final_obs) on truncation; off: CleanRL's done = terminated OR truncated.
      // BUG truncation_as_termination: a time-limit cut is treated as a true end, value 0 after it.
      variant: c.bootstrapTruncated && !this.bugs.truncationAsTermination ? 'bootstrap' : 'cleanrl',
    };
    // BUG uninitialized_buffer: a hand-rolled GAE into buffers reused across rollouts, which skips the write at episode ends.
    const { advantages, returns } = this.reusedTargets !== null ? gaeSkippingEpisodeEnds(gae, this.reusedTargets) : computeGae(gae);
    timing.inference += performance.now() - t0;

    // ---------------------------------------------------------------- update
    const diagnosticsDue = this.updates % c.diagnosticsEvery === 0;
    const histogramsDue = c.histogramEvery > 0 && this.updates % c.histogramEvery === 0;
    t0 = performance.now();
    const rollout: RolloutBatch = { obs: this.obs, actions: this.actions, values: this.values, advantages, returns, logProbs: null };
    const update = await this.update(rollout, lrNow, clipNow, diagnosticsDue, histogramsDue);
    timing.update += performance.now() - t0 - update.prepareMs;
    timing.inference += update.prepareMs;
    this.updates++;

    // ---------------------------------------------------------------- report
    t0 = performance.now();
    sink.at(this.envSteps, this.updates);
    const s = (key: string, v: number): void => sink.scalar(key, v);
    s(METRIC.learningRate, lrNow);
    // CleanRL logs the losses of the last minibatch and the mean clip fraction of the update.
    s(METRIC.valueLoss, update.last[Stat.ValueLoss]);
    s(METRIC.policyLoss, update.last[Stat.PolicyLoss]);
    s(METRIC.entropy, update.last[Stat.Entropy]);
    s(METRIC.oldApproxKl, update.last[Stat.OldApproxKl]);
    s(METRIC.approxKl, update.last[Stat.ApproxKl]);
    s(METRIC.clipfrac, update.mean[Stat.ClipFrac]);
    s(FIRST_RATIO_DEV, update.firstRatioDev);
    s(METRIC.explainedVariance, explainedVariance(this.values, returns));
    s(METRIC.gradNorm, update.mean[Stat.GradNorm]);

    // Value and return in return units: undo the return normalisation's scale.
    const scale = this.returnScale();
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
    if (update.activations !== null) {
      for (const { name, values, width } of update.activations) {
        s(layerKey(METRIC.activationStd, name), activationStd(values));
        if (this.activation === 'relu') s(layerKey(METRIC.deadReluFrac, name), deadReluFraction(values, width));
      }
    }
    if (histogramsDue) this.reportHistograms(update, advantages, returns, scale);
    const mem = tf.memory();
    s(METRIC.numTensors, mem.numTensors);
    s(METRIC.numBytes, mem.numBytes);
    timing.diagnostics += performance.now() - t0;

    const wallS = (performance.now() - this.startTime) / 1000;
    s(METRIC.envSteps, this.envSteps);
    s(METRIC.trainSteps, this.trainSteps);
    s(METRIC.wallS, wallS);
    s(METRIC.sps, Math.floor(this.envSteps / wallS));
    for (const [phase, ms] of Object.entries(timing)) s(phaseKey(phase as 'env'), ms);
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
    if (this.discrete) {
      const A = this.actionSize;
      for (let i = 0; i < count; i++) {
        let m = -Infinity;
        for (let a = 0; a < A; a++) m = Math.max(m, head[i * A + a]);
        let z = 0;
        for (let a = 0; a < A; a++) z += head[i * A + a] = Math.exp(head[i * A + a] - m);
        for (let a = 0; a < A; a++) head[i * A + a] /= z;
      }
    }
    return { policy: head, values };
  }

  /** numSteps vector steps with the JS copy of the policy (or tfjs when jsInference is off). */
  private async rollout(timing: { env: number; inference: number }): Promise<void> {
    const c = this.config;
    const N = this.numEnvs;
    const D = this.obsDim;
    const actDim = this.discrete ? 1 : this.actionSize;
    const sink = this.ctx.sink;
    for (let step = 0; step < this.numSteps; step++) {
      this.envSteps += N;
      const base = step * N;
      this.obs.set(this.nextObs, base * D);

      // ALGO LOGIC: action logic — π(·|s) and V(s) for every sub-env, then sample.
      let t0 = performance.now();
      if (c.jsInference) {
        this.jsActor.forward(this.nextObs, N, this.headOut);
        this.jsCritic.forward(this.nextObs, N, this.valueOut);
      } else {
        await this.tfInference(this.nextObs);
      }
      for (let e = 0; e < N; e++) {
        this.values[base + e] = this.valueOut[e];
        if (this.discrete) {
          const a = this.sampleCategorical(e);
          this.actions[base + e] = a;
          this.envActions[e] = a;
        } else {
          for (let k = 0; k < actDim; k++) {
            const a = this.headOut[e * actDim + k] + Math.exp(this.jsLogStd[k]) * this.actionRng.normal();
            this.actions[(base + e) * actDim + k] = a;
            // gym.wrappers.ClipAction: the env gets the clipped action, the buffer keeps the sample.
            this.envActions[e * actDim + k] = Math.min(this.actionHigh![k], Math.max(this.actionLow![k], a));
          }
        }
      }
      timing.inference += performance.now() - t0;

      // TRY NOT TO MODIFY: execute the game and log data.
      t0 = performance.now();
      const r = this.vecEnv.step(this.envActions);
      let finalValueMs = 0;
      for (let e = 0; e < N; e++) {
        const i = base + e;
        this.terminated[i] = r.terminated[e];
        this.truncated[i] = r.truncated[e];
        const finalObs = r.finalObs[e];
        if (r.truncated[e] && !r.terminated[e] && finalObs !== null && c.bootstrapTruncated) {
          // V(final_obs) for bootstrapping through the time limit, with the current normalisation.
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
        for (let e = 0; e < N; e++) {
          const clip = c.rewardClip;
          this.rewards[base + e] = clip === null ? scaled[e] : Math.min(clip, Math.max(-clip, scaled[e]));
        }
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
        for (const ep of r.episodes) sink.episode(ep as EpisodeStats);
      }
      this.ctx.onEnvStep?.(this.vecEnv, this.envActions);
    }
  }

  /** The update: K epochs of minibatch Adam steps on the clipped surrogate (cleanrl/ppo.py "Optimizing the policy and value network"). */
  private async update(rollout: RolloutBatch, lr: number, clipCoef: number, diagnosticsDue: boolean, histogramsDue: boolean): Promise<UpdateResult> {
    const c = this.config;
    const M = this.minibatchSize;
    const B = this.batchSize;
    const D = this.obsDim;
    const actDim = this.discrete ? 1 : this.actionSize;

    // Minibatch storage, reused.
    const mb = {
      obs: new Float32Array(M * D),
      actions: new Float32Array(M * (this.discrete ? this.actionSize : actDim)),
      logProbs: new Float32Array(M),
      advantages: new Float32Array(M),
      returns: new Float32Array(M),
      values: new Float32Array(M),
    };
    const firstPermutation = this.permutation();

    // π_old: the rollout policy's log-probabilities, recomputed by the update's own forward pass on the
    // first epoch's minibatches (bitwise the inputs of that epoch's first step, so its ratio is exactly 1).
    const prepareStart = performance.now();
    const oldLogProbs = new Float32Array(B);
    const activationsWanted = diagnosticsDue || histogramsDue;
    let activations: LayerActivations[] | null = null;
    {
      const perm = firstPermutation;
      const chunks: tf.Tensor[] = [];
      const actChunks: tf.Tensor2D[][] = [];
      for (let start = 0; start < B; start += M) {
        this.fillMinibatch(mb, rollout, perm, start, false);
        const out = tf.tidy(() => {
          const obs = tf.tensor2d(mb.obs, [M, D]);
          const acts: tf.Tensor2D[] = [];
          const { logProb } = this.evaluateActions(obs, this.actionTensor(mb.actions, M), activationsWanted ? acts : undefined);
          if (activationsWanted) this.critic.forward(obs, acts);
          return [logProb, ...acts];
        });
        chunks.push(out[0]);
        actChunks.push(out.slice(1) as tf.Tensor2D[]);
      }
      const flatOld = tf.concat(chunks);
      const oldData = await flatOld.data();
      // Scatter back to rollout order.
      for (let j = 0; j < B; j++) oldLogProbs[perm[j]] = oldData[j];
      rollout.logProbs = oldLogProbs;
      if (activationsWanted) {
        const names = [...this.actor.hiddenLayerNames, ...this.critic.hiddenLayerNames];
        const joined = names.map((_, l) => tf.concat(actChunks.map((a) => a[l])));
        const datas = await Promise.all(joined.map((t) => t.data() as Promise<Float32Array>));
        activations = names.map((name, l) => ({ name, values: datas[l], width: joined[l].shape[1] }));
        tf.dispose(joined);
      }
      tf.dispose([flatOld, ...chunks, ...actChunks.flat()]);
    }
    const prepareMs = performance.now() - prepareStart;

    // BUG stale_rollout: the update trains on the previous iteration's rollout with the log-probs stored when
    // it was collected (one update ago), and keeps this one for next time; the first update has nothing older.
    let batch = rollout;
    if (this.bugs.staleRollout) {
      batch = this.staleBatch ?? rollout;
      this.staleBatch = copyBatch(rollout);
    }
    // BUG too_many_epochs: TOO_MANY_EPOCHS passes over the rollout and no target_kl early stop.
    const updateEpochs = this.bugs.tooManyEpochs ? TOO_MANY_EPOCHS : c.updateEpochs;
    const targetKl = this.bugs.tooManyEpochs ? null : c.targetKl;

    // Epochs × minibatches of Adam steps. Statistics stay on the device until the end.
    const stats: tf.Tensor1D[] = [];
    let firstRatio: tf.Tensor | null = null;
    const lastRatios: tf.Tensor[] = [];
    let lastGrads: tf.Tensor | null = null;
    let layerNorms: tf.Tensor | null = null;
    let epochsRun = 0;
    for (let epoch = 0; epoch < updateEpochs; epoch++) {
      const perm = epoch === 0 ? firstPermutation : this.permutation();
      const lastEpoch = epoch === updateEpochs - 1;
      for (let start = 0; start < B; start += M) {
        this.fillMinibatch(mb, batch, perm, start, true);
        const isFirst = epoch === 0 && start === 0;
        const isLast = lastEpoch && start + M >= B;
        const { statsVec, ratio, gradFlat, gradLayerNorms } = this.minibatchStep(mb, lr, clipCoef, {
          keepRatio: isFirst || (histogramsDue && lastEpoch),
          keepGrads: histogramsDue && isLast,
          layerNorms: diagnosticsDue && isLast,
        });
        stats.push(statsVec);
        this.trainSteps++;
        if (ratio !== null && isFirst) firstRatio = ratio;
        if (ratio !== null && histogramsDue && lastEpoch) lastRatios.push(ratio);
        if (gradFlat !== null) lastGrads = gradFlat;
        if (gradLayerNorms !== null) layerNorms = gradLayerNorms;
      }
      epochsRun++;
      if (targetKl !== null) {
        const kl = (await stats[stats.length - 1].data())[Stat.ApproxKl];
        if (kl > targetKl) break;
      }
    }
    // One read: every minibatch's statistics, the new weights (for the JS copy and the weight
    // histograms), the first ratio, and the snapshots that are due.
    const flat = tf.tidy(() => {
      const parts: tf.Tensor[] = [...stats, flattenVariables(this.params)];
      if (firstRatio) parts.push(firstRatio);
      if (layerNorms) parts.push(layerNorms);
      if (lastGrads) parts.push(lastGrads);
      parts.push(...lastRatios);
      return tf.concat(parts.map((p) => p.reshape([-1])));
    });
    const data = (await flat.data()) as Float32Array;
    tf.dispose([flat, ...stats, ...lastRatios]);
    for (const t of [firstRatio, layerNorms, lastGrads]) t?.dispose();

    let o = 0;
    const n = stats.length;
    const statRows = data.subarray(0, n * Stat.Count);
    o += n * Stat.Count;
    const paramCount = this.params.reduce((s, p) => s + p.size, 0);
    const weights = data.subarray(o, o + paramCount);
    this.syncJsWeights(weights);
    o += paramCount;
    const firstRatios = data.slice(o, o + (firstRatio ? M : 0));
    o += firstRatio ? M : 0;
    const numLayers = this.actor.layers.length + this.critic.layers.length;
    const layerGradNormValues = layerNorms ? Array.from(data.subarray(o, o + numLayers)) : null;
    o += layerNorms ? numLayers : 0;
    const gradients = lastGrads ? data.slice(o, o + paramCount) : null;
    o += lastGrads ? paramCount : 0;
    const ratios = lastRatios.length > 0 ? data.slice(o, o + lastRatios.length * M) : null;

    const meanStats = new Float64Array(Stat.Count);
    for (let r = 0; r < n; r++) for (let k = 0; k < Stat.Count; k++) meanStats[k] += statRows[r * Stat.Count + k] / n;
    const last = Array.from(statRows.subarray((n - 1) * Stat.Count, n * Stat.Count));
    let firstRatioDev = 0;
    for (const r of firstRatios) firstRatioDev = Math.max(firstRatioDev, Math.abs(r - 1));
    this.lastUpdate = {
      firstRatios,
      epochs: epochsRun,
      mean: Object.fromEntries(STAT_NAMES.map((k, i) => [k, meanStats[i]])),
      last: Object.fromEntries(STAT_NAMES.map((k, i) => [k, last[i]])),
    };
    return {
      mean: Array.from(meanStats),
      last,
      firstRatioDev,
      prepareMs,
      layerGradNorms: layerGradNormValues,
      activations: diagnosticsDue || histogramsDue ? activations : null,
      weights: histogramsDue ? weights.slice() : null,
      gradients,
      ratios,
    };
  }

  /** One Adam step on one minibatch: the PPO loss, gradients, clipping. Returns the kept statistics [Stat.Count]. */
  private minibatchStep(
    mb: MinibatchArrays,
    lr: number,
    clipCoef: number,
    keep: { keepRatio: boolean; keepGrads: boolean; layerNorms: boolean },
  ): { statsVec: tf.Tensor1D; ratio: tf.Tensor | null; gradFlat: tf.Tensor | null; gradLayerNorms: tf.Tensor | null } {
    const c = this.config;
    const M = this.minibatchSize;
    let ratioKept: tf.Tensor | null = null;
    let gradFlat: tf.Tensor | null = null;
    let gradLayerNorms: tf.Tensor | null = null;
    const statsVec = tf.tidy(() => {
      const obs = tf.tensor2d(mb.obs, [M, this.obsDim]);
      const actions = this.actionTensor(mb.actions, M);
      const oldLogProb = tf.tensor1d(mb.logProbs);
      const mbAdvantages = tf.tensor1d(mb.advantages); // normalised in fillMinibatch when normAdv
      // BUG tensor_leak: the minibatch's advantages are kept out of tf.tidy and never disposed: one tensor per gradient step.
      if (this.bugs.tensorLeak) tf.keep(mbAdvantages);
      const mbReturns = tf.tensor1d(mb.returns);
      const mbValues = tf.tensor1d(mb.values);
      let side: tf.Tensor[] = [];
      // BUG sum_instead_of_mean_loss: every loss term is summed over the minibatch, an accidental LR × minibatch size.
      const reduce = (x: tf.Tensor): tf.Scalar => (this.bugs.sumInsteadOfMeanLoss ? tf.sum(x) : tf.mean(x));
      // BUG entropy_coef_too_high: the entropy bonus is 50× the healthy one (0.5 when the healthy one is 0).
      const entCoef = this.bugs.entropyCoefTooHigh ? buggyEntropyCoef(c.entCoef) : c.entCoef;

      const { value: loss, grads } = tf.variableGrads(() => {
        const { logProb: newLogProb, entropy } = this.evaluateActions(obs, actions);
        const logratio = tf.sub(newLogProb, oldLogProb);
        const ratio = tf.exp(logratio);

        // Policy loss
        const pgLoss1 = tf.mul(tf.neg(mbAdvantages), ratio);
        const pgLoss2 = tf.mul(tf.neg(mbAdvantages), tf.clipByValue(ratio, 1 - clipCoef, 1 + clipCoef));
        const pgLoss = reduce(tf.maximum(pgLoss1, pgLoss2));

        // Value loss
        const newValue = tf.reshape(this.critic.forward(obs), [-1]);
        let vLoss: tf.Scalar;
        if (c.clipVloss) {
          const vLossUnclipped = tf.square(tf.sub(newValue, mbReturns));
          const vClipped = tf.add(mbValues, tf.clipByValue(tf.sub(newValue, mbValues), -clipCoef, clipCoef));
          const vLossClipped = tf.square(tf.sub(vClipped, mbReturns));
          vLoss = tf.mul(0.5, reduce(tf.maximum(vLossUnclipped, vLossClipped)));
        } else {
          vLoss = tf.mul(0.5, reduce(tf.square(tf.sub(newValue, mbReturns))));
        }

        const entropyLoss = reduce(entropy);
        const total = tf.add(tf.sub(pgLoss, tf.mul(entCoef, entropyLoss)), tf.mul(vLoss, c.vfCoef)) as tf.Scalar;

        // calculate approx_kl http://joschu.net/blog/kl-approx.html (not differentiated: off the loss path)
        const oldApproxKl = tf.mean(tf.neg(logratio));
        const approxKl = tf.mean(tf.sub(tf.sub(ratio, 1), logratio));
        const clipFrac = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), clipCoef), 'float32'));
        // losses/entropy is the policy's mean entropy whatever the loss does with it.
        const meanEntropy = this.bugs.sumInsteadOfMeanLoss ? tf.mean(entropy) : entropyLoss;
        side = [tf.keep(tf.stack([pgLoss, vLoss, meanEntropy, oldApproxKl, approxKl, clipFrac]))];
        if (keep.keepRatio) side.push(tf.keep(ratio));
        return total;
      }, this.params);

      const gradList = this.params.map((p) => grads[p.name]);
      // BUG no_grad_clipping: the global gradient norm goes through unclipped (grad_norm is measured before clipping either way).
      const gradNorm = this.optimizer.step(gradList, lr, this.bugs.noGradClipping ? null : c.maxGradNorm);
      if (keep.keepGrads) gradFlat = tf.keep(flattenVariables(gradList));
      if (keep.layerNorms) gradLayerNorms = tf.keep(layerGradNorms(gradList.slice(0, 2 * (this.actor.layers.length + this.critic.layers.length))));
      loss.dispose();
      const [lossStats, ratio] = side;
      if (ratio) ratioKept = ratio;
      const out = tf.concat([lossStats, tf.reshape(gradNorm, [1])]) as tf.Tensor1D;
      lossStats.dispose();
      return out;
    });
    return { statsVec, ratio: ratioKept, gradFlat, gradLayerNorms };
  }

  /**
   * log π(a|s) and the policy entropy per sample (CleanRL get_action_and_value with a given action).
   * Discrete: Categorical(logits); continuous: Normal(mean, exp(log_std)) summed over action dims.
   * `activations` collects the actor's hidden outputs when given.
   */
  private evaluateActions(obs: tf.Tensor2D, actions: tf.Tensor2D, activations?: tf.Tensor2D[]): { logProb: tf.Tensor1D; entropy: tf.Tensor1D } {
    const head = this.actor.forward(obs, activations);
    if (this.discrete) {
      // actions arrive one-hot [M × |A|]: log π(a|s) = Σ onehot · log_softmax(logits).
      const logp = tf.logSoftmax(head);
      const logProb = tf.sum(tf.mul(logp, actions), 1) as tf.Tensor1D;
      const entropy = tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1)) as tf.Tensor1D;
      return { logProb, entropy };
    }
    const logStd = this.logStd!;
    // torch Normal.log_prob: −(a − μ)²/(2σ²) − log σ − log √(2π)
    const z = tf.div(tf.sub(actions, head), tf.exp(logStd));
    const logProb = tf.sum(tf.sub(tf.mul(-0.5, tf.square(z)), tf.add(logStd, LOG_SQRT_2PI)), 1) as tf.Tensor1D;
    // Normal.entropy: ½ + ½·log 2π + log σ, summed over dims; the same for every sample.
    const entropyPerSample = tf.sum(tf.add(logStd, 0.5 + LOG_SQRT_2PI));
    const entropy = tf.mul(tf.onesLike(logProb), entropyPerSample) as tf.Tensor1D;
    return { logProb, entropy };
  }

  /** Minibatch actions as the loss wants them: one-hot rows (discrete) or [M × dim] (continuous). */
  private actionTensor(actions: Float32Array, rows: number): tf.Tensor2D {
    return tf.tensor2d(actions, [rows, this.actionSize]);
  }

  /**
   * Gather one minibatch (rows perm[start..start+M) of the batch) into the reusable arrays: observations and
   * actions, and with `withTargets` also π_old, advantages (normalised when norm_adv), returns and values.
   */
  private fillMinibatch(mb: MinibatchArrays, batch: RolloutBatch, perm: Int32Array, start: number, withTargets: boolean): void {
    const M = this.minibatchSize;
    const D = this.obsDim;
    const A = this.actionSize;
    for (let j = 0; j < M; j++) {
      const i = perm[start + j];
      mb.obs.set(batch.obs.subarray(i * D, (i + 1) * D), j * D);
      if (this.discrete) {
        mb.actions.fill(0, j * A, (j + 1) * A);
        mb.actions[j * A + batch.actions[i]] = 1;
      } else {
        mb.actions.set(batch.actions.subarray(i * A, (i + 1) * A), j * A);
      }
      if (withTargets) {
        mb.logProbs[j] = batch.logProbs![i];
        mb.advantages[j] = batch.advantages[i];
        mb.returns[j] = batch.returns[i];
        mb.values[j] = batch.values[i];
      }
    }
    // BUG no_advantage_normalization: raw advantages go into the surrogate, so the step size follows the reward scale.
    if (withTargets && this.config.normAdv && !this.bugs.noAdvantageNormalization) normalizeAdvantages(mb.advantages, mb.advantages);
  }

  /** np.random.shuffle(b_inds): a seeded Fisher–Yates permutation of the batch indices. */
  private permutation(): Int32Array {
    const p = new Int32Array(this.batchSize);
    for (let i = 0; i < p.length; i++) p[i] = i;
    for (let i = p.length - 1; i > 0; i--) {
      const j = this.shuffleRng.integers(i + 1);
      const tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }

  /** Categorical(logits).sample() for sub-env e from the JS head output. */
  private sampleCategorical(e: number): number {
    const A = this.actionSize;
    const o = e * A;
    let m = -Infinity;
    for (let a = 0; a < A; a++) if (this.headOut[o + a] > m) m = this.headOut[o + a];
    let z = 0;
    for (let a = 0; a < A; a++) z += Math.exp(this.headOut[o + a] - m);
    let u = this.actionRng.random() * z;
    for (let a = 0; a < A - 1; a++) {
      u -= Math.exp(this.headOut[o + a] - m);
      if (u < 0) return a;
    }
    return A - 1;
  }

  /** Rollout inference through tfjs (jsInference off): fills headOut and valueOut. */
  private async tfInference(obs: Float32Array): Promise<void> {
    const N = this.numEnvs;
    const out = tf.tidy(() => {
      const x = tf.tensor2d(obs, [N, this.obsDim]);
      return tf.concat([tf.reshape(this.actor.forward(x), [-1]), tf.reshape(this.critic.forward(x), [-1])]);
    });
    const data = await out.data();
    out.dispose();
    const headSize = N * this.actionSize;
    for (let i = 0; i < headSize; i++) this.headOut[i] = data[i];
    for (let e = 0; e < N; e++) this.valueOut[e] = data[headSize + e];
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

  private reportHistograms(update: UpdateResult, advantages: Float64Array, returns: Float64Array, scale: number): void {
    const sink = this.ctx.sink;
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
    for (const a of update.activations ?? []) sink.histogram(layerKey(HISTOGRAM.activations, a.name), a.values);
    sink.histogram(HISTOGRAM.advantages, advantages);
    sink.histogram(HISTOGRAM.valueTargets, scale === 1 ? returns : returns.map((v) => v * scale));
    if (update.ratios !== null) sink.histogram(HISTOGRAM.ratio, update.ratios);
  }

  dispose(): void {
    this.actor.dispose();
    this.critic.dispose();
    this.logStd?.dispose();
    this.optimizer.dispose();
  }

  /** Fields read from `this.config` at every iteration (not baked into sizes, buffers or normalisers), so they can change mid-run. */
  readonly liveKeys: readonly string[] = PPO_LIVE_KEYS;

  setHyper(values: Readonly<Record<string, unknown>>): void {
    const config = this.config as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(values)) if (PPO_LIVE_KEYS.includes(key)) config[key] = value;
  }
}

/** See PpoAgent.liveKeys. Not gamma (return normaliser, tracker), numMinibatches/annealSteps (derived sizes), obsClip, jsInference (weight copies). */
const PPO_LIVE_KEYS: readonly string[] = [
  'learningRate',
  'annealLr',
  'annealClipCoef',
  'gaeLambda',
  'updateEpochs',
  'normAdv',
  'clipCoef',
  'clipVloss',
  'entCoef',
  'vfCoef',
  'maxGradNorm',
  'targetKl',
  'bootstrapTruncated',
  'rewardClip',
  'diagnosticsEvery',
  'histogramEvery',
];

/** Mean σ of the Gaussian policy (continuous actions). */
export const POLICY_STD = AGENT_METRIC.policyStd;
/** max |r − 1| over the first minibatch of the first epoch: exactly 0 when π_old is the policy that is being updated (stale_rollout breaks it). */
export const FIRST_RATIO_DEV = AGENT_METRIC.firstRatioDev;

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const STAT_NAMES = ['policy_loss', 'value_loss', 'entropy', 'old_approx_kl', 'approx_kl', 'clipfrac', 'grad_norm'];

interface MinibatchArrays {
  obs: Float32Array;
  actions: Float32Array;
  logProbs: Float32Array;
  advantages: Float32Array;
  returns: Float32Array;
  values: Float32Array;
}

interface LayerActivations {
  name: string;
  values: Float32Array;
  width: number;
}

interface UpdateResult {
  mean: number[];
  last: number[];
  /** max |r − 1| on the first minibatch of the first epoch. */
  firstRatioDev: number;
  prepareMs: number;
  layerGradNorms: number[] | null;
  activations: LayerActivations[] | null;
  weights: Float32Array | null;
  gradients: Float32Array | null;
  ratios: Float32Array | null;
}

/** A copy of a rollout's batch that outlives the rollout buffers (stale_rollout keeps one for the next update). */
function copyBatch(b: RolloutBatch): RolloutBatch {
  return {
    obs: b.obs.slice(),
    actions: b.actions.slice(),
    values: b.values.slice(),
    advantages: b.advantages.slice(),
    returns: b.returns.slice(),
    logProbs: b.logProbs === null ? null : b.logProbs.slice(),
  };
}

/**
 * uninitialized_buffer, the np.empty mistake: advantage and return buffers of `size` allocated once and never
 * cleared. np.empty hands back whatever the memory held; JS zero-fills typed arrays, so the leftovers are
 * emulated with this generator (values of any sign spanning 1e-2 … 1e3, as DQN's replay buffer does).
 */
function uninitializedTargets(size: number, leftovers: Xoshiro128): { advantages: Float64Array; returns: Float64Array } {
  const junk = (): number => (leftovers.random() < 0.5 ? -1 : 1) * 10 ** leftovers.uniform(-2, 3);
  return { advantages: Float64Array.from({ length: size }, junk), returns: Float64Array.from({ length: size }, junk) };
}

/**
 * BUG uninitialized_buffer: GAE written by hand into the reused buffers of `uninitializedTargets`, with the trace
 * read back from the buffer (A_t = δ_t + γλ·A_{t+1}) instead of a running scalar. Its episode-end branch
 * `continue`s ("nothing to bootstrap after a terminal state") before writing A_t = r_t − V(s_t) and R_t = r_t,
 * so those slots keep what an earlier rollout, or the allocation, left there, and the step before the
 * episode's end reads that stale value as its A_{t+1}. Elsewhere it equals computeGae.
 */
function gaeSkippingEpisodeEnds(g: GaeInput, out: { advantages: Float64Array; returns: Float64Array }): { advantages: Float64Array; returns: Float64Array } {
  const { numSteps: T, numEnvs: N, rewards, values, nextValues, terminated, truncated, truncationValues, gamma, lambda } = g;
  const adv = out.advantages;
  const ret = out.returns;
  const cleanrl = g.variant === 'cleanrl';
  for (let e = 0; e < N; e++) {
    for (let t = T - 1; t >= 0; t--) {
      const i = t * N + e;
      if (terminated[i] || (cleanrl && truncated[i])) continue; // the forgotten write: adv[i] and ret[i] stay stale
      const cut = !cleanrl && truncated[i];
      const last = t === T - 1;
      const nextValue = cut ? truncationValues![i] : last ? nextValues[e] : values[i + N];
      const nextAdvantage = cut || last ? 0 : adv[i + N];
      adv[i] = rewards[i] + gamma * nextValue - values[i] + gamma * lambda * nextAdvantage;
      ret[i] = adv[i] + values[i];
    }
  }
  return out;
}

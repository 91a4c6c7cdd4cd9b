// REINFORCE / vanilla policy gradient (Williams 1992), following OpenAI Spinning Up's VPG
// (spinup/algos/pytorch/vpg/vpg.py): collect a batch of whole episodes, weight each log π(a_t|s_t) by
// its Monte-Carlo return (reward-to-go by default) minus an optional learned baseline V(s_t), take one
// policy-gradient step, then fit V to the returns with a few full-batch steps. The playground's
// safeguards are named config fields (src/config/vpg-config.ts); the bugs of the catalogue that apply
// to VPG are named checks at the lines they break (`this.bugs`).
//
// Collection: each sub-env's current episode is staged in its own trajectory buffer and appended to the
// batch when it ends, so every episode in the batch is complete and was collected by one policy
// (Spinning Up's `finish_path`). Once the batch holds `batchSteps` steps no new episode is started; a
// sub-env whose episode ends then idles (its steps are not trained on) until the others finish theirs.
// With one env (the default) nothing is ever discarded.
//
// Batch buffers are flat and episode-major: episode k occupies [start_k, start_k + length_k). They are
// allocated once and reused across batches (grown when a batch needs more room).

import * as tf from '@tensorflow/tfjs';
import type { VpgConfig } from '../config/vpg-config.ts';
import { HISTOGRAM, layerKey, METRIC, phaseKey } from '../diagnostics/metric-keys.ts';
import { ObsNormalizer, ReturnNormalizer } from '../rl/running-stats.ts';
import { approxKl, explainedVariance, max, mean, min, normalizeAdvantages, oldApproxKl, std } from '../diagnostics/stats.ts';
import { makeFastRng, type Xoshiro128 } from '../envs/rng.ts';
import { VectorEnv } from '../envs/vector-env.ts';
import { activationStd, Adam, deadReluFraction, flattenVariables, JsMlp, layerGradNorms, Mlp, variableFrom } from './nets.ts';
import { categoricalLogProb, deadReluInit, ensureCapacity, evaluateActions, gaussianLogProb, jsLogProbs, POLICY_STD, sampleCategorical, softmaxRows } from './policy-dist.ts';
import { EpisodeReturnTracker } from './return-tracker.ts';
import type { Agent, AgentContext } from './types.ts';

/** The catalogue's bugs that VPG implements, as read from the run config. */
export interface VpgBugs {
  lrTooHigh: boolean;
  noReturnNormalization: boolean;
  uninitializedBuffer: boolean;
  sumInsteadOfMeanLoss: boolean;
  ignoreDone: boolean;
  noObsNormalization: boolean;
  deadReluInit: boolean;
  tensorLeak: boolean;
}

/** One complete episode in the batch buffers; `tail` is the return after its last step (critic units). */
interface BatchEpisode {
  start: number;
  length: number;
  tail: number;
}

/** A sub-env's episode in progress: rows appended per step, copied into the batch when it ends. */
interface Trajectory {
  obs: Float32Array;
  actions: Float32Array;
  logProbs: Float64Array;
  values: Float64Array;
  rewards: Float64Array;
  length: number;
}

/** What the last update measured (tests and the bug lab read it). */
export interface VpgUpdateInfo {
  batchSize: number;
  /** Length and tail (return after the last step, critic units) of each batch episode, in buffer order. */
  episodes: { length: number; tail: number }[];
  /** The batch's rewards (critic units) and rollout values, episode-major. */
  rewards: Float64Array;
  values: Float64Array;
  /** Monte-Carlo returns (value targets) of the batch in the critic's units, episode-major. */
  returns: Float64Array;
  /** Advantages before normalisation. */
  advantages: Float64Array;
  policyLoss: number;
  valueLoss: number;
  entropy: number;
  approxKl: number;
  gradNorm: number;
}

export class VpgAgent implements Agent {
  readonly vecEnv: VectorEnv;
  readonly config: VpgConfig;
  readonly bugs: VpgBugs;
  envSteps = 0;
  updates = 0;
  lastUpdate: VpgUpdateInfo | null = null;

  private readonly numEnvs: number;
  private readonly obsDim: number;
  /** Discrete: number of actions; continuous: action dimensions. */
  private readonly actionSize: number;
  /** Numbers stored per action: 1 (discrete index) or actionSize. */
  private readonly actDim: number;
  private readonly discrete: boolean;
  private readonly actionLow: Float32Array | null;
  private readonly actionHigh: Float32Array | null;

  // Policy π (and value V when baseline is on), their optimisers and JS copies for the rollout.
  private readonly actor: Mlp;
  private readonly critic: Mlp | null;
  private readonly logStd: tf.Variable<tf.Rank.R1> | null;
  private readonly actorParams: tf.Variable[];
  private readonly criticParams: tf.Variable[];
  private readonly policyOptimizer: Adam;
  private readonly valueOptimizer: Adam | null;
  private readonly jsActor: JsMlp;
  private readonly jsCritic: JsMlp | null;
  private readonly jsLogStd: Float64Array;

  private readonly actionRng: Xoshiro128;
  private readonly obsNormalizer: ObsNormalizer | null;
  private readonly returnNormalizer: ReturnNormalizer | null;

  // Collection state per sub-env.
  private readonly trajectories: Trajectory[];
  /** The sub-env's current episode is being staged (it started while the batch had room). */
  private readonly recording: Uint8Array;
  /** The sub-env's next step is the first of an episode. */
  private readonly atEpisodeStart: Uint8Array;
  private readonly nextObs: Float32Array;

  // Batch buffers, episode-major, reused across batches.
  private batchObs: Float32Array;
  private batchActions: Float32Array;
  private batchLogProbs: Float64Array;
  private batchValues: Float64Array;
  private batchRewards: Float64Array;
  /** G_t per batch step, plus room for the slot after the last episode. */
  private returns: Float64Array;
  private advantages: Float64Array;
  private readonly episodes: BatchEpisode[] = [];
  private batchSize = 0;

  // Scratch for JS inference.
  private readonly headOut: Float64Array;
  private readonly valueOut: Float64Array;
  private readonly envActions: Float32Array;
  private readonly obsScratch: Float32Array;
  private readonly oneValue = new Float64Array(1);

  private readonly returnTracker: EpisodeReturnTracker;
  private readonly ctx: AgentContext;
  private startTime: number | null = null;
  private trainSteps = 0;

  constructor(ctx: AgentContext, config: VpgConfig) {
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
    this.obsDim = this.vecEnv.obsDim;

    // Spinning Up MLPActorCritic: π 64-64-|A| and V 64-64-1, tanh. Orthogonal init optional (CleanRL gains).
    const initRng = makeFastRng(seed);
    const common = { activation: c.activation, orthoInit: c.orthoInit, hiddenGain: Math.SQRT2 };
    this.critic = c.baseline ? new Mlp({ name: 'critic', sizes: [this.obsDim, ...c.hiddenSizes, 1], outputGain: 1, ...common }, initRng) : null;
    this.actor = new Mlp({ name: 'actor', sizes: [this.obsDim, ...c.hiddenSizes, this.actionSize], outputGain: 0.01, ...common }, initRng);
    if (this.bugs.deadReluInit) {
      // BUG dead_relu_init: hidden biases start far below zero, so (ReLU) units output 0 for every input.
      deadReluInit(this.actor);
      if (this.critic) deadReluInit(this.critic);
    }
    this.logStd = this.discrete ? null : variableFrom(tf.fill([this.actionSize], c.logStdInit) as tf.Tensor1D, 'actor/log_std');
    this.actorParams = [...this.actor.variables, ...(this.logStd ? [this.logStd] : [])];
    this.criticParams = this.critic ? this.critic.variables : [];
    this.policyOptimizer = new Adam(this.actorParams, c.adamEps);
    this.valueOptimizer = this.critic ? new Adam(this.criticParams, c.adamEps) : null;
    this.jsActor = new JsMlp(this.actor.sizes, c.activation);
    this.jsCritic = this.critic ? new JsMlp(this.critic.sizes, c.activation) : null;
    this.jsLogStd = new Float64Array(this.discrete ? 0 : this.actionSize).fill(c.logStdInit);
    this.syncJsWeights(tf.tidy(() => flattenVariables([...this.actorParams, ...this.criticParams]).dataSync()));

    this.actionRng = makeFastRng(seed + 1_000_003);
    // BUG no_obs_normalization: the observation normaliser is never built.
    this.obsNormalizer = c.normalizeObs && !this.bugs.noObsNormalization ? new ObsNormalizer(this.obsDim, 1e-8, c.obsClip) : null;
    // BUG no_return_normalization: the reward scaler is never built; V regresses on raw returns.
    this.returnNormalizer = c.normalizeReturns && !this.bugs.noReturnNormalization ? new ReturnNormalizer(c.numEnvs, c.gamma) : null;

    const N = this.numEnvs;
    const D = this.obsDim;
    const episodeRoom = this.vecEnv.spec.maxEpisodeSteps ?? 16;
    this.trajectories = Array.from({ length: N }, () => ({
      obs: new Float32Array(episodeRoom * D),
      actions: new Float32Array(episodeRoom * this.actDim),
      logProbs: new Float64Array(episodeRoom),
      values: new Float64Array(episodeRoom),
      rewards: new Float64Array(episodeRoom),
      length: 0,
    }));
    this.recording = new Uint8Array(N);
    this.atEpisodeStart = new Uint8Array(N).fill(1);
    const room = c.batchSteps + N * episodeRoom;
    this.batchObs = new Float32Array(room * D);
    this.batchActions = new Float32Array(room * this.actDim);
    this.batchLogProbs = new Float64Array(room);
    this.batchValues = new Float64Array(room);
    this.batchRewards = new Float64Array(room);
    this.returns = new Float64Array(room + 1);
    this.advantages = new Float64Array(room);
    this.headOut = new Float64Array(N * this.actionSize);
    this.valueOut = new Float64Array(N);
    this.envActions = new Float32Array(N * this.actDim);
    this.obsScratch = new Float32Array(D);
    this.returnTracker = new EpisodeReturnTracker(N, c.gamma);

    const first = this.vecEnv.reset(seed);
    this.nextObs = new Float32Array(N * D);
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
      METRIC.policyLoss,
      METRIC.entropy,
      METRIC.oldApproxKl,
      METRIC.approxKl,
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
    if (this.critic) keys.push(METRIC.valueLoss, METRIC.explainedVariance, METRIC.valueMean, METRIC.returnMean);
    for (const net of this.nets()) {
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
    const sink = this.ctx.sink;
    this.startTime ??= performance.now();
    const timing = { env: 0, inference: 0, update: 0, diagnostics: 0 };
    // BUG lr_too_high: both learning rates × 30.
    const lrScale = this.bugs.lrTooHigh ? 30 : 1;
    const lr = c.learningRate * lrScale;
    const valueLr = c.valueLearningRate * lrScale;

    // ---------------------------------------------------------------- collect whole episodes
    this.collect(timing);
    const B = this.batchSize;

    let t0 = performance.now();
    this.computeReturns();
    const returns = this.returns.subarray(0, B);
    const advantages = this.computeAdvantages();
    timing.inference += performance.now() - t0;

    // ---------------------------------------------------------------- update
    const diagnosticsDue = this.updates % c.diagnosticsEvery === 0;
    const histogramsDue = c.histogramEvery > 0 && this.updates % c.histogramEvery === 0;
    t0 = performance.now();
    // Per-layer activations of the batch under the rollout's weights (JS copy, before the update).
    const activations = diagnosticsDue || histogramsDue ? this.batchActivations(B) : null;
    timing.diagnostics += performance.now() - t0;
    t0 = performance.now();
    const update = await this.update(B, advantages, returns, lr, valueLr, diagnosticsDue, histogramsDue);
    timing.update += performance.now() - t0;
    this.updates++;

    // Post-update KL on the batch: log π_new from the synced JS copy vs the rollout's log π_old (k1 and k3).
    t0 = performance.now();
    const logRatio = this.postUpdateLogRatios(B);
    const kl = approxKl(logRatio);

    // ---------------------------------------------------------------- report
    sink.at(this.envSteps, this.updates);
    const s = (key: string, v: number): void => sink.scalar(key, v);
    const scale = this.returnScale();
    s(METRIC.learningRate, lr);
    s(METRIC.policyLoss, update.policyLoss);
    s(METRIC.entropy, update.entropy);
    s(METRIC.oldApproxKl, oldApproxKl(logRatio));
    s(METRIC.approxKl, kl);
    s(METRIC.gradNorm, update.gradNorm);
    s(METRIC.advantageMean, mean(advantages));
    s(METRIC.advantageStd, std(advantages));
    s(METRIC.advantageMin, min(advantages));
    s(METRIC.advantageMax, max(advantages));
    s(METRIC.valueTargetMin, min(returns) * scale);
    s(METRIC.valueTargetMax, max(returns) * scale);
    if (this.critic) {
      s(METRIC.valueLoss, update.valueLoss);
      s(METRIC.explainedVariance, explainedVariance(this.batchValues.subarray(0, B), returns));
      const seen = this.returnTracker.takeMeans();
      if (seen !== null) {
        s(METRIC.valueMean, seen.valueMean);
        s(METRIC.returnMean, seen.returnMean);
      }
    }
    if (!this.discrete) s(POLICY_STD, mean(Array.from(this.jsLogStd, Math.exp)));
    if (update.layerGradNorms !== null) {
      const layers = this.nets().flatMap((n) => n.layers);
      layers.forEach((layer, i) => s(layerKey(METRIC.gradNorm, layer.name), update.layerGradNorms![i]));
    }
    if (activations !== null) {
      for (const { name, values, width } of activations) {
        s(layerKey(METRIC.activationStd, name), activationStd(values));
        if (c.activation === 'relu') s(layerKey(METRIC.deadReluFrac, name), deadReluFraction(values, width));
      }
    }
    if (histogramsDue) this.reportHistograms(update, activations, advantages, returns, scale);
    const mem = tf.memory();
    s(METRIC.numTensors, mem.numTensors);
    s(METRIC.numBytes, mem.numBytes);
    timing.diagnostics += performance.now() - t0;

    this.lastUpdate = {
      batchSize: B,
      episodes: this.episodes.map(({ length, tail }) => ({ length, tail })),
      rewards: this.batchRewards.slice(0, B),
      values: this.batchValues.slice(0, B),
      returns: returns.slice(),
      advantages: advantages.slice(),
      policyLoss: update.policyLoss,
      valueLoss: update.valueLoss,
      entropy: update.entropy,
      approxKl: kl,
      gradNorm: update.gradNorm,
    };
    const wallS = (performance.now() - this.startTime) / 1000;
    s(METRIC.envSteps, this.envSteps);
    s(METRIC.trainSteps, this.trainSteps);
    s(METRIC.wallS, wallS);
    s(METRIC.sps, Math.floor(this.envSteps / wallS));
    for (const [phase, ms] of Object.entries(timing)) s(phaseKey(phase as 'env'), ms);
  }

  /**
   * The current policy and value at raw observations ([count × obsDim]), through the JS copy of the
   * weights: action probabilities (discrete) or Gaussian means (continuous), and V(s) in return units
   * (NaN without a baseline).
   */
  predict(rawObs: ArrayLike<number>, count: number): { policy: Float64Array; values: Float64Array } {
    const obs = new Float32Array(count * this.obsDim);
    this.normalizeObservations(Float32Array.from(rawObs), obs, false);
    const head = new Float64Array(count * this.actionSize);
    const values = new Float64Array(count).fill(NaN);
    this.jsActor.forward(obs, count, head);
    if (this.jsCritic) {
      this.jsCritic.forward(obs, count, values);
      const scale = this.returnScale();
      for (let i = 0; i < count; i++) values[i] *= scale;
    }
    if (this.discrete) softmaxRows(head, count, this.actionSize);
    return { policy: head, values };
  }

  /** Step the sub-envs until the batch holds ≥ batchSteps steps of complete episodes. */
  private collect(timing: { env: number; inference: number }): void {
    const c = this.config;
    const N = this.numEnvs;
    const A = this.actionSize;
    const sink = this.ctx.sink;
    this.batchSize = 0;
    this.episodes.length = 0;
    for (let e = 0; e < N; e++) {
      this.recording[e] = this.atEpisodeStart[e];
      this.trajectories[e].length = 0;
    }
    while (this.batchSize < c.batchSteps || this.recording.includes(1)) {
      this.envSteps += N;

      // π(·|s) (and V(s)) for every sub-env from the JS copy, then sample.
      let t0 = performance.now();
      this.jsActor.forward(this.nextObs, N, this.headOut);
      this.jsCritic?.forward(this.nextObs, N, this.valueOut);
      for (let e = 0; e < N; e++) {
        let logProb: number;
        if (this.discrete) {
          const a = sampleCategorical(this.headOut, e * A, A, this.actionRng);
          this.envActions[e] = a;
          logProb = categoricalLogProb(this.headOut, e * A, A, a);
        } else {
          for (let k = 0; k < A; k++) this.envActions[e * A + k] = this.headOut[e * A + k] + Math.exp(this.jsLogStd[k]) * this.actionRng.normal();
          logProb = gaussianLogProb(this.headOut, e * A, this.jsLogStd, this.envActions, e * A);
        }
        if (this.recording[e]) this.stage(e, logProb);
        // gym.wrappers.ClipAction: the env gets the clipped action, the trajectory keeps the sample.
        if (!this.discrete) for (let k = 0; k < A; k++) this.envActions[e * A + k] = Math.min(this.actionHigh![k], Math.max(this.actionLow![k], this.envActions[e * A + k]));
      }
      timing.inference += performance.now() - t0;

      t0 = performance.now();
      const r = this.vecEnv.step(this.envActions);
      const rewards = this.returnNormalizer === null ? r.rewards : this.scaleRewards(r.rewards, r.terminated, r.truncated);
      this.normalizeObservations(r.obs, this.nextObs);
      const scale = this.returnScale();
      for (let e = 0; e < N; e++) {
        const done = r.terminated[e] === 1 || r.truncated[e] === 1;
        if (this.recording[e]) {
          const traj = this.trajectories[e];
          traj.rewards[traj.length - 1] = rewards[e];
          // The observed return's tail (diagnostics) is the healthy one, whatever the targets use.
          const truncationTail = done ? this.truncationTail(r.terminated[e] === 1, r.finalObs[e]) : 0;
          this.returnTracker.record(e, r.rewards[e], traj.values[traj.length - 1] * scale, done, truncationTail * scale);
          if (done) this.finishEpisode(e, this.targetTail(e, truncationTail));
        }
        // At an episode boundary a sub-env starts recording again only while the batch has room.
        if (done) this.recording[e] = this.batchSize < c.batchSteps ? 1 : 0;
        this.atEpisodeStart[e] = done ? 1 : 0;
      }
      timing.env += performance.now() - t0;

      if (r.episodes.length > 0) {
        sink.at(this.envSteps, this.updates);
        for (const ep of r.episodes) sink.episode(ep);
      }
      this.ctx.onEnvStep?.(this.vecEnv, this.envActions);
    }
  }

  /** Append the current step of sub-env e (obs, sampled action, log π, V) to its trajectory. */
  private stage(e: number, logProb: number): void {
    const D = this.obsDim;
    const A = this.actDim;
    const traj = this.trajectories[e];
    const t = traj.length;
    if (t + 1 > traj.logProbs.length) {
      traj.obs = ensureCapacity(traj.obs, (t + 1) * D);
      traj.actions = ensureCapacity(traj.actions, (t + 1) * A);
      traj.logProbs = ensureCapacity(traj.logProbs, t + 1);
      traj.values = ensureCapacity(traj.values, t + 1);
      traj.rewards = ensureCapacity(traj.rewards, t + 1);
    }
    traj.obs.set(this.nextObs.subarray(e * D, (e + 1) * D), t * D);
    for (let k = 0; k < A; k++) traj.actions[t * A + k] = this.envActions[e * A + k];
    traj.logProbs[t] = logProb;
    traj.values[t] = this.jsCritic ? this.valueOut[e] : 0;
    traj.length = t + 1;
  }

  /**
   * The return after an episode's last step, in the critic's units: 0 after a termination (and always
   * without a baseline: plain REINFORCE has nothing to bootstrap from); V(final obs) after a time-limit
   * truncation when bootstrapTruncated (Spinning Up's `finish_path(v)` on timeout).
   */
  private truncationTail(terminated: boolean, finalObs: Float32Array | null): number {
    if (this.jsCritic === null || terminated || !this.config.bootstrapTruncated || finalObs === null) return 0;
    this.normalizeObservations(finalObs, this.obsScratch, false);
    this.jsCritic.forward(this.obsScratch, 1, this.oneValue);
    return this.oneValue[0];
  }

  /** The tail the value targets use for sub-env e's episode that just ended. */
  private targetTail(e: number, truncationTail: number): number {
    // BUG ignore_done: the done flag is ignored, so the return runs on into V of the next observation,
    // which after the autoreset is the next episode's first state.
    if (this.bugs.ignoreDone && this.jsCritic !== null) {
      this.jsCritic.forward(this.nextObs, 1, this.oneValue, undefined, e * this.obsDim);
      return this.oneValue[0];
    }
    return truncationTail;
  }

  /** Copy sub-env e's finished episode into the batch buffers. */
  private finishEpisode(e: number, tail: number): void {
    const traj = this.trajectories[e];
    const L = traj.length;
    const o = this.batchSize;
    const D = this.obsDim;
    const A = this.actDim;
    if ((o + L + 1) > this.returns.length) {
      this.batchObs = ensureCapacity(this.batchObs, (o + L) * D);
      this.batchActions = ensureCapacity(this.batchActions, (o + L) * A);
      this.batchLogProbs = ensureCapacity(this.batchLogProbs, o + L);
      this.batchValues = ensureCapacity(this.batchValues, o + L);
      this.batchRewards = ensureCapacity(this.batchRewards, o + L);
      this.advantages = ensureCapacity(this.advantages, o + L);
      this.returns = ensureCapacity(this.returns, o + L + 1);
    }
    this.batchObs.set(traj.obs.subarray(0, L * D), o * D);
    this.batchActions.set(traj.actions.subarray(0, L * A), o * A);
    this.batchLogProbs.set(traj.logProbs.subarray(0, L), o);
    this.batchValues.set(traj.values.subarray(0, L), o);
    this.batchRewards.set(traj.rewards.subarray(0, L), o);
    this.episodes.push({ start: o, length: L, tail });
    this.batchSize = o + L;
    traj.length = 0;
  }

  /**
   * Discounted returns per episode, backwards from its end (Spinning Up's discount_cumsum):
   * G_t = r_t + γ·G_{t+1}. Without reward-to-go every step of an episode gets G_0, the return of the
   * whole episode (original REINFORCE).
   */
  private computeReturns(): void {
    const gamma = this.config.gamma;
    const G = this.returns;
    // BUG ignore_done without a baseline (with one, targetTail bootstraps from V): the episode boundary is
    // ignored, so each episode's return runs on into the episode stored after it in the batch. Computed
    // last episode first, so that the following episode's return is already in place.
    const glued = this.bugs.ignoreDone && this.critic === null;
    const episodes = glued ? [...this.episodes].reverse() : this.episodes;
    if (glued) G[this.batchSize] = 0;
    for (const { start: o, length: L, tail } of episodes) {
      // G_L, the return after the last step, lives in the returns buffer's slot just past the episode
      // (Spinning Up's np.append(rews, last_val)): write it before the backward pass.
      // BUG uninitialized_buffer: the write is skipped because the freshly allocated buffer held 0 there.
      // The buffer is reused across batches without clearing, so G_L is whatever return an earlier
      // batch left in that slot, and it leaks (discounted) into every return of the episode.
      if (!this.bugs.uninitializedBuffer && !glued) G[o + L] = tail;
      for (let t = o + L - 1; t >= o; t--) G[t] = this.batchRewards[t] + gamma * G[t + 1];
      if (!this.config.rewardToGo) G.fill(G[o], o, o + L);
    }
  }

  /** Advantages before normalisation: G without baseline, G − V (λ = 1) or GAE-λ per episode (Spinning Up). */
  private computeAdvantages(): Float64Array {
    const c = this.config;
    const B = this.batchSize;
    const adv = this.advantages.subarray(0, B);
    const V = this.batchValues;
    if (this.critic === null) {
      adv.set(this.returns.subarray(0, B));
      return adv;
    }
    if (c.gaeLambda === 1) {
      for (let i = 0; i < B; i++) adv[i] = this.returns[i] - V[i];
      return adv;
    }
    for (const { start: o, length: L, tail } of this.episodes) {
      let a = 0;
      for (let t = o + L - 1; t >= o; t--) {
        const nextValue = t === o + L - 1 ? tail : V[t + 1];
        const delta = this.batchRewards[t] + c.gamma * nextValue - V[t];
        a = delta + c.gamma * c.gaeLambda * a;
        adv[t] = a;
      }
    }
    return adv;
  }

  /**
   * One policy-gradient step on the whole batch (Spinning Up: a single Adam step on
   * −mean(log π(a|s)·A)), then valueIters full-batch steps of mean((V − G)²).
   */
  private async update(B: number, advantages: Float64Array, returns: Float64Array, lr: number, valueLr: number, diagnosticsDue: boolean, histogramsDue: boolean): Promise<UpdateResult> {
    const c = this.config;
    const D = this.obsDim;
    const policyAdvantages = c.normAdv ? normalizeAdvantages(advantages, new Float32Array(B)) : Float32Array.from(advantages);
    // BUG sum_instead_of_mean_loss: losses are summed over the batch, so gradients are batch-size times larger.
    const reduce = (x: tf.Tensor): tf.Scalar => (this.bugs.sumInsteadOfMeanLoss ? tf.sum(x) : tf.mean(x));
    const obs = tf.tensor2d(this.batchObs.subarray(0, B * D), [B, D]);
    const actions = this.actionTensor(B);
    // The advantages go to the device once per update, outside tf.tidy, so they are disposed by hand below.
    const advantagesT = tf.tensor1d(policyAdvantages);
    const returnsT = tf.tensor1d(Float32Array.from(returns));

    // Policy step: loss = −reduce(log π(a|s)·A) − entCoef·mean(H).
    let policyGrads = null as tf.Tensor | null;
    let policyLayerNorms = null as tf.Tensor | null;
    const policyStats = tf.tidy(() => {
      let side: tf.Tensor | null = null;
      const { value: loss, grads } = tf.variableGrads(() => {
        const { logProb, entropy } = evaluateActions(this.actor, this.logStd, obs, actions);
        const pgLoss = tf.neg(reduce(tf.mul(logProb, advantagesT)));
        const entropyMean = tf.mean(entropy);
        side = tf.keep(tf.stack([pgLoss, entropyMean]));
        return tf.sub(pgLoss, tf.mul(c.entCoef, entropyMean)) as tf.Scalar;
      }, this.actorParams);
      const gradList = this.actorParams.map((p) => grads[p.name]);
      const norm = this.policyOptimizer.step(gradList, lr, c.maxGradNorm);
      if (histogramsDue) policyGrads = tf.keep(flattenVariables(gradList));
      if (diagnosticsDue) policyLayerNorms = tf.keep(layerGradNorms(gradList.slice(0, 2 * this.actor.layers.length)));
      loss.dispose();
      const out = tf.concat([side!, tf.reshape(norm, [1])]);
      side!.dispose();
      return out;
    });
    this.trainSteps++;

    // Value steps: loss = reduce((V(s) − G)²); the first step's loss and gradient are reported.
    let valueStats = null as tf.Tensor | null;
    let valueGrads = null as tf.Tensor | null;
    let valueLayerNorms = null as tf.Tensor | null;
    if (this.critic && this.valueOptimizer) {
      const critic = this.critic;
      for (let it = 0; it < c.valueIters; it++) {
        const first = it === 0;
        const stats = tf.tidy((): tf.Tensor[] => {
          const { value: loss, grads } = tf.variableGrads(() => reduce(tf.square(tf.sub(tf.reshape(critic.forward(obs), [-1]), returnsT))), this.criticParams);
          const gradList = this.criticParams.map((p) => grads[p.name]);
          const norm = this.valueOptimizer!.step(gradList, valueLr, c.maxGradNorm);
          if (!first) return [];
          if (histogramsDue) valueGrads = tf.keep(flattenVariables(gradList));
          if (diagnosticsDue) valueLayerNorms = tf.keep(layerGradNorms(gradList));
          return [tf.stack([loss, norm])];
        });
        if (stats.length > 0) valueStats = stats[0];
        this.trainSteps++;
      }
    }

    // One read: statistics, the new weights (JS copy and histograms), the snapshots that are due.
    const params = [...this.actorParams, ...this.criticParams];
    const paramCount = params.reduce((n, p) => n + p.size, 0);
    const kept = [policyStats, valueStats, policyLayerNorms, valueLayerNorms, policyGrads, valueGrads].filter((t): t is tf.Tensor => t !== null);
    const flat = tf.tidy(() => {
      const head = [policyStats, valueStats ?? tf.tensor1d([NaN, 0]), flattenVariables(params)];
      const tail = [policyLayerNorms, valueLayerNorms, policyGrads, valueGrads].filter((t): t is tf.Tensor => t !== null);
      return tf.concat([...head, ...tail].map((p) => tf.reshape(p, [-1])));
    });
    const data = (await flat.data()) as Float32Array;
    tf.dispose([flat, ...kept, obs, actions, returnsT]);
    // BUG tensor_leak: the advantages tensor made outside tf.tidy is never disposed: one tensor per update.
    if (!this.bugs.tensorLeak) advantagesT.dispose();

    const [policyLoss, entropy, policyNorm, valueLoss, valueNorm] = data;
    let o = 5;
    const weights = data.subarray(o, o + paramCount);
    this.syncJsWeights(weights);
    o += paramCount;
    const numLayers = this.nets().reduce((n, net) => n + net.layers.length, 0);
    const layerGradNormValues = diagnosticsDue ? Array.from(data.subarray(o, o + numLayers)) : null;
    o += diagnosticsDue ? numLayers : 0;
    const gradients = histogramsDue ? data.slice(o, o + paramCount) : null;
    return {
      policyLoss,
      entropy,
      valueLoss: this.critic ? valueLoss : NaN,
      // Global norm of this batch's first policy and first value gradient, before clipping.
      gradNorm: Math.sqrt(policyNorm * policyNorm + (this.critic ? valueNorm * valueNorm : 0)),
      layerGradNorms: layerGradNormValues,
      weights: histogramsDue ? weights.slice() : null,
      gradients,
    };
  }

  /** Batch actions as the loss wants them: one-hot rows (discrete) or [B × dim] (continuous). */
  private actionTensor(B: number): tf.Tensor2D {
    if (!this.discrete) return tf.tensor2d(this.batchActions.subarray(0, B * this.actionSize), [B, this.actionSize]);
    const oneHot = new Float32Array(B * this.actionSize);
    for (let i = 0; i < B; i++) oneHot[i * this.actionSize + this.batchActions[i]] = 1;
    return tf.tensor2d(oneHot, [B, this.actionSize]);
  }

  /** log π_new(a|s) − log π_old(a|s) for the batch, from the JS copy synced after the update. */
  private postUpdateLogRatios(B: number): Float64Array {
    const newLogProbs = new Float64Array(B);
    jsLogProbs(this.jsActor, this.discrete ? null : this.jsLogStd, this.batchObs, this.batchActions, B, new Float64Array(B * this.actionSize), newLogProbs);
    for (let i = 0; i < B; i++) newLogProbs[i] -= this.batchLogProbs[i];
    return newLogProbs;
  }

  /** Hidden outputs of each network on the batch (JS copy): [B × width] per hidden layer. */
  private batchActivations(B: number): LayerActivations[] {
    const out: LayerActivations[] = [];
    const pairs: [Mlp, JsMlp][] = [[this.actor, this.jsActor]];
    if (this.critic && this.jsCritic) pairs.push([this.critic, this.jsCritic]);
    for (const [net, js] of pairs) {
      const widths = net.layers.slice(0, -1).map((l) => l.outSize);
      const acts = widths.map((w) => new Float32Array(B * w));
      js.forward(this.batchObs, B, new Float64Array(B * net.layers[net.layers.length - 1].outSize), acts);
      net.hiddenLayerNames.forEach((name, l) => out.push({ name, values: acts[l], width: widths[l] }));
    }
    return out;
  }

  private nets(): Mlp[] {
    return this.critic ? [this.actor, this.critic] : [this.actor];
  }

  /** Reward scaling (Gymnasium NormalizeReward + optional clip) for one vector step. */
  private scaleRewards(raw: Float64Array, terminated: Uint8Array, truncated: Uint8Array): Float64Array {
    const scaled = this.returnNormalizer!.normalize(raw, terminated, truncated);
    const clip = this.config.rewardClip;
    if (clip !== null) for (let e = 0; e < scaled.length; e++) scaled[e] = Math.min(clip, Math.max(-clip, scaled[e]));
    return scaled;
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
    for (let k = 0; k < this.jsLogStd.length; k++) this.jsLogStd[k] = flat[o++];
    this.jsCritic?.load(flat, o);
  }

  private reportHistograms(update: UpdateResult, activations: LayerActivations[] | null, advantages: Float64Array, returns: Float64Array, scale: number): void {
    const sink = this.ctx.sink;
    // Flat parameter order: actor layers, log σ (continuous), critic layers.
    for (const [source, key] of [
      [update.weights, HISTOGRAM.weights],
      [update.gradients, HISTOGRAM.gradients],
    ] as const) {
      if (source === null) continue;
      let o = 0;
      for (const net of this.nets()) {
        for (const layer of net.layers) {
          const n = layer.inSize * layer.outSize;
          sink.histogram(layerKey(key, layer.name), source.subarray(o, o + n));
          o += n + layer.outSize;
        }
        if (net === this.actor) o += this.jsLogStd.length;
      }
    }
    for (const a of activations ?? []) sink.histogram(layerKey(HISTOGRAM.activations, a.name), a.values);
    sink.histogram(HISTOGRAM.advantages, advantages);
    sink.histogram(HISTOGRAM.valueTargets, scale === 1 ? returns : returns.map((v) => v * scale));
  }

  dispose(): void {
    this.actor.dispose();
    this.critic?.dispose();
    this.logStd?.dispose();
    this.policyOptimizer.dispose();
    this.valueOptimizer?.dispose();
  }
}

interface LayerActivations {
  name: string;
  values: Float32Array;
  width: number;
}

interface UpdateResult {
  policyLoss: number;
  entropy: number;
  valueLoss: number;
  gradNorm: number;
  layerGradNorms: number[] | null;
  weights: Float32Array | null;
  gradients: Float32Array | null;
}

// REINFORCE / vanilla policy gradient (Williams 1992), following OpenAI Spinning Up's VPG
// (spinup/algos/pytorch/vpg/vpg.py): collect a batch of whole episodes, weight each log π(a_t|s_t) by
// its Monte-Carlo return (reward-to-go by default) minus an optional learned baseline V(s_t), take one
// policy-gradient step, then fit V to the returns with a few full-batch steps. The playground's
// safeguards are named config fields (src/config/vpg-config.ts); the bugs of the catalogue that apply
// to VPG are named checks at the lines they break (`this.bugs`). What VPG shares with the other
// on-policy agents (networks, sampling, normalisers, reporting) is in on-policy.ts.
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
import { bugFlags, type BugFlags } from '../bugs/catalog.ts';
import type { VpgConfig } from '../config/vpg-config.ts';
import { METRIC } from '../diagnostics/metric-keys.ts';
import { approxKl, explainedVariance, normalizeAdvantages, oldApproxKl } from '../diagnostics/stats.ts';
import { makeFastRng } from '../envs/rng.ts';
import type { VectorEnv } from '../envs/vector-env.ts';
import { Adam, flattenVariables, layerGradNorms } from './nets.ts';
import * as on from './on-policy.ts';
import * as report from './on-policy-report.ts';
import { deadReluInit, evaluateActions } from './policy-dist.ts';
import { actorCriticPolicy } from './saved-policy.ts';
import type { Agent, AgentContext, SavablePolicy } from './types.ts';
import { appendEpisode, createEpisodeBatch, createTrajectory, stageStep, type EpisodeBatch, type Trajectory } from './vpg-episodes.ts';

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
  readonly bugs: BugFlags<'vpg'>;
  envSteps = 0;
  updates = 0;
  private startTime: number | null = null;
  lastUpdate: VpgUpdateInfo | null = null;

  /** The env, the normalisers, the action generator and the collection's scratch. */
  private readonly acting: on.Acting;
  // Policy π (and value V when baseline is on), each with its own Adam, and their JS copies for collection.
  private readonly nets: on.ActorCritic;
  private readonly actorParams: tf.Variable[];
  private readonly criticParams: tf.Variable[];
  private readonly policyOptimizer: Adam;
  private readonly valueOptimizer: Adam | null;

  /** The batch of whole episodes, episode-major, reused across batches. */
  private readonly batch: EpisodeBatch;
  /** This step's samples (before clipping), log π and rewards (critic units), [N (× dim)]. */
  private readonly sampled: Float32Array;
  private readonly stepLogProbs: Float64Array;
  private readonly stepRewards: Float64Array;
  // Collection state per sub-env.
  private readonly trajectories: Trajectory[];
  /** The sub-env's current episode is being staged (it started while the batch had room). */
  private readonly recording: Uint8Array;
  /** The sub-env's next step is the first of an episode. */
  private readonly atEpisodeStart: Uint8Array;

  constructor(private readonly ctx: AgentContext, readonly config: VpgConfig) {
    this.bugs = bugFlags('vpg', ctx.config.bugs);
    // BUG no_obs_normalization: the observation normaliser is never built.
    // BUG no_return_normalization: the reward scaler is never built; V regresses on raw returns.
    this.acting = on.createActing(ctx.config, config, { obsNormalizer: !this.bugs.no_obs_normalization, returnNormalizer: !this.bugs.no_return_normalization });

    // Spinning Up MLPActorCritic: π 64-64-|A| and V 64-64-1, tanh. Orthogonal init optional (CleanRL gains).
    const spec = { ...config, critic: config.baseline, order: ['actor', 'logStd', 'critic'] } as const;
    this.nets = on.createActorCritic(this.acting, spec, makeFastRng(ctx.config.seed));
    // BUG dead_relu_init: hidden biases start far below zero, so (ReLU) units output 0 for every input.
    if (this.bugs.dead_relu_init) for (const net of on.networks(this.nets)) deadReluInit(net);
    this.actorParams = on.parameters(this.nets, ['actor', 'logStd']);
    this.criticParams = on.parameters(this.nets, ['critic']);
    this.policyOptimizer = new Adam(this.actorParams, config.adamEps);
    this.valueOptimizer = this.nets.critic ? new Adam(this.criticParams, config.adamEps) : null;
    on.syncJsWeights(this.nets);

    const N = config.numEnvs;
    const D = this.vecEnv.obsDim;
    const A = this.acting.space.dim;
    const episodeRoom = this.vecEnv.spec.maxEpisodeSteps ?? 16;
    this.trajectories = Array.from({ length: N }, () => createTrajectory(episodeRoom, D, A));
    this.recording = new Uint8Array(N);
    this.atEpisodeStart = new Uint8Array(N).fill(1);
    this.sampled = new Float32Array(N * A);
    this.stepLogProbs = new Float64Array(N);
    this.stepRewards = new Float64Array(N);
    this.batch = createEpisodeBatch(config.batchSteps + N * episodeRoom, D, A);
  }

  /** The vectorised env the agent acts in. */
  get vecEnv(): VectorEnv {
    return this.acting.vecEnv;
  }

  /**
   * The current policy and value at raw observations ([count × obsDim]), through the JS copy of the
   * weights: action probabilities (discrete) or Gaussian means (continuous), and V(s) in return units
   * (NaN without a baseline).
   */
  predict(rawObs: ArrayLike<number>, count: number): { policy: Float64Array; values: Float64Array } {
    return on.predict(this.acting, this.nets, rawObs, count);
  }

  metricKeys(): string[] {
    const losses: string[] = [METRIC.policyLoss, METRIC.entropy, METRIC.oldApproxKl, METRIC.approxKl];
    if (this.nets.critic) losses.push(METRIC.valueLoss, METRIC.explainedVariance, METRIC.valueMean, METRIC.returnMean);
    return report.metricKeys(losses, this.nets, this.config.activation === 'relu');
  }

  async iterate(): Promise<void> {
    const c = this.config;
    const sink = this.ctx.sink;
    this.startTime ??= performance.now();
    const timing = on.newTiming();
    // BUG lr_too_high: both learning rates × LR_TOO_HIGH_FACTOR.
    const lrScale = this.bugs.lr_too_high ? on.LR_TOO_HIGH_FACTOR : 1;
    const lr = c.learningRate * lrScale;
    const valueLr = c.valueLearningRate * lrScale;

    // ---------------------------------------------------------------- collect whole episodes
    this.collect(timing);
    const B = this.batch.size;

    let t0 = performance.now();
    this.computeReturns();
    const returns = this.batch.returns.subarray(0, B);
    const advantages = this.computeAdvantages();
    timing.inference += performance.now() - t0;

    // ---------------------------------------------------------------- update
    const diagnosticsDue = this.updates % c.diagnosticsEvery === 0;
    const histogramsDue = c.histogramEvery > 0 && this.updates % c.histogramEvery === 0;
    t0 = performance.now();
    // Per-layer activations of the batch under the rollout's weights (JS copy, before the update).
    const activations = diagnosticsDue || histogramsDue ? report.jsActivations(this.nets, this.batch.obs, B) : null;
    timing.diagnostics += performance.now() - t0;
    t0 = performance.now();
    const update = await this.update(B, advantages, returns, lr, valueLr, diagnosticsDue, histogramsDue);
    timing.update += performance.now() - t0;
    this.updates++;

    // Post-update KL on the batch: log π_new from the synced JS copy vs the rollout's log π_old (k1 and k3).
    t0 = performance.now();
    const logRatio = on.postUpdateLogRatios(this.nets, this.batch.obs, this.batch.actions, this.batch.logProbs, B);
    const kl = approxKl(logRatio);

    // ---------------------------------------------------------------- report
    sink.at(this.envSteps, this.updates);
    const s = (key: string, v: number): void => sink.scalar(key, v);
    const scale = on.returnScale(this.acting);
    s(METRIC.learningRate, lr);
    s(METRIC.policyLoss, update.policyLoss);
    s(METRIC.entropy, update.entropy);
    s(METRIC.oldApproxKl, oldApproxKl(logRatio));
    s(METRIC.approxKl, kl);
    s(METRIC.gradNorm, update.gradNorm);
    report.targets(sink, advantages, returns, scale);
    if (this.nets.critic) {
      s(METRIC.valueLoss, update.valueLoss);
      s(METRIC.explainedVariance, explainedVariance(this.batch.values.subarray(0, B), returns));
      report.valueMeans(sink, this.acting.returnTracker);
    }
    const histograms = histogramsDue ? { weights: update.weights, gradients: update.gradients, advantages, returns, scale } : null;
    report.networks(sink, this.nets, c.activation === 'relu', update.layerGradNorms, activations, histograms);
    timing.diagnostics += performance.now() - t0;

    this.lastUpdate = {
      batchSize: B,
      episodes: this.batch.episodes.map(({ length, tail }) => ({ length, tail })),
      rewards: this.batch.rewards.slice(0, B),
      values: this.batch.values.slice(0, B),
      returns: returns.slice(),
      advantages: advantages.slice(),
      policyLoss: update.policyLoss,
      valueLoss: update.valueLoss,
      entropy: update.entropy,
      approxKl: kl,
      gradNorm: update.gradNorm,
    };
    report.progress(sink, { envSteps: this.envSteps, trainSteps: this.policyOptimizer.steps + (this.valueOptimizer?.steps ?? 0), startTime: this.startTime }, timing);
  }

  /** Step the sub-envs until the batch holds ≥ batchSteps steps of complete episodes. */
  private collect(timing: on.Timing): void {
    const c = this.config;
    const a = this.acting;
    const N = this.vecEnv.numEnvs;
    const D = this.vecEnv.obsDim;
    const A = this.acting.space.dim;
    this.batch.size = 0;
    this.batch.episodes.length = 0;
    for (let e = 0; e < N; e++) {
      this.recording[e] = this.atEpisodeStart[e];
      this.trajectories[e].length = 0;
    }
    while (this.batch.size < c.batchSteps || this.recording.includes(1)) {
      this.envSteps += N;

      // π(·|s) (and V(s)) for every sub-env from the JS copy, then sample; the env gets the clipped actions.
      let t0 = performance.now();
      this.nets.jsActor.forward(a.nextObs, N, a.head);
      this.nets.jsCritic?.forward(a.nextObs, N, a.values);
      on.sampleActions(a, this.nets, this.sampled, 0, this.stepLogProbs);
      for (let e = 0; e < N; e++) {
        if (!this.recording[e]) continue;
        const value = this.nets.jsCritic ? a.values[e] : 0;
        stageStep(this.trajectories[e], a.nextObs.subarray(e * D, (e + 1) * D), this.sampled.subarray(e * A, (e + 1) * A), this.stepLogProbs[e], value);
      }
      timing.inference += performance.now() - t0;

      t0 = performance.now();
      const r = this.vecEnv.step(a.envActions);
      on.scaleRewards(a, r.rewards, r.terminated, r.truncated, c.rewardClip, this.stepRewards, 0);
      on.normalizeObservations(a, r.obs, a.nextObs);
      const scale = on.returnScale(a);
      for (let e = 0; e < N; e++) {
        const done = r.terminated[e] === 1 || r.truncated[e] === 1;
        if (this.recording[e]) {
          const traj = this.trajectories[e];
          traj.rewards[traj.length - 1] = this.stepRewards[e];
          // The observed return's tail (diagnostics) is the healthy one, whatever the targets use.
          const truncationTail = done ? this.truncationTail(r.terminated[e] === 1, r.finalObs[e]) : 0;
          a.returnTracker.record(e, r.rewards[e], traj.values[traj.length - 1] * scale, done, truncationTail * scale);
          if (done) appendEpisode(this.batch, traj, this.targetTail(e, truncationTail), D, A);
        }
        // At an episode boundary a sub-env starts recording again only while the batch has room.
        if (done) this.recording[e] = this.batch.size < c.batchSteps ? 1 : 0;
        this.atEpisodeStart[e] = done ? 1 : 0;
      }
      timing.env += performance.now() - t0;
      on.reportEpisodes(this.ctx, this, a, r.episodes);
    }
  }

  /**
   * The return after an episode's last step, in the critic's units: 0 after a termination (and always
   * without a baseline: plain REINFORCE has nothing to bootstrap from); V(final obs) after a time-limit
   * truncation when bootstrapTruncated (Spinning Up's `finish_path(v)` on timeout).
   */
  private truncationTail(terminated: boolean, finalObs: Float32Array | null): number {
    if (this.nets.jsCritic === null || terminated || !this.config.bootstrapTruncated || finalObs === null) return 0;
    return on.criticValueAt(this.acting, this.nets, finalObs);
  }

  /** The tail the value targets use for sub-env e's episode that just ended. */
  private targetTail(e: number, truncationTail: number): number {
    // BUG ignore_done: the done flag is ignored, so the return runs on into V of the next observation,
    // which after the autoreset is the next episode's first state.
    if (this.bugs.ignore_done && this.nets.jsCritic !== null) {
      this.nets.jsCritic.forward(this.acting.nextObs, 1, this.acting.oneValue, undefined, e * this.vecEnv.obsDim);
      return this.acting.oneValue[0];
    }
    return truncationTail;
  }

  /**
   * Discounted returns per episode, backwards from its end (Spinning Up's discount_cumsum):
   * G_t = r_t + γ·G_{t+1}. Without reward-to-go every step of an episode gets G_0, the return of the
   * whole episode (original REINFORCE).
   */
  private computeReturns(): void {
    const gamma = this.config.gamma;
    const b = this.batch;
    const G = b.returns;
    // BUG ignore_done without a baseline (with one, targetTail bootstraps from V): the episode boundary is
    // ignored, so each episode's return runs on into the episode stored after it in the batch. Computed
    // last episode first, so that the following episode's return is already in place.
    const glued = this.bugs.ignore_done && this.nets.critic === null;
    const episodes = glued ? [...b.episodes].reverse() : b.episodes;
    if (glued) G[b.size] = 0;
    for (const { start: o, length: L, tail } of episodes) {
      // G_L, the return after the last step, lives in the returns buffer's slot just past the episode
      // (Spinning Up's np.append(rews, last_val)): write it before the backward pass.
      // BUG uninitialized_buffer: the write is skipped because the freshly allocated buffer held 0 there.
      // The buffer is reused across batches without clearing, so G_L is whatever return an earlier
      // batch left in that slot, and it leaks (discounted) into every return of the episode.
      if (!this.bugs.uninitialized_buffer && !glued) G[o + L] = tail;
      for (let t = o + L - 1; t >= o; t--) G[t] = b.rewards[t] + gamma * G[t + 1];
      if (!this.config.rewardToGo) G.fill(G[o], o, o + L);
    }
  }

  /** Advantages before normalisation: G without baseline, G − V (λ = 1) or GAE-λ per episode (Spinning Up). */
  private computeAdvantages(): Float64Array {
    const c = this.config;
    const b = this.batch;
    const adv = b.advantages.subarray(0, b.size);
    const V = b.values;
    if (this.nets.critic === null) {
      adv.set(b.returns.subarray(0, b.size));
      return adv;
    }
    if (c.gaeLambda === 1) {
      for (let i = 0; i < b.size; i++) adv[i] = b.returns[i] - V[i];
      return adv;
    }
    for (const { start: o, length: L, tail } of b.episodes) {
      let a = 0;
      for (let t = o + L - 1; t >= o; t--) {
        const nextValue = t === o + L - 1 ? tail : V[t + 1];
        const delta = b.rewards[t] + c.gamma * nextValue - V[t];
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
    const { actor, critic, logStd } = this.nets;
    const policyAdvantages = c.normAdv ? normalizeAdvantages(advantages, new Float32Array(B)) : Float32Array.from(advantages);
    // BUG sum_instead_of_mean_loss: losses are summed over the batch, so gradients are batch-size times larger.
    const reduce = (x: tf.Tensor): tf.Scalar => (this.bugs.sum_instead_of_mean_loss ? tf.sum(x) : tf.mean(x));
    const obs = tf.tensor2d(this.batch.obs.subarray(0, B * this.vecEnv.obsDim), [B, this.vecEnv.obsDim]);
    const actions = on.actionTensor(this.acting.space, this.batch.actions, B);
    // The advantages go to the device once per update, outside tf.tidy, so they are disposed by hand below.
    const advantagesT = tf.tensor1d(policyAdvantages);
    const returnsT = tf.tensor1d(Float32Array.from(returns));

    // Policy step: loss = −reduce(log π(a|s)·A) − entCoef·mean(H).
    let policyGrads = null as tf.Tensor | null;
    let policyLayerNorms = null as tf.Tensor | null;
    const policyStats = tf.tidy(() => {
      let side: tf.Tensor | null = null;
      const { value: loss, grads } = tf.variableGrads(() => {
        const { logProb, entropy } = evaluateActions(actor, logStd, obs, actions);
        const pgLoss = tf.neg(reduce(tf.mul(logProb, advantagesT)));
        const entropyMean = tf.mean(entropy);
        side = tf.keep(tf.stack([pgLoss, entropyMean]));
        return tf.sub(pgLoss, tf.mul(c.entCoef, entropyMean)) as tf.Scalar;
      }, this.actorParams);
      const gradList = this.actorParams.map((p) => grads[p.name]);
      const norm = this.policyOptimizer.step(gradList, lr, c.maxGradNorm);
      if (histogramsDue) policyGrads = tf.keep(flattenVariables(gradList));
      if (diagnosticsDue) policyLayerNorms = tf.keep(layerGradNorms(gradList.slice(0, 2 * actor.layers.length)));
      loss.dispose();
      const out = tf.concat([side!, tf.reshape(norm, [1])]);
      side!.dispose();
      return out;
    });

    // Value steps: loss = reduce((V(s) − G)²); the first step's loss and gradient are reported.
    let valueStats = null as tf.Tensor | null;
    let valueGrads = null as tf.Tensor | null;
    let valueLayerNorms = null as tf.Tensor | null;
    if (critic && this.valueOptimizer) {
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
      }
    }

    // One read: statistics, the new weights (JS copy and histograms), the snapshots that are due.
    const weightsT = tf.tidy(() => flattenVariables([...this.actorParams, ...this.criticParams]));
    const [policy, value, weights, layerNorms, gradients] = await on.readBack([policyStats, valueStats, weightsT, [policyLayerNorms, valueLayerNorms], [policyGrads, valueGrads]]);
    tf.dispose([obs, actions, returnsT]);
    // BUG tensor_leak: the advantages tensor made outside tf.tidy is never disposed: one tensor per update.
    if (!this.bugs.tensor_leak) advantagesT.dispose();
    on.syncJsWeights(this.nets, weights!);

    const [policyLoss, entropy, policyNorm] = policy!;
    const [valueLoss, valueNorm] = value ?? [NaN, 0];
    return {
      policyLoss,
      entropy,
      valueLoss: critic ? valueLoss : NaN,
      // Global norm of this batch's first policy and first value gradient, before clipping.
      gradNorm: Math.sqrt(policyNorm * policyNorm + (critic ? valueNorm * valueNorm : 0)),
      layerGradNorms: layerNorms,
      weights: histogramsDue ? weights : null,
      gradients,
    };
  }

  /** The trained policy, for saving its networks and watching it act greedily (model-io.ts). */
  policy(): SavablePolicy {
    return actorCriticPolicy(this.acting, this.nets);
  }

  dispose(): void {
    on.disposeActorCritic(this.nets, this.policyOptimizer, this.valueOptimizer);
  }
}

interface UpdateResult extends report.UpdateTensors {
  policyLoss: number;
  entropy: number;
  valueLoss: number;
  gradNorm: number;
}

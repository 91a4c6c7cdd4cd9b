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
// Buffers are time-major [T × N] like CleanRL's: element (t, e) at t·N + e. What PPO shares with the
// other on-policy agents (networks, rollout collection, normalisers, reporting) is in on-policy.ts.
//
// The catalogue's PPO bugs (src/bugs/catalog.ts) are named checks on `this.bugs`, each at the line it breaks.
// Every field of `this.config` the schema marks live is read from it at the time of use.

import * as tf from '@tensorflow/tfjs';
import { bugFlags, type BugFlags } from '../bugs/catalog.ts';
import type { PpoConfig } from '../config/ppo-config.ts';
import { AGENT_METRIC, METRIC } from '../diagnostics/metric-keys.ts';
import { explainedVariance } from '../diagnostics/stats.ts';
import { makeFastRng, type Xoshiro128 } from '../envs/rng.ts';
import type { VectorEnv } from '../envs/vector-env.ts';
import { computeGae, type GaeInput } from '../rl/returns.ts';
import { JsPpoLearner, jsEpochs, jsRolloutLogProbs, usesJsCompute } from './js-mlp-ppo.ts';
import { Adam, flattenVariables, layerGradNorms } from './nets.ts';
import * as on from './on-policy.ts';
import * as report from './on-policy-report.ts';
import { ppoLoss, type PpoLossSide } from './ppo-loss.ts';
import { deadReluInit, evaluateActions } from './policy-dist.ts';
import { copyBatch, createMinibatch, fillMinibatch, gaeSkippingEpisodeEnds, permutation, uninitializedTargets, type Minibatch, type RolloutBatch } from './ppo-batch.ts';
import { actorCriticPolicy } from './saved-policy.ts';
import type { Agent, AgentContext, SavablePolicy } from './types.ts';

export { buggyEntropyCoef, LR_TOO_HIGH_FACTOR } from './on-policy.ts';
/** too_many_epochs: passes over each rollout (and no target_kl early stop). */
export const TOO_MANY_EPOCHS = 30;
/** max |r − 1| over the first minibatch of the first epoch: exactly 0 when π_old is the policy that is being updated (stale_rollout breaks it). */
export const FIRST_RATIO_DEV = AGENT_METRIC.firstRatioDev;

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
const STAT_NAMES = ['policy_loss', 'value_loss', 'entropy', 'old_approx_kl', 'approx_kl', 'clipfrac', 'grad_norm'];

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
  readonly bugs: BugFlags<'ppo'>;
  envSteps = 0;
  updates = 0;
  lastUpdate: PpoUpdateInfo | null = null;

  /** The env, the normalisers, the action generator and the rollout's scratch. */
  private readonly acting: on.Acting;
  // Derived sizes, computed once (CleanRL: batch_size, minibatch_size).
  private readonly batchSize: number;
  private readonly minibatchSize: number;
  /** Updates over which LR (and clip range) anneal; null: no annealing. */
  private readonly annealUpdates: number | null;

  // Separate actor and critic (as CleanRL) with their JS copies for the rollout, and one Adam over both.
  private readonly nets: on.WithCritic;
  private readonly params: tf.Variable[];
  private readonly optimizer: Adam;
  /** The `js` compute path's learner (config compute = js, or auto where it is faster); null: tfjs. */
  private readonly js: JsPpoLearner | null;
  private readonly rollout: on.Rollout;
  private readonly shuffleRng: Xoshiro128;
  /** uninitialized_buffer: advantage and return buffers [T × N] allocated once and reused; null when healthy (computeGae allocates). */
  private readonly reusedTargets: { advantages: Float64Array; returns: Float64Array } | null;
  /** stale_rollout: the previous iteration's rollout, with the log-probs of the policy that collected it. */
  private staleBatch: RolloutBatch | null = null;

  private startTime: number | null = null;

  constructor(private readonly ctx: AgentContext, readonly config: PpoConfig) {
    this.bugs = bugFlags('ppo', ctx.config.bugs);
    // BUG no_obs_normalization: the observation normaliser is never built; raw observations reach the networks.
    // BUG no_return_normalization: the reward scaler is never built; the critic regresses on raw returns.
    this.acting = on.createActing(ctx.config, config, { obsNormalizer: !this.bugs.no_obs_normalization, returnNormalizer: !this.bugs.no_return_normalization });
    this.batchSize = config.numEnvs * config.numSteps;
    this.minibatchSize = this.batchSize / config.numMinibatches;
    this.annealUpdates = on.annealUpdates(config.annealSteps ?? ctx.config.totalSteps, this.batchSize);

    // CleanRL Agent: critic 64-64-1 (head gain 1), actor 64-64-|A| (head gain 0.01), tanh, orthogonal init.
    // dead_relu_init needs ReLU units to kill: the catalogue makes both runs use activation=relu (no hidden switch here).
    const spec = { ...config, critic: true, order: ['actor', 'critic', 'logStd'] } as const;
    this.nets = on.createActorCritic(this.acting, spec, makeFastRng(ctx.config.seed));
    // BUG dead_relu_init: hidden biases start far below zero, so ReLU units output 0 for every input and pass no gradient.
    if (this.bugs.dead_relu_init) for (const net of on.networks(this.nets)) deadReluInit(net);
    this.params = on.parameters(this.nets);
    this.optimizer = new Adam(this.params, config.adamEps);
    on.syncJsWeights(this.nets);
    this.js = usesJsCompute(config, this.bugs.tensor_leak) ? new JsPpoLearner({ actorSizes: this.nets.actor.sizes, criticSizes: this.nets.critic.sizes, activation: config.activation, discrete: this.acting.space.discrete, adamEps: config.adamEps }, tf.tidy(() => flattenVariables(this.params).dataSync())) : null;

    this.rollout = on.createRollout(this.acting, config.numSteps, false);
    this.shuffleRng = makeFastRng(ctx.config.seed + 2_000_029);
    this.reusedTargets = this.bugs.uninitialized_buffer ? uninitializedTargets(this.batchSize, makeFastRng(ctx.config.seed + 4_000_037)) : null;
  }

  /** The vectorised env the agent acts in. */
  get vecEnv(): VectorEnv {
    return this.acting.vecEnv;
  }

  /**
   * The current policy and value at raw observations ([count × obsDim]), through the JS copy of the
   * weights: action probabilities (discrete) or Gaussian means (continuous), and V(s) in return units.
   */
  predict(rawObs: ArrayLike<number>, count: number): { policy: Float64Array; values: Float64Array } {
    return on.predict(this.acting, this.nets, rawObs, count);
  }

  metricKeys(): string[] {
    const losses = [METRIC.valueLoss, METRIC.policyLoss, METRIC.entropy, METRIC.oldApproxKl, METRIC.approxKl, METRIC.clipfrac, FIRST_RATIO_DEV];
    return report.metricKeys([...losses, METRIC.explainedVariance, METRIC.valueMean, METRIC.returnMean], this.nets, this.config.activation === 'relu');
  }

  async iterate(): Promise<void> {
    const c = this.config;
    const sink = this.ctx.sink;
    this.startTime ??= performance.now();
    const timing = on.newTiming();

    // Annealing the rate if instructed to do so (CleanRL: frac = 1 − (update − 1)/num_updates).
    const frac = on.annealFraction(this.updates, this.annealUpdates);
    // BUG lr_too_high: every Adam step is LR_TOO_HIGH_FACTOR× the healthy one.
    const lrNow = (c.annealLr ? frac : 1) * c.learningRate * (this.bugs.lr_too_high ? on.LR_TOO_HIGH_FACTOR : 1);
    const clipNow = (c.annealClipCoef ? frac : 1) * c.clipCoef;

    // ---------------------------------------------------------------- rollout
    // On the js compute path the rollout's forward runs in its kernels too (float32, the learner's own weights).
    const js = this.js;
    const infer = !c.jsInference ? () => this.tfInference() : js !== null ? () => js.act(this.acting.nextObs, this.vecEnv.numEnvs, this.acting.head, this.acting.values) : null;
    await on.collectRollout(this.acting, this.nets, this.rollout, this.ctx, this, { bootstrapTruncated: c.bootstrapTruncated, rewardClip: c.rewardClip, timing, infer });
    const r = this.rollout;

    // Bootstrap value if not done: V(s_T) of each sub-env's next observation.
    let t0 = performance.now();
    const gae: GaeInput = {
      numSteps: r.numSteps,
      numEnvs: r.numEnvs,
      rewards: r.rewards,
      values: r.values,
      nextValues: on.nextValues(this.acting, this.nets),
      // BUG ignore_done: the done flags never reach the targets, so every return bootstraps through the
      // episode's end into V of the next episode's first state (the observation after the autoreset).
      terminated: this.bugs.ignore_done ? r.noFlags : r.terminated,
      truncated: this.bugs.ignore_done ? r.noFlags : r.truncated,
      truncationValues: r.truncationValues,
      gamma: c.gamma,
      lambda: c.gaeLambda,
      // bootstrapTruncated: V(final_obs) on truncation; off: CleanRL's done = terminated OR truncated.
      // BUG truncation_as_termination: a time-limit cut is treated as a true end, value 0 after it.
      variant: c.bootstrapTruncated && !this.bugs.truncation_as_termination ? 'bootstrap' : 'cleanrl',
    };
    // BUG uninitialized_buffer: a hand-rolled GAE into buffers reused across rollouts, which skips the write at episode ends.
    const { advantages, returns } = this.reusedTargets !== null ? gaeSkippingEpisodeEnds(gae, this.reusedTargets) : computeGae(gae);
    timing.inference += performance.now() - t0;

    // ---------------------------------------------------------------- update
    const diagnosticsDue = this.updates % c.diagnosticsEvery === 0;
    const histogramsDue = c.histogramEvery > 0 && this.updates % c.histogramEvery === 0;
    t0 = performance.now();
    const batch: RolloutBatch = { obs: r.obs, actions: r.actions, values: r.values, advantages, returns, logProbs: null };
    const update = await this.update(batch, lrNow, clipNow, diagnosticsDue, histogramsDue);
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
    s(METRIC.explainedVariance, explainedVariance(r.values, returns));
    s(METRIC.gradNorm, update.mean[Stat.GradNorm]);
    // Value and return in return units: undo the return normalisation's scale.
    report.valueMeans(sink, this.acting.returnTracker);
    const scale = on.returnScale(this.acting);
    report.targets(sink, advantages, returns, scale);
    const histograms = histogramsDue ? { weights: update.weights, gradients: update.gradients, advantages, returns, scale, ratios: update.ratios } : null;
    report.networks(sink, this.nets, this.config.activation === 'relu', update.layerGradNorms, update.activations, histograms);
    timing.diagnostics += performance.now() - t0;
    report.progress(sink, { envSteps: this.envSteps, trainSteps: this.js?.adam.steps ?? this.optimizer.steps, startTime: this.startTime }, timing);
  }

  /** The update: K epochs of minibatch Adam steps on the clipped surrogate (cleanrl/ppo.py "Optimizing the policy and value network"). */
  private async update(rollout: RolloutBatch, lr: number, clipCoef: number, diagnosticsDue: boolean, histogramsDue: boolean): Promise<UpdateResult> {
    const c = this.config;
    const M = this.minibatchSize;
    const B = this.batchSize;
    const D = this.vecEnv.obsDim;
    const mb = createMinibatch(M, D, this.acting.space);
    const firstPermutation = permutation(B, this.shuffleRng);

    // π_old: the rollout policy's log-probabilities, recomputed by the update's own forward pass on the
    // first epoch's minibatches (bitwise the inputs of that epoch's first step, so its ratio is exactly 1).
    const prepareStart = performance.now();
    if (this.js !== null) return this.jsUpdate(mb, rollout, firstPermutation, lr, clipCoef, diagnosticsDue, histogramsDue, prepareStart);
    const activations = await this.rolloutLogProbs(mb, rollout, firstPermutation, diagnosticsDue || histogramsDue);
    const prepareMs = performance.now() - prepareStart;
    const { batch, updateEpochs, targetKl } = this.trainingPlan(rollout);

    // Epochs × minibatches of Adam steps. Statistics stay on the device until the end.
    const stats: tf.Tensor1D[] = [];
    let firstRatio: tf.Tensor | null = null;
    const lastRatios: tf.Tensor[] = [];
    let lastGrads: tf.Tensor | null = null;
    let layerNorms: tf.Tensor | null = null;
    let epochsRun = 0;
    for (let epoch = 0; epoch < updateEpochs; epoch++) {
      const perm = epoch === 0 ? firstPermutation : permutation(B, this.shuffleRng);
      const lastEpoch = epoch === updateEpochs - 1;
      for (let start = 0; start < B; start += M) {
        // BUG no_advantage_normalization: raw advantages go into the surrogate, so the step size follows the reward scale.
        fillMinibatch(mb, batch, perm, start, this.acting.space, { normalizeAdvantages: c.normAdv && !this.bugs.no_advantage_normalization });
        const isFirst = epoch === 0 && start === 0;
        const isLast = lastEpoch && start + M >= B;
        const { statsVec, ratio, gradFlat, gradLayerNorms } = this.minibatchStep(mb, lr, clipCoef, {
          keepRatio: isFirst || (histogramsDue && lastEpoch),
          keepGrads: histogramsDue && isLast,
          layerNorms: diagnosticsDue && isLast,
        });
        stats.push(statsVec);
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
    const [statRows, weights, firstRatioValues, layerNormValues, gradients, ratios] = await on.readBack([stats, tf.tidy(() => flattenVariables(this.params)), firstRatio, layerNorms, lastGrads, lastRatios]);
    on.syncJsWeights(this.nets, weights!);
    const result = this.summarise(statRows!, stats.length, epochsRun, firstRatioValues);
    return { ...result, prepareMs, layerGradNorms: layerNormValues, activations, weights: histogramsDue ? weights : null, gradients, ratios };
  }

  /** The batch the epochs train on, how many epochs, and the early stop. */
  private trainingPlan(rollout: RolloutBatch): { batch: RolloutBatch; updateEpochs: number; targetKl: number | null } {
    // BUG stale_rollout: the update trains on the previous iteration's rollout with the log-probs stored when
    // it was collected (one update ago), and keeps this one for next time; the first update has nothing older.
    let batch = rollout;
    if (this.bugs.stale_rollout) {
      batch = this.staleBatch ?? rollout;
      this.staleBatch = copyBatch(rollout);
    }
    // BUG too_many_epochs: TOO_MANY_EPOCHS passes over the rollout and no target_kl early stop.
    const updateEpochs = this.bugs.too_many_epochs ? TOO_MANY_EPOCHS : this.config.updateEpochs;
    return { batch, updateEpochs, targetKl: this.bugs.too_many_epochs ? null : this.config.targetKl };
  }

  /** Means and last values of the statistic rows [n × Stat.Count]; sets lastUpdate. */
  private summarise(statRows: Float32Array, n: number, epochsRun: number, firstRatioValues: Float32Array | null): { mean: number[]; last: number[]; firstRatioDev: number } {
    const meanStats = new Float64Array(Stat.Count);
    for (let r = 0; r < n; r++) for (let k = 0; k < Stat.Count; k++) meanStats[k] += statRows![r * Stat.Count + k] / n;
    const last = Array.from(statRows!.subarray((n - 1) * Stat.Count, n * Stat.Count));
    const firstRatios = firstRatioValues?.slice() ?? new Float32Array(0);
    let firstRatioDev = 0;
    for (const r of firstRatios) firstRatioDev = Math.max(firstRatioDev, Math.abs(r - 1));
    this.lastUpdate = {
      firstRatios,
      epochs: epochsRun,
      mean: Object.fromEntries(STAT_NAMES.map((k, i) => [k, meanStats[i]])),
      last: Object.fromEntries(STAT_NAMES.map((k, i) => [k, last[i]])),
    };
    return { mean: Array.from(meanStats), last, firstRatioDev };
  }

  /** update() on the `js` compute path (js-mlp-ppo.ts): same plan, permutations and statistics, no tfjs until the weights are copied back. */
  private jsUpdate(mb: Minibatch, rollout: RolloutBatch, firstPermutation: Int32Array, lr: number, clipCoef: number, diagnosticsDue: boolean, histogramsDue: boolean, prepareStart: number): UpdateResult {
    const c = this.config;
    const js = this.js!;
    const names = diagnosticsDue || histogramsDue ? [...this.nets.actor.hiddenLayerNames, ...this.nets.critic.hiddenLayerNames] : null;
    const activations = jsRolloutLogProbs(js, mb, rollout, firstPermutation, this.acting.space, names);
    const prepareMs = performance.now() - prepareStart;
    const { batch, updateEpochs, targetKl } = this.trainingPlan(rollout);
    const r = jsEpochs(js, {
      batch,
      mb,
      space: this.acting.space,
      epochs: updateEpochs,
      targetKl,
      firstPermutation,
      nextPermutation: () => permutation(this.batchSize, this.shuffleRng),
      // The bug switches of minibatchStep and fillMinibatch above, the same ones on this path.
      normalizeAdvantages: c.normAdv && !this.bugs.no_advantage_normalization,
      loss: { clipCoef, entCoef: this.bugs.entropy_coef_too_high ? on.buggyEntropyCoef(c.entCoef) : c.entCoef, vfCoef: c.vfCoef, clipVloss: c.clipVloss, sumLoss: this.bugs.sum_instead_of_mean_loss },
      lr,
      maxGradNorm: this.bugs.no_grad_clipping ? null : c.maxGradNorm,
      histograms: histogramsDue,
      layerNorms: diagnosticsDue,
    });
    // The tfjs variables and the rollout's JS mirror take the new weights.
    const weights = Float32Array.from(js.params);
    let o = 0;
    tf.tidy(() => {
      for (const v of this.params) {
        v.assign(tf.tensor(weights.subarray(o, o + v.size), v.shape));
        o += v.size;
      }
    });
    on.syncJsWeights(this.nets, js.params);
    const result = this.summarise(r.statRows, r.steps, r.epochsRun, r.firstRatios);
    return { ...result, prepareMs, layerGradNorms: r.layerNorms, activations, weights: histogramsDue ? weights : null, gradients: r.gradients, ratios: r.ratios };
  }

  /**
   * log π_old of every rollout sample, by tfjs forward passes over the first epoch's minibatches, scattered
   * back to rollout order into `batch.logProbs`. Returns every hidden layer's outputs when `withActivations`.
   */
  private async rolloutLogProbs(mb: Minibatch, batch: RolloutBatch, perm: Int32Array, withActivations: boolean): Promise<report.LayerActivations[] | null> {
    const M = this.minibatchSize;
    const B = this.batchSize;
    const chunks: tf.Tensor[] = [];
    const actChunks: tf.Tensor2D[][] = [];
    for (let start = 0; start < B; start += M) {
      fillMinibatch(mb, batch, perm, start, this.acting.space, null);
      const out = tf.tidy(() => {
        const obs = tf.tensor2d(mb.obs, [M, this.vecEnv.obsDim]);
        const acts: tf.Tensor2D[] = [];
        const { logProb } = evaluateActions(this.nets.actor, this.nets.logStd, obs, tf.tensor2d(mb.actions, [M, this.acting.space.size]), withActivations ? acts : undefined);
        if (withActivations) this.nets.critic.forward(obs, acts);
        return [logProb, ...acts];
      });
      chunks.push(out[0]);
      actChunks.push(out.slice(1) as tf.Tensor2D[]);
    }
    const flatOld = tf.concat(chunks);
    const oldData = await flatOld.data();
    batch.logProbs = new Float32Array(B);
    for (let j = 0; j < B; j++) batch.logProbs[perm[j]] = oldData[j];
    let activations: report.LayerActivations[] | null = null;
    if (withActivations) {
      const names = [...this.nets.actor.hiddenLayerNames, ...this.nets.critic.hiddenLayerNames];
      const joined = names.map((_, l) => tf.concat(actChunks.map((a) => a[l])));
      const datas = await Promise.all(joined.map((t) => t.data() as Promise<Float32Array>));
      activations = names.map((name, l) => ({ name, values: datas[l], width: joined[l].shape[1] }));
      tf.dispose(joined);
    }
    tf.dispose([flatOld, ...chunks, ...actChunks.flat()]);
    return activations;
  }

  /** One Adam step on one minibatch: the PPO loss, gradients, clipping. Returns the kept statistics [Stat.Count]. */
  private minibatchStep(
    mb: Minibatch,
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
      const obs = tf.tensor2d(mb.obs, [M, this.vecEnv.obsDim]);
      const actions = tf.tensor2d(mb.actions, [M, this.acting.space.size]);
      const oldLogProb = tf.tensor1d(mb.logProbs);
      const mbAdvantages = tf.tensor1d(mb.advantages); // normalised in fillMinibatch when normAdv
      // BUG tensor_leak: the minibatch's advantages are kept out of tf.tidy and never disposed: one tensor per gradient step.
      if (this.bugs.tensor_leak) tf.keep(mbAdvantages);
      const mbReturns = tf.tensor1d(mb.returns);
      const mbValues = tf.tensor1d(mb.values);
      // BUG sum_instead_of_mean_loss: every loss term is summed over the minibatch, an accidental LR × minibatch size.
      // BUG entropy_coef_too_high: the entropy bonus is 50× the healthy one (0.5 when the healthy one is 0).
      const entCoef = this.bugs.entropy_coef_too_high ? on.buggyEntropyCoef(c.entCoef) : c.entCoef;
      const settings = { clipCoef, entCoef, vfCoef: c.vfCoef, clipVloss: c.clipVloss, sumLoss: this.bugs.sum_instead_of_mean_loss };
      const data = { actions, oldLogProb, advantages: mbAdvantages, returns: mbReturns, values: mbValues };
      // One gradient computation for actor and critic together; the loss is one custom-gradient op (ppo-loss.ts).
      const side: PpoLossSide = { stats: null, ratio: null };
      const { value: loss, grads } = tf.variableGrads(() => ppoLoss(this.nets.actor.forward(obs), this.nets.critic.forward(obs), this.nets.logStd, data, settings, keep.keepRatio, side), this.params);

      const gradList = this.params.map((p) => grads[p.name]);
      // BUG no_grad_clipping: the global gradient norm goes through unclipped (grad_norm is measured before clipping either way).
      const gradNorm = this.optimizer.step(gradList, lr, this.bugs.no_grad_clipping ? null : c.maxGradNorm);
      if (keep.keepGrads) gradFlat = tf.keep(flattenVariables(gradList));
      if (keep.layerNorms) gradLayerNorms = tf.keep(layerGradNorms(gradList.slice(0, 2 * (this.nets.actor.layers.length + this.nets.critic.layers.length))));
      loss.dispose();
      ratioKept = side.ratio;
      const out = tf.concat([side.stats!, tf.reshape(gradNorm, [1])]) as tf.Tensor1D;
      side.stats!.dispose();
      return out;
    });
    return { statsVec, ratio: ratioKept, gradFlat, gradLayerNorms };
  }

  /** Rollout inference through tfjs (jsInference off): fills the acting head and values for the next observations. */
  private async tfInference(): Promise<void> {
    const { nextObs, head, values } = this.acting;
    const N = this.vecEnv.numEnvs;
    const out = tf.tidy(() => {
      const x = tf.tensor2d(nextObs, [N, this.vecEnv.obsDim]);
      return tf.concat([tf.reshape(this.nets.actor.forward(x), [-1]), tf.reshape(this.nets.critic.forward(x), [-1])]);
    });
    const data = await out.data();
    out.dispose();
    for (let i = 0; i < head.length; i++) head[i] = data[i];
    for (let e = 0; e < N; e++) values[e] = data[head.length + e];
  }

  /** The trained policy, for saving its networks and watching it act greedily (model-io.ts). */
  policy(): SavablePolicy {
    return actorCriticPolicy(this.acting, this.nets);
  }

  dispose(): void {
    on.disposeActorCritic(this.nets, this.optimizer);
  }
}

interface UpdateResult extends report.UpdateTensors {
  mean: number[];
  last: number[];
  /** max |r − 1| on the first minibatch of the first epoch. */
  firstRatioDev: number;
  prepareMs: number;
  activations: report.LayerActivations[] | null;
  ratios: Float32Array | null;
}

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
// Buffers are time-major [T × N] like SB3's rollout buffer: element (t, e) at t·N + e. What A2C shares
// with the other on-policy agents (networks, rollout collection, normalisers, reporting) is in on-policy.ts.

import * as tf from '@tensorflow/tfjs';
import { bugFlags, type BugFlags } from '../bugs/catalog.ts';
import type { A2cConfig } from '../config/a2c-config.ts';
import { METRIC } from '../diagnostics/metric-keys.ts';
import { approxKl, explainedVariance, normalizeAdvantages, oldApproxKl } from '../diagnostics/stats.ts';
import { makeFastRng } from '../envs/rng.ts';
import type { VectorEnv } from '../envs/vector-env.ts';
import { computeGae, type Flags } from '../rl/returns.ts';
import { Adam, flattenVariables, layerGradNorms } from './nets.ts';
import * as on from './on-policy.ts';
import * as report from './on-policy-report.ts';
import { deadReluInit, evaluateActions } from './policy-dist.ts';
import { RmsProp } from './rmsprop.ts';
import { actorCriticPolicy } from './saved-policy.ts';
import type { Agent, AgentContext, SavablePolicy } from './types.ts';

export { buggyEntropyCoef } from './on-policy.ts';

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

export class A2cAgent implements Agent {
  readonly bugs: BugFlags<'a2c'>;
  envSteps = 0;
  updates = 0;
  /** Reports made (one every logEvery updates). */
  private reports = 0;
  private startTime: number | null = null;
  lastUpdate: A2cUpdateInfo | null = null;

  /** The env, the normalisers, the action generator and the rollout's scratch. */
  private readonly acting: on.Acting;
  // Derived sizes, computed once.
  private readonly batchSize: number;
  /** Updates over which the learning rate anneals; null: no annealing. */
  private readonly annealUpdates: number | null;

  // Separate actor and critic (SB3 net_arch pi=[64,64], vf=[64,64]) with their JS copies, one optimiser.
  private readonly nets: on.WithCritic;
  private readonly params: tf.Variable[];
  private readonly optimizer: Optimizer;
  private readonly rollout: on.Rollout;
  /** The reporting window: `logEvery` batches of statistics and samples. */
  private readonly window: ReportWindow;

  constructor(private readonly ctx: AgentContext, readonly config: A2cConfig) {
    this.bugs = bugFlags('a2c', ctx.config.bugs);
    // BUG no_obs_normalization: the observation normaliser is never built.
    // BUG no_return_normalization: the reward scaler is never built; the critic regresses on raw returns.
    this.acting = on.createActing(ctx.config, config, { obsNormalizer: !this.bugs.no_obs_normalization, returnNormalizer: !this.bugs.no_return_normalization });
    this.batchSize = config.numEnvs * config.numSteps;
    this.annealUpdates = on.annealUpdates(config.annealSteps ?? ctx.config.totalSteps, this.batchSize);

    // SB3 ActorCriticPolicy: tanh MLPs, orthogonal init with gains √2 / 0.01 (action net) / 1 (value net).
    const spec = { ...config, critic: true, order: ['actor', 'critic', 'logStd'] } as const;
    this.nets = on.createActorCritic(this.acting, spec, makeFastRng(ctx.config.seed));
    // BUG dead_relu_init: hidden biases start far below zero, so (ReLU) units output 0 for every input.
    if (this.bugs.dead_relu_init) for (const net of on.networks(this.nets)) deadReluInit(net);
    this.params = on.parameters(this.nets);
    this.optimizer = config.optimizer === 'rmsprop' ? new RmsProp(this.params, config.optimizerEps, 0.99) : new Adam(this.params, config.optimizerEps);
    on.syncJsWeights(this.nets);

    this.rollout = on.createRollout(this.acting, config.numSteps, true);
    this.window = new ReportWindow(config.logEvery * this.batchSize, this.vecEnv.obsDim);
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
    const losses = [METRIC.valueLoss, METRIC.policyLoss, METRIC.entropy, METRIC.oldApproxKl, METRIC.approxKl];
    return report.metricKeys([...losses, METRIC.explainedVariance, METRIC.valueMean, METRIC.returnMean], this.nets, this.config.activation === 'relu');
  }

  async iterate(): Promise<void> {
    const c = this.config;
    this.startTime ??= performance.now();
    const timing = this.window.timing;

    // Linear annealing as the zoo's lin_ schedules (SB3 progress_remaining = 1 − step/total).
    const frac = on.annealFraction(this.updates, this.annealUpdates);
    // BUG lr_too_high: the learning rate × LR_TOO_HIGH_FACTOR.
    const lrNow = (c.annealLr ? frac : 1) * c.learningRate * (this.bugs.lr_too_high ? on.LR_TOO_HIGH_FACTOR : 1);

    // ---------------------------------------------------------------- rollout
    await on.collectRollout(this.acting, this.nets, this.rollout, this.ctx, this, { bootstrapTruncated: c.bootstrapTruncated, rewardClip: c.rewardClip, timing, infer: null });
    const r = this.rollout;

    // Bootstrap value: V(s_T) of each sub-env's next observation.
    let t0 = performance.now();
    const nextValues = on.nextValues(this.acting, this.nets);
    const { advantages, returns } = a2cTargets({
      numSteps: r.numSteps,
      numEnvs: r.numEnvs,
      rewards: r.rewards,
      values: r.values,
      nextValues,
      // BUG ignore_done: the episode-end flags are dropped, so each step bootstraps from the next stored
      // state's value, which after an episode's end is the next episode's first state.
      terminated: this.bugs.ignore_done ? r.noFlags : r.terminated,
      truncated: this.bugs.ignore_done ? r.noFlags : r.truncated,
      truncationValues: r.truncationValues,
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

    // Post-update KL on the batch: log π_new from the synced JS copy vs the rollout's log π_old.
    t0 = performance.now();
    const logRatio = on.postUpdateLogRatios(this.nets, r.obs, r.actions, r.logProbs!, this.batchSize);
    const kl = approxKl(logRatio);
    this.window.add(update.stats, kl, oldApproxKl(logRatio), r.obs, r.values, returns, advantages);
    this.lastUpdate = {
      policyLoss: update.stats[0],
      valueLoss: update.stats[1],
      entropy: update.stats[2],
      approxKl: kl,
      gradNorm: update.stats[3],
      rewards: r.rewards.slice(),
      values: r.values.slice(),
      nextValues,
      terminated: r.terminated.slice(),
      truncated: r.truncated.slice(),
      truncationValues: r.truncationValues.slice(),
      returns,
      advantages,
    };
    timing.diagnostics += performance.now() - t0;

    if (reportDue) this.report(lrNow, update, histogramsDue);
  }

  /** One gradient step on the whole rollout (SB3 A2C.train: a single pass, batch_size=None). */
  private async update(advantages: Float64Array, returns: Float64Array, lr: number, layerNormsDue: boolean, histogramsDue: boolean): Promise<UpdateResult> {
    const c = this.config;
    const B = this.batchSize;
    const { actor, critic, logStd } = this.nets;
    // Normalize advantage (SB3 normalize_advantage; off by default, "not present in the original implementation").
    const policyAdvantages = c.normAdv ? normalizeAdvantages(advantages, new Float32Array(B)) : Float32Array.from(advantages);
    // BUG sum_instead_of_mean_loss: losses are summed over the batch, so gradients are batch-size times larger.
    const reduce = (x: tf.Tensor): tf.Scalar => (this.bugs.sum_instead_of_mean_loss ? tf.sum(x) : tf.mean(x));
    // BUG no_grad_clipping: the global norm is never clipped.
    const maxGradNorm = this.bugs.no_grad_clipping ? null : c.maxGradNorm;
    // BUG entropy_coef_too_high: the entropy bonus is 50× the healthy one (0.5 when the healthy one is 0).
    const entCoef = this.bugs.entropy_coef_too_high ? on.buggyEntropyCoef(c.entCoef) : c.entCoef;
    // The advantages go to the device outside tf.tidy, so they are disposed by hand below.
    const advantagesT = tf.tensor1d(policyAdvantages);

    let gradFlat = null as tf.Tensor | null;
    let gradLayerNorms = null as tf.Tensor | null;
    const statsVec = tf.tidy(() => {
      const obs = tf.tensor2d(this.rollout.obs, [B, this.vecEnv.obsDim]);
      const actions = on.actionTensor(this.acting.space, this.rollout.actions, B);
      const targets = tf.tensor1d(Float32Array.from(returns));
      let side: tf.Tensor | null = null;
      const { value: loss, grads } = tf.variableGrads(() => {
        const { logProb, entropy } = evaluateActions(actor, logStd, obs, actions);
        const values = tf.reshape(critic.forward(obs), [-1]);
        // Policy gradient loss: −(advantages · log_prob).mean()
        const policyLoss = tf.neg(reduce(tf.mul(advantagesT, logProb)));
        // Value loss using the TD(λ) target: F.mse_loss(returns, values)
        const valueLoss = reduce(tf.square(tf.sub(targets, values)));
        // Entropy loss favours exploration: −mean(H)
        const entropyLoss = tf.neg(reduce(entropy));
        side = tf.keep(tf.stack([policyLoss, valueLoss, tf.mean(entropy)]));
        return tf.add(tf.add(policyLoss, tf.mul(entCoef, entropyLoss)), tf.mul(c.vfCoef, valueLoss)) as tf.Scalar;
      }, this.params);
      const gradList = this.params.map((p) => grads[p.name]);
      const gradNorm = this.optimizer.step(gradList, lr, maxGradNorm);
      if (histogramsDue) gradFlat = tf.keep(flattenVariables(gradList));
      if (layerNormsDue) gradLayerNorms = tf.keep(layerGradNorms(gradList.slice(0, 2 * (actor.layers.length + critic.layers.length))));
      loss.dispose();
      const out = tf.concat([side!, tf.reshape(gradNorm, [1])]);
      side!.dispose();
      return out;
    });

    // One read: the statistics, the new weights (for the JS copy), the snapshots that are due.
    const [stats, weights, layerNorms, gradients] = await on.readBack([statsVec, tf.tidy(() => flattenVariables(this.params)), gradLayerNorms, gradFlat]);
    // BUG tensor_leak: the advantages tensor made outside tf.tidy is never disposed: one tensor per update.
    if (!this.bugs.tensor_leak) advantagesT.dispose();
    on.syncJsWeights(this.nets, weights!);
    return { stats: Array.from(stats!), layerGradNorms: layerNorms, weights: histogramsDue ? weights : null, gradients };
  }

  /** Report the window's metrics (every logEvery updates) and start a new window. */
  private report(lr: number, update: UpdateResult, histogramsDue: boolean): void {
    const sink = this.ctx.sink;
    const w = this.window;
    const t0 = performance.now();
    sink.at(this.envSteps, this.updates);
    const s = (key: string, v: number): void => sink.scalar(key, v);
    const scale = on.returnScale(this.acting);
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
    report.valueMeans(sink, this.acting.returnTracker);
    report.targets(sink, advantages, returns, scale);
    // Per-layer activations of the window's observations under the current weights (JS copy).
    const activations = report.jsActivations(this.nets, obs, returns.length);
    const histograms = histogramsDue ? { weights: update.weights, gradients: update.gradients, advantages, returns, scale } : null;
    report.networks(sink, this.nets, this.config.activation === 'relu', update.layerGradNorms, activations, histograms);
    w.timing.diagnostics += performance.now() - t0;
    // One gradient step per update (SB3's n_updates), so train_steps is the update count.
    report.progress(sink, { envSteps: this.envSteps, trainSteps: this.updates, startTime: this.startTime }, w.timing);
    this.reports++;
    w.clear();
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
  /** policy_loss, value_loss, entropy, grad_norm. */
  stats: number[];
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

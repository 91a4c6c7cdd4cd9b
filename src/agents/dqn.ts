// Deep Q-Network (Mnih et al. 2015), following cleanrl/dqn.py line by line, with the options of
// Stable-Baselines3's DQN that the presets need (gradient steps per training phase, Huber loss,
// grad-norm clipping, Polyak τ, random warm-up) and double DQN, as named config fields
// (src/config/dqn-config.ts). Each bug of the catalogue (src/bugs/catalog.ts) is a named flag
// checked inline at the line it breaks.
//
// One iteration = env steps until the next training phase (trainFreq env steps once learningStarts
// is passed) or the next report, then that phase's gradientSteps gradient steps. Counts (trainFreq,
// targetNetworkFrequency, learningStarts, logEvery) are env steps summed over the sub-envs.
//
// Where the time goes, and why the code looks the way it does:
//   * ε-greedy actions come from a plain-JS copy of the Q-network (JsMlp), refreshed once per
//     training phase: a batch-of-N forward is microseconds there versus ~0.2 ms of tfjs dispatch.
//   * A gradient step gathers its minibatch from the typed-array replay buffer in JS, uploads it and
//     runs target, loss, gradients and Adam in one tf.tidy. Its statistics stay on the device; a
//     training phase reads them back together with the new weights in one read.

import * as tf from '@tensorflow/tfjs';
import { CLEANRL_TOTAL_TIMESTEPS, type DqnConfig } from '../config/dqn-config.ts';
import { AGENT_METRIC, HISTOGRAM, layerKey, METRIC, phaseKey } from '../diagnostics/metric-keys.ts';
import type { MakeEnvOptions } from '../envs/registry.ts';
import { makeFastRng, type Xoshiro128 } from '../envs/rng.ts';
import { VectorEnv } from '../envs/vector-env.ts';
import { activationStd, Adam, deadReluFraction, flattenVariables, JsMlp, layerGradNorms, Mlp } from './nets.ts';
import { allocateBatch, ReplayBuffer, type ReplayBatch } from './replay-buffer.ts';
import type { Agent, AgentContext } from './types.ts';

/** ε of the ε-greedy policy (CleanRL's charts/epsilon). */
export const EPSILON = AGENT_METRIC.epsilon;
/** Mean TD target r + γ·(1 − done)·max_a' Q_target(s', a') of the sampled batches. */
export const TARGET_Q_MEAN = AGENT_METRIC.targetQMean;

/** The catalogue bugs this agent implements (src/config/bugs.ts lists them for validation). */
export const DQN_BUG_IDS = [
  'lr_too_high',
  'uninitialized_buffer',
  'target_aliases_online',
  'sum_instead_of_mean_loss',
  'mse_instead_of_huber',
  'ignore_done',
  'truncation_as_termination',
  'epsilon_decay_too_fast',
  'dead_relu_init',
  'tensor_leak',
  'reward_not_summed_over_skip',
] as const;

/** lr_too_high: the learning rate is multiplied by this. */
const LR_TOO_HIGH_FACTOR = 30;
/** epsilon_decay_too_fast: ε reaches its floor after this many env steps. */
const FAST_EPSILON_DECAY_STEPS = 250;
/** dead_relu_init: every hidden bias starts here (inputs are O(1), weights U(±1/√fan_in)). */
const DEAD_RELU_BIAS = -3;
/** Env steps one iterate() collects at most without training or reporting (warm-up), so the UI stays live. */
const MAX_STEPS_PER_ITERATION = 1000;

/** Indices of the per-gradient-step statistics vector kept on the device. */
const enum Stat {
  TdLoss,
  QMean,
  QMin,
  QMax,
  TargetMean,
  TargetMin,
  TargetMax,
  GradNorm,
  Count,
}

/** cleanrl linear_schedule: from start to end over `duration` steps, then flat at end. */
export function linearSchedule(start: number, end: number, duration: number, t: number): number {
  if (!(duration > 0) || t >= duration) return end;
  return start + ((end - start) * t) / duration;
}

/** Entropy of the ε-greedy policy over n actions (unique greedy action): how random the behaviour is. */
export function epsilonGreedyEntropy(epsilon: number, n: number): number {
  if (n <= 1) return 0;
  const pOther = epsilon / n;
  const pGreedy = 1 - epsilon + pOther;
  const h = (p: number): number => (p > 0 ? -p * Math.log(p) : 0);
  return h(pGreedy) + (n - 1) * h(pOther);
}

/** Whether a counter going from `prev` to `now` passed a multiple of `every`. */
function crossed(prev: number, now: number, every: number): boolean {
  return Math.floor(now / every) > Math.floor(prev / every);
}

export interface DqnOptions {
  /** Options for every sub-env (e.g. a shorter maxEpisodeSteps in tests). */
  envOptions?: MakeEnvOptions;
}

/** The bug flags of a run, read once. */
interface DqnBugs {
  lrTooHigh: boolean;
  uninitializedBuffer: boolean;
  targetAliasesOnline: boolean;
  sumInsteadOfMeanLoss: boolean;
  mseInsteadOfHuber: boolean;
  ignoreDone: boolean;
  truncationAsTermination: boolean;
  epsilonDecayTooFast: boolean;
  deadReluInit: boolean;
  tensorLeak: boolean;
  rewardNotSummedOverSkip: boolean;
}

/** What the agent measured since its last report (means over gradient steps, extremes over the window). */
interface ReportWindow {
  gradientSteps: number;
  sums: Float64Array;
  qMin: number;
  qMax: number;
  targetMin: number;
  targetMax: number;
  timing: { env: number; inference: number; update: number; diagnostics: number };
  diagnostics: PhaseDiagnostics | null;
}

/** Snapshots of the last gradient step of a phase, when due. */
interface PhaseDiagnostics {
  /** Histogram snapshots were taken (weights, gradients, activations, Q-values, TD targets). */
  histograms: boolean;
  layerGradNorms: Float32Array | null;
  activations: { name: string; values: Float32Array; width: number }[];
  weights: Float32Array | null;
  gradients: Float32Array | null;
  qValues: Float32Array | null;
  tdTargets: Float32Array | null;
}

export class DqnAgent implements Agent {
  readonly vecEnv: VectorEnv;
  readonly config: DqnConfig;
  readonly replay: ReplayBuffer;
  envSteps = 0;
  updates = 0;
  trainSteps = 0;

  // Derived sizes, computed once.
  private readonly numEnvs: number;
  private readonly obsDim: number;
  private readonly numActions: number;
  private readonly batchSize: number;
  /** Env steps over which ε decays (CleanRL: exploration_fraction × total_timesteps). */
  private readonly explorationSteps: number;
  /** Learning rate the optimiser uses. */
  private readonly learningRate: number;

  // Networks: online Q, target Q, the optimiser, and the JS copy of the online network for acting.
  private readonly qNetwork: Mlp;
  private readonly targetNetwork: Mlp;
  private readonly optimizer: Adam;
  private readonly jsQNetwork: JsMlp;
  /** Preallocated TD-target buffer [batchSize], rewritten by every gradient step. */
  private readonly tdTargetBuffer: tf.Variable<tf.Rank.R1>;
  /** trainSteps when the target network last copied the online one (skip no-op hard copies). */
  private targetSyncedAt = -1;

  // Seeded generators: one per purpose, so a diagnostic toggle cannot shift another stream.
  private readonly actionRng: Xoshiro128;
  private readonly sampleRng: Xoshiro128;

  // Current observation of each sub-env [N × obsDim] and scratch for acting and sampling.
  private readonly obs: Float32Array;
  private readonly qOut: Float64Array;
  private readonly envActions: Float32Array;
  private readonly greedy: Uint8Array;
  private readonly batch: ReplayBatch;
  private readonly batchIndices: Int32Array;
  private readonly actionMask: Float32Array;

  private readonly bugs: DqnBugs;
  private readonly ctx: AgentContext;
  /** Options every sub-env is made with (frame skip included); evaluation envs get the same. */
  private readonly envOptions: MakeEnvOptions;
  private startTime: number | null = null;
  private reports = 0;
  private window: ReportWindow;

  constructor(ctx: AgentContext, config: DqnConfig, options: DqnOptions = {}) {
    this.ctx = ctx;
    const c = (this.config = config);
    const seed = ctx.config.seed;
    const has = (id: (typeof DQN_BUG_IDS)[number]): boolean => ctx.config.bugs.includes(id);
    this.bugs = {
      lrTooHigh: has('lr_too_high'),
      uninitializedBuffer: has('uninitialized_buffer'),
      targetAliasesOnline: has('target_aliases_online'),
      sumInsteadOfMeanLoss: has('sum_instead_of_mean_loss'),
      mseInsteadOfHuber: has('mse_instead_of_huber'),
      ignoreDone: has('ignore_done'),
      truncationAsTermination: has('truncation_as_termination'),
      epsilonDecayTooFast: has('epsilon_decay_too_fast'),
      deadReluInit: has('dead_relu_init'),
      tensorLeak: has('tensor_leak'),
      rewardNotSummedOverSkip: has('reward_not_summed_over_skip'),
    };

    // Frame skip (action repeat) outside the time limit, rewards of the repeated frames summed.
    // reward_not_summed_over_skip: the repeat keeps only the last frame's reward.
    const skip = c.frameSkip > 1 ? { frameSkip: c.frameSkip, frameSkipReward: this.bugs.rewardNotSummedOverSkip ? ('last' as const) : ('sum' as const) } : {};
    this.envOptions = { ...options.envOptions, ...skip };
    this.vecEnv = new VectorEnv(ctx.config.env, c.numEnvs, this.envOptions);
    const space = this.vecEnv.actionSpace;
    // assert isinstance(envs.single_action_space, gym.spaces.Discrete), "only discrete action space is supported"
    if (space.kind !== 'discrete') throw new Error(`DQN needs a discrete action space; ${ctx.config.env} has continuous actions`);
    this.numEnvs = c.numEnvs;
    this.obsDim = this.vecEnv.obsDim;
    this.numActions = space.n;
    this.batchSize = c.batchSize;
    const totalSteps = c.scheduleSteps ?? ctx.config.totalSteps ?? CLEANRL_TOTAL_TIMESTEPS;
    // epsilon_decay_too_fast: ε hits its floor after a few hundred steps instead of a fraction of the run.
    this.explorationSteps = this.bugs.epsilonDecayTooFast ? FAST_EPSILON_DECAY_STEPS : c.explorationFraction * totalSteps;
    // lr_too_high: the optimiser's steps are 30× too large.
    this.learningRate = this.bugs.lrTooHigh ? c.learningRate * LR_TOO_HIGH_FACTOR : c.learningRate;

    // QNetwork: obs → hidden (ReLU) → |A|, PyTorch's default nn.Linear init (CleanRL and SB3 use no orthogonal init).
    const sizes = [this.obsDim, ...c.hiddenSizes, this.numActions];
    const spec = { sizes, activation: c.activation, orthoInit: false, hiddenGain: Math.SQRT2, outputGain: 1 };
    this.qNetwork = new Mlp({ name: 'q_network', ...spec }, makeFastRng(seed));
    if (this.bugs.deadReluInit) {
      // dead_relu_init: hidden biases start far below zero, so (almost) every unit outputs 0 for every input.
      tf.tidy(() => {
        for (const layer of this.qNetwork.layers.slice(0, -1)) layer.b.assign(tf.fill([layer.outSize], DEAD_RELU_BIAS) as tf.Tensor1D);
      });
    }
    this.optimizer = new Adam(this.qNetwork.variables, c.adamEps);
    // target_network.load_state_dict(q_network.state_dict()).
    // target_aliases_online: the "target" is the online network object itself, so every bootstrap
    // target moves with the update that chases it.
    this.targetNetwork = this.bugs.targetAliasesOnline ? this.qNetwork : new Mlp({ name: 'target_network', ...spec }, makeFastRng(seed + 3_000_017));
    this.updateTargetNetwork(true);
    this.tdTargetBuffer = tf.tidy(() => tf.variable(tf.zeros([c.batchSize]), false)) as tf.Variable<tf.Rank.R1>;
    this.jsQNetwork = new JsMlp(sizes, c.activation);
    const initial = tf.tidy(() => flattenVariables(this.qNetwork.variables));
    this.jsQNetwork.load(initial.dataSync(), 0);
    initial.dispose();

    this.actionRng = makeFastRng(seed + 1_000_003);
    this.sampleRng = makeFastRng(seed + 2_000_029);

    // uninitialized_buffer: the replay rows are np.empty'd (leftovers until written) and sampled one row too far.
    this.replay = new ReplayBuffer(c.bufferSize, this.obsDim, this.bugs.uninitializedBuffer ? { uninitialized: makeFastRng(seed + 4_000_037) } : {});
    const N = this.numEnvs;
    this.qOut = new Float64Array(N * this.numActions);
    this.envActions = new Float32Array(N);
    this.greedy = new Uint8Array(N);
    this.batch = allocateBatch(c.batchSize, this.obsDim);
    this.batchIndices = new Int32Array(c.batchSize);
    this.actionMask = new Float32Array(c.batchSize * this.numActions);
    this.window = this.emptyWindow();

    // TRY NOT TO MODIFY: start the game (sub-env i seeded with seed + i).
    this.obs = new Float32Array(N * this.obsDim);
    this.obs.set(this.vecEnv.reset(seed));
  }

  metricKeys(): string[] {
    const keys: string[] = [
      METRIC.episodicReturn,
      METRIC.episodicLength,
      EPSILON,
      METRIC.entropy,
      METRIC.learningRate,
      METRIC.sps,
      METRIC.envSteps,
      METRIC.trainSteps,
      METRIC.wallS,
      METRIC.trainingIntensity,
      METRIC.tdLoss,
      METRIC.qValues,
      METRIC.qValuesMin,
      METRIC.qValuesMax,
      TARGET_Q_MEAN,
      METRIC.valueTargetMin,
      METRIC.valueTargetMax,
      METRIC.gradNorm,
      METRIC.numTensors,
      METRIC.numBytes,
      ...(['env', 'inference', 'update', 'diagnostics'] as const).map(phaseKey),
    ];
    for (const layer of this.qNetwork.layers) keys.push(layerKey(METRIC.gradNorm, layer.name));
    for (const name of this.qNetwork.hiddenLayerNames) {
      keys.push(layerKey(METRIC.activationStd, name));
      if (this.config.activation === 'relu') keys.push(layerKey(METRIC.deadReluFrac, name));
    }
    return keys;
  }

  /** ε for the next action (cleanrl: linear_schedule(start_e, end_e, exploration_fraction × total_timesteps, global_step)). */
  get epsilon(): number {
    return linearSchedule(this.config.startE, this.config.endE, this.explorationSteps, this.envSteps);
  }

  async iterate(): Promise<void> {
    const c = this.config;
    this.startTime ??= performance.now();
    const start = this.envSteps;
    const total = this.ctx.config.totalSteps;
    for (;;) {
      const prev = this.envSteps;
      await this.envStep();

      // ALGO LOGIC: training.
      const trainDue = this.envSteps > c.learningStarts && crossed(prev, this.envSteps, c.trainFreq);
      const finished = total !== null && prev < total && this.envSteps >= total;
      const reportDue = crossed(prev, this.envSteps, c.logEvery) || finished;
      if (trainDue) {
        // Diagnostics come from the first training phase of a report window.
        const diagnosticsDue = this.window.diagnostics === null && this.reports % c.diagnosticsEvery === 0;
        const histogramsDue = diagnosticsDue && c.histogramEvery > 0 && this.reports % c.histogramEvery === 0;
        await this.train(diagnosticsDue, histogramsDue);
      }
      // update target network (after the gradient step of the same env step, as CleanRL)
      if (crossed(prev, this.envSteps, c.targetNetworkFrequency)) {
        const t0 = performance.now();
        this.updateTargetNetwork();
        this.window.timing.update += performance.now() - t0;
      }
      if (reportDue) this.report();
      if (trainDue || reportDue || this.envSteps - start >= MAX_STEPS_PER_ITERATION) return;
      if (total !== null && this.envSteps >= total) return;
    }
  }

  /** One vector step: ε-greedy actions, env step, transitions into the replay buffer. */
  private async envStep(): Promise<void> {
    const N = this.numEnvs;
    const D = this.obsDim;
    const timing = this.window.timing;

    // ALGO LOGIC: put action logic here
    let t0 = performance.now();
    const warmup = this.config.uniformWarmup && this.envSteps < this.config.learningStarts;
    await this.act(warmup ? 1 : this.epsilon);
    timing.inference += performance.now() - t0;

    // TRY NOT TO MODIFY: execute the game and log data.
    t0 = performance.now();
    const r = this.vecEnv.step(this.envActions);
    this.envSteps += N;
    for (let e = 0; e < N; e++) {
      // TRY NOT TO MODIFY: save data to replay buffer; handle `final_observation`: when an episode
      // ends, next_obs is its true last observation, not the reset observation r.obs already holds.
      const finalObs = r.finalObs[e];
      // Done mask = terminated only (SB3 handle_timeout_termination): a time-limit cut still bootstraps.
      // truncation_as_termination: the truncated flag is stored as a termination.
      const done = r.terminated[e] === 1 || (this.bugs.truncationAsTermination && r.truncated[e] === 1);
      this.replay.add(this.obs, e * D, finalObs ?? r.obs, finalObs ? 0 : e * D, this.envActions[e], r.rewards[e], done);
    }
    // TRY NOT TO MODIFY: CRUCIAL step easy to overlook
    this.obs.set(r.obs);
    timing.env += performance.now() - t0;

    if (r.episodes.length > 0) {
      this.ctx.sink.at(this.envSteps, this.updates);
      for (const ep of r.episodes) this.ctx.sink.episode(ep);
    }
    this.ctx.onEnvStep?.(this.vecEnv, this.envActions);
  }

  /** ε-greedy over the sub-envs: each explores with probability ε, the rest take argmax_a Q(s, a). */
  private async act(epsilon: number): Promise<void> {
    const N = this.numEnvs;
    const A = this.numActions;
    let anyGreedy = false;
    for (let e = 0; e < N; e++) {
      const explore = this.actionRng.random() < epsilon;
      this.greedy[e] = explore ? 0 : 1;
      if (explore) this.envActions[e] = this.actionRng.integers(A);
      else anyGreedy = true;
    }
    if (!anyGreedy) return;
    if (this.config.jsInference) this.jsQNetwork.forward(this.obs, N, this.qOut);
    else {
      const q = tf.tidy(() => this.qNetwork.forward(tf.tensor2d(this.obs, [N, this.obsDim])));
      const data = await q.data();
      q.dispose();
      this.qOut.set(data);
    }
    for (let e = 0; e < N; e++) {
      if (!this.greedy[e]) continue;
      let best = 0;
      for (let a = 1; a < A; a++) if (this.qOut[e * A + a] > this.qOut[e * A + best]) best = a;
      this.envActions[e] = best;
    }
  }

  /** One training phase: gradientSteps gradient steps, then one readback of their statistics and the new weights. */
  private async train(diagnosticsDue: boolean, histogramsDue: boolean): Promise<void> {
    const c = this.config;
    let t0 = performance.now();
    const stats: tf.Tensor1D[] = [];
    let snapshots: StepSnapshots | null = null;
    for (let g = 0; g < c.gradientSteps; g++) {
      const last = g === c.gradientSteps - 1;
      // data = rb.sample(batch_size)
      this.replay.sampleIndices(this.batchSize, this.sampleRng, this.batchIndices);
      this.replay.gather(this.batchIndices, this.batch);
      const step = this.gradientStep({ diagnostics: last && diagnosticsDue, histograms: last && histogramsDue });
      stats.push(step.stats);
      if (step.snapshots !== null) snapshots = step.snapshots;
      this.trainSteps++;
    }
    this.updates++;

    // One read: every step's statistics, the new weights (JS copy, weight histograms), snapshots.
    const wantWeights = c.jsInference || histogramsDue;
    const named: [string, tf.Tensor][] = [['stats', tf.concat(stats)]];
    if (wantWeights) named.push(['weights', tf.tidy(() => flattenVariables(this.qNetwork.variables))]);
    const acts = snapshots?.activations ?? [];
    if (snapshots !== null) {
      const { layerGradNorms, gradients, qValues, tdTargets } = snapshots;
      for (const [k, t] of [['layerGradNorms', layerGradNorms], ['gradients', gradients], ['qValues', qValues], ['tdTargets', tdTargets]] as const) if (t) named.push([k, t]);
      acts.forEach((a, i) => named.push([`act${i}`, a]));
    }
    const flat = tf.tidy(() => tf.concat(named.map(([, t]) => tf.reshape(t, [-1]))));
    const data = (await flat.data()) as Float32Array;
    tf.dispose([flat, ...stats, ...named.map(([, t]) => t)]);

    const parts = new Map<string, Float32Array>();
    let o = 0;
    for (const [k, t] of named) {
      parts.set(k, data.subarray(o, o + t.size));
      o += t.size;
    }
    const weights = parts.get('weights') ?? null;
    if (c.jsInference && weights) this.jsQNetwork.load(weights, 0);

    // Accumulate the phase into the report window.
    const w = this.window;
    const rows = parts.get('stats')!;
    for (let g = 0; g < c.gradientSteps; g++) {
      const row = rows.subarray(g * Stat.Count, (g + 1) * Stat.Count);
      for (let k = 0; k < Stat.Count; k++) w.sums[k] += row[k];
      w.qMin = Math.min(w.qMin, row[Stat.QMin]);
      w.qMax = Math.max(w.qMax, row[Stat.QMax]);
      w.targetMin = Math.min(w.targetMin, row[Stat.TargetMin]);
      w.targetMax = Math.max(w.targetMax, row[Stat.TargetMax]);
    }
    w.gradientSteps += c.gradientSteps;
    const elapsed = performance.now() - t0;
    t0 = performance.now();
    if (snapshots !== null) {
      const names = this.qNetwork.hiddenLayerNames;
      w.diagnostics = {
        histograms: histogramsDue,
        layerGradNorms: parts.get('layerGradNorms')?.slice() ?? null,
        activations: acts.map((a, i) => ({ name: names[i], values: parts.get(`act${i}`)!.slice(), width: a.shape[1] })),
        weights: histogramsDue && weights ? weights.slice() : null,
        gradients: parts.get('gradients')?.slice() ?? null,
        qValues: parts.get('qValues')?.slice() ?? null,
        tdTargets: parts.get('tdTargets')?.slice() ?? null,
      };
    }
    w.timing.update += elapsed;
    w.timing.diagnostics += performance.now() - t0;
  }

  /**
   * One gradient step on the minibatch in `this.batch`. Returns its statistics [Stat.Count] (kept on
   * the device) and, when due, snapshots for the diagnostics.
   */
  private gradientStep(due: { diagnostics: boolean; histograms: boolean }): { stats: tf.Tensor1D; snapshots: StepSnapshots | null } {
    const c = this.config;
    const B = this.batchSize;
    const A = this.numActions;
    const batch = this.batch;
    // Actions as one-hot rows [B × |A|]: Q(s, a) = Σ_a' Q(s, a')·onehot(a)_a' (gather(1, actions)).
    this.actionMask.fill(0);
    for (let j = 0; j < B; j++) this.actionMask[j * A + batch.actions[j]] = 1;

    // The next observations are uploaded before tf.tidy, as a batch handed to a tidied step function
    // would be, so this step owns that tensor and must dispose it by hand.
    const nextObs = tf.tensor2d(batch.nextObs, [B, this.obsDim]);
    const snapshots: StepSnapshots | null = due.diagnostics || due.histograms ? { activations: [] } : null;
    const stats = tf.tidy(() => {
      const obs = tf.tensor2d(batch.obs, [B, this.obsDim]);
      const actionMask = tf.tensor2d(this.actionMask, [B, A]);
      const rewards = tf.tensor1d(batch.rewards);
      const terminated = tf.tensor1d(batch.terminated);

      // with torch.no_grad(): target_max = target_network(next_obs).max(1)
      const nextQ = this.targetNetwork.forward(nextObs);
      let nextValue: tf.Tensor1D;
      if (c.doubleDqn) {
        // Double DQN: the online network picks a' = argmax Q(s', ·), the target network values it.
        const best = tf.oneHot(tf.argMax(this.qNetwork.forward(nextObs), 1), A);
        nextValue = tf.sum(tf.mul(nextQ, best), 1) as tf.Tensor1D;
      } else {
        nextValue = tf.max(nextQ, 1) as tf.Tensor1D;
      }
      // td_target = r + γ·target_max·(1 − done), written into the preallocated target buffer:
      // terminal rows get r, the others r + γ·target_max.
      // ignore_done: the done mask is dropped, so terminal transitions bootstrap from the next state.
      const done = this.bugs.ignoreDone ? tf.zerosLike(terminated) : terminated;
      const bootstrapped = tf.add(rewards, tf.mul(nextValue, c.gamma));
      // uninitialized_buffer: the terminal branch forgets its write, so those rows keep whatever an
      // earlier batch left in the reused buffer (np.empty instead of np.zeros, never cleared).
      const terminalTargets = this.bugs.uninitializedBuffer ? this.tdTargetBuffer : rewards;
      const tdTarget = tf.where(tf.greater(done, 0.5), terminalTargets, bootstrapped) as tf.Tensor1D;
      this.tdTargetBuffer.assign(tdTarget);

      let side: tf.Tensor[] = [];
      const { value: loss, grads } = tf.variableGrads(() => {
        const acts: tf.Tensor2D[] = [];
        // old_val = q_network(data.observations).gather(1, data.actions)
        const qAll = this.qNetwork.forward(obs, snapshots !== null ? acts : undefined);
        const qTaken = tf.sum(tf.mul(qAll, actionMask), 1) as tf.Tensor1D;
        const tdError = tf.sub(qTaken, tdTarget);
        let perSample: tf.Tensor1D;
        // Huber = F.smooth_l1_loss (β = 1): ½e² for |e| < 1, |e| − ½ beyond. mse_instead_of_huber: e² everywhere.
        if (c.loss === 'huber' && !this.bugs.mseInsteadOfHuber) {
          const absErr = tf.abs(tdError);
          const quadratic = tf.minimum(absErr, 1);
          perSample = tf.add(tf.mul(0.5, tf.square(quadratic)), tf.sub(absErr, quadratic)) as tf.Tensor1D;
        } else {
          perSample = tf.square(tdError) as tf.Tensor1D;
        }
        // sum_instead_of_mean_loss: summed over the batch, the gradient is batchSize× too large.
        const total = (this.bugs.sumInsteadOfMeanLoss ? tf.sum(perSample) : tf.mean(perSample)) as tf.Scalar;
        const qStats = [total, tf.mean(qTaken), tf.min(qTaken), tf.max(qTaken), tf.mean(tdTarget), tf.min(tdTarget), tf.max(tdTarget)];
        side = [tf.keep(tf.stack(qStats))];
        if (snapshots !== null) {
          snapshots.activations = acts.map((a) => tf.keep(a));
          if (due.histograms) snapshots.qValues = tf.keep(qTaken);
        }
        return total;
      }, this.qNetwork.variables);

      // optimize the model (clip_grad_norm_ inside when maxGradNorm is set)
      const gradList = this.qNetwork.variables.map((v) => grads[v.name]);
      const gradNorm = this.optimizer.step(gradList, this.learningRate, c.maxGradNorm);
      if (snapshots !== null) {
        if (due.diagnostics) snapshots.layerGradNorms = tf.keep(layerGradNorms(gradList));
        if (due.histograms) {
          snapshots.gradients = tf.keep(flattenVariables(gradList));
          snapshots.tdTargets = tf.keep(tdTarget.clone());
        }
      }
      loss.dispose();
      const [lossStats] = side;
      const out = tf.concat([lossStats, tf.reshape(gradNorm, [1])]) as tf.Tensor1D;
      lossStats.dispose();
      return out;
    });
    // tensor_leak: this dispose is missing, so one tensor per gradient step is never freed.
    if (!this.bugs.tensorLeak) nextObs.dispose();
    return { stats, snapshots };
  }

  /**
   * target_network ← τ·q_network + (1 − τ)·target_network (τ = 1: a copy). A hard copy of weights
   * that have not changed since the last one is skipped; `force` copies regardless (initialisation).
   */
  private updateTargetNetwork(force = false): void {
    // target_aliases_online: nothing to update, the target already is the online network.
    if (this.targetNetwork === this.qNetwork) return;
    const tau = this.config.tau;
    if (!force && tau === 1 && this.targetSyncedAt === this.trainSteps) return;
    tf.tidy(() => {
      const online = this.qNetwork.variables;
      this.targetNetwork.variables.forEach((target, i) => {
        target.assign(force || tau === 1 ? online[i] : tf.add(tf.mul(online[i], tau), tf.mul(target, 1 - tau)));
      });
    });
    this.targetSyncedAt = this.trainSteps;
  }

  /** Report the window's metrics at the current env step and start a new window. */
  private report(): void {
    const sink = this.ctx.sink;
    const w = this.window;
    const t0 = performance.now();
    sink.at(this.envSteps, this.updates);
    const s = (key: string, v: number): void => sink.scalar(key, v);
    const epsilon = this.epsilon;
    s(EPSILON, epsilon);
    s(METRIC.entropy, epsilonGreedyEntropy(epsilon, this.numActions));
    s(METRIC.learningRate, this.learningRate);
    if (w.gradientSteps > 0) {
      const m = (k: Stat): number => w.sums[k] / w.gradientSteps;
      s(METRIC.tdLoss, m(Stat.TdLoss));
      s(METRIC.qValues, m(Stat.QMean));
      s(METRIC.qValuesMin, w.qMin);
      s(METRIC.qValuesMax, w.qMax);
      s(TARGET_Q_MEAN, m(Stat.TargetMean));
      s(METRIC.valueTargetMin, w.targetMin);
      s(METRIC.valueTargetMax, w.targetMax);
      s(METRIC.gradNorm, m(Stat.GradNorm));
    }
    const d = w.diagnostics;
    if (d !== null) {
      if (d.layerGradNorms !== null) this.qNetwork.layers.forEach((layer, i) => s(layerKey(METRIC.gradNorm, layer.name), d.layerGradNorms![i]));
      for (const a of d.activations) {
        s(layerKey(METRIC.activationStd, a.name), activationStd(a.values));
        if (this.config.activation === 'relu') s(layerKey(METRIC.deadReluFrac, a.name), deadReluFraction(a.values, a.width));
      }
      if (d.histograms) this.reportHistograms(d);
    }
    const mem = tf.memory();
    s(METRIC.numTensors, mem.numTensors);
    s(METRIC.numBytes, mem.numBytes);

    const wallS = (performance.now() - (this.startTime ?? performance.now())) / 1000;
    s(METRIC.envSteps, this.envSteps);
    s(METRIC.trainSteps, this.trainSteps);
    s(METRIC.trainingIntensity, this.envSteps > 0 ? (this.batchSize * this.trainSteps) / this.envSteps : 0);
    s(METRIC.wallS, wallS);
    s(METRIC.sps, wallS > 0 ? Math.floor(this.envSteps / wallS) : 0);
    w.timing.diagnostics += performance.now() - t0;
    for (const [phase, ms] of Object.entries(w.timing)) s(phaseKey(phase as 'env'), ms);
    this.reports++;
    this.window = this.emptyWindow();
  }

  private reportHistograms(d: PhaseDiagnostics): void {
    const sink = this.ctx.sink;
    for (const [source, key] of [
      [d.weights, HISTOGRAM.weights],
      [d.gradients, HISTOGRAM.gradients],
    ] as const) {
      if (source === null) continue;
      let o = 0;
      for (const layer of this.qNetwork.layers) {
        const n = layer.inSize * layer.outSize;
        sink.histogram(layerKey(key, layer.name), source.subarray(o, o + n));
        o += n + layer.outSize;
      }
    }
    for (const a of d.activations) sink.histogram(layerKey(HISTOGRAM.activations, a.name), a.values);
    if (d.qValues !== null) sink.histogram(HISTOGRAM.qValues, d.qValues);
    if (d.tdTargets !== null) sink.histogram(HISTOGRAM.valueTargets, d.tdTargets);
  }

  private emptyWindow(): ReportWindow {
    return {
      gradientSteps: 0,
      sums: new Float64Array(Stat.Count),
      qMin: Infinity,
      qMax: -Infinity,
      targetMin: Infinity,
      targetMax: -Infinity,
      timing: { env: 0, inference: 0, update: 0, diagnostics: 0 },
      diagnostics: null,
    };
  }

  /** Q(s, ·) of the online network for `rows` observations [rows × obsDim] (tests, the bug lab). */
  qValues(observations: ArrayLike<number>, rows: number): Float32Array {
    const q = tf.tidy(() => this.qNetwork.forward(tf.tensor2d(Float32Array.from(observations), [rows, this.obsDim])));
    const values = q.dataSync() as Float32Array;
    q.dispose();
    return values;
  }

  async evaluate(episodes: number, seed: number): Promise<number> {
    const flat = tf.tidy(() => flattenVariables(this.qNetwork.variables));
    const weights = await flat.data();
    flat.dispose();
    const net = new JsMlp(this.qNetwork.sizes, this.config.activation);
    net.load(weights, 0);
    const vec = new VectorEnv(this.ctx.config.env, 1, this.envOptions);
    const obs = new Float32Array(this.obsDim);
    obs.set(vec.reset(seed));
    const q = new Float64Array(this.numActions);
    const action = new Float32Array(1);
    let total = 0;
    for (let done = 0; done < episodes; ) {
      net.forward(obs, 1, q);
      let best = 0;
      for (let a = 1; a < this.numActions; a++) if (q[a] > q[best]) best = a;
      action[0] = best;
      const r = vec.step(action);
      obs.set(r.obs);
      for (const ep of r.episodes) {
        total += ep.return;
        done++;
      }
    }
    return total / episodes;
  }

  dispose(): void {
    this.qNetwork.dispose();
    if (this.targetNetwork !== this.qNetwork) this.targetNetwork.dispose();
    this.optimizer.dispose();
    this.tdTargetBuffer.dispose();
  }
}

/** Tensors kept from the last gradient step of a phase for diagnostics and histograms. */
interface StepSnapshots {
  activations: tf.Tensor2D[];
  layerGradNorms?: tf.Tensor1D;
  gradients?: tf.Tensor1D;
  qValues?: tf.Tensor1D;
  tdTargets?: tf.Tensor1D;
}

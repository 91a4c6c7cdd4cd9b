// Deep Q-Network (Mnih et al. 2015), following cleanrl/dqn.py top to bottom, with the options of
// Stable-Baselines3's DQN that the presets need (gradient steps per training phase, Huber loss,
// grad-norm clipping, Polyak τ, random warm-up) and double DQN, as named config fields
// (src/config/dqn-config.ts). Each bug the catalogue (src/bugs/catalog.ts) gives DQN is a flag of
// `this.bugs` checked inline at the line it breaks, marked `// BUG <id>:`.
//
// One iteration = env steps until the next training phase (trainFreq env steps once learningStarts
// is passed) or the next report, then that phase's gradientSteps gradient steps. Counts (trainFreq,
// targetNetworkFrequency, learningStarts, logEvery) are env steps summed over the sub-envs.
// Hyperparameters are read from `this.config` where they are used, except the sizes fixed at
// construction (numEnvs, frameSkip, bufferSize, batchSize, hiddenSizes, activation, adamEps).
//
// Where the time goes, and why the code looks the way it does:
//   * ε-greedy actions come from a plain-JS mirror of the Q-network (dqn-policy.ts), refreshed once
//     per training phase: a batch-of-N forward is microseconds there versus ~0.2 ms of tfjs dispatch.
//   * A gradient step gathers its minibatch from the typed-array replay buffer in JS, uploads it and
//     runs target, loss, gradients and Adam in one tf.tidy. Its statistics stay on the device; a
//     training phase reads them back with the new weights in one read (dqn-report.ts).
//   * compute js (or auto where it measured faster): gradient steps, target network and acting run in
//     wasm SIMD kernels (js-mlp-dqn.ts: same formulas and bug switches, no tfjs per step); the tfjs
//     Q-network receives the weights only where tfjs needs them (saving, jsInference off).

import * as tf from '@tensorflow/tfjs';
import { bugFlags, type BugFlags } from '../bugs/catalog.ts';
import { CLEANRL_TOTAL_TIMESTEPS, type DqnConfig } from '../config/dqn-config.ts';
import type { MakeEnvOptions } from '../envs/make-env.ts';
import { makeFastRng, type Xoshiro128 } from '../envs/rng.ts';
import { VectorEnv } from '../envs/vector-env.ts';
import { tdLoss, type TdLossSide } from './dqn-loss.ts';
import { greedyAction, jsMirror, linearSchedule, readWeights } from './dqn-policy.ts';
import {
  accumulatePhase,
  dqnMetricKeys,
  emptyWindow,
  keepForwardSnapshots,
  keepGradientSnapshots,
  readPhase,
  reportWindow,
  STAT_COUNT,
  stepStatistics,
  type SnapshotsDue,
  type StepSnapshots,
} from './dqn-report.ts';
import { assignFlat, jsDqnLoss, JsDqnLearner, usesJsDqn } from './js-mlp-dqn.ts';
import { Adam, flattenVariables, Mlp, variableFrom, type JsMlp } from './nets.ts';
import { allocateBatch, ReplayBuffer, type ReplayBatch } from './replay-buffer.ts';
import { qNetworkPolicy } from './saved-policy.ts';
import type { Agent, AgentContext, SavablePolicy } from './types.ts';

/** lr_too_high: the learning rate is multiplied by this. */
const LR_TOO_HIGH_FACTOR = 30;
/** epsilon_decay_too_fast: ε reaches its floor after this many env steps. */
const FAST_EPSILON_DECAY_STEPS = 250;
/** dead_relu_init: every hidden bias starts here (inputs are O(1), weights U(±1/√fan_in)). */
const DEAD_RELU_BIAS = -3;
/** Env steps one iterate() collects at most without training or reporting (warm-up), so the UI stays live. */
const MAX_STEPS_PER_ITERATION = 1000;

/** Whether a counter going from `prev` to `now` passed a multiple of `every`. */
function crossed(prev: number, now: number, every: number): boolean {
  return Math.floor(now / every) > Math.floor(prev / every);
}

export interface DqnOptions {
  /** Options for every sub-env (e.g. a shorter maxEpisodeSteps in tests). */
  envOptions?: MakeEnvOptions;
}

export class DqnAgent implements Agent {
  readonly vecEnv: VectorEnv;
  readonly config: DqnConfig;
  readonly bugs: BugFlags<'dqn'>;
  readonly replay: ReplayBuffer;
  envSteps = 0;
  updates = 0;
  trainSteps = 0;

  // Derived sizes, computed once.
  private readonly numEnvs: number;
  private readonly obsDim: number;
  private readonly numActions: number;

  // Networks: online Q, target Q, the optimiser, and the JS mirror of the online network for acting.
  private readonly qNetwork: Mlp;
  private readonly targetNetwork: Mlp;
  private readonly optimizer: Adam;
  private readonly jsQNetwork: JsMlp;
  /** The `js` compute path's learner (online and target networks, Adam) in the wasm kernels; null: tfjs. */
  readonly js: JsDqnLearner | null;
  /** Preallocated TD-target buffer [batchSize], rewritten by every gradient step. */
  private readonly tdTargetBuffer: tf.Variable<tf.Rank.R1>;
  /** trainSteps when the target network last copied the online one (skip no-op hard copies). */
  private targetSyncedAt = -1;

  // Seeded generators: one per purpose, so a diagnostic toggle cannot shift another stream.
  private readonly actionRng: Xoshiro128;
  private readonly sampleRng: Xoshiro128;

  // Current observation of each sub-env [N × obsDim], the actions, and the minibatch [B rows].
  private readonly obs: Float32Array;
  private readonly qOut: Float64Array;
  private readonly envActions: Float32Array;
  private readonly greedy: Uint8Array;
  private readonly batch: ReplayBatch;
  private readonly batchIndices: Int32Array;
  private readonly actionMask: Float32Array;

  private readonly ctx: AgentContext;
  /** Options every sub-env is made with (frame skip included); evaluation envs get the same. */
  private readonly envOptions: MakeEnvOptions;
  private startTime: number | null = null;
  private reports = 0;
  private window = emptyWindow();

  constructor(ctx: AgentContext, config: DqnConfig, options: DqnOptions = {}) {
    this.ctx = ctx;
    const c = (this.config = config);
    const seed = ctx.config.seed;
    this.bugs = bugFlags('dqn', ctx.config.bugs);

    // Frame skip (action repeat) outside the time limit, the rewards of the repeated frames summed.
    // BUG reward_not_summed_over_skip: the repeat keeps only the last frame's reward (src/envs/frame-skip.ts).
    const frameSkipReward: MakeEnvOptions['frameSkipReward'] = this.bugs.reward_not_summed_over_skip ? 'last' : 'sum';
    this.envOptions = { ...options.envOptions, ...(c.frameSkip > 1 ? { frameSkip: c.frameSkip, frameSkipReward } : {}) };
    this.vecEnv = new VectorEnv(ctx.config.env, c.numEnvs, this.envOptions);
    const space = this.vecEnv.actionSpace;
    // assert isinstance(envs.single_action_space, gym.spaces.Discrete), "only discrete action space is supported"
    if (space.kind !== 'discrete') throw new Error(`DQN needs a discrete action space; ${ctx.config.env} has continuous actions`);
    this.numEnvs = c.numEnvs;
    this.obsDim = this.vecEnv.obsDim;
    this.numActions = space.n;

    // q_network = QNetwork(envs): obs → hidden → |A|, PyTorch's default nn.Linear init (CleanRL and SB3 use no orthogonal init).
    const spec = { sizes: [this.obsDim, ...c.hiddenSizes, this.numActions], activation: c.activation, orthoInit: false, hiddenGain: Math.SQRT2, outputGain: 1 };
    this.qNetwork = new Mlp({ name: 'q_network', ...spec }, makeFastRng(seed));
    // BUG dead_relu_init: hidden biases start far below zero, so (almost) every unit outputs 0 for every input.
    if (this.bugs.dead_relu_init) tf.tidy(() => this.qNetwork.layers.slice(0, -1).forEach((l) => l.b.assign(tf.fill([l.outSize], DEAD_RELU_BIAS) as tf.Tensor1D)));
    // optimizer = optim.Adam(q_network.parameters(), lr=args.learning_rate)
    this.optimizer = new Adam(this.qNetwork.variables, c.adamEps);
    // target_network = QNetwork(envs); target_network.load_state_dict(q_network.state_dict())
    // BUG target_aliases_online: the "target" is the online network object itself, so every bootstrap target moves with the update that chases it.
    this.targetNetwork = this.bugs.target_aliases_online ? this.qNetwork : new Mlp({ name: 'target_network', ...spec }, makeFastRng(seed + 3_000_017));
    this.updateTargetNetwork(true);
    this.tdTargetBuffer = variableFrom(tf.zeros([c.batchSize]) as tf.Tensor1D, undefined, false);
    this.jsQNetwork = jsMirror(this.qNetwork);
    // The js compute path starts from the same weights (dead_relu_init's biases included); its target is a copy, or the online slot itself under target_aliases_online.
    const js = usesJsDqn(c, this.bugs.tensor_leak) ? { sizes: this.qNetwork.sizes, activation: c.activation, adamEps: c.adamEps, aliasTarget: this.bugs.target_aliases_online } : null;
    this.js = js && new JsDqnLearner(js, tf.tidy(() => flattenVariables(this.qNetwork.variables).dataSync()), c.batchSize);

    this.actionRng = makeFastRng(seed + 1_000_003);
    this.sampleRng = makeFastRng(seed + 2_000_029);

    // rb = ReplayBuffer(args.buffer_size, ...)
    // BUG uninitialized_buffer: the rows are np.empty'd (leftovers until written) and sampled one row too far (replay-buffer.ts).
    this.replay = new ReplayBuffer(c.bufferSize, this.obsDim, this.bugs.uninitialized_buffer ? { uninitialized: makeFastRng(seed + 4_000_037) } : {});
    const N = this.numEnvs;
    this.qOut = new Float64Array(N * this.numActions);
    this.envActions = new Float32Array(N);
    this.greedy = new Uint8Array(N);
    this.batch = allocateBatch(c.batchSize, this.obsDim);
    this.batchIndices = new Int32Array(c.batchSize);
    this.actionMask = new Float32Array(c.batchSize * this.numActions);

    // TRY NOT TO MODIFY: start the game (sub-env i seeded with seed + i).
    this.obs = new Float32Array(N * this.obsDim);
    this.obs.set(this.vecEnv.reset(seed));
  }

  metricKeys(): string[] {
    return dqnMetricKeys(this.qNetwork);
  }

  /** ε for the next action (cleanrl: linear_schedule(start_e, end_e, exploration_fraction × total_timesteps, global_step)). */
  get epsilon(): number {
    const c = this.config;
    const totalSteps = c.scheduleSteps ?? this.ctx.config.totalSteps ?? CLEANRL_TOTAL_TIMESTEPS;
    // BUG epsilon_decay_too_fast: ε hits its floor after a few hundred steps instead of a fraction of the run.
    const explorationSteps = this.bugs.epsilon_decay_too_fast ? FAST_EPSILON_DECAY_STEPS : c.explorationFraction * totalSteps;
    return linearSchedule(c.startE, c.endE, explorationSteps, this.envSteps);
  }

  /** Learning rate of the next gradient step. */
  get learningRate(): number {
    // BUG lr_too_high: the optimiser's steps are 30× too large.
    return this.bugs.lr_too_high ? this.config.learningRate * LR_TOO_HIGH_FACTOR : this.config.learningRate;
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
      // update target network (after the gradient step of the same env step, and only once learning has
      // started, as CleanRL: during the warm-up the online net is untrained, so a copy would change nothing)
      if (this.envSteps > c.learningStarts && crossed(prev, this.envSteps, c.targetNetworkFrequency)) {
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

    // ALGO LOGIC: put action logic here (SB3: uniformly random until learning starts)
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
      // BUG truncation_as_termination: the truncated flag is stored as a termination.
      const done = r.terminated[e] === 1 || (this.bugs.truncation_as_termination && r.truncated[e] === 1);
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
    // q_values = q_network(torch.Tensor(obs)); actions = torch.argmax(q_values, dim=1)
    if (this.config.jsInference) {
      if (this.js !== null) this.js.qValues(this.obs, N, this.qOut);
      else this.jsQNetwork.forward(this.obs, N, this.qOut);
    } else {
      const q = tf.tidy(() => this.qNetwork.forward(tf.tensor2d(this.obs, [N, this.obsDim])));
      this.qOut.set(await q.data());
      q.dispose();
    }
    for (let e = 0; e < N; e++) if (this.greedy[e]) this.envActions[e] = greedyAction(this.qOut, e * A, A);
  }

  /** One training phase: gradientSteps gradient steps, then one readback of their statistics and the new weights. */
  private async train(diagnosticsDue: boolean, histogramsDue: boolean): Promise<void> {
    if (this.js !== null) return this.jsTrain(this.js, diagnosticsDue, histogramsDue);
    const startedAt = performance.now();
    // Read once: the trainer may assign new values while this phase awaits its readback.
    const { gradientSteps, jsInference } = this.config;
    const stats: tf.Tensor1D[] = [];
    let snapshots: StepSnapshots | null = null;
    for (let g = 0; g < gradientSteps; g++) {
      const last = g === gradientSteps - 1;
      // data = rb.sample(args.batch_size)
      this.replay.sampleIndices(this.batch.size, this.sampleRng, this.batchIndices);
      this.replay.gather(this.batchIndices, this.batch);
      const step = this.gradientStep({ diagnostics: last && diagnosticsDue, histograms: last && histogramsDue });
      stats.push(step.stats);
      if (step.snapshots !== null) snapshots = step.snapshots;
      this.trainSteps++;
    }
    this.updates++;
    // The new weights go to the JS mirror and, when due, the weight histograms.
    const weights = jsInference || histogramsDue ? tf.tidy(() => flattenVariables(this.qNetwork.variables)) : null;
    const read = await readPhase(this.window, { stats, weights, snapshots, histograms: histogramsDue, startedAt }, this.qNetwork);
    if (jsInference && read !== null) this.jsQNetwork.load(read, 0);
  }

  /** train() on the js compute path: the same sampling, steps, bug switches and statistics, no tfjs (unless jsInference is off). */
  private jsTrain(js: JsDqnLearner, diagnosticsDue: boolean, histogramsDue: boolean): void {
    const startedAt = performance.now();
    const c = this.config;
    const { gradientSteps, jsInference } = c;
    const B = this.batch.size;
    const rows = new Float32Array(gradientSteps * STAT_COUNT);
    // The bug switches of gradientStep, the same ones on this path.
    const loss = jsDqnLoss(c, this.bugs);
    for (let g = 0; g < gradientSteps; g++) {
      this.replay.sampleIndices(B, this.sampleRng, this.batchIndices);
      this.replay.gather(this.batchIndices, this.batch);
      js.step(this.batch, loss, this.learningRate, c.maxGradNorm, rows, g * STAT_COUNT);
      this.trainSteps++;
    }
    this.updates++;
    const diagnostics = diagnosticsDue || histogramsDue ? js.phaseDiagnostics(this.qNetwork.hiddenLayerNames, B, diagnosticsDue, histogramsDue) : null;
    accumulatePhase(this.window, rows, gradientSteps, startedAt, diagnostics);
    // tfjs acts on the tfjs Q-network: it takes the new weights.
    if (!jsInference) assignFlat(this.qNetwork.variables, js.params);
  }

  /**
   * One gradient step on the minibatch in `this.batch`: TD target, loss, Adam. Returns its statistics
   * (left on the device, dqn-report.ts) and, when due, snapshots for the diagnostics.
   */
  private gradientStep(due: SnapshotsDue): { stats: tf.Tensor1D; snapshots: StepSnapshots | null } {
    const c = this.config;
    const batch = this.batch;
    const B = batch.size;
    const A = this.numActions;
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

      // with torch.no_grad(): target_max, _ = target_network(data.next_observations).max(dim=1)
      const nextQ = this.targetNetwork.forward(nextObs);
      let nextValue: tf.Tensor1D;
      if (c.doubleDqn) {
        // Double DQN: the online network picks a' = argmax Q(s', ·), the target network values it.
        const best = tf.oneHot(tf.argMax(this.qNetwork.forward(nextObs), 1), A);
        nextValue = tf.sum(tf.mul(nextQ, best), 1) as tf.Tensor1D;
      } else {
        nextValue = tf.max(nextQ, 1) as tf.Tensor1D;
      }
      // td_target = data.rewards + args.gamma * target_max * (1 - data.dones), written into the
      // preallocated target buffer: terminal rows get r, the others r + γ·target_max.
      // BUG ignore_done: the done mask is dropped, so terminal transitions bootstrap from the next state.
      const done = this.bugs.ignore_done ? tf.zerosLike(terminated) : terminated;
      const bootstrapped = tf.add(rewards, tf.mul(nextValue, c.gamma));
      // BUG uninitialized_buffer: the terminal branch forgets its write, so those rows keep whatever an earlier batch left in the reused buffer.
      const terminalTargets = this.bugs.uninitialized_buffer ? this.tdTargetBuffer : rewards;
      const tdTarget = tf.where(tf.greater(done, 0.5), terminalTargets, bootstrapped) as tf.Tensor1D;
      this.tdTargetBuffer.assign(tdTarget);

      // loss = F.smooth_l1_loss (Huber, β = 1) or F.mse_loss, as one custom-gradient op (dqn-loss.ts).
      // BUG mse_instead_of_huber: the TD error is squared everywhere, even where Huber was configured.
      // BUG sum_instead_of_mean_loss: summed over the batch, the gradient is batchSize× too large.
      const huber = c.loss === 'huber' && !this.bugs.mse_instead_of_huber;
      const side: TdLossSide = { stats: null, qTaken: null };
      const { value: loss, grads } = tf.variableGrads(() => {
        const acts: tf.Tensor2D[] = [];
        // old_val = q_network(data.observations).gather(1, data.actions).squeeze()
        const qAll = this.qNetwork.forward(obs, snapshots !== null ? acts : undefined);
        const total = tdLoss(qAll, actionMask, tdTarget, huber, this.bugs.sum_instead_of_mean_loss, snapshots !== null, side);
        if (snapshots !== null) keepForwardSnapshots(snapshots, acts, side.qTaken!, due);
        return total;
      }, this.qNetwork.variables);
      const kept = [side.stats!];
      if (side.qTaken !== null && snapshots?.qValues !== side.qTaken) side.qTaken.dispose();

      // optimizer.zero_grad(); loss.backward(); optimizer.step() (clip_grad_norm_ first when maxGradNorm is set)
      const gradList = this.qNetwork.variables.map((v) => grads[v.name]);
      const gradNorm = this.optimizer.step(gradList, this.learningRate, c.maxGradNorm);
      if (snapshots !== null) keepGradientSnapshots(snapshots, gradList, tdTarget, due);
      loss.dispose();
      const out = stepStatistics(kept[0], gradNorm);
      kept[0].dispose();
      return out;
    });
    // BUG tensor_leak: this dispose is skipped, so one tensor per gradient step is never freed.
    if (!this.bugs.tensor_leak) nextObs.dispose();
    return { stats, snapshots };
  }

  /**
   * target_network ← τ·q_network + (1 − τ)·target_network (τ = 1: a copy). A hard copy of weights
   * that have not changed since the last one is skipped; `force` copies regardless (initialisation).
   */
  private updateTargetNetwork(force = false): void {
    // Under target_aliases_online there is nothing to update: the target already is the online network.
    if (this.targetNetwork === this.qNetwork) return;
    const tau = this.config.tau;
    if (!force && tau === 1 && this.targetSyncedAt === this.trainSteps) return;
    if (this.js) {
      this.js.updateTarget(force ? 1 : tau);
      this.targetSyncedAt = this.trainSteps;
      return;
    }
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
    const { envSteps, updates, trainSteps, numActions, startTime } = this;
    const state = { envSteps, updates, trainSteps, numActions, startTime, epsilon: this.epsilon, learningRate: this.learningRate, batchSize: this.batch.size };
    reportWindow(this.ctx.sink, this.window, state, this.qNetwork);
    this.reports++;
    this.window = emptyWindow();
  }

  /** Q(s, ·) of the online network for `rows` observations [rows × obsDim] (tests, the bug lab). */
  qValues(observations: ArrayLike<number>, rows: number): Float32Array {
    if (this.js) {
      const out = new Float32Array(rows * this.numActions);
      this.js.qValues(Float32Array.from(observations), rows, out);
      return out;
    }
    const q = tf.tidy(() => this.qNetwork.forward(tf.tensor2d(Float32Array.from(observations), [rows, this.obsDim])));
    const values = q.dataSync() as Float32Array;
    q.dispose();
    return values;
  }

  async evaluate(episodes: number, seed: number): Promise<number> {
    const net = jsMirror(this.qNetwork, this.js ? this.js.params.slice() : await readWeights(this.qNetwork));
    const vec = new VectorEnv(this.ctx.config.env, 1, this.envOptions);
    const obs = new Float32Array(this.obsDim);
    obs.set(vec.reset(seed));
    const q = new Float64Array(this.numActions);
    const action = new Float32Array(1);
    let total = 0;
    for (let done = 0; done < episodes; ) {
      net.forward(obs, 1, q);
      action[0] = greedyAction(q, 0, this.numActions);
      const r = vec.step(action);
      obs.set(r.obs);
      for (const ep of r.episodes) {
        total += ep.return;
        done++;
      }
    }
    return total / episodes;
  }

  /** The trained policy, for saving its networks and watching it act greedily (model-io.ts). */
  policy(): SavablePolicy {
    const js = this.js;
    if (js === null) return qNetworkPolicy(this.qNetwork, this.numActions);
    // js path: the tfjs variables (what is saved) take the kernels' weights first; loaded weights go back to the kernels.
    assignFlat(this.qNetwork.variables, js.params);
    const policy = qNetworkPolicy(this.qNetwork, this.numActions);
    return {
      ...policy,
      restore: (state) => {
        policy.restore(state);
        js.load(tf.tidy(() => flattenVariables(this.qNetwork.variables).dataSync()));
      },
    };
  }

  dispose(): void {
    this.qNetwork.dispose();
    if (this.targetNetwork !== this.qNetwork) this.targetNetwork.dispose();
    this.optimizer.dispose();
    this.tdTargetBuffer.dispose();
  }
}

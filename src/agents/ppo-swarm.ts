// The seed swarm (issue 14): S seeds of one PPO config trained at once as one batched computation, as
// PureJaxRL vmaps its update over seeds. Every weight and every minibatch has a leading seed axis S
// (ppo-swarm-net.ts); one tf.variableGrads per minibatch differentiates the sum of the S per-seed losses,
// whose gradient with respect to seed s's slice is exactly seed s's own gradient; the global grad norm is
// clipped per seed; one Adam over the stacked variables is per-seed Adam, since Adam is elementwise.
//
// Each seed keeps everything its own run would have: its VectorEnv, normalisers and action generator
// (on.createActing with its seed), its initial weights (drawn by on.createActorCritic from its seed, as
// ppo.ts does, then stacked), its shuffle generator, its advantage normalisation per minibatch, its JS
// mirror for the rollout. So seed s of a swarm trains as ppo.ts (compute tfjs) with that seed would, up
// to float rounding of the batched kernels (tests/unit/agents/ppo-swarm.test.ts holds it to that).
//
// What it does not do (swarmUnsupported says which; callers fall back to one run per seed): bug toggles,
// the js compute path, tfjs rollout inference, target_kl (a per-seed early stop would end the batch), and
// the per-layer diagnostics and histograms of ppo.ts. It reports only what it computes per seed.

import * as tf from '@tensorflow/tfjs';
import type { PpoConfig } from '../config/ppo-config.ts';
import type { AgentSettings } from '../config/resolve.ts';
import type { RunConfig } from '../config/run-config.ts';
import { swarmBlocker } from '../config/swarm.ts';
import { METRIC } from '../diagnostics/metric-keys.ts';
import type { MetricSink } from '../diagnostics/sink.ts';
import { explainedVariance, mean } from '../diagnostics/stats.ts';
import { makeFastRng, type Xoshiro128 } from '../envs/rng.ts';
import type { VectorEnv } from '../envs/vector-env.ts';
import { computeGae } from '../rl/returns.ts';
import { usesJsCompute } from './js-mlp-ppo.ts';
import { Adam, flattenVariables, variableFrom } from './nets.ts';
import * as on from './on-policy.ts';
import * as report from './on-policy-report.ts';
import { LOG_SQRT_2PI, POLICY_STD } from './policy-dist.ts';
import { FIRST_RATIO_DEV } from './ppo.ts';
import { fillMinibatch, permutation, type Minibatch, type RolloutBatch } from './ppo-batch.ts';
import { clipGradNormPerSeed, seedSlice, StackedMlp } from './ppo-swarm-net.ts';
import type { Agent, AgentContext } from './types.ts';

/** Statistics per minibatch and seed, in this order: [S × Stat.Count] per minibatch. */
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

export interface SwarmContext {
  /** The run the seeds share: seed s trains as `{ ...config, seed: seeds[s] }` would alone. */
  config: RunConfig;
  seeds: readonly number[];
  /** One sink per seed: each seed's metrics and episodes as its own run. */
  sinks: readonly MetricSink[];
  /** Called after each env step of the first seed (the worker's watched env). */
  onEnvStep?: AgentContext['onEnvStep'];
}

/** Why the swarm cannot train `run` as ppo.ts would, or null when it can (call after the tfjs backend is set: `auto` compute reads it). */
export function swarmUnsupported(run: Pick<RunConfig, 'agent' | 'bugs'>, c: PpoConfig): string | null {
  return swarmBlocker(run, c) ?? (usesJsCompute(c, false) ? 'compute auto picks the js path on this backend: the swarm is the tfjs path' : null);
}

/** The worker's swarm factory (trainer.ts SwarmFactory): a swarm of the resolved settings, PPO only. */
export function createSwarm(settings: AgentSettings, ctx: SwarmContext): PpoSwarm {
  if (settings.agent !== 'ppo') throw new Error(`seed swarm: agent ${settings.agent}: the swarm is PPO only`);
  return new PpoSwarm(ctx, settings.values);
}

/** One seed's run: what ppo.ts keeps per agent, minus the networks (stacked in the swarm). */
interface Member {
  readonly ctx: AgentContext;
  readonly acting: on.Acting;
  readonly mirror: on.JsMirror;
  readonly rollout: on.Rollout;
  readonly shuffleRng: Xoshiro128;
  /** Env steps and updates of this seed (collectRollout counts on it). */
  readonly counter: { envSteps: number; updates: number };
  /** This seed's rows of the stacked minibatch. */
  readonly mb: Minibatch;
  batch: RolloutBatch | null;
}

export class PpoSwarm implements Agent {
  readonly seeds: readonly number[];
  updates = 0;
  private readonly members: Member[];
  private readonly batchSize: number;
  private readonly minibatchSize: number;
  private readonly annealUpdates: number | null;
  private readonly actor: StackedMlp;
  private readonly critic: StackedMlp;
  /** Continuous actions: log σ [S, 1, A]; discrete: null. */
  private readonly logStd: tf.Variable<tf.Rank.R3> | null;
  /** ppo.ts's order: actor, critic, log σ. */
  private readonly params: tf.Variable[];
  private readonly optimizer: Adam;
  /** The stacked minibatch [S × M × …]; each member's `mb` is a view of its rows. */
  private readonly stacked: Minibatch;
  private startTime: number | null = null;

  constructor(ctx: SwarmContext, readonly config: PpoConfig) {
    const c = config;
    const problem = swarmUnsupported(ctx.config, c);
    if (problem !== null) throw new Error(`seed swarm: ${problem}`);
    if (ctx.sinks.length !== ctx.seeds.length || ctx.seeds.length === 0) throw new Error('seed swarm: one sink per seed, at least one seed');
    this.seeds = [...ctx.seeds];
    const S = this.seeds.length;
    this.batchSize = c.numEnvs * c.numSteps;
    this.minibatchSize = this.batchSize / c.numMinibatches;
    this.annealUpdates = on.annealUpdates(c.annealSteps ?? ctx.config.totalSteps, this.batchSize);
    const M = this.minibatchSize;

    // Each seed's env and networks exactly as ppo.ts builds them; its tfjs networks live only long enough
    // to be read (their variable names are the same for every seed), its JS mirror stays for the rollout.
    const spec = { ...c, critic: true, order: ['actor', 'critic', 'logStd'] } as const;
    const weights: { actor: Float32Array[]; critic: Float32Array[]; logStd: Float32Array | null }[] = [];
    const built = this.seeds.map((seed, s) => {
      const run: RunConfig = { ...ctx.config, seed };
      const acting = on.createActing(run, c, { obsNormalizer: true, returnNormalizer: true });
      const nets = on.createActorCritic(acting, spec, makeFastRng(seed));
      const read = (vars: tf.Variable[]): Float32Array[] => vars.map((v) => v.dataSync() as Float32Array);
      weights.push({ actor: read(nets.actor.variables), critic: read(nets.critic.variables), logStd: nets.logStd && (nets.logStd.dataSync() as Float32Array) });
      on.syncJsWeights(nets);
      on.disposeActorCritic(nets);
      const memberCtx: AgentContext = { config: run, sink: ctx.sinks[s], onEnvStep: s === 0 ? ctx.onEnvStep : undefined };
      return { run, acting, mirror: { jsActor: nets.jsActor, jsCritic: nets.jsCritic, jsLogStd: nets.jsLogStd }, memberCtx, sizes: { actor: nets.actor.sizes, critic: nets.critic.sizes } };
    });
    this.actor = new StackedMlp(built[0].sizes.actor, c.activation, weights.map((w) => w.actor));
    this.critic = new StackedMlp(built[0].sizes.critic, c.activation, weights.map((w) => w.critic));
    const space = built[0].acting.space;
    this.logStd = space.discrete ? null : variableFrom(tf.tensor3d(Float32Array.from(weights.flatMap((w) => Array.from(w.logStd!))), [S, 1, space.size]));
    this.params = [...this.actor.variables, ...this.critic.variables, ...(this.logStd ? [this.logStd] : [])];
    this.optimizer = new Adam(this.params, c.adamEps);

    const D = built[0].acting.vecEnv.obsDim;
    const A = space.size;
    const column = (): Float32Array => new Float32Array(S * M);
    this.stacked = { size: M, obs: new Float32Array(S * M * D), actions: new Float32Array(S * M * A), logProbs: column(), advantages: column(), returns: column(), values: column() };
    const rows = (arr: Float32Array, s: number, width: number): Float32Array => arr.subarray(s * M * width, (s + 1) * M * width);
    this.members = built.map((b, s) => ({
      ctx: b.memberCtx,
      acting: b.acting,
      mirror: b.mirror,
      rollout: on.createRollout(b.acting, c.numSteps, false),
      shuffleRng: makeFastRng(b.run.seed + 2_000_029),
      counter: { envSteps: 0, updates: 0 },
      mb: {
        size: M,
        obs: rows(this.stacked.obs, s, D),
        actions: rows(this.stacked.actions, s, A),
        logProbs: rows(this.stacked.logProbs, s, 1),
        advantages: rows(this.stacked.advantages, s, 1),
        returns: rows(this.stacked.returns, s, 1),
        values: rows(this.stacked.values, s, 1),
      },
      batch: null,
    }));
  }

  /** The first seed's vectorised env (the one the worker renders). */
  get vecEnv(): VectorEnv {
    return this.members[0].acting.vecEnv;
  }

  /** Env steps of each seed (they step in lockstep). */
  get envSteps(): number {
    return this.members[0].counter.envSteps;
  }

  /** What each seed's sink receives. */
  metricKeys(): string[] {
    const keys: string[] = [METRIC.episodicReturn, METRIC.episodicLength, METRIC.learningRate, METRIC.sps, METRIC.envSteps, METRIC.trainSteps, METRIC.wallS];
    keys.push(METRIC.valueLoss, METRIC.policyLoss, METRIC.entropy, METRIC.oldApproxKl, METRIC.approxKl, METRIC.clipfrac, FIRST_RATIO_DEV, METRIC.explainedVariance, METRIC.valueMean, METRIC.returnMean);
    keys.push(METRIC.advantageMean, METRIC.advantageStd, METRIC.advantageMin, METRIC.advantageMax, METRIC.valueTargetMin, METRIC.valueTargetMax, METRIC.gradNorm);
    if (this.logStd !== null) keys.push(POLICY_STD);
    return keys;
  }

  async iterate(): Promise<void> {
    const c = this.config;
    this.startTime ??= performance.now();
    const frac = on.annealFraction(this.updates, this.annealUpdates);
    const lrNow = (c.annealLr ? frac : 1) * c.learningRate;
    const clipNow = (c.annealClipCoef ? frac : 1) * c.clipCoef;

    // Rollouts, seed by seed, each through its own env and JS mirror; then each seed's GAE.
    const timing = on.newTiming();
    const targets: { advantages: Float64Array; returns: Float64Array }[] = [];
    for (const m of this.members) {
      await on.collectRollout(m.acting, m.mirror, m.rollout, m.ctx, m.counter, { bootstrapTruncated: c.bootstrapTruncated, rewardClip: c.rewardClip, timing, infer: null });
      const r = m.rollout;
      const { advantages, returns } = computeGae({
        numSteps: r.numSteps,
        numEnvs: r.numEnvs,
        rewards: r.rewards,
        values: r.values,
        nextValues: on.nextValues(m.acting, m.mirror),
        terminated: r.terminated,
        truncated: r.truncated,
        truncationValues: r.truncationValues,
        gamma: c.gamma,
        lambda: c.gaeLambda,
        variant: c.bootstrapTruncated ? 'bootstrap' : 'cleanrl',
      });
      m.batch = { obs: r.obs, actions: r.actions, values: r.values, advantages, returns, logProbs: null };
      targets.push({ advantages, returns });
    }

    const u = await this.update(lrNow, clipNow);
    this.updates++;

    // Each seed's report, as ppo.ts's (CleanRL: the losses of the last minibatch, the mean clip fraction).
    const S = this.seeds.length;
    const wallS = (performance.now() - this.startTime) / 1000;
    this.members.forEach((m, s) => {
      m.counter.updates = this.updates;
      const sink = m.ctx.sink;
      const stat = (row: number, k: Stat): number => u.statRows[(row * S + s) * Stat.Count + k];
      let meanClip = 0;
      let meanNorm = 0;
      for (let row = 0; row < u.rows; row++) {
        meanClip += stat(row, Stat.ClipFrac) / u.rows;
        meanNorm += stat(row, Stat.GradNorm) / u.rows;
      }
      const last = u.rows - 1;
      let firstRatioDev = 0;
      for (let j = 0; j < this.minibatchSize; j++) firstRatioDev = Math.max(firstRatioDev, Math.abs(u.firstRatios[s * this.minibatchSize + j] - 1));
      sink.at(m.counter.envSteps, this.updates);
      sink.scalar(METRIC.learningRate, lrNow);
      sink.scalar(METRIC.valueLoss, stat(last, Stat.ValueLoss));
      sink.scalar(METRIC.policyLoss, stat(last, Stat.PolicyLoss));
      sink.scalar(METRIC.entropy, stat(last, Stat.Entropy));
      sink.scalar(METRIC.oldApproxKl, stat(last, Stat.OldApproxKl));
      sink.scalar(METRIC.approxKl, stat(last, Stat.ApproxKl));
      sink.scalar(METRIC.clipfrac, meanClip);
      sink.scalar(FIRST_RATIO_DEV, firstRatioDev);
      sink.scalar(METRIC.explainedVariance, explainedVariance(m.rollout.values, targets[s].returns));
      sink.scalar(METRIC.gradNorm, meanNorm);
      report.valueMeans(sink, m.acting.returnTracker);
      report.targets(sink, targets[s].advantages, targets[s].returns, on.returnScale(m.acting));
      if (this.logStd !== null) sink.scalar(POLICY_STD, mean(Array.from(m.mirror.jsLogStd, Math.exp)));
      sink.scalar(METRIC.envSteps, m.counter.envSteps);
      sink.scalar(METRIC.trainSteps, this.optimizer.steps);
      sink.scalar(METRIC.wallS, wallS);
      // Every seed advances by the same env steps in the swarm's wall time.
      sink.scalar(METRIC.sps, Math.floor(m.counter.envSteps / wallS));
    });
  }

  /** K epochs of minibatch Adam steps for all seeds at once; one read-back at the end. */
  private async update(lr: number, clipCoef: number): Promise<{ statRows: Float32Array; rows: number; firstRatios: Float32Array }> {
    const c = this.config;
    const B = this.batchSize;
    const M = this.minibatchSize;
    const firstPerms = this.members.map((m) => permutation(B, m.shuffleRng));
    await this.rolloutLogProbs(firstPerms);
    const stats: tf.Tensor[] = [];
    let firstRatio: tf.Tensor | null = null;
    for (let epoch = 0; epoch < c.updateEpochs; epoch++) {
      const perms = epoch === 0 ? firstPerms : this.members.map((m) => permutation(B, m.shuffleRng));
      for (let start = 0; start < B; start += M) {
        this.members.forEach((m, s) => fillMinibatch(m.mb, m.batch!, perms[s], start, m.acting.space, { normalizeAdvantages: c.normAdv }));
        const isFirst = epoch === 0 && start === 0;
        const { statsMat, ratio } = this.minibatchStep(lr, clipCoef, isFirst);
        stats.push(statsMat);
        if (ratio !== null) firstRatio = ratio;
      }
    }
    const [statRows, weights, firstRatios] = await on.readBack([stats, tf.tidy(() => flattenVariables(this.params)), firstRatio]);
    this.syncMirrors(weights!);
    return { statRows: statRows!, rows: stats.length, firstRatios: firstRatios! };
  }

  /** Each seed's JS mirror takes its slice of the new weights. */
  private syncMirrors(flat: Float32Array): void {
    this.members.forEach((m, s) => {
      const mine = seedSlice(flat, this.params, this.seeds.length, s);
      let o = m.mirror.jsActor.load(mine, 0);
      o = m.mirror.jsCritic.load(mine, o);
      for (let k = 0; k < m.mirror.jsLogStd.length; k++) m.mirror.jsLogStd[k] = mine[o++];
    });
  }

  /** The stacked minibatch as tensors [S, M, …]. */
  private minibatchTensors(): { obs: tf.Tensor3D; actions: tf.Tensor3D } {
    const S = this.seeds.length;
    const M = this.minibatchSize;
    const mb = this.stacked;
    return { obs: tf.tensor3d(mb.obs, [S, M, mb.obs.length / (S * M)]), actions: tf.tensor3d(mb.actions, [S, M, mb.actions.length / (S * M)]) };
  }

  /** log π(a|s) and entropy per sample [S, M], as policy-dist.ts's evaluateActions per seed. */
  private evaluateActions(obs: tf.Tensor3D, actions: tf.Tensor3D): { logProb: tf.Tensor2D; entropy: tf.Tensor2D } {
    const head = this.actor.forward(obs);
    const logStd = this.logStd;
    if (logStd === null) {
      const logp = tf.logSoftmax(head);
      return { logProb: tf.sum(tf.mul(logp, actions), 2), entropy: tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 2)) };
    }
    const z = tf.div(tf.sub(actions, head), tf.exp(logStd));
    const logProb = tf.sum(tf.sub(tf.mul(-0.5, tf.square(z)), tf.add(logStd, LOG_SQRT_2PI)), 2) as tf.Tensor2D;
    return { logProb, entropy: tf.mul(tf.onesLike(logProb), tf.sum(tf.add(logStd, 0.5 + LOG_SQRT_2PI), 2)) };
  }

  /** π_old of every seed's rollout by the update's own forward pass on the first epoch's minibatches (ppo.ts rolloutLogProbs). */
  private async rolloutLogProbs(perms: Int32Array[]): Promise<void> {
    const B = this.batchSize;
    const M = this.minibatchSize;
    const chunks: tf.Tensor[] = [];
    for (let start = 0; start < B; start += M) {
      this.members.forEach((m, s) => fillMinibatch(m.mb, m.batch!, perms[s], start, m.acting.space, null));
      chunks.push(
        tf.tidy(() => {
          const { obs, actions } = this.minibatchTensors();
          return this.evaluateActions(obs, actions).logProb;
        }),
      );
    }
    const joined = tf.concat(chunks, 1); // [S, B] in each seed's permutation order
    const old = (await joined.data()) as Float32Array;
    tf.dispose([joined, ...chunks]);
    this.members.forEach((m, s) => {
      const logProbs = new Float32Array(B);
      for (let j = 0; j < B; j++) logProbs[perms[s][j]] = old[s * B + j];
      m.batch!.logProbs = logProbs;
    });
  }

  /** One Adam step of every seed on its minibatch; the statistics [S, Stat.Count] stay on the device. */
  private minibatchStep(lr: number, clipCoef: number, keepRatio: boolean): { statsMat: tf.Tensor2D; ratio: tf.Tensor | null } {
    const c = this.config;
    const S = this.seeds.length;
    const M = this.minibatchSize;
    let ratioKept: tf.Tensor | null = null;
    const statsMat = tf.tidy(() => {
      const { obs, actions } = this.minibatchTensors();
      const mb = this.stacked;
      const oldLogProb = tf.tensor2d(mb.logProbs, [S, M]);
      const mbAdvantages = tf.tensor2d(mb.advantages, [S, M]); // normalised per seed in fillMinibatch when normAdv
      const mbReturns = tf.tensor2d(mb.returns, [S, M]);
      const mbValues = tf.tensor2d(mb.values, [S, M]);
      // Each seed's loss is a mean over its own minibatch; the swarm's loss is their sum.
      const reduce = (x: tf.Tensor): tf.Tensor1D => tf.mean(x, 1);
      let side: tf.Tensor[] = [];

      const { value: loss, grads } = tf.variableGrads(() => {
        const { logProb: newLogProb, entropy } = this.evaluateActions(obs, actions);
        const logratio = tf.sub(newLogProb, oldLogProb);
        const ratio = tf.exp(logratio);
        const pgLoss1 = tf.mul(tf.neg(mbAdvantages), ratio);
        const pgLoss2 = tf.mul(tf.neg(mbAdvantages), tf.clipByValue(ratio, 1 - clipCoef, 1 + clipCoef));
        const pgLoss = reduce(tf.maximum(pgLoss1, pgLoss2));

        const newValue = tf.reshape(this.critic.forward(obs), [S, M]);
        let vLoss: tf.Tensor1D;
        if (c.clipVloss) {
          const vLossUnclipped = tf.square(tf.sub(newValue, mbReturns));
          const vClipped = tf.add(mbValues, tf.clipByValue(tf.sub(newValue, mbValues), -clipCoef, clipCoef));
          const vLossClipped = tf.square(tf.sub(vClipped, mbReturns));
          vLoss = tf.mul(0.5, reduce(tf.maximum(vLossUnclipped, vLossClipped)));
        } else {
          vLoss = tf.mul(0.5, reduce(tf.square(tf.sub(newValue, mbReturns))));
        }
        const entropyLoss = reduce(entropy);
        const perSeed = tf.add(tf.sub(pgLoss, tf.mul(c.entCoef, entropyLoss)), tf.mul(vLoss, c.vfCoef));

        const oldApproxKl = tf.mean(tf.neg(logratio), 1);
        const approxKl = tf.mean(tf.sub(tf.sub(ratio, 1), logratio), 1);
        const clipFrac = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), clipCoef), 'float32'), 1);
        side = [tf.keep(tf.stack([pgLoss, vLoss, entropyLoss, oldApproxKl, approxKl, clipFrac], 1))];
        if (keepRatio) side.push(tf.keep(ratio));
        return tf.sum(perSeed) as tf.Scalar;
      }, this.params);

      const clipped = clipGradNormPerSeed(
        this.params.map((p) => grads[p.name]),
        c.maxGradNorm,
      );
      // Clipped per seed above; Adam itself is elementwise, so one Adam over the stack is S Adams.
      this.optimizer.step(clipped.grads, lr, null);
      loss.dispose();
      const [lossStats, ratio] = side;
      if (ratio) ratioKept = ratio;
      const out = tf.concat([lossStats, tf.reshape(clipped.norms, [S, 1])], 1) as tf.Tensor2D;
      lossStats.dispose();
      return out;
    });
    return { statsMat, ratio: ratioKept };
  }

  dispose(): void {
    this.actor.dispose();
    this.critic.dispose();
    this.logStd?.dispose();
    this.optimizer.dispose();
  }
}

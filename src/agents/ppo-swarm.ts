// The seed swarm (issue 14): S seeds of one PPO config trained at once in one worker, as PureJaxRL vmaps
// its update over seeds. Each seed keeps everything its own run would have: its VectorEnv, normalisers and
// action generator (on.createActing with its seed), its initial weights (drawn by on.createActorCritic from
// its seed, as ppo.ts does), its shuffle generator, its advantage normalisation per minibatch, its JS mirror
// for the rollout. The update runs on the compute path ppo.ts would pick for the config (usesJsCompute):
//   * tfjs: one batched computation with a leading seed axis in every weight and minibatch (ppo-swarm-tfjs.ts);
//     seed s equals ppo.ts's run of seed s up to float rounding of the batched kernels;
//   * js: each seed's wasm SIMD learner in lockstep (ppo-swarm-js.ts); seed s equals ppo.ts's run of seed s
//     bit for bit. On a CPU this is the fast one: the kernels are arithmetic-bound, dispatch is gone.
// tests/unit/agents/ppo-swarm.test.ts holds both to that.
//
// What it does not do (swarmUnsupported says which; callers fall back to one run per seed): bug toggles,
// tfjs rollout inference (jsInference off), target_kl (a per-seed early stop would end the batch), and the
// per-layer diagnostics and histograms of ppo.ts. It reports only what it computes per seed.

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
import * as on from './on-policy.ts';
import * as report from './on-policy-report.ts';
import { POLICY_STD } from './policy-dist.ts';
import { FIRST_RATIO_DEV } from './ppo.ts';
import type { Minibatch } from './ppo-batch.ts';
import { JsSwarmEngine } from './ppo-swarm-js.ts';
import { TfjsSwarmEngine, type SeedWeights } from './ppo-swarm-tfjs.ts';
import { SwarmStat as Stat, type SwarmEngine, type SwarmSeed } from './ppo-swarm-update.ts';
import type { Agent, AgentContext } from './types.ts';

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
  return swarmBlocker(run, c);
}

/** The worker's swarm factory (trainer.ts SwarmFactory): a swarm of the resolved settings, PPO only. */
export function createSwarm(settings: AgentSettings, ctx: SwarmContext): PpoSwarm {
  if (settings.agent !== 'ppo') throw new Error(`seed swarm: agent ${settings.agent}: the swarm is PPO only`);
  return new PpoSwarm(ctx, settings.values);
}

/** One seed's run: what ppo.ts keeps per agent, minus the networks (the engine holds them). */
interface Member extends SwarmSeed {
  readonly ctx: AgentContext;
  readonly rollout: on.Rollout;
  /** Env steps and updates of this seed (collectRollout counts on it). */
  readonly counter: { envSteps: number; updates: number };
}

export class PpoSwarm implements Agent {
  readonly seeds: readonly number[];
  /** The compute path the seeds train on: the one ppo.ts picks for this config on this backend. */
  readonly compute: 'tfjs' | 'js';
  updates = 0;
  private readonly members: Member[];
  private readonly batchSize: number;
  private readonly minibatchSize: number;
  private readonly annealUpdates: number | null;
  private readonly engine: SwarmEngine;
  private readonly continuous: boolean;
  private startTime: number | null = null;

  constructor(ctx: SwarmContext, readonly config: PpoConfig) {
    const c = config;
    const problem = swarmUnsupported(ctx.config, c);
    if (problem !== null) throw new Error(`seed swarm: ${problem}`);
    if (ctx.sinks.length !== ctx.seeds.length || ctx.seeds.length === 0) throw new Error('seed swarm: one sink per seed, at least one seed');
    this.seeds = [...ctx.seeds];
    this.compute = usesJsCompute(c, false) ? 'js' : 'tfjs';
    const S = this.seeds.length;
    this.batchSize = c.numEnvs * c.numSteps;
    this.minibatchSize = this.batchSize / c.numMinibatches;
    this.annealUpdates = on.annealUpdates(c.annealSteps ?? ctx.config.totalSteps, this.batchSize);
    const M = this.minibatchSize;

    // Each seed's env and networks exactly as ppo.ts builds them; its tfjs networks live only long enough
    // to be read (their variable names are the same for every seed), its JS mirror stays for the rollout.
    const spec = { ...c, critic: true, order: ['actor', 'critic', 'logStd'] } as const;
    const weights: SeedWeights[] = [];
    const built = this.seeds.map((seed, s) => {
      const run: RunConfig = { ...ctx.config, seed };
      const acting = on.createActing(run, c, { obsNormalizer: true, returnNormalizer: true });
      const nets = on.createActorCritic(acting, spec, makeFastRng(seed));
      const read = (vars: readonly { dataSync(): unknown }[]): Float32Array[] => vars.map((v) => v.dataSync() as Float32Array);
      weights.push({ actor: read(nets.actor.variables), critic: read(nets.critic.variables), logStd: nets.logStd && (nets.logStd.dataSync() as Float32Array) });
      on.syncJsWeights(nets);
      on.disposeActorCritic(nets);
      const memberCtx: AgentContext = { config: run, sink: ctx.sinks[s], onEnvStep: s === 0 ? ctx.onEnvStep : undefined };
      return { run, acting, mirror: { jsActor: nets.jsActor, jsCritic: nets.jsCritic, jsLogStd: nets.jsLogStd }, memberCtx, sizes: { actor: nets.actor.sizes, critic: nets.critic.sizes } };
    });
    const space = built[0].acting.space;
    this.continuous = !space.discrete;

    // The minibatch of every seed, stacked [S × M × …]; each seed's `mb` is a view of its rows.
    const D = built[0].acting.vecEnv.obsDim;
    const A = space.size;
    const column = (): Float32Array => new Float32Array(S * M);
    const stacked: Minibatch = { size: M, obs: new Float32Array(S * M * D), actions: new Float32Array(S * M * A), logProbs: column(), advantages: column(), returns: column(), values: column() };
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
        obs: rows(stacked.obs, s, D),
        actions: rows(stacked.actions, s, A),
        logProbs: rows(stacked.logProbs, s, 1),
        advantages: rows(stacked.advantages, s, 1),
        returns: rows(stacked.returns, s, 1),
        values: rows(stacked.values, s, 1),
      },
      batch: null,
    }));
    const sizes = built[0].sizes;
    if (this.compute === 'js') {
      // ppo.ts's flat order: actor [W0, b0, …], critic, log σ.
      const flat = weights.map((w) => Float32Array.from([...w.actor, ...w.critic, ...(w.logStd ? [w.logStd] : [])].flatMap((v) => Array.from(v))));
      this.engine = new JsSwarmEngine(this.members, { actorSizes: sizes.actor, criticSizes: sizes.critic, activation: c.activation, adamEps: c.adamEps }, flat);
    } else this.engine = new TfjsSwarmEngine(sizes, c.activation, c.adamEps, weights, stacked);
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
    if (this.continuous) keys.push(POLICY_STD);
    return keys;
  }

  async iterate(): Promise<void> {
    const c = this.config;
    this.startTime ??= performance.now();
    const frac = on.annealFraction(this.updates, this.annealUpdates);
    const lrNow = (c.annealLr ? frac : 1) * c.learningRate;
    const clipNow = (c.annealClipCoef ? frac : 1) * c.clipCoef;

    // Rollouts, seed by seed, each through its own env (and JS mirror or learner); then each seed's GAE.
    const timing = on.newTiming();
    const targets: { advantages: Float64Array; returns: Float64Array }[] = [];
    for (const [s, m] of this.members.entries()) {
      await on.collectRollout(m.acting, m.mirror, m.rollout, m.ctx, m.counter, { bootstrapTruncated: c.bootstrapTruncated, rewardClip: c.rewardClip, timing, infer: this.engine.infer(s) });
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

    const u = await this.engine.update(this.members, c, lrNow, clipNow);
    this.updates++;

    // Each seed's report, as ppo.ts's (CleanRL: the losses of the last minibatch, the mean clip fraction).
    const S = this.seeds.length;
    const wallS = (performance.now() - this.startTime) / 1000;
    const trainSteps = this.engine.trainSteps;
    this.members.forEach((m, s) => {
      m.counter.updates = this.updates;
      const sink = m.ctx.sink;
      const stat = (row: number, k: number): number => u.statRows[(row * S + s) * Stat.Count + k];
      let meanClip = 0;
      let meanNorm = 0;
      for (let row = 0; row < u.steps; row++) {
        meanClip += stat(row, Stat.ClipFrac) / u.steps;
        meanNorm += stat(row, Stat.GradNorm) / u.steps;
      }
      const last = u.steps - 1;
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
      if (this.continuous) sink.scalar(POLICY_STD, mean(Array.from(m.mirror.jsLogStd, Math.exp)));
      sink.scalar(METRIC.envSteps, m.counter.envSteps);
      sink.scalar(METRIC.trainSteps, trainSteps);
      sink.scalar(METRIC.wallS, wallS);
      // Every seed advances by the same env steps in the swarm's wall time.
      sink.scalar(METRIC.sps, Math.floor(m.counter.envSteps / wallS));
    });
  }

  dispose(): void {
    this.engine.dispose();
  }
}

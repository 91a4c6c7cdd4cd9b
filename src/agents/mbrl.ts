// Model-based RL: PETS (Chua et al. 2018) as mbrl-lib's example runs it (facebookresearch/mbrl-lib,
// notebooks/pets_example.ipynb). Act randomly for `warmupSteps`; then, every step, plan: score
// action sequences by rolling them out through a learned ensemble of dynamics models (mbrl-model.ts)
// with the env's known reward (src/envs/planning.ts), improve them with CEM or random shooting
// (src/rl/trajectory-opt.ts), execute the first action, and start the next step's search from the
// rest of the plan (MPC). Retrain the model on all data after every episode (or every trainEvery steps).
//
// One iteration = up to ITERATION_STEPS env steps, ending early at an episode end, where the
// episode's diagnostics are reported and the model retrained. Each bug the catalogue gives `mbrl` is
// a flag checked inline, marked `// BUG <id>:` (three of them in mbrl-model.ts, where they break).
//
// Diagnostics (DIAGNOSTICS.md §3, model metrics), all from real model outputs:
//   model/train_loss, model/val_loss            per training, mean over members and per member (/m0 …)
//   model/one_step_error, model/multistep_error  open-loop error of the ensemble mean on the transitions
//                                                collected since the last training (before training on them),
//                                                in units of the state's std, squared; multistep per k (/k1 …)
//                                                as scalars, the base key at k = H
//   model/ensemble_disagreement                  std across members along the chosen plan (episode mean)
//   planner/predicted_return, planner/realised_return   the chosen plan's imagined H-step return vs the
//                                                return the env then paid over those H steps (episode means)
//   planner/candidate_return_std                 spread of the first generation's imagined returns
//   time/plan_ms                                 ms per planning step (episode mean)
//   time/phase_ms/{plan,model_train,env,diagnostics}   the phase chart: ms per planning step and per model
//                                                training beside the episode's env and diagnostics totals
// While the UI shows the imagination view (ctx.imagination.on), every planning step is also recorded
// for it (src/diagnostics/imagination.ts) and handed over with the env step its action took.

import * as tf from '@tensorflow/tfjs';
import { bugFlags, type BugFlags } from '../bugs/catalog.ts';
import type { MbrlConfig } from '../config/mbrl-config.ts';
import { ImaginationRecorder, NO_ERRORS, sortErrors, type ImaginationFrame, type SortedErrors } from '../diagnostics/imagination.ts';
import { AGENT_METRIC, layerKey, METRIC, phaseKey } from '../diagnostics/metric-keys.ts';
import { planningSpec, type PlanningSpec } from '../envs/planning.ts';
import { makeFastRng, type Xoshiro128 } from '../envs/rng.ts';
import type { BoxSpace } from '../envs/types.ts';
import { VectorEnv } from '../envs/vector-env.ts';
import { TrajectoryOptimizer } from '../rl/trajectory-opt.ts';
import { kernelsAvailable } from './js-mlp.ts';
import { forwardMacs, rowsPerCall, useJsForward } from './mbrl-forward.ts';
import { DynamicsModel } from './mbrl-model.ts';
import { Imagination } from './mbrl-planner.ts';
import type { Agent, AgentContext } from './types.ts';

/** Env steps one iterate() takes at most, so the worker can flush and pause between plans. */
const ITERATION_STEPS = 10;
/** horizon_too_long: the horizon is multiplied by this. */
const HORIZON_TOO_LONG_FACTOR = 4;
/** horizon_too_short: the planner looks this many steps ahead. */
const SHORT_HORIZON = 1;
/** Imagination view: candidates kept per CEM generation, points of the sorted one-step errors. */
const IMAGINED_CANDIDATES = 64;
const ERROR_POINTS = 256;

/** k values of model/multistep_error/k{k}: every step up to 5, then a sparser grid, and H itself. */
export function multistepKs(horizon: number): number[] {
  const grid = [1, 2, 3, 4, 5, 7, 10, 15, 20, 30, 45, 60, 90, 120, 200];
  return [...new Set([...grid.filter((k) => k < horizon), horizon])];
}

/** The predicted return of one planning step, waiting for the H rewards that realise it. */
interface PendingPlan {
  predicted: number;
  realised: number;
  steps: number;
  discount: number;
}

export class MbrlAgent implements Agent {
  readonly vecEnv: VectorEnv;
  readonly config: MbrlConfig;
  readonly bugs: BugFlags<'mbrl'>;
  readonly model: DynamicsModel;
  envSteps = 0;
  updates = 0;
  gradientSteps = 0;

  // Derived sizes, computed once.
  readonly horizon: number;
  readonly members: number;
  private readonly spec: PlanningSpec;
  private readonly actDim: number;
  private readonly envLow: Float32Array;
  private readonly envHigh: Float32Array;

  private readonly imagination: Imagination;
  private readonly optimizer: TrajectoryOptimizer;
  private readonly planRng: Xoshiro128;
  private readonly dataRng: Xoshiro128;
  private readonly trainRng: Xoshiro128;
  private readonly ctx: AgentContext;

  // The current step.
  private readonly state: Float64Array;
  private readonly nextState: Float64Array;
  private readonly action: Float32Array;
  // Real trajectories since the last training (for the fresh one-step / multi-step errors).
  private segments: { states: number[]; actions: number[] }[] = [];
  private segment: { states: number[]; actions: number[] };
  private lastTrainStep = 0;
  private pending: PendingPlan[] = [];
  // Per-episode accumulators, reported at its end.
  private ep = { planMs: 0, plans: 0, disagreement: 0, candidateStd: 0, predicted: 0, realised: 0, realisedCount: 0 };
  private phaseMs = { env: 0, diagnostics: 0 };
  // The imagination view's record of the last planning step (null: none, or the view is off).
  private readonly recorder = new ImaginationRecorder(IMAGINED_CANDIDATES);
  private imagined: ImaginationFrame | null = null;
  private errorProfile: SortedErrors = NO_ERRORS;
  private startTime: number | null = null;

  constructor(ctx: AgentContext, config: MbrlConfig) {
    this.ctx = ctx;
    this.config = config;
    this.bugs = bugFlags('mbrl', ctx.config.bugs);
    const spec = planningSpec(ctx.config.env);
    if (spec === null) throw new Error(`mbrl: no closed-form reward for ${ctx.config.env} (continuous envs: Pendulum-v1, MountainCarContinuous-v0, CartPoleContinuous-v0)`);
    this.spec = spec;
    this.vecEnv = new VectorEnv(ctx.config.env, 1);
    const space = this.vecEnv.actionSpace as BoxSpace;
    this.actDim = space.shape[0];
    this.envLow = space.low;
    this.envHigh = space.high;
    const seed = ctx.config.seed;
    const initRng = makeFastRng(seed + 1_000_003);
    this.planRng = makeFastRng(seed + 2_000_003);
    this.dataRng = makeFastRng(seed + 3_000_003);
    this.trainRng = makeFastRng(seed + 4_000_003);

    // BUG horizon_too_short: the planner sees one step ahead, where every candidate scores about the same.
    // BUG horizon_too_long: four times the horizon, where the model's compounding error dominates the scores.
    this.horizon = this.bugs.horizon_too_short ? SHORT_HORIZON : this.bugs.horizon_too_long ? HORIZON_TOO_LONG_FACTOR * config.horizon : config.horizon;
    // BUG no_model_ensemble: a single model, so nothing measures what it does not know.
    this.members = this.bugs.no_model_ensemble ? 1 : config.ensembleSize;

    this.model = new DynamicsModel(
      {
        stateDim: spec.stateDim,
        actDim: this.actDim,
        angleDims: spec.angleDims,
        members: this.members,
        hiddenSizes: config.hiddenSizes,
        activation: config.activation,
        gaussian: config.modelLoss === 'gaussian_nll',
        // auto: the wasm SIMD kernel, except on wasm for calls big enough that tfjs is faster (mbrl-forward.ts).
        jsForward: (sizes) =>
          useJsForward(config.forward, { backend: tf.getBackend(), kernels: kernelsAvailable(), macsPerCall: forwardMacs(sizes, rowsPerCall(config.population, config.particles, this.members, config.propagation)) }),
        bugs: this.bugs,
      },
      initRng,
    );
    this.imagination = new Imagination(this.model, spec, { horizon: this.horizon, particles: config.particles, propagation: config.propagation, sampleNoise: config.sampleNoise, gamma: config.gamma }, this.planRng);
    const limit = config.actionLimit ?? Infinity;
    this.optimizer = new TrajectoryOptimizer({
      horizon: this.horizon,
      actDim: this.actDim,
      low: Array.from(this.envLow, (lo) => Math.max(lo, -limit)),
      high: Array.from(this.envHigh, (hi) => Math.min(hi, limit)),
      population: config.population,
      elites: Math.min(config.population, Math.max(1, Math.ceil(config.population * config.eliteRatio))),
      iterations: config.cemIterations,
      alpha: config.cemAlpha,
      initialVariance: config.initialVariance,
      returnMeanElites: config.returnMeanElites,
    });

    this.state = new Float64Array(spec.stateDim);
    this.nextState = new Float64Array(spec.stateDim);
    this.action = new Float32Array(this.actDim);
    const obs = this.vecEnv.reset(seed);
    spec.stateFromObs(obs, 0, this.state);
    this.segment = { states: Array.from(this.state), actions: [] };
  }

  metricKeys(): string[] {
    const ks = multistepKs(this.horizon);
    const perMember = (base: string): string[] => [base, ...Array.from({ length: this.members }, (_, k) => layerKey(base, `m${k}`))];
    return [
      METRIC.episodicReturn,
      METRIC.episodicLength,
      METRIC.sps,
      METRIC.envSteps,
      METRIC.wallS,
      METRIC.trainSteps,
      METRIC.numTensors,
      ...perMember(AGENT_METRIC.modelTrainLoss),
      ...perMember(AGENT_METRIC.modelValLoss),
      AGENT_METRIC.modelOneStepError,
      AGENT_METRIC.modelMultistepError,
      ...ks.map((k) => layerKey(AGENT_METRIC.modelMultistepError, `k${k}`)),
      AGENT_METRIC.modelEnsembleDisagreement,
      AGENT_METRIC.plannerPredictedReturn,
      AGENT_METRIC.plannerRealisedReturn,
      AGENT_METRIC.plannerCandidateReturnStd,
      AGENT_METRIC.planMs,
      ...(['plan', 'model_train', 'env', 'diagnostics'] as const).map(phaseKey),
    ];
  }

  /** One planning step from the current state (CEM or random shooting through the model): sets the action to take; returns its ms. */
  planStep(): number {
    const recording = this.ctx.imagination?.on === true;
    const component = this.spec.shownComponent;
    const t0 = performance.now();
    const s = this.state;
    this.imagination.beginPlan();
    this.imagination.recordComponent = recording ? component : null;
    if (recording) this.recorder.begin(this.horizon, component);
    const elites = this.optimizer.opts.elites;
    const evaluate = (pop: Float64Array, n: number, values: Float64Array): void => {
      this.imagination.evaluate(s, pop, n, values);
      if (recording) this.recorder.generation(this.imagination.recordedPaths, values, n, elites);
    };
    const result = this.config.planner === 'cem' ? this.optimizer.cem(evaluate, this.planRng) : this.optimizer.randomShooting(evaluate, this.planRng);
    for (let a = 0; a < this.actDim; a++) this.action[a] = result.plan[a];
    const t1 = performance.now();
    const planPath = recording ? { component, out: new Float64Array(this.horizon + 1) } : undefined;
    const { predictedReturn, disagreement } = this.imagination.planDiagnostics(s, result.plan, planPath);
    this.pending.push({ predicted: predictedReturn, realised: 0, steps: 0, discount: 1 });
    this.imagined = planPath ? this.imaginedFrame(planPath.out) : null;
    const t2 = performance.now();
    this.ep.planMs += t1 - t0;
    this.ep.plans++;
    this.ep.disagreement += disagreement;
    this.ep.candidateStd += this.imagination.firstGenerationStd;
    this.phaseMs.diagnostics += t2 - t1;
    return t1 - t0;
  }

  /** The imagination view's frame: the recorded generations and plan, and the model's open-loop prediction of the last executed actions. */
  private imaginedFrame(plan: Float64Array): ImaginationFrame {
    const D = this.spec.stateDim;
    const c = this.spec.shownComponent;
    const { states, actions } = this.segment;
    const T = actions.length / this.actDim;
    const W = Math.min(this.horizon, T);
    const predicted = new Float64Array(W + 1);
    const s0 = states.slice((T - W) * D, (T - W + 1) * D);
    if (W > 0) this.imagination.openLoopPath(s0, actions.slice((T - W) * this.actDim), W, c, predicted);
    else predicted[0] = s0[c];
    const actual = Array.from({ length: W + 1 }, (_, t) => states[(T - W + t) * D + c]);
    return this.recorder.finish(plan, predicted, actual, this.errorProfile);
  }

  /** The action the agent takes next (after planStep, the plan's first action). */
  get nextAction(): Float32Array {
    return this.action;
  }

  private randomAction(): void {
    for (let a = 0; a < this.actDim; a++) this.action[a] = this.planRng.uniform(this.envLow[a], this.envHigh[a]);
  }

  async iterate(): Promise<void> {
    this.startTime ??= performance.now();
    const { config } = this;
    for (let i = 0; i < ITERATION_STEPS; i++) {
      if (this.updates === 0 || this.envSteps < config.warmupSteps) this.randomAction();
      else this.planStep();

      const t0 = performance.now();
      const r = this.vecEnv.step(this.action);
      this.envSteps++;
      const ended = r.terminated[0] === 1 || r.truncated[0] === 1;
      this.spec.stateFromObs(ended ? r.finalObs[0]! : r.obs, 0, this.nextState);
      this.model.add(this.state, this.action, this.nextState, config.validationRatio, this.dataRng);
      this.segment.actions.push(...this.action);
      this.segment.states.push(...this.nextState);
      this.realise(r.rewards[0], r.terminated[0] === 1, r.truncated[0] === 1);
      this.phaseMs.env += performance.now() - t0;
      this.ctx.onEnvStep?.(this.vecEnv, this.action, this.imagined);
      this.imagined = null;

      this.spec.stateFromObs(r.obs, 0, this.state);
      if (ended) {
        this.ctx.sink.at(this.envSteps, this.updates);
        for (const e of r.episodes) this.ctx.sink.episode(e);
        this.reportEpisode();
        this.optimizer.reset();
        this.closeSegment();
      }
      const warmupDone = this.envSteps === config.warmupSteps;
      const due = config.trainEvery === null ? ended || warmupDone : this.envSteps - this.lastTrainStep >= config.trainEvery;
      if (due && this.envSteps >= config.warmupSteps) this.train();
      if (ended) break;
    }
  }

  /** End the current real trajectory (episode end, or a training mid-episode); the next starts at this.state. */
  private closeSegment(): void {
    if (this.segment.actions.length > 0) this.segments.push(this.segment);
    this.segment = { states: Array.from(this.state), actions: [] };
  }

  /** Add this step's reward to the plans still waiting for theirs; a plan is realised after H rewards or at a termination. */
  private realise(reward: number, terminated: boolean, truncated: boolean): void {
    const keep: PendingPlan[] = [];
    for (const p of this.pending) {
      p.realised += p.discount * reward;
      p.discount *= this.config.gamma;
      p.steps++;
      if (p.steps >= this.horizon || terminated) {
        this.ep.predicted += p.predicted;
        this.ep.realised += p.realised;
        this.ep.realisedCount++;
      } else if (!truncated) keep.push(p);
    }
    // A time-limit cut leaves the unfinished plans unrealised: they are dropped.
    this.pending = keep;
  }

  /** Episode-level diagnostics, at the episode's end. */
  private reportEpisode(): void {
    const { sink } = this.ctx;
    const ep = this.ep;
    if (ep.plans > 0) {
      sink.scalar(AGENT_METRIC.planMs, ep.planMs / ep.plans);
      sink.scalar(phaseKey('plan'), ep.planMs / ep.plans);
      sink.scalar(AGENT_METRIC.modelEnsembleDisagreement, ep.disagreement / ep.plans);
      sink.scalar(AGENT_METRIC.plannerCandidateReturnStd, ep.candidateStd / ep.plans);
    }
    if (ep.realisedCount > 0) {
      sink.scalar(AGENT_METRIC.plannerPredictedReturn, ep.predicted / ep.realisedCount);
      sink.scalar(AGENT_METRIC.plannerRealisedReturn, ep.realised / ep.realisedCount);
    }
    const wallS = (performance.now() - this.startTime!) / 1000;
    sink.scalar(METRIC.envSteps, this.envSteps);
    sink.scalar(METRIC.wallS, wallS);
    sink.scalar(METRIC.sps, Math.floor(this.envSteps / wallS));
    for (const phase of ['env', 'diagnostics'] as const) sink.scalar(phaseKey(phase), this.phaseMs[phase]);
    this.ep = { planMs: 0, plans: 0, disagreement: 0, candidateStd: 0, predicted: 0, realised: 0, realisedCount: 0 };
    this.phaseMs = { env: 0, diagnostics: 0 };
  }

  /** Errors on the fresh transitions (model not yet trained on them), then train on all data. */
  private train(): void {
    const { sink } = this.ctx;
    const { config } = this;
    this.closeSegment();
    sink.at(this.envSteps, this.updates);
    if (this.updates > 0) this.reportFreshErrors();
    this.segments = [];

    const t0 = performance.now();
    const result = this.model.train(
      { epochs: config.epochs, batchSize: config.batchSize, learningRate: config.learningRate, weightDecay: config.weightDecay, bootstrap: config.bootstrap },
      this.trainRng,
    );
    const trainMs = performance.now() - t0;
    this.updates++;
    this.gradientSteps += result.gradientSteps;
    this.lastTrainStep = this.envSteps;
    sink.at(this.envSteps, this.updates);
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    sink.scalar(AGENT_METRIC.modelTrainLoss, mean(result.trainLoss));
    result.trainLoss.forEach((l, k) => sink.scalar(layerKey(AGENT_METRIC.modelTrainLoss, `m${k}`), l));
    if (result.valLoss !== null) {
      sink.scalar(AGENT_METRIC.modelValLoss, mean(result.valLoss));
      result.valLoss.forEach((l, k) => sink.scalar(layerKey(AGENT_METRIC.modelValLoss, `m${k}`), l));
    }
    sink.scalar(METRIC.trainSteps, this.gradientSteps);
    sink.scalar(phaseKey('model_train'), trainMs);
    sink.scalar(METRIC.numTensors, tf.memory().numTensors);
  }

  /** model/one_step_error and model/multistep_error on the real trajectories since the last training. */
  private reportFreshErrors(): void {
    const t0 = performance.now();
    const D = this.spec.stateDim;
    const ks = multistepKs(this.horizon);
    const maxK = ks[ks.length - 1];
    const sums = new Float64Array(maxK);
    const counts = new Float64Array(maxK);
    const c = this.spec.shownComponent;
    const errorAt: number[] = [];
    const errors: number[] = [];
    for (const s of this.segments) {
      const T = s.actions.length / this.actDim;
      if (T === 0 || s.states.length !== (T + 1) * D) continue;
      this.imagination.openLoopErrors(s.states, s.actions, T, Math.min(maxK, T), sums, counts, (start, error) => {
        errorAt.push(s.states[start * D + c]);
        errors.push(error);
      });
    }
    this.errorProfile = sortErrors(errorAt, errors, ERROR_POINTS);
    const { sink } = this.ctx;
    if (counts[0] > 0) sink.scalar(AGENT_METRIC.modelOneStepError, sums[0] / counts[0]);
    for (const k of ks) {
      if (counts[k - 1] === 0) continue;
      sink.scalar(layerKey(AGENT_METRIC.modelMultistepError, `k${k}`), sums[k - 1] / counts[k - 1]);
      if (k === this.horizon) sink.scalar(AGENT_METRIC.modelMultistepError, sums[k - 1] / counts[k - 1]);
    }
    this.phaseMs.diagnostics += performance.now() - t0;
  }

  dispose(): void {
    this.model.dispose();
  }
}

// What the on-policy agents (PPO, VPG, A2C) share, as plain functions on plain data: the action space's
// sizes, the actor-critic networks with their plain-JS mirror, observation and reward normalisation,
// sampling, time-major rollout storage and its collection loop, and the one read-back per update (the
// metrics they all report are in on-policy-report.ts). Each agent keeps its targets, its loss, its
// update and its bug checks.
//
// Shapes: observations [rows × D]; policy heads [rows × A] (logits, or Gaussian means with A = action
// dims); stored actions [rows × dim] with dim 1 (discrete index) or A. Rollouts are time-major [T × N]:
// element (t, e) at t·N + e, as CleanRL's and SB3's buffers.

import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../config/run-config.ts';
import { makeFastRng, type Xoshiro128 } from '../envs/rng.ts';
import type { EpisodeStats, Space } from '../envs/types.ts';
import { VectorEnv } from '../envs/vector-env.ts';
import { ObsNormalizer, ReturnNormalizer } from '../rl/running-stats.ts';
import { flattenVariables, JsMlp, Mlp, variableFrom, type Activation } from './nets.ts';
import { categoricalLogProb, gaussianLogProb, jsLogProbs, sampleCategorical, softmaxRows } from './policy-dist.ts';
import { EpisodeReturnTracker } from './return-tracker.ts';
import type { AgentContext } from './types.ts';

/** lr_too_high: the learning rate is multiplied by this. */
export const LR_TOO_HIGH_FACTOR = 30;

/** Entropy coefficient of the `entropy_coef_too_high` bug: 50 × the preset's, or 0.5 (= 50 × CleanRL's 0.01) when the preset's is 0 (continuous CleanRL, SB3's A2C). */
export function buggyEntropyCoef(entCoef: number): number {
  return Math.max(50 * entCoef, 0.5);
}

// ---------------------------------------------------------------------------------------------
// Sizes.

export interface ActionSpec {
  discrete: boolean;
  /** Discrete: number of actions; continuous: action dimensions. */
  size: number;
  /** Numbers stored per action: 1 (discrete index) or size. */
  dim: number;
  /** Continuous: the bounds gym.wrappers.ClipAction clips to. */
  low: Float32Array | null;
  high: Float32Array | null;
}

export function actionSpec(space: Space): ActionSpec {
  if (space.kind === 'discrete') return { discrete: true, size: space.n, dim: 1, low: null, high: null };
  return { discrete: false, size: space.shape[0], dim: space.shape[0], low: space.low, high: space.high };
}

/** Updates over which a schedule anneals to 0 (CleanRL num_updates); null: no annealing. */
export function annealUpdates(annealSteps: number | null, batchSize: number): number | null {
  return annealSteps === null ? null : Math.max(1, Math.floor(annealSteps / batchSize));
}

/** CleanRL's frac = 1 − (update − 1)/num_updates, floored at 0; 1 without annealing. */
export function annealFraction(updates: number, over: number | null): number {
  return over === null ? 1 : Math.max(0, 1 - updates / over);
}

// ---------------------------------------------------------------------------------------------
// Networks: actor (policy head), optional critic, log σ for continuous actions, and their JS mirror.

type NetPart = 'actor' | 'critic' | 'logStd';

export interface ActorCritic {
  readonly actor: Mlp;
  /** null: VPG without a baseline. */
  readonly critic: Mlp | null;
  /** Continuous actions: the state-independent log σ [A] (CleanRL actor_logstd); discrete: null. */
  readonly logStd: tf.Variable<tf.Rank.R1> | null;
  /** Float64 copies of the weights for rollout inference, refreshed after every update. */
  readonly jsActor: JsMlp;
  readonly jsCritic: JsMlp | null;
  readonly jsLogStd: Float64Array;
  /** The order the parameters are flattened in: optimiser slots, read-back, JS mirror, histograms. */
  readonly order: readonly NetPart[];
}

/** The plain-JS mirror of an actor-critic: all that rollout collection reads (the seed swarm keeps only this per seed). */
export type JsMirror = Pick<WithCritic, 'jsActor' | 'jsCritic' | 'jsLogStd'>;

/** An ActorCritic with its critic (PPO, A2C). */
export interface WithCritic extends ActorCritic {
  readonly critic: Mlp;
  readonly jsCritic: JsMlp;
}

export interface ActorCriticSpec {
  hiddenSizes: readonly number[];
  activation: Activation;
  orthoInit: boolean;
  logStdInit: number;
  critic: boolean;
  order: readonly NetPart[];
}

/** Networks sized for `a`'s env. CleanRL Agent / SB3 ActorCriticPolicy: hidden gain √2, policy head 0.01, value head 1; the critic draws its init first. */
export function createActorCritic(a: Acting, spec: ActorCriticSpec & { critic: true }, rng: Xoshiro128): WithCritic;
export function createActorCritic(a: Acting, spec: ActorCriticSpec, rng: Xoshiro128): ActorCritic;
export function createActorCritic(a: Acting, spec: ActorCriticSpec, rng: Xoshiro128): ActorCritic {
  const { hiddenSizes, activation } = spec;
  const { space } = a;
  const obsDim = a.vecEnv.obsDim;
  const common = { activation, orthoInit: spec.orthoInit, hiddenGain: Math.SQRT2 };
  const critic = spec.critic ? new Mlp({ name: 'critic', sizes: [obsDim, ...hiddenSizes, 1], outputGain: 1, ...common }, rng) : null;
  const actor = new Mlp({ name: 'actor', sizes: [obsDim, ...hiddenSizes, space.size], outputGain: 0.01, ...common }, rng);
  const logStd = space.discrete ? null : variableFrom(tf.fill([space.size], spec.logStdInit) as tf.Tensor1D, 'actor/log_std');
  return {
    actor,
    critic,
    logStd,
    jsActor: new JsMlp(actor.sizes, activation),
    jsCritic: critic && new JsMlp(critic.sizes, activation),
    jsLogStd: new Float64Array(space.discrete ? 0 : space.size).fill(spec.logStdInit),
    order: spec.order,
  };
}

/** The networks, actor first. */
export function networks(nets: ActorCritic): Mlp[] {
  return nets.critic ? [nets.actor, nets.critic] : [nets.actor];
}

/** The trainable variables of `parts`, in that order. */
export function parameters(nets: ActorCritic, parts: readonly NetPart[] = nets.order): tf.Variable[] {
  return parts.flatMap((part) => {
    if (part === 'logStd') return nets.logStd ? [nets.logStd] : [];
    return (part === 'actor' ? nets.actor : nets.critic)?.variables ?? [];
  });
}

/** Copy flat weights (in `nets.order`) into the JS mirror; without `flat`, read them from the device. */
export function syncJsWeights(nets: ActorCritic, flat: ArrayLike<number> = tf.tidy(() => flattenVariables(parameters(nets)).dataSync())): void {
  let o = 0;
  for (const part of nets.order) {
    if (part === 'actor') o = nets.jsActor.load(flat, o);
    else if (part === 'critic') o = nets.jsCritic?.load(flat, o) ?? o;
    else for (let k = 0; k < nets.jsLogStd.length; k++) nets.jsLogStd[k] = flat[o++];
  }
}

/** Free the networks and the optimisers (absent ones skipped) that train them. */
export function disposeActorCritic(nets: ActorCritic, ...optimizers: ({ dispose(): void } | null | undefined)[]): void {
  for (const net of networks(nets)) net.dispose();
  nets.logStd?.dispose();
  for (const o of optimizers) o?.dispose();
}

/** Batch actions as the loss wants them: one-hot rows (discrete) or [rows × A] (continuous). */
export function actionTensor(space: ActionSpec, actions: Float32Array, rows: number): tf.Tensor2D {
  if (!space.discrete) return tf.tensor2d(actions.subarray(0, rows * space.size), [rows, space.size]);
  const oneHot = new Float32Array(rows * space.size);
  for (let i = 0; i < rows; i++) oneHot[i * space.size + actions[i]] = 1;
  return tf.tensor2d(oneHot, [rows, space.size]);
}

/**
 * Reads every part in one device transfer (one sync per update instead of one per tensor) and disposes
 * them (so each must own no intermediates: made in tf.tidy or kept from one). Each part comes back as a
 * view of the one buffer: a group of tensors as one contiguous run, null (or a group of nulls) as null.
 */
export async function readBack(parts: readonly (tf.Tensor | null | readonly (tf.Tensor | null)[])[]): Promise<(Float32Array | null)[]> {
  const groups = parts.map((p) => (p instanceof tf.Tensor ? [p] : (p ?? []).filter((t): t is tf.Tensor => t !== null)));
  const sizes = groups.map((g) => g.reduce((n, t) => n + t.size, 0));
  const tensors = groups.flat();
  const flat = tf.tidy(() => tf.concat(tensors.map((t) => tf.reshape(t, [-1]))));
  const data = (await flat.data()) as Float32Array;
  tf.dispose([flat, ...tensors]);
  const out: (Float32Array | null)[] = [];
  let o = 0;
  for (let i = 0; i < groups.length; i++) {
    out.push(groups[i].length === 0 ? null : data.subarray(o, o + sizes[i]));
    o += sizes[i];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Acting: the env, normalisers (Gymnasium NormalizeObservation / NormalizeReward semantics, shared by
// the sub-envs), the action generator and the scratch that collection and `predict` use.

export interface Acting {
  readonly vecEnv: VectorEnv;
  readonly space: ActionSpec;
  readonly obsNormalizer: ObsNormalizer | null;
  readonly returnNormalizer: ReturnNormalizer | null;
  readonly rng: Xoshiro128;
  readonly returnTracker: EpisodeReturnTracker;
  /** The normalised observation each sub-env acts on next [N × D]. */
  readonly nextObs: Float32Array;
  /** Scratch: the policy head [N × A] and values [N] of nextObs, the env's actions [N × dim], one observation and its value. */
  readonly head: Float64Array;
  readonly values: Float64Array;
  readonly envActions: Float32Array;
  readonly oneObs: Float32Array;
  readonly oneValue: Float64Array;
}

/** The config fields acting reads once, at construction. */
export interface ActingConfig {
  numEnvs: number;
  normalizeObs: boolean;
  normalizeReturns: boolean;
  returnNormWarmup: number;
  obsClip: number;
  gamma: number;
}

/**
 * Feed `steps` random-policy steps of a separate copy of the env (N sub-envs, own seed) through the
 * normaliser so its statistics start at the scale of real returns, then clear its running returns. Without
 * it (Gymnasium) the std starts near 0.005 and grows several-fold within the first rollout: rewards scaled
 * early, read back at the later scale, make value targets beyond what the env can pay.
 */
export function primeReturnNormalizer(norm: ReturnNormalizer, run: RunConfig, steps: number): ReturnNormalizer {
  if (steps <= 0) return norm;
  const vec = new VectorEnv(run.env, norm.numEnvs);
  const rng = makeFastRng(run.seed + 9_000_011);
  const space = vec.actionSpace;
  const actions = new Float32Array(norm.numEnvs * vec.actDim);
  vec.reset(run.seed + 9_000_011);
  for (let t = 0; t < steps; t += norm.numEnvs) {
    for (let k = 0; k < actions.length; k++) actions[k] = space.kind === 'discrete' ? rng.integers(space.n) : rng.uniform(space.low[k % vec.actDim], space.high[k % vec.actDim]);
    const res = vec.step(actions);
    norm.normalize(res.rewards, res.terminated, res.truncated);
  }
  norm.returns.fill(0);
  return norm;
}

/**
 * Make the run's vectorised env and start the game (sub-env i reset with seed + i). `build` says which
 * normalisers the config asks for that the agent's bugs let it build.
 */
export function createActing(run: RunConfig, c: ActingConfig, build: { obsNormalizer: boolean; returnNormalizer: boolean }): Acting {
  const vecEnv = new VectorEnv(run.env, c.numEnvs);
  const space = actionSpec(vecEnv.actionSpace);
  const N = c.numEnvs;
  const D = vecEnv.obsDim;
  const a: Acting = {
    vecEnv,
    space,
    obsNormalizer: c.normalizeObs && build.obsNormalizer ? new ObsNormalizer(D, 1e-8, c.obsClip) : null,
    returnNormalizer: c.normalizeReturns && build.returnNormalizer ? primeReturnNormalizer(new ReturnNormalizer(N, c.gamma), run, c.returnNormWarmup) : null,
    // Seeded generators: one per purpose, so a diagnostic toggle cannot shift another stream.
    rng: makeFastRng(run.seed + 1_000_003),
    returnTracker: new EpisodeReturnTracker(N, c.gamma),
    nextObs: new Float32Array(N * D),
    head: new Float64Array(N * space.size),
    values: new Float64Array(N),
    envActions: new Float32Array(N * space.dim),
    oneObs: new Float32Array(D),
    oneValue: new Float64Array(1),
  };
  normalizeObservations(a, vecEnv.reset(run.seed), a.nextObs);
  return a;
}

/** Observation normalisation (NormalizeObservation + clip), or a copy when off; `updateStats` false for looks that are not steps. */
export function normalizeObservations(a: Acting, raw: Float32Array, out: Float32Array, updateStats = true): void {
  if (a.obsNormalizer === null) {
    out.set(raw);
    return;
  }
  a.obsNormalizer.updateStats = updateStats;
  a.obsNormalizer.normalize(raw, out);
  a.obsNormalizer.updateStats = true;
}

/** Factor from the critic's units to return units (1 without return normalisation). */
export function returnScale(a: Acting): number {
  return a.returnNormalizer === null ? 1 : a.returnNormalizer.scale;
}

/** One vector step's rewards into out[offset…]: scaled (NormalizeReward) and clipped to ±clip, or as they are. */
export function scaleRewards(a: Acting, raw: Float64Array, terminated: Uint8Array, truncated: Uint8Array, clip: number | null, out: Float64Array, offset: number): void {
  if (a.returnNormalizer === null) {
    out.set(raw, offset);
    return;
  }
  const scaled = a.returnNormalizer.normalize(raw, terminated, truncated);
  for (let e = 0; e < scaled.length; e++) out[offset + e] = clip === null ? scaled[e] : Math.min(clip, Math.max(-clip, scaled[e]));
}

/** V(s) in the critic's units for one raw observation (the final one of a truncated episode), with the current normalisation. */
export function criticValueAt(a: Acting, nets: Pick<ActorCritic, 'jsCritic'>, rawObs: Float32Array): number {
  normalizeObservations(a, rawObs, a.oneObs, false);
  nets.jsCritic!.forward(a.oneObs, 1, a.oneValue);
  return a.oneValue[0];
}

/** V(s_T) of each sub-env's next observation: what a rollout's last step bootstraps from. */
export function nextValues(a: Acting, nets: Pick<ActorCritic, 'jsCritic'>): Float64Array {
  const out = new Float64Array(a.vecEnv.numEnvs);
  nets.jsCritic!.forward(a.nextObs, a.vecEnv.numEnvs, out);
  return out;
}

/**
 * Sample every sub-env's action from the head rows in a.head: the samples go to actions[(base + e)·dim …],
 * log π(a|s) to logProbs[base + e] when given, and the env's actions to a.envActions, clipped to the
 * box as gym.wrappers.ClipAction does (the buffer keeps the sample).
 */
export function sampleActions(a: Acting, nets: Pick<ActorCritic, 'jsLogStd'>, actions: Float32Array, base: number, logProbs: Float64Array | null): void {
  const { size: A, low, high } = a.space;
  const logStd = nets.jsLogStd;
  for (let e = 0; e < a.vecEnv.numEnvs; e++) {
    const i = base + e;
    if (a.space.discrete) {
      const action = sampleCategorical(a.head, e * A, A, a.rng);
      actions[i] = action;
      a.envActions[e] = action;
      if (logProbs) logProbs[i] = categoricalLogProb(a.head, e * A, A, action);
      continue;
    }
    for (let k = 0; k < A; k++) actions[i * A + k] = a.head[e * A + k] + Math.exp(logStd[k]) * a.rng.normal();
    if (logProbs) logProbs[i] = gaussianLogProb(a.head, e * A, logStd, actions, i * A);
    for (let k = 0; k < A; k++) a.envActions[e * A + k] = Math.min(high![k], Math.max(low![k], actions[i * A + k]));
  }
}

/**
 * The current policy and value at raw observations ([count × D]), through the JS mirror: action
 * probabilities (discrete) or Gaussian means (continuous), and V(s) in return units (NaN without a critic).
 */
export function predict(a: Acting, nets: ActorCritic, rawObs: ArrayLike<number>, count: number): { policy: Float64Array; values: Float64Array } {
  const obs = new Float32Array(count * a.vecEnv.obsDim);
  normalizeObservations(a, Float32Array.from(rawObs), obs, false);
  const head = new Float64Array(count * a.space.size);
  const values = new Float64Array(count).fill(NaN);
  nets.jsActor.forward(obs, count, head);
  if (nets.jsCritic) {
    nets.jsCritic.forward(obs, count, values);
    const scale = returnScale(a);
    for (let i = 0; i < count; i++) values[i] *= scale;
  }
  if (a.space.discrete) softmaxRows(head, count, a.space.size);
  return { policy: head, values };
}

/** log π_new(a|s) − log π_old(a|s) of `rows` stored samples, π_new from the JS mirror synced after the update. */
export function postUpdateLogRatios(nets: ActorCritic, obs: Float32Array, actions: Float32Array, oldLogProbs: Float64Array, rows: number): Float64Array {
  const out = new Float64Array(rows);
  const head = new Float64Array(rows * nets.jsActor.sizes[nets.jsActor.sizes.length - 1]);
  jsLogProbs(nets.jsActor, nets.logStd === null ? null : nets.jsLogStd, obs, actions, rows, head, out);
  for (let i = 0; i < rows; i++) out[i] -= oldLogProbs[i];
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rollout storage and collection (PPO, A2C): numSteps vector steps of every sub-env.

export interface Rollout {
  readonly numSteps: number;
  readonly numEnvs: number;
  readonly obs: Float32Array;
  readonly actions: Float32Array;
  /** log π(a|s) at sampling time; null when the agent recomputes π_old itself (PPO). */
  readonly logProbs: Float64Array | null;
  readonly rewards: Float64Array;
  readonly values: Float64Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  /** V(final obs) where an episode was truncated (and truncations bootstrap), else 0. */
  readonly truncationValues: Float64Array;
  /** All-zero done flags: what the targets see when the done flags are ignored (ignore_done). */
  readonly noFlags: Uint8Array;
}

export function createRollout(a: Acting, numSteps: number, withLogProbs: boolean): Rollout {
  const numEnvs = a.vecEnv.numEnvs;
  const B = numSteps * numEnvs;
  return {
    numSteps,
    numEnvs,
    obs: new Float32Array(B * a.vecEnv.obsDim),
    actions: new Float32Array(B * a.space.dim),
    logProbs: withLogProbs ? new Float64Array(B) : null,
    rewards: new Float64Array(B),
    values: new Float64Array(B),
    terminated: new Uint8Array(B),
    truncated: new Uint8Array(B),
    truncationValues: new Float64Array(B),
    noFlags: new Uint8Array(B),
  };
}

export type Timing = { env: number; inference: number; update: number; diagnostics: number };

export function newTiming(): Timing {
  return { env: 0, inference: 0, update: 0, diagnostics: 0 };
}

export interface CollectOptions {
  bootstrapTruncated: boolean;
  rewardClip: number | null;
  timing: Timing;
  /** Fill a.head and a.values for a.nextObs some other way than the JS mirror (PPO with jsInference off). */
  infer: (() => Promise<void>) | null;
}

/** Step every sub-env numSteps times with the current policy, filling the rollout; counts env steps on `agent`. */
export async function collectRollout(a: Acting, nets: JsMirror, r: Rollout, ctx: AgentContext, agent: { envSteps: number; readonly updates: number }, o: CollectOptions): Promise<void> {
  const N = r.numEnvs;
  const D = a.vecEnv.obsDim;
  for (let step = 0; step < r.numSteps; step++) {
    agent.envSteps += N;
    const base = step * N;
    r.obs.set(a.nextObs, base * D);

    // ALGO LOGIC: action logic — π(·|s) and V(s) for every sub-env, then sample.
    let t0 = performance.now();
    if (o.infer) await o.infer();
    else {
      nets.jsActor.forward(a.nextObs, N, a.head);
      nets.jsCritic.forward(a.nextObs, N, a.values);
    }
    r.values.set(a.values, base);
    sampleActions(a, nets, r.actions, base, r.logProbs);
    o.timing.inference += performance.now() - t0;

    // TRY NOT TO MODIFY: execute the game and log data.
    t0 = performance.now();
    const res = a.vecEnv.step(a.envActions);
    let finalValueMs = 0;
    for (let e = 0; e < N; e++) {
      const i = base + e;
      r.terminated[i] = res.terminated[e];
      r.truncated[i] = res.truncated[e];
      const finalObs = res.finalObs[e];
      r.truncationValues[i] = 0;
      if (res.truncated[e] && !res.terminated[e] && finalObs !== null && o.bootstrapTruncated) {
        const tv = performance.now();
        r.truncationValues[i] = criticValueAt(a, nets, finalObs);
        finalValueMs += performance.now() - tv;
      }
    }
    scaleRewards(a, res.rewards, res.terminated, res.truncated, o.rewardClip, r.rewards, base);
    const scale = returnScale(a);
    for (let e = 0; e < N; e++) {
      const i = base + e;
      const tail = o.bootstrapTruncated && res.truncated[e] && !res.terminated[e] ? r.truncationValues[i] * scale : 0;
      a.returnTracker.record(e, res.rewards[e], r.values[i] * scale, res.terminated[e] === 1 || res.truncated[e] === 1, tail);
    }
    normalizeObservations(a, res.obs, a.nextObs);
    o.timing.env += performance.now() - t0 - finalValueMs;
    o.timing.inference += finalValueMs;
    reportEpisodes(ctx, agent, a, res.episodes);
  }
}

/** Finished episodes to the sink at the current step, then the env-step hook (the worker's watched env). */
export function reportEpisodes(ctx: AgentContext, agent: { readonly envSteps: number; readonly updates: number }, a: Acting, episodes: readonly EpisodeStats[]): void {
  if (episodes.length > 0) {
    ctx.sink.at(agent.envSteps, agent.updates);
    for (const ep of episodes) ctx.sink.episode(ep);
  }
  ctx.onEnvStep?.(a.vecEnv, a.envActions);
}

// What the seed swarm's two update engines share (src/agents/ppo-swarm.ts builds the seeds and reports;
// ppo-swarm-tfjs.ts and ppo-swarm-js.ts update them, each as ppo.ts does on its compute path): one seed's
// state as the engines see it, the engine interface, and the statistics' layout.

import type { PpoConfig } from '../config/ppo-config.ts';
import type { Xoshiro128 } from '../envs/rng.ts';
import * as on from './on-policy.ts';
import type { Minibatch, RolloutBatch } from './ppo-batch.ts';

/** Statistics per minibatch step and seed, in ppo.ts's Stat order (and js-mlp-ppo.ts's JS_STAT_COUNT). */
export const SwarmStat = { PolicyLoss: 0, ValueLoss: 1, Entropy: 2, OldApproxKl: 3, ApproxKl: 4, ClipFrac: 5, GradNorm: 6, Count: 7 } as const;

/** One seed of the swarm as the update engines see it. */
export interface SwarmSeed {
  readonly acting: on.Acting;
  readonly mirror: on.JsMirror;
  readonly shuffleRng: Xoshiro128;
  /** This seed's minibatch (on the tfjs engine, its rows of the stacked one). */
  readonly mb: Minibatch;
  /** The rollout batch with its GAE targets (set before each update). */
  batch: RolloutBatch | null;
}

/** One update of every seed. */
export interface SwarmUpdate {
  /** [steps × S × SwarmStat.Count]: row (step · S + s) is seed s's statistics at that minibatch step. */
  statRows: Float32Array;
  /** Minibatch steps per seed. */
  steps: number;
  /** [S × M]: every seed's ratios at its first minibatch step (1 up to rounding). */
  firstRatios: Float32Array;
}

export interface SwarmEngine {
  /** The rollout's forward pass of seed s when it is not the JS mirror's (ppo.ts's `infer`), or null. */
  infer(s: number): (() => Promise<void>) | null;
  /** K epochs of minibatch Adam steps for every seed; leaves each seed's mirror at its new weights. */
  update(seeds: readonly SwarmSeed[], c: PpoConfig, lr: number, clipCoef: number): Promise<SwarmUpdate>;
  /** Adam steps taken (per seed). */
  readonly trainSteps: number;
  dispose(): void;
}

/** Seed s's mirror takes `flat` (actor, critic, log σ: ppo.ts's order). */
export function loadMirror(mirror: on.JsMirror, flat: ArrayLike<number>): void {
  let o = mirror.jsActor.load(flat, 0);
  o = mirror.jsCritic.load(flat, o);
  for (let k = 0; k < mirror.jsLogStd.length; k++) mirror.jsLogStd[k] = flat[o++];
}

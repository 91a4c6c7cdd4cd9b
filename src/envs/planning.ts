// What a model-based planner may know about an env in closed form (PETS and mbrl-lib give the planner
// the true reward and termination functions and learn only the dynamics): the physical state it reads
// from an observation, which of its components are angles, and the reward / termination of a
// transition, each the pure function beside the env's step (and tested equal to it).

import * as cartpoleContinuous from './cartpole-continuous.ts';
import * as mountainCarContinuous from './mountain-car-continuous.ts';
import * as pendulum from './pendulum.ts';
import type { EnvId } from './types.ts';

export interface PlanningSpec {
  /** Length of the physical state the model predicts. */
  readonly stateDim: number;
  /** Indices of the state components that are angles (radians, wrapped to (−π, π]). */
  readonly angleDims: readonly number[];
  /** The component the imagination view draws over the horizon (the pole's or pendulum's angle, the car's position). */
  readonly shownComponent: number;
  /** The physical state an observation shows, written into `out` (length stateDim). */
  stateFromObs(obs: ArrayLike<number>, offset: number, out: { [i: number]: number }): void;
  /** Reward of state →(action)→ nextState, as step() computes it. */
  reward(state: ArrayLike<number>, action: ArrayLike<number>, nextState: ArrayLike<number>): number;
  /** Whether reaching nextState ends the episode. */
  terminated(nextState: ArrayLike<number>): boolean;
}

function copyObs(dim: number): PlanningSpec['stateFromObs'] {
  return (obs, offset, out) => {
    for (let i = 0; i < dim; i++) out[i] = obs[offset + i];
  };
}

const SPECS: Partial<Record<EnvId, PlanningSpec>> = {
  // obs = [cos θ, sin θ, θ̇]; the state is [θ, θ̇] with θ = atan2(sin, cos) ∈ (−π, π] (the reward wraps θ anyway).
  'Pendulum-v1': {
    stateDim: 2,
    angleDims: [0],
    shownComponent: 0,
    stateFromObs: (obs, offset, out) => {
      out[0] = Math.atan2(obs[offset + 1], obs[offset]);
      out[1] = obs[offset + 2];
    },
    reward: pendulum.reward,
    terminated: pendulum.terminated,
  },
  // obs = state = [position, velocity].
  'MountainCarContinuous-v0': {
    stateDim: 2,
    angleDims: [],
    shownComponent: 0,
    stateFromObs: copyObs(2),
    reward: mountainCarContinuous.reward,
    terminated: mountainCarContinuous.terminated,
  },
  // obs = state = [x, ẋ, θ, θ̇]; θ ends the episode at ±12°, so it never wraps: fed raw, as mbrl-lib does.
  'CartPoleContinuous-v0': {
    stateDim: 4,
    angleDims: [],
    shownComponent: 2,
    stateFromObs: copyObs(4),
    reward: cartpoleContinuous.reward,
    terminated: cartpoleContinuous.terminated,
  },
};

/** The closed-form facts of a continuous env a planner can use, or null when there are none. */
export function planningSpec(id: EnvId): PlanningSpec | null {
  return SPECS[id] ?? null;
}

/** ((x + π) mod 2π) − π: the angle in [−π, π). */
export function wrapAngle(x: number): number {
  return pendulum.angleNormalize(x);
}

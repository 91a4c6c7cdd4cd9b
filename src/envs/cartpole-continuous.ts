// CartPoleContinuous-v0: mbrl-lib's mbrl/env/cartpole_continuous.py (facebookresearch/mbrl-lib), the
// env of its PETS example: CartPole-v1's dynamics with a continuous action a ∈ [−1, 1] applied as
// force = 10·a, reward 1 per step (the terminating step included), a 200-step limit (registry).
// As in mbrl-lib the action is not clipped, and the float32 action times 10.0 stays float32 under
// numpy's promotion rules (NEP 50), so the force is rounded to float32 before it meets float64 terms.
// Reset draws the same four uniforms as CartPole-v1 (np_random.uniform(−0.05, 0.05, size=(4,))).

import { VectorStateEnv, boxSpace } from './core.ts';
import { FORCE_MAG, THETA_THRESHOLD_RADIANS, X_THRESHOLD, cartPoleEuler, cartPoleTerminated } from './cartpole.ts';

/** State: [x, x_dot, theta, theta_dot]. */
export class CartPoleContinuous extends VectorStateEnv {
  readonly id = 'CartPoleContinuous-v0' as const;
  // mbrl-lib bounds the velocities with float32's max; Infinity is the same box for every float32 value.
  readonly observationSpace = boxSpace(
    [-X_THRESHOLD * 2, -Infinity, -THETA_THRESHOLD_RADIANS * 2, -Infinity],
    [X_THRESHOLD * 2, Infinity, THETA_THRESHOLD_RADIANS * 2, Infinity],
  );
  /** The push, as a fraction of 10 N: force = 10·a. */
  readonly actionSpace = boxSpace([-1], [1]);
  readonly obsDim = 4;

  protected readonly s = new Float64Array(4);

  protected resetState(options: Record<string, unknown> | undefined): void {
    this.resetUniform(options, -0.05, 0.05);
  }

  protected advance(action: number): number {
    cartPoleEuler(this.s, cartPoleForce(action), this.s);
    this.lastTerminated = cartPoleTerminated(this.s);
    return CARTPOLE_STEP_REWARD;
  }

  protected writeObs(out: Float32Array, offset: number): void {
    for (let i = 0; i < 4; i++) out[offset + i] = this.s[i];
  }
}

/** +1 for every step, the one that ends the episode included. */
const CARTPOLE_STEP_REWARD = 1.0;

/** force = action · force_mag, float32 (numpy: float32 array × Python float stays float32). */
function cartPoleForce(action: number): number {
  return Math.fround(Math.fround(action) * FORCE_MAG);
}

/** The reward step() returns for the transition state →(action)→ nextState: 1, whatever happens. */
export function reward(_state: ArrayLike<number>, _action: ArrayLike<number>, _nextState: ArrayLike<number>): number {
  return CARTPOLE_STEP_REWARD;
}

/** Whether step() ends the episode on reaching `nextState` (pole past 12°, cart past ±2.4). */
export function terminated(nextState: ArrayLike<number>): boolean {
  return cartPoleTerminated(nextState);
}

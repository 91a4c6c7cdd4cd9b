// CartPole-v1: gymnasium/envs/classic_control/cartpole.py (Gymnasium 1.x), euler integrator,
// sutton_barto_reward=False. The state is float64 throughout, as in the original; the same
// operations in the same order, so results agree with numpy to the last bit up to libm's cos/sin.

import { BaseEnv, boxSpace, checkState, discreteSpace, resetBounds } from './core.ts';
import { portableCos, portableSin } from './portable-math.ts';

const GRAVITY = 9.8;
const MASSCART = 1.0;
const MASSPOLE = 0.1;
const TOTAL_MASS = MASSPOLE + MASSCART;
/** Actually half the pole's length. */
const LENGTH = 0.5;
const POLEMASS_LENGTH = MASSPOLE * LENGTH;
export const FORCE_MAG = 10.0;
/** Seconds between state updates. */
const TAU = 0.02;
/** Angle at which the episode fails: 12 degrees. */
export const THETA_THRESHOLD_RADIANS = (12 * 2 * Math.PI) / 360;
export const X_THRESHOLD = 2.4;

/**
 * One Euler step of the cart-pole under `force` (N) from state [x, ẋ, θ, θ̇], written into `out`: the same
 * operations in the same order as cartpole.py's step. Shared by CartPole-v1 (force ±10) and
 * CartPoleContinuous-v0 (10·a). `out` may be `state` itself.
 */
export function cartPoleEuler(state: ArrayLike<number>, force: number, out: { [i: number]: number }): void {
  const x = state[0];
  const xDot = state[1];
  const theta = state[2];
  const thetaDot = state[3];
  // fdlibm's cos and sin, the same bits in every engine (portable-math.ts): Math's differ between Node and Chrome.
  const costheta = portableCos(theta);
  const sintheta = portableSin(theta);
  // https://coneural.org/florian/papers/05_cart_pole.pdf
  const temp = (force + POLEMASS_LENGTH * (thetaDot * thetaDot) * sintheta) / TOTAL_MASS;
  const thetaacc =
    (GRAVITY * sintheta - costheta * temp) /
    (LENGTH * (4.0 / 3.0 - (MASSPOLE * (costheta * costheta)) / TOTAL_MASS));
  const xacc = temp - (POLEMASS_LENGTH * thetaacc * costheta) / TOTAL_MASS;
  // euler
  out[0] = x + TAU * xDot;
  out[1] = xDot + TAU * xacc;
  out[2] = theta + TAU * thetaDot;
  out[3] = thetaDot + TAU * thetaacc;
}

/** The pole fell past 12° or the cart left the track (x beyond ±2.4). */
export function cartPoleTerminated(state: ArrayLike<number>): boolean {
  const x = state[0];
  const theta = state[2];
  return x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD_RADIANS || theta > THETA_THRESHOLD_RADIANS;
}

export class CartPole extends BaseEnv {
  readonly id = 'CartPole-v1' as const;
  // Angle limit 2× the failure angle so that the failing observation is still in bounds.
  readonly observationSpace = boxSpace(
    [-X_THRESHOLD * 2, -Infinity, -THETA_THRESHOLD_RADIANS * 2, -Infinity],
    [X_THRESHOLD * 2, Infinity, THETA_THRESHOLD_RADIANS * 2, Infinity],
  );
  readonly actionSpace = discreteSpace(2);
  readonly obsDim = 4;

  private x = 0;
  private xDot = 0;
  private theta = 0;
  private thetaDot = 0;
  private readonly scratch = new Float64Array(4);

  /** [x, x_dot, theta, theta_dot] */
  get state(): number[] {
    return [this.x, this.xDot, this.theta, this.thetaDot];
  }

  set state(values: number[]) {
    [this.x, this.xDot, this.theta, this.thetaDot] = checkState(this.id, values, 4);
  }

  protected resetState(options: Record<string, unknown> | undefined): void {
    const [low, high] = resetBounds(this.id, options, -0.05, 0.05);
    const rng = this.rng!;
    // np_random.uniform(low, high, size=(4,)): four draws in order.
    this.x = rng.uniform(low, high);
    this.xDot = rng.uniform(low, high);
    this.theta = rng.uniform(low, high);
    this.thetaDot = rng.uniform(low, high);
  }

  protected advance(action: number): number {
    const s = this.scratch;
    s[0] = this.x;
    s[1] = this.xDot;
    s[2] = this.theta;
    s[3] = this.thetaDot;
    cartPoleEuler(s, action === 1 ? FORCE_MAG : -FORCE_MAG, s);
    this.x = s[0];
    this.xDot = s[1];
    this.theta = s[2];
    this.thetaDot = s[3];
    this.lastTerminated = cartPoleTerminated(s);
    // +1 for every step, the terminating one included (stepping past it throws).
    return 1.0;
  }

  protected writeObs(out: Float32Array, offset: number): void {
    out[offset] = this.x;
    out[offset + 1] = this.xDot;
    out[offset + 2] = this.theta;
    out[offset + 3] = this.thetaDot;
  }
}

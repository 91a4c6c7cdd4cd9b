// Pendulum-v1: gymnasium/envs/classic_control/pendulum.py (Gymnasium 1.x), g = 10.
// The state is float64; the torque u is float32 (the action space's dtype), so numpy computes
// u**2, 0.001·u² and 3.0·u in float32 before they meet float64 terms (NEP 50).

import { BaseEnv, boxSpace, checkState, toNumber } from './core.ts';
import { MAX_SPEED, MAX_TORQUE } from './pendulum-limits.ts';

export { MAX_SPEED, MAX_TORQUE, PENDULUM_MAX_COST } from './pendulum-limits.ts';

const DT = 0.05;
const M = 1.0;
const L = 1.0;
const DEFAULT_X = Math.PI;
const DEFAULT_Y = 1.0;

const f32 = Math.fround;
const TORQUE_COST_F32 = f32(0.001);

export interface PendulumOptions {
  /** Gravity (m/s²); Gymnasium's default for Pendulum-v1 is 10. */
  g?: number;
}

export class Pendulum extends BaseEnv {
  readonly id = 'Pendulum-v1' as const;
  readonly observationSpace = boxSpace([-1, -1, -MAX_SPEED], [1, 1, MAX_SPEED]);
  /** Torque at the free end, clipped to [−2, 2]. */
  readonly actionSpace = boxSpace([-MAX_TORQUE], [MAX_TORQUE]);
  readonly obsDim = 3;
  readonly g: number;

  private theta = 0;
  private thetaDot = 0;
  /** The last torque applied (after clipping), NaN before the first step: for rendering. */
  lastTorque = NaN;

  constructor(options: PendulumOptions = {}) {
    super();
    this.g = options.g ?? 10.0;
    if (!Number.isFinite(this.g)) throw new Error(`Pendulum-v1: option g must be a finite number; got ${options.g}`);
  }

  /** [theta, theta_dot]; theta = 0 is upright. */
  get state(): number[] {
    return [this.theta, this.thetaDot];
  }

  set state(values: number[]) {
    [this.theta, this.thetaDot] = checkState(this.id, values, 2);
  }

  protected resetState(options: Record<string, unknown> | undefined): void {
    const x = options && 'x_init' in options ? toNumber(this.id, 'x_init', options.x_init) : DEFAULT_X;
    const y = options && 'y_init' in options ? toNumber(this.id, 'y_init', options.y_init) : DEFAULT_Y;
    // uniform(low=-high, high=high) element-wise: low + (high - low)·random()
    const rng = this.rng!;
    this.theta = rng.uniform(-x, x);
    this.thetaDot = rng.uniform(-y, y);
    this.lastTorque = NaN;
  }

  protected advance(action: number): number {
    const th = this.theta;
    const thdot = this.thetaDot;
    const g = this.g;
    const u = clipTorque(action);
    this.lastTorque = u;
    const costs = pendulumCost(th, thdot, u);
    let newthdot = thdot + (((3 * g) / (2 * L)) * Math.sin(th) + f32((3.0 / (M * (L * L))) * u)) * DT;
    newthdot = newthdot < -MAX_SPEED ? -MAX_SPEED : newthdot > MAX_SPEED ? MAX_SPEED : newthdot;
    const newth = th + newthdot * DT;
    this.theta = newth;
    this.thetaDot = newthdot;
    this.lastTerminated = false;
    return -costs;
  }

  protected writeObs(out: Float32Array, offset: number): void {
    out[offset] = Math.cos(this.theta);
    out[offset + 1] = Math.sin(this.theta);
    out[offset + 2] = this.thetaDot;
  }
}

/** u = np.clip(u, -max_torque, max_torque)[0]: still float32. */
function clipTorque(u: number): number {
  return u < -MAX_TORQUE ? -MAX_TORQUE : u > MAX_TORQUE ? MAX_TORQUE : u;
}

/** costs = angle_normalize(th)² + 0.1·thdot² + 0.001·u², with u (float32, clipped) squared in float32. */
function pendulumCost(th: number, thdot: number, u: number): number {
  const an = angleNormalize(th);
  return an * an + 0.1 * (thdot * thdot) + f32(TORQUE_COST_F32 * f32(u * u));
}

/**
 * The reward step() returns for the transition state →(action)→ nextState, state = [θ, θ̇]: the cost is
 * of the state the step starts from and of the (clipped, float32) torque; nextState does not enter.
 */
export function reward(state: ArrayLike<number>, action: ArrayLike<number>, _nextState: ArrayLike<number>): number {
  return -pendulumCost(state[0], state[1], clipTorque(f32(action[0])));
}

/** Pendulum never terminates (only the time limit ends an episode). */
export function terminated(_nextState: ArrayLike<number>): boolean {
  return false;
}

/** ((x + π) mod 2π) − π with numpy's floored modulo (the result takes the divisor's sign). */
export function angleNormalize(x: number): number {
  const b = 2 * Math.PI;
  let mod = (x + Math.PI) % b;
  if (mod !== 0) {
    if (mod < 0) mod += b;
  } else {
    mod = 0;
  }
  return mod - Math.PI;
}

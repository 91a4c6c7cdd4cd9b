// MountainCarContinuous-v0: gymnasium/envs/classic_control/continuous_mountain_car.py (Gymnasium 1.x).
//
// The original keeps its state as a float32 numpy array after the first step, and under numpy 2's
// promotion rules (NEP 50) an np.float32 combined with a Python float stays float32: the Python
// float is rounded to float32 first, comparisons included (np.float32(-1.2) == -1.2 is True).
// Reset, however, stores a float64 array, and a clipped action becomes a Python float. So each
// intermediate carries a flag saying whether numpy would hold it as float32, and Math.fround is
// applied exactly where numpy would round.

import { BaseEnv, boxSpace, checkState, resetBounds } from './core.ts';
import { MAX_POSITION, MAX_SPEED, MIN_POSITION } from './mountain-car.ts';

export { MAX_POSITION, MAX_SPEED, MIN_POSITION };

const MIN_ACTION = -1.0;
const MAX_ACTION = 1.0;
/** 0.45 (0.5 in MountainCar-v0), as in Arnaud de Broissia's version. */
export const GOAL_POSITION = 0.45;
const GOAL_VELOCITY = 0;
const POWER = 0.0015;

const f32 = Math.fround;
const POWER_F32 = f32(POWER);
const MAX_SPEED_F32 = f32(MAX_SPEED);
const MIN_POSITION_F32 = f32(MIN_POSITION);
const MAX_POSITION_F32 = f32(MAX_POSITION);
const GOAL_POSITION_F32 = f32(GOAL_POSITION);

export class MountainCarContinuous extends BaseEnv {
  readonly id = 'MountainCarContinuous-v0' as const;
  readonly observationSpace = boxSpace([MIN_POSITION, -MAX_SPEED], [MAX_POSITION, MAX_SPEED]);
  /** The force applied to the car, clipped to [−1, 1]; the reward penalises the unclipped action. */
  readonly actionSpace = boxSpace([MIN_ACTION], [MAX_ACTION]);
  readonly obsDim = 2;

  private position = 0;
  private velocity = 0;
  /** Whether numpy would hold the state as float32 (after a step) rather than float64 (after reset). */
  private stateIsFloat32 = false;

  /** [position, velocity] */
  get state(): number[] {
    return [this.position, this.velocity];
  }

  /** A state whose values are all float32 numbers is taken as the float32 array a step leaves. */
  set state(values: number[]) {
    const [position, velocity] = checkState(this.id, values, 2);
    this.position = position;
    this.velocity = velocity;
    this.stateIsFloat32 = f32(position) === position && f32(velocity) === velocity;
  }

  protected resetState(options: Record<string, unknown> | undefined): void {
    const [low, high] = resetBounds(this.id, options, -0.6, -0.4);
    this.position = this.rng!.uniform(low, high);
    this.velocity = 0;
    this.stateIsFloat32 = false;
  }

  protected advance(action: number): number {
    let position = this.position;
    let velocity = this.velocity;
    let positionIsF32 = this.stateIsFloat32;
    let velocityIsF32 = this.stateIsFloat32;

    // force = min(max(action[0], min_action), max_action): Python's min/max return the
    // np.float32 action itself unless it is out of range, then the Python float bound.
    let force = action;
    let forceIsF32 = true;
    if (force < MIN_ACTION) {
      force = MIN_ACTION;
      forceIsF32 = false;
    }
    if (force > MAX_ACTION) {
      force = MAX_ACTION;
      forceIsF32 = false;
    }

    // velocity += force * power - 0.0025 * math.cos(3 * position)
    const gravityTerm = 0.0025 * Math.cos(positionIsF32 ? f32(3 * position) : 3 * position);
    const accel = forceIsF32 ? f32(f32(force * POWER_F32) - f32(gravityTerm)) : force * POWER - gravityTerm;
    if (velocityIsF32) velocity = f32(velocity + (forceIsF32 ? accel : f32(accel)));
    else velocity = velocity + accel;

    if (velocityIsF32 ? velocity > MAX_SPEED_F32 : velocity > MAX_SPEED) {
      velocity = MAX_SPEED;
      velocityIsF32 = false;
    }
    if (velocityIsF32 ? velocity < -MAX_SPEED_F32 : velocity < -MAX_SPEED) {
      velocity = -MAX_SPEED;
      velocityIsF32 = false;
    }

    if (positionIsF32) position = f32(position + (velocityIsF32 ? velocity : f32(velocity)));
    else position = position + velocity;

    if (positionIsF32 ? position > MAX_POSITION_F32 : position > MAX_POSITION) {
      position = MAX_POSITION;
      positionIsF32 = false;
    }
    if (positionIsF32 ? position < MIN_POSITION_F32 : position < MIN_POSITION) {
      position = MIN_POSITION;
      positionIsF32 = false;
    }
    if ((positionIsF32 ? position === MIN_POSITION_F32 : position === MIN_POSITION) && velocity < 0) velocity = 0;

    const terminated =
      (positionIsF32 ? position >= GOAL_POSITION_F32 : position >= GOAL_POSITION) && velocity >= GOAL_VELOCITY;
    this.lastTerminated = terminated;
    // reward -= math.pow(action[0], 2) * 0.1, on the unclipped action, in float64.
    const reward = (terminated ? 100.0 : 0) - action * action * 0.1;

    // self.state = np.array([position, velocity], dtype=np.float32)
    this.position = f32(position);
    this.velocity = f32(velocity);
    this.stateIsFloat32 = true;
    return reward;
  }

  protected writeObs(out: Float32Array, offset: number): void {
    out[offset] = this.position;
    out[offset + 1] = this.velocity;
  }
}

/**
 * Whether step() ends the episode on reaching `nextState` = [position, velocity]: at the flag with a
 * non-negative velocity. A step leaves a float32 state, so the comparison is float32's.
 */
export function terminated(nextState: ArrayLike<number>): boolean {
  return f32(nextState[0]) >= GOAL_POSITION_F32 && nextState[1] >= GOAL_VELOCITY;
}

/** The reward step() returns for state →(action)→ nextState: +100 on reaching the goal, −0.1·a² on the unclipped float32 action. */
export function reward(_state: ArrayLike<number>, action: ArrayLike<number>, nextState: ArrayLike<number>): number {
  const a = f32(action[0]);
  return (terminated(nextState) ? 100.0 : 0) - a * a * 0.1;
}

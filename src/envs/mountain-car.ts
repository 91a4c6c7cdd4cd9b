// MountainCar-v0: gymnasium/envs/classic_control/mountain_car.py (Gymnasium 1.x).
// The state is float64 throughout, as in the original.

import { BaseEnv, boxSpace, checkState, discreteSpace, resetBounds } from './core.ts';

export const MIN_POSITION = -1.2;
export const MAX_POSITION = 0.6;
export const MAX_SPEED = 0.07;
export const GOAL_POSITION = 0.5;
const GOAL_VELOCITY = 0;
const FORCE = 0.001;
const GRAVITY = 0.0025;

export class MountainCar extends BaseEnv {
  readonly id = 'MountainCar-v0' as const;
  readonly observationSpace = boxSpace([MIN_POSITION, -MAX_SPEED], [MAX_POSITION, MAX_SPEED]);
  /** 0: accelerate left, 1: don't accelerate, 2: accelerate right. */
  readonly actionSpace = discreteSpace(3);
  readonly obsDim = 2;

  private position = 0;
  private velocity = 0;

  /** [position, velocity] */
  get state(): number[] {
    return [this.position, this.velocity];
  }

  set state(values: number[]) {
    [this.position, this.velocity] = checkState(this.id, values, 2);
  }

  protected resetState(options: Record<string, unknown> | undefined): void {
    const [low, high] = resetBounds(this.id, options, -0.6, -0.4);
    this.position = this.rng!.uniform(low, high);
    this.velocity = 0;
  }

  protected advance(action: number): number {
    let { position, velocity } = this;
    velocity += (action - 1) * FORCE + Math.cos(3 * position) * -GRAVITY;
    velocity = clip(velocity, -MAX_SPEED, MAX_SPEED);
    position += velocity;
    position = clip(position, MIN_POSITION, MAX_POSITION);
    if (position === MIN_POSITION && velocity < 0) velocity = 0;
    this.lastTerminated = position >= GOAL_POSITION && velocity >= GOAL_VELOCITY;
    this.position = position;
    this.velocity = velocity;
    return -1.0;
  }

  protected writeObs(out: Float32Array, offset: number): void {
    out[offset] = this.position;
    out[offset + 1] = this.velocity;
  }
}

/** np.clip on a float64 scalar. */
function clip(x: number, low: number, high: number): number {
  return x < low ? low : x > high ? high : x;
}

// gymnasium.Wrapper: forwards everything to the wrapped env, so a wrapper (TimeLimit, FrameSkip)
// writes only what it changes: resetInto and stepInto, and the flags of its last step.

import { resetFresh, stepFresh, type FastEnv } from './core.ts';
import type { Action, ResetOptions, ResetResult, StepResult } from './types.ts';

export abstract class Wrapper implements FastEnv {
  lastTerminated = false;
  lastTruncated = false;

  constructor(readonly env: FastEnv) {}

  get id() {
    return this.env.id;
  }
  get observationSpace() {
    return this.env.observationSpace;
  }
  get actionSpace() {
    return this.env.actionSpace;
  }
  get obsDim(): number {
    return this.env.obsDim;
  }
  get actDim(): number {
    return this.env.actDim;
  }
  get unwrapped(): FastEnv {
    return this.env.unwrapped;
  }
  get state(): number[] {
    return this.env.state;
  }
  set state(values: number[]) {
    this.env.state = values;
  }

  observe(): Float32Array {
    return this.env.observe();
  }

  abstract resetInto(opts: ResetOptions | undefined, out: Float32Array, offset: number): void;
  abstract stepInto(action: Action, out: Float32Array, offset: number): number;

  /** Extra entries for StepResult.info. */
  protected stepInfo(): Record<string, unknown> {
    return {};
  }

  reset(opts?: ResetOptions): ResetResult {
    return resetFresh(this, opts);
  }

  step(action: Action): StepResult {
    return stepFresh(this, action, () => this.stepInfo());
  }
}

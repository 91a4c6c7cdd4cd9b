// TimeLimit wrapper (gymnasium/wrappers/common.py): truncated = True once the episode has run
// maxEpisodeSteps steps, counted from 0 at every reset. Stepping after the episode ended
// (terminated or truncated) without a reset throws.

import type { FastEnv } from './core.ts';
import type { Action, ResetOptions, ResetResult, StepResult } from './types.ts';

export class TimeLimit implements FastEnv {
  readonly env: FastEnv;
  readonly maxEpisodeSteps: number;
  /** Steps taken since the last reset. */
  elapsedSteps = 0;
  lastTerminated = false;
  lastTruncated = false;
  private needsReset = true;
  private endedBy = 'env has not been reset yet';

  constructor(env: FastEnv, maxEpisodeSteps: number) {
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) {
      throw new Error(`TimeLimit(${env.id}): maxEpisodeSteps must be a positive integer; got ${maxEpisodeSteps}`);
    }
    this.env = env;
    this.maxEpisodeSteps = maxEpisodeSteps;
  }

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

  resetInto(opts: ResetOptions | undefined, out: Float32Array, offset: number): void {
    this.env.resetInto(opts, out, offset);
    this.elapsedSteps = 0;
    this.needsReset = false;
    this.lastTerminated = false;
    this.lastTruncated = false;
  }

  stepInto(action: Action, out: Float32Array, offset: number): number {
    if (this.needsReset) {
      throw new Error(`${this.id}: step() called but the ${this.endedBy}; call reset() first`);
    }
    const reward = this.env.stepInto(action, out, offset);
    this.elapsedSteps++;
    this.lastTerminated = this.env.lastTerminated;
    this.lastTruncated = this.env.lastTruncated || this.elapsedSteps >= this.maxEpisodeSteps;
    if (this.lastTerminated || this.lastTruncated) {
      this.needsReset = true;
      this.endedBy = this.lastTerminated ? 'episode terminated' : `episode was truncated at the time limit (${this.maxEpisodeSteps} steps)`;
    }
    return reward;
  }

  reset(opts?: ResetOptions): ResetResult {
    const obs = new Float32Array(this.obsDim);
    this.resetInto(opts, obs, 0);
    return { obs, info: {} };
  }

  step(action: Action): StepResult {
    const obs = new Float32Array(this.obsDim);
    const reward = this.stepInto(action, obs, 0);
    return { obs, reward, terminated: this.lastTerminated, truncated: this.lastTruncated, info: {} };
  }
}

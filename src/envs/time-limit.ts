// TimeLimit wrapper (gymnasium/wrappers/common.py): truncated = True once the episode has run
// maxEpisodeSteps steps, counted from 0 at every reset. Stepping after the episode ended
// (terminated or truncated) without a reset throws.

import type { FastEnv } from './core.ts';
import type { Action, ResetOptions } from './types.ts';
import { Wrapper } from './wrapper.ts';

export class TimeLimit extends Wrapper {
  readonly maxEpisodeSteps: number;
  /** Steps taken since the last reset. */
  elapsedSteps = 0;
  private needsReset = true;
  private endedBy = 'env has not been reset yet';

  constructor(env: FastEnv, maxEpisodeSteps: number) {
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) {
      throw new Error(`TimeLimit(${env.id}): maxEpisodeSteps must be a positive integer; got ${maxEpisodeSteps}`);
    }
    super(env);
    this.maxEpisodeSteps = maxEpisodeSteps;
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
}

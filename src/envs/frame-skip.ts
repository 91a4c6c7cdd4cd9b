// Frame skip (action repeat), as Gymnasium's AtariPreprocessing(frame_skip=k) and SB3's MaxAndSkipEnv
// do it: each agent step applies the action for up to k frames of the wrapped env, stops early when the
// episode ends, and returns the rewards of those frames summed. `reward: 'last'` keeps only the last
// frame's reward instead (the catalogue's reward_not_summed_over_skip mistake); that choice is the
// agent's to make, this file only does what it is told.

import type { FastEnv } from './core.ts';
import type { Action, ResetOptions } from './types.ts';
import { Wrapper } from './wrapper.ts';

export type SkipReward = 'sum' | 'last';

export class FrameSkip extends Wrapper {
  readonly skip: number;
  readonly reward: SkipReward;
  /** Frames of the wrapped env the last step took (k, or fewer when the episode ended inside it). */
  lastFrames = 0;

  constructor(env: FastEnv, skip: number, reward: SkipReward = 'sum') {
    if (!Number.isInteger(skip) || skip < 1) throw new Error(`FrameSkip(${env.id}): skip must be a positive integer; got ${skip}`);
    super(env);
    this.skip = skip;
    this.reward = reward;
  }

  resetInto(opts: ResetOptions | undefined, out: Float32Array, offset: number): void {
    this.env.resetInto(opts, out, offset);
    this.lastTerminated = false;
    this.lastTruncated = false;
    this.lastFrames = 0;
  }

  stepInto(action: Action, out: Float32Array, offset: number): number {
    let total = 0;
    let frames = 0;
    for (let i = 0; i < this.skip; i++) {
      const r = this.env.stepInto(action, out, offset);
      frames++;
      total = this.reward === 'last' ? r : total + r;
      if (this.env.lastTerminated || this.env.lastTruncated) break;
    }
    this.lastFrames = frames;
    this.lastTerminated = this.env.lastTerminated;
    this.lastTruncated = this.env.lastTruncated;
    return total;
  }

  protected override stepInfo(): Record<string, unknown> {
    return { frames: this.lastFrames };
  }
}

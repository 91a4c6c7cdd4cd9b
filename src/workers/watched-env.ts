// The one sub-env the UI watches: what it looked like at each step ('watchable' records every step
// for playback at a human pace) or right now ('max' snapshots it when a flush goes out).

import type { ImaginationFrame } from '../diagnostics/imagination.ts';
import type { EnvId } from '../envs/types.ts';
import type { VectorEnv } from '../envs/vector-env.ts';
import type { RenderFrame } from './protocol.ts';

/** One step of the watched sub-env. */
export interface Snapshot {
  /**
   * The agent's env-step count at this step, and its update count including any update logged at this
   * step (an update runs after its rollout's last step and logs its metrics there: noteUpdates).
   */
  envSteps: number;
  updates: number;
  state: Float64Array;
  lastAction: number;
  episodeReturn: number;
  episodeLength: number;
  /** What the model-based agent imagined when it chose this step's action. */
  imagination?: ImaginationFrame;
}

export class WatchedEnv {
  /** Which sub-env of the VectorEnv. */
  index = 0;
  /** The action last applied to it (its first component for continuous actions), NaN before any. */
  lastAction = NaN;
  /** It stepped since the last frame was taken ('max'). */
  dirty = false;
  /** The latest imagination the agent handed over (for 'max' snapshots). */
  imagination: ImaginationFrame | undefined = undefined;
  /** Counts of the step last shown ('watchable'). */
  shownSteps = 0;
  shownUpdates = 0;
  private queue: Snapshot[] = [];
  private at = 0;

  reset(): void {
    this.lastAction = NaN;
    this.imagination = undefined;
    this.dirty = false;
    this.shownSteps = 0;
    this.shownUpdates = 0;
    this.clearQueue();
  }

  /** Called after every vector step; `keep` records the step for playback. */
  record(vecEnv: VectorEnv, actions: ArrayLike<number>, envSteps: number, updates: number, keep: boolean, imagination?: ImaginationFrame | null): void {
    const i = this.index;
    const k = i * vecEnv.actDim;
    this.lastAction = k < actions.length ? Number(actions[k]) : NaN;
    if (imagination) this.imagination = imagination;
    if (keep) this.queue.push(this.snapshotOf(vecEnv, envSteps, updates));
    else this.dirty = true;
  }

  /**
   * An update just ran, logging its metrics at env step `envSteps`: the recorded steps from there on
   * count it, so while playback shows that step the update counter and the update's chart points
   * (released by env step) agree.
   */
  noteUpdates(envSteps: number, updates: number): void {
    for (let j = this.queue.length - 1; j >= this.at && this.queue[j].envSteps >= envSteps; j--) {
      this.queue[j].updates = Math.max(this.queue[j].updates, updates);
    }
  }

  /** Recorded steps not shown yet. */
  get behind(): boolean {
    return this.at < this.queue.length;
  }

  /** The next recorded step to show (it becomes the shown one), or undefined when caught up. */
  next(): Snapshot | undefined {
    const snap = this.queue[this.at++];
    if (snap === undefined) {
      this.clearQueue();
      return undefined;
    }
    this.shownSteps = snap.envSteps;
    this.shownUpdates = snap.updates;
    if (this.at >= this.queue.length) this.clearQueue();
    return snap;
  }

  clearQueue(): void {
    this.queue = [];
    this.at = 0;
  }

  /** The watched sub-env as it is now (null before it has a state). */
  snapshot(vecEnv: VectorEnv, envSteps: number, updates: number): Snapshot | null {
    const state = vecEnv.envs[this.index]?.state;
    if (!state || state.length === 0) return null;
    return this.snapshotOf(vecEnv, envSteps, updates);
  }

  frame(envId: EnvId, s: Snapshot): RenderFrame {
    return {
      envId,
      envIndex: this.index,
      state: s.state,
      lastAction: s.lastAction,
      episodeReturn: s.episodeReturn,
      episodeLength: s.episodeLength,
      ...(s.imagination ? { imagination: s.imagination } : {}),
    };
  }

  private snapshotOf(vecEnv: VectorEnv, envSteps: number, updates: number): Snapshot {
    const i = this.index;
    return {
      envSteps,
      updates,
      state: Float64Array.from(vecEnv.envs[i].state),
      lastAction: this.lastAction,
      episodeReturn: vecEnv.episodeReturn(i),
      episodeLength: vecEnv.episodeLength(i),
      ...(this.imagination ? { imagination: this.imagination } : {}),
    };
  }
}

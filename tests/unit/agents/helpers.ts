// Shared test helpers: a sink that records everything, and run configs.

import type { MetricSink } from '../../../src/diagnostics/sink.ts';
import type { EpisodeStats } from '../../../src/envs/types.ts';

export interface Point {
  key: string;
  step: number;
  update: number;
  value: number;
}

export class RecordingSink implements MetricSink {
  step = 0;
  update = 0;
  readonly points: Point[] = [];
  readonly histograms: { key: string; step: number; values: number[] }[] = [];
  readonly episodes: EpisodeStats[] = [];

  at(envSteps: number, updates: number): void {
    this.step = envSteps;
    this.update = updates;
  }
  scalar(key: string, value: number): void {
    this.points.push({ key, step: this.step, update: this.update, value });
  }
  histogram(key: string, values: ArrayLike<number>): void {
    this.histograms.push({ key, step: this.step, values: Array.from(values) });
  }
  episode(ep: EpisodeStats): void {
    this.episodes.push({ ...ep });
    this.scalar('charts/episodic_return', ep.return);
    this.scalar('charts/episodic_length', ep.length);
  }
  series(key: string): number[] {
    return this.points.filter((p) => p.key === key).map((p) => p.value);
  }
}

export const NULL_SINK: MetricSink = { at() {}, scalar() {}, histogram() {}, episode() {} };

/** Keys that depend on wall time or on other tensors in the process, not on the run. */
export function isTimingKey(key: string): boolean {
  return key === 'charts/SPS' || key.startsWith('time/phase_ms/') || key === 'time/wall_s' || key === 'time/plan_ms' || key.startsWith('memory/');
}

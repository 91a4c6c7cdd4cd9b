// The worker's MetricSink: accumulates what the agent reports between flushes (scalars in growable
// columnar Float64Arrays per key, binned histogram snapshots, finished episodes) and drains it
// into the parts of a TrainerBatch whose typed arrays can be transferred, not copied.

import type { MetricSink } from '../diagnostics/sink.ts';
import type { EpisodeStats } from '../envs/types.ts';
import type { Alert, EpisodeEnd, HistogramSnapshot, ScalarChunk } from './protocol.ts';
import { DEFAULT_BINS, binValues } from '../diagnostics/histogram.ts';
import { NAN_ALLOWED_KEYS as NAN_ALLOWED, type HealthMonitor } from '../diagnostics/health.ts';

/** Keys whose NaN is a defined outcome rather than a numerical failure (explained variance of a constant return). */
export const NAN_ALLOWED_KEYS: ReadonlySet<string> = new Set(NAN_ALLOWED);

export interface NonFinite {
  key: string;
  update: number;
  step: number;
}

const INITIAL_CAPACITY = 64;

type Column = Float64Array<ArrayBuffer>;

/** One scalar series since the last drain: four parallel columns that double when full. */
class ScalarColumns {
  step: Column = new Float64Array(INITIAL_CAPACITY);
  update: Column = new Float64Array(INITIAL_CAPACITY);
  wall: Column = new Float64Array(INITIAL_CAPACITY);
  value: Column = new Float64Array(INITIAL_CAPACITY);
  length = 0;

  push(step: number, update: number, wall: number, value: number): void {
    if (this.length === this.value.length) this.grow();
    const i = this.length++;
    this.step[i] = step;
    this.update[i] = update;
    this.wall[i] = wall;
    this.value[i] = value;
  }

  private grow(): void {
    const cap = this.value.length * 2;
    const grown = (a: Column): Column => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    this.step = grown(this.step);
    this.update = grown(this.update);
    this.wall = grown(this.wall);
    this.value = grown(this.value);
  }

  /**
   * Copy out the points with step ≤ `limit` (fresh buffers, safe to transfer) and keep the rest for
   * a later drain. Steps never decrease within a series, so that is a prefix.
   */
  drain(key: string, transfer: ArrayBuffer[], limit: number): ScalarChunk | null {
    let n = 0;
    while (n < this.length && this.step[n] <= limit) n++;
    if (n === 0) return null;
    const step = this.step.slice(0, n);
    const update = this.update.slice(0, n);
    const wall = this.wall.slice(0, n);
    const value = this.value.slice(0, n);
    transfer.push(step.buffer, update.buffer, wall.buffer, value.buffer);
    const rest = this.length - n;
    if (rest > 0) {
      for (const col of [this.step, this.update, this.wall, this.value]) col.copyWithin(0, n, this.length);
    }
    this.length = rest;
    return { key, step, update, wall, value };
  }
}

export interface Drained {
  scalars: ScalarChunk[];
  histograms: HistogramSnapshot[];
  episodes: EpisodeEnd[];
  alerts: Alert[];
  /** The typed-array buffers of the above, for Comlink.transfer. */
  transfer: ArrayBuffer[];
}

export class BatchingSink implements MetricSink {
  private envSteps = 0;
  private updates = 0;
  private readonly series = new Map<string, ScalarColumns>();
  private histograms: HistogramSnapshot[] = [];
  private episodes: EpisodeEnd[] = [];
  private alerts: Alert[] = [];
  private nonFinite: NonFinite | null = null;
  /** Health checks fed with every scalar point (null: none). */
  monitor: HealthMonitor | null = null;
  /** Finished episodes since the last reset (all sub-envs), and how many of them were drained. */
  episodeCount = 0;
  releasedEpisodes = 0;

  /**
   * @param wallS seconds since the run started (the x of the `wall` column)
   * @param bins number of equal-width bins per histogram snapshot
   */
  constructor(
    private readonly wallS: () => number,
    private readonly bins = DEFAULT_BINS,
  ) {}

  at(envSteps: number, updates: number): void {
    this.envSteps = envSteps;
    this.updates = updates;
  }

  scalar(key: string, value: number): void {
    let col = this.series.get(key);
    if (!col) {
      col = new ScalarColumns();
      this.series.set(key, col);
    }
    col.push(this.envSteps, this.updates, this.wallS(), value);
    if (!Number.isFinite(value) && this.nonFinite === null && !(Number.isNaN(value) && NAN_ALLOWED_KEYS.has(key))) {
      this.nonFinite = { key, update: this.updates, step: this.envSteps };
    }
    if (this.monitor) for (const alert of this.monitor.push(key, this.envSteps, value)) this.alerts.push(alert);
  }

  histogram(key: string, values: ArrayLike<number>): void {
    const { min, max, counts, total } = binValues(values, this.bins);
    if (total === 0) return; // nothing finite to show (the non-finite scalars report that)
    this.histograms.push({ key, step: this.envSteps, update: this.updates, min, max, counts });
  }

  episode(ep: EpisodeStats): void {
    const end: EpisodeEnd = { ...ep, step: this.envSteps };
    this.episodes.push(end);
    this.episodeCount++;
    this.scalar('charts/episodic_return', ep.return);
    this.scalar('charts/episodic_length', ep.length);
  }

  /** The first non-finite scalar since the last call, if any (then cleared). */
  takeNonFinite(): NonFinite | null {
    const nf = this.nonFinite;
    this.nonFinite = null;
    return nf;
  }

  get pending(): boolean {
    if (this.histograms.length > 0 || this.episodes.length > 0 || this.alerts.length > 0) return true;
    for (const col of this.series.values()) if (col.length > 0) return true;
    return false;
  }

  /**
   * Everything recorded at env steps ≤ `limit` (default: everything). The worker passes the step the
   * watched env has been shown at in 'watchable' mode, so charts and counters keep pace with the canvas.
   */
  drain(limit = Infinity): Drained {
    const scalars: ScalarChunk[] = [];
    const transfer: ArrayBuffer[] = [];
    for (const [key, col] of this.series) {
      const chunk = col.drain(key, transfer, limit);
      if (chunk) scalars.push(chunk);
    }
    const histograms = takeUpTo(this.histograms, limit);
    for (const h of histograms) transfer.push(h.counts.buffer as ArrayBuffer);
    const episodes = takeUpTo(this.episodes, limit);
    this.releasedEpisodes += episodes.length;
    const alerts = takeUpTo(this.alerts, limit);
    return { scalars, histograms, episodes, alerts, transfer };
  }

  /** Forget everything (a new run). */
  reset(): void {
    this.series.clear();
    this.histograms = [];
    this.episodes = [];
    this.alerts = [];
    this.nonFinite = null;
    this.monitor?.reset();
    this.episodeCount = 0;
    this.releasedEpisodes = 0;
    this.envSteps = 0;
    this.updates = 0;
  }
}

/** Remove and return the leading items with step ≤ limit (items arrive in step order). */
function takeUpTo<T extends { step: number }>(items: T[], limit: number): T[] {
  let n = 0;
  while (n < items.length && items[n].step <= limit) n++;
  return items.splice(0, n);
}

// Everything the charts read, per run: columnar scalar series, histogram snapshots, episodes,
// alerts and a progress clock. Pure TS (no runes) so node tests can drive it; the reactive
// MetricStore in src/ui/state/metrics.svelte.ts holds one and adds a version counter.

import type { Alert, EpisodeEnd, HistogramSnapshot, TrainerBatch, TrainerError, TrainerStatus } from '../../workers/protocol.ts';
import { METRIC } from '../../diagnostics/metric-keys.ts';
import { Columns, MAX_SERIES_POINTS, ScalarSeries, interpolate, type XAxis } from './columns.ts';
import { EpisodeWindows } from './episode-windows.ts';
import { HistogramReservoir } from './histogram-reservoir.ts';

export const DEFAULT_RUN_ID = 'run';

const EPISODIC_RETURN = METRIC.episodicReturn;
const EPISODIC_LENGTH = METRIC.episodicLength;

/** At most this many snapshots per histogram key; older ones are thinned evenly (like TensorBoard's reservoir). */
export { MAX_HISTOGRAM_SNAPSHOTS } from './histogram-reservoir.ts';

export type EpisodeColumn = 'step' | 'return' | 'length' | 'solved' | 'envIndex';

export interface RunOptions {
  /** Legend text, e.g. "healthy" or "lr_too_high". */
  label?: string;
  /** Palette slot: 0 blue (healthy / first run), 1 vermillion (broken / second run), then orange, green, … */
  colorIndex?: number;
  /**
   * Seeds of one configuration share a group: charts draw the group as the median across its runs with
   * the spread around it, in the colour and under the name of its first run's group label.
   */
  group?: string;
}

/**
 * Finished episodes a run keeps for the return, length and solve-rate charts (5 columns of 8 bytes: 640 kB
 * at most). Without a bound a 1-step env (the probes) piled up 52 MB of episodes in two minutes. Past it the
 * older half is thinned to every other episode: the newest 8,192 stay consecutive (the last windows, the
 * chart's summary), and an older window of K kept episodes stands for 2K, 4K, … of them.
 */
export const MAX_CHART_EPISODES = 4 * MAX_SERIES_POINTS;

/** One training run's history. */
export class RunHistory {
  label: string;
  colorIndex: number;
  group: string | undefined;
  /** Left out of the charts (a legend chip switched off); its data stays. */
  hidden = false;
  readonly scalars = new Map<string, ScalarSeries>();
  readonly announced = new Set<string>();
  readonly histograms = new Map<string, HistogramSnapshot[]>();
  private readonly reservoirs = new Map<string, HistogramReservoir>();
  readonly episodes = new Columns<EpisodeColumn>(['step', 'return', 'length', 'solved', 'envIndex']);
  readonly alerts: Alert[] = [];
  readonly errors: TrainerError[] = [];
  /** (step, update, wall) at each flush: maps env steps to updates / wall time for episodes and alerts. */
  readonly clock = new Columns<XAxis>(['step', 'update', 'wall']);
  status: TrainerStatus | null = null;
  private windowCache = new Map<number, EpisodeWindows>();

  constructor(
    readonly id: string,
    opts: RunOptions,
    fallbackColor: number,
    /** Points each series holds before its older half is thinned (columns.ts MAX_SERIES_POINTS). */
    private readonly maxSeriesPoints = MAX_SERIES_POINTS,
  ) {
    this.label = opts.label ?? id;
    this.colorIndex = opts.colorIndex ?? fallbackColor;
    this.group = opts.group;
  }

  ingest(batch: TrainerBatch): void {
    for (const chunk of batch.scalars) {
      const n = chunk.value.length;
      if (n === 0) continue;
      let s = this.scalars.get(chunk.key);
      if (!s) {
        s = new ScalarSeries(chunk.key, undefined, this.maxSeriesPoints);
        this.scalars.set(chunk.key, s);
      }
      s.append(chunk, n);
    }
    for (const h of batch.histograms) {
      let r = this.reservoirs.get(h.key);
      if (!r) {
        r = new HistogramReservoir(h.key);
        this.reservoirs.set(h.key, r);
        this.histograms.set(h.key, r.list);
      }
      r.add(h);
    }
    for (const e of batch.episodes) {
      if (this.episodes.length >= MAX_CHART_EPISODES) this.thinEpisodes();
      this.pushEpisode(e);
    }
    for (const a of batch.alerts) this.alerts.push(a);
    for (const e of batch.errors) this.errors.push(e);
    const st = batch.status;
    if (st) {
      const n = this.clock.length;
      if (n === 0 || st.envSteps > this.clock.raw('step')[n - 1]) {
        // Bounded like a series: past MAX_SERIES_POINTS flushes, every other one of the older half goes.
        if (n >= MAX_SERIES_POINTS) this.clock.compact(Uint32Array.from({ length: Math.floor(n / 4) }, (_, i) => 2 * i), 2 * Math.floor(n / 4));
        this.clock.push({ step: st.envSteps, update: st.updates, wall: st.wallS });
      }
      this.status = st;
    }
  }

  /**
   * Keep every other episode of the older half (an even sample: the older windows' means and solve rates
   * stay unbiased, their min and max see half the episodes), the newer half whole, in arrays of the same
   * capacity; the episode windows start over from the thinned episodes.
   */
  private thinEpisodes(): void {
    const half = Math.floor(this.episodes.length / 2);
    this.episodes.compact(Uint32Array.from({ length: Math.ceil(half / 2) }, (_, i) => 2 * i), half);
    this.windowCache.clear();
  }

  private pushEpisode(e: EpisodeEnd): void {
    this.episodes.push({ step: e.step, return: e.return, length: e.length, solved: e.solved ? 1 : 0, envIndex: e.envIndex });
  }

  /**
   * Windows for drawing: `maxSize` episodes each once there are 8 windows' worth, smaller before that, so the
   * first few dozen episodes already draw as a line with a band rather than a single point.
   */
  chartWindows(maxSize: number): EpisodeWindows {
    return this.episodeWindows(Math.max(1, Math.min(maxSize, Math.floor(this.episodes.length / 8))));
  }

  /** Tumbling windows of `size` consecutive episodes, extended incrementally as episodes arrive. */
  episodeWindows(size: number): EpisodeWindows {
    let w = this.windowCache.get(size);
    if (!w) {
      w = new EpisodeWindows(size);
      this.windowCache.set(size, w);
    }
    w.update(this.episodes);
    return w;
  }

  /** Convert env steps to another x axis using the flush clock (linear in between flushes). */
  xAt(step: number, axis: XAxis): number {
    if (axis === 'step') return step;
    const n = this.clock.length;
    if (n === 0) return axis === 'update' ? 0 : NaN;
    return interpolate(this.clock.raw('step'), this.clock.raw(axis), step, n);
  }

  /** Keys this run produced or announced (finished episodes count as the episode return and length series). */
  scalarKeys(): Set<string> {
    const keys = new Set(this.announced);
    for (const k of this.scalars.keys()) keys.add(k);
    if (this.episodes.length > 0) {
      keys.add(EPISODIC_RETURN);
      keys.add(EPISODIC_LENGTH);
    }
    return keys;
  }
}

/** Histories of every run on screen (one normally; healthy vs broken in compare mode; several seeds). */
export class MetricHistory {
  private readonly runMap = new Map<string, RunHistory>();

  /** `maxSeriesPoints`: what each run's series hold before thinning (default MAX_SERIES_POINTS). */
  constructor(private readonly opts: { maxSeriesPoints?: number } = {}) {}

  private created = 0;

  /** Runs drawn, in the order they were added (hidden ones left out). */
  get runs(): RunHistory[] {
    return [...this.runMap.values()].filter((r) => !r.hidden);
  }

  /** Every run, hidden ones included. */
  get allRuns(): RunHistory[] {
    return [...this.runMap.values()];
  }

  /** Hide a run from every chart (or show it again); unknown ids are ignored. */
  setHidden(id: string, hidden: boolean): void {
    const r = this.runMap.get(id);
    if (r) r.hidden = hidden;
  }

  run(id: string): RunHistory | undefined {
    return this.runMap.get(id);
  }

  /** Create (or relabel) a run. */
  addRun(id: string, opts: RunOptions = {}): RunHistory {
    return this.ensureRun(id, opts);
  }

  private ensureRun(id: string, opts: RunOptions = {}): RunHistory {
    let r = this.runMap.get(id);
    if (r) {
      if (opts.label !== undefined) r.label = opts.label;
      if (opts.colorIndex !== undefined) r.colorIndex = opts.colorIndex;
      if (opts.group !== undefined) r.group = opts.group;
      return r;
    }
    // Seeds joining an existing group share its colour; other runs take the next palette slot.
    const groupMate = opts.group === undefined ? undefined : this.allRuns.find((x) => x.group === opts.group);
    r = new RunHistory(id, opts, groupMate && opts.colorIndex === undefined ? groupMate.colorIndex : this.created++, this.opts.maxSeriesPoints);
    this.runMap.set(id, r);
    return r;
  }

  removeRun(id: string): void {
    this.runMap.delete(id);
  }

  clear(): void {
    this.runMap.clear();
    this.created = 0;
  }

  /** Record the keys an agent announced in InitResult.metricKeys (so their charts appear before data). */
  announce(metricKeys: readonly string[], runId = DEFAULT_RUN_ID): void {
    const r = this.ensureRun(runId);
    for (const k of metricKeys) r.announced.add(k);
  }

  /** Append one worker flush to a run. */
  ingest(batch: TrainerBatch, runId = DEFAULT_RUN_ID): void {
    this.ensureRun(runId).ingest(batch);
  }

  series(runId: string, key: string): ScalarSeries | undefined {
    return this.runMap.get(runId)?.scalars.get(key);
  }

  /** Union over runs of the scalar keys produced or announced. */
  scalarKeys(): Set<string> {
    const keys = new Set<string>();
    for (const r of this.runMap.values()) for (const k of r.scalarKeys()) keys.add(k);
    return keys;
  }

  /** Union over runs of the histogram keys seen, in first-seen order. */
  histogramKeys(): string[] {
    const keys = new Set<string>();
    for (const r of this.runMap.values()) for (const k of r.histograms.keys()) keys.add(k);
    return [...keys];
  }

  /** Total points over all series of all runs (for summaries and benchmarks). */
  pointCount(): number {
    let n = 0;
    for (const r of this.runMap.values()) for (const s of r.scalars.values()) n += s.length;
    return n;
  }
}

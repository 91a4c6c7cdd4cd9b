// Records the page's training run into the history as it trains: the worker's batches are gathered
// (new points only) and written at most every `intervalMs` (coalesced: one transaction per write), so
// closing the tab loses at most the last couple of seconds. A failed write is reported through
// `onError` and its points are kept for the next try; a run whose unsaved points pile up past a limit
// stops being recorded (and says so) rather than eat the page's memory.

import type { RunConfig } from '../config/run-config.ts';
import type { TrainerBatch } from '../workers/protocol.ts';
import { ReturnDigest } from './decimate.ts';
import { HistoryWriteError, type ChunkData, type HistoryStore, type RecorderPatch } from './store.ts';
import { MAX_ALERTS, type RunMeta, type RunNotes, type StoredHistogram } from './types.ts';

/** Fold a run's chunks into one when it has this many (about a minute of training at one write per 2 s). */
export const COMPACT_AT = 32;
/** Stop recording a run whose unsaved points exceed this (writes keep failing). */
export const MAX_PENDING_POINTS = 500_000;

export interface RecorderOptions {
  intervalMs?: number;
  now?: () => number;
  /** A write failed (shown to the user); `stopped`: this run is no longer recorded. */
  onError?: (error: HistoryWriteError, stopped: boolean) => void;
  /** A write succeeded (the list refreshes). */
  onSaved?: (runId: string) => void;
}

type Columns = { step: number[]; update: number[]; wall: number[]; value: number[] };

class Pending {
  scalars = new Map<string, Columns>();
  episodes = { step: [] as number[], return: [] as number[], length: [] as number[], solved: [] as number[], envIndex: [] as number[] };
  histograms: StoredHistogram[] = [];
  points = 0;

  add(batch: TrainerBatch): void {
    for (const c of batch.scalars) {
      let s = this.scalars.get(c.key);
      if (!s) this.scalars.set(c.key, (s = { step: [], update: [], wall: [], value: [] }));
      for (let i = 0; i < c.value.length; i++) {
        s.step.push(c.step[i]);
        s.update.push(c.update[i]);
        s.wall.push(c.wall[i]);
        s.value.push(c.value[i]);
      }
      this.points += c.value.length;
    }
    for (const e of batch.episodes) {
      const ep = this.episodes;
      ep.step.push(e.step);
      ep.return.push(e.return);
      ep.length.push(e.length);
      ep.solved.push(e.solved ? 1 : 0);
      ep.envIndex.push(e.envIndex);
      this.points++;
    }
    for (const h of batch.histograms) this.histograms.push({ key: h.key, step: h.step, update: h.update, min: h.min, max: h.max, counts: Float32Array.from(h.counts) });
  }

  get empty(): boolean {
    return this.points === 0 && this.histograms.length === 0;
  }

  chunk(): ChunkData {
    const f = (a: number[]) => Float64Array.from(a);
    const ep = this.episodes;
    return {
      scalars: [...this.scalars].map(([key, s]) => ({ key, step: f(s.step), update: f(s.update), wall: f(s.wall), value: f(s.value) })),
      episodes: { step: f(ep.step), return: f(ep.return), length: f(ep.length), solved: f(ep.solved), envIndex: f(ep.envIndex) },
      histograms: this.histograms,
    };
  }
}

/** The run being recorded. */
interface Current {
  meta: RunMeta;
  pending: Pending;
  /** Every episode's return, summarised in fixed memory (sparkline and final return). */
  returns: ReturnDigest;
  alerts: RunMeta['alerts'];
  status: TrainerBatch['status'] | null;
  /** Written at least once (it is in the store). */
  stored: boolean;
  stopped: boolean;
}

export class RunRecorder {
  private current: Current | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Writes go one after another. */
  private chain: Promise<void> = Promise.resolve();
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: Pick<HistoryStore, 'record' | 'compact'>,
    private readonly opts: RecorderOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? 2000;
    this.now = opts.now ?? (() => Date.now());
  }

  /** The id of the run being recorded (it may not be stored yet: a run is stored with its first points). */
  get runId(): string | null {
    return this.current?.meta.id ?? null;
  }

  /** Whether the current run has been written at least once. */
  get stored(): boolean {
    return this.current?.stored ?? false;
  }

  /** A new run starts: what is left of the previous one is written first. */
  begin(id: string, config: RunConfig, name: string, notes: RunNotes): void {
    this.flush();
    const meta: RunMeta = { id, name, createdAt: this.now(), config, backend: '', wallS: 0, envSteps: 0, updates: 0, finalReturn: null, sparkline: [], alerts: [], notes, model: null };
    this.current = { meta, pending: new Pending(), returns: new ReturnDigest(), alerts: [], status: null, stored: false, stopped: false };
  }

  /** Stop recording (watching a saved agent, leaving the page): what is pending is written. */
  end(): Promise<void> {
    const done = this.flush();
    this.current = null;
    return done;
  }

  /** The config changed mid-run (a live hyperparameter). */
  setConfig(config: RunConfig): void {
    if (this.current) this.current.meta = { ...this.current.meta, config };
  }

  /** A name given before the run's first write (the bug lab's arm label) names its record when it is created. */
  setName(name: string): void {
    if (this.current) this.current.meta = { ...this.current.meta, name };
  }

  /** Notes typed before the run's first write go into its record when it is created. */
  setNotes(notes: RunNotes): void {
    if (this.current) this.current.meta = { ...this.current.meta, notes };
  }

  add(batch: TrainerBatch): void {
    const c = this.current;
    if (!c || c.stopped) return;
    c.pending.add(batch);
    for (const e of batch.episodes) c.returns.add(e.return);
    for (const a of batch.alerts) if (c.alerts.length < MAX_ALERTS) c.alerts.push(a);
    c.status = batch.status;
    if (c.pending.points > MAX_PENDING_POINTS) {
      c.stopped = true;
      c.pending = new Pending();
      this.opts.onError?.(new HistoryWriteError('writes kept failing and the unsaved points of this run grew too large', false), true);
      return;
    }
    if (this.timer === null && !c.pending.empty) this.timer = setTimeout(() => void this.flush(), this.intervalMs);
  }

  /** Write what is pending now (also on pagehide). Resolves when the write is done (errors are reported, not thrown). */
  flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const c = this.current;
    if (!c || c.stopped || (c.pending.empty && c.stored)) return this.chain;
    if (c.pending.empty && c.returns.count === 0) return this.chain; // nothing trained yet: no record
    const pending = c.pending;
    c.pending = new Pending();
    const chunk = pending.empty ? null : pending.chunk();
    const st = c.status;
    const patch: RecorderPatch = {
      config: c.meta.config,
      backend: st?.backend ?? '',
      wallS: st?.wallS ?? 0,
      envSteps: st?.envSteps ?? 0,
      updates: st?.updates ?? 0,
      finalReturn: c.returns.finalReturn(),
      sparkline: c.returns.sparkline(),
      alerts: [...c.alerts],
    };
    const fresh = { ...c.meta, ...patch };
    this.chain = this.chain.then(async () => {
      try {
        const count = await this.store.record(fresh, patch, chunk);
        c.stored = true;
        if (count >= COMPACT_AT) await this.store.compact(fresh.id);
        this.opts.onSaved?.(fresh.id);
      } catch (e) {
        // Keep the points for the next write, ahead of what arrived meanwhile.
        if (!pending.empty && this.current === c && !c.stopped) c.pending = mergePending(pending, c.pending);
        this.opts.onError?.(e as HistoryWriteError, false);
        if (this.current === c && this.timer === null && !c.stopped) this.timer = setTimeout(() => void this.flush(), this.intervalMs * 5);
      }
    });
    return this.chain;
  }
}

function mergePending(a: Pending, b: Pending): Pending {
  for (const [key, s] of b.scalars) {
    const t = a.scalars.get(key);
    if (!t) a.scalars.set(key, s);
    else for (const col of ['step', 'update', 'wall', 'value'] as const) append(t[col], s[col]);
  }
  for (const col of ['step', 'return', 'length', 'solved', 'envIndex'] as const) append(a.episodes[col], b.episodes[col]);
  append(a.histograms, b.histograms);
  a.points += b.points;
  return a;
}

/** push without spreading (a spread of 10^5 arguments overflows the stack). */
function append<T>(to: T[], from: readonly T[]): void {
  for (const x of from) to.push(x);
}

// The dashboard's metric store: a MetricHistory (columnar series per run, histograms, episodes,
// alerts; plain TS) and a reactive `version` bumped once per change through the store, so charts
// know to redraw. Read the data from `history` (after reading `version`); change it through the store.
// Shared through Svelte context: setMetricStore() in the app shell, getMetricStore() below it.

import { stateContext } from './context.ts';
import type { TrainerBatch } from '../../workers/protocol.ts';
import { DEFAULT_RUN_ID, MetricHistory, type RunHistory, type RunOptions } from '../charts/metric-history.ts';

export { DEFAULT_RUN_ID };

export class MetricStore {
  /** The data; not reactive itself: read `version` first to depend on it. */
  readonly history = new MetricHistory();
  /** Bumped once per ingest (and per run added, relabelled, hidden, shown or removed). */
  version = $state(0);

  /** Append one worker flush to a run. */
  ingest(batch: TrainerBatch, runId = DEFAULT_RUN_ID): void {
    this.history.ingest(batch, runId);
    this.version++;
  }

  /** Record the keys an agent announced (so their charts appear before data). */
  announce(metricKeys: readonly string[], runId = DEFAULT_RUN_ID): void {
    this.history.announce(metricKeys, runId);
    this.version++;
  }

  /** Create (or relabel) a run; no bump when nothing changes for the charts. */
  addRun(id: string, opts: RunOptions = {}): RunHistory {
    const existed = this.history.run(id) !== undefined;
    const r = this.history.addRun(id, opts);
    if (!existed || opts.label !== undefined || opts.colorIndex !== undefined) this.version++;
    return r;
  }

  removeRun(id: string): void {
    this.history.removeRun(id);
    this.version++;
  }

  /** Hide a run from every chart (or show it again). */
  setHidden(id: string, hidden: boolean): void {
    if (this.history.run(id)?.hidden === hidden) return;
    this.history.setHidden(id, hidden);
    this.version++;
  }

  clear(): void {
    this.history.clear();
    this.version++;
  }
}

const context = stateContext<MetricStore | undefined>('metric-store');

/** Provide a store to every component below the caller (call during component init). */
export function setMetricStore(store: MetricStore): MetricStore {
  context.set(store);
  return store;
}

/** The store provided by an ancestor. */
export function getMetricStore(): MetricStore {
  const s = context.get();
  if (!s) throw new Error('no MetricStore in context: call setMetricStore() in an ancestor');
  return s;
}

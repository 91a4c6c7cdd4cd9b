// The dashboard's metric store: MetricHistory (columnar series per run, histograms, episodes,
// alerts) plus a reactive `version` bumped once per change, so charts know to redraw.
// Shared through Svelte context: setMetricStore() in the app shell, getMetricStore() below it.

import { getContext, setContext } from 'svelte';
import type { TrainerBatch } from '../../workers/protocol.ts';
import { DEFAULT_RUN_ID, MetricHistory, type RunHistory, type RunOptions } from '../charts/metric-history.ts';

export { DEFAULT_RUN_ID };

export class MetricStore extends MetricHistory {
  /** Bumped once per ingest (and per run added/removed); read it to depend on the data. */
  version = $state(0);

  override ingest(batch: TrainerBatch, runId = DEFAULT_RUN_ID): void {
    super.ingest(batch, runId);
    this.version++;
  }

  override announce(metricKeys: readonly string[], runId = DEFAULT_RUN_ID): void {
    super.announce(metricKeys, runId);
    this.version++;
  }

  override addRun(id: string, opts: RunOptions = {}): RunHistory {
    const existed = this.run(id) !== undefined;
    const r = super.addRun(id, opts);
    if (!existed || opts.label !== undefined || opts.colorIndex !== undefined) this.version++;
    return r;
  }

  override removeRun(id: string): void {
    super.removeRun(id);
    this.version++;
  }

  override setHidden(id: string, hidden: boolean): void {
    if (this.run(id)?.hidden === hidden) return;
    super.setHidden(id, hidden);
    this.version++;
  }

  override clear(): void {
    super.clear();
    this.version++;
  }
}

const KEY = Symbol('metric-store');

/** Provide a store to every component below the caller (call during component init). */
export function setMetricStore(store: MetricStore): MetricStore {
  return setContext(KEY, store);
}

/** The store provided by an ancestor. */
export function getMetricStore(): MetricStore {
  const s = getContext<MetricStore | undefined>(KEY);
  if (!s) throw new Error('no MetricStore in context: call setMetricStore() in an ancestor');
  return s;
}

// The page's side of the run history, small enough for the main bundle: it follows the page's run from
// the first moment (its starts and batches), and the bug lab's runs beside it (healthy twin, variant,
// more seeds), and hands them to the history (history.svelte.ts, IndexedDB,
// the panel), which loads on its own after the page. What arrives before it is there waits in a queue.

import type { MetricStore } from './metrics.svelte.ts';
import type { RunState } from './run.svelte.ts';
import type { HistoryEvent, HistoryState } from './history.svelte.ts';
import type { LabExperiment } from './lab-experiment.svelte.ts';
import { later } from './later.ts';

/** Events kept while the history loads (a few seconds of batches at most). */
const MAX_QUEUED = 5000;

export class HistoryLink {
  /** The history, once loaded (null: IndexedDB is not available here). */
  readonly ready: Promise<HistoryState | null>;
  private queue: HistoryEvent[] | null = [];
  private handler: ((e: HistoryEvent) => void) | null = null;
  private readonly offs: (() => void)[];

  constructor(run: RunState, metrics: MetricStore, lab?: LabExperiment) {
    this.offs = followRuns(run, lab, (e) => this.emit(e));
    // Its chunk starts loading in a task of its own, not in the one that mounts the page (later.ts).
    this.ready = later(() => import('./history.svelte.ts'))
      .then((m) => m.createHistoryState(run, metrics, (handler) => this.attach(handler)))
      .catch((e: unknown) => {
        console.warn('run history unavailable:', e);
        this.queue = null;
        return null;
      });
  }

  /** The history takes over: the queued events first, then each one as it comes. */
  attach(handler: (e: HistoryEvent) => void): void {
    const queued = this.queue ?? [];
    this.queue = null;
    this.handler = handler;
    for (const e of queued) handler(e);
  }

  dispose(): void {
    for (const off of this.offs.splice(0)) off();
    this.handler = null;
    this.queue = null;
  }

  private emit(e: HistoryEvent): void {
    if (this.handler) this.handler(e);
    else if (this.queue && this.queue.length < MAX_QUEUED) this.queue.push(e);
  }
}

/** Every run the history records, as events: the page's own run and (with `lab`) the bug lab's runs beside it. Returns the unsubscribes. */
export function followRuns(run: RunState, lab: LabExperiment | undefined, emit: (e: HistoryEvent) => void): (() => void)[] {
  const session = run.session;
  const offs = [session.onStart((start) => emit({ kind: 'start', start })), session.onBatch((batch, runId) => emit({ kind: 'batch', batch, runId }))];
  if (lab) offs.push(lab.onRun((event) => emit({ kind: 'lab', event })));
  return offs;
}

// A stored run back on the charts, read-only: its series, episodes, histograms and alerts go into the
// metric store as one worker batch would, after the flush clock (step → update, wall time) is rebuilt
// from its longest series, so the update and wall-time axes work as for a live run.

import type { StoredRun } from '../../history/types.ts';
import type { EpisodeEnd, TrainerBatch, TrainerStatus } from '../../workers/protocol.ts';
import type { MetricStore } from './metrics.svelte.ts';

/** Metric-store run id of a stored run on the charts. */
export const storedRunId = (id: string): string => `history:${id}`;

function status(run: StoredRun, envSteps: number, updates: number, wallS: number): TrainerStatus {
  return { running: false, envSteps, updates, wallS, episodes: run.episodes.step.length, backend: run.backend, backendReason: 'stored run', backendTimings: {}, totalSteps: run.config.totalSteps, done: true };
}

function empty(st: TrainerStatus): TrainerBatch {
  return { scalars: [], histograms: [], frames: [], episodes: [], alerts: [], errors: [], status: st };
}

/** The batches that rebuild `run` in a MetricHistory: clock points first, then everything in one. */
export function storedRunBatches(run: StoredRun): TrainerBatch[] {
  const clock = run.scalars.reduce<StoredRun['scalars'][number] | null>((best, s) => (best === null || s.step.length > best.step.length ? s : best), null);
  const out: TrainerBatch[] = [];
  if (clock) for (let i = 0; i < clock.step.length; i++) out.push(empty(status(run, clock.step[i], clock.update[i], clock.wall[i])));
  const e = run.episodes;
  // How an episode ended is not kept (the metric store does not keep it either: no chart reads it).
  const episodes: EpisodeEnd[] = Array.from(e.step, (step, i) => ({ step, return: e.return[i], length: e.length[i], solved: e.solved[i] === 1, envIndex: e.envIndex[i], terminated: false, truncated: false }));
  out.push({
    // Copies: the metric store keeps views of what it is given.
    scalars: run.scalars.map((s) => ({ key: s.key, step: s.step.slice(), update: s.update.slice(), wall: s.wall.slice(), value: s.value.slice() })),
    histograms: run.histograms.map((h) => ({ ...h, counts: h.counts.slice() })),
    frames: [],
    episodes,
    alerts: run.alerts.map((a) => ({ ...a })),
    errors: [],
    status: status(run, run.envSteps, run.updates, run.wallS),
  });
  return out;
}

/** Put stored runs on the charts beside (or instead of) what is there. */
export function showStoredRuns(metrics: MetricStore, runs: readonly StoredRun[], firstColor: number): void {
  runs.forEach((run, k) => {
    const id = storedRunId(run.id);
    metrics.removeRun(id);
    metrics.addRun(id, { label: run.name, colorIndex: firstColor + k });
    const batches = storedRunBatches(run);
    // The clock points go in quietly; the last batch bumps the store's version once.
    for (const b of batches.slice(0, -1)) metrics.history.ingest(b, id);
    metrics.ingest(batches[batches.length - 1], id);
  });
}

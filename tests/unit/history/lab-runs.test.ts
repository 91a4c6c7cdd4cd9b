// The bug lab's runs in the history (fake-indexeddb, fake workers): a compare experiment leaves one
// history run per run it trains — the page's own and the one beside it — each with its own config,
// arm label, series and alerts.
// A run that faults keeps its points up to the fault.

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { bugsOf, findBug } from '../../../src/bugs/catalog.ts';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import { openHistory, type HistoryStore } from '../../../src/history/store.ts';
import { HistoryState } from '../../../src/ui/state/history.svelte.ts';
import { followRuns } from '../../../src/ui/state/history-link.ts';
import { LabState } from '../../../src/ui/state/lab.svelte.ts';
import { MetricStore } from '../../../src/ui/state/metrics.svelte.ts';
import { RunState } from '../../../src/ui/state/run.svelte.ts';
import type { TrainerBatch } from '../../../src/workers/protocol.ts';
import { batch, fakeWorkers, settle } from '../ui/fake-trainer.ts';

let dbCount = 0;
let store: HistoryStore | undefined;

afterEach(() => store?.close());

async function setUp() {
  store = await openHistory(`test-lab-history-${++dbCount}`);
  const workers = fakeWorkers();
  const run = new RunState(makeRunConfig('CartPole-v1', 'ppo'), { spawn: workers.spawn });
  const metrics = new MetricStore();
  run.session.onStart(({ init, runId, keep }) => {
    if (!keep) metrics.clear();
    metrics.announce(init.metricKeys, runId);
  });
  run.session.onBatches((batches, runId) => batches.forEach((b) => metrics.ingest(b, runId)));
  const lab = new LabState(run, metrics, { hardwareConcurrency: 8, spawn: workers.spawn });
  const history = new HistoryState(store, run, metrics);
  // As HistoryLink wires them (the history loaded before the first start).
  followRuns(run, lab.experiment, (e) => history.handle(e));
  run.session.connect();
  lab.experiment.connect();
  await settle();
  return { run, lab, history, workers, store };
}

/** A flush with a scalar, a finished episode and (optionally) an alert. */
function trained(envSteps: number, value: number, ret: number, alert = false): TrainerBatch {
  return batch(envSteps, {
    scalars: [{ key: 'losses/value_loss', step: Float64Array.from([envSteps]), update: Float64Array.from([1]), wall: Float64Array.from([0.5]), value: Float64Array.from([value]) }],
    episodes: [{ step: envSteps, return: ret, length: ret, solved: false, terminated: true, truncated: false, envIndex: 0 }],
    alerts: alert ? [{ id: 'value_loss_explodes', step: envSteps, key: 'losses/value_loss', message: 'value loss exploded' }] : [],
  });
}

const bug = bugsOf('ppo').find((id) => !findBug(id)?.requires)!;

describe('the bug lab runs in the history', () => {
  it('compare with healthy leaves two history runs: the broken one and its healthy twin', async () => {
    const { lab, history, workers, store } = await setUp();
    lab.setBug(bug, true);
    lab.experiment.compareHealthy();
    await settle();
    expect(workers.trainers).toHaveLength(2);
    const [main, twin] = workers.trainers;
    main.emit(trained(64, 9, 11, true));
    twin.emit(trained(64, 1, 42));
    await history.flush();
    const runs = await store.list();
    expect(runs).toHaveLength(2);
    const broken = runs.find((r) => r.config.bugs.length > 0)!;
    const healthy = runs.find((r) => r.config.bugs.length === 0)!;
    expect(broken.name).toMatch(new RegExp(`^broken: ${bug} · `));
    expect(healthy.name).toMatch(/^healthy · PPO · CartPole-v1 · seed /);
    expect(broken.config.bugs).toEqual([bug]);
    expect(broken.alerts.map((a) => a.id)).toEqual(['value_loss_explodes']);
    expect(healthy.alerts).toEqual([]);
    expect(broken.finalReturn).toBe(11);
    expect(healthy.finalReturn).toBe(42);
    const stored = await store.load(healthy.id);
    expect(Array.from(stored!.scalars.find((s) => s.key === 'losses/value_loss')!.value)).toEqual([1]);
  });

  it('compare two configs records the variant with its changed setting; more seeds each a run of their own', async () => {
    const { lab, history, workers, store } = await setUp();
    lab.experiment.compareVariant({ key: 'entCoef', value: 0.05 });
    await settle();
    workers.trainers.forEach((t, i) => t.emit(trained(64, i, 10 + i)));
    await history.flush();
    let runs = await store.list();
    expect(runs.map((r) => r.name.split(' · ')[0]).sort()).toEqual(['A: as set up', 'B: entCoef = 0.05']);
    expect(runs.find((r) => r.name.startsWith('B:'))!.config.overrides).toEqual({ entCoef: 0.05 });

    // Two seeds: a fresh start of all four runs, each a new history run (the two before are kept).
    lab.experiment.setSeeds(2);
    await settle();
    const live = workers.trainers.filter((t) => !t.ended);
    expect(live).toHaveLength(4);
    live.forEach((t, i) => t.emit(trained(128, i, 20 + i)));
    await history.flush();
    runs = await store.list();
    expect(runs).toHaveLength(6);
    const fresh = runs.filter((r) => r.finalReturn !== null && r.finalReturn >= 20);
    expect(new Set(fresh.map((r) => r.config.seed)).size).toBe(2);
  });

  it('a run that faults (a NaN, paused by the worker) keeps every point up to the fault, the NaN included', async () => {
    const { history, workers, store } = await setUp();
    const [main] = workers.trainers;
    main.emit(trained(64, 3, 11));
    main.emit(trained(96, 4, 12));
    const fault = { message: 'losses/value_loss became non-finite at update 3 (step 128); paused.', nonFinite: { key: 'losses/value_loss', update: 3, step: 128 } };
    main.emit({ ...trained(128, NaN, 13), errors: [fault], status: { ...trained(128, NaN, 13).status, running: false } });
    await history.flush();
    const [meta] = await store.list();
    expect(meta.envSteps).toBe(128);
    const stored = await store.load(meta.id);
    const loss = stored!.scalars.find((s) => s.key === 'losses/value_loss')!;
    expect(Array.from(loss.step)).toEqual([64, 96, 128]);
    expect(Array.from(loss.value)).toEqual([3, 4, NaN]);
    expect(Array.from(stored!.episodes.return)).toEqual([11, 12, 13]);
  });
});

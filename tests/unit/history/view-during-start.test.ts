// A stored run opened while the page's run is still setting up (its worker has not answered init yet):
// the start's set-up, when it answers, must not close the view, wipe the stored run from the charts or
// show the live run beside it. A view opened before a start was asked for still gives way to it.
// fake-indexeddb and fake workers; the app's start listener (App.svelte) is reproduced here, in both orders.

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import { openHistory, type HistoryStore } from '../../../src/history/store.ts';
import { HistoryState } from '../../../src/ui/state/history.svelte.ts';
import { followRuns } from '../../../src/ui/state/history-link.ts';
import { storedRunId } from '../../../src/ui/state/history-view.ts';
import { LabState } from '../../../src/ui/state/lab.svelte.ts';
import { DEFAULT_RUN_ID, MetricStore } from '../../../src/ui/state/metrics.svelte.ts';
import { RunState } from '../../../src/ui/state/run.svelte.ts';
import { fakeWorkers, settle } from '../ui/fake-trainer.ts';
import { sampleRun } from './fixtures.ts';

let dbCount = 0;
let store: HistoryStore | undefined;

afterEach(() => store?.close());

/** The page with its history; the first trainer's init() answers only when `answer()` is called. */
async function setUp(historyFirst: boolean) {
  store = await openHistory(`test-view-during-start-${++dbCount}`);
  await store.add(sampleRun('stored'));
  const workers = fakeWorkers();
  const run = new RunState(makeRunConfig('CartPole-v1', 'ppo'), { spawn: workers.spawn });
  const metrics = new MetricStore();
  const history = new HistoryState(store, run, metrics);
  const lab = new LabState(run, metrics, { hardwareConcurrency: 8, spawn: workers.spawn });
  const follow = (): void => void followRuns(run, lab.experiment, (e) => history.handle(e));
  // App.svelte's start listener: a fresh start clears the charts, then the agent's keys are announced.
  const app = (): void =>
    void run.session.onStart(({ init, runId, keep }) => {
      if (!keep) metrics.clear();
      metrics.announce(init.metricKeys, runId);
    });
  if (historyFirst) follow();
  app();
  if (!historyFirst) follow();
  run.session.onBatches((batches, runId) => batches.forEach((b) => metrics.ingest(b, runId)));
  let answer = (): void => {};
  const gate = new Promise<void>((resolve) => (answer = resolve));
  run.session.connect();
  lab.experiment.connect();
  const [trainer] = workers.trainers;
  const init = trainer.api.init;
  trainer.api.init = async (...args) => {
    await gate;
    return init(...args);
  };
  await settle();
  return { run, lab, history, metrics, workers, answer };
}

const visible = (metrics: MetricStore): string[] => metrics.history.runs.map((r) => r.id);

describe('a stored run opened while the page’s run sets up', () => {
  for (const historyFirst of [true, false]) {
    it(`stays on the charts, alone, with its alerts (history’s listener ${historyFirst ? 'first' : 'last'})`, async () => {
      const { run, history, metrics, answer } = await setUp(historyFirst);
      expect(run.session.initializing).toBe(true);
      await history.view(['stored']);
      expect(history.viewing).toEqual(['stored']);
      answer();
      await settle();
      expect(run.session.initializing).toBe(false);
      expect(history.viewing).toEqual(['stored']);
      expect(visible(metrics)).toEqual([storedRunId('stored')]);
      expect(metrics.history.run(storedRunId('stored'))!.alerts.map((a) => a.id)).toEqual(['kl_spike']);
      // The live run was laid out behind it, paused (the view paused it before it started).
      expect(metrics.history.run(DEFAULT_RUN_ID)?.hidden).toBe(true);
      expect(run.session.playing).toBe(false);
      // Back to the live run: it shows and plays.
      history.closeView();
      expect(visible(metrics)).toEqual([DEFAULT_RUN_ID]);
      expect(run.session.playing).toBe(true);
    });
  }

  it('with the bug lab’s runs beside the page’s own: they stay behind the stored run too', async () => {
    const { run, lab, history, metrics, workers, answer } = await setUp(true);
    lab.experiment.restore({ compare: 'variant', variant: { key: 'entCoef', value: 0.05 }, seeds: 1 }, run.config);
    await history.view(['stored']);
    answer();
    await settle();
    await settle();
    expect(workers.trainers.length).toBeGreaterThan(1);
    expect(metrics.history.allRuns.length).toBeGreaterThan(2);
    expect(history.viewing).toEqual(['stored']);
    expect(visible(metrics)).toEqual([storedRunId('stored')]);
    history.closeView();
    expect(visible(metrics)).not.toContain(storedRunId('stored'));
    expect(visible(metrics).length).toBeGreaterThan(1);
  });

  it('a view opened before a start was asked for gives way to it, as before', async () => {
    const { run, history, metrics, answer } = await setUp(true);
    answer();
    await settle();
    await history.view(['stored']);
    expect(visible(metrics)).toEqual([storedRunId('stored')]);
    run.session.restart();
    await settle();
    expect(history.viewing).toEqual([]);
    expect(visible(metrics)).toEqual([DEFAULT_RUN_ID]);
  });
});

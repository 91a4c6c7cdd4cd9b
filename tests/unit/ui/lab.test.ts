// The bug lab against fake workers: an experiment lays out runs beside the page's own, starts them
// together, feeds one MetricStore, follows the page's controls, and finds the chart that departed first.
import { describe, expect, it } from 'vitest';
import { bugsOf, findBug } from '../../../src/bugs/catalog.ts';
import { LESSONS } from '../../../src/bugs/lessons.ts';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import { noticeText } from '../../../src/ui/i18n/notice-text.ts';
import { DEFAULT_LAB_STEPS } from '../../../src/ui/state/lab-experiment.svelte.ts';
import { LabState } from '../../../src/ui/state/lab.svelte.ts';
import { MetricStore } from '../../../src/ui/state/metrics.svelte.ts';
import { RunState } from '../../../src/ui/state/run.svelte.ts';
import { batch, fakeWorkers, settle } from './fake-trainer.ts';

async function setUp(hardwareConcurrency = 4) {
  const workers = fakeWorkers();
  const run = new RunState(makeRunConfig('CartPole-v1', 'ppo'), { spawn: workers.spawn });
  const store = new MetricStore();
  // As App.svelte wires them: a fresh start empties the store, the run's batches fill it.
  run.session.onStart(({ init, runId, keep }) => {
    if (!keep) store.clear();
    store.announce(init.metricKeys, runId);
  });
  run.session.onBatches((batches, runId) => batches.forEach((b) => store.ingest(b, runId)));
  const lab = new LabState(run, store, { hardwareConcurrency, spawn: workers.spawn });
  run.session.connect();
  lab.experiment.connect();
  await settle();
  return { run, store, lab, experiment: lab.experiment, workers, main: workers.trainers[0] };
}

/** A PPO bug with something to watch that switches on without changing other settings. */
const bug = bugsOf('ppo').find((id) => !findBug(id)?.requires && (findBug(id)?.watch.length ?? 0) > 0)!;

describe('LabExperiment compare modes', () => {
  it('compare variant: restarts the page run and starts B beside it with the one setting changed, all together', async () => {
    const { run, store, experiment, workers, main } = await setUp();
    experiment.compareVariant({ key: 'entCoef', value: 0.05 });
    await settle();
    expect(main.inits).toHaveLength(2);
    expect(workers.trainers).toHaveLength(2);
    const b = workers.trainers[1];
    expect(b.inits[0].overrides).toEqual({ entCoef: 0.05 });
    expect(b.inits[0].seed).toBe(main.inits[1].seed);
    expect(experiment.arms.map((a) => a.label)).toEqual(['A: as set up', 'B: entCoef = 0.05']);
    expect(experiment.slots.map((s) => [s.runId, s.slot])).toEqual([
      ['run', 'running'],
      ['lab-other-0', 'running'],
    ]);
    expect(store.history.allRuns.map((r) => r.label)).toEqual(['A: as set up', 'B: entCoef = 0.05']);
    // The page's run was held at zero until B had started, then both play.
    expect(main.calls.slice(-2)).toEqual(['pause', 'start']);
    expect(b.calls).toContain('start');
    expect(run.session.playing).toBe(true);
  });

  it('compare healthy: refuses without a bug; with one, the twin runs the same config without it', async () => {
    const { lab, experiment, workers } = await setUp();
    experiment.compareHealthy();
    expect(experiment.note && noticeText(experiment.note)).toMatch(/Switch on a bug/);
    expect(experiment.kind).toBeNull();
    lab.setBug(bug, true);
    expect(lab.openBug).toBe(bug);
    experiment.compareHealthy();
    await settle();
    expect(workers.trainers).toHaveLength(2);
    expect(workers.trainers[0].inits.at(-1)?.bugs).toEqual([bug]);
    expect(workers.trainers[1].inits[0].bugs).toEqual([]);
    expect(experiment.healthyRunId()).toBe('lab-other-0');
  });

  it("mirrors the page's step and pause to the runs beside it, and stop() ends them", async () => {
    const { run, store, experiment, workers } = await setUp();
    experiment.compareVariant({ key: 'entCoef', value: 0.05 });
    await settle();
    const b = workers.trainers[1];
    run.session.step(2);
    run.session.pause();
    await settle();
    expect(b.calls.slice(-2)).toEqual(['step 2', 'pause']);
    experiment.stop();
    expect(b.ended).toBe(true);
    expect(experiment.active).toBe(false);
    expect(experiment.slots).toEqual([]);
    expect(store.history.allRuns.map((r) => [r.id, r.label])).toEqual([['run', 'run']]);
  });
});

describe('LabExperiment seeds', () => {
  it('queues seeds beyond the free workers, gives every run a budget, and starts the next when one finishes', async () => {
    const { run, lab, experiment, workers } = await setUp(2);
    expect(experiment.maxConcurrent).toBe(2);
    // A bug switched on: its seeds cannot share a seed swarm, so each takes a worker of its own.
    lab.setBug(bug, true);
    experiment.setSeeds(3);
    await settle();
    expect(run.config.totalSteps).toBe(DEFAULT_LAB_STEPS);
    expect(experiment.note && noticeText(experiment.note)).toMatch(/3 runs share 2 workers/);
    expect(experiment.slots.map((s) => [s.seed, s.slot])).toEqual([
      [1, 'running'],
      [2, 'running'],
      [3, 'queued'],
    ]);
    expect(workers.trainers).toHaveLength(2);
    workers.trainers[1].emit(batch(DEFAULT_LAB_STEPS, { status: { done: true, running: false } }));
    await settle();
    expect(workers.trainers[1].ended).toBe(true);
    expect(workers.trainers).toHaveLength(3);
    expect(workers.trainers[2].inits[0].seed).toBe(3);
    expect(experiment.slots.map((s) => s.slot)).toEqual(['running', 'done', 'running']);
    expect(experiment.allDone).toBe(false);
  });
});

describe('LabExperiment seed swarm', () => {
  it.each(['js', 'auto'])('swarms the extra seeds on compute %s too (the worker trains them on the path each run would take)', async (compute) => {
    const { run, experiment, workers } = await setUp(2);
    run.config = { ...run.config, overrides: { compute } };
    experiment.setSeeds(3);
    await settle();
    expect(workers.trainers).toHaveLength(2);
    expect(workers.trainers[1].swarms[0]).toEqual({ extraSeeds: [3] });
  });

  it('trains the extra seeds of a healthy PPO config as one swarm in one worker, each seed its own run', async () => {
    const { run, store, experiment, workers } = await setUp(2);
    run.config = { ...run.config, overrides: { compute: 'tfjs' } };
    experiment.setSeeds(4);
    await settle();
    // The page's run (seed 1) and one worker for seeds 2–4: no queue, no budget.
    expect(workers.trainers).toHaveLength(2);
    expect(experiment.note).toBeNull();
    expect(run.config.totalSteps).toBeNull();
    const swarm = workers.trainers[1];
    expect(swarm.inits[0].seed).toBe(2);
    expect(swarm.swarms[0]).toEqual({ extraSeeds: [3, 4] });
    expect(workers.trainers[0].swarms.at(-1)).toBeUndefined();
    expect(experiment.slots.map((s) => [s.seed, s.slot])).toEqual([
      [1, 'running'],
      [2, 'running'],
      [3, 'running'],
      [4, 'running'],
    ]);
    // Each seed's points land in the store under its own run.
    const chunk = (v: number) => [{ key: 'losses/value_loss', step: new Float64Array([512]), update: new Float64Array([1]), wall: new Float64Array([1]), value: new Float64Array([v]) }];
    const seedBatch = (seed: number, v: number) => ({ seed, scalars: chunk(v), histograms: [], episodes: [], alerts: [], episodesReleased: 0 });
    swarm.emit(batch(512, { scalars: chunk(2), seeds: [seedBatch(3, 3), seedBatch(4, 4)] }));
    await settle();
    const value = (runId: string) => store.history.run(runId)?.scalars.get('losses/value_loss')?.raw('value')[0];
    expect([value('lab-main-1'), value('lab-main-2'), value('lab-main-3')]).toEqual([2, 3, 4]);
    // Done together: the worker is freed and every seed counts as done.
    swarm.emit(batch(1024, { status: { done: true, running: false }, seeds: [seedBatch(3, 3), seedBatch(4, 4)] }));
    await settle();
    expect(swarm.ended).toBe(true);
    expect(experiment.slots.map((s) => s.slot)).toEqual(['running', 'done', 'done', 'done']);
  });

  it('falls back to one worker per seed where the swarm does not apply (target_kl)', async () => {
    const { run, experiment, workers } = await setUp(8);
    run.config = { ...run.config, overrides: { targetKl: 0.01 } };
    experiment.setSeeds(3);
    await settle();
    expect(workers.trainers).toHaveLength(3);
    expect(workers.trainers.flatMap((t) => t.swarms).every((s) => s === undefined)).toBe(true);
  });
});

describe('LabState departure', () => {
  it('names the watched chart whose alert only the broken run raised', async () => {
    const { lab, experiment, main } = await setUp();
    lab.setBug(bug, true);
    experiment.compareHealthy();
    await settle();
    expect(lab.departure?.first).toBeNull();
    const key = findBug(bug)!.watch[0].key;
    main.emit(batch(4096, { alerts: [{ id: 'check', step: 4000, key, message: 'off' }] }));
    expect(lab.departure?.first).toMatchObject({ key, via: 'alert', step: 4000 });
  });

  it('opens a lesson by id, and a new lesson starts from the prediction step', async () => {
    const workers = fakeWorkers();
    const run = new RunState(makeRunConfig('CartPole-v1', 'ppo'), { spawn: workers.spawn });
    const [first, second] = LESSONS;
    const lab = new LabState(run, new MetricStore(), { lesson: first.id });
    // The catalogue loads after the page: the id asked for is kept meanwhile, the lesson comes with the catalogue.
    expect(lab.lessonId).toBe(first.id);
    await lab.loadLessons();
    expect(lab.lesson?.id).toBe(first.id);
    lab.predict({ key: 'losses/value_loss', direction: 'up' });
    expect(lab.prediction).not.toBeNull();
    lab.openLesson(second.id);
    expect(lab.lessonId).toBe(second.id);
    expect(lab.prediction).toBeNull();
    lab.openLesson('no-such-lesson');
    expect(lab.lessonId).toBeNull();
  });

  it("a lesson link shows the lesson's set-up at once (env, agent, preset, healthy) while the learner predicts", async () => {
    const workers = fakeWorkers();
    const run = new RunState(makeRunConfig('CartPole-v1', 'ppo'), { spawn: workers.spawn });
    const lesson = LESSONS.find((l) => l.id === 'np-empty')!;
    const lab = new LabState(run, new MetricStore(), { lesson: lesson.id });
    await lab.loadLessons();
    await Promise.resolve();
    expect([run.config.env, run.config.agent, run.config.preset]).toEqual([lesson.env, lesson.agent, lesson.preset]);
    expect(run.config.bugs).toEqual([]);
    expect(lab.lessonPhase).toBe('predict');
  });

  it('a lesson id asked for before the catalogue loaded is dropped once it has, if no lesson has it', async () => {
    const workers = fakeWorkers();
    const run = new RunState(makeRunConfig('CartPole-v1', 'ppo'), { spawn: workers.spawn });
    const lab = new LabState(run, new MetricStore(), { lesson: 'no-such-lesson' });
    expect(lab.lesson).toBeUndefined();
    await lab.loadLessons();
    expect(lab.lessonId).toBeNull();
    expect(lab.lessons?.LESSONS.length).toBe(LESSONS.length);
  });
});

// Numeric faults (issue 15): a real PPO agent whose weights a test hook sets to NaN before its third
// update (what a learning rate far too high leaves behind, without waiting for it). The worker's
// loop must notice within the update where the first NaN/±Inf metric appeared, pause there and say
// which metric, update and step; a second run in the same process (compare mode's healthy twin) keeps
// training. On the page, the faulted session pauses without being called a crash, the other keeps
// playing, and a chart fed NaN and ±Infinity draws a gap and a finite axis instead of throwing.

import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgent, setupNodeBackendFor } from '../../../src/agents/index.ts';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import type { RunConfig } from '../../../src/config/run-config.ts';
import { METRIC } from '../../../src/diagnostics/metric-keys.ts';
import { buildChartSpecs } from '../../../src/ui/charts/chart-spec.ts';
import { MetricHistory } from '../../../src/ui/charts/metric-history.ts';
import { renderChart } from '../../../src/ui/charts/render.ts';
import { LabState } from '../../../src/ui/state/lab.svelte.ts';
import { MetricStore } from '../../../src/ui/state/metrics.svelte.ts';
import { RunState } from '../../../src/ui/state/run.svelte.ts';
import { RunSession } from '../../../src/ui/state/run-session.svelte.ts';
import type { TrainerBatch } from '../../../src/workers/protocol.ts';
import { Trainer } from '../../../src/workers/trainer.ts';
import { scalarBatch } from '../charts/synthetic.ts';
import { stubContext } from '../charts/stub-context.ts';
import { batch, fakeWorkers, settle } from '../ui/fake-trainer.ts';

// compute=tfjs: the NaN is injected into the tfjs variables (the js compute path keeps its own weights).
const TINY = { numEnvs: 2, numSteps: 32, numMinibatches: 2, updateEpochs: 2, hiddenSizes: '16,16', compute: 'tfjs' };
const config = (seed: number): RunConfig => makeRunConfig('CartPole-v1', 'ppo', { seed, backend: 'cpu', overrides: { ...TINY } });

/**
 * A Trainer on the real agents. `poisonAt`: a test hook that, before the iteration that makes update
 * `poisonAt`, overwrites every float weight of the tfjs engine with NaN (what a blow-up leaves behind),
 * so the update's losses come out NaN. (Two PPO agents cannot share one tfjs engine, whose variable
 * names are global: in the page each run has its own worker; here the run beside it is the random agent.)
 */
function trainer(poisonAt: number | null) {
  const batches: TrainerBatch[] = [];
  let agent: ReturnType<typeof createAgent> | null = null;
  const t = new Trainer({
    setupBackend: (c) => setupNodeBackendFor(c, 'cpu'),
    createAgent: (settings, ctx) => {
      const a = createAgent(settings, ctx);
      agent = a;
      if (poisonAt === null) return a;
      const iterate = a.iterate.bind(a);
      a.iterate = async () => {
        if (a.updates === poisonAt - 1)
          for (const v of Object.values(tf.engine().registeredVariables)) if (v.dtype === 'float32') v.assign(tf.fill(v.shape, NaN));
        return iterate();
      };
      return a;
    },
  });
  return { t, batches, agent: () => agent!, subscribe: () => t.subscribe((b) => void batches.push(b)) };
}

const until = async (cond: () => boolean, what: string, ms = 60_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

const live: Trainer[] = [];
afterEach(async () => {
  for (const t of live.splice(0)) await t.dispose();
});

describe('a NaN in the weights of a real PPO agent', () => {
  it('pauses that run at the update where it started, with key, update and step; the run beside it keeps going', { timeout: 120_000 }, async () => {
    const broken = trainer(3);
    const healthy = trainer(null);
    live.push(broken.t, healthy.t);
    await broken.subscribe();
    await healthy.subscribe();
    await broken.t.init(config(1));
    await healthy.t.init(makeRunConfig('CartPole-v1', 'random', { seed: 1, backend: 'cpu' }));
    for (const x of [broken, healthy]) {
      await x.t.setSpeed('max');
      await x.t.setRender(false);
      await x.t.start();
    }
    await until(() => broken.batches.some((b) => b.errors.length > 0), 'the broken run to report');
    const err = broken.batches.find((b) => b.errors.length > 0)!.errors[0];
    expect(err.nonFinite, err.message).toBeDefined();
    const nf = err.nonFinite!;
    expect(err.message).toContain(nf.key);
    expect(err.message).toContain(`update ${nf.update}`);
    await until(() => broken.batches[broken.batches.length - 1].status.running === false, 'the broken run to stop');
    // Detected within one update: the loop stopped after the update whose metrics first went non-finite.
    expect(broken.agent().updates).toBe(nf.update);
    expect(nf.update).toBe(3);
    expect(nf.step).toBe(broken.agent().envSteps);
    // Every point before the fault was finite for that key (the first non-finite one is the one named).
    const points = broken.batches.flatMap((b) => b.scalars.filter((s) => s.key === nf.key));
    const values = points.flatMap((p) => Array.from(p.value));
    expect(values.findIndex((v) => !Number.isFinite(v))).toBe(values.length - 1);
    // The other run goes on after the broken one stopped.
    const target = healthy.agent().envSteps + 1000;
    await until(() => healthy.agent().envSteps >= target, 'the other run to keep going');
    expect(healthy.batches.every((b) => b.errors.length === 0)).toBe(true);
    expect(broken.agent().updates).toBe(nf.update);
  });
});

describe('on the page', () => {
  it('the faulted session pauses (not a crash) and keeps its points; the other session keeps playing', async () => {
    const workers = fakeWorkers();
    const a = new RunSession(() => config(1), { spawn: workers.spawn });
    const b = new RunSession(() => config(1), { spawn: workers.spawn });
    let bBatches = 0;
    b.onBatch(() => void bBatches++);
    a.connect();
    b.connect();
    await settle();
    {
      const [ta, tb] = workers.trainers;
      const fault = { message: 'losses/value_loss became non-finite at update 3 (step 96); paused.', nonFinite: { key: METRIC.valueLoss, update: 3, step: 96 } };
      ta.emit(batch(96, { errors: [fault], status: { running: false } }));
      tb.emit(batch(96));
      tb.emit(batch(128));
      expect(a.playing).toBe(false);
      expect(a.crashed).toBe(false);
      expect(a.errors).toEqual([fault]);
      expect(b.playing).toBe(true);
      expect(b.errors).toEqual([]);
      expect(bBatches).toBe(2);
      expect(ta.ended).toBe(false); // the worker is kept: Reset starts afresh from it, the charts keep the points
    }
  });

  it('in compare mode a NaN in the run beside the page\'s own is named in the compare panel; the page\'s run keeps playing', async () => {
    const workers = fakeWorkers();
    const run = new RunState(makeRunConfig('CartPole-v1', 'ppo'), { spawn: workers.spawn });
    const store = new MetricStore();
    const lab = new LabState(run, store, { hardwareConcurrency: 4, spawn: workers.spawn });
    run.session.connect();
    lab.experiment.connect();
    await settle();
    lab.experiment.compareVariant({ key: 'learningRate', value: 0.01 });
    await settle();
    const [main, other] = workers.trainers;
    expect(lab.experiment.faults()).toEqual([]);
    const fault = { message: 'NaN', nonFinite: { key: METRIC.policyLoss, update: 5, step: 640 } };
    other.emit(batch(640, { errors: [fault], status: { running: false } }));
    main.emit(batch(640));
    const faults = lab.experiment.faults();
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({ label: expect.stringContaining('learningRate'), error: fault, crashed: false });
    expect(run.session.playing).toBe(true);
    expect(run.session.errors).toEqual([]);
    // A companion whose worker dies is named too, as crashed.
    other.failed('out of memory');
    expect(lab.experiment.faults()[0]).toMatchObject({ crashed: true, error: { message: expect.stringContaining('out of memory') } });
    expect(run.session.playing).toBe(true);
  });

  it('a chart fed NaN, +Infinity and −Infinity draws gaps and a finite axis, never throws', () => {
    const h = new MetricHistory();
    const special = [NaN, Infinity, -Infinity];
    h.ingest(scalarBatch([METRIC.valueLoss], 0, 30, (_k, i) => (i >= 10 && i < 13 ? special[i - 10] : 1 + i / 30)));
    const { ctx, rec } = stubContext();
    const scene = renderChart(ctx, h, buildChartSpecs([METRIC.valueLoss])[0], { xAxis: 'step', smoothing: 0.6, logY: true, width: 320, height: 160, episodeWindow: 20 });
    expect(scene.y.domain().every(Number.isFinite)).toBe(true);
    expect(rec.path.every(([, x, y]) => Number.isFinite(x) && Number.isFinite(y))).toBe(true);
    // The line breaks at the fault: more than one sub-path.
    expect(rec.path.filter(([op]) => op === 'M').length).toBeGreaterThan(1);
  });
});

// `auto` without the wait (issue 11): the trainer starts on a safe backend, times the others after the first
// update and switches between two iterations. Fakes stand in for tfjs: what is tested is when each happens.
import { describe, expect, it } from 'vitest';
import type { RunConfig } from '../../../src/config/run-config.ts';
import { resolveSettings } from '../../../src/config/resolve.ts';
import { BackendChooser, type BackendInfo } from '../../../src/workers/backend-chooser.ts';

const CONFIG: RunConfig = { env: 'CartPole-v1', agent: 'ppo', preset: 'playground', seed: 1, backend: 'auto', overrides: {}, bugs: [], totalSteps: null };
const SETTINGS = resolveSettings(CONFIG);

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: Error) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const MEASURED: BackendInfo = { backend: 'webgl', reason: 'auto: webgl 2.0 ms/train step vs wasm 5.0', timings: { webgl: { forwardMs: 0.5, trainMs: 2 }, wasm: { forwardMs: 0.2, trainMs: 5 } } };

function fixture() {
  const log: string[] = [];
  const measurement = deferred<BackendInfo>();
  let changes = 0;
  let switchFails = false;
  const chooser = new BackendChooser(
    {
      setupBackend: async (c) => {
        log.push(`setup ${c.backend}`);
        return c.backend === 'auto'
          ? { backend: 'wasm', reason: 'auto: wasm until every backend is timed', timings: {}, measure: () => (log.push('measure'), measurement.promise) }
          : { backend: c.backend, reason: `forced: ${c.backend}`, timings: {} };
      },
      switchBackend: async (name) => {
        log.push(`switch ${name}`);
        if (switchFails) throw new Error('no such adapter');
      },
    },
    () => changes++,
  );
  return { chooser, log, measurement, changes: () => changes, failSwitch: () => (switchFails = true) };
}

describe('BackendChooser', () => {
  it('a forced backend is set up once per key and never measured', async () => {
    const f = fixture();
    const forced = { ...CONFIG, backend: 'cpu' as const };
    await f.chooser.prepare(forced, SETTINGS);
    await f.chooser.prepare(forced, SETTINGS);
    f.chooser.startMeasuring();
    expect(f.log).toEqual(['setup cpu']);
    expect(f.chooser.measuring).toBe(false);
    expect(f.chooser.info.backend).toBe('cpu');
  });

  it('auto starts on the safe backend, measures only when asked, and switches only at apply()', async () => {
    const f = fixture();
    await f.chooser.prepare(CONFIG, SETTINGS);
    expect(f.chooser.info).toMatchObject({ backend: 'wasm', timings: {} });
    expect(f.chooser.measuring).toBe(true);
    expect(f.log).toEqual(['setup auto']);
    f.chooser.startMeasuring();
    f.chooser.startMeasuring(); // once
    expect(f.log).toEqual(['setup auto', 'measure']);
    f.measurement.resolve(MEASURED);
    await f.measurement.promise;
    await Promise.resolve();
    expect(f.changes()).toBe(1);
    // Chosen, not switched yet: that waits for the iteration boundary.
    expect(f.chooser.info.backend).toBe('wasm');
    expect(f.chooser.measuring).toBe(true);
    await f.chooser.apply();
    expect(f.log).toEqual(['setup auto', 'measure', 'switch webgl']);
    expect(f.chooser.info).toEqual(MEASURED);
    expect(f.chooser.measuring).toBe(false);
  });

  it('no switch when the safe backend is the fastest; a failed switch keeps the old backend and says why', async () => {
    const same = fixture();
    await same.chooser.prepare(CONFIG, SETTINGS);
    same.chooser.startMeasuring();
    same.measurement.resolve({ ...MEASURED, backend: 'wasm' });
    await same.measurement.promise;
    await same.chooser.apply();
    expect(same.log).not.toContain('switch wasm');
    expect(same.chooser.info.timings).toEqual(MEASURED.timings);

    const failing = fixture();
    failing.failSwitch();
    await failing.chooser.prepare(CONFIG, SETTINGS);
    failing.chooser.startMeasuring();
    failing.measurement.resolve(MEASURED);
    await failing.measurement.promise;
    await failing.chooser.apply();
    expect(failing.chooser.info.backend).toBe('wasm');
    expect(failing.chooser.info.reason).toMatch(/switching to webgl failed: no such adapter/);
    expect(failing.chooser.measuring).toBe(false);
  });

  it("a measurement of an earlier key is dropped, and a failed one leaves the safe backend with the reason", async () => {
    const f = fixture();
    await f.chooser.prepare(CONFIG, SETTINGS);
    f.chooser.startMeasuring();
    await f.chooser.prepare({ ...CONFIG, backend: 'cpu' }, SETTINGS);
    f.measurement.resolve(MEASURED);
    await f.measurement.promise;
    await f.chooser.apply();
    expect(f.chooser.info.backend).toBe('cpu');
    expect(f.log).not.toContain('switch webgl');

    const g = fixture();
    await g.chooser.prepare(CONFIG, SETTINGS);
    g.chooser.startMeasuring();
    g.measurement.reject(new Error('worker could not load'));
    await g.measurement.promise.catch(() => {});
    await Promise.resolve();
    expect(g.chooser.measuring).toBe(false);
    expect(g.chooser.info).toMatchObject({ backend: 'wasm' });
    expect(g.chooser.info.reason).toMatch(/timing the others failed: worker could not load/);
  });
});

describe('Trainer with an auto backend that starts untimed', () => {
  it('times the backends after the first update and switches between two iterations, never inside one', async () => {
    const { Trainer } = await import('../../../src/workers/trainer.ts');
    const { VectorEnv } = await import('../../../src/envs/vector-env.ts');
    const events: string[] = [];
    let inIterate = false;
    const trainer = new Trainer({
      setupBackend: async () => ({
        backend: 'wasm',
        reason: 'auto: wasm until every backend is timed',
        timings: {},
        measure: async () => (events.push('measure'), MEASURED),
      }),
      switchBackend: async (name) => void events.push(`switch ${name}${inIterate ? ' inside an iteration' : ''}`),
      createAgent: (_settings, ctx) => {
        const vecEnv = new VectorEnv('CartPole-v1', 2);
        vecEnv.reset(1);
        const agent = {
          vecEnv,
          config: {},
          envSteps: 0,
          updates: 0,
          metricKeys: () => [],
          async iterate() {
            inIterate = true;
            events.push(`iterate ${agent.updates + 1}`);
            await new Promise((r) => setTimeout(r, 1));
            vecEnv.step(new Int32Array(2));
            agent.envSteps += 2;
            agent.updates++;
            ctx.sink.at(agent.envSteps, agent.updates);
            inIterate = false;
          },
          dispose() {},
        };
        return agent;
      },
    });
    const statuses: { backend: string; measuring: boolean }[] = [];
    await trainer.subscribe((b) => statuses.push({ backend: b.status.backend, measuring: b.status.backendMeasuring === true }));
    await trainer.init(CONFIG);
    await trainer.setSpeed('max');
    await trainer.step(4);
    const t0 = Date.now();
    while (!events.includes('iterate 4') || statuses.length === 0 || statuses[statuses.length - 1].measuring) {
      if (Date.now() - t0 > 10_000) throw new Error(`not done: ${events.join(', ')}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    await trainer.dispose();
    expect(events.indexOf('measure')).toBeGreaterThan(events.indexOf('iterate 1'));
    expect(events.filter((e) => e.startsWith('switch'))).toEqual(['switch webgl']);
    expect(statuses[0]).toEqual({ backend: 'wasm', measuring: true });
    expect(statuses[statuses.length - 1]).toEqual({ backend: 'webgl', measuring: false });
  });
});

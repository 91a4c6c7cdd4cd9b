// Worker faults (issue 15), one injected per kind, as the page's RunSession sees them: an exception in
// the agent's update (the worker reports it), an uncaught error in the worker (its error event, e.g.
// "out of memory"), and a worker that goes silent without any event (ended by the browser): each gives
// a message, marks the run crashed so Restart is offered, keeps the points already collected (the
// restart goes to a new chart run), and a restart starts a fresh worker from the same config.

import { describe, expect, it } from 'vitest';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import { RunSession } from '../../../src/ui/state/run-session.svelte.ts';
import { Watchdog } from '../../../src/ui/state/watchdog.ts';
import type { SpawnTrainer, TrainerRemote } from '../../../src/ui/state/worker-link.ts';
import { batch, fakeWorkers, settle } from '../ui/fake-trainer.ts';

const CONFIG = makeRunConfig('CartPole-v1', 'ppo', { seed: 4 });

/** Fake workers that can go silent: every command to a silent one never answers. */
function silentCapable() {
  const base = fakeWorkers();
  const silent = new Set<number>();
  const spawn: SpawnTrainer = (failed) => {
    const port = base.spawn(failed);
    const index = base.trainers.length - 1;
    const api = new Proxy(port.api as unknown as Record<string, unknown>, {
      get: (target, key) => {
        const f = target[key as string];
        if (typeof f !== 'function') return f;
        return (...args: unknown[]) => (silent.has(index) ? new Promise(() => {}) : (f as (...a: unknown[]) => unknown)(...args));
      },
    });
    return { api: api as unknown as TrainerRemote, end: port.end };
  };
  return { spawn, trainers: base.trainers, silence: (i: number) => silent.add(i) };
}

async function playingSession(spawn: SpawnTrainer, watchdog = { silentMs: 40, pingMs: 40 }) {
  const session = new RunSession(() => CONFIG, { playing: true, spawn, watchdog });
  const runIds: string[] = [];
  session.onStart((s) => void runIds.push(s.runId));
  session.connect();
  await settle();
  return { session, runIds };
}

const until = async (cond: () => boolean, what: string, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('worker faults on the page', () => {
  it('an exception in the update: its message, crashed, Restart starts a fresh worker from the same config into a new chart run', async () => {
    const workers = fakeWorkers();
    const { session, runIds } = await playingSession(workers.spawn);
    workers.trainers[0].emit(batch(64));
    workers.trainers[0].emit(batch(96, { errors: [{ message: 'RangeError: WebAssembly.Memory.grow(): Maximum memory size exceeded', stack: 'at iterate' }], status: { running: false } }));
    expect(session.crashed).toBe(true);
    expect(session.playing).toBe(false);
    expect(session.errors[0].message).toMatch(/Maximum memory size exceeded/);
    session.recover();
    await settle();
    expect(workers.trainers).toHaveLength(2);
    expect(workers.trainers[0].ended).toBe(true);
    expect(workers.trainers[1].inits[0]).toEqual(CONFIG);
    expect(session.crashed).toBe(false);
    // The first run's points stay under its own id; the fresh run draws beside them.
    expect(runIds).toHaveLength(2);
    expect(runIds[1]).not.toBe(runIds[0]);
  });

  it("an uncaught error in the worker (its error event): the browser's message, the worker ended, Restart offered", async () => {
    const workers = fakeWorkers();
    const { session } = await playingSession(workers.spawn);
    workers.trainers[0].emit(batch(64));
    workers.trainers[0].failed('Uncaught RangeError: Array buffer allocation failed');
    expect(session.crashed).toBe(true);
    expect(session.connected).toBe(false);
    expect(workers.trainers[0].ended).toBe(true);
    expect(session.errors[0].message).toContain('Array buffer allocation failed');
  });

  it('a worker that goes silent while training is reported after the silence and an unanswered ping', async () => {
    const workers = silentCapable();
    const { session } = await playingSession(workers.spawn);
    workers.trainers[0].emit(batch(64)); // running: batches are expected from now on
    workers.silence(0);
    await until(() => session.crashed, 'the silent worker to be reported');
    expect(session.errors.at(-1)!.message).toMatch(/stopped responding for \d+ s/);
    expect(workers.trainers[0].ended).toBe(true);
    session.recover();
    await settle();
    expect(workers.trainers).toHaveLength(2);
    expect(workers.trainers[1].inits[0]).toEqual(CONFIG);
    session.disconnect();
  });

  it('a paused run or a busy worker that answers the ping is not reported', async () => {
    const workers = silentCapable();
    const { session } = await playingSession(workers.spawn);
    workers.trainers[0].emit(batch(64));
    // Silent but answering (a long update that still yields to messages): the ping keeps it alive.
    const pingsBefore = workers.trainers[0].calls.filter((c) => c.startsWith('speed')).length;
    await until(() => workers.trainers[0].calls.filter((c) => c.startsWith('speed')).length > pingsBefore + 2, 'a few pings');
    expect(session.crashed).toBe(false);
    // Paused: no batches are expected, so a silent worker is fine.
    session.pause();
    workers.trainers[0].emit(batch(96, { status: { running: false } }));
    workers.silence(0);
    const start = Date.now();
    await until(() => Date.now() - start > 200, 'time to pass');
    expect(session.crashed).toBe(false);
    session.disconnect();
  });
});

describe('Watchdog', () => {
  it('counts a ping that fails as an answer, and one that never settles as death', async () => {
    let t = 0;
    const deaths: number[] = [];
    const make = (ping: () => Promise<unknown>) => new Watchdog({ silentMs: 10, pingMs: 5, expecting: () => true, ping, dead: (ms) => void deaths.push(ms), now: () => t });
    const refusing = make(() => Promise.reject(new Error('no run')));
    t = 20;
    await refusing.check();
    expect(deaths).toEqual([]);
    const hanging = make(() => new Promise(() => {}));
    t = 40;
    await hanging.check();
    expect(deaths).toEqual([20]); // silent since it was made at t = 20
  });
});

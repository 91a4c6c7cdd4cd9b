// The history database (fake-indexeddb in node): runs written in chunks read back decimated; a write
// that fails (a full disk: put throws QuotaExceededError) is reported and changes nothing stored; the
// recorder keeps the points of a failed write and writes them once storage is free again.

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HistoryWriteError, openHistory, type ChunkData, type HistoryStore } from '../../../src/history/store.ts';
import { RunRecorder, COMPACT_AT } from '../../../src/history/recorder.ts';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import type { TrainerBatch } from '../../../src/workers/protocol.ts';
import { sampleRun } from './fixtures.ts';

let dbCount = 0;
let store: HistoryStore;
const open = async () => (store = await openHistory(`test-history-${++dbCount}`));

afterEach(() => {
  vi.restoreAllMocks();
  store?.close();
});

/** Make every put into the `chunks` store (or every put) fail as a full disk does. */
function fillDisk(only?: string): void {
  const put = IDBObjectStore.prototype.put;
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (only === undefined || this.name === only) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return put.apply(this, args);
  });
}

function chunk(from: number, n: number): ChunkData {
  const step = Float64Array.from({ length: n }, (_, i) => (from + i) * 64);
  return {
    scalars: [{ key: 'losses/entropy', step, update: Float64Array.from(step, (s) => s / 64), wall: Float64Array.from(step, (s) => s / 1e4), value: Float64Array.from(step, (s) => Math.sin(s)) }],
    episodes: { step: Float64Array.from([step[0]]), return: Float64Array.from([from]), length: Float64Array.from([10]), solved: Float64Array.from([0]), envIndex: Float64Array.from([0]) },
    histograms: [],
  };
}

function batch(from: number, n: number, episodes = 1): TrainerBatch {
  const step = Float64Array.from({ length: n }, (_, i) => (from + i) * 64);
  return {
    scalars: [{ key: 'losses/entropy', step, update: Float64Array.from(step, (s) => s / 64), wall: Float64Array.from(step, (s) => s / 1e4), value: Float64Array.from(step, (s) => Math.cos(s)) }],
    histograms: [],
    frames: [],
    episodes: Array.from({ length: episodes }, (_, i) => ({ step: step[0], return: 10 + i, length: 10, solved: false, terminated: true, truncated: false, envIndex: 0 })),
    alerts: [],
    errors: [],
    status: { running: true, envSteps: step[n - 1], updates: from + n, wallS: 1, episodes: 1, backend: 'cpu', backendReason: '', backendTimings: {}, totalSteps: null, done: false },
  };
}

describe('HistoryStore', () => {
  it('adds a run, lists it and loads it back exactly', async () => {
    await open();
    const run = sampleRun();
    await store.add(run);
    expect((await store.list()).map((r) => r.id)).toEqual(['run-a']);
    expect(await store.load('run-a')).toEqual(run);
    expect(await store.load('nope')).toBeUndefined();
  });

  it('appends chunks, compacts them into one decimated chunk, and keeps the learner fields on recorder writes', async () => {
    await open();
    const fresh = { ...sampleRun('r1'), scalars: undefined, episodes: undefined, histograms: undefined } as never;
    for (let k = 0; k < 40; k++) await store.record(fresh, { envSteps: k }, chunk(k * 100, 100));
    await store.update('r1', { name: 'renamed', notes: { expect: 'e', happened: 'h' } });
    await store.record(fresh, { envSteps: 4000 }, chunk(4000, 100));
    const before = await store.load('r1');
    expect(before!.scalars[0].step.length).toBeLessThanOrEqual(1000);
    expect(before!.scalars[0].step.length).toBeGreaterThan(600);
    expect(before!.name).toBe('renamed');
    expect(before!.notes.happened).toBe('h');
    expect(before!.envSteps).toBe(4000);
    await store.compact('r1');
    const after = await store.load('r1');
    expect(after!.scalars).toEqual(before!.scalars);
    expect(after!.episodes.step.length).toBe(41);
  });

  it('renames, deletes, and reports that a missing run cannot be updated', async () => {
    await open();
    await store.add(sampleRun('a'));
    await store.add(sampleRun('b'));
    expect(await store.update('a', { name: 'first' })).toBe(true);
    expect(await store.update('zzz', { name: 'x' })).toBe(false);
    await store.remove('b');
    expect((await store.list()).map((r) => [r.id, r.name])).toEqual([['a', 'first']]);
    expect(await store.load('b')).toBeUndefined();
  });

  it('a write that hits the quota throws a HistoryWriteError and leaves every stored run as it was', async () => {
    await open();
    await store.add(sampleRun('kept'));
    const fresh = { ...sampleRun('r1'), scalars: undefined, episodes: undefined, histograms: undefined } as never;
    await store.record(fresh, { envSteps: 1 }, chunk(0, 10));
    const r1 = await store.load('r1');
    fillDisk('chunks');
    const err = await store.record(fresh, { envSteps: 2 }, chunk(10, 10)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HistoryWriteError);
    expect((err as HistoryWriteError).quota).toBe(true);
    expect((err as HistoryWriteError).message).toMatch(/storage .* is full/);
    const err2 = await store.add(sampleRun('new')).catch((e: unknown) => e);
    expect(err2).toBeInstanceOf(HistoryWriteError);
    vi.restoreAllMocks();
    // the run record was not advanced without its chunk, the other run is intact, the failed import is absent
    expect(await store.load('r1')).toEqual(r1);
    expect(await store.load('kept')).toEqual(sampleRun('kept'));
    expect((await store.list()).map((r) => r.id).sort()).toEqual(['kept', 'r1']);
  });
});

describe('RunRecorder', () => {
  it('writes coalesced chunks, reports a failed write, keeps its points and writes them after', async () => {
    await open();
    const errors: string[] = [];
    const rec = new RunRecorder(store, { intervalMs: 60_000, onError: (e) => errors.push(e.message) });
    rec.begin('live', makeRunConfig('CartPole-v1', 'ppo'), 'live run', { expect: 'it learns', happened: '' });
    rec.add(batch(0, 5));
    rec.add(batch(5, 5));
    await rec.flush();
    expect((await store.load('live'))!.scalars[0].step.length).toBe(10);
    expect((await store.load('live'))!.notes.expect).toBe('it learns');

    fillDisk();
    rec.add(batch(10, 5, 2));
    await rec.flush();
    expect(errors).toEqual(['the browser storage for this site is full']);
    vi.restoreAllMocks();
    expect((await store.load('live'))!.scalars[0].step.length).toBe(10);

    rec.add(batch(15, 5));
    await rec.flush();
    const run = (await store.load('live'))!;
    expect([...run.scalars[0].step]).toEqual(Array.from({ length: 20 }, (_, i) => i * 64));
    expect(run.episodes.return.length).toBe(5);
    expect(run.finalReturn).toBeCloseTo((10 + 10 + 11 + 10 + 10) / 5);
    await rec.end();
  });

  it('does not store a run that never produced data, and compacts long runs', async () => {
    await open();
    const rec = new RunRecorder(store, { intervalMs: 60_000 });
    rec.begin('empty', makeRunConfig('CartPole-v1', 'ppo'), 'nothing', { expect: '', happened: '' });
    await rec.flush();
    rec.begin('long', makeRunConfig('CartPole-v1', 'ppo'), 'long', { expect: '', happened: '' });
    for (let k = 0; k < COMPACT_AT + 3; k++) {
      rec.add(batch(k * 50, 50));
      await rec.flush();
    }
    expect((await store.list()).map((r) => r.id)).toEqual(['long']);
    const run = (await store.load('long'))!;
    expect(run.scalars[0].step.length).toBeLessThanOrEqual(1000);
    expect(run.scalars[0].step.at(-1)).toBe(((COMPACT_AT + 3) * 50 - 1) * 64);
  });
});

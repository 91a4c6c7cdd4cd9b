// Memory that stays bounded however long a run trains (issue 15's soak): the charts' series, flush clock,
// finished episodes and histogram snapshots and the recorder's episode-return summary hold a fixed amount, whatever the run's length,
// while what the user sees stays faithful (first and newest snapshots, even spread, exact counts; a
// sparkline within a block of the exact one). The 30-minute browser soak is `npm run bench:soak`.

import { describe, expect, it } from 'vitest';
import { RETURN_DIGEST_BLOCKS, ReturnDigest, finalReturn, sparkline } from '../../../src/history/decimate.ts';
import { MAX_CHART_EPISODES, MAX_HISTOGRAM_SNAPSHOTS, MetricHistory } from '../../../src/ui/charts/metric-history.ts';
import { EpisodeWindows } from '../../../src/ui/charts/episode-windows.ts';
import { HistogramReservoir } from '../../../src/ui/charts/histogram-reservoir.ts';
import { MAX_SERIES_POINTS, ScalarSeries } from '../../../src/ui/charts/columns.ts';
import { IncrementalDecimator } from '../../../src/ui/charts/incremental-decimator.ts';
import { SmoothCache } from '../../../src/ui/charts/smooth-cache.ts';
import type { EpisodeEnd, TrainerBatch } from '../../../src/workers/protocol.ts';

function batch(update: number, keys: string[]): TrainerBatch {
  const step = update * 512;
  return {
    scalars: [],
    histograms: keys.map((key) => ({ key, step, update, min: -update, max: update, counts: new Float32Array([update, update + 1, update + 2]) })),
    frames: [],
    episodes: [],
    alerts: [],
    errors: [],
    status: { envSteps: step, updates: update, wallS: update / 10 } as TrainerBatch['status'],
  };
}

describe('histogram snapshots on the charts', () => {
  it('keep at most MAX_HISTOGRAM_SNAPSHOTS per key over a run 20 times longer, evenly spread, with their own counts', () => {
    const keys = Array.from({ length: 20 }, (_, i) => `histograms/weights/actor/${i}`);
    const h = new MetricHistory();
    const total = 20 * MAX_HISTOGRAM_SNAPSHOTS;
    let lengthChanged = true;
    for (let u = 1; u <= total; u++) {
      const before = h.run('run')?.histograms.get(keys[0])?.length;
      h.ingest(batch(u, keys));
      // HistogramChart redraws when the length changes: it must, with every snapshot.
      lengthChanged &&= h.run('run')!.histograms.get(keys[0])!.length !== before;
    }
    expect(lengthChanged).toBe(true);
    const run = h.run('run')!;
    expect([...run.histograms.keys()]).toEqual(keys);
    for (const key of keys) {
      const list = run.histograms.get(key)!;
      expect(list.length).toBeLessThanOrEqual(MAX_HISTOGRAM_SNAPSHOTS);
      expect(list.length).toBeGreaterThan(MAX_HISTOGRAM_SNAPSHOTS / 2);
      expect(list[0].update).toBe(1);
      expect(list[list.length - 1].update).toBe(total);
      // Each kept snapshot still carries its own counts and range (slots are reused, never shared).
      for (const s of list) {
        expect(s.key).toBe(key);
        expect([...s.counts]).toEqual([s.update, s.update + 1, s.update + 2]);
        expect(s.max).toBe(s.update);
      }
      const gaps = list.slice(1).map((s, i) => s.step - list[i].step);
      const even = (total * 512) / MAX_HISTOGRAM_SNAPSHOTS;
      expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * even);
    }
  });

  it('copies the counts out of the message (a later change to the sent array does not show)', () => {
    const r = new HistogramReservoir('histograms/ratio', 4);
    const sent = new Float32Array([1, 2, 3]);
    r.add({ key: 'histograms/ratio', step: 1, update: 1, min: 0, max: 1, counts: sent });
    sent[0] = 99;
    expect([...r.list[0].counts]).toEqual([1, 2, 3]);
  });
});

describe('ReturnDigest (the recorder\'s episode returns)', () => {
  const returns = (n: number): number[] => Array.from({ length: n }, (_, i) => 20 + ((i * 7919) % 480) + i / 100);

  it('is exact up to RETURN_DIGEST_BLOCKS episodes', () => {
    for (const n of [1, 3, 47, 48, 49, 500, RETURN_DIGEST_BLOCKS]) {
      const rs = returns(n);
      const d = new ReturnDigest();
      for (const r of rs) d.add(r);
      expect(d.count).toBe(n);
      expect(d.sparkline()).toEqual(sparkline(rs));
      expect(d.finalReturn()).toBe(finalReturn(rs));
    }
  });

  it('stays within a block of the exact sparkline for 100,000 episodes in fixed memory', () => {
    const n = 100_000;
    const rs = returns(n);
    const d = new ReturnDigest();
    for (const r of rs) d.add(r);
    const exact = sparkline(rs);
    const approx = d.sparkline();
    expect(approx.length).toBe(exact.length);
    // A stretch is ~2,083 episodes; a block is 128: the ends can be off by a block's share of the range.
    for (let k = 0; k < exact.length; k++) expect(Math.abs(approx[k] - exact[k])).toBeLessThan((2 * 128 * 500) / 2083);
    expect(d.finalReturn()).toBe(finalReturn(rs));
    expect(d.sparkline()).toEqual(approx);
  });
});

describe('chart series (ScalarSeries) and the flush clock', () => {
  it('hold at most MAX_SERIES_POINTS over 30,000 points: the newer half exact, every spike of the older kept', () => {
    const s = new ScalarSeries('losses/value_loss');
    const N = 30_000;
    const value = (i: number): number => (i === 1234 ? 1e6 : i === 5678 ? -1e6 : Math.sin(i / 50));
    for (let i = 0; i < N; i++) s.append({ step: [i * 512], update: [i], wall: [i / 10], value: [value(i)] }, 1);
    expect(s.length).toBeLessThanOrEqual(MAX_SERIES_POINTS);
    expect(s.capacity).toBeLessThanOrEqual(MAX_SERIES_POINTS);
    const v = s.col('value');
    const u = s.col('update');
    expect(Math.max(...v)).toBe(1e6);
    expect(Math.min(...v)).toBe(-1e6);
    expect(u[0]).toBe(0);
    // The newest quarter of the cap is every point, in order, with its own columns.
    for (let k = 1; k <= MAX_SERIES_POINTS / 4; k++) {
      const i = N - k;
      expect(u[s.length - k]).toBe(i);
      expect(s.col('step')[s.length - k]).toBe(i * 512);
      expect(v[s.length - k]).toBe(value(i));
    }
    for (let j = 1; j < s.length; j++) expect(u[j]).toBeGreaterThan(u[j - 1]);
  });

  it('a thinned series draws and smooths as a fresh one would (the caches start over)', () => {
    const s = new ScalarSeries('charts/x', 64, 256);
    const dec = new IncrementalDecimator();
    const smooth = new SmoothCache();
    for (let i = 0; i < 1000; i++) {
      s.append({ step: [i], update: [i], wall: [i], value: [Math.cos(i / 7) * (i % 13)] }, 1);
      if (i % 97 !== 0 && i !== 999) continue;
      const n = s.length;
      const got = dec.update(s.raw('step'), s.raw('value'), n, 50, 0, 1024);
      const want = new IncrementalDecimator().update(s.raw('step'), s.raw('value'), n, 50, 0, 1024);
      expect([...got.y.subarray(0, got.length)]).toEqual([...want.y.subarray(0, want.length)]);
      expect([...smooth.get(s, s.raw('value'), n, 0.6)]).toEqual([...new SmoothCache().get(s, s.raw('value'), n, 0.6)]);
    }
    expect(s.length).toBeLessThanOrEqual(256);
  });

  it('the flush clock keeps at most MAX_SERIES_POINTS rows and still maps steps to updates', () => {
    const h = new MetricHistory();
    for (let u = 1; u <= 5 * MAX_SERIES_POINTS; u++) h.ingest(batch(u, []));
    const run = h.run('run')!;
    expect(run.clock.length).toBeLessThanOrEqual(MAX_SERIES_POINTS);
    expect(run.xAt(512 * 7777, 'update')).toBeCloseTo(7777, 6);
    expect(run.xAt(512 * 5 * MAX_SERIES_POINTS, 'update')).toBe(5 * MAX_SERIES_POINTS);
  });
});

describe('finished episodes on the charts', () => {
  it('keep at most MAX_CHART_EPISODES over 100,000 one-step episodes: the newest half consecutive, the windows as a fresh computation gives', () => {
    const h = new MetricHistory();
    let step = 0;
    const returnOf = (t: number) => (t * 7919) % 101;
    for (let u = 1; u <= 200; u++) {
      const episodes: EpisodeEnd[] = Array.from({ length: 500 }, () => {
        step++;
        return { envIndex: 0, return: returnOf(step), length: 1, terminated: true, truncated: false, solved: step % 3 === 0, step };
      });
      h.ingest({ ...batch(u, []), episodes, status: { envSteps: step, updates: u, wallS: u } as TrainerBatch['status'] });
      h.run('run')!.chartWindows(20); // drawn after every flush: the cached windows must follow the thinning
    }
    const run = h.run('run')!;
    const n = run.episodes.length;
    expect(n).toBeLessThanOrEqual(MAX_CHART_EPISODES);
    expect(run.episodes.capacity).toBeLessThanOrEqual(MAX_CHART_EPISODES);
    const steps = run.episodes.raw('step');
    for (let i = 1; i < n; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1]);
    // The newest half is every episode, in order, up to the last one.
    for (let i = n - MAX_CHART_EPISODES / 2; i < n; i++) expect(steps[i]).toBe(step - (n - 1 - i));
    const w = run.chartWindows(20);
    const fresh = new EpisodeWindows(w.size);
    fresh.update(run.episodes);
    expect(Array.from(w.col('returnMean'))).toEqual(Array.from(fresh.col('returnMean')));
    expect(Array.from(w.col('solveRate'))).toEqual(Array.from(fresh.col('solveRate')));
    // The newest window (tumbling from the first kept episode, in the newer half) is the mean of the episodes there were.
    const from = Math.floor((n - 1) / w.size) * w.size;
    const newest = Array.from({ length: n - from }, (_, i) => returnOf(steps[from + i]));
    expect(newest.length).toBeGreaterThan(0);
    expect(steps[n - 1] - steps[from]).toBe(n - 1 - from);
    expect(w.raw('returnMean')[w.length - 1]).toBeCloseTo(newest.reduce((a, b) => a + b, 0) / newest.length, 9);
  });

  it('windows drawn at the cap are redone after a thinning that lands on the same episode count', () => {
    const h = new MetricHistory();
    const flush = (from: number, count: number, u: number) =>
      h.ingest({
        ...batch(u, []),
        episodes: Array.from({ length: count }, (_, i) => ({ envIndex: 0, return: (from + i) % 13, length: 1, terminated: true, truncated: false, solved: false, step: from + i })),
        status: { envSteps: from + count, updates: u, wallS: u } as TrainerBatch['status'],
      });
    flush(1, MAX_CHART_EPISODES, 1);
    const run = h.run('run')!;
    run.chartWindows(20);
    // Thinned to 3/4 at the first of these, then back to exactly MAX_CHART_EPISODES.
    flush(1 + MAX_CHART_EPISODES, MAX_CHART_EPISODES / 4, 2);
    expect(run.episodes.length).toBe(MAX_CHART_EPISODES);
    const w = run.chartWindows(20);
    const fresh = new EpisodeWindows(w.size);
    fresh.update(run.episodes);
    expect(Array.from(w.col('returnMean'))).toEqual(Array.from(fresh.col('returnMean')));
  });
});

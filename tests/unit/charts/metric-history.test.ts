import { describe, expect, it } from 'vitest';
import { aggregateEpisodes, solveRate } from '../../../src/diagnostics/aggregate.ts';
import { METRIC } from '../../../src/diagnostics/metric-keys.ts';
import { MAX_HISTOGRAM_SNAPSHOTS, MetricHistory } from '../../../src/ui/charts/metric-history.ts';
import type { EpisodeEnd, TrainerBatch } from '../../../src/workers/protocol.ts';
import { rng, scalarBatch, status, syntheticPpoRun } from './synthetic.ts';

function empty(envSteps: number): TrainerBatch {
  return { scalars: [], histograms: [], frames: [], episodes: [], alerts: [], errors: [], status: status(envSteps, envSteps / 512, envSteps / 1000) };
}

function episode(step: number, ret: number, solved = false): EpisodeEnd {
  return { step, envIndex: 0, return: ret, length: ret, terminated: true, truncated: false, solved };
}

describe('MetricHistory ingest', () => {
  it('keeps up with 10^5 points per series across many batches without losing one (below its series cap)', () => {
    // The dashboard's store thins series past MAX_SERIES_POINTS (tests/unit/hardening/bounded-memory.test.ts).
    const h = new MetricHistory({ maxSeriesPoints: 2 ** 17 });
    const keys = ['losses/a', 'losses/b'];
    for (let start = 0; start < 100_000; start += 250) h.ingest(scalarBatch(keys, start, 250, (k, i) => (k === 'losses/a' ? i : -i)));
    const a = h.series('run', 'losses/a')!;
    expect(a.length).toBe(100_000);
    expect(a.capacity).toBe(131_072); // doubled, not grown per batch
    const v = a.col('value');
    let ok = true;
    for (let i = 0; i < v.length; i++) ok &&= v[i] === i;
    expect(ok).toBe(true);
    expect(a.col('step')[99_999]).toBe(100_000);
    expect(h.series('run', 'losses/b')!.col('value')[500]).toBe(-500);
    expect(h.pointCount()).toBe(200_000);
  });

  it('keeps runs apart and gives them palette slots in order (or as asked)', () => {
    const h = new MetricHistory();
    h.addRun('healthy', { label: 'healthy' });
    h.addRun('broken', { label: 'lr_too_high' });
    h.addRun('seed3', { colorIndex: 4 });
    h.ingest(scalarBatch(['losses/x'], 0, 3, () => 1), 'healthy');
    h.ingest(scalarBatch(['losses/x', 'losses/y'], 0, 5, () => 2), 'broken');
    expect(h.runs.map((r) => [r.id, r.colorIndex])).toEqual([['healthy', 0], ['broken', 1], ['seed3', 4]]);
    expect(h.series('healthy', 'losses/x')!.length).toBe(3);
    expect(h.series('broken', 'losses/x')!.length).toBe(5);
    expect(h.series('healthy', 'losses/y')).toBeUndefined();
    expect([...h.scalarKeys()].sort()).toEqual(['losses/x', 'losses/y']);
    h.removeRun('broken');
    expect([...h.scalarKeys()]).toEqual(['losses/x']);
  });

  it('lists announced keys before any data arrives', () => {
    const h = new MetricHistory();
    h.announce([METRIC.entropy, METRIC.approxKl]);
    expect([...h.scalarKeys()].sort()).toEqual([METRIC.approxKl, METRIC.entropy]);
    expect(h.series('run', METRIC.entropy)).toBeUndefined();
  });

  it('stores histogram snapshots per key and thins them evenly, keeping the newest', () => {
    const h = new MetricHistory();
    for (let u = 1; u <= MAX_HISTOGRAM_SNAPSHOTS + 1; u++) {
      const b = empty(u * 512);
      b.histograms.push({ key: 'histograms/weights/actor/0', step: u * 512, update: u, min: -1, max: 1, counts: new Float32Array([1, 2, 3]) });
      if (u === 1) b.histograms.push({ key: 'histograms/ratio', step: 512, update: 1, min: 0.9, max: 1.1, counts: new Float32Array([0, 5, 0]) });
      h.ingest(b);
    }
    expect(h.histogramKeys()).toEqual(['histograms/weights/actor/0', 'histograms/ratio']);
    const list = h.run('run')!.histograms.get('histograms/weights/actor/0')!;
    expect(list.length).toBeLessThanOrEqual(MAX_HISTOGRAM_SNAPSHOTS);
    expect(list.length).toBeGreaterThan(MAX_HISTOGRAM_SNAPSHOTS / 2);
    expect(list[0].update).toBe(1);
    expect(list[list.length - 1].update).toBe(MAX_HISTOGRAM_SNAPSHOTS + 1);
    for (let i = 1; i < list.length; i++) expect(list[i].update).toBeGreaterThan(list[i - 1].update);
  });

  it('aggregates episodes into windows (mean, std, min, max, solve rate)', () => {
    const h = new MetricHistory();
    const b = empty(100);
    [10, 20, 30, 40, 500].forEach((r, i) => b.episodes.push(episode((i + 1) * 10, r, r === 500)));
    h.ingest(b);
    const w = h.run('run')!.episodeWindows(2);
    expect(w.length).toBe(3);
    expect([...w.col('returnMean')]).toEqual([15, 35, 500]);
    expect([...w.col('returnStd')]).toEqual([5, 5, 0]);
    expect([...w.col('returnMin')]).toEqual([10, 30, 500]);
    expect([...w.col('returnMax')]).toEqual([20, 40, 500]);
    expect([...w.col('step')]).toEqual([20, 40, 50]);
    expect([...w.col('solveRate')]).toEqual([0, 0, 1]);
    expect([...w.col('count')]).toEqual([2, 2, 1]);
  });

  it('extends episode windows incrementally to exactly what a full aggregation gives', () => {
    const h = new MetricHistory();
    const r = rng(7);
    const all: EpisodeEnd[] = [];
    let step = 0;
    for (let batch = 0; batch < 60; batch++) {
      const b = empty(step + 1);
      const n = Math.floor(r() * 9); // 0…8 episodes per flush: windows close mid-batch and across batches
      for (let i = 0; i < n; i++) {
        step += 1 + Math.floor(r() * 50);
        const e = episode(step, Math.round(r() * 500), r() < 0.2);
        all.push(e);
        b.episodes.push(e);
      }
      h.ingest(b);
      h.run('run')!.episodeWindows(20); // touch every batch, as a chart would
    }
    const w = h.run('run')!.episodeWindows(20);
    const steps = all.map((e) => e.step);
    const full = aggregateEpisodes(steps, all.map((e) => e.return), 20);
    const solved = solveRate(steps, all.map((e) => e.solved), 20);
    expect([...w.col('returnMean')]).toEqual([...full.mean]);
    expect([...w.col('returnMax')]).toEqual([...full.max]);
    expect([...w.col('returnMedian')]).toEqual([...full.median]);
    expect([...w.col('step')]).toEqual([...full.step]);
    expect([...w.col('solveRate')]).toEqual([...solved.rate]);
  });

  it('draws the first episodes with smaller windows, growing to the full size', () => {
    const h = new MetricHistory();
    const b = empty(100);
    for (let i = 0; i < 18; i++) b.episodes.push(episode(i + 1, i));
    h.ingest(b);
    expect(h.run('run')!.chartWindows(20).size).toBe(2);
    const more = empty(1000);
    for (let i = 18; i < 400; i++) more.episodes.push(episode(i + 1, i));
    h.ingest(more);
    expect(h.run('run')!.chartWindows(20).size).toBe(20);
    expect(h.run('run')!.chartWindows(20).length).toBe(20);
  });

  it('maps env steps to updates and wall time through the flush clock', () => {
    const h = new MetricHistory();
    h.ingest({ ...empty(0), status: status(1000, 2, 10) });
    h.ingest({ ...empty(0), status: status(3000, 6, 30) });
    const run = h.run('run')!;
    expect(run.xAt(2000, 'update')).toBe(4);
    expect(run.xAt(2500, 'wall')).toBe(25);
    expect(run.xAt(2500, 'step')).toBe(2500);
  });

  it('collects alerts and errors per run', () => {
    const h = new MetricHistory();
    const b = empty(10);
    b.alerts.push({ id: 'a', step: 5, key: METRIC.approxKl, message: 'KL spike' });
    b.errors.push({ message: 'nan', nonFinite: { key: METRIC.valueLoss, update: 1, step: 6 } });
    h.ingest(b, 'broken');
    expect(h.run('broken')!.alerts).toHaveLength(1);
    expect(h.run('broken')!.errors[0].nonFinite!.key).toBe(METRIC.valueLoss);
    expect(h.run('run')).toBeUndefined();
  });

  it('ingests a synthetic PPO run end to end', () => {
    const h = new MetricHistory();
    for (const b of syntheticPpoRun({ seed: 1, updates: 100 })) h.ingest(b);
    expect(h.series('run', METRIC.entropy)!.length).toBe(100);
    expect(h.run('run')!.episodes.length).toBeGreaterThan(20);
    expect(h.histogramKeys().length).toBe(4);
  });
});

import { describe, expect, it } from 'vitest';
import { METRIC } from '../../../src/diagnostics/metric-keys.ts';
import { smoothEma } from '../../../src/diagnostics/smoothing.ts';
import { buildChartSpecs } from '../../../src/ui/charts/chart-spec.ts';
import { MetricHistory } from '../../../src/ui/charts/metric-history.ts';
import { readoutAt } from '../../../src/ui/charts/readout.ts';
import { SceneBuilder } from '../../../src/ui/charts/scene.ts';
import type { ChartView, Item } from '../../../src/ui/charts/scene-types.ts';
import { scalarBatch, syntheticPpoRun } from './synthetic.ts';

const view: ChartView = { xAxis: 'step', smoothing: 0, logY: false, width: 400, height: 180, episodeWindow: 20 };
const lines = (items: Item[]) => items.filter((i): i is Extract<Item, { kind: 'line' }> => i.kind === 'line');

function bigHistory(n: number, key: string = METRIC.valueLoss, f: (i: number) => number = (i) => Math.sin(i / 500) + 2): MetricHistory {
  const h = new MetricHistory();
  for (let s = 0; s < n; s += 5000) h.ingest(scalarBatch([key], s, Math.min(5000, n - s), (_k, i) => f(i)));
  return h;
}

describe('SceneBuilder', () => {
  it('decimates 10^5 points to a few per pixel column and keeps a one-point spike', () => {
    const h = bigHistory(100_000, METRIC.valueLoss, (i) => (i === 61_234 ? 1e4 : 1 + (i % 10) / 10));
    const spec = buildChartSpecs([METRIC.valueLoss])[0];
    const scene = new SceneBuilder().build(h, spec, { ...view, showOutliers: true });
    const [line] = lines(scene.items);
    const plotWidth = scene.plot.right - scene.plot.left;
    expect(line.length).toBeLessThanOrEqual(4 * plotWidth + 2);
    expect(Math.max(...line.y.subarray(0, line.length))).toBe(1e4);
    expect(scene.y.domain()[1]).toBeGreaterThanOrEqual(1e4);
    expect(scene.clipped).toBe(false);
    expect(scene.y.domain()[0]).toBe(0); // value loss: zero matters
    const [x0, x1] = scene.x.domain();
    expect(x0).toBe(1);
    expect(x1).toBeGreaterThanOrEqual(100_000);
    expect(x1).toBeLessThan(100_000 * 1.125);
  });

  it('draws raw faintly under the smoothed line, using the diagnostics EMA', () => {
    const h = bigHistory(300, METRIC.entropy, (i) => (i % 2 ? 1 : 0));
    const spec = buildChartSpecs([METRIC.entropy])[0];
    const scene = new SceneBuilder().build(h, spec, { ...view, smoothing: 0.9 });
    const [raw, smooth] = lines(scene.items);
    expect(raw.alpha).toBeLessThan(0.5);
    expect(smooth.alpha).toBe(1);
    // Few points: nothing decimated, so the smoothed line is the EMA itself.
    const expected = smoothEma(h.series('run', METRIC.entropy)!.col('value'), 0.9);
    expect([...smooth.y.subarray(0, smooth.length)]).toEqual([...expected]);
  });

  it('keeps NaN as a gap and drops non-positive values from a log domain', () => {
    const h = bigHistory(200, METRIC.approxKl, (i) => (i === 50 ? NaN : i < 100 ? -0.01 : 0.01 * (1 + i / 200)));
    const spec = buildChartSpecs([METRIC.approxKl])[0];
    const lin = new SceneBuilder().build(h, spec, view);
    expect(lines(lin.items)[0].y.subarray(0, 200).some(Number.isNaN)).toBe(true);
    const log = new SceneBuilder().build(h, spec, { ...view, logY: true });
    expect(log.y.domain()[0]).toBeGreaterThan(0);
    expect(log.logY).toBe(true);
  });

  it('switches the x axis to updates or wall time from the same series', () => {
    const h = new MetricHistory();
    const b = scalarBatch([METRIC.entropy], 0, 10, () => 1);
    b.scalars[0].update = Float64Array.from({ length: 10 }, (_, i) => i / 2);
    b.scalars[0].wall = Float64Array.from({ length: 10 }, (_, i) => 100 + i);
    h.ingest(b);
    const spec = buildChartSpecs([METRIC.entropy])[0];
    expect(new SceneBuilder().build(h, spec, { ...view, xAxis: 'update' }).x.domain()).toEqual([0, 4.5]);
    expect(new SceneBuilder().build(h, spec, { ...view, xAxis: 'wall' }).x.domain()).toEqual([100, 109]);
  });

  it('overlays runs in their palette colours and marks alerts of the chart keys', () => {
    const h = new MetricHistory();
    h.addRun('healthy');
    h.addRun('broken');
    syntheticPpoRun({ seed: 1, updates: 60 }).forEach((b) => h.ingest(b, 'healthy'));
    syntheticPpoRun({ seed: 2, updates: 60, breakAt: 0.3 }).forEach((b) => h.ingest(b, 'broken'));
    const specs = buildChartSpecs(h.scalarKeys(), { rewardThreshold: 475, numActions: 2 });
    const kl = specs.find((s) => s.id === METRIC.approxKl)!;
    const scene = new SceneBuilder().build(h, kl, view);
    const colors = new Set(lines(scene.items).map((l) => l.color));
    expect(colors).toEqual(new Set(['#0072B2', '#D55E00']));
    expect(scene.markers).toHaveLength(1);
    expect(scene.markers[0].color).toBe('#D55E00');
    const entropy = new SceneBuilder().build(h, specs.find((s) => s.id === METRIC.entropy)!, view);
    expect(entropy.markers).toHaveLength(0); // the alert is about KL
    expect(entropy.refs).toEqual([{ kind: 'line', value: Math.log(2), label: 'ln 2 (uniform policy)' }]);
  });

  it('draws episode windows as band, whiskers, points and mean, with the reference lines', () => {
    const h = new MetricHistory();
    syntheticPpoRun({ seed: 3, updates: 80 }).forEach((b) => h.ingest(b));
    const spec = buildChartSpecs(h.scalarKeys(), { rewardThreshold: 475 }).find((s) => s.id === METRIC.episodicReturn)!;
    const scene = new SceneBuilder().build(h, spec, view);
    const kinds = scene.items.map((i) => i.kind);
    expect(kinds).toContain('points');
    expect(kinds).toContain('area');
    expect(kinds.filter((k) => k === 'line')).toHaveLength(1);
    expect(kinds.includes('whiskers') || kinds.filter((k) => k === 'area').length === 2).toBe(true);
    expect(scene.refs).toEqual([
      { kind: 'line', value: 22.3, label: 'random policy' },
      { kind: 'line', value: 475, label: 'solved' },
    ]);
    const w = h.run('run')!.chartWindows(20);
    const mean = lines(scene.items)[0];
    expect(mean.length).toBe(w.length);
    expect(scene.y.domain()[1]).toBeGreaterThanOrEqual(Math.max(...w.col('returnMax')));
  });

  it('draws the solve rate per episode window, between 0 and 1, from the same episodes', () => {
    const h = new MetricHistory();
    h.ingest(scalarBatch([METRIC.entropy], 0, 1, () => 0.5));
    // 160 episodes (so windows hold 20): none of windows 0–3 solved, every other one in 4–5, all in 6–7.
    const episodes = Array.from({ length: 160 }, (_, i) => ({
      envIndex: 0,
      step: (i + 1) * 100,
      return: i < 120 ? 100 : 500,
      length: i < 120 ? 100 : 500,
      terminated: i < 120,
      truncated: i >= 120,
      solved: i >= 120 || (i >= 80 && i % 2 === 0),
    }));
    h.ingest({ ...scalarBatch([], 0, 0, () => 0), episodes });
    const keys = new Set([...h.scalarKeys(), METRIC.episodicReturn]);
    const spec = buildChartSpecs(keys).find((s) => s.id === METRIC.solveRate)!;
    expect(spec.layers).toEqual([{ kind: 'episodes', field: 'solved' }]);
    const scene = new SceneBuilder().build(h, spec, view);
    const line = lines(scene.items)[0];
    expect(Array.from(line.y.subarray(0, line.length))).toEqual([0, 0, 0, 0, 0.5, 0.5, 1, 1]);
    expect(scene.y.domain()[0]).toBe(0);
  });

  it('stacks phase times so the top edge is the total', () => {
    const h = new MetricHistory();
    syntheticPpoRun({ seed: 4, updates: 20 }).forEach((b) => h.ingest(b));
    const spec = buildChartSpecs(h.scalarKeys()).find((s) => s.id === METRIC.phaseMs)!;
    const scene = new SceneBuilder().build(h, spec, view);
    const areas = scene.items.filter((i): i is Extract<Item, { kind: 'area' }> => i.kind === 'area');
    expect(areas).toHaveLength(5);
    const run = h.run('run')!;
    let total = 0;
    for (const k of spec.keys) total += run.scalars.get(k)!.col('value')[7];
    expect(areas[4].hi[7]).toBeCloseTo(total, 9);
    expect(areas[1].lo[7]).toBe(areas[0].hi[7]);
  });

  it('reads out raw and smoothed values at the pointer', () => {
    const h = bigHistory(1000, METRIC.entropy, (i) => i);
    const spec = buildChartSpecs([METRIC.entropy])[0];
    const scene = new SceneBuilder().build(h, spec, { ...view, smoothing: 0.5 });
    const r = readoutAt(scene, scene.x(500), 'step')!;
    expect(r.xLabel).toBe('step 500');
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0].values[0]).toEqual(['raw', '499']);
    expect(r.rows[0].values[1][0]).toBe('smoothed');
    const off = readoutAt(new SceneBuilder().build(h, spec, view), scene.x(500), 'step')!;
    expect(off.rows[0].values.map((v) => v[0])).toEqual(['raw']);
  });

  it('is empty (and reads out nothing) before data arrives', () => {
    const h = new MetricHistory();
    h.announce([METRIC.entropy]);
    const scene = new SceneBuilder().build(h, buildChartSpecs(h.scalarKeys())[0], view);
    expect(scene.empty).toBe(true);
    expect(readoutAt(scene, 100, 'step')).toBeNull();
  });
});

describe('seed groups', () => {
  it('draws runs of one group as the median across seeds with the spread', () => {
    const h = new MetricHistory();
    h.addRun('s1', { group: 'ppo', label: 'seed 1' });
    h.addRun('s2', { group: 'ppo', label: 'seed 2' });
    h.addRun('s3', { group: 'ppo', label: 'seed 3' });
    h.addRun('other', { label: 'broken' });
    [1, 2, 3].forEach((k) => h.ingest(scalarBatch([METRIC.entropy], 0, 100, () => k), `s${k}`));
    h.ingest(scalarBatch([METRIC.entropy], 0, 100, () => 9), 'other');
    expect(h.runs.map((r) => r.colorIndex)).toEqual([0, 0, 0, 1]);
    const spec = buildChartSpecs([METRIC.entropy])[0];
    const scene = new SceneBuilder().build(h, spec, view);
    const area = scene.items.find((i): i is Extract<Item, { kind: 'area' }> => i.kind === 'area')!;
    const median = lines(scene.items)[0];
    expect(median.y[50]).toBe(2);
    expect([area.lo[50], area.hi[50]]).toEqual([1, 3]);
    expect(lines(scene.items)).toHaveLength(2); // the group's median and the lone run
    expect(scene.probes[0].runLabel).toBe('ppo (median of 3 seeds)');
  });
});

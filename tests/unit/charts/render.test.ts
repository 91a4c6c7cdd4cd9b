import { describe, expect, it } from 'vitest';
import { HISTOGRAM, METRIC, layerKey } from '../../../src/diagnostics/metric-keys.ts';
import { buildChartSpecs } from '../../../src/ui/charts/chart-spec.ts';
import { densities, paintHistograms, pickSnapshots, valueRange } from '../../../src/ui/charts/histogram-view.ts';
import { MetricHistory } from '../../../src/ui/charts/metric-history.ts';
import { LIGHT_THEME } from '../../../src/ui/charts/palette.ts';
import { renderChart } from '../../../src/ui/charts/render.ts';
import { SceneBuilder } from '../../../src/ui/charts/scene.ts';
import { chartSummary } from '../../../src/ui/charts/chart-summary.ts';
import type { HistogramSnapshot } from '../../../src/workers/protocol.ts';
import { scalarBatch, syntheticPpoRun } from './synthetic.ts';
import { stubContext } from './stub-context.ts';

const view = { xAxis: 'step' as const, smoothing: 0, logY: false, width: 320, height: 160, episodeWindow: 20 };

describe('renderChart', () => {
  it('breaks the line at NaN instead of drawing through it', () => {
    const h = new MetricHistory();
    h.ingest(scalarBatch([METRIC.entropy], 0, 9, (_k, i) => (i === 4 ? NaN : 0.5)));
    const { ctx, rec } = stubContext();
    const scene = renderChart(ctx, h, buildChartSpecs([METRIC.entropy])[0], view);
    // Data path: M L L L (gap) M L L L → exactly two moveTo's onto data points, none to NaN.
    const dataX = Array.from({ length: 9 }, (_, i) => scene.x(i + 1));
    const y = scene.y(0.5);
    const near = (a: number, b: number): boolean => Math.abs(a - b) < 1e-6;
    const onData = rec.path.filter(([, px, py]) => dataX.some((x) => near(x, px)) && near(py, y));
    expect(onData.map(([op]) => op).join('')).toBe('MLLLMLLL');
    expect(rec.path.filter(([, px, py]) => Number.isNaN(px) || Number.isNaN(py))).toHaveLength(0);
  });

  it('redraws 20 series of 10^5 points with a bounded amount of canvas work', () => {
    const h = new MetricHistory();
    const keys = Array.from({ length: 20 }, (_, i) => `losses/s${i}`);
    for (let s = 0; s < 100_000; s += 10_000) h.ingest(scalarBatch(keys, s, 10_000, (_k, i) => Math.sin(i / 300) + (i % 17) / 17));
    const builder = new SceneBuilder();
    const { ctx, rec } = stubContext();
    const scene = renderChart(ctx, h, buildChartSpecs(keys).find((s) => s.id === keys[0])!, view, { builder });
    const lineTos = rec.calls.get('lineTo') ?? 0;
    expect(scene.pointsDrawn).toBeLessThanOrEqual(4 * 320 + 2);
    expect(lineTos).toBeLessThan(4 * 320 + 200);
    // Pure API for the benchmark: every spec, one builder each, no DOM.
    const specs = buildChartSpecs(keys);
    expect(specs).toHaveLength(20);
    for (const spec of specs) renderChart(ctx, h, spec, view);
  });

  it('summarises the latest values in words', () => {
    const h = new MetricHistory();
    syntheticPpoRun({ seed: 1, updates: 40 }).forEach((b) => h.ingest(b));
    const specs = buildChartSpecs(h.scalarKeys());
    const text = chartSummary(h, specs.find((s) => s.id === METRIC.entropy)!, 20);
    expect(text).toMatch(/^Policy entropy: 0\.\d+ at step 20\.5k\.$/);
    expect(chartSummary(h, specs.find((s) => s.id === METRIC.episodicReturn)!, 20)).toMatch(/^Episode return: mean \d+ over the last \d+ episodes \(min \d+, max \d+\) at step/);
  });
});

describe('histogram view', () => {
  const snap = (step: number, min: number, max: number, counts: number[]): HistogramSnapshot => ({
    key: layerKey(HISTOGRAM.weights, 'actor/0'),
    step,
    update: step,
    min,
    max,
    counts: Float32Array.from(counts),
  });

  it('picks snapshots evenly, always the newest', () => {
    const list = Array.from({ length: 100 }, (_, i) => i);
    const p = pickSnapshots(list, 5);
    expect(p).toEqual([0, 25, 50, 74, 99]);
    expect(pickSnapshots(list.slice(0, 3), 5)).toEqual([0, 1, 2]);
  });

  it('turns counts into densities that integrate to 1', () => {
    const d = densities(snap(1, -1, 1, [1, 3, 0, 4]));
    const integral = [...d].reduce((s, v) => s + v * 0.5, 0);
    expect(integral).toBeCloseTo(1, 12);
    expect([...densities(snap(1, 0, 0, [0, 0]))]).toEqual([0, 0]);
    expect(valueRange([snap(1, -1, 1, [1]), snap(2, -3, 0.5, [1]), snap(3, NaN, NaN, [0])])).toEqual([-3, 1]);
  });

  it('paints one row per picked snapshot in both views', () => {
    const list = Array.from({ length: 40 }, (_, i) => snap(i * 100, -1 - i / 40, 1, [1, 4, 6, 4, 1]));
    for (const mode of ['ridgeline', 'overlay'] as const) {
      const { ctx, rec } = stubContext();
      const shown = paintHistograms(ctx, list, { width: 300, height: 170, dpr: 1, mode, color: '#0072B2', theme: LIGHT_THEME });
      expect(shown[shown.length - 1].step).toBe(3900);
      expect(rec.calls.get('stroke')).toBeGreaterThanOrEqual(shown.length);
      if (mode === 'ridgeline') expect(rec.texts).toContain('3.9k');
    }
  });
});

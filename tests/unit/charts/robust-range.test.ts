import { describe, expect, it } from 'vitest';
import { METRIC } from '../../../src/diagnostics/metric-keys.ts';
import { buildChartSpecs } from '../../../src/ui/charts/chart-spec.ts';
import { MetricHistory } from '../../../src/ui/charts/metric-history.ts';
import { LINEAR_FENCE, offscaleColumns, robustRange } from '../../../src/ui/charts/robust-range.ts';
import { SceneBuilder } from '../../../src/ui/charts/scene.ts';
import type { ChartView } from '../../../src/ui/charts/scene-types.ts';
import { rng, scalarBatch } from './synthetic.ts';

const range = (values: number[], log = false, keep: [number, number] | null = null) => robustRange(Float64Array.from(values), values.length, log, keep)!;
const view: ChartView = { xAxis: 'step', smoothing: 0, logY: false, width: 400, height: 180, episodeWindow: 20 };

/** Steps per second as the issue saw it: a first point of 500k, then 264–359. */
function spsHistory(n = 200): MetricHistory {
  const r = rng(5);
  const h = new MetricHistory();
  h.ingest(scalarBatch([METRIC.sps], 0, n, (_k, i) => (i === 0 ? 500_000 : 264 + 95 * r())));
  return h;
}

describe('robustRange', () => {
  it('ignores one extreme early point and keeps the axis within reach of the body', () => {
    const values = [1519, ...Array.from({ length: 99 }, (_, i) => -5 + (i % 20))];
    const r = range(values);
    expect(r.clipped).toBe(true);
    expect(r.full).toEqual([-5, 1519]);
    expect(r.domain[1]).toBeLessThan(100);
    expect(r.domain[0]).toBe(-5);
    const bodyWidth = r.body[1] - r.body[0];
    expect(r.domain[1] - r.domain[0]).toBeLessThanOrEqual((1 + 2 * LINEAR_FENCE) * bodyWidth);
  });

  it('keeps a steadily rising curve whole (nothing is an outlier)', () => {
    const r = range(Array.from({ length: 300 }, (_, i) => 20 + i * 1.6));
    expect(r.clipped).toBe(false);
    expect(r.domain).toEqual([20, 20 + 299 * 1.6]);
  });

  it('does not trim a handful of points: no body to speak of yet', () => {
    expect(range([500_000, 300, 310, 290]).domain).toEqual([290, 500_000]);
  });

  it('never hides the newest data (keep), even when it leaves the body', () => {
    const flat = Array.from({ length: 97 }, () => -200);
    const r = range([...flat, -150, -130, -120], false, [-150, -120]);
    expect(r.domain[1]).toBe(-120);
  });

  it('measures body and fences in decades on a log axis, at most two decades beyond the body', () => {
    const values = [1e6, ...Array.from({ length: 99 }, (_, i) => 0.01 * (1 + (i % 10)))];
    const r = range(values, true);
    expect(r.clipped).toBe(true);
    expect(r.domain[1]).toBeLessThanOrEqual(r.body[1] * 100 * (1 + 1e-9));
    expect(r.domain[0]).toBeCloseTo(0.01, 12);
  });

  it('draws every point when leaving some out would not help: a flat body, or one that fills a fifth of the range', () => {
    // Solve rate: 0 in most windows, a few windows with one solved episode. A flat line reads the same on any axis.
    const solve = range(Array.from({ length: 100 }, (_, i) => (i % 12 === 5 ? 0.05 : 0)));
    expect(solve).toMatchObject({ domain: [0, 0.05], clipped: false });
    const flat = range([...Array.from({ length: 50 }, () => 3), 900]);
    expect(flat).toMatchObject({ domain: [3, 900], clipped: false });
    // Uniform 0–10 with one point at 40: the body is a quarter of the range, readable as it is.
    const wide = range([...Array.from({ length: 99 }, (_, i) => (i % 11) + 0.5 * (i % 2)), 40]);
    expect(wide.clipped).toBe(false);
  });

  it('handles an empty sample', () => {
    expect(robustRange(new Float64Array(0), 0, false)).toBeNull();
    expect(robustRange(new Float64Array(0), 0, false, [1, 2])!.domain).toEqual([1, 2]);
  });
});

describe('offscaleColumns', () => {
  it('lists the pixel columns of points above and below the range, once per bin', () => {
    const cols = offscaleColumns([{ x: [0, 1, 2, 3], values: [[5, 50, 51, -9]], length: 4 }], [0, 10], (x) => x * 100);
    expect(cols).toEqual({ above: [102, 198], below: [300] });
  });

  it('treats values ≤ 0 on a log axis as gaps, not as points below', () => {
    expect(offscaleColumns([{ x: [0, 1], values: [[0, -1]], length: 2 }], [0.1, 1], (x) => x, true)).toEqual({ above: [], below: [] });
  });
});

describe('robust y scaling in the scene', () => {
  const spec = buildChartSpecs([METRIC.sps])[0];

  it('fits steps per second to its body and marks the first point as off the chart', () => {
    const scene = new SceneBuilder().build(spsHistory(), spec, view);
    expect(scene.clipped).toBe(true);
    expect(scene.y.domain()[1]).toBeLessThan(1000); // not 0–500k
    expect(scene.offscale.above.length).toBeGreaterThan(0);
    expect(scene.offscale.above[0]).toBeLessThan(scene.plot.left + 10); // the early point, at the left
  });

  it('shows every point when asked (the toggle), with no marks', () => {
    const scene = new SceneBuilder().build(spsHistory(), spec, { ...view, showOutliers: true });
    expect(scene.clipped).toBe(false);
    expect(scene.y.domain()[1]).toBeGreaterThanOrEqual(500_000);
    expect(scene.offscale).toEqual({ above: [], below: [] });
  });

  it('does not call a smoothed line an outlier when it passes the raw extreme by a rounding error', () => {
    const h = new MetricHistory();
    h.ingest(scalarBatch([METRIC.valueMean], 0, 40, (_k, i) => 0.1 * i + 0.3 * Math.sin(i)));
    for (const smoothing of [0, 0.6, 0.95]) expect(new SceneBuilder().build(h, buildChartSpecs([METRIC.valueMean])[0], { ...view, smoothing }).clipped, String(smoothing)).toBe(false);
  });

  it('measures the body on raw values when smoothing smears the outlier into the smoothed line', () => {
    const scene = new SceneBuilder().build(spsHistory(), spec, { ...view, smoothing: 0.9 });
    expect(scene.y.domain()[1]).toBeLessThan(1000);
  });
});

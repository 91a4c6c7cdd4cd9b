// Chart redraw benchmark, in the browser on real canvases: 20 charts of one series each, 10^5
// points per series (synthetic data from tests/unit/charts/synthetic.ts; the page never ships).
// Times (a) a full redraw of all 20 charts (scene build with decimation + paint), cold and warm,
// and (b) the live case: append 64 points to every series, then redraw all 20 (what one
// animation frame does during training). Result on window.__bench for scripts/bench.ts.

import { buildChartSpecs } from '../../src/ui/charts/chart-spec.ts';
import { MetricHistory } from '../../src/ui/charts/metric-history.ts';
import { renderChart } from '../../src/ui/charts/render.ts';
import { SceneBuilder } from '../../src/ui/charts/scene.ts';
import { scalarBatch } from '../../tests/unit/charts/synthetic.ts';

const SERIES = 20;
const POINTS = 100_000;
const WIDTH = 360;
const HEIGHT = 180;
const DPR = 2;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function run(): Promise<Record<string, number>> {
  const keys = Array.from({ length: SERIES }, (_, i) => `losses/s${i}`);
  const value = (_k: string, i: number): number => Math.sin(i / 300) + ((i * 7919) % 17) / 17;
  const history = new MetricHistory();
  for (let s = 0; s < POINTS; s += 10_000) history.ingest(scalarBatch(keys, s, 10_000, value));
  const specs = buildChartSpecs(keys);
  const root = document.getElementById('charts')!;
  const charts = specs.map((spec) => {
    const canvas = document.createElement('canvas');
    canvas.width = WIDTH * DPR;
    canvas.height = HEIGHT * DPR;
    canvas.style.width = `${WIDTH}px`;
    canvas.style.height = `${HEIGHT}px`;
    root.append(canvas);
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(DPR, 0, 0, DPR, 0, 0);
    return { spec, ctx, builder: new SceneBuilder() };
  });
  const view = { xAxis: 'step' as const, smoothing: 0.6, logY: false, width: WIDTH, height: HEIGHT, episodeWindow: 20 };
  let pointsDrawn = 0;
  /** Main-thread time of one redraw of all 20 charts (scene build, decimation, canvas calls), and with the raster flushed. */
  const redrawAll = (): { js: number; flushed: number } => {
    const t0 = performance.now();
    pointsDrawn = 0;
    for (const c of charts) pointsDrawn += renderChart(c.ctx, history, c.spec, view, { builder: c.builder, dpr: DPR }).pointsDrawn;
    const t1 = performance.now();
    // getImageData waits for the canvas's raster work (it may also wait for the compositor's frame).
    charts[charts.length - 1].ctx.getImageData(0, 0, 1, 1);
    return { js: t1 - t0, flushed: performance.now() - t0 };
  };
  const cold = redrawAll();
  const full: { js: number; flushed: number }[] = [];
  for (let i = 0; i < 20; i++) {
    // A cold builder per chart each time: the from-scratch cost (new run, axis switch, resize).
    for (const c of charts) c.builder = new SceneBuilder();
    full.push(redrawAll());
  }
  const live: { js: number; flushed: number }[] = [];
  let n = POINTS;
  for (let i = 0; i < 40; i++) {
    history.ingest(scalarBatch(keys, n, 64, value));
    n += 64;
    live.push(redrawAll());
    await new Promise((r) => requestAnimationFrame(r));
  }
  return {
    series: SERIES,
    points_per_series: POINTS,
    first_redraw_ms: cold.js,
    from_scratch_redraw_ms_median: median(full.map((f) => f.js)),
    from_scratch_redraw_flushed_ms_median: median(full.map((f) => f.flushed)),
    live_append_redraw_ms_median: median(live.map((f) => f.js)),
    live_append_redraw_ms_max: Math.max(...live.map((f) => f.js)),
    live_append_redraw_flushed_ms_median: median(live.map((f) => f.flushed)),
    points_drawn_after_decimation: pointsDrawn,
  };
}

(window as unknown as { __bench: Promise<Record<string, number>> }).__bench = run();

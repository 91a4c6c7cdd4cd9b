// One full chart redraw (build the scene from the history, paint it) as a plain function: what a
// benchmark times (10^5 points × 20 series) and what a test can call with a stub 2D context.
//
//   const builder = new SceneBuilder();              // keep one per chart: caches smoothing and buffers
//   const t0 = performance.now();
//   for (const spec of specs) renderChart(ctx, history, spec, view, { builder });
//   const ms = performance.now() - t0;

import type { ChartSpec } from './chart-spec.ts';
import type { MetricHistory } from './metric-history.ts';
import { LIGHT_THEME, type ChartTheme } from './palette.ts';
import { paintScene, type Ctx2D } from './paint.ts';
import { SceneBuilder } from './scene.ts';
import type { ChartView, Scene } from './scene-types.ts';

export interface RenderOptions {
  builder?: SceneBuilder;
  theme?: ChartTheme;
  dpr?: number;
}

export function renderChart(ctx: Ctx2D, history: MetricHistory, spec: ChartSpec, view: ChartView, opts: RenderOptions = {}): Scene {
  const scene = (opts.builder ?? new SceneBuilder()).build(history, spec, view);
  paintScene(ctx, scene, opts.theme ?? LIGHT_THEME, opts.dpr ?? 1);
  return scene;
}

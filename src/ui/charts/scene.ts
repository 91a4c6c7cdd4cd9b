// Builds one chart frame from the metric history: picks the columns for the x axis, smooths
// (cached, incremental), decimates to the plot's pixel width, then fits the scales around what
// will actually be drawn. Pure: no DOM, so it runs (and is benchmarked) in node.

import type { ChartSpec } from './chart-spec.ts';
import type { MetricHistory } from './metric-history.ts';
import { fitScales } from './scales.ts';
import { legendFor, markersFor, resolveRefs } from './scene-annotations.ts';
import { SceneCaches } from './scene-caches.ts';
import { FrameContext } from './scene-layers.ts';
import type { ChartView, Scene } from './scene-types.ts';
import { drawUnits } from './seed-spread.ts';

export { drawUnits, legendFor };

/** Builds a chart's frames; its caches survive from frame to frame. */
export class SceneBuilder {
  private readonly caches = new SceneCaches();

  build(history: MetricHistory, spec: ChartSpec, view: ChartView): Scene {
    const runs = history.runs;
    const ctx = new FrameContext(this.caches, view);
    // Pass 1: x extent over every source this chart draws.
    for (const layer of spec.layers) for (const run of runs) ctx.extendX(layer, run);
    const provisional = fitScales({ x: ctx.xDomain(), y: [0, 1] }, view, false, false);
    const pixelWidth = Math.max(1, provisional.plot.right - provisional.plot.left);
    // Pass 2: smooth, decimate, collect items.
    ctx.plotWidth = pixelWidth;
    const units = drawUnits(runs);
    ctx.multiRun = units.length > 1;
    spec.layers.forEach((layer, li) =>
      units.forEach((u) => (u.kind === 'run' ? ctx.addLayer(layer, li, u.run) : ctx.addGroupLayer(layer, li, u))),
    );
    const refs = resolveRefs(history, spec);
    const yDomain = ctx.yDomain(refs, spec.yFromZero, view.logY);
    const scales = fitScales({ x: ctx.xDomain(), y: yDomain }, view, view.logY, spec.yFromZero);
    return {
      ...scales,
      width: view.width,
      height: view.height,
      logY: view.logY,
      items: ctx.items,
      refs,
      markers: markersFor(history, spec, view.xAxis),
      legend: legendFor(spec, units.length),
      probes: ctx.probes,
      empty: ctx.items.length === 0,
      pointsDrawn: ctx.items.reduce((s, it) => s + it.length, 0),
    };
  }
}

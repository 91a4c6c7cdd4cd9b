// Builds one chart frame from the metric history: picks the columns for the x axis, smooths
// (cached, incremental), decimates to the plot's pixel width, then fits the scales around what
// will actually be drawn. Pure: no DOM, so it runs (and is benchmarked) in node.

import type { ChartSpec } from './chart-spec.ts';
import type { MetricHistory } from './metric-history.ts';
import { offscaleColumns, type MarkSource } from './robust-range.ts';
import { fitScales, type Domain } from './scales.ts';
import { legendFor, markersFor, resolveRefs } from './scene-annotations.ts';
import { SceneCaches } from './scene-caches.ts';
import { FrameContext } from './scene-layers.ts';
import type { ChartView, Item, Scene } from './scene-types.ts';
import { drawUnits } from './seed-spread.ts';

export { drawUnits, legendFor };

function markSource(it: Item): MarkSource {
  return { x: it.x, values: it.kind === 'line' || it.kind === 'points' ? [it.y] : [it.lo, it.hi], length: it.length };
}

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
    const y = ctx.yRange(refs, spec.yFromZero, view.logY, view.showOutliers ?? false);
    const scales = fitScales({ x: ctx.xDomain(), y: y.domain }, view, view.logY, spec.yFromZero);
    const drawnY = scales.y.domain() as Domain;
    const offscale = y.clipped ? offscaleColumns(ctx.items.map(markSource), drawnY, scales.x, view.logY) : { above: [], below: [] };
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
      clipped: y.clipped,
      offscale,
      pointsDrawn: ctx.items.reduce((s, it) => s + it.length, 0),
    };
  }
}

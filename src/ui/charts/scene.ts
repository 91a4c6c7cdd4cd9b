// Builds one chart frame from the metric history: picks the columns for the x axis, smooths
// (cached, incremental), decimates to the plot's pixel width, then fits the scales around what
// will actually be drawn. Pure: no DOM, so it runs (and is benchmarked) in node.

import type { ChartSpec } from './chart-spec.ts';
import { envelope, type Envelope } from './envelope.ts';
import { IncrementalDecimator, type DecimatedView } from './incremental-decimator.ts';
import type { MetricHistory } from './metric-history.ts';
import { fitScales } from './scales.ts';
import { legendFor, markersFor, resolveRefs } from './scene-annotations.ts';
import { FrameContext } from './scene-layers.ts';
import type { ChartView, Scene } from './scene-types.ts';
import { drawUnits } from './seed-spread.ts';
import { SmoothCache } from './smooth-cache.ts';

export { drawUnits, legendFor };

/** Reusable per-chart state: smoothing caches and output buffers survive from frame to frame. */
export class SceneBuilder {
  private readonly smooth = new SmoothCache();
  private readonly decimators = new Map<string, IncrementalDecimator>();
  private readonly scratch = new Map<string, Float64Array>();
  private readonly envBuffers = new Map<string, Envelope>();

  build(history: MetricHistory, spec: ChartSpec, view: ChartView): Scene {
    const runs = history.runs;
    const ctx = new FrameContext(this, view);
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

  smoothed(owner: object, values: Float64Array, n: number, weight: number): Float64Array {
    return this.smooth.get(owner, values, n, weight);
  }

  /**
   * M4-decimated view of a growing series for this slot. `tag` identifies how y was derived (smoothing
   * weight); NaN means the x or y values of old points may change, so nothing is reused.
   */
  decimate(slot: string, x: Float64Array, y: Float64Array, n: number, width: number, xMin: number, xMax: number, tag = 0): DecimatedView {
    let d = this.decimators.get(slot);
    if (!d) {
      d = new IncrementalDecimator();
      this.decimators.set(slot, d);
    }
    return d.update(x, y, n, width, xMin, xMax, tag);
  }

  /** A reusable Float64Array of at least n entries for this slot. */
  buffer(slot: string, n: number): Float64Array {
    let b = this.scratch.get(slot);
    if (!b || b.length < n) {
      b = new Float64Array(Math.max(64, n * 2));
      this.scratch.set(slot, b);
    }
    return b;
  }

  envelope(slot: string, x: Float64Array, lo: Float64Array, hi: Float64Array, n: number, width: number, xMin: number, xMax: number): Envelope {
    const e = envelope(x, lo, hi, { width, xMin, xMax, length: n }, this.envBuffers.get(slot));
    this.envBuffers.set(slot, e);
    return e;
  }
}


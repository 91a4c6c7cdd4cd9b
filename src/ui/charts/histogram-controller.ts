// The imperative half of a histogram chart: redraws when the snapshots, mode or colour change.

import type { HistogramSnapshot } from '../../workers/protocol.ts';
import { CanvasSurface, type Surface } from './canvas-surface.ts';
import { paintHistograms, type HistogramMode } from './histogram-view.ts';

export interface HistogramInputs {
  snapshots: readonly HistogramSnapshot[];
  /** Snapshot count at the time (the list grows in place). */
  count: number;
  mode: HistogramMode;
  color: string;
}

export class HistogramController extends CanvasSurface {
  private inputs: HistogramInputs | null = null;

  update(inputs: HistogramInputs): void {
    const p = this.inputs;
    this.inputs = inputs;
    if (!p || p.snapshots !== inputs.snapshots || p.count !== inputs.count || p.mode !== inputs.mode || p.color !== inputs.color) {
      this.invalidate();
    }
  }

  protected render(s: Surface): void {
    const i = this.inputs;
    if (!i) return;
    paintHistograms(s.ctx, i.snapshots, { width: s.width, height: s.height, dpr: s.dpr, mode: i.mode, color: i.color, theme: s.theme });
  }
}

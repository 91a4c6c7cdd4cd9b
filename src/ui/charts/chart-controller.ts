// The imperative half of a line chart: rebuilds its scene only when the data version, the spec
// or the view changed, and keeps the last scene for the hover readout.

import { CanvasSurface, type Surface } from './canvas-surface.ts';
import type { ChartSpec } from './chart-spec.ts';
import type { XAxis } from './columns.ts';
import type { MetricHistory } from './metric-history.ts';
import { paintScene } from './paint.ts';
import { readoutAt, type Readout } from './readout.ts';
import { SceneBuilder } from './scene.ts';
import type { Scene } from './scene-types.ts';

export interface ChartInputs {
  history: MetricHistory;
  spec: ChartSpec;
  xAxis: XAxis;
  smoothing: number;
  logY: boolean;
  episodeWindow: number;
  /** Scale y to every point instead of ignoring outliers. */
  showOutliers: boolean;
  /** The store's version: a change means new data. */
  version: number;
}

const VIEW_FIELDS = ['history', 'spec', 'xAxis', 'smoothing', 'logY', 'episodeWindow', 'showOutliers', 'version'] as const;

export class ChartController extends CanvasSurface {
  private inputs: ChartInputs | null = null;
  private readonly builder = new SceneBuilder();
  /** The last frame drawn (for the readout). */
  scene: Scene | null = null;
  /** Called after each draw. */
  onDraw: ((scene: Scene) => void) | null = null;

  /** New inputs from the component; schedules a redraw only if one of them changed. */
  update(inputs: ChartInputs): void {
    const prev = this.inputs;
    this.inputs = inputs;
    if (prev === null || VIEW_FIELDS.some((f) => prev[f] !== inputs[f])) this.invalidate();
  }

  protected render(s: Surface): void {
    const i = this.inputs;
    if (!i) return;
    const view = { width: s.width, height: s.height, xAxis: i.xAxis, smoothing: i.smoothing, logY: i.logY, episodeWindow: i.episodeWindow, showOutliers: i.showOutliers };
    const scene = this.builder.build(i.history, i.spec, view);
    paintScene(s.ctx, scene, s.theme, s.dpr);
    this.scene = scene;
    this.onDraw?.(scene);
  }

  /** Readout at a CSS x inside the canvas. */
  readout(x: number): Readout | null {
    return this.scene && this.inputs ? readoutAt(this.scene, x, this.inputs.xAxis) : null;
  }
}

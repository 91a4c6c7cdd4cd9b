// The imagination view of the model-based agent, as pure geometry: which lines to draw where, in which
// colour, from one ImaginationFrame (src/diagnostics/imagination.ts). Left of "now": the model's
// open-loop prediction of the actions it really executed (dashed) over what the env did (solid). Right
// of "now": the candidates of one CEM generation coloured by predicted return (pale = low, blue =
// high), the generation's elites orange, and after the last generation the chosen plan vermillion.
// The view steps through the generations on a clock (generationAt), so CEM narrows its search on
// screen. A second scene draws the sorted one-step errors along the same state component.

import type { ImaginationFrame } from '../../workers/protocol.ts';
import { OKABE_ITO, withAlpha } from '../charts/palette.ts';

/** How long each CEM generation is shown, and how long the last (with the chosen plan) holds. */
export const GENERATION_MS = 350;
export const FINAL_HOLD_MS = 1100;

/** The generation on screen `ms` into the animation's loop (every generation, then a hold on the last). */
export function generationAt(ms: number, generations: number): number {
  if (generations <= 1) return 0;
  const loop = (generations - 1) * GENERATION_MS + FINAL_HOLD_MS;
  const t = ((ms % loop) + loop) % loop;
  return Math.min(generations - 1, Math.floor(t / GENERATION_MS));
}

export type LineKind = 'candidate' | 'elite' | 'plan' | 'predicted' | 'actual';

export interface SceneLine {
  kind: LineKind;
  /** Pixel coordinates, x0, y0, x1, y1, … */
  points: Float64Array;
  color: string;
  width: number;
  dash: readonly number[];
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface ImaginationScene {
  plot: Box;
  /** Pixel x of "now" (step 0). */
  nowX: number;
  /** Value range on the y axis (low, high). */
  yDomain: [number, number];
  /** Steps on the x axis: −past … horizon. */
  xDomain: [number, number];
  /** Back to front: candidates by rising return, then elites, the plan, the past. */
  lines: SceneLine[];
  generation: number;
}

const PAD = { left: 40, right: 8, top: 8, bottom: 18 };

/** Low-to-high return: pale sky to blue. */
export function returnColor(fraction: number): string {
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  return withAlpha(f < 0.5 ? OKABE_ITO.sky : OKABE_ITO.blue, 0.25 + 0.6 * f);
}

/**
 * The y range that keeps the lines readable: the 2nd–98th percentile of every imagined value (so one
 * trajectory that blew up cannot flatten the rest; it runs off the plot), widened to include the
 * plan and what really happened.
 */
export function valueDomain(frame: ImaginationFrame): [number, number] {
  const all = Array.from(frame.paths).filter(Number.isFinite).sort((a, b) => a - b);
  let lo = Infinity;
  let hi = -Infinity;
  if (all.length > 0) {
    lo = all[Math.floor(0.02 * (all.length - 1))];
    hi = all[Math.ceil(0.98 * (all.length - 1))];
  }
  for (const arr of [frame.plan, frame.actual, frame.predicted]) {
    for (const v of arr) {
      if (!Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [-1, 1];
  if (hi - lo < 1e-6) return [lo - 0.5, hi + 0.5];
  const margin = 0.05 * (hi - lo);
  return [lo - margin, hi + margin];
}

export function imaginationScene(frame: ImaginationFrame, generation: number, width: number, height: number, foreground: string): ImaginationScene {
  const plot: Box = { left: PAD.left, top: PAD.top, width: Math.max(1, width - PAD.left - PAD.right), height: Math.max(1, height - PAD.top - PAD.bottom) };
  const past = Math.max(0, frame.actual.length - 1);
  const H = frame.horizon;
  const xDomain: [number, number] = [-Math.max(past, 1), H];
  const yDomain = valueDomain(frame);
  const px = (step: number): number => plot.left + ((step - xDomain[0]) / (xDomain[1] - xDomain[0])) * plot.width;
  const py = (v: number): number => plot.top + (1 - (v - yDomain[0]) / (yDomain[1] - yDomain[0])) * plot.height;
  const path = (values: ArrayLike<number>, firstStep: number): Float64Array => {
    const out = new Float64Array(values.length * 2);
    for (let t = 0; t < values.length; t++) {
      out[2 * t] = px(firstStep + t);
      out[2 * t + 1] = py(values[t]);
    }
    return out;
  };

  const g = Math.max(0, Math.min(frame.generations - 1, generation));
  const C = frame.candidates;
  const L = H + 1;
  const lines: SceneLine[] = [];
  if (frame.generations > 0) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let c = 0; c < C; c++) {
      const r = frame.returns[g * C + c];
      if (!Number.isFinite(r)) continue;
      lo = Math.min(lo, r);
      hi = Math.max(hi, r);
    }
    const order = Array.from({ length: C }, (_, c) => c).sort((a, b) => frame.returns[g * C + a] - frame.returns[g * C + b]);
    const elites: SceneLine[] = [];
    for (const c of order) {
      const values = frame.paths.subarray((g * C + c) * L, (g * C + c + 1) * L);
      if (frame.elite[g * C + c]) {
        elites.push({ kind: 'elite', points: path(values, 0), color: OKABE_ITO.orange, width: 1.5, dash: [] });
        continue;
      }
      const f = hi > lo ? (frame.returns[g * C + c] - lo) / (hi - lo) : 1;
      lines.push({ kind: 'candidate', points: path(values, 0), color: returnColor(f), width: 1, dash: [] });
    }
    lines.push(...elites);
  }
  if (g === frame.generations - 1 && frame.plan.length > 0) lines.push({ kind: 'plan', points: path(frame.plan, 0), color: OKABE_ITO.vermillion, width: 2.5, dash: [] });
  if (frame.actual.length > 1) {
    lines.push({ kind: 'actual', points: path(frame.actual, -past), color: foreground, width: 2, dash: [] });
    lines.push({ kind: 'predicted', points: path(frame.predicted, -past), color: OKABE_ITO.purple, width: 2, dash: [5, 3] });
  }
  return { plot, nowX: px(0), yDomain, xDomain, lines, generation: g };
}

export interface ErrorScene {
  plot: Box;
  /** Component values (x) and log10 of the error (y) covered. */
  xDomain: [number, number];
  yDomain: [number, number];
  /** Pixel coordinates of the sorted errors, x0, y0, …; empty when the model has not been checked yet. */
  points: Float64Array;
  /** Index of the largest error (−1: none). */
  worst: number;
}

/** Floor of the log axis: errors below this (in state-std² units) are drawn at it. */
export const ERROR_FLOOR = 1e-6;

/** The sorted one-step errors on a log y axis against the state component. */
export function errorScene(frame: ImaginationFrame, width: number, height: number): ErrorScene {
  const plot: Box = { left: PAD.left, top: PAD.top, width: Math.max(1, width - PAD.left - PAD.right), height: Math.max(1, height - PAD.top - PAD.bottom) };
  const n = frame.errorAt.length;
  if (n === 0) return { plot, xDomain: [0, 1], yDomain: [0, 1], points: new Float64Array(0), worst: -1 };
  const logs = Array.from(frame.error, (e) => Math.log10(Math.max(ERROR_FLOOR, e)));
  let x0 = frame.errorAt[0];
  let x1 = frame.errorAt[n - 1];
  if (x1 - x0 < 1e-9) [x0, x1] = [x0 - 0.5, x1 + 0.5];
  let y0 = Math.min(...logs);
  let y1 = Math.max(...logs);
  if (y1 - y0 < 0.5) [y0, y1] = [y0 - 0.25, y1 + 0.25];
  const points = new Float64Array(2 * n);
  let worst = 0;
  for (let i = 0; i < n; i++) {
    points[2 * i] = plot.left + ((frame.errorAt[i] - x0) / (x1 - x0)) * plot.width;
    points[2 * i + 1] = plot.top + (1 - (logs[i] - y0) / (y1 - y0)) * plot.height;
    if (frame.error[i] > frame.error[worst]) worst = i;
  }
  return { plot, xDomain: [x0, x1], yDomain: [y0, y1], points, worst };
}

/** Stroke one polyline. */
export function strokeLine(ctx: CanvasRenderingContext2D, line: SceneLine): void {
  ctx.strokeStyle = line.color;
  ctx.lineWidth = line.width;
  ctx.setLineDash(line.dash as number[]);
  ctx.beginPath();
  for (let i = 0; i < line.points.length; i += 2) {
    if (i === 0) ctx.moveTo(line.points[i], line.points[i + 1]);
    else ctx.lineTo(line.points[i], line.points[i + 1]);
  }
  ctx.stroke();
}

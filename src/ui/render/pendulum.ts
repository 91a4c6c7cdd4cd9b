// Pendulum-v1, drawn with the geometry of gymnasium/envs/classic_control/pendulum.py `render()`:
// a 500×500 screen spanning ±2.2 around the pivot, a rod of length 1 and width 0.2 (θ = 0 points
// up), and the applied torque as a circular arrow whose size grows with |u| (max 2).

import type { RenderOptions } from './types.ts';
import { fillCircle, fillPolygon, fitScreen, rotatedRect } from './screen.ts';

const SCREEN = 500;
const BOUND = 2.2;
const SCALE = SCREEN / (BOUND * 2);
const OFFSET = SCREEN / 2;
const ROD_LENGTH = 1 * SCALE;
const ROD_WIDTH = 0.2 * SCALE;
const MAX_TORQUE = 2;

/** state = [θ, θ̇]; lastAction = torque u ∈ [−2, 2] (positive turns counter-clockwise). */
export function renderPendulum(ctx: CanvasRenderingContext2D, state: ArrayLike<number>, opts: RenderOptions): void {
  const { theme } = opts;
  const theta = state[0];
  ctx.save();
  const fit = fitScreen(ctx, opts.width, opts.height, SCREEN, SCREEN);
  const px = 1 / fit.scale;

  // Torque first, behind the rod.
  const u = opts.lastAction;
  if (u !== undefined && Number.isFinite(u) && Math.abs(u) > 1e-3) {
    drawTorque(ctx, Math.max(-MAX_TORQUE, Math.min(MAX_TORQUE, u)), px, theme.force);
  }

  const angle = theta + Math.PI / 2;
  fillPolygon(ctx, rotatedRect(OFFSET, OFFSET, 0, ROD_LENGTH, -ROD_WIDTH / 2, ROD_WIDTH / 2, angle), theme.pole);
  fillCircle(ctx, OFFSET, OFFSET, ROD_WIDTH / 2, theme.pole);
  fillCircle(ctx, OFFSET + ROD_LENGTH * Math.cos(angle), OFFSET + ROD_LENGTH * Math.sin(angle), ROD_WIDTH / 2, theme.pole);
  fillCircle(ctx, OFFSET, OFFSET, 0.05 * SCALE, theme.ink);
  ctx.restore();
}

/** A 270° arc around the pivot, radius ∝ |u| as Gymnasium scales its clockwise.png, head at the end it turns toward. */
function drawTorque(ctx: CanvasRenderingContext2D, u: number, px: number, color: string): void {
  const radius = Math.max(0.08, Math.abs(u) / 4) * SCALE;
  const ccw = u > 0;
  const start = -Math.PI / 4;
  const span = (3 * Math.PI) / 2;
  const end = ccw ? start + span : start - span;
  ctx.strokeStyle = color;
  ctx.lineWidth = Math.max(3 * px, radius * 0.12);
  ctx.lineCap = 'round';
  ctx.beginPath();
  // In the y-up frame canvas arcs run counter-clockwise for `anticlockwise = false`.
  ctx.arc(OFFSET, OFFSET, radius, start, end, !ccw);
  ctx.stroke();
  // Arrow head tangent to the arc at its end.
  const ex = OFFSET + radius * Math.cos(end);
  const ey = OFFSET + radius * Math.sin(end);
  const tangent = end + (ccw ? Math.PI / 2 : -Math.PI / 2);
  const h = Math.max(10 * px, radius * 0.35);
  fillPolygon(
    ctx,
    [
      [ex + h * Math.cos(tangent), ey + h * Math.sin(tangent)],
      [ex + h * 0.55 * Math.cos(tangent + (2 * Math.PI) / 3), ey + h * 0.55 * Math.sin(tangent + (2 * Math.PI) / 3)],
      [ex + h * 0.55 * Math.cos(tangent - (2 * Math.PI) / 3), ey + h * 0.55 * Math.sin(tangent - (2 * Math.PI) / 3)],
    ],
    color,
  );
}

// MountainCar-v0 and MountainCarContinuous-v0, drawn with the geometry of
// gymnasium/envs/classic_control/mountain_car.py `render()`: a 600×400 screen spanning
// x ∈ [−1.2, 0.6], the hill y = sin(3x)·0.45 + 0.55, a 40×20 car tilted to the slope, 10 px
// above the curve, and a flag at the goal (0.5; Gymnasium's continuous variant uses 0.45).

import type { RenderOptions } from './types.ts';
import { arrow, fillCircle, fillPolygon, fitScreen, rotatedRect } from './screen.ts';

const SCREEN_W = 600;
const SCREEN_H = 400;
const MIN_POSITION = -1.2;
const MAX_POSITION = 0.6;
const SCALE = SCREEN_W / (MAX_POSITION - MIN_POSITION);
const CAR_W = 40;
const CAR_H = 20;
const CLEARANCE = 10;

export const hillHeight = (x: number): number => Math.sin(3 * x) * 0.45 + 0.55;

export interface MountainCarOptions extends RenderOptions {
  continuous: boolean;
}

/** state = [position, velocity]; lastAction: discrete 0 left / 1 none / 2 right, continuous force in [−1, 1]. */
export function renderMountainCar(ctx: CanvasRenderingContext2D, state: ArrayLike<number>, opts: MountainCarOptions): void {
  const { theme } = opts;
  const pos = state[0];
  const goal = opts.continuous ? 0.45 : 0.5;
  ctx.save();
  const fit = fitScreen(ctx, opts.width, opts.height, SCREEN_W, SCREEN_H);
  const px = 1 / fit.scale;
  const sx = (x: number): number => (x - MIN_POSITION) * SCALE;

  // The hill: a faint fill under a solid curve.
  ctx.beginPath();
  const n = 100;
  for (let i = 0; i <= n; i++) {
    const x = MIN_POSITION + ((MAX_POSITION - MIN_POSITION) * i) / n;
    if (i === 0) ctx.moveTo(sx(x), hillHeight(x) * SCALE);
    else ctx.lineTo(sx(x), hillHeight(x) * SCALE);
  }
  ctx.strokeStyle = theme.ink;
  ctx.lineWidth = 1.5 * px;
  ctx.stroke();
  ctx.lineTo(SCREEN_W, fit.bottom);
  ctx.lineTo(0, fit.bottom);
  ctx.closePath();
  ctx.fillStyle = theme.faint;
  ctx.fill();

  // Flag at the goal.
  const flagX = sx(goal);
  const flagY1 = hillHeight(goal) * SCALE;
  const flagY2 = flagY1 + 50;
  ctx.strokeStyle = theme.ink;
  ctx.lineWidth = 1.5 * px;
  ctx.beginPath();
  ctx.moveTo(flagX, flagY1);
  ctx.lineTo(flagX, flagY2);
  ctx.stroke();
  fillPolygon(ctx, [[flagX, flagY2], [flagX, flagY2 - 10], [flagX + 25, flagY2 - 5]], theme.goal);

  // The car, tilted by cos(3x) (Gymnasium's approximation of the slope angle).
  const angle = Math.cos(3 * pos);
  const cx = sx(pos);
  const cy = CLEARANCE + hillHeight(pos) * SCALE;
  fillPolygon(ctx, rotatedRect(cx, cy, -CAR_W / 2, CAR_W / 2, 0, CAR_H, angle), theme.body);
  for (const wx of [CAR_W / 4, -CAR_W / 4]) {
    fillCircle(ctx, cx + wx * Math.cos(angle), cy + wx * Math.sin(angle), CAR_H / 2.5, theme.muted);
  }

  // The push: along the slope, its length proportional to the force.
  const a = opts.lastAction;
  if (a !== undefined && Number.isFinite(a)) {
    const force = opts.continuous ? Math.max(-1, Math.min(1, a)) : Math.round(a) - 1;
    if (Math.abs(force) > 0.02) {
      const len = 40 * Math.abs(force);
      const dir = Math.sign(force);
      const ux = Math.cos(angle) * dir;
      const uy = Math.sin(angle) * dir;
      const ox = cx + ux * (CAR_W / 2 + 6) - Math.sin(angle) * (CAR_H / 2);
      const oy = cy + uy * (CAR_W / 2 + 6) + Math.cos(angle) * (CAR_H / 2);
      arrow(ctx, ox, oy, ox + ux * len, oy + uy * len, 10, 3 * px, theme.force);
    }
  }
  ctx.restore();
}

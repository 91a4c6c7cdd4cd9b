// Acrobot-v1, drawn with the geometry of gymnasium/envs/classic_control/acrobot.py `render()`:
// a 500×500 screen spanning ±2.2 m around the fixed joint, links 0.2 m wide, joints of radius
// 0.1 m, and the goal line at height 1 (the tip must rise above it).

import type { RenderOptions } from './types.ts';
import { fillCircle, fillPolygon, fitScreen, rotatedRect } from './screen.ts';

const SCREEN = 500;
const LINK_LENGTH_1 = 1;
const LINK_LENGTH_2 = 1;
const BOUND = LINK_LENGTH_1 + LINK_LENGTH_2 + 0.2;
const SCALE = SCREEN / (BOUND * 2);
const OFFSET = SCREEN / 2;

/** state = [θ1, θ2, θ̇1, θ̇2]; θ1 = 0 hangs straight down, θ2 is relative to link 1. */
export function renderAcrobot(ctx: CanvasRenderingContext2D, state: ArrayLike<number>, opts: RenderOptions): void {
  const { theme } = opts;
  const [t1, t2] = [state[0], state[1]];
  ctx.save();
  const fit = fitScreen(ctx, opts.width, opts.height, SCREEN, SCREEN);
  const px = 1 / fit.scale;

  // Goal line at height 1.
  const goalY = OFFSET + 1 * SCALE;
  ctx.strokeStyle = theme.goal;
  ctx.lineWidth = 2 * px;
  ctx.setLineDash([8 * px, 5 * px]);
  ctx.beginPath();
  ctx.moveTo(OFFSET - BOUND * SCALE, goalY);
  ctx.lineTo(OFFSET + BOUND * SCALE, goalY);
  ctx.stroke();
  ctx.setLineDash([]);

  const p1: [number, number] = [OFFSET + LINK_LENGTH_1 * Math.sin(t1) * SCALE, OFFSET - LINK_LENGTH_1 * Math.cos(t1) * SCALE];
  const p2: [number, number] = [
    p1[0] + LINK_LENGTH_2 * Math.sin(t1 + t2) * SCALE,
    p1[1] - LINK_LENGTH_2 * Math.cos(t1 + t2) * SCALE,
  ];
  const joints: [number, number][] = [[OFFSET, OFFSET], p1];
  const angles = [t1 - Math.PI / 2, t1 + t2 - Math.PI / 2];
  const lengths = [LINK_LENGTH_1 * SCALE, LINK_LENGTH_2 * SCALE];
  for (let i = 0; i < 2; i++) {
    const [jx, jy] = joints[i];
    fillPolygon(ctx, rotatedRect(jx, jy, 0, lengths[i], -0.1 * SCALE, 0.1 * SCALE, angles[i]), theme.body);
    fillCircle(ctx, jx, jy, 0.1 * SCALE, theme.pole);
  }
  fillCircle(ctx, p2[0], p2[1], 0.05 * SCALE, theme.joint);
  ctx.restore();
}

// CartPole-v1, drawn with the geometry of gymnasium/envs/classic_control/cartpole.py `render()`:
// a 600×400 screen spanning x ∈ [−2.4, 2.4], a 50×30 cart on a track at height 100, a 10-px pole
// of length 2·0.5 m, rotated clockwise by θ.

import type { RenderOptions } from './types.ts';
import { fillCircle, fillPolygon, fitScreen, rotatedRect, arrow } from './screen.ts';

const SCREEN_W = 600;
const SCREEN_H = 400;
const X_THRESHOLD = 2.4;
const HALF_POLE_LENGTH = 0.5;
const SCALE = SCREEN_W / (2 * X_THRESHOLD);
const POLE_WIDTH = 10;
const POLE_LEN = SCALE * 2 * HALF_POLE_LENGTH;
const CART_W = 50;
const CART_H = 30;
const CART_Y = 100;
const AXLE_OFFSET = CART_H / 4;

/** state = [x, ẋ, θ, θ̇]; lastAction 0 pushes left, 1 pushes right. */
export function renderCartPole(ctx: CanvasRenderingContext2D, state: ArrayLike<number>, opts: RenderOptions): void {
  const { theme } = opts;
  const x = state[0];
  const theta = state[2];
  ctx.save();
  const fit = fitScreen(ctx, opts.width, opts.height, SCREEN_W, SCREEN_H);
  const px = 1 / fit.scale;

  // Track, and the ±2.4 bounds where the episode ends.
  ctx.strokeStyle = theme.ink;
  ctx.lineWidth = 1.5 * px;
  ctx.beginPath();
  ctx.moveTo(fit.left, CART_Y);
  ctx.lineTo(fit.right, CART_Y);
  ctx.stroke();
  ctx.strokeStyle = theme.muted;
  for (const bx of [0, SCREEN_W]) {
    ctx.beginPath();
    ctx.moveTo(bx, CART_Y - 12);
    ctx.lineTo(bx, CART_Y + 12);
    ctx.stroke();
  }

  const cartX = x * SCALE + SCREEN_W / 2;
  fillPolygon(ctx, rotatedRect(cartX, CART_Y, -CART_W / 2, CART_W / 2, -CART_H / 2, CART_H / 2, 0), theme.body);

  // The pole is a rectangle pointing up (+y), rotated by −θ (positive θ leans right).
  const pole = rotatedRect(cartX, CART_Y + AXLE_OFFSET, -POLE_WIDTH / 2, POLE_WIDTH / 2, -POLE_WIDTH / 2, POLE_LEN - POLE_WIDTH / 2, -theta);
  fillPolygon(ctx, pole, theme.pole);
  fillCircle(ctx, cartX, CART_Y + AXLE_OFFSET, POLE_WIDTH / 2, theme.joint);

  // The push just applied: a short arrow beside the cart.
  const a = opts.lastAction;
  if (a !== undefined && Number.isFinite(a)) {
    const dir = a >= 0.5 ? 1 : -1;
    const x0 = cartX + dir * (CART_W / 2 + 5);
    arrow(ctx, x0, CART_Y, x0 + dir * 30, CART_Y, 11, 4 * px, theme.force);
  }
  ctx.restore();
}

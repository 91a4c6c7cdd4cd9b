// CartPoleContinuous-v0 (mbrl-lib's cartpole_continuous): CartPole-v1's picture, with the push drawn
// as an arrow whose length and direction follow the continuous action a ∈ [−1, 1] (force = 10·a).

import { renderCartPole } from './cartpole.ts';
import { arrow, fitScreen } from './screen.ts';
import type { RenderOptions } from './types.ts';

// CartPole's virtual screen (gymnasium cartpole.py render()): 600×400, x ∈ [−2.4, 2.4], cart top at 100.
const SCREEN_W = 600;
const SCREEN_H = 400;
const SCALE = SCREEN_W / (2 * 2.4);
const CART_W = 50;
const CART_Y = 100;
/** Arrow length at |a| = 1, virtual px. */
const FULL_PUSH = 40;

/** state = [x, ẋ, θ, θ̇]; lastAction = a (positive pushes right). */
export function renderCartPoleContinuous(ctx: CanvasRenderingContext2D, state: ArrayLike<number>, opts: RenderOptions): void {
  renderCartPole(ctx, state, { ...opts, lastAction: undefined });
  const a = opts.lastAction;
  if (a === undefined || !Number.isFinite(a) || a === 0) return;
  ctx.save();
  const fit = fitScreen(ctx, opts.width, opts.height, SCREEN_W, SCREEN_H);
  const cartX = state[0] * SCALE + SCREEN_W / 2;
  const dir = Math.sign(a);
  const x0 = cartX + dir * (CART_W / 2 + 5);
  arrow(ctx, x0, CART_Y, x0 + dir * FULL_PUSH * Math.min(1, Math.abs(a)), CART_Y, 11, 4 / fit.scale, opts.theme.force);
  ctx.restore();
}

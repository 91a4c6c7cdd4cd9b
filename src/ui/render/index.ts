// Env renderers: pure functions of a state snapshot. The worker sends RenderFrames; the main
// thread draws the latest one at requestAnimationFrame rate with `renderEnv`.

import type { RenderFrame } from '../../workers/protocol.ts';
import type { GridLayout, RenderTheme } from './types.ts';
import { LIGHT_THEME } from './types.ts';
import { cssTheme } from '../state/theme.ts';
import { renderCartPole } from './cartpole.ts';
import { renderCartPoleContinuous } from './cartpole-continuous.ts';
import { renderAcrobot } from './acrobot.ts';
import { renderMountainCar } from './mountain-car.ts';
import { renderPendulum } from './pendulum.ts';
import { renderGridWorld } from './grid-world.ts';
import { renderProbe, type ProbeLabels } from './probe.ts';
import { DEFAULT_GRID_LAYOUT } from '../../envs/grid-layout.ts';

export { renderCartPole, renderAcrobot, renderMountainCar, renderPendulum, renderGridWorld, renderProbe };
export type { GridLayout, RenderOptions, RenderTheme } from './types.ts';

/** What the main thread knows beyond the frame itself. */
export interface RenderExtras {
  theme?: RenderTheme;
  /** GridWorld's layout when not the default (rows of '#', 'P', 'G', 'S', '.'). */
  gridLayout?: GridLayout;
  /** Return of the last finished episode (shown by the probe readout). */
  lastEpisodeReturn?: number;
  /** The probe readout's labels in the page's language. */
  probeLabels?: ProbeLabels;
}


/** Clear the canvas and draw `frame` on it; `width`/`height` in CSS px. */
export function renderEnv(
  ctx: CanvasRenderingContext2D,
  frame: RenderFrame,
  width: number,
  height: number,
  extras: RenderExtras = {},
): void {
  const theme = extras.theme ?? LIGHT_THEME;
  ctx.save();
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, width, height);
  ctx.restore();
  const opts = { width, height, theme, lastAction: frame.lastAction };
  const s = frame.state;
  switch (frame.envId) {
    case 'CartPole-v1':
      return renderCartPole(ctx, s, opts);
    case 'CartPoleContinuous-v0':
      return renderCartPoleContinuous(ctx, s, opts);
    case 'Acrobot-v1':
      return renderAcrobot(ctx, s, opts);
    case 'MountainCar-v0':
      return renderMountainCar(ctx, s, { ...opts, continuous: false });
    case 'MountainCarContinuous-v0':
      return renderMountainCar(ctx, s, { ...opts, continuous: true });
    case 'Pendulum-v1':
      return renderPendulum(ctx, s, opts);
    case 'GridWorld':
      return renderGridWorld(ctx, s, { ...opts, layout: extras.gridLayout ?? DEFAULT_GRID_LAYOUT });
    default:
      return renderProbe(ctx, s, {
        ...opts,
        envId: frame.envId,
        episodeReturn: frame.episodeReturn,
        episodeLength: frame.episodeLength,
        lastEpisodeReturn: extras.lastEpisodeReturn,
        labels: extras.probeLabels,
      });
  }
}

/** Read the renderer colours from CSS custom properties (`--env-*`) on `el`, falling back to the light theme. */
export function readTheme(el: Element): RenderTheme {
  const { font, ...colours } = LIGHT_THEME;
  return { ...cssTheme(el, 'env', colours, { background: 'bg' }), font: getComputedStyle(el).fontFamily || font };
}

/**
 * Size the canvas backing store to its CSS box × devicePixelRatio and scale the context so
 * drawing code works in CSS pixels and stays crisp. Call again when the box or DPR changes.
 */
export function setupHiDpiCanvas(
  canvas: HTMLCanvasElement,
): { ctx: CanvasRenderingContext2D; width: number; height: number; dpr: number } {
  const dpr = window.devicePixelRatio || 1;
  const rect = canvas.getBoundingClientRect();
  const width = Math.max(1, rect.width);
  const height = Math.max(1, rect.height);
  const pw = Math.round(width * dpr);
  const ph = Math.round(height * dpr);
  if (canvas.width !== pw) canvas.width = pw;
  if (canvas.height !== ph) canvas.height = ph;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas context unavailable');
  ctx.setTransform(pw / width, 0, 0, ph / height, 0, 0);
  return { ctx, width, height, dpr };
}

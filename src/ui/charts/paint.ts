// Paints a Scene on a 2D canvas: grid, reference bands and dashed lines, bands, whiskers,
// faint points, lines (NaN = gap, non-positive = gap on log axes), alert markers, off-scale marks, axes.
// Scales are flattened to affine maps so the inner loops do no function calls.

import type { ChartTheme } from './palette.ts';
import { withAlpha } from './palette.ts';
import type { Item, Scene } from './scene-types.ts';

export type Ctx2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export const TICK_FONT = '10px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** y ↦ pixel as a + b·f(y), f = identity or log10. */
interface Affine {
  a: number;
  b: number;
  log: boolean;
}

function affine(domain: number[], range: number[], log: boolean): Affine {
  const f = log ? Math.log10 : (v: number) => v;
  const d0 = f(domain[0]);
  const d1 = f(domain[1]);
  const b = d1 === d0 ? 0 : (range[1] - range[0]) / (d1 - d0);
  return { a: range[0] - b * d0, b, log };
}

/** Pixel of v, or NaN for a gap (NaN, or ≤ 0 on a log axis). ±Infinity clamp to far outside the plot. */
function px(m: Affine, v: number): number {
  if (v !== v) return NaN;
  if (m.log) {
    if (!(v > 0)) return NaN;
    v = Math.log10(v);
  }
  const p = m.a + m.b * v;
  return p > 1e6 ? 1e6 : p < -1e6 ? -1e6 : p;
}

/** Set up the backing store for crisp lines at the device pixel ratio; returns whether it was resized. */
export function sizeCanvas(canvas: HTMLCanvasElement | OffscreenCanvas, cssWidth: number, cssHeight: number, dpr: number): boolean {
  const w = Math.max(1, Math.round(cssWidth * dpr));
  const h = Math.max(1, Math.round(cssHeight * dpr));
  if (canvas.width === w && canvas.height === h) return false;
  canvas.width = w;
  canvas.height = h;
  return true;
}

export function paintScene(ctx: Ctx2D, scene: Scene, theme: ChartTheme, dpr: number): void {
  const { plot } = scene;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, scene.width, scene.height);
  // An empty chart says why in its HTML overlay (Chart.svelte), where it can wrap and be read aloud.
  if (scene.empty) return;
  const mx = affine(scene.x.domain(), scene.x.range(), false);
  const my = affine(scene.y.domain(), scene.y.range(), scene.logY);

  // Grid.
  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.grid;
  ctx.setLineDash([]);
  ctx.beginPath();
  for (const t of scene.yTicks) {
    const y = Math.round(px(my, t)) + 0.5;
    ctx.moveTo(plot.left, y);
    ctx.lineTo(plot.right, y);
  }
  ctx.stroke();

  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.left, plot.top - 1, plot.right - plot.left, plot.bottom - plot.top + 2);
  ctx.clip();

  // Reference bands, then lines (grey, dashed).
  for (const r of scene.refs) {
    if (r.kind !== 'band') continue;
    const y0 = px(my, r.high);
    const y1 = px(my, r.low);
    if (y0 !== y0 || y1 !== y1) continue;
    ctx.fillStyle = withAlphaCss(theme.reference, 0.12);
    ctx.fillRect(plot.left, y0, plot.right - plot.left, y1 - y0);
    ctx.strokeStyle = theme.reference;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(plot.left, Math.round(y0) + 0.5);
    ctx.lineTo(plot.right, Math.round(y0) + 0.5);
    ctx.moveTo(plot.left, Math.round(y1) + 0.5);
    ctx.lineTo(plot.right, Math.round(y1) + 0.5);
    ctx.stroke();
  }

  for (const it of scene.items) paintItem(ctx, it, mx, my);

  ctx.lineWidth = 1;
  ctx.setLineDash([4, 3]);
  ctx.strokeStyle = theme.reference;
  for (const r of scene.refs) {
    if (r.kind !== 'line') continue;
    const y = px(my, r.value);
    if (y !== y) continue;
    ctx.beginPath();
    ctx.moveTo(plot.left, Math.round(y) + 0.5);
    ctx.lineTo(plot.right, Math.round(y) + 0.5);
    ctx.stroke();
  }
  ctx.setLineDash([]);

  // Reference labels, right-aligned just above their line.
  ctx.font = TICK_FONT;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'bottom';
  ctx.fillStyle = theme.muted;
  ctx.strokeStyle = theme.background;
  ctx.lineWidth = 3;
  ctx.lineJoin = 'round';
  for (const r of scene.refs) {
    const y = px(my, r.kind === 'line' ? r.value : r.high);
    if (y !== y) continue;
    const ty = Math.max(plot.top + 11, y - 2);
    // A halo in the background colour keeps the label legible over the data.
    ctx.strokeText(r.label, plot.right - 3, ty);
    ctx.fillText(r.label, plot.right - 3, ty);
  }

  // Alert markers: a thin vertical line with a small triangle at the top.
  for (const m of scene.markers) {
    const x = px(mx, m.x);
    if (x !== x || x < plot.left - 1 || x > plot.right + 1) continue;
    const xr = Math.round(x) + 0.5;
    ctx.strokeStyle = withAlpha(m.color, 0.7);
    ctx.setLineDash([2, 2]);
    ctx.beginPath();
    ctx.moveTo(xr, plot.top);
    ctx.lineTo(xr, plot.bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = m.color;
    ctx.beginPath();
    ctx.moveTo(xr - 4, plot.top);
    ctx.lineTo(xr + 4, plot.top);
    ctx.lineTo(xr, plot.top + 6);
    ctx.closePath();
    ctx.fill();
  }
  ctx.restore();

  paintOffscale(ctx, scene, theme);
  paintAxes(ctx, scene, theme, mx, my);
}

/**
 * Where the marks of points outside the y range go: a small triangle per pixel column at the edge
 * they lie beyond, x its tip, `dir` −1 pointing up (above) or 1 down (below). Binned columns may
 * round past the plot's edge: the mark stays inside.
 */
export function offscaleMarks(scene: Scene): { x: number; edge: number; dir: -1 | 1 }[] {
  const { plot, offscale } = scene;
  const marks: { x: number; edge: number; dir: -1 | 1 }[] = [];
  for (const bin of offscale.above) marks.push({ x: Math.min(plot.right - 4, Math.max(plot.left + 4, bin)), edge: plot.top, dir: -1 });
  for (const bin of offscale.below) marks.push({ x: Math.min(plot.right - 4, Math.max(plot.left + 4, bin)), edge: plot.bottom, dir: 1 });
  return marks;
}

/** Points outside the y range (robust scaling): a small hollow triangle at the edge they lie beyond. */
function paintOffscale(ctx: Ctx2D, scene: Scene, theme: ChartTheme): void {
  const { offscale } = scene;
  if (offscale.above.length === 0 && offscale.below.length === 0) return;
  ctx.fillStyle = theme.background;
  ctx.strokeStyle = theme.text;
  ctx.lineWidth = 1;
  ctx.setLineDash([]);
  ctx.beginPath();
  for (const { x, edge, dir } of offscaleMarks(scene)) {
    ctx.moveTo(x - 3.5, edge - 5 * dir);
    ctx.lineTo(x + 3.5, edge - 5 * dir);
    ctx.lineTo(x, edge + 1 * dir);
    ctx.closePath();
  }
  ctx.fill();
  ctx.stroke();
}

/** Canvas accepts any CSS colour; reference colours may be rgba() already, so wrap hex only. */
function withAlphaCss(color: string, alpha: number): string {
  return /^#[0-9a-f]{6}$/i.test(color) ? withAlpha(color, alpha) : color;
}

function paintItem(ctx: Ctx2D, it: Item, mx: Affine, my: Affine): void {
  switch (it.kind) {
    case 'line': {
      ctx.strokeStyle = it.alpha < 1 ? withAlpha(it.color, it.alpha) : it.color;
      ctx.lineWidth = it.lineWidth;
      ctx.lineJoin = 'round';
      ctx.setLineDash(it.dash as number[]);
      ctx.beginPath();
      let pen = false;
      for (let i = 0; i < it.length; i++) {
        const x = px(mx, it.x[i]);
        const y = px(my, it.y[i]);
        if (y !== y || x !== x) {
          pen = false;
          continue;
        }
        if (pen) ctx.lineTo(x, y);
        else {
          ctx.moveTo(x, y);
          pen = true;
          // A lone point between gaps would be invisible: give it a dot's length.
          const nx = i + 1 < it.length ? it.y[i + 1] : NaN;
          if (nx !== nx) ctx.lineTo(x + 0.5, y);
        }
      }
      ctx.stroke();
      ctx.setLineDash([]);
      return;
    }
    case 'area': {
      ctx.fillStyle = withAlpha(it.color, it.alpha);
      let start = 0;
      // Fill each gap-free run as its own polygon.
      for (let i = 0; i <= it.length; i++) {
        const gap = i === it.length || it.lo[i] !== it.lo[i];
        if (!gap) continue;
        if (i - start >= 1) fillRun(ctx, it, start, i, mx, my);
        start = i + 1;
      }
      return;
    }
    case 'whiskers': {
      ctx.strokeStyle = withAlpha(it.color, it.alpha);
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let i = 0; i < it.length; i++) {
        const x = Math.round(px(mx, it.x[i])) + 0.5;
        const y0 = px(my, it.lo[i]);
        const y1 = px(my, it.hi[i]);
        if (x !== x || y0 !== y0 || y1 !== y1) continue;
        ctx.moveTo(x, y0);
        ctx.lineTo(x, y1);
        ctx.moveTo(x - 2, y0);
        ctx.lineTo(x + 2, y0);
        ctx.moveTo(x - 2, y1);
        ctx.lineTo(x + 2, y1);
      }
      ctx.stroke();
      return;
    }
    case 'points': {
      ctx.fillStyle = withAlpha(it.color, it.alpha);
      const r = it.radius;
      const d = 2 * r;
      for (let i = 0; i < it.length; i++) {
        const x = px(mx, it.x[i]);
        const y = px(my, it.y[i]);
        if (x !== x || y !== y) continue;
        ctx.fillRect(x - r, y - r, d, d);
      }
      return;
    }
  }
}

/** Like px, but a non-positive value on a log axis sits far below the plot (clipped) instead of breaking the shape. */
function pyFloor(m: Affine, v: number): number {
  const p = px(m, v);
  return p === p ? p : 1e6;
}

function fillRun(ctx: Ctx2D, it: Extract<Item, { kind: 'area' }>, start: number, end: number, mx: Affine, my: Affine): void {
  ctx.beginPath();
  const single = end - start === 1;
  for (let i = start; i < end; i++) {
    const x = px(mx, it.x[i]) - (single ? 1 : 0);
    const y = pyFloor(my, it.hi[i]);
    if (i === start) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  if (single) ctx.lineTo(px(mx, it.x[start]) + 1, pyFloor(my, it.hi[start]));
  for (let i = end - 1; i >= start; i--) {
    const x = px(mx, it.x[i]) + (single ? 1 : 0);
    ctx.lineTo(x, pyFloor(my, it.lo[i]));
  }
  if (single) ctx.lineTo(px(mx, it.x[start]) - 1, pyFloor(my, it.lo[start]));
  ctx.closePath();
  ctx.fill();
}

function paintAxes(ctx: Ctx2D, scene: Scene, theme: ChartTheme, mx: Affine, my: Affine): void {
  const { plot } = scene;
  ctx.strokeStyle = theme.axis;
  ctx.lineWidth = 1;
  ctx.setLineDash([]);
  ctx.beginPath();
  ctx.moveTo(plot.left + 0.5, plot.top);
  ctx.lineTo(plot.left + 0.5, plot.bottom + 0.5);
  ctx.lineTo(plot.right, plot.bottom + 0.5);
  for (const t of scene.xTicks) {
    const x = Math.round(px(mx, t)) + 0.5;
    ctx.moveTo(x, plot.bottom);
    ctx.lineTo(x, plot.bottom + 4);
  }
  ctx.stroke();
  ctx.font = TICK_FONT;
  ctx.fillStyle = theme.muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of scene.yTicks) {
    const y = px(my, t);
    if (y === y) ctx.fillText(scene.yFormat(t), plot.left - 4, y);
  }
  ctx.textBaseline = 'top';
  scene.xTicks.forEach((t, i) => {
    const x = px(mx, t);
    ctx.textAlign = i === scene.xTicks.length - 1 && x > plot.right - 20 ? 'right' : 'center';
    ctx.fillText(scene.xFormat(t), x, plot.bottom + 5);
  });
}

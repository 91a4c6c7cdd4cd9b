// GridWorld: walls, pits, the goal and the agent on a square-celled grid whose layout is passed in.

import type { GridLayout, RenderOptions } from './types.ts';
import { arrow } from './screen.ts';

export interface GridWorldOptions extends RenderOptions {
  layout: GridLayout;
}

/** The agent's (row, col) from a state that is either [row, col, …] or [cell index]. */
export function agentCell(state: ArrayLike<number>, cols: number): [number, number] {
  if (state.length >= 2) return [Math.round(state[0]), Math.round(state[1])];
  const i = Math.round(state[0]);
  return [Math.floor(i / cols), i % cols];
}

/** lastAction: 0 up, 1 right, 2 down, 3 left (drawn as a small arrow on the agent). */
export function renderGridWorld(ctx: CanvasRenderingContext2D, state: ArrayLike<number>, opts: GridWorldOptions): void {
  const { theme, layout } = opts;
  const rows = layout.length;
  const cols = Math.max(1, ...layout.map((r) => r.length));
  const pad = 8;
  const cell = Math.floor(Math.min((opts.width - 2 * pad) / cols, (opts.height - 2 * pad) / rows));
  const ox = Math.round((opts.width - cell * cols) / 2);
  const oy = Math.round((opts.height - cell * rows) / 2);
  ctx.save();

  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const ch = layout[r][c] ?? '#';
      const x = ox + c * cell;
      const y = oy + r * cell;
      ctx.fillStyle = ch === '#' ? theme.muted : ch === 'X' || ch === 'P' ? theme.force : ch === 'G' ? theme.goal : theme.faint;
      ctx.fillRect(x + 1, y + 1, cell - 2, cell - 2);
      if (ch === 'S') {
        ctx.strokeStyle = theme.muted;
        ctx.lineWidth = 1.5;
        ctx.strokeRect(x + 4, y + 4, cell - 8, cell - 8);
      }
    }
  }

  const [ar, ac] = agentCell(state, cols);
  const cx = ox + (ac + 0.5) * cell;
  const cy = oy + (ar + 0.5) * cell;
  ctx.beginPath();
  ctx.arc(cx, cy, cell * 0.3, 0, 2 * Math.PI);
  ctx.fillStyle = theme.body;
  ctx.fill();

  const a = opts.lastAction;
  if (a !== undefined && Number.isFinite(a)) {
    const dirs: [number, number][] = [[0, -1], [1, 0], [0, 1], [-1, 0]];
    const d = dirs[Math.round(a)];
    if (d) arrow(ctx, cx, cy, cx + d[0] * cell * 0.42, cy + d[1] * cell * 0.42, cell * 0.16, 2, theme.background);
  }
  ctx.restore();
}

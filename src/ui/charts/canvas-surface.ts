// A canvas that follows its box: observes size, visibility and the colour theme, and redraws
// through the page-wide frame scheduler: at most once per animation frame, only when invalidated,
// and not at all while scrolled out of view (it catches up when it comes back).

import { frameScheduler, type FrameScheduler } from './frame-scheduler.ts';
import { onThemeChange } from '../state/theme.ts';
import { LIGHT_THEME, readTheme, type ChartTheme } from './palette.ts';
import type { Ctx2D } from './paint.ts';
import { sizeCanvas } from './paint.ts';

export interface Surface {
  ctx: Ctx2D;
  width: number;
  height: number;
  dpr: number;
  theme: ChartTheme;
}

export abstract class CanvasSurface {
  private canvas: HTMLCanvasElement | null = null;
  private ctx: CanvasRenderingContext2D | null = null;
  private size = { width: 0, height: 0 };
  private theme: ChartTheme = LIGHT_THEME;
  private visible = true;
  private dirty = true;
  private cleanups: (() => void)[] = [];

  constructor(private readonly scheduler: FrameScheduler = frameScheduler()) {}

  /** Paint one frame. */
  protected abstract render(surface: Surface): void;

  /** Start observing `canvas` (sized to its parent box); returns the cleanup. */
  attach(canvas: HTMLCanvasElement): () => void {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.theme = readTheme(canvas);
    const box = canvas.parentElement ?? canvas;
    const ro = new ResizeObserver((entries) => {
      const r = entries[entries.length - 1].contentRect;
      if (r.width !== this.size.width || r.height !== this.size.height) {
        this.size = { width: r.width, height: r.height };
        this.invalidate();
      }
    });
    ro.observe(box);
    const io = new IntersectionObserver((entries) => {
      this.visible = entries[entries.length - 1].isIntersecting;
      if (this.visible && this.dirty) this.request();
    });
    io.observe(box);
    const offTheme = onThemeChange(() => {
      // Custom properties follow the theme attribute; read them once styles have recomputed.
      requestAnimationFrame(() => {
        if (!this.canvas) return;
        this.theme = readTheme(this.canvas);
        this.invalidate();
      });
    });
    const dpr = matchMedia(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`);
    const onDpr = (): void => this.invalidate();
    dpr.addEventListener('change', onDpr);
    this.cleanups = [
      () => ro.disconnect(),
      () => io.disconnect(),
      offTheme,
      () => dpr.removeEventListener('change', onDpr),
      () => this.scheduler.cancel(this),
    ];
    return () => this.detach();
  }

  detach(): void {
    for (const c of this.cleanups) c();
    this.cleanups = [];
    this.canvas = null;
    this.ctx = null;
  }

  /** Something drawn changed: redraw in the next frame (or when scrolled back into view). */
  invalidate(): void {
    this.dirty = true;
    if (this.visible) this.scheduler.schedule(this, () => this.draw());
  }

  private request(): void {
    this.scheduler.schedule(this, () => this.draw());
  }

  /** Draw now (the scheduler calls this). */
  draw(): void {
    const { canvas, ctx } = this;
    if (!canvas || !ctx || this.size.width < 2 || this.size.height < 2) return;
    this.dirty = false;
    const dpr = globalThis.devicePixelRatio || 1;
    sizeCanvas(canvas, this.size.width, this.size.height, dpr);
    this.render({ ctx, width: this.size.width, height: this.size.height, dpr, theme: this.theme });
  }
}

// Drawing one frame's layers into items, in data coordinates: lines (raw faint under smoothed),
// ranges, episode windows, stacked areas, and seed groups as median with spread.

import { smoothEma } from '../../diagnostics/smoothing.ts';
import { layerKeys, type LayerSpec } from './chart-spec.ts';
import type { XAxis } from './columns.ts';
import type { EpisodeWindows } from './episode-windows.ts';
import { quantizeDomain } from './incremental-decimator.ts';
import type { RunHistory } from './metric-history.ts';
import { PART_COLORS, SERIES_DASHES, runColor } from './palette.ts';
import { RECENT } from './robust-range.ts';
import type { Domain } from './scales.ts';
import type { SceneCaches } from './scene-caches.ts';
import type { ChartView, Item, Probe, RefItem } from './scene-types.ts';
import { seedSpread, type SeedGroup, type SeedSource } from './seed-spread.ts';
import { yRange } from './y-range.ts';

const RAW_ALPHA_SMOOTHED = 0.28;

/** A column pair to draw: x on the chosen axis, y values, and the object that owns y (smoothing cache key). */
interface Source {
  x: Float64Array;
  y: Float64Array;
  length: number;
  owner: object;
}

/** Column of a run's series on the chosen x axis. */
function seriesSource(run: RunHistory, key: string, axis: XAxis): Source | undefined {
  const s = run.scalars.get(key);
  if (!s || s.length === 0) return undefined;
  return { x: s.raw(axis), y: s.raw('value'), length: s.length, owner: s };
}

/** Episode steps mapped to the chosen x axis through the run's flush clock. */
function mapSteps(run: RunHistory, steps: Float64Array, n: number, axis: XAxis): Float64Array {
  if (axis === 'step') return steps;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = run.xAt(steps[i], axis);
  return out;
}

/** State of one build: x extent, items, probes. */
export class FrameContext {
  items: Item[] = [];
  probes: Probe[] = [];
  plotWidth = 1;
  /** More than one run or seed group on the chart: colour by run, tell series apart by dash. */
  multiRun = false;
  /** x extent of the data (before quantizing). */
  private x0 = Infinity;
  private x1 = -Infinity;

  constructor(
    private readonly b: SceneCaches,
    private readonly view: ChartView,
  ) {}

  /** x extent of the data, its right edge quantized so decimated columns stay put between frames. */
  xDomain(): Domain {
    return this.x0 <= this.x1 ? quantizeDomain(this.x0, this.x1) : [0, 1];
  }

  private span(x: Float64Array, n: number): void {
    if (n === 0) return;
    if (x[0] < this.x0) this.x0 = x[0];
    if (x[n - 1] > this.x1) this.x1 = x[n - 1];
  }

  extendX(layer: LayerSpec, run: RunHistory): void {
    const axis = this.view.xAxis;
    if (layer.kind === 'episodes') {
      const ep = run.episodes;
      const n = ep.length;
      if (n > 0) {
        this.x0 = Math.min(this.x0, run.xAt(ep.raw('step')[0], axis));
        this.x1 = Math.max(this.x1, run.xAt(ep.raw('step')[n - 1], axis));
      }
      return;
    }
    for (const key of layerKeys(layer)) {
      const s = seriesSource(run, key, axis);
      if (s) this.span(s.x, s.length);
    }
  }

  addLayer(layer: LayerSpec, li: number, run: RunHistory): void {
    const color = runColor(run.colorIndex);
    switch (layer.kind) {
      case 'line':
        return this.line(run, layer.key, layer.label, color, layer.dashed ? SERIES_DASHES[1] : SERIES_DASHES[0], `${li}`);
      case 'parts':
        return layer.keys.forEach((k, i) => {
          const c = this.multiRun ? color : PART_COLORS[i % PART_COLORS.length];
          const dash = this.multiRun ? SERIES_DASHES[i % SERIES_DASHES.length] : SERIES_DASHES[0];
          this.line(run, k, layer.labels[i], c, dash, `${li}.${i}`);
        });
      case 'range':
        return this.range(run, layer, color, `${li}`);
      case 'episodes':
        return this.episodes(run, layer.field, color, `${li}`);
      case 'stack':
        return this.stack(run, layer, color, `${li}`);
    }
  }

  /** A seed group: median across seeds with the min–max spread, for lines and episode means. */
  addGroupLayer(layer: LayerSpec, li: number, g: SeedGroup): void {
    const color = runColor(g.colorIndex);
    const axis = this.view.xAxis;
    const w = this.view.smoothing;
    const seriesOf = (key: string): SeedSource[] =>
      g.runs.flatMap((run) => {
        const src = seriesSource(run, key, axis);
        return src ? [{ x: src.x, y: this.b.smoothed(src.owner, src.y, src.length, w), length: src.length }] : [];
      });
    switch (layer.kind) {
      case 'line':
        return this.spread(g, seriesOf(layer.key), layer.label, color, layer.dashed ? SERIES_DASHES[1] : SERIES_DASHES[0]);
      case 'parts':
        return layer.keys.forEach((k, i) =>
          this.spread(g, seriesOf(k), layer.labels[i], this.multiRun ? color : PART_COLORS[i % PART_COLORS.length], this.multiRun ? SERIES_DASHES[i % SERIES_DASHES.length] : SERIES_DASHES[0]),
        );
      case 'episodes': {
        const field = layer.field === 'return' ? 'returnMean' : layer.field === 'length' ? 'lengthMean' : 'solveRate';
        const seeds = g.runs.map((run) => {
          const win = run.chartWindows(this.view.episodeWindow);
          const k = win.length;
          const mean = win.raw(field).subarray(0, k);
          return { x: mapSteps(run, win.raw('step'), k, axis), y: w > 0 ? smoothEma(mean, w) : mean, length: k };
        });
        return this.spread(g, seeds, layer.field === 'solved' ? 'solve rate (window)' : `${layer.field} (window mean)`, color, SERIES_DASHES[0]);
      }
      default:
        // Ranges and stacks stay per seed.
        return g.runs.forEach((run) => this.addLayer(layer, li, run));
    }
  }

  private spread(g: SeedGroup, seeds: SeedSource[], label: string, color: string, dash: readonly number[]): void {
    if (seeds.every((s) => s.length === 0)) return;
    const [x0, x1] = this.xDomain();
    const sp = seedSpread(seeds, x0, x1, this.plotWidth);
    const derived = this.view.smoothing > 0;
    this.items.push({ kind: 'area', color, alpha: 0.16, x: sp.x, lo: sp.lo, hi: sp.hi, length: sp.length, derived });
    this.items.push({ kind: 'line', color, alpha: 1, lineWidth: 1.75, dash, x: sp.x, y: sp.median, length: sp.length, derived });
    this.probes.push({ runLabel: g.label, label, color, x: sp.x, length: sp.length, values: { median: sp.median, min: sp.lo, max: sp.hi, seeds: sp.count } });
  }

  /** Raw line (faint when smoothing is on) plus the smoothed line. */
  private line(run: RunHistory, key: string, label: string, color: string, dash: readonly number[], slot: string): void {
    const src = seriesSource(run, key, this.view.xAxis);
    if (!src) return;
    const w = this.view.smoothing;
    const id = `${run.id}|${slot}`;
    const [x0, x1] = this.xDomain();
    const raw = this.b.decimate(`${id}|raw`, src.x, src.y, src.length, this.plotWidth, x0, x1);
    const smoothed = this.b.smoothed(src.owner, src.y, src.length, w);
    if (w > 0) {
      this.items.push({ kind: 'line', color, alpha: RAW_ALPHA_SMOOTHED, lineWidth: 1, dash, x: raw.x, y: raw.y, length: raw.length });
      const sm = this.b.decimate(`${id}|smooth`, src.x, smoothed, src.length, this.plotWidth, x0, x1, w);
      this.items.push({ kind: 'line', color, alpha: 1, lineWidth: 1.5, dash, x: sm.x, y: sm.y, length: sm.length, derived: true });
    } else {
      this.items.push({ kind: 'line', color, alpha: 1, lineWidth: 1.25, dash, x: raw.x, y: raw.y, length: raw.length });
    }
    this.probes.push({ runLabel: run.label, label, color, x: src.x, length: src.length, values: { raw: src.y, smoothed } });
  }

  /** Band between two series (extremes are never smoothed), the middle series as a line. */
  private range(run: RunHistory, layer: Extract<LayerSpec, { kind: 'range' }>, color: string, slot: string): void {
    const axis = this.view.xAxis;
    const lo = seriesSource(run, layer.lo, axis);
    const hi = seriesSource(run, layer.hi, axis);
    if (lo && hi) {
      const n = Math.min(lo.length, hi.length);
      const [x0, x1] = this.xDomain();
      const e = this.b.envelope(`${run.id}|${slot}|band`, lo.x, lo.y, hi.y, n, this.plotWidth, x0, x1);
      this.items.push({ kind: 'area', color, alpha: 0.18, x: e.x, lo: e.lo, hi: e.hi, length: e.length });
      this.probes.push({ runLabel: run.label, label: 'min / max', color, x: lo.x, length: n, values: { min: lo.y, max: hi.y } });
    }
    if (layer.mid) this.line(run, layer.mid, 'mean', color, SERIES_DASHES[0], `${slot}|mid`);
  }

  /** Episode windows: ±std band, min/max whiskers, faint raw episodes, mean line. */
  private episodes(run: RunHistory, field: 'return' | 'length' | 'solved', color: string, slot: string): void {
    const ep = run.episodes;
    const n = ep.length;
    if (n === 0) return;
    const axis = this.view.xAxis;
    const win: EpisodeWindows = run.chartWindows(this.view.episodeWindow);
    const k = win.length;
    const [x0, x1] = this.xDomain();
    const id = `${run.id}|${slot}|${win.size}`;
    const width = this.plotWidth;
    if (field === 'solved') return this.solveRate(run, win, id, color);
    // Raw episodes as faint dots (M4-decimated: a dense cloud keeps its extremes).
    // Off the step axis, the newest episodes' x moves as the clock advances: no reuse (tag NaN).
    const tag = axis === 'step' ? 0 : NaN;
    const ex = mapSteps(run, ep.raw('step'), n, axis);
    const ey = ep.raw(field);
    const pts = n > 2 * width ? this.b.decimate(`${id}|pts`, ex, ey, n, width, x0, x1, tag) : { x: ex, y: ey, length: n };
    this.items.push({ kind: 'points', color, alpha: 0.22, radius: 1.4, x: pts.x, y: pts.y, length: pts.length });
    const mean = win.raw(field === 'return' ? 'returnMean' : 'lengthMean');
    const sd = win.raw(field === 'return' ? 'returnStd' : 'lengthStd');
    const mn = win.raw(field === 'return' ? 'returnMin' : 'lengthMin');
    const mx = win.raw(field === 'return' ? 'returnMax' : 'lengthMax');
    const wx = mapSteps(run, win.raw('step'), k, axis);
    const lo = new Float64Array(k);
    const hi = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      lo[i] = mean[i] - sd[i];
      hi[i] = mean[i] + sd[i];
    }
    const band = this.b.envelope(`${id}|std`, wx, lo, hi, k, width, x0, x1);
    this.items.push({ kind: 'area', color, alpha: 0.2, x: band.x, lo: band.lo, hi: band.hi, length: band.length });
    if (k <= width / 4) {
      this.items.push({ kind: 'whiskers', color, alpha: 0.55, x: wx, lo: mn, hi: mx, length: k });
    } else {
      const e = this.b.envelope(`${id}|minmax`, wx, mn, mx, k, width, x0, x1);
      this.items.push({ kind: 'area', color, alpha: 0.08, x: e.x, lo: e.lo, hi: e.hi, length: e.length });
    }
    // The open (last) window changes as episodes arrive, so its EMA is recomputed whole (k is small).
    const w = this.view.smoothing;
    const line = w > 0 ? smoothEma(mean.subarray(0, k), w, this.b.buffer(`${id}|ema`, k)).subarray(0, k) : mean.subarray(0, k);
    const d = this.b.decimate(`${id}|mean`, wx, line, k, width, x0, x1, axis === 'step' ? w : NaN);
    this.items.push({ kind: 'line', color, alpha: 1, lineWidth: 1.75, dash: SERIES_DASHES[0], x: d.x, y: d.y, length: d.length, derived: w > 0 });
    this.probes.push({
      runLabel: run.label,
      label: `${field} (window of ${win.size})`,
      color,
      x: wx,
      length: k,
      values: { mean: mean.subarray(0, k), smoothed: line, '±': sd.subarray(0, k), min: mn.subarray(0, k), max: mx.subarray(0, k) },
    });
  }

  /** Solve rate per episode window: one line (smoothed like the others), no band. */
  private solveRate(run: RunHistory, win: EpisodeWindows, id: string, color: string): void {
    const k = win.length;
    const axis = this.view.xAxis;
    const [x0, x1] = this.xDomain();
    const rate = win.raw('solveRate').subarray(0, k);
    const wx = mapSteps(run, win.raw('step'), k, axis);
    const w = this.view.smoothing;
    const line = w > 0 ? smoothEma(rate, w, this.b.buffer(`${id}|ema`, k)).subarray(0, k) : rate;
    const d = this.b.decimate(`${id}|rate`, wx, line, k, this.plotWidth, x0, x1, axis === 'step' ? w : NaN);
    if (w > 0) this.items.push({ kind: 'line', color, alpha: 0.3, lineWidth: 1, dash: SERIES_DASHES[0], x: wx, y: rate, length: k });
    this.items.push({ kind: 'line', color, alpha: 1, lineWidth: 1.75, dash: SERIES_DASHES[0], x: d.x, y: d.y, length: d.length, derived: w > 0 });
    this.probes.push({ runLabel: run.label, label: `solve rate (window of ${win.size})`, color, x: wx, length: k, values: { raw: rate, smoothed: line } });
  }

  /** Stacked areas (one run) or stacked outlines (several runs). Components are smoothed before stacking. */
  private stack(run: RunHistory, layer: Extract<LayerSpec, { kind: 'stack' }>, color: string, slot: string): void {
    const axis = this.view.xAxis;
    const srcs = layer.keys.map((k) => seriesSource(run, k, axis));
    const present = srcs.filter((s): s is Source => s !== undefined);
    if (present.length === 0) return;
    const n = Math.min(...present.map((s) => s.length));
    const x = present[0].x;
    const [x0, x1] = this.xDomain();
    const base = new Float64Array(n);
    const values: Record<string, Float64Array> = {};
    srcs.forEach((s, i) => {
      if (!s) return;
      const comp = this.b.smoothed(s.owner, s.y, s.length, this.view.smoothing);
      const top = new Float64Array(n);
      for (let j = 0; j < n; j++) top[j] = base[j] + (Number.isFinite(comp[j]) ? comp[j] : 0);
      const id = `${run.id}|${slot}.${i}`;
      if (this.multiRun) {
        const d = this.b.decimate(id, x, top, n, this.plotWidth, x0, x1, this.view.smoothing);
        this.items.push({ kind: 'line', color, alpha: 1, lineWidth: 1.25, dash: SERIES_DASHES[i % SERIES_DASHES.length], x: d.x, y: d.y, length: d.length });
      } else {
        const e = this.b.envelope(id, x, base, top, n, this.plotWidth, x0, x1);
        this.items.push({ kind: 'area', color: PART_COLORS[i % PART_COLORS.length], alpha: 0.75, x: e.x, lo: e.lo, hi: e.hi, length: e.length });
      }
      values[layer.labels[i]] = s.y;
      base.set(top);
    });
    this.probes.push({ runLabel: run.label, label: 'ms per phase', color, x, length: n, values });
  }

  /** The y range of what will be drawn, the references and zero where it matters (y-range.ts). */
  yRange(refs: RefItem[], fromZero: boolean, log: boolean, showOutliers: boolean): { domain: Domain; clipped: boolean } {
    return yRange(this.items, refs, { fromZero, log, showOutliers, recentFrom: this.x1 - RECENT * (this.x1 - this.x0), sample: this.b.sample });
  }
}


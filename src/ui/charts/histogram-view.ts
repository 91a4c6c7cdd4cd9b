// Distributions over time, TensorBoard-style: an offset ("ridgeline") view where older snapshots
// sit further back and up, and an overlay view where all share one baseline and fade with age.

import { scaleLinear } from './numeric-scale.ts';
import type { HistogramSnapshot } from '../../workers/protocol.ts';
import { formatCount, formatValue } from './format.ts';
import type { ChartTheme } from './palette.ts';
import { withAlpha } from './palette.ts';
import { TICK_FONT, type Ctx2D } from './paint.ts';
import type { HistogramMode } from '../../config/view-options.ts';
import { t } from '../i18n/i18n.svelte.ts';

export type { HistogramMode } from '../../config/view-options.ts';

/** Up to `max` snapshots evenly spread over the history, oldest first, the newest always included. */
export function pickSnapshots<T>(list: readonly T[], max: number): T[] {
  const n = list.length;
  if (n <= max) return [...list];
  if (max <= 1) return n > 0 ? [list[n - 1]] : [];
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(list[Math.round((i * (n - 1)) / (max - 1))]);
  return out;
}

/** Bin densities (count / total / bin width): comparable across snapshots with different ranges and bin widths. */
export function densities(h: HistogramSnapshot): Float64Array {
  const n = h.counts.length;
  const out = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) total += h.counts[i];
  const width = (h.max - h.min) / n;
  if (!(total > 0) || !(width > 0)) return out;
  for (let i = 0; i < n; i++) out[i] = h.counts[i] / total / width;
  return out;
}

/** Value range covered by the snapshots (finite ones only). */
export function valueRange(list: readonly HistogramSnapshot[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const h of list) {
    if (Number.isFinite(h.min) && h.min < lo) lo = h.min;
    if (Number.isFinite(h.max) && h.max > hi) hi = h.max;
  }
  if (!(lo <= hi)) return [0, 1];
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

export interface HistogramPaintOptions {
  width: number;
  height: number;
  dpr: number;
  mode: HistogramMode;
  color: string;
  theme: ChartTheme;
  /** Most snapshots drawn (ridgeline rows / overlay curves). */
  maxRows?: number;
}

/** Paint the snapshots; returns the ones drawn (oldest first). */
export function paintHistograms(ctx: Ctx2D, all: readonly HistogramSnapshot[], o: HistogramPaintOptions): HistogramSnapshot[] {
  ctx.setTransform(o.dpr, 0, 0, o.dpr, 0, 0);
  ctx.clearRect(0, 0, o.width, o.height);
  const usable = all.filter((h) => Number.isFinite(h.min) && Number.isFinite(h.max));
  const rowsFit = Math.max(2, Math.floor((o.height - 40) / 7));
  const shown = pickSnapshots(usable, Math.min(o.maxRows ?? (o.mode === 'ridgeline' ? 16 : 10), rowsFit));
  if (shown.length === 0) return shown;
  const left = 14;
  const right = o.width - (o.mode === 'ridgeline' ? 52 : 14);
  const top = o.mode === 'ridgeline' ? 14 : 16;
  const bottom = o.height - 20;
  const x = scaleLinear().domain(valueRange(shown)).range([left, right]).nice();
  // Each snapshot is scaled to its own peak: an early, very narrow snapshot would otherwise flatten the rest.
  // Spread still reads off the shared value axis.
  const dens = shown.map(densities);
  const peaks = dens.map((d) => Math.max(...d) || 1);
  const rows = shown.length;
  const ridge = o.mode === 'ridgeline';
  const peakH = ridge ? Math.max(12, (bottom - top) * (rows > 1 ? 0.4 : 0.9)) : bottom - top;
  const step = ridge && rows > 1 ? (bottom - top - peakH) / (rows - 1) : 0;

  ctx.font = TICK_FONT;
  ctx.lineJoin = 'round';
  for (let r = 0; r < rows; r++) {
    const h = shown[r];
    const d = dens[r];
    const base = ridge ? top + peakH + r * step : bottom;
    const age = rows > 1 ? r / (rows - 1) : 1; // 0 oldest … 1 newest
    const n = d.length;
    const bw = (h.max - h.min) / n;
    ctx.beginPath();
    ctx.moveTo(x(h.min), base);
    for (let i = 0; i < n; i++) {
      // Bin centres joined by straight lines, as TensorBoard draws its distributions.
      ctx.lineTo(x(h.min + (i + 0.5) * bw), base - (d[i] / peaks[r]) * peakH);
    }
    ctx.lineTo(x(h.max), base);
    if (ridge) {
      ctx.fillStyle = o.theme.background;
      ctx.fill();
      ctx.fillStyle = withAlpha(o.color, 0.1 + 0.35 * age);
      ctx.fill();
      ctx.strokeStyle = withAlpha(o.color, 0.45 + 0.55 * age);
      ctx.lineWidth = r === rows - 1 ? 1.5 : 1;
    } else {
      if (r === rows - 1) {
        ctx.fillStyle = withAlpha(o.color, 0.15);
        ctx.fill();
      }
      ctx.strokeStyle = withAlpha(o.color, 0.15 + 0.85 * age ** 2);
      ctx.lineWidth = r === rows - 1 ? 1.75 : 1;
    }
    ctx.stroke();
    if (ridge && (r === 0 || r === rows - 1 || r % Math.max(1, Math.ceil(rows / 4)) === 0)) {
      ctx.fillStyle = o.theme.muted;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(formatCount(h.step), right + 6, base - 1);
    }
  }

  if (!ridge) {
    // Overlay: say which curve is which (the newest is bold, older ones fade).
    ctx.fillStyle = o.theme.muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    ctx.fillText(`bold: step ${formatCount(shown[rows - 1].step)} · faint: older`, right, top);
  }

  // Value axis.
  ctx.strokeStyle = o.theme.axis;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(left, bottom + 0.5);
  ctx.lineTo(right, bottom + 0.5);
  const ticks = x.ticks(Math.max(2, Math.floor((right - left) / 70)));
  for (const t of ticks) {
    const px = Math.round(x(t)) + 0.5;
    ctx.moveTo(px, bottom);
    ctx.lineTo(px, bottom + 4);
  }
  ctx.stroke();
  ctx.fillStyle = o.theme.muted;
  ctx.textBaseline = 'top';
  ticks.forEach((t, i) => {
    // End labels lean inwards so they are not clipped at the canvas edge.
    ctx.textAlign = i === 0 && x(t) < left + 12 ? 'left' : i === ticks.length - 1 && x(t) > right - 12 ? 'right' : 'center';
    ctx.fillText(formatValue(t), x(t), bottom + 5);
  });
  if (ridge) {
    ctx.textAlign = 'left';
    ctx.fillText('step', right + 6, 0);
  }
  return shown;
}

/** One line for screen readers: the newest snapshot's step and range. */
export function histogramSummary(title: string, list: readonly HistogramSnapshot[]): string {
  const h = list[list.length - 1];
  if (!h) return t('summary.chart', { title, parts: t('summary.noData') });
  let total = 0;
  let sum = 0;
  const bw = (h.max - h.min) / h.counts.length;
  h.counts.forEach((c, i) => {
    total += c;
    sum += c * (h.min + (i + 0.5) * bw);
  });
  const mean = total > 0 ? sum / total : NaN;
  return t('summary.histogram', { title, step: formatCount(h.step), min: formatValue(h.min), max: formatValue(h.max), mean: formatValue(mean) });
}

// A chart as a standalone SVG document: the same Scene the canvas painter draws (paint.ts), turned
// into vector paths with d3's line and area generators, under the chart's title, its metric keys and
// its legend. Pure string building (no DOM), so it is tested in node; "Download PNG" rasterises it.

import { area, line } from 'd3';
import { withAlpha, type ChartTheme } from './palette.ts';
import { offscaleMarks } from './paint.ts';
import type { Item, LegendEntry, Scene } from './scene-types.ts';

export interface SvgChartOptions {
  title: string;
  /** Metric keys, shown small and grey under the title as on screen. */
  keys: readonly string[];
  /** Legend chips: run labels and line styles (as Chart.svelte shows above the plot). */
  legend: readonly LegendEntry[];
  theme: ChartTheme;
}

const FONT = 'system-ui, -apple-system, &quot;Segoe UI&quot;, Roboto, sans-serif';
const PAD = 8;
const TITLE_H = 18;
const KEYS_H = 14;
const LEGEND_ROW_H = 16;

/** Escape text for an XML text node or attribute. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Coordinates with two decimals: sharp enough at any zoom, a fraction of the bytes. */
function n(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** A pixel for y, or NaN for a gap (NaN, or ≤ 0 on a log axis), clamped like the canvas painter. */
function yPixel(scene: Scene, v: number): number {
  if (v !== v || (scene.logY && !(v > 0))) return NaN;
  const p = scene.y(v);
  return p > 1e6 ? 1e6 : p < -1e6 ? -1e6 : p;
}

function xPixel(scene: Scene, v: number): number {
  return v !== v ? NaN : scene.x(v);
}

function dashAttr(dash: readonly number[]): string {
  return dash.length > 0 ? ` stroke-dasharray="${dash.join(' ')}"` : '';
}

function itemSvg(scene: Scene, it: Item): string {
  const idx = Array.from({ length: it.length }, (_, i) => i);
  switch (it.kind) {
    case 'line': {
      const d = line<number>()
        .defined((i) => xPixel(scene, it.x[i]) === xPixel(scene, it.x[i]) && yPixel(scene, it.y[i]) === yPixel(scene, it.y[i]))
        .x((i) => xPixel(scene, it.x[i]))
        .y((i) => yPixel(scene, it.y[i]))
        .digits(2)(idx);
      if (!d) return '';
      const stroke = it.alpha < 1 ? withAlpha(it.color, it.alpha) : it.color;
      return `<path d="${d}" fill="none" stroke="${stroke}" stroke-width="${it.lineWidth}" stroke-linejoin="round"${dashAttr(it.dash)}/>`;
    }
    case 'area': {
      // A non-positive bound on a log axis sits far below the plot (clipped), as paint.ts's pyFloor does.
      const floor = (p: number): number => (p === p ? p : 1e6);
      const d = area<number>()
        .defined((i) => it.lo[i] === it.lo[i] && xPixel(scene, it.x[i]) === xPixel(scene, it.x[i]))
        .x((i) => xPixel(scene, it.x[i]))
        .y0((i) => floor(yPixel(scene, it.lo[i])))
        .y1((i) => floor(yPixel(scene, it.hi[i])))
        .digits(2)(idx);
      return d ? `<path d="${d}" fill="${withAlpha(it.color, it.alpha)}"/>` : '';
    }
    case 'whiskers': {
      let d = '';
      for (const i of idx) {
        const x = Math.round(xPixel(scene, it.x[i])) + 0.5;
        const y0 = yPixel(scene, it.lo[i]);
        const y1 = yPixel(scene, it.hi[i]);
        if (x !== x || y0 !== y0 || y1 !== y1) continue;
        d += `M${n(x)},${n(y0)}V${n(y1)}M${n(x - 2)},${n(y0)}h4M${n(x - 2)},${n(y1)}h4`;
      }
      return d ? `<path d="${d}" fill="none" stroke="${withAlpha(it.color, it.alpha)}" stroke-width="1"/>` : '';
    }
    case 'points': {
      let d = '';
      const r = it.radius;
      for (const i of idx) {
        const x = xPixel(scene, it.x[i]);
        const y = yPixel(scene, it.y[i]);
        if (x !== x || y !== y) continue;
        d += `M${n(x - r)},${n(y - r)}h${n(2 * r)}v${n(2 * r)}h${n(-2 * r)}z`;
      }
      return d ? `<path d="${d}" fill="${withAlpha(it.color, it.alpha)}"/>` : '';
    }
  }
}

/** Grid, reference bands and lines, data, reference labels, alert markers: inside the plot's clip. */
function plotSvg(scene: Scene, theme: ChartTheme, clipId: string): string {
  const { plot } = scene;
  const out: string[] = [];
  const hline = (y: number): string => `M${n(plot.left)},${n(Math.round(y) + 0.5)}H${n(plot.right)}`;
  const grid = scene.yTicks.map((t) => yPixel(scene, t)).filter((y) => y === y);
  if (grid.length) out.push(`<path d="${grid.map(hline).join('')}" stroke="${theme.grid}" fill="none"/>`);
  out.push(`<g clip-path="url(#${clipId})">`);
  for (const r of scene.refs) {
    if (r.kind !== 'band') continue;
    const y0 = yPixel(scene, r.high);
    const y1 = yPixel(scene, r.low);
    if (y0 !== y0 || y1 !== y1) continue;
    out.push(`<rect x="${n(plot.left)}" y="${n(y0)}" width="${n(plot.right - plot.left)}" height="${n(y1 - y0)}" fill="${theme.reference}" fill-opacity="0.12"/>`);
    out.push(`<path d="${hline(y0)}${hline(y1)}" stroke="${theme.reference}" stroke-dasharray="4 3" fill="none"/>`);
  }
  for (const it of scene.items) out.push(itemSvg(scene, it));
  for (const r of scene.refs) {
    if (r.kind !== 'line') continue;
    const y = yPixel(scene, r.value);
    if (y === y) out.push(`<path d="${hline(y)}" stroke="${theme.reference}" stroke-dasharray="4 3" fill="none"/>`);
  }
  for (const r of scene.refs) {
    const y = yPixel(scene, r.kind === 'line' ? r.value : r.high);
    if (y !== y) continue;
    const ty = n(Math.max(plot.top + 11, y - 2));
    out.push(
      `<text x="${n(plot.right - 3)}" y="${ty}" text-anchor="end" font-size="10" fill="${theme.muted}" stroke="${theme.background}" stroke-width="3" paint-order="stroke" stroke-linejoin="round">${xmlEscape(r.label)}</text>`,
    );
  }
  for (const m of scene.markers) {
    const x = xPixel(scene, m.x);
    if (x !== x || x < plot.left - 1 || x > plot.right + 1) continue;
    const xr = n(Math.round(x) + 0.5);
    out.push(`<path d="M${xr},${n(plot.top)}V${n(plot.bottom)}" stroke="${withAlpha(m.color, 0.7)}" stroke-dasharray="2 2"/>`);
    out.push(`<path d="M${n(Number(xr) - 4)},${n(plot.top)}h8l-4,6z" fill="${m.color}"><title>${xmlEscape(m.label)}</title></path>`);
  }
  out.push('</g>');
  return out.join('');
}

/** Marks for points beyond the y range and the two axes with their tick labels. */
function axesSvg(scene: Scene, theme: ChartTheme): string {
  const { plot } = scene;
  const out: string[] = [];
  let marks = '';
  for (const { x, edge, dir } of offscaleMarks(scene)) marks += `M${n(x - 3.5)},${n(edge - 5 * dir)}h7L${n(x)},${n(edge + dir)}z`;
  if (marks) out.push(`<path d="${marks}" fill="${theme.background}" stroke="${theme.text}"/>`);
  let axis = `M${n(plot.left + 0.5)},${n(plot.top)}V${n(plot.bottom + 0.5)}H${n(plot.right)}`;
  for (const t of scene.xTicks) axis += `M${n(Math.round(xPixel(scene, t)) + 0.5)},${n(plot.bottom)}v4`;
  out.push(`<path d="${axis}" stroke="${theme.axis}" fill="none"/>`);
  out.push(`<g font-size="10" fill="${theme.muted}">`);
  for (const t of scene.yTicks) {
    const y = yPixel(scene, t);
    if (y === y) out.push(`<text x="${n(plot.left - 4)}" y="${n(y)}" text-anchor="end" dominant-baseline="middle">${xmlEscape(scene.yFormat(t))}</text>`);
  }
  scene.xTicks.forEach((t, i) => {
    const x = xPixel(scene, t);
    const anchor = i === scene.xTicks.length - 1 && x > plot.right - 20 ? 'end' : 'middle';
    out.push(`<text x="${n(x)}" y="${n(plot.bottom + 5)}" text-anchor="${anchor}" dominant-baseline="hanging">${xmlEscape(scene.xFormat(t))}</text>`);
  });
  out.push('</g>');
  return out.join('');
}

/** Legend chips laid out left to right, wrapping to new rows; returns the markup and its height. */
function legendSvg(entries: readonly LegendEntry[], width: number, theme: ChartTheme): { svg: string; height: number } {
  if (entries.length === 0) return { svg: '', height: 0 };
  const out: string[] = [];
  let x = PAD;
  let row = 0;
  for (const e of entries) {
    // System fonts average ~6 px per character at 11 px; the chip reserves a little more.
    const w = 22 + e.label.length * 6.2 + 12;
    if (x + w > width - PAD && x > PAD) {
      x = PAD;
      row++;
    }
    const y = row * LEGEND_ROW_H + 8;
    const color = e.color ?? theme.text;
    out.push(
      e.fill
        ? `<rect x="${n(x)}" y="${n(y - 4)}" width="16" height="8" fill="${color}" fill-opacity="0.6"/>`
        : `<path d="M${n(x)},${n(y)}h16" stroke="${color}" stroke-width="2"${dashAttr(e.dash)}/>`,
    );
    out.push(`<text x="${n(x + 22)}" y="${n(y)}" dominant-baseline="middle">${xmlEscape(e.label)}</text>`);
    x += w;
  }
  return { svg: `<g font-size="11" fill="${theme.text}">${out.join('')}</g>`, height: (row + 1) * LEGEND_ROW_H };
}

/** The SVG document: title, keys, legend, then the plot exactly as the scene places it. */
export function sceneSvg(scene: Scene, opts: SvgChartOptions): string {
  const { theme } = opts;
  const width = Math.max(1, Math.round(scene.width));
  const legend = legendSvg(opts.legend, width, theme);
  const top = PAD + TITLE_H + (opts.keys.length ? KEYS_H : 0) + (legend.height ? legend.height + 4 : 0);
  const height = Math.round(top + scene.height + PAD);
  const clipId = 'plot-clip';
  const { plot } = scene;
  const header = [
    `<text x="${PAD}" y="${PAD + 13}" font-size="13" font-weight="600" fill="${theme.text}">${xmlEscape(opts.title)}</text>`,
    opts.keys.length ? `<text x="${PAD}" y="${PAD + TITLE_H + 10}" font-size="10" fill="${theme.muted}">${xmlEscape(opts.keys.join(', '))}</text>` : '',
    legend.svg ? `<g transform="translate(0,${PAD + TITLE_H + (opts.keys.length ? KEYS_H : 0)})">${legend.svg}</g>` : '',
  ].join('');
  const body = scene.empty ? '' : plotSvg(scene, theme, clipId) + axesSvg(scene, theme);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">`,
    `<title>${xmlEscape(opts.title)}</title>`,
    `<defs><clipPath id="${clipId}"><rect x="${n(plot.left)}" y="${n(plot.top - 1)}" width="${n(plot.right - plot.left)}" height="${n(plot.bottom - plot.top + 2)}"/></clipPath></defs>`,
    `<rect width="${width}" height="${height}" fill="${theme.background}"/>`,
    header,
    `<g transform="translate(0,${top})">${body}</g>`,
    '</svg>',
  ].join('\n');
}

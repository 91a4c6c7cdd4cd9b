// Scales fitted to a chart (d3's arithmetic, numeric-scale.ts): y starts where the data is unless zero matters, log-y when asked,
// margins sized to the tick labels, tick counts to the pixel size.

import { scaleLinear, scaleLog, type NumericScale } from './numeric-scale.ts';
import type { XAxis } from './columns.ts';
import { formatCount, formatSeconds, formatValue } from './format.ts';
import type { ChartView, FittedScales, YScale } from './scene-types.ts';

export type Domain = [number, number];

/** Pixels per character of the 10 px tick font (tabular figures), for sizing the left margin without a canvas. */
export const TICK_CHAR_WIDTH = 6;
export const MARGIN = { top: 8, right: 10, bottom: 20, minLeft: 26 } as const;

export function xFormatFor(axis: XAxis): (v: number) => string {
  return axis === 'wall' ? formatSeconds : formatCount;
}

/** Pad a linear y extent by 5 % per side, never across zero when zero is the baseline. */
export function padLinear([lo, hi]: Domain, fromZero: boolean): Domain {
  if (lo === hi) {
    if (lo === 0) return fromZero ? [0, 1] : [-1, 1];
    const d = Math.abs(lo) * 0.1;
    return fromZero && lo > 0 ? [0, hi + d] : [lo - d, hi + d];
  }
  const pad = (hi - lo) * 0.05;
  let a = lo - pad;
  let b = hi + pad;
  if (fromZero && lo >= 0 && a < 0) a = 0;
  if (fromZero && hi <= 0 && b > 0) b = 0;
  return [a, b];
}

/** A log extent over positive values, widened to at least one decade's fraction so lines do not hug the edges. */
export function padLog([lo, hi]: Domain): Domain {
  const a = lo > 0 ? lo : 1e-6;
  const b = hi > a ? hi : a * 10;
  return [a / 1.15, b * 1.15];
}

export function fitScales(domains: { x: Domain; y: Domain }, view: ChartView, logY: boolean, fromZero: boolean): FittedScales {
  const { width, height } = view;
  const top = MARGIN.top;
  const bottom = Math.max(top + 1, height - MARGIN.bottom);
  const y: YScale = logY ? scaleLog().domain(padLog(domains.y)).range([bottom, top]) : scaleLinear().domain(padLinear(domains.y, fromZero)).range([bottom, top]);
  y.nice();
  const yCount = Math.max(2, Math.floor((bottom - top) / 36));
  const yFormat = formatValue;
  let yTicks = y.ticks(yCount);
  if (logY && yTicks.length > yCount) {
    const decades = yTicks.filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
    yTicks = decades.length >= 2 ? thin(decades, yCount) : thin(yTicks, yCount);
  }
  const labelChars = Math.max(1, ...yTicks.map((t) => yFormat(t).length));
  const left = Math.max(MARGIN.minLeft, labelChars * TICK_CHAR_WIDTH + 8);
  const right = Math.max(left + 1, width - MARGIN.right);
  const x = scaleLinear().domain(domains.x).range([left, right]);
  const xFormat = xFormatFor(view.xAxis);
  const xTicks = x.ticks(Math.max(2, Math.floor((right - left) / 70)));
  return { plot: { left, top, right, bottom }, x, y, xTicks, yTicks, xFormat, yFormat };
}

/** Every k-th element so that at most `max` remain. */
function thin(ticks: number[], max: number): number[] {
  if (ticks.length <= max) return ticks;
  const k = Math.ceil(ticks.length / max);
  return ticks.filter((_, i) => i % k === 0);
}

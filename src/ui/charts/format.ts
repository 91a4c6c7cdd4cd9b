// Numbers as people read them on a chart: 3.2e-4, 0.018, 187, 312k steps, 2m 05s.

import { format as d3format } from 'd3';

const si = d3format('.3~s');

/** A metric value with about three significant digits; exponent form for very small or large. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  let s: string;
  if (a < 1e-3 || a >= 1e6) s = v.toExponential(1).replace(/\.0e/, 'e').replace('e+', 'e');
  else if (a >= 1000) s = Math.round(v).toString();
  else s = Number(v.toPrecision(3)).toString();
  return s.replace('-', '−');
}

/** A counter (env steps, updates): 950, 12.5k, 1.2M. */
export function formatCount(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (Math.abs(v) < 1000) return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(3)));
  return si(v).replace('G', 'B');
}

/** Seconds of wall time: 41s, 2m 05s, 1h 02m. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '–';
  if (s < 10) return `${Number(s.toPrecision(2))}s`;
  if (s < 60) return `${Math.round(s)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${String(m - h * 60).padStart(2, '0')}m`;
}

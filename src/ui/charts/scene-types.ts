// What one chart frame draws, in data coordinates, after decimation: the contract between the
// scene builder (pure) and the canvas painter.

import type { NumericScale } from './numeric-scale.ts';
import type { XAxis } from './columns.ts';

/** How a chart is looked at right now (shared controls plus its own size and toggles). */
export interface ChartView {
  xAxis: XAxis;
  /** EMA weight in [0, 0.999]; 0 draws raw values only. */
  smoothing: number;
  logY: boolean;
  /** Canvas size in CSS pixels. */
  width: number;
  height: number;
  /** Episodes per aggregation window on the episode charts. */
  episodeWindow: number;
  /** Scale y to every point; default (false): ignore outliers, as TensorBoard does (robust-range.ts). */
  showOutliers?: boolean;
}

/** `derived`: smoothed from values drawn elsewhere, so it does not count toward the y range's body. */
export type Item =
  | { kind: 'line'; color: string; alpha: number; lineWidth: number; dash: readonly number[]; x: Float64Array; y: Float64Array; length: number; derived?: boolean }
  | { kind: 'area'; color: string; alpha: number; x: Float64Array; lo: Float64Array; hi: Float64Array; length: number; derived?: boolean }
  | { kind: 'whiskers'; color: string; alpha: number; x: Float64Array; lo: Float64Array; hi: Float64Array; length: number }
  | { kind: 'points'; color: string; alpha: number; radius: number; x: Float64Array; y: Float64Array; length: number };

export type RefItem = { kind: 'line'; value: number; label: string } | { kind: 'band'; low: number; high: number; label: string };

/** An alert (or a non-finite stop) at an x position. */
export interface Marker {
  x: number;
  color: string;
  label: string;
}

export interface LegendEntry {
  label: string;
  /** null: drawn in the text colour (the entry names a line style shared by every run). */
  color: string | null;
  dash: readonly number[];
  /** A filled swatch (band or stacked area) rather than a line. */
  fill?: boolean;
}

/** A series the hover readout can look up by x. */
export interface Probe {
  runLabel: string;
  label: string;
  color: string;
  x: Float64Array;
  length: number;
  /** Named values at each index, e.g. { raw, smoothed } or { mean, std, min, max }. */
  values: Record<string, Float64Array>;
}

/** Linear or log (numeric-scale.ts). */
export type YScale = NumericScale;

/** The plot rectangle and its axes, fitted to the data's domains (scales.ts fitScales). */
export interface FittedScales {
  plot: { left: number; top: number; right: number; bottom: number };
  x: NumericScale;
  y: YScale;
  xTicks: number[];
  yTicks: number[];
  xFormat: (v: number) => string;
  yFormat: (v: number) => string;
}

export interface Scene extends FittedScales {
  width: number;
  height: number;
  logY: boolean;
  items: Item[];
  refs: RefItem[];
  markers: Marker[];
  legend: LegendEntry[];
  probes: Probe[];
  /** No data to draw yet. */
  empty: boolean;
  /** The y range leaves out some outlying points (robust scaling); `showOutliers` brings them in. */
  clipped: boolean;
  /** Pixel columns with points above / below the y range: marked at the plot's edge. */
  offscale: { above: number[]; below: number[] };
  /** Points handed to the painter (after decimation): a cost measure for benchmarks. */
  pointsDrawn: number;
}

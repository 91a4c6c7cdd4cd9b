// "Which chart shows it first": the first step at which a broken run's series leaves the healthy
// run's, for each watched metric key, and the earliest of them. Pure (no DOM, no runes).
//
// The rule, per series (both runs share the x axis: env steps):
//   For each point b of the broken series at step x, once the healthy series has `warmup` finite
//   points at or before x:
//     window = the last `window` finite healthy points at or before x
//     trend  = the least-squares line through the window (so a healthy curve that is still rising,
//              like DQN's Q-values, is judged by its noise around the trend, not by how far it rose)
//     centre = trend(x);  spread = max − min of the window's residuals from the trend
//     b is OUTSIDE when |b − centre| > k · spread + floor · |centre|   (a smooth, nearly noiseless curve
//     needs a difference of more than `floor` of its value: 5% here)
//   (±Inf counts as outside; NaN points are skipped: explained variance is legitimately NaN.)
//   Only broken points up to the healthy series' last x are judged, so a verdict never flips as the
//   (usually lagging) healthy run catches up.
//   The series departs at the first of `persist` consecutive outside points.
// A key departs at the earliest of: its rule departure (over every series of the key: per-layer
// series count for their base key), and the first health alert on that key in the broken run that
// the healthy run has not raised (same check, same key) by then.
// The first chart to depart is the watched key with the smallest departure step (ties: watch order).

import type { HealthText } from '../../diagnostics/health-text.ts';
import { splitKey } from '../../diagnostics/metric-keys.ts';

export interface DepartureOptions {
  /** Healthy points in the trailing window. */
  window: number;
  /** Tolerance in units of the window's spread (max − min). */
  k: number;
  /** Consecutive outside points needed. */
  persist: number;
  /** Healthy points needed before judging. */
  warmup: number;
  /** Relative floor of the tolerance: for a flat (a constant tensor count) or smooth healthy series, differences below this fraction of its value are not a departure. */
  floor: number;
}

export const DEPARTURE_DEFAULTS: DepartureOptions = { window: 20, k: 2, persist: 3, warmup: 5, floor: 0.05 };

export interface SeriesView {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  length: number;
}

export interface SeriesDeparture {
  /** Env step of the first outside point of the persisting run. */
  step: number;
  /** Broken above (up) or below (down) the healthy window's median there; null when unknown (an alert with no series). */
  direction: 'up' | 'down' | null;
  broken: number;
  healthy: number;
}

/** The least-squares line through (xs, ys)[0, n) evaluated at x, and the range of the residuals around it. */
function trendAt(xs: Float64Array, ys: Float64Array, n: number, x: number): { centre: number; spread: number } {
  let mx = 0;
  let my = 0;
  for (let j = 0; j < n; j++) {
    mx += xs[j];
    my += ys[j];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let j = 0; j < n; j++) {
    sxy += (xs[j] - mx) * (ys[j] - my);
    sxx += (xs[j] - mx) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let j = 0; j < n; j++) {
    const r = ys[j] - (my + slope * (xs[j] - mx));
    if (r < lo) lo = r;
    if (r > hi) hi = r;
  }
  return { centre: my + slope * (x - mx), spread: hi - lo };
}

/** Where `broken` first departs from `healthy` by the rule above, or null. Both series must be sorted by x. */
export function seriesDeparture(healthy: SeriesView, broken: SeriesView, options: Partial<DepartureOptions> = {}): SeriesDeparture | null {
  const o = { ...DEPARTURE_DEFAULTS, ...options };
  const win = new Float64Array(Math.max(1, o.window));
  const winX = new Float64Array(win.length);
  let filled = 0; // finite healthy points seen so far (capped ring buffer below)
  let head = 0;
  let h = 0; // next healthy index to take
  let streak = 0;
  let first: SeriesDeparture | null = null;
  // Judge only where the healthy run has been too: it usually lags (its worker started later), and a
  // verdict on a point beyond its last one could flip when its points for that stretch arrive.
  const healthyEnd = healthy.length > 0 ? healthy.x[healthy.length - 1] : -Infinity;
  for (let i = 0; i < broken.length; i++) {
    const x = broken.x[i];
    if (x > healthyEnd) break;
    while (h < healthy.length && healthy.x[h] <= x) {
      const v = healthy.y[h++];
      if (!Number.isFinite(v)) continue;
      win[head] = v;
      winX[head] = healthy.x[h - 1];
      head = (head + 1) % win.length;
      filled++;
    }
    const n = Math.min(filled, win.length);
    if (n < o.warmup) continue;
    const b = broken.y[i];
    if (Number.isNaN(b)) continue;
    const { centre, spread } = trendAt(winX, win, n, x);
    const tolerance = o.k * spread + o.floor * Math.abs(centre);
    const outside = !Number.isFinite(b) || Math.abs(b - centre) > tolerance;
    if (!outside) {
      streak = 0;
      first = null;
      continue;
    }
    // The healthy value reported is the run's own latest point (the trend may extrapolate past it).
    if (streak === 0) first = { step: x, direction: b > centre ? 'up' : 'down', broken: b, healthy: valueAt(healthy, x) };
    if (++streak >= o.persist) return first;
  }
  return null;
}

/** What the rule needs of a run: its series for a watched key and its alerts. */
export interface RunSeries {
  /** Every series of `key`: the key itself and its per-layer / per-phase parts. */
  seriesFor(key: string): { key: string; view: SeriesView }[];
  alerts: readonly { id: string; step: number; key: string; message?: string; text?: HealthText }[];
}

export interface KeyDeparture extends SeriesDeparture {
  /** The watched key. */
  key: string;
  /** The series that moved (a per-layer key for a per-layer metric). */
  series: string;
  /** Found by the spread rule, or by a health alert only the broken run raised. */
  via: 'spread' | 'alert';
  /** The alert's message when via = 'alert' (English, and as a catalogue key with parameters). */
  message?: string;
  text?: HealthText;
}

/** Does a series or alert key belong to the watched key (itself, or a per-layer part of it)? */
export function keyMatches(watched: string, key: string): boolean {
  return key === watched || (splitKey(key)?.base === watched && splitKey(watched)?.part === null);
}

/** When `key` departs, by either route, or null. */
export function keyDeparture(key: string, healthy: RunSeries, broken: RunSeries, options: Partial<DepartureOptions> = {}): KeyDeparture | null {
  let best: KeyDeparture | null = null;
  const healthySeries = healthy.seriesFor(key);
  for (const b of broken.seriesFor(key)) {
    const hv = healthySeries.find((s) => s.key === b.key);
    if (!hv) continue;
    const d = seriesDeparture(hv.view, b.view, options);
    if (d && (best === null || d.step < best.step)) best = { ...d, key, series: b.key, via: 'spread' };
  }
  for (const a of broken.alerts) {
    if (!keyMatches(key, a.key) || (best !== null && best.step <= a.step)) continue;
    if (healthy.alerts.some((x) => x.id === a.id && x.key === a.key && x.step <= a.step)) continue;
    // Only once the healthy run has reported this series past the alert's step (it could still raise the same alert).
    const hView = healthySeries.find((s) => s.key === a.key)?.view;
    if (hView && (hView.length === 0 || hView.x[hView.length - 1] < a.step)) continue;
    const b = valueAt(broken.seriesFor(key).find((s) => s.key === a.key)?.view, a.step);
    const h = valueAt(hView, a.step);
    const direction = Number.isFinite(b) && Number.isFinite(h) && b !== h ? (b > h ? 'up' : 'down') : null;
    best = { key, series: a.key, step: a.step, direction, broken: b, healthy: h, via: 'alert', message: a.message, text: a.text };
  }
  return best;
}

/** The series' latest value at or before x (NaN if none). */
export function valueAt(view: SeriesView | undefined, x: number): number {
  if (!view) return NaN;
  let lo = 0;
  let hi = view.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (view.x[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? NaN : view.y[lo - 1];
}

/** The watched key that departs first (smallest step; ties: watch order), with every key's result. */
export function firstDeparture(
  watch: readonly string[],
  healthy: RunSeries,
  broken: RunSeries,
  options: Partial<DepartureOptions> = {},
): { first: KeyDeparture | null; perKey: Map<string, KeyDeparture | null> } {
  const perKey = new Map<string, KeyDeparture | null>();
  let first: KeyDeparture | null = null;
  for (const key of watch) {
    const d = keyDeparture(key, healthy, broken, options);
    perKey.set(key, d);
    if (d && (first === null || d.step < first.step)) first = d;
  }
  return { first, perKey };
}

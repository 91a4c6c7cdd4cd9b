// "Which chart shows it first": the first step at which a broken run's series leaves the healthy
// run's, for each watched metric key, and the earliest of them. Pure (no DOM, no runes).
//
// The rule, per series (both runs share the x axis: env steps):
//   For each point b of the broken series at step x, once the healthy series has `warmup` finite
//   points at or before x:
//     window = the last `window` finite healthy points at or before x
//     centre = median(window);  spread = max(window) − min(window)
//     b is OUTSIDE when |b − centre| > k · spread + floor · max(1, |centre|)
//   (±Inf counts as outside; NaN points are skipped: explained variance is legitimately NaN.)
//   The series departs at the first of `persist` consecutive outside points.
// A key departs at the earliest of: its rule departure (over every series of the key: per-layer
// series count for their base key), and the first health alert on that key in the broken run that
// the healthy run has not raised (same check, same key) by then.
// The first chart to depart is the watched key with the smallest departure step (ties: watch order).

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
  /** Relative floor of the tolerance, for a flat healthy series (a constant tensor count). */
  floor: number;
}

export const DEPARTURE_DEFAULTS: DepartureOptions = { window: 20, k: 2, persist: 3, warmup: 5, floor: 1e-3 };

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

function median(sorted: Float64Array, n: number): number {
  return n % 2 === 1 ? sorted[n >> 1] : 0.5 * (sorted[(n >> 1) - 1] + sorted[n >> 1]);
}

/** Where `broken` first departs from `healthy` by the rule above, or null. Both series must be sorted by x. */
export function seriesDeparture(healthy: SeriesView, broken: SeriesView, options: Partial<DepartureOptions> = {}): SeriesDeparture | null {
  const o = { ...DEPARTURE_DEFAULTS, ...options };
  const win = new Float64Array(Math.max(1, o.window));
  const sorted = new Float64Array(win.length);
  let filled = 0; // finite healthy points seen so far (capped ring buffer below)
  let head = 0;
  let h = 0; // next healthy index to take
  let streak = 0;
  let first: SeriesDeparture | null = null;
  for (let i = 0; i < broken.length; i++) {
    const x = broken.x[i];
    while (h < healthy.length && healthy.x[h] <= x) {
      const v = healthy.y[h++];
      if (!Number.isFinite(v)) continue;
      win[head] = v;
      head = (head + 1) % win.length;
      filled++;
    }
    const n = Math.min(filled, win.length);
    if (n < o.warmup) continue;
    const b = broken.y[i];
    if (Number.isNaN(b)) continue;
    sorted.set(win.subarray(0, n));
    const s = sorted.subarray(0, n).sort();
    const centre = median(s, n);
    const spread = s[n - 1] - s[0];
    const tolerance = o.k * spread + o.floor * Math.max(1, Math.abs(centre));
    const outside = !Number.isFinite(b) || Math.abs(b - centre) > tolerance;
    if (!outside) {
      streak = 0;
      first = null;
      continue;
    }
    if (streak === 0) first = { step: x, direction: b > centre ? 'up' : 'down', broken: b, healthy: centre };
    if (++streak >= o.persist) return first;
  }
  return null;
}

/** What the rule needs of a run: its series for a watched key and its alerts. */
export interface RunSeries {
  /** Every series of `key`: the key itself and its per-layer / per-phase parts. */
  seriesFor(key: string): { key: string; view: SeriesView }[];
  alerts: readonly { id: string; step: number; key: string; message?: string }[];
}

export interface KeyDeparture extends SeriesDeparture {
  /** The watched key. */
  key: string;
  /** The series that moved (a per-layer key for a per-layer metric). */
  series: string;
  /** Found by the spread rule, or by a health alert only the broken run raised. */
  via: 'spread' | 'alert';
  /** The alert's message when via = 'alert'. */
  message?: string;
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
    const b = valueAt(broken.seriesFor(key).find((s) => s.key === a.key)?.view, a.step);
    const h = valueAt(healthySeries.find((s) => s.key === a.key)?.view, a.step);
    const direction = Number.isFinite(b) && Number.isFinite(h) && b !== h ? (b > h ? 'up' : 'down') : null;
    best = { key, series: a.key, step: a.step, direction, broken: b, healthy: h, via: 'alert', message: a.message };
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

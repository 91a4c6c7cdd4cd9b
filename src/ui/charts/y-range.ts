// A chart's y range from the items it will draw: every finite value (positive on a log axis), the
// reference lines, and zero where it matters. Unless `showOutliers`, outlying points are left out
// (robust-range.ts): the body is measured on the raw values (a smoothed line repeats them), and the
// newest stretch of x always stays in. Pure.

import { robustRange, type Sample } from './robust-range.ts';
import type { Domain } from './scales.ts';
import type { Item, RefItem } from './scene-types.ts';

export interface YRangeOptions {
  fromZero: boolean;
  log: boolean;
  showOutliers: boolean;
  /** x from which data is "the newest stretch": always drawn. */
  recentFrom: number;
  /** Scratch sample, reused from frame to frame. */
  sample: Sample;
}

const derived = (it: Item): boolean => 'derived' in it && it.derived === true;

export function yRange(items: readonly Item[], refs: readonly RefItem[], o: YRangeOptions): { domain: Domain; clipped: boolean } {
  const { sample } = o;
  sample.reset(o.log);
  const rawOnly = items.some((it) => !derived(it));
  let lo = Infinity;
  let hi = -Infinity;
  let keepLo = Infinity;
  let keepHi = -Infinity;
  for (const it of items) {
    const inBody = !rawOnly || !derived(it);
    const cols = it.kind === 'line' || it.kind === 'points' ? [it.y] : [it.lo, it.hi];
    for (const col of cols) {
      for (let i = 0; i < it.length; i++) {
        const v = col[i];
        if (!sample.accepts(v)) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
        if (inBody) sample.add(v);
        if (it.x[i] >= o.recentFrom) {
          if (v < keepLo) keepLo = v;
          if (v > keepHi) keepHi = v;
        }
      }
    }
  }
  let clipped = false;
  if (!o.showOutliers && lo <= hi) {
    const r = robustRange(sample.values, sample.length, o.log, keepLo <= keepHi ? [keepLo, keepHi] : null);
    if (r) {
      // A smoothed value may pass the raw extreme by a rounding error: not an outlier.
      const eps = 1e-9 * Math.max(Math.abs(hi - lo), Math.abs(hi), Math.abs(lo), 1e-300);
      clipped = r.domain[0] > lo + eps || r.domain[1] < hi - eps;
      if (clipped) [lo, hi] = r.domain;
    }
  }
  const see = (v: number): void => {
    if (sample.accepts(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  };
  for (const r of refs) {
    if (r.kind === 'line') see(r.value);
    else {
      see(r.low);
      see(r.high);
    }
  }
  if (o.fromZero && !o.log) see(0);
  return { domain: lo <= hi ? [lo, hi] : o.log ? [0.1, 1] : [0, 1], clipped };
}

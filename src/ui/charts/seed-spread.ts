// Several seeds of one configuration drawn as one: the median across seeds with the spread
// (min–max) around it, on a common grid of x positions (one per pixel column).

import { bisectRight } from './columns.ts';
import type { RunHistory } from './metric-history.ts';

export interface SeedSource {
  x: Float64Array;
  y: Float64Array;
  length: number;
}

export interface Spread {
  x: Float64Array;
  median: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  /** Seeds with a value at each x. */
  count: Float64Array;
  length: number;
}

/**
 * At `points` evenly spaced x in [x0, x1], take each seed's value at x, linear between its points (a seed
 * contributes only inside its own x range, so a shorter run does not drag the median), then the median,
 * min and max over seeds. NaN values are left out; x positions no seed covers are gaps (NaN).
 */
export function seedSpread(seeds: readonly SeedSource[], x0: number, x1: number, points: number): Spread {
  const m = Math.max(2, Math.floor(points));
  const out: Spread = {
    x: new Float64Array(m),
    median: new Float64Array(m),
    lo: new Float64Array(m),
    hi: new Float64Array(m),
    count: new Float64Array(m),
    length: m,
  };
  const vals = new Float64Array(seeds.length);
  for (let g = 0; g < m; g++) {
    const x = x0 + ((x1 - x0) * g) / (m - 1);
    let k = 0;
    for (const s of seeds) {
      if (s.length === 0 || x < s.x[0] || x > s.x[s.length - 1]) continue;
      const i = bisectRight(s.x, x, s.length);
      // Linear between the seed's points around x (its own points where x hits one): no staircase
      // when seeds report at different steps.
      const v = i + 1 < s.length && s.x[i] < x ? lerp(s.x[i], s.y[i], s.x[i + 1], s.y[i + 1], x) : s.y[i];
      if (v === v) vals[k++] = v;
    }
    out.x[g] = x;
    out.count[g] = k;
    if (k === 0) {
      out.median[g] = out.lo[g] = out.hi[g] = NaN;
      continue;
    }
    const sorted = vals.subarray(0, k).sort();
    out.median[g] = k % 2 === 1 ? sorted[k >> 1] : 0.5 * (sorted[(k >> 1) - 1] + sorted[k >> 1]);
    out.lo[g] = sorted[0];
    out.hi[g] = sorted[k - 1];
  }
  return out;
}

function lerp(xa: number, ya: number, xb: number, yb: number, x: number): number {
  return ya + ((yb - ya) * (x - xa)) / (xb - xa);
}

/** Seeds of one group, drawn as median and spread. */
export interface SeedGroup {
  kind: 'group';
  label: string;
  colorIndex: number;
  runs: RunHistory[];
}

/** Runs as they are drawn: alone, or gathered into seed groups of two or more. */
export function drawUnits(runs: readonly RunHistory[]): ({ kind: 'run'; run: RunHistory } | SeedGroup)[] {
  const out: ({ kind: 'run'; run: RunHistory } | SeedGroup)[] = [];
  const groups = new Map<string, SeedGroup>();
  for (const run of runs) {
    const members = run.group === undefined ? 0 : runs.filter((r) => r.group === run.group).length;
    if (run.group === undefined || members < 2) {
      out.push({ kind: 'run', run });
      continue;
    }
    let g = groups.get(run.group);
    if (!g) {
      g = { kind: 'group', label: `${run.group} (median of ${members} seeds)`, colorIndex: run.colorIndex, runs: [] };
      groups.set(run.group, g);
      out.push(g);
    }
    g.runs.push(run);
  }
  return out;
}

// Episodes aggregated in tumbling windows of K consecutive episodes: mean, std, min, max,
// median of return and length, and the solve rate. Complete windows are computed once;
// only the trailing partial window is recomputed as episodes arrive.

import { Columns } from './columns.ts';
import { aggregateEpisodes, solveRate } from '../../diagnostics/aggregate.ts';

export type WindowColumn =
  | 'step'
  | 'count'
  | 'returnMean'
  | 'returnStd'
  | 'returnMin'
  | 'returnMax'
  | 'returnMedian'
  | 'lengthMean'
  | 'lengthStd'
  | 'lengthMin'
  | 'lengthMax'
  | 'lengthMedian'
  | 'solveRate';

const WINDOW_COLUMNS: readonly WindowColumn[] = [
  'step', 'count',
  'returnMean', 'returnStd', 'returnMin', 'returnMax', 'returnMedian',
  'lengthMean', 'lengthStd', 'lengthMin', 'lengthMax', 'lengthMedian',
  'solveRate',
];

/** Read-only view of the episodes this aggregator needs. */
export interface EpisodeSource {
  readonly length: number;
  raw(name: 'step' | 'return' | 'length' | 'solved'): Float64Array;
}

export class EpisodeWindows extends Columns<WindowColumn> {
  /** Complete windows already final in the columns. */
  private complete = 0;
  private seen = -1;

  constructor(readonly size: number) {
    super(WINDOW_COLUMNS);
    if (!(size >= 1)) throw new Error(`episode window size must be ≥ 1, got ${size}`);
  }

  /** Bring the windows up to date with `episodes` (cheap when nothing changed). */
  update(episodes: EpisodeSource): void {
    const n = episodes.length;
    if (n === this.seen) return;
    if (n < this.seen) {
      this.clear();
      this.complete = 0;
    }
    this.seen = n;
    // Windows start at multiples of K, so aggregating the tail from the first open window gives the same rows.
    const k = this.size;
    const from = this.complete * k;
    this.truncate(this.complete);
    if (from >= n) return;
    const steps = episodes.raw('step').subarray(from, n);
    const ret = aggregateEpisodes(steps, episodes.raw('return').subarray(from, n), k);
    const len = aggregateEpisodes(steps, episodes.raw('length').subarray(from, n), k);
    const solved = solveRate(steps, episodes.raw('solved').subarray(from, n), k);
    const rows = ret.step.length;
    this.append(
      {
        step: ret.step,
        count: ret.count,
        returnMean: ret.mean,
        returnStd: ret.std,
        returnMin: ret.min,
        returnMax: ret.max,
        returnMedian: ret.median,
        lengthMean: len.mean,
        lengthStd: len.std,
        lengthMin: len.min,
        lengthMax: len.max,
        lengthMedian: len.median,
        solveRate: solved.rate,
      },
      rows,
    );
    this.complete += Math.floor((n - from) / k);
  }
}

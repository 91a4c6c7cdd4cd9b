// One run's histogram snapshots of one key, in bounded memory for hours-long runs: past `cap`, the two
// inner snapshots whose removal leaves the smallest gaps in env steps are dropped, so the kept ones stay
// evenly spread over the run (the first and the newest always stay) and the list's length alternates
// between cap − 1 and cap: it changes with every snapshot (HistogramChart redraws when it does). The
// counts of the kept snapshots live in one preallocated Float32Array (a slot each, reused when a snapshot
// is dropped), so the heap holds one small object per snapshot and no buffer of its own. The run's
// record is not here: the history (src/history/) keeps its own thinned copy in IndexedDB.

import { MAX_HISTOGRAMS_PER_KEY } from '../../history/types.ts';
import type { HistogramSnapshot } from '../../workers/protocol.ts';

/**
 * Snapshots kept per histogram key and run on the charts (a 30-minute PPO run reports ~1,500 per key): as many
 * as the history keeps of a run (MAX_HISTOGRAMS_PER_KEY), so a reopened run shows what the live one did.
 */
export const MAX_HISTOGRAM_SNAPSHOTS = MAX_HISTOGRAMS_PER_KEY;

export class HistogramReservoir {
  /** The kept snapshots in arrival order (read-only for callers). */
  readonly list: HistogramSnapshot[] = [];
  private readonly slots: number[] = [];
  private readonly free: number[] = [];
  private slab: Float32Array | null = null;
  private bins = 0;
  private used = 0;

  constructor(
    readonly key: string,
    readonly cap = MAX_HISTOGRAM_SNAPSHOTS,
  ) {
    if (!(cap >= 2)) throw new Error(`a histogram reservoir keeps at least 2 snapshots, got ${cap}`);
  }

  add(h: HistogramSnapshot): void {
    const n = h.counts.length;
    if (this.slab === null) {
      this.bins = n;
      this.slab = new Float32Array((this.cap + 1) * n);
    }
    let counts: Float32Array;
    let slot = -1;
    if (n === this.bins) {
      slot = this.free.pop() ?? this.used++;
      counts = this.slab.subarray(slot * n, (slot + 1) * n);
      counts.set(h.counts);
    } else counts = Float32Array.from(h.counts); // another bin count (not produced today): a copy of its own
    this.list.push({ key: this.key, step: h.step, update: h.update, min: h.min, max: h.max, counts });
    this.slots.push(slot);
    if (this.list.length > this.cap) {
      this.dropOne();
      this.dropOne();
    }
  }

  /** Drop the inner snapshot whose neighbours are closest in env steps (the earliest on a tie). */
  private dropOne(): void {
    const l = this.list;
    let best = 1;
    let bestGap = Infinity;
    for (let i = 1; i < l.length - 1; i++) {
      const gap = l[i + 1].step - l[i - 1].step;
      if (gap < bestGap) {
        bestGap = gap;
        best = i;
      }
    }
    const [slot] = this.slots.splice(best, 1);
    l.splice(best, 1);
    if (slot >= 0) this.free.push(slot);
  }
}

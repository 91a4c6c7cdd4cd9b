// Seed scheduling for the bug lab: every run of an experiment (arms × seeds) gets a worker, at most
// `maxConcurrent` at a time; the rest wait in order and start as running ones finish their budget.
// Pure: the lab state (src/ui/state/lab.svelte.ts) starts and stops the workers it is told to.

import { MAX_SEEDS } from '../../config/view-options.ts';

export type RunSlot = 'queued' | 'running' | 'done';

export { MAX_SEEDS };

/**
 * Workers to run at once: one per core, less one for the page, but never fewer than 2, so that
 * healthy and broken always train side by side (on 1–2 cores they share; the page stays responsive
 * because each worker yields between updates).
 */
export function maxConcurrentRuns(hardwareConcurrency: number | undefined): number {
  const cores = Number.isFinite(hardwareConcurrency) && (hardwareConcurrency ?? 0) > 0 ? Math.floor(hardwareConcurrency as number) : 2;
  return Math.max(2, Math.min(16, cores - 1));
}

/** A queue only advances when runs finish: more runs than slots need a step budget. */
export function needsBudget(runCount: number, maxConcurrent: number): boolean {
  return runCount > maxConcurrent;
}

/** `n` consecutive seeds from `base` (wrapping below 2³¹ − 1, the URL codec's limit). */
export function seedList(base: number, n: number): number[] {
  const MAX = 2 ** 31 - 1;
  const count = Math.max(1, Math.min(MAX_SEEDS, Math.floor(n)));
  return Array.from({ length: count }, (_, i) => (base + i) % (MAX + 1));
}

export class RunQueue {
  private readonly slots = new Map<string, RunSlot>();

  /** `ids` in start order; those in `running` already have a worker (the page's own run). */
  constructor(
    ids: readonly string[],
    readonly maxConcurrent: number,
    running: readonly string[] = [],
  ) {
    for (const id of ids) this.slots.set(id, running.includes(id) ? 'running' : 'queued');
  }

  state(id: string): RunSlot | undefined {
    return this.slots.get(id);
  }

  count(state: RunSlot): number {
    let n = 0;
    for (const s of this.slots.values()) if (s === state) n++;
    return n;
  }

  /** Fill free slots in order; returns the ids to start now. */
  fill(): string[] {
    const started: string[] = [];
    let free = this.maxConcurrent - this.count('running');
    for (const [id, s] of this.slots) {
      if (free <= 0) break;
      if (s !== 'queued') continue;
      this.slots.set(id, 'running');
      started.push(id);
      free--;
    }
    return started;
  }

  /** A run reached its budget: its slot frees up. Returns the ids to start now. */
  finish(id: string): string[] {
    if (this.slots.get(id) !== 'running') return [];
    this.slots.set(id, 'done');
    return this.fill();
  }

  /** Everything back to queued (a reset): the `running` ones keep their worker. Returns the ids to start now. */
  restart(running: readonly string[] = []): string[] {
    for (const id of this.slots.keys()) this.slots.set(id, running.includes(id) ? 'running' : 'queued');
    return this.fill();
  }
}

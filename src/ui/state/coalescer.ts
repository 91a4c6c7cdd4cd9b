// Hands items on in groups at most once per interval (the first at once, later ones at the end of the
// interval). The charts get the worker's ~30 flushes a second this way, a few times a second: each
// group costs one redraw of every visible chart instead of one per flush.

export interface Timers {
  setTimeout(cb: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  setTimeout: (cb, ms) => globalThis.setTimeout(cb, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

export class Coalescer<T> {
  private items: T[] = [];
  private timer: unknown = null;
  private last = -Infinity;

  constructor(
    private readonly deliver: (items: T[]) => void,
    private readonly intervalMs: number,
    private readonly timers: Timers = realTimers,
  ) {}

  push(item: T): void {
    this.items.push(item);
    if (this.timer !== null) return;
    const wait = this.last + this.intervalMs - this.timers.now();
    if (wait <= 0) this.flush();
    else this.timer = this.timers.setTimeout(() => this.flush(), wait);
  }

  /** Deliver what is waiting now. */
  flush(): void {
    this.clearTimer();
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.last = this.timers.now();
    this.deliver(items);
  }

  /** Drop what is waiting (it belongs to a run that is gone). */
  cancel(): void {
    this.clearTimer();
    this.items = [];
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}

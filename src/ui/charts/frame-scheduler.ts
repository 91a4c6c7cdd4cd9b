// One animation-frame callback for every chart on the page: a chart asks to be drawn as often
// as it likes; it is drawn at most once per frame, in the next frame.

export type RequestFrame = (cb: () => void) => unknown;

export class FrameScheduler {
  private pending = new Map<object, () => void>();
  private requested = false;

  constructor(private readonly requestFrame: RequestFrame) {}

  /** Run `draw` in the next frame; a later call for the same owner before then replaces it. */
  schedule(owner: object, draw: () => void): void {
    this.pending.set(owner, draw);
    if (!this.requested) {
      this.requested = true;
      this.requestFrame(() => this.flush());
    }
  }

  cancel(owner: object): void {
    this.pending.delete(owner);
  }

  /** Run every pending draw once (the frame callback). */
  flush(): void {
    this.requested = false;
    const jobs = [...this.pending.values()];
    this.pending.clear();
    for (const job of jobs) job();
  }

  get size(): number {
    return this.pending.size;
  }
}

let shared: FrameScheduler | null = null;

/** The page-wide scheduler on requestAnimationFrame. */
export function frameScheduler(): FrameScheduler {
  shared ??= new FrameScheduler((cb) => requestAnimationFrame(() => cb()));
  return shared;
}

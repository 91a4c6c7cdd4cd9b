// Notices a training worker that went silent without an error event: ended by the browser (out of
// memory, a crashed GPU process, a tab discard) or stuck. While batches are expected (the run is
// playing), silence longer than `silentMs` sends a ping (any Comlink command); no answer within
// `pingMs` means the worker is gone. Generous limits: a slow update on a loaded machine must not count.

export interface WatchdogOptions {
  /** Silence (no batch) while training before pinging. */
  silentMs: number;
  /** How long the ping may take. */
  pingMs: number;
  /** Whether batches are expected now (playing, initialised, not done). */
  expecting: () => boolean;
  /** Any command the worker answers (it is busy in an update at worst for seconds). */
  ping: () => Promise<unknown>;
  /** The worker did not answer: report it. */
  dead: (silentForMs: number) => void;
  now?: () => number;
  /** How often to look (default: a quarter of silentMs, at most 5 s). */
  everyMs?: number;
}

export const WATCHDOG_DEFAULTS = { silentMs: 30_000, pingMs: 30_000 } as const;

export class Watchdog {
  private last: number;
  private timer: ReturnType<typeof setInterval> | null = null;
  private pinging = false;
  private readonly now: () => number;

  constructor(private readonly opts: WatchdogOptions) {
    this.now = opts.now ?? (() => performance.now());
    this.last = this.now();
  }

  /** The worker said something (a batch, an answer). */
  heard(): void {
    this.last = this.now();
  }

  start(): void {
    this.heard();
    if (this.timer !== null) return;
    this.timer = setInterval(() => void this.check(), this.opts.everyMs ?? Math.min(5000, this.opts.silentMs / 4));
    // In node (tests, scripts) the interval must not keep the process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** One look (exported for tests; the interval calls it). */
  async check(): Promise<void> {
    if (!this.opts.expecting()) return this.heard();
    if (this.pinging || this.now() - this.last < this.opts.silentMs) return;
    this.pinging = true;
    const since = this.last;
    let timeout: ReturnType<typeof setTimeout> | undefined;
    const answered = await Promise.race([
      this.opts.ping().then(
        () => true,
        () => true, // a refusal is an answer: the worker is alive
      ),
      new Promise<boolean>((resolve) => (timeout = setTimeout(() => resolve(false), this.opts.pingMs))),
    ]);
    clearTimeout(timeout);
    this.pinging = false;
    if (answered || this.last !== since) this.heard();
    else if (this.opts.expecting()) {
      this.stop();
      this.opts.dead(this.now() - since);
    }
  }
}

// The trainer's tfjs backend across runs: set up once per backend key (a forced choice, or `auto` for
// one network shape), and for an `auto` that started on a safe backend without timing anything
// (backend-auto.ts), the measurement it runs after the run's first update and the switch to its winner,
// made between two iterations so no update straddles two backends. tfjs moves each tensor's data to the
// new backend the first time it is used there. Free of tfjs and DOM: the worker injects both.

import type { AgentSettings } from '../config/resolve.ts';
import type { RunConfig } from '../config/run-config.ts';
import type { TrainerStatus } from './protocol.ts';

export interface BackendInfo {
  backend: string;
  reason: string;
  timings: TrainerStatus['backendTimings'];
  /**
   * Set by an `auto` that started on a safe backend without timing the others: times every candidate
   * (off the training thread) and resolves to the fastest, which the trainer then switches to.
   */
  measure?: () => Promise<BackendInfo>;
}

export interface BackendDeps {
  /** Select the tfjs backend for this config (`auto` measures, or starts at once and sets `measure`); resolves to what tfjs really uses. */
  setupBackend(config: RunConfig, settings: AgentSettings): Promise<BackendInfo>;
  /** Configs with the same key share a backend choice (default: the backend choice alone). */
  backendKey?(config: RunConfig, settings: AgentSettings): string;
  /** Switch tfjs to `backend` (after a measurement chose it); throws when it cannot. */
  switchBackend?(backend: string): Promise<void>;
}

export class BackendChooser {
  /** The backend in use and why (what the status reports). */
  info: BackendInfo = { backend: 'none', reason: '', timings: {} };
  private key = '';
  /** The deferred measurement of the current key, not started yet. */
  private pending: (() => Promise<BackendInfo>) | null = null;
  private running = false;
  /** What the measurement chose, to switch to at the next iteration boundary. */
  private chosen: BackendInfo | null = null;

  /** `changed`: the status has news (measurement done, backend switched). */
  constructor(
    private readonly deps: BackendDeps,
    private readonly changed: () => void,
  ) {}

  /** `auto` is still timing the backends (or about to): the one in use may change. */
  get measuring(): boolean {
    return this.pending !== null || this.running || this.chosen !== null;
  }

  /** Before a run is built: a new key sets the backend up; the same key keeps it (switching first if a measurement chose another). */
  async prepare(config: RunConfig, settings: AgentSettings): Promise<void> {
    const key = this.deps.backendKey?.(config, settings) ?? config.backend;
    if (key === this.key) return this.apply();
    this.chosen = null;
    this.running = false;
    const { measure, ...info } = await this.deps.setupBackend(config, settings);
    this.info = info;
    this.pending = measure ?? null;
    this.key = key;
  }

  /** Start the deferred measurement, if there is one (the trainer calls this once the run has trained a little). */
  startMeasuring(): void {
    const measure = this.pending;
    if (!measure) return;
    this.pending = null;
    this.running = true;
    const key = this.key;
    measure().then(
      (chosen) => {
        if (key !== this.key) return;
        this.running = false;
        this.chosen = chosen;
        this.changed();
      },
      (e: unknown) => {
        if (key !== this.key) return;
        this.running = false;
        this.info = { ...this.info, reason: `${this.info.reason}; timing the others failed: ${e instanceof Error ? e.message : String(e)}` };
        this.changed();
      },
    );
  }

  /** Between iterations: switch to what the measurement chose (kept as is when the switch fails). */
  async apply(): Promise<void> {
    const chosen = this.chosen;
    if (!chosen) return;
    this.chosen = null;
    const { measure: _, ...info } = chosen;
    if (info.backend !== this.info.backend) {
      try {
        if (!this.deps.switchBackend) throw new Error('this trainer cannot switch backends');
        await this.deps.switchBackend(info.backend);
      } catch (e) {
        this.info = { ...this.info, reason: `${this.info.reason}; switching to ${info.backend} failed: ${e instanceof Error ? e.message : String(e)}`, timings: info.timings };
        this.changed();
        return;
      }
    }
    this.info = info;
    this.changed();
  }
}

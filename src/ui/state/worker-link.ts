// The training worker as seen from the page: starts (and replaces) it, runs commands one after the
// other so a quick env switch cannot interleave two init() calls, and passes on its batches and failures.

import * as Comlink from 'comlink';
import type { TrainerApi, TrainerBatch, TrainerError } from '../../workers/protocol.ts';

export type TrainerRemote = Comlink.Remote<TrainerApi>;

export interface LinkHandlers {
  batch(batch: TrainerBatch): void;
  /** The worker itself failed (uncaught error, could not load): it needs replacing. */
  failed(error: TrainerError): void;
}

export class WorkerLink {
  private worker: Worker | null = null;
  private api: TrainerRemote | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly handlers: LinkHandlers) {}

  get connected(): boolean {
    return this.api !== null;
  }

  /** Start a fresh worker (ending the current one, if any). Commands queued for the old one are dropped. */
  spawn(): void {
    this.kill();
    const worker = new Worker(new URL('../../workers/trainer.worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      if (worker === this.worker) this.handlers.failed({ message: `The training worker failed: ${e.message || 'it could not load'}` });
    });
    const api = Comlink.wrap<TrainerApi>(worker);
    this.worker = worker;
    this.api = api;
    this.queue = Promise.resolve();
    void this.command((a) => a.subscribe(Comlink.proxy((batch: TrainerBatch) => worker === this.worker && this.handlers.batch(batch)))).catch(
      () => {},
    );
  }

  kill(): void {
    const { worker, api } = this;
    this.worker = null;
    this.api = null;
    if (api) {
      api.dispose().catch(() => {});
      api[Comlink.releaseProxy]();
    }
    worker?.terminate();
  }

  /** Run `run` after every command queued before it. Rejects with its error (the queue goes on). */
  command<T>(run: (api: TrainerRemote) => Promise<T>): Promise<T> {
    const api = this.api;
    if (!api) return Promise.reject(new Error('The training worker is not running.'));
    const p = this.queue.then(() => run(api));
    this.queue = p.catch(() => {});
    return p;
  }
}

// The training worker as seen from the page: starts (and replaces) it, runs commands one after the
// other so a quick env switch cannot interleave two init() calls, and passes on its batches and failures.

import * as Comlink from 'comlink';
import type { TrainerApi, TrainerBatch, TrainerError } from '../../workers/protocol.ts';
import { t } from '../i18n/i18n.svelte.ts';

export type TrainerRemote = Comlink.Remote<TrainerApi>;

/** A started trainer: its API and how to end it. */
export interface TrainerPort {
  api: TrainerRemote;
  /** Dispose the trainer and end its worker. */
  end(): void;
}

/** Starts a trainer; `failed` is called when its worker fails (uncaught error, could not load). */
export type SpawnTrainer = (failed: (reason: string) => void) => TrainerPort;

/** The real trainer: src/workers/trainer.worker.ts in a module worker, behind Comlink. */
export const spawnWorker: SpawnTrainer = (failed) => {
  const worker = new Worker(new URL('../../workers/trainer.worker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    failed(e.message || 'it could not load');
  });
  const api = Comlink.wrap<TrainerApi>(worker);
  return {
    api,
    end() {
      api.dispose().catch(() => {});
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
};

export interface LinkHandlers {
  batch(batch: TrainerBatch): void;
  /** The worker itself failed (uncaught error, could not load): it needs replacing. */
  failed(error: TrainerError): void;
}

export class WorkerLink {
  private port: TrainerPort | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  /** `spawnTrainer`: how a trainer is started (tests pass a fake one). */
  constructor(
    private readonly handlers: LinkHandlers,
    private readonly spawnTrainer: SpawnTrainer = spawnWorker,
  ) {}

  get connected(): boolean {
    return this.port !== null;
  }

  /** Start a fresh worker (ending the current one, if any). Commands queued for the old one are dropped. */
  spawn(): void {
    this.kill();
    // Reports of a worker that has since been replaced are ignored.
    const port: TrainerPort = this.spawnTrainer((reason) => {
      if (port === this.port) this.handlers.failed({ message: t('faults.workerFailed', { reason }) });
    });
    this.port = port;
    this.queue = Promise.resolve();
    void this.command((a) => a.subscribe(Comlink.proxy((batch: TrainerBatch) => port === this.port && this.handlers.batch(batch)))).catch(
      () => {},
    );
  }

  kill(): void {
    const port = this.port;
    this.port = null;
    port?.end();
  }

  /** Run `run` after every command queued before it. Rejects with its error (the queue goes on). */
  command<T>(run: (api: TrainerRemote) => Promise<T>): Promise<T> {
    const port = this.port;
    if (!port) return Promise.reject(new Error('The training worker is not running.'));
    const p = this.queue.then(() => run(port.api));
    this.queue = p.catch(() => {});
    return p;
  }
}

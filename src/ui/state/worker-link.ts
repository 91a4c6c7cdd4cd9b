// The training worker as seen from the page: starts (and replaces) it, runs commands one after the
// other so a quick env switch cannot interleave two init() calls, and passes on its batches and failures.

import * as Comlink from 'comlink';
import type { TrainerApi, TrainerBatch, TrainerError } from '../../workers/protocol.ts';
import { t } from '../i18n/i18n.svelte.ts';
import { markOnce } from './startup-marks.ts';

export type TrainerRemote = Comlink.Remote<TrainerApi>;

/** A started trainer: its API and how to end it. */
export interface TrainerPort {
  api: TrainerRemote;
  /** Dispose the trainer and end its worker. */
  end(): void;
}

/** Starts a trainer; `failed` is called when its worker fails (uncaught error, could not load). */
export type SpawnTrainer = (failed: (reason: string) => void) => TrainerPort;

function trainerWorker(): Worker {
  markOnce('page:worker-spawn');
  return new Worker(new URL('../../workers/trainer.worker.ts', import.meta.url), { type: 'module' });
}

/** A worker started before the page mounted (startTrainerEarly), with the load error it may have had meanwhile. */
let early: { worker: Worker; error: string | null } | null = null;

/**
 * Start the training worker before the app's own modules evaluate and mount (early-trainer.ts, imported
 * first by main.ts), so it fetches and evaluates tfjs meanwhile; the first spawnWorker adopts it.
 */
export function startTrainerEarly(): void {
  if (early) return;
  const started = { worker: trainerWorker(), error: null as string | null };
  started.worker.addEventListener('error', (e) => {
    e.preventDefault();
    started.error ??= e.message || '';
  });
  early = started;
}

/** The real trainer: src/workers/trainer.worker.ts in a module worker, behind Comlink. */
export const spawnWorker: SpawnTrainer = (failed) => {
  const adopted = early;
  early = null;
  const worker = adopted?.worker ?? trainerWorker();
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    failed(e.message || '');
  });
  // It failed before it was adopted: say so as a fresh one would.
  if (adopted && adopted.error !== null) queueMicrotask(() => failed(adopted.error!));
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
      if (port === this.port) this.handlers.failed({ message: t('faults.workerFailed', { reason: reason || t('notice.workerNoLoad') }) });
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

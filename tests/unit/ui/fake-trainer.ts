// A stand-in for the training worker: records the commands a RunSession sends, answers init() with
// the keys the test chooses, and lets the test push batches as the worker's flush would.

import type { HyperValue, RunConfig } from '../../../src/config/run-config.ts';
import type { SpawnTrainer, TrainerRemote } from '../../../src/ui/state/worker-link.ts';
import type { InitResult, RenderFrame, SwarmRequest, TrainerBatch, TrainerStatus } from '../../../src/workers/protocol.ts';

export function trainerStatus(envSteps: number, more: Partial<TrainerStatus> = {}): TrainerStatus {
  return { running: true, envSteps, updates: envSteps / 8, wallS: envSteps / 1000, episodes: 0, backend: 'cpu', backendReason: 'test', backendTimings: {}, totalSteps: null, done: false, ...more };
}

/** A worker flush with nothing but a status (and whatever `more` adds). */
export function batch(envSteps: number, more: Omit<Partial<TrainerBatch>, 'status'> & { status?: Partial<TrainerStatus> } = {}): TrainerBatch {
  const { status, ...rest } = more;
  return { scalars: [], histograms: [], frames: [], episodes: [], alerts: [], errors: [], ...rest, status: trainerStatus(envSteps, status) };
}

export function frame(envIndex: number, episodeReturn: number): RenderFrame {
  return { envId: 'CartPole-v1', envIndex, state: new Float64Array(4), lastAction: 0, episodeReturn, episodeLength: 1 };
}

export class FakeTrainer {
  /** Every command, in order: 'init', 'start', 'pause', 'step 3', 'speed max', 'render true 0', 'hyper {...}'. */
  readonly calls: string[] = [];
  readonly inits: RunConfig[] = [];
  /** The seed-swarm request of each init (undefined: an ordinary run). */
  readonly swarms: (SwarmRequest | undefined)[] = [];
  ended = false;
  /** What init() answers (numEnvs, live keys…). */
  init: Omit<InitResult, 'status'> = { metricKeys: ['losses/value_loss'], numEnvs: 2, liveKeys: ['entCoef'] };
  /** init() rejects with this once, if set. */
  initError: Error | null = null;
  private listener: ((b: TrainerBatch) => void) | null = null;

  constructor(readonly failed: (reason: string) => void) {}

  /** Push a flush to the page, as the worker does. */
  emit(b: TrainerBatch): void {
    this.listener?.(b);
  }

  /** Every setImagination(on) the page sent, in order. */
  readonly imagination: boolean[] = [];

  readonly api = {
    init: async (config: RunConfig, swarm?: SwarmRequest): Promise<InitResult> => {
      this.calls.push('init');
      this.inits.push(config);
      this.swarms.push(swarm);
      const error = this.initError;
      this.initError = null;
      if (error) throw error;
      return { ...this.init, status: trainerStatus(0, { running: false, totalSteps: config.totalSteps }) };
    },
    start: async (): Promise<void> => void this.calls.push('start'),
    pause: async (): Promise<void> => void this.calls.push('pause'),
    step: async (n: number): Promise<void> => void this.calls.push(`step ${n}`),
    setSpeed: async (speed: string): Promise<void> => void this.calls.push(`speed ${speed}`),
    setRender: async (on: boolean, index?: number): Promise<void> => void this.calls.push(`render ${on} ${index}`),
    // Kept apart from `calls` (every start sends it), so the call sequences the tests expect stay as they were.
    setImagination: async (on: boolean): Promise<void> => void this.imagination.push(on),
    setHyper: async (values: Record<string, HyperValue>): Promise<string[]> => {
      this.calls.push(`hyper ${JSON.stringify(values)}`);
      return Object.keys(values);
    },
    subscribe: async (callback: (b: TrainerBatch) => void): Promise<void> => {
      this.listener = callback;
    },
    dispose: async (): Promise<void> => {},
  };
}

/** A SpawnTrainer that makes FakeTrainers; `trainers` lists them in the order they were started. */
export function fakeWorkers(): { spawn: SpawnTrainer; trainers: FakeTrainer[] } {
  const trainers: FakeTrainer[] = [];
  const spawn: SpawnTrainer = (failed) => {
    const t = new FakeTrainer(failed);
    trainers.push(t);
    return {
      api: t.api as unknown as TrainerRemote,
      end: () => {
        t.ended = true;
      },
    };
  };
  return { spawn, trainers };
}

/** Let every queued command and promise chain run (the fake answers at once, so one macrotask suffices). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

// The live run: owns the training worker, sends it commands, and turns its batches into reactive
// state for the controls. Charts subscribe to the raw batches with `onBatch`.
// Shared through context (`setRunState` in App.svelte, `getRunState` in components).

import { getContext, setContext } from 'svelte';
import * as Comlink from 'comlink';
import type { InitResult, RenderFrame, Speed, TrainerApi, TrainerBatch, TrainerError, TrainerStatus } from '../../workers/protocol.ts';
import { AGENT_IDS, type AgentId, type RunConfig } from '../../config/run-config.ts';
import { agentConfigSpec } from '../../config/presets.ts';
import type { EnvId } from '../../envs/types.ts';

export type BatchListener = (batch: TrainerBatch) => void;
export type InitListener = (init: InitResult, config: RunConfig) => void;

export class RunState {
  config: RunConfig;
  /** What the user asked for: the play button shows this at once, the worker follows. */
  playing = $state(true);
  speed: Speed = $state('watchable');
  status: TrainerStatus | null = $state(null);
  /** Return and length of the last finished episode (any sub-env). */
  lastEpisode: { return: number; length: number } | null = $state(null);
  errors: TrainerError[] = $state([]);
  metricKeys: string[] = $state([]);
  numEnvs = $state(1);
  /** True while the worker sets up a run (backend selection, networks). */
  initializing = $state(false);

  /** The latest frame of the watched sub-env. Not reactive: the canvas polls it every animation frame. */
  frame: RenderFrame | null = null;
  /** Bumped on every new frame, so the canvas draws only when something changed. */
  frameVersion = 0;

  private rendering = true;
  private worker: Worker | null = null;
  private api: Comlink.Remote<TrainerApi> | null = null;
  private readonly batchListeners = new Set<BatchListener>();
  private readonly initListeners = new Set<InitListener>();
  /** Serialises commands so a quick env switch cannot interleave two init() calls. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(initial: RunConfig) {
    this.config = $state(initial);
  }

  /** Start the worker and the first run. */
  connect(): void {
    if (this.worker) return;
    this.worker = new Worker(new URL('../../workers/trainer.worker.ts', import.meta.url), { type: 'module' });
    this.worker.addEventListener('error', (e) => this.report({ message: `Training worker failed: ${e.message || 'could not load'}` }));
    this.api = Comlink.wrap<TrainerApi>(this.worker);
    const api = this.api;
    this.command(async () => {
      await api.subscribe(Comlink.proxy((batch: TrainerBatch) => this.ingest(batch)));
    });
    this.restart();
  }

  disconnect(): void {
    const { worker, api } = this;
    this.worker = null;
    this.api = null;
    if (api) {
      api.dispose().catch(() => {});
      api[Comlink.releaseProxy]();
    }
    worker?.terminate();
  }

  /** Called with every batch the worker flushes (charts, metric stores). Returns an unsubscribe function. */
  onBatch(listener: BatchListener): () => void {
    this.batchListeners.add(listener);
    return () => this.batchListeners.delete(listener);
  }

  /** Called after each (re)initialisation with the agent's metric keys. Returns an unsubscribe function. */
  onInit(listener: InitListener): () => void {
    this.initListeners.add(listener);
    return () => this.initListeners.delete(listener);
  }

  setEnv(env: EnvId): void {
    if (env === this.config.env) return;
    this.config = { ...this.config, env };
    this.restart();
  }

  setAgent(agent: AgentId): void {
    if (agent === this.config.agent) return;
    this.config = { ...this.config, agent };
    this.restart();
  }

  play(): void {
    this.playing = true;
    this.command((api) => api.start());
  }

  pause(): void {
    this.playing = false;
    this.command((api) => api.pause());
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** Run exactly n updates, then pause. */
  step(n = 1): void {
    this.playing = false;
    this.command((api) => api.step(n));
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
    this.command((api) => api.setSpeed(speed));
  }

  /** Stream frames of the watched sub-env (off while the canvas is out of sight: less work at 'max'). */
  setRender(on: boolean): void {
    if (on === this.rendering) return;
    this.rendering = on;
    this.command((api) => api.setRender(on));
  }

  dismissErrors(): void {
    this.errors = [];
  }

  /** Dispose the current run and start a fresh one from `config` (playing if the user was). */
  restart(): void {
    const config = $state.snapshot(this.config) as RunConfig;
    this.frame = null;
    this.frameVersion++;
    this.status = null;
    this.lastEpisode = null;
    this.errors = [];
    this.initializing = true;
    this.command(async (api) => {
      try {
        await api.setSpeed(this.speed);
        const init = await api.init(config);
        this.metricKeys = init.metricKeys;
        this.numEnvs = init.numEnvs;
        this.status = init.status;
        for (const l of this.initListeners) l(init, config);
        if (this.playing) await api.start();
      } finally {
        this.initializing = false;
      }
    });
  }

  private command(run: (api: Comlink.Remote<TrainerApi>) => Promise<unknown>): void {
    const api = this.api;
    if (!api) return;
    this.queue = this.queue.then(() => run(api)).catch((e: unknown) => this.report(toError(e)));
  }

  private report(error: TrainerError): void {
    this.errors = [...this.errors, error];
    this.playing = false;
  }

  private ingest(batch: TrainerBatch): void {
    this.status = batch.status;
    const last = batch.episodes[batch.episodes.length - 1];
    if (last) this.lastEpisode = { return: last.return, length: last.length };
    const frame = batch.frames[batch.frames.length - 1];
    if (frame) {
      this.frame = frame;
      this.frameVersion++;
    }
    if (batch.errors.length > 0) {
      this.errors = [...this.errors, ...batch.errors];
      this.playing = false;
    }
    if (batch.status.done) this.playing = false;
    for (const l of this.batchListeners) l(batch);
  }
}

function toError(e: unknown): TrainerError {
  if (e instanceof Error) return { message: e.message, stack: e.stack };
  return { message: String(e) };
}

/** Agents that exist in this build: src/config/presets.ts lists the config schema of each one createAgent builds. */
export const AVAILABLE_AGENTS: readonly AgentId[] = AGENT_IDS.filter((id) => agentConfigSpec(id) !== undefined);

const KEY = Symbol('run-state');

export function setRunState(run: RunState): RunState {
  return setContext(KEY, run);
}

export function getRunState(): RunState {
  return getContext<RunState>(KEY);
}

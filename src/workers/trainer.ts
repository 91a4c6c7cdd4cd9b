// The training loop behind the worker's Comlink API, free of DOM and of tfjs (both injected), so
// node tests can drive it with a fake agent. trainer.worker.ts wires in the real agents and backend.
//
// Loop: iterate() → (watchable: play the recorded steps back at ~60/s) → yield → iterate() …
// Flushes of everything the agent reported go to the subscriber at most every FLUSH_MS.

import * as Comlink from 'comlink';
import type { Agent, AgentContext } from '../agents/types.ts';
import type { MetricSink } from '../diagnostics/sink.ts';
import { SeedSinks } from './seed-sinks.ts';
import type { HyperValue, RunConfig } from '../config/run-config.ts';
import { agentConfigSpec } from '../config/presets.ts';
import { resolveSettings, validateRunConfig, type AgentSettings } from '../config/resolve.ts';
import { checkValue, fromHyperValue, type FieldValue } from '../config/schema.ts';
import type { VectorEnv } from '../envs/vector-env.ts';
import { BackendChooser, type BackendDeps } from './backend-chooser.ts';
import { BatchingSink } from './batching-sink.ts';
import { createRun, type AgentFactory } from './create-run.ts';
import type { ImaginationFrame, InitResult, ModelFiles, ModelSource, RenderFrame, Speed, SwarmRequest, TrainerApi, TrainerBatch, TrainerError, TrainerStatus } from './protocol.ts';
import { WatchedEnv } from './watched-env.ts';
import { markOnce } from './startup-marks.ts';
import { sleep, yieldToEventLoop } from './yield.ts';

/** At most ~30 flushes a second. */
export const FLUSH_MS = 33;
/** 'watchable': env steps of the watched sub-env per second. */
export const WATCH_STEPS_PER_S = 60;

/** What saveModel / removeModel / watch need from tfjs (src/agents/model-io.ts). */
export interface ModelDeps {
  save(agent: Agent, config: RunConfig, key: string | null): Promise<ModelFiles | null>;
  remove(key: string): Promise<void>;
  /** The saved agent's run config, and a factory building that agent with its weights loaded, acting greedily. */
  open(source: ModelSource): Promise<{ config: RunConfig; watchAgent: AgentFactory }>;
}

export type { BackendInfo } from './backend-chooser.ts';

/** Builds a seed swarm (src/agents/ppo-swarm.ts) training ctx.seeds, seed i reporting to ctx.sinks[i]; throws for a run it cannot train. */
export type SwarmFactory = (settings: AgentSettings, ctx: AgentContext & { seeds: number[]; sinks: MetricSink[] }) => Agent;

/** setupBackend, backendKey and switchBackend: backend-chooser.ts (BackendDeps). */
export interface TrainerDeps extends BackendDeps {
  createAgent: AgentFactory;
  /** Seed swarms (init's `swarm`); absent: init refuses them. */
  createSwarm?: SwarmFactory;
  /** Saving and loading trained networks (tf.io; model-io.ts); absent: the API's model calls refuse. */
  models?: ModelDeps;
  now?: () => number;
}

function errorOf(e: unknown): TrainerError {
  if (e instanceof Error) return { message: e.message || e.name, stack: e.stack };
  return { message: String(e) };
}

export class Trainer implements TrainerApi {
  private readonly now: () => number;
  private agent: Agent | null = null;
  private config: RunConfig | null = null;
  private readonly backends: BackendChooser;
  private readonly sink: BatchingSink;
  /** A seed swarm's extra seeds (init's `swarm`); null for an ordinary run. */
  private seedSinks: SeedSinks | null = null;
  private callback: ((batch: TrainerBatch) => void) | null = null;

  private running = false;
  /** Updates (or iterations, for an agent that never updates) to reach before pausing: step(n). */
  private stepTarget: number | null = null;
  private done = false;
  private speed: Speed = 'watchable';
  private renderOn = true;
  /** The UI shows the imagination view; the agent reads this object's `on` at every planning step. */
  private readonly imagination = { on: false };
  private readonly watched = new WatchedEnv();

  /** Bumped by init/dispose so a loop of an older run stops at its next check. */
  private generation = 0;
  private loop: Promise<void> | null = null;
  private iterations = 0;
  /**
   * Env steps and updates of the run's first iteration: released at once at 'watchable', not held back
   * for the playback of its rollout, so a learner sees a trained update within seconds of landing while
   * that rollout still plays (issue 11). From the second iteration on, the counters keep pace with the canvas.
   */
  private unheld = { steps: 0, updates: 0 };
  /** The agent is a saved one acting greedily (watch): nothing trains, step(n) counts iterations. */
  private watching = false;

  /** Seconds of running time before the current running stretch began. */
  private wallBefore = 0;
  private runningSince: number | null = null;

  private errors: TrainerError[] = [];
  private lastFlush = -Infinity;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;

  /** Frame to send with the next flush (watchable playback, or a snapshot after init). */
  private pendingFrame: RenderFrame | null = null;
  private iterating = false;

  constructor(private readonly deps: TrainerDeps) {
    this.now = deps.now ?? (() => performance.now());
    this.sink = new BatchingSink(() => this.wallS());
    this.backends = new BackendChooser(deps, () => this.requestFlush());
  }

  // ── TrainerApi ────────────────────────────────────────────────────────────────────────────

  async init(config: RunConfig, swarm?: SwarmRequest): Promise<InitResult> {
    if (!swarm) return this.setup(config, this.deps.createAgent);
    const create = this.deps.createSwarm;
    if (!create) throw new Error('seed swarms are not available here');
    // config.seed reports to the trainer's own sink (the ordinary batch), each extra seed to its own (TrainerBatch.seeds).
    const extra = new SeedSinks(swarm.extraSeeds, () => this.wallS());
    return this.setup(config, (settings, ctx) => create(settings, { ...ctx, seeds: [config.seed, ...swarm.extraSeeds], sinks: [ctx.sink, ...extra.sinks] }), extra);
  }

  async saveModel(key: string | null): Promise<ModelFiles | null> {
    if (!this.agent || !this.config || this.watching) throw new Error('no trained run to save: train one first');
    const files = await this.models().save(this.agent, this.config, key);
    return files ? Comlink.transfer(files, [files.weights]) : null;
  }

  async removeModel(key: string): Promise<void> {
    await this.models().remove(key);
  }

  async watch(source: ModelSource): Promise<InitResult & { config: RunConfig }> {
    const opened = await this.models().open(source);
    const init = await this.setup(opened.config, opened.watchAgent);
    this.watching = true;
    return { ...init, config: opened.config };
  }

  private models(): ModelDeps {
    if (!this.deps.models) throw new Error('saving models is not available here');
    return this.deps.models;
  }

  /** Build a run with `createAgent` (a training agent, or a saved one acting greedily). */
  private async setup(config: RunConfig, createAgent: AgentFactory, seedSinks: SeedSinks | null = null): Promise<InitResult> {
    this.watching = false;
    await this.stopLoop();
    this.agent?.dispose();
    this.agent = null;
    this.config = null;
    this.seedSinks = null;
    this.sink.reset();
    this.errors = [];
    this.watched.reset();
    this.pendingFrame = null;
    this.wallBefore = 0;
    this.runningSince = null;
    this.done = false;
    this.iterations = 0;
    this.unheld = { steps: 0, updates: 0 };

    const settings = resolveSettings(config);
    markOnce('init');
    await this.backends.prepare(config, settings);
    markOnce('backend-ready');
    const run = await createRun(config, this.sink, {
      createAgent,
      settings,
      onEnvStep: (vecEnv, actions, imagination) => this.onEnvStep(vecEnv, actions, imagination),
      imagination: this.imagination,
    });
    this.agent = run.agent;
    this.config = config;
    seedSinks?.attach(config, settings, run.agent.vecEnv);
    this.seedSinks = seedSinks;
    markOnce('run-created');
    this.watched.index = Math.min(this.watched.index, this.agent.vecEnv.numEnvs - 1);
    this.pendingFrame = this.liveFrame();
    this.requestFlush();
    return {
      metricKeys: this.agent.metricKeys(),
      numEnvs: this.agent.vecEnv.numEnvs,
      status: this.status(),
      liveKeys: this.liveKeys(),
    };
  }

  async start(): Promise<void> {
    if (!this.agent || this.done) return;
    this.running = true;
    this.stepTarget = null;
    this.ensureLoop();
  }

  async pause(): Promise<void> {
    this.running = false;
    this.stepTarget = null;
    this.requestFlush();
  }

  async step(nUpdates: number): Promise<void> {
    if (!this.agent || this.done || !(nUpdates > 0)) return;
    this.running = false;
    this.stepTarget = this.progress() + Math.floor(nUpdates);
    this.ensureLoop();
  }

  async setSpeed(speed: Speed): Promise<void> {
    this.speed = speed;
    if (speed === 'max') {
      // Whatever was recorded for playback is skipped; show the live env from now on.
      this.watched.clearQueue();
      this.watched.dirty = true;
    }
    this.requestFlush();
  }

  async setRender(on: boolean, envIndex?: number): Promise<void> {
    this.renderOn = on;
    if (envIndex !== undefined && this.agent) {
      this.watched.index = Math.max(0, Math.min(this.agent.vecEnv.numEnvs - 1, Math.floor(envIndex)));
      this.watched.clearQueue();
    }
    if (on) {
      this.pendingFrame = this.liveFrame();
      this.requestFlush();
    }
  }

  async setImagination(on: boolean): Promise<void> {
    this.imagination.on = on;
    if (!on) this.watched.imagination = undefined;
  }

  async setHyper(values: Record<string, HyperValue>): Promise<string[]> {
    const { agent, config } = this;
    if (!agent || !config) throw new Error('no run to change: start one first');
    const fields = agentConfigSpec(config.agent)?.fields ?? [];
    const live = this.liveKeys();
    const next: RunConfig = { ...config, overrides: { ...config.overrides } };
    const apply: Record<string, FieldValue> = {};
    for (const [key, value] of Object.entries(values)) {
      const field = fields.find((f) => f.key === key);
      if (!field) throw new Error(`unknown ${config.agent} setting '${key}'`);
      if (!live.includes(key)) throw new Error(`'${key}' cannot change during a run: restart to apply it`);
      const problem = checkValue(field, value);
      if (problem !== null) throw new Error(problem);
      next.overrides[key] = value;
      apply[key] = fromHyperValue(field, value);
    }
    const problems = validateRunConfig(next);
    if (problems.length > 0) throw new Error(problems.join('; '));
    // The agent reads its schema's live fields from its config object at every update.
    Object.assign(agent.config as Record<string, FieldValue>, apply);
    this.config = next;
    return Object.keys(apply);
  }

  /** The schema's live fields, for an agent that exposes the config object it reads them from. */
  private liveKeys(): string[] {
    if (!this.agent?.config || !this.config) return [];
    return (agentConfigSpec(this.config.agent)?.fields ?? []).filter((f) => f.live).map((f) => f.key);
  }

  async subscribe(callback: (batch: TrainerBatch) => void): Promise<void> {
    this.callback = callback;
    this.requestFlush();
  }

  async dispose(): Promise<void> {
    await this.stopLoop();
    this.agent?.dispose();
    this.agent = null;
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    const cb = this.callback as unknown as { [Comlink.releaseProxy]?: () => void } | null;
    this.callback = null;
    cb?.[Comlink.releaseProxy]?.();
  }

  // ── The loop ──────────────────────────────────────────────────────────────────────────────

  private active(gen: number): boolean {
    return gen === this.generation && (this.running || this.stepTarget !== null);
  }

  /** Updates done, or iterations for an agent without updates (random), so step(n) always ends. */
  private progress(): number {
    const a = this.agent;
    if (!a) return 0;
    return this.config?.agent === 'random' || this.watching ? this.iterations : a.updates;
  }

  private ensureLoop(): void {
    if (this.loop) return;
    const gen = this.generation;
    this.runningSince = this.now();
    this.loop = this.runLoop(gen).finally(() => {
      this.wallBefore = this.wallS();
      this.runningSince = null;
      this.loop = null;
      this.flush();
      // A command that arrived while the loop was winding down gets a fresh loop.
      if (gen === this.generation && (this.running || this.stepTarget !== null)) this.ensureLoop();
    });
  }

  private async stopLoop(): Promise<void> {
    this.generation++;
    this.running = false;
    this.stepTarget = null;
    await this.loop;
  }

  private async runLoop(gen: number): Promise<void> {
    while (this.active(gen)) {
      if (this.watched.behind) {
        await this.playBack(gen);
        continue;
      }
      if (this.stepTarget !== null && this.progress() >= this.stepTarget) {
        this.stepTarget = null;
        break;
      }
      const agent = this.agent;
      if (!agent) break;
      await this.backends.apply();
      if (gen !== this.generation) break;
      this.iterating = true;
      markOnce('first-iterate');
      try {
        await agent.iterate();
      } catch (e) {
        this.errors.push(errorOf(e));
        this.halt();
        break;
      } finally {
        this.iterating = false;
      }
      if (gen !== this.generation) break;
      this.iterations++;
      if (this.iterations === 1) this.unheld = { steps: agent.envSteps, updates: agent.updates };
      if (agent.updates > 0) markOnce('first-update');
      // `auto` started untimed: time the backends once the learner has a first update to look at (or 2 s in).
      if (agent.updates > 0 || this.wallS() > 2) this.backends.startMeasuring();
      this.watched.noteUpdates(agent.envSteps, agent.updates);
      const nf = this.sink.takeNonFinite() ?? this.seedSinks?.takeNonFinite() ?? null;
      if (nf) {
        this.errors.push({ message: `${nf.key} became non-finite at update ${nf.update} (step ${nf.step}); paused.`, nonFinite: nf });
        this.halt();
      }
      const total = this.config?.totalSteps ?? null;
      if (total !== null && agent.envSteps >= total) {
        // Budget used up: skip the rest of the playback so the final counts and points go out now.
        this.done = true;
        this.watched.clearQueue();
        this.halt();
      }
      this.maybeFlush();
      await yieldToEventLoop();
    }
  }

  private halt(): void {
    this.running = false;
    this.stepTarget = null;
  }

  /** Show the recorded steps of the watched sub-env at WATCH_STEPS_PER_S; pausing interrupts it. */
  private async playBack(gen: number): Promise<void> {
    const interval = 1000 / WATCH_STEPS_PER_S;
    let next = this.now();
    while (this.watched.behind && this.active(gen)) {
      const snap = this.watched.next()!;
      if (this.renderOn) this.pendingFrame = this.watched.frame(this.config!.env, snap);
      this.maybeFlush();
      next += interval;
      const wait = next - this.now();
      if (wait > 1) await sleep(wait);
      else {
        if (wait < -250) next = this.now(); // fell far behind (a slow update): do not burst to catch up
        await yieldToEventLoop();
      }
    }
  }

  private onEnvStep(vecEnv: VectorEnv, actions: ArrayLike<number>, imagination?: ImaginationFrame | null): void {
    this.watched.record(vecEnv, actions, this.agent?.envSteps ?? 0, this.agent?.updates ?? 0, this.speed === 'watchable', this.imagination.on ? imagination : null);
    this.maybeFlush();
  }

  // ── Frames, status and flushing ──────────────────────────────────────────────────────────

  /** The watched sub-env as it is now. */
  private liveFrame(): RenderFrame | null {
    const agent = this.agent;
    if (!agent || !this.config) return null;
    const snap = this.watched.snapshot(agent.vecEnv, agent.envSteps, agent.updates);
    return snap && this.watched.frame(this.config.env, snap);
  }

  private wallS(): number {
    return this.wallBefore + (this.runningSince === null ? 0 : (this.now() - this.runningSince) / 1000);
  }

  /**
   * Env step up to which recorded metrics are released. 'watchable' collects a rollout at once and
   * then shows it step by step: what happened after the step on screen waits, so the counters and
   * charts keep pace with the canvas. Once the playback has caught up (or at 'max'), everything goes.
   */
  private releaseLimit(): number {
    if (this.speed === 'max' || this.done) return Infinity;
    return this.iterating || this.watched.behind ? Math.max(this.watched.shownSteps, this.unheld.steps) : Infinity;
  }

  private status(limit = this.releaseLimit()): TrainerStatus {
    const a = this.agent;
    return {
      // Until the loop has really stopped (an update in progress finishes after a pause).
      running: this.running || this.stepTarget !== null || this.loop !== null,
      envSteps: Math.min(a?.envSteps ?? 0, limit),
      updates: limit === Infinity ? (a?.updates ?? 0) : Math.min(a?.updates ?? 0, Math.max(this.watched.shownUpdates, this.unheld.updates)),
      wallS: this.wallS(),
      episodes: this.sink.releasedEpisodes,
      backend: this.backends.info.backend,
      backendReason: this.backends.info.reason,
      backendTimings: this.backends.info.timings,
      ...(this.backends.measuring ? { backendMeasuring: true } : {}),
      totalSteps: this.config?.totalSteps ?? null,
      done: this.done,
    };
  }

  private maybeFlush(): void {
    if (this.now() - this.lastFlush >= FLUSH_MS) this.flush();
  }

  /** Flush soon, outside the loop (after a command, when paused). */
  private requestFlush(): void {
    if (this.flushTimer !== null) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, 0);
  }

  private flush(): void {
    this.lastFlush = this.now();
    const cb = this.callback;
    // Before the first init there is nothing to say (and no backend to report yet).
    if (!cb || !this.agent) return;
    const limit = this.releaseLimit();
    const drained = this.sink.drain(limit);
    let frame = this.pendingFrame;
    this.pendingFrame = null;
    if (this.renderOn && this.speed === 'max' && this.watched.dirty) {
      frame = this.liveFrame() ?? frame;
      this.watched.dirty = false;
    }
    const frames = this.renderOn && frame ? [frame] : [];
    const transfer: Transferable[] = [...drained.transfer];
    for (const f of frames) transfer.push(f.state.buffer as ArrayBuffer);
    const batch: TrainerBatch = {
      scalars: drained.scalars,
      histograms: drained.histograms,
      frames,
      episodes: drained.episodes,
      alerts: drained.alerts,
      errors: this.errors,
      status: this.status(limit),
    };
    if (this.seedSinks) batch.seeds = this.seedSinks.drain(limit, transfer);
    if (frames.length > 0) markOnce('flush-first-frame');
    if (batch.status.updates > 0) markOnce('flush-first-update');
    this.errors = [];
    try {
      const result = cb(Comlink.transfer(batch, transfer)) as unknown;
      if (result instanceof Promise) result.catch(() => {});
    } catch {
      // The page went away mid-flush; nothing to tell.
    }
  }
}

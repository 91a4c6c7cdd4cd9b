// One training run in a worker: starts it (and replaces it after a crash), sends it the run controls
// (play, step, reset, speed, which sub-env to watch, live hyperparameters) and turns its reports into
// reactive state: the counters at most ~4 times a second, the canvas frame every time. It runs what
// its config source returns at each start: the page's RunState (run.svelte.ts) holds one and edits
// that config; the bug lab drives extra sessions beside the page's own.

import type { ModelFiles, ModelSource, RenderFrame, Speed, SwarmRequest, TrainerBatch, TrainerError, TrainerStatus } from '../../workers/protocol.ts';
import type { HyperValue, RunConfig } from '../../config/run-config.ts';
import { DEFAULT_RUN_ID } from '../charts/metric-history.ts';
import { Coalescer } from './coalescer.ts';
import { Listeners, type BatchListener, type BatchesListener, type ControlListener, type StartListener } from './run-events.ts';
import { WorkerLink, type SpawnTrainer } from './worker-link.ts';
import { Watchdog, WATCHDOG_DEFAULTS } from './watchdog.ts';
import { t } from '../i18n/i18n.svelte.ts';
import { markOnce } from './startup-marks.ts';

/**
 * Counters, readouts and charts update together at most this often (the canvas still gets every
 * frame): each update costs the page a style, layout, paint and commit, so they share one.
 */
const READOUT_MS = 250;

export interface SessionOptions {
  playing?: boolean;
  /** How the trainer is started (default: the real worker; tests pass a fake). */
  spawn?: SpawnTrainer;
  /** A worker silent this long while training, then unanswering this long, is reported as gone (default WATCHDOG_DEFAULTS). */
  watchdog?: { silentMs: number; pingMs: number };
  /** The seeds each start trains besides the config's own, as one seed swarm in this worker (the bug lab's extra seeds); none: an ordinary run. */
  swarm?: () => SwarmRequest | undefined;
}

export class RunSession {
  /** What the worker runs: the config it started from plus hyperparameters applied live; null before the first start. */
  applied: RunConfig | null = $state(null);
  /** Hyperparameters the running agent takes without a restart. */
  liveKeys: string[] = $state([]);
  /** What the user asked for: the play button shows this at once, the worker follows. */
  playing = $state(true);
  speed: Speed = $state('watchable');
  status: TrainerStatus | null = $state(null);
  /** Return and length of the last finished episode (any sub-env). */
  lastEpisode: { return: number; length: number } | null = $state(null);
  /** Return so far of the watched sub-env's episode (from its frames). */
  currentReturn: number | null = $state(null);
  errors: TrainerError[] = $state([]);
  /** The run broke (the agent threw, or the worker died): offer a restart that keeps the charts. */
  crashed = $state(false);
  metricKeys: string[] = $state([]);
  numEnvs = $state(1);
  /** True while the worker sets up a run (backend selection, networks). */
  initializing = $state(false);
  /** The "render" switch: stream frames of the watched sub-env (off: faster at 'max'). */
  renderOn = $state(true);
  /** Which sub-env of the vector env is on the canvas. */
  watchIndex = $state(0);
  /** A saved agent acts greedily (watch()): nothing trains until the next start. */
  watching = $state(false);

  /** The latest frame of the watched sub-env. Not reactive: the canvas polls it every animation frame. */
  frame: RenderFrame | null = null;
  /** Bumped on every new frame, so the canvas draws only when something changed. */
  frameVersion = 0;
  /** The metric-store run that receives this run's batches. */
  runId = DEFAULT_RUN_ID;

  /** Bumped by every start: work queued for an older start checks it and stands down. */
  private starts = 0;
  private readonly link: WorkerLink;
  /** Reports a worker that died without an error event (see watchdog.ts). */
  private readonly watchdog: Watchdog;
  private visible = true;
  private streaming = true;
  /** Views showing the model-based agent's imagination (it is sent only while one is on screen). */
  private imaginationViews = 0;
  private workerFailed = false;
  /** Batches are dropped from a start until its init() answers: they belong to the run being replaced. */
  private accepting = false;
  private restarts = 0;
  private readonly readouts = new Coalescer<TrainerBatch>((batches) => this.showReadouts(batches), READOUT_MS);
  private readonly batchListeners = new Listeners<Parameters<BatchListener>>();
  private readonly batchesListeners = new Listeners<Parameters<BatchesListener>>();
  private readonly frameListeners = new Listeners<[]>();
  private readonly startListeners = new Listeners<Parameters<StartListener>>();
  private readonly swarm: SessionOptions['swarm'];
  private readonly controlListeners = new Listeners<Parameters<ControlListener>>();

  /** `source`: the config each start runs (a snapshot of it is taken then). */
  constructor(
    private readonly source: () => RunConfig,
    opts: SessionOptions = {},
  ) {
    this.playing = opts.playing ?? true;
    this.swarm = opts.swarm;
    this.link = new WorkerLink({ batch: (b) => this.ingest(b), failed: (e) => this.fail(e, true) }, opts.spawn);
    this.watchdog = new Watchdog({
      ...(opts.watchdog ?? WATCHDOG_DEFAULTS),
      expecting: () => this.link.connected && this.playing && !this.initializing && this.status?.running === true && !this.status.done,
      ping: () => this.link.command((api) => api.setSpeed(this.speed)),
      dead: (ms) => this.fail({ message: t('faults.workerSilent', { seconds: Math.round(ms / 1000) }) }, true),
    });
  }

  /** How many starts were asked for so far (a start's listeners run when the latest one answers). */
  get startCount(): number {
    return this.starts;
  }

  /** A worker is there to take commands (false before connect() and after it failed). */
  get connected(): boolean {
    return this.link.connected;
  }

  /** Start the worker and the first run. */
  connect(): void {
    if (this.link.connected) return;
    this.link.spawn();
    this.watchdog.start();
    this.start(false);
  }

  disconnect(): void {
    this.watchdog.stop();
    this.link.kill();
  }

  onBatch(listener: BatchListener): () => void {
    return this.batchListeners.add(listener);
  }

  /** Called with the batches since the last call, when the counters update (at most every READOUT_MS): feed charts from here. */
  onBatches(listener: BatchesListener): () => void {
    return this.batchesListeners.add(listener);
  }

  /** Called when `frame` changes (a new frame, or none after a restart): the canvas draws then, not every animation frame. */
  onFrame(listener: () => void): () => void {
    return this.frameListeners.add(listener);
  }

  /** Called after each (re)start with the agent's metric keys. */
  onStart(listener: StartListener): () => void {
    return this.startListeners.add(listener);
  }

  /** Called with every play / pause / step / speed command. */
  onControl(listener: ControlListener): () => void {
    return this.controlListeners.add(listener);
  }

  // ── Run controls ──

  play(): void {
    if (this.status?.done) return;
    this.playing = true;
    this.send((api) => api.start());
    this.controlListeners.emit({ kind: 'play' });
  }

  pause(): void {
    this.playing = false;
    this.send((api) => api.pause());
    this.controlListeners.emit({ kind: 'pause' });
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** Run exactly n updates, then pause. */
  step(n = 1): void {
    this.playing = false;
    this.send((api) => api.step(n));
    this.controlListeners.emit({ kind: 'step', n });
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
    this.send((api) => api.setSpeed(speed));
    this.controlListeners.emit({ kind: 'speed', speed });
  }

  /** A fresh run of the same setup, paused at zero: the agent, its counters and the charts are discarded. */
  reset(): void {
    this.playing = false;
    this.start(false);
  }

  /** A fresh run from the config source; playing goes on if it was. */
  restart(): void {
    this.start(false);
  }

  /** Load a saved agent and watch it act greedily, without training; resolves to the config it was trained with. */
  watch(source: ModelSource): Promise<RunConfig> {
    return new Promise((resolve, reject) => this.start(false, { source, resolve, reject }));
  }

  /** The running agent's trained networks: saved into IndexedDB under `key` (null back), or the file pair to download. */
  async saveModel(key: string | null): Promise<ModelFiles | null> {
    if (!this.link.connected) throw new Error('the trainer is not running');
    return this.link.command((api) => api.saveModel(key));
  }

  async removeModel(key: string): Promise<void> {
    if (this.link.connected) await this.link.command((api) => api.removeModel(key));
  }

  /** After a crash: a fresh run (in a fresh worker if the old one died); the charts keep what they drew. */
  recover(): void {
    this.playing = true;
    this.start(true);
  }

  setRenderOn(on: boolean): void {
    this.renderOn = on;
    this.syncRender(false);
  }

  /** The canvas is (not) on screen: no frames while it is scrolled away. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.syncRender(false);
  }

  /** An imagination view came on screen (+1) or left it (−1): the worker sends imagination frames while any is. */
  showImagination(delta: 1 | -1): void {
    const before = this.imaginationViews > 0;
    this.imaginationViews = Math.max(0, this.imaginationViews + delta);
    const on = this.imaginationViews > 0;
    if (on !== before) this.send((api) => api.setImagination(on));
  }

  setWatch(index: number): void {
    this.watchIndex = Math.max(0, Math.min(this.numEnvs - 1, Math.floor(index)));
    this.currentReturn = null;
    this.syncRender(true);
  }

  dismissErrors(): void {
    this.errors = [];
  }

  /**
   * Send hyperparameters to the running agent; once it took them, `applied` becomes `update(applied)`.
   * Dropped when a start comes first: that run starts from a config that has these values.
   */
  setHypers(values: Record<string, HyperValue>, update: (applied: RunConfig) => RunConfig): void {
    if (!this.link.connected) return;
    const starts = this.starts;
    this.link
      .command(async (api) => {
        if (starts !== this.starts) return;
        await api.setHyper(values);
        if (this.applied) this.applied = update(this.applied);
      })
      .catch((e: unknown) => this.fail(toError(e), false));
  }

  // ── Internals ──

  private syncRender(force: boolean): void {
    const on = this.renderOn && this.visible;
    if (on === this.streaming && !force) return;
    this.streaming = on;
    const index = this.watchIndex;
    this.send((api) => api.setRender(on, index));
  }

  /** Dispose the current run and start one from the config source (or, `watch`, a saved agent acting greedily). */
  private start(keep: boolean, watch?: { source: ModelSource; resolve: (c: RunConfig) => void; reject: (e: unknown) => void }): void {
    let config = $state.snapshot(this.source()) as RunConfig;
    this.watching = watch !== undefined;
    const seq = ++this.starts;
    this.accepting = false;
    // A restart after a crash keeps what was collected; a fresh run drops what is left of the old one.
    if (keep) this.readouts.flush();
    else this.readouts.cancel();
    if (keep || this.workerFailed) {
      this.workerFailed = false;
      this.link.spawn();
      this.watchdog.start();
      this.streaming = true;
    }
    this.runId = keep ? `${DEFAULT_RUN_ID}-${++this.restarts}` : DEFAULT_RUN_ID;
    const runId = this.runId;
    this.setFrame(null);
    this.status = null;
    this.lastEpisode = null;
    this.currentReturn = null;
    this.errors = [];
    this.crashed = false;
    this.initializing = true;
    this.link
      .command(async (api) => {
        await api.setSpeed(this.speed);
        const init = watch ? await api.watch(watch.source) : await api.init(config, this.swarm?.());
        if (seq !== this.starts) return watch?.reject(new Error('replaced by another start'));
        if (watch && 'config' in init) config = init.config as RunConfig;
        this.accepting = true;
        this.applied = config;
        this.liveKeys = init.liveKeys;
        this.metricKeys = init.metricKeys;
        this.numEnvs = init.numEnvs;
        if (this.watchIndex >= init.numEnvs) this.watchIndex = 0;
        this.status = init.status;
        // Sent before the page lays out the run's charts (startListeners), so the worker trains meanwhile;
        // the three go in order, and what the worker answers with arrives after the listeners have run.
        const started = Promise.all([api.setRender(this.streaming, this.watchIndex), api.setImagination(this.imaginationViews > 0), this.playing ? api.start() : null]);
        this.startListeners.emit({ init, config, runId, keep });
        await started;
        watch?.resolve(config);
      })
      .catch((e: unknown) => {
        watch?.reject(e);
        if (seq !== this.starts) return;
        this.playing = false;
        this.fail(toError(e), false);
      })
      .finally(() => {
        if (seq === this.starts) this.initializing = false;
      });
  }

  private setFrame(frame: RenderFrame | null): void {
    this.frame = frame;
    this.frameVersion++;
    this.frameListeners.emit();
  }

  private send(run: Parameters<WorkerLink['command']>[0]): void {
    if (!this.link.connected) return; // the worker failed: Restart or Reset starts a new one
    this.link.command(run).catch((e: unknown) => this.fail(toError(e), false));
  }

  /** Show an error; `workerDied`: the worker is ended and replaced on the next start (restart offered). */
  private fail(error: TrainerError, workerDied: boolean): void {
    this.errors = [...this.errors, error];
    if (workerDied) {
      // Whatever it still does cannot be trusted: end it now (the charts keep their points).
      this.readouts.flush();
      this.link.kill();
      this.accepting = false;
      this.workerFailed = true;
      this.crashed = true;
      this.playing = false;
      this.initializing = false;
    }
  }

  private ingest(batch: TrainerBatch): void {
    this.watchdog.heard();
    if (!this.accepting) return;
    const frame = batch.frames[batch.frames.length - 1];
    if (frame) markOnce('page:first-frame-batch');
    if (batch.status.updates > 0) markOnce('page:first-update-batch');
    if (frame) this.setFrame(frame);
    this.readouts.push(batch);
    // What ends a stretch of training shows at once (tests and people read the counters then).
    if (batch.errors.length > 0 || !batch.status.running || batch.status.done) this.readouts.flush();
    this.batchListeners.emit(batch, this.runId);
  }

  /** The counters and readouts from the batches since the last showing, and the charts' feed. */
  private showReadouts(batches: TrainerBatch[]): void {
    for (const batch of batches) {
      const last = batch.episodes[batch.episodes.length - 1];
      if (last) this.lastEpisode = { return: last.return, length: last.length };
      const frame = batch.frames[batch.frames.length - 1];
      if (frame && frame.envIndex === this.watchIndex) this.currentReturn = frame.episodeReturn;
      if (batch.errors.length > 0) {
        this.errors = [...this.errors, ...batch.errors];
        this.playing = false;
        // A non-finite metric pauses a healthy worker; anything else means the agent threw mid-update.
        if (batch.errors.some((e) => !e.nonFinite)) this.crashed = true;
      }
      if (batch.status.done) this.playing = false;
    }
    this.status = batches[batches.length - 1].status;
    this.batchesListeners.emit(batches, this.runId);
    if (this.status.updates > 0) markOnce('page:first-update-shown');
  }
}

function toError(e: unknown): TrainerError {
  if (e instanceof Error) return { message: e.message, stack: e.stack };
  return { message: String(e) };
}

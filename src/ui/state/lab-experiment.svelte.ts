// The bug lab's experiment: the page's own run plus the runs beside it (the healthy twin of a broken
// config, a second config, more seeds), all feeding one MetricStore so every chart overlays them.
// Each extra run is a RunSession of its own (the same worker-driving code as the page's run), started
// by a RunQueue at most `maxConcurrent` at a time, and driven by the page's play / pause / step.
// LabState (lab.svelte.ts) holds one beside the bug cards and the guided lessons.

import type { RunConfig } from '../../config/run-config.ts';
import { validateRunConfig } from '../../config/resolve.ts';
import type { Notice } from '../i18n/notice-text.ts';
import { DEFAULT_RUN_ID } from '../charts/metric-history.ts';
import { planArms, planRuns, type Arm, type CompareKind, type PlannedRun, type Variant } from '../lab/experiment.ts';
import { MAX_SEEDS, RunQueue, maxConcurrentRuns, needsBudget, type RunSlot } from '../lab/run-queue.ts';
import { followerBatch, planSwarms, swarmFollowers } from '../lab/seed-swarm.ts';
import type { MetricStore } from './metrics.svelte.ts';
import type { RunState } from './run.svelte.ts';
import { Listeners, type ControlCommand, type RunStart } from './run-events.ts';
import { RunSession } from './run-session.svelte.ts';
import type { SpawnTrainer } from './worker-link.ts';
import type { TrainerBatch, TrainerError } from '../../workers/protocol.ts';

/**
 * What the run history records of the experiment (history-link.ts follows it): each run beside the
 * page's own by its metric-store run id (its start with config and arm label, its batches, its end),
 * and the arm label of the page's own run when an experiment lays it out.
 */
export type LabRunEvent =
  | { kind: 'start'; runId: string; label: string; config: RunConfig }
  | { kind: 'batch'; runId: string; batch: TrainerBatch }
  | { kind: 'end'; runId: string }
  | { kind: 'main'; label: string; config: RunConfig };

/** Step budget given to every run when seeds must queue and the config has none. */
export const DEFAULT_LAB_STEPS = 50_000;
/** Longest the page's run waits for the runs beside it to start. */
const HOLD_MAX_MS = 20_000;

interface Companion {
  planned: PlannedRun;
  /** A seed swarm's other seeds, trained in this run's worker (seed-swarm.ts); empty for an ordinary run. */
  followers: PlannedRun[];
  run: RunSession;
  offs: (() => void)[];
}

export class LabExperiment {
  // ── What the user set up ──
  /** Compare mode: the healthy twin, a second config, or none. */
  kind: CompareKind | null = $state(null);
  /** The second config's change (compare two configs). */
  variant: Variant | null = $state(null);
  /** Seeds per configuration (1 … 8). */
  seeds = $state(1);

  // ── The experiment running ──
  arms: Arm[] = $state([]);
  /** Every run of the experiment and where it stands (queued until a worker is free). */
  slots: { runId: string; label: string; seed: number; colorIndex: number; slot: RunSlot }[] = $state([]);
  /** Why the last request could not start as asked (e.g. no bug switched on). */
  /** What the panel says about the experiment, as a catalogue key (said in the UI's language when shown). */
  note: Notice | null = $state(null);

  readonly maxConcurrent: number;
  /** Every run of the experiment (the page's own first). */
  private planned: PlannedRun[] = [];
  private readonly companions = new Map<string, Companion>();
  /** Seed swarms of the experiment: leader run id → the runs it trains besides its own (seed-swarm.ts). */
  private swarms = new Map<string, PlannedRun[]>();
  /** Run ids that train in a leader's worker → that leader. */
  private followers = new Map<string, string>();
  private queue: RunQueue | null = null;
  private readonly offs: (() => void)[] = [];
  /**
   * Runs the page's run waits for: a fresh experiment holds the page's run at zero until the runs
   * beside it have started too, so all set off together (a worker takes a second or two to start).
   */
  private hold: Set<string> | null = null;
  /** True while the lab itself pauses or resumes the page's run (not a user command to mirror). */
  private selfControl = false;
  private readonly spawn: SpawnTrainer | undefined;
  private readonly runListeners = new Listeners<[LabRunEvent]>();

  /** `spawn`: how the runs beside the page's own start their trainers (default: real workers). */
  constructor(
    readonly main: RunState,
    readonly store: MetricStore,
    opts: { hardwareConcurrency?: number; spawn?: SpawnTrainer } = {},
  ) {
    this.maxConcurrent = maxConcurrentRuns(opts.hardwareConcurrency ?? globalThis.navigator?.hardwareConcurrency);
    this.spawn = opts.spawn;
  }

  /** Follow the page's run: rebuild the experiment on each fresh start, mirror its commands. */
  connect(): void {
    // After the app's own start listener (which clears the store on a fresh start), whatever the order of registration.
    const session = this.main.session;
    this.offs.push(session.onStart((s) => queueMicrotask(() => this.mainStarted(s))));
    this.offs.push(session.onBatch((b) => b.status.done && this.finished(DEFAULT_RUN_ID)));
    this.offs.push(session.onControl((c) => this.mirror(c)));
  }

  /** Follow every run of the experiment (the run history records each one). */
  onRun(listener: (e: LabRunEvent) => void): () => void {
    return this.runListeners.add(listener);
  }

  disconnect(): void {
    for (const off of this.offs.splice(0)) off();
    for (const id of [...this.companions.keys()]) this.dispose(id);
  }

  /** An experiment with runs beside the page's own. */
  get active(): boolean {
    return this.kind !== null || this.seeds > 1;
  }

  /** Restart the page's run (and the runs beside it) from what is set up. */
  restart(): void {
    this.main.applyPending();
    if (!this.main.session.playing) this.main.session.play();
  }

  // ── Experiments ──

  compareHealthy(): void {
    if (this.main.config.bugs.length === 0) {
      this.note = { key: 'compare.note.needBug' };
      return;
    }
    this.begin('healthy', null);
  }

  compareVariant(variant: Variant): void {
    this.begin('variant', variant);
  }

  setSeeds(n: number): void {
    const seeds = clampSeeds(n);
    if (seeds === this.seeds) return;
    this.begin(this.kind, this.variant, seeds);
  }

  /**
   * Set up the experiment a link asks for (compare mode, its variant, seeds) without starting it:
   * the page's next fresh start lays out the runs. Returns `config` with the budget the runs need
   * (as `begin` gives it) and whether the experiment differs from the one set up before.
   */
  restore(link: { compare: CompareKind | null; variant: Variant | null; seeds: number }, config: RunConfig): { config: RunConfig; changed: boolean } {
    let kind = link.compare;
    this.note = null;
    if (kind === 'variant') {
      const v = link.variant;
      const problems = v ? validateRunConfig({ ...config, overrides: { ...config.overrides, [v.key]: v.value } }) : ['no setting to change'];
      if (problems.length > 0) {
        this.note = { key: 'compare.note.misfit', params: { problems: problems.join('; ') } };
        kind = null;
      }
    }
    const variant = kind === 'variant' ? link.variant : null;
    const seeds = clampSeeds(link.seeds);
    const changed = kind !== this.kind || seeds !== this.seeds || JSON.stringify(variant) !== JSON.stringify($state.snapshot(this.variant));
    this.kind = kind;
    this.variant = kind === 'variant' ? variant : null;
    this.seeds = seeds;
    return { config: this.budgeted(config), changed };
  }

  /** `config` with a step budget when the experiment's runs must queue for workers (and a note saying so). */
  private budgeted(config: RunConfig): RunConfig {
    const planned = planRuns(planArms(config, this.kind, this.variant), this.seeds, config.totalSteps);
    const runs = planned.length;
    // A seed swarm's followers need no worker of their own.
    const workers = runs - swarmFollowers(planSwarms(planned, this.maxConcurrent)).size;
    if (!needsBudget(workers, this.maxConcurrent) || config.totalSteps !== null) return config;
    this.note = { key: 'compare.note.budget', params: { runs, workers: this.maxConcurrent, steps: DEFAULT_LAB_STEPS.toLocaleString('en') } };
    return { ...config, totalSteps: DEFAULT_LAB_STEPS };
  }

  /** Back to the page's run alone (it keeps running). */
  stop(): void {
    this.kind = null;
    this.variant = null;
    this.seeds = 1;
    this.note = null;
    this.teardown();
    const r = this.store.history.run(DEFAULT_RUN_ID);
    if (r) {
      r.group = undefined;
      this.store.setHidden(DEFAULT_RUN_ID, false);
      this.store.addRun(DEFAULT_RUN_ID, { label: DEFAULT_RUN_ID, colorIndex: 0 });
    }
  }

  /** Hide every run of an arm from the charts, or show them again if all are hidden (its legend chip). */
  toggleArm(label: string): void {
    const ids = this.planned.filter((p) => p.arm.label === label).map((p) => p.runId);
    const show = ids.every((id) => this.store.history.run(id)?.hidden !== false);
    for (const id of ids) this.store.setHidden(id, !show);
  }

  /** Lay out an experiment (`kind` null and one seed: none) and restart the page's run with it. */
  begin(kind: CompareKind | null, variant: Variant | null, seeds = this.seeds): void {
    this.kind = kind;
    this.variant = variant;
    this.seeds = seeds;
    this.note = null;
    const budgeted = this.budgeted(this.main.config);
    if (budgeted !== this.main.config) this.main.config = budgeted;
    if (!this.active) this.teardown();
    this.restart();
  }

  /** The page's run started afresh (reset, restart, new env…): lay out and (re)start the runs beside it. */
  private mainStarted(start: RunStart): void {
    if (start.keep) return;
    if (!this.active) {
      if (this.companions.size > 0 || this.planned.length > 0) this.teardown();
      return;
    }
    const config = $state.snapshot(start.config) as RunConfig;
    this.arms = planArms(config, this.kind, this.variant);
    if (this.kind === 'healthy' && this.arms.length === 1) this.note = { key: 'compare.note.noBug' };
    this.planned = planRuns(this.arms, this.seeds, config.totalSteps);
    this.swarms = planSwarms(this.planned, this.maxConcurrent);
    this.followers = swarmFollowers(this.swarms);
    for (const id of [...this.companions.keys()]) if (!this.planned.some((p) => p.runId === id)) this.dispose(id);
    const own = this.planned.find((p) => p.runId === DEFAULT_RUN_ID);
    if (own) this.runListeners.emit({ kind: 'main', label: own.arm.label, config });
    for (const p of this.planned) {
      const label = p.group === undefined ? p.arm.label : `${p.arm.label} · seed ${p.seed}`;
      this.store.addRun(p.runId, { label, colorIndex: p.arm.colorIndex, group: p.group });
      const r = this.store.history.run(p.runId);
      if (r && p.group === undefined) r.group = undefined;
    }
    this.queue = new RunQueue(
      this.planned.map((p) => p.runId).filter((id) => !this.followers.has(id)),
      this.maxConcurrent,
      [DEFAULT_RUN_ID],
    );
    const startNow = this.queue.fill();
    this.hold = null;
    if (this.main.session.playing && startNow.length > 0) {
      this.hold = new Set(startNow);
      this.selfPause();
      const hold = this.hold;
      // A run beside it that never starts (its worker failed) must not hold the page's run for ever.
      setTimeout(() => this.hold === hold && this.release(), HOLD_MAX_MS);
    }
    for (const p of this.planned) {
      if (p.runId === DEFAULT_RUN_ID) continue;
      if (startNow.includes(p.runId)) this.launch(p);
      else this.dispose(p.runId); // queued: its worker (if any) belongs to the previous start
    }
    this.syncSlots();
  }

  private selfPause(): void {
    this.selfControl = true;
    this.main.session.pause();
    this.selfControl = false;
  }

  /** Every held-for run has started: set them all off (the page's play is mirrored to the others). */
  private release(): void {
    this.hold = null;
    this.main.session.play();
  }

  /** A run beside the page's own answered its start. */
  private companionStarted(runId: string): void {
    const hold = this.hold;
    if (hold === null || !hold.delete(runId)) return;
    if (hold.size === 0) this.release();
  }

  /** Start (or restart, reusing its worker) the run of `p`. */
  private launch(p: PlannedRun): void {
    const existing = this.companions.get(p.runId);
    // Held: it starts paused and the release plays everything; otherwise it follows the page's run.
    const playing = this.hold === null && this.main.session.playing;
    const followers = this.swarms.get(p.runId) ?? [];
    if (existing) {
      existing.planned = p;
      existing.followers = followers;
      existing.run.reset();
      if (playing) existing.run.play();
      return;
    }
    const swarm = (): { extraSeeds: number[] } | undefined => (c.followers.length > 0 ? { extraSeeds: c.followers.map((f) => f.seed) } : undefined);
    const c: Companion = { planned: p, followers, run: new RunSession(() => c.planned.config, { playing, spawn: this.spawn, swarm }), offs: [] };
    const run = c.run;
    run.speed = this.main.session.speed;
    c.offs.push(
      run.onStart(({ init, config }) => {
        this.store.announce(init.metricKeys, c.planned.runId);
        this.runListeners.emit({ kind: 'start', runId: c.planned.runId, label: c.planned.arm.label, config });
        for (const f of c.followers) {
          this.store.announce(init.metricKeys, f.runId);
          this.runListeners.emit({ kind: 'start', runId: f.runId, label: f.arm.label, config: { ...config, seed: f.seed } });
        }
        this.companionStarted(c.planned.runId);
      }),
      run.onBatch((batch) => {
        this.runListeners.emit({ kind: 'batch', runId: c.planned.runId, batch });
        c.followers.forEach((f, i) => {
          const own = followerBatch(batch, i);
          if (own) this.runListeners.emit({ kind: 'batch', runId: f.runId, batch: own });
        });
      }),
      // Fed when its counters update, like the page's own run: one redraw for several flushes.
      run.onBatches((batches) => {
        for (const b of batches) {
          this.store.ingest(b, c.planned.runId);
          c.followers.forEach((f, i) => {
            const own = followerBatch(b, i);
            if (own) this.store.ingest(own, f.runId);
          });
        }
        if (batches.some((b) => b.status.done)) this.finished(c.planned.runId);
      }),
    );
    this.companions.set(p.runId, c);
    run.connect();
    run.setRenderOn(false);
  }

  private dispose(runId: string): void {
    const c = this.companions.get(runId);
    if (!c) return;
    for (const off of c.offs) off();
    c.run.disconnect();
    this.companions.delete(runId);
    this.runListeners.emit({ kind: 'end', runId });
    for (const f of c.followers) this.runListeners.emit({ kind: 'end', runId: f.runId });
  }

  /** Remove every run beside the page's own, from the workers and the charts. */
  private teardown(): void {
    for (const id of [...this.companions.keys()]) this.dispose(id);
    for (const p of this.planned) if (p.runId !== DEFAULT_RUN_ID) this.store.removeRun(p.runId);
    this.planned = [];
    this.swarms = new Map();
    this.followers = new Map();
    this.queue = null;
    this.arms = [];
    this.slots = [];
  }

  /** A run reached its budget: free its worker and start the next queued one. */
  private finished(runId: string): void {
    if (!this.queue || this.queue.state(runId) !== 'running') return;
    const next = this.queue.finish(runId);
    this.dispose(runId);
    for (const id of next) {
      const p = this.planned.find((x) => x.runId === id);
      if (p) this.launch(p);
    }
    this.syncSlots();
  }

  private syncSlots(): void {
    const q = this.queue;
    this.slots = q
      ? this.planned.map((p) => ({ runId: p.runId, label: p.arm.label, seed: p.seed, colorIndex: p.arm.colorIndex, slot: q.state(this.followers.get(p.runId) ?? p.runId) ?? 'queued' }))
      : [];
  }

  /** The page's play / pause / step / speed drive every run that has a worker. */
  private mirror(c: ControlCommand): void {
    if (this.selfControl) return;
    // The user took over (pause or step while the runs start): no automatic start when they are ready.
    if (c.kind === 'pause' || c.kind === 'step') this.hold = null;
    for (const { run } of this.companions.values()) {
      if (c.kind === 'play') run.play();
      else if (c.kind === 'pause') run.pause();
      else if (c.kind === 'step') run.step(c.n);
      else if (c.kind === 'speed') run.setSpeed(c.speed);
    }
  }

  /**
   * Runs beside the page's own that stopped on a fault (a non-finite metric, an agent error, a worker
   * that died), for the compare panel: the page's own run shows its faults itself; these would be silent.
   */
  faults(): { runId: string; label: string; seed: number; error: TrainerError; crashed: boolean }[] {
    const out: ReturnType<LabExperiment['faults']> = [];
    // `slots` is state and changes whenever companions come and go; each session's errors are state too.
    for (const slot of this.slots) {
      const run = this.companions.get(slot.runId)?.run;
      const error = run?.errors[run.errors.length - 1];
      if (run && error) out.push({ runId: slot.runId, label: slot.label, seed: slot.seed, error, crashed: run.crashed });
    }
    return out;
  }

  /** The metric-store run of the healthy twin (seed 1), when comparing with healthy. */
  healthyRunId(): string | undefined {
    return this.planned.find((p) => p.arm.id === 'other')?.runId;
  }

  /** Every run of the experiment reached its budget. */
  readonly allDone: boolean = $derived.by(() => {
    void this.store.version;
    return this.planned.length > 0 && this.planned.every((p) => this.store.history.run(p.runId)?.status?.done === true);
  });
}

function clampSeeds(n: number): number {
  return Math.max(1, Math.min(MAX_SEEDS, Math.floor(n) || 1));
}

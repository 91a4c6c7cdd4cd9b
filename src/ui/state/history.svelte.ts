// The run history as the page sees it: the stored runs (newest first), the recorder that writes the
// page's run as it trains, the current run's journal, what the charts show (the live run, or stored runs
// read-only, one or several overlaid as compare mode draws them), storage use, and the one message the
// panel shows (a failed write, a rejected import). Loaded after the page by history-link.ts.

import { stateContext } from './context.ts';
import type { RunConfig } from '../../config/run-config.ts';
import { openHistory, newRunId, storageUse, type HistoryStore, type StorageUse } from '../../history/store.ts';
import { RunRecorder, type RecorderOptions } from '../../history/recorder.ts';
import { journalMarkdown } from '../../history/journal.ts';
import { parseRunFile, runToFile } from '../../history/run-file.ts';
import { MAX_NOTE_LENGTH, type RunMeta, type RunNotes, type StoredRun } from '../../history/types.ts';
import { t } from '../i18n/i18n.svelte.ts';
import { runLabel } from '../i18n/chart-text.ts';
import type { RunStart } from './run-events.ts';
import type { LabRunEvent } from './lab-experiment.svelte.ts';
import type { TrainerBatch } from '../../workers/protocol.ts';
import { showStoredRuns, storedRunId } from './history-view.ts';
import type { MetricStore } from './metrics.svelte.ts';
import type { RunState } from './run.svelte.ts';

/** Share of the quota above which the panel warns and offers to delete old runs. */
export const NEAR_QUOTA = 0.9;

export type HistoryMessage = { tone: 'error' | 'info'; text: string };

/** What the history follows of the page's run and the bug lab's runs beside it (history-link.ts gathers them from the first start). */
export type HistoryEvent = { kind: 'start'; start: RunStart } | { kind: 'batch'; batch: TrainerBatch; runId: string } | { kind: 'lab'; event: LabRunEvent };

export class HistoryState {
  runs: RunMeta[] = $state([]);
  message: HistoryMessage | null = $state(null);
  usage: StorageUse | null = $state(null);
  /** A write failed for lack of space (until one succeeds again). */
  quotaHit = $state(false);
  /** Stored runs on the charts (read-only; the live run is hidden meanwhile). */
  viewing: string[] = $state([]);
  /** Runs ticked for an overlay. */
  selected: string[] = $state([]);
  /** The journal of the page's current run. */
  notes: RunNotes = $state({ expect: '', happened: '' });
  /** History id of the page's current run (stored with its first points). */
  currentId: string | null = $state(null);

  readonly nearQuota = $derived(this.quotaHit || (this.usage !== null && this.usage.usage / this.usage.quota > NEAR_QUOTA));

  private readonly recorder: RunRecorder;
  /** The bug lab's runs beside the page's own (healthy twin, variant, more seeds), each recorded as its own run, by lab run id. */
  private readonly labRecorders = new Map<string, RunRecorder>();
  private readonly recorderOptions: RecorderOptions;
  /** The session run id whose batches are recorded. */
  private sessionRunId: string | null = null;
  private lastApplied: RunConfig | null = null;
  /** Runs that were hidden before a stored-run view, to show again after. */
  private hiddenBefore = new Map<string, boolean>();
  /** The stored runs on the charts, and the page's start count when they were put there (see keepView). */
  private shown: StoredRun[] = [];
  private shownAtStart = 0;
  /** The live run was playing when a view paused it: it plays again on the way back. */
  private resumeAfterView = false;
  private notesTimer: ReturnType<typeof setTimeout> | null = null;
  private refreshing = false;

  constructor(
    readonly store: HistoryStore,
    readonly run: RunState,
    readonly metrics: MetricStore,
  ) {
    this.recorderOptions = {
      onError: (e, stopped) => {
        if (e.quota) this.quotaHit = true;
        this.say('error', t(stopped ? 'history.error.stopped' : e.quota ? 'history.error.quota' : 'history.error.write', { reason: e.message }));
        void this.refreshUsage();
      },
      onSaved: () => {
        if (this.quotaHit) {
          this.quotaHit = false;
          if (this.message?.tone === 'error') this.message = null;
        }
        void this.refresh();
      },
    };
    this.recorder = new RunRecorder(store, this.recorderOptions);
  }

  // ── Following the page's run ──

  handle(e: HistoryEvent): void {
    if (e.kind === 'lab') return this.handleLab(e.event);
    if (e.kind === 'start') {
      const { start } = e;
      // A fresh start clears the charts (stored runs included); a restart after a crash keeps them.
      // A view opened while this start was setting up (the page's first start, a second after the page
      // opened) was chosen after it: it stays, in front of the runs the start lays out.
      if (!start.keep && this.viewing.length > 0 && this.shownAtStart >= this.run.session.startCount) {
        // The runs it had hidden are gone with the cleared charts: the new ones are hidden instead.
        this.hiddenBefore.clear();
        this.keepView();
      } else if (!start.keep) {
        this.viewing = [];
        this.shown = [];
        this.hiddenBefore.clear();
        this.resumeAfterView = false;
      }
      if (this.run.session.watching) {
        void this.recorder.end();
        this.currentId = null;
        this.sessionRunId = null;
        return;
      }
      const id = newRunId();
      this.notes = { expect: '', happened: '' };
      this.recorder.begin(id, start.config, defaultName(start.config), $state.snapshot(this.notes));
      this.currentId = id;
      this.sessionRunId = start.runId;
      this.lastApplied = null;
      return;
    }
    if (e.runId !== this.sessionRunId) return;
    const applied = this.run.session.applied;
    if (applied && applied !== this.lastApplied) {
      this.lastApplied = applied;
      this.recorder.setConfig($state.snapshot(applied) as RunConfig);
    }
    this.recorder.add(e.batch);
  }

  /** A run of the bug lab's experiment: each one beside the page's own is a run of the history of its own. */
  private handleLab(e: LabRunEvent): void {
    // The runs an experiment lays out or starts while stored runs are on the charts stay behind them.
    if (e.kind !== 'batch' && this.viewing.length > 0) this.keepView();
    if (e.kind === 'main') {
      // The page's own run in an experiment: named by its arm ("broken: …", "A: as set up") before its first write.
      if (this.currentId !== null) this.recorder.setName(labName(e.label, e.config));
      return;
    }
    if (e.kind === 'batch') return this.labRecorders.get(e.runId)?.add(e.batch);
    // A restart of the same lab run (a new experiment start) is a new history run: the old one is written out.
    void this.labRecorders.get(e.runId)?.end();
    this.labRecorders.delete(e.runId);
    if (e.kind === 'end') return;
    const config = $state.snapshot(e.config) as RunConfig;
    const recorder = new RunRecorder(this.store, this.recorderOptions);
    recorder.begin(newRunId(), config, labName(e.label, config), { expect: '', happened: '' });
    this.labRecorders.set(e.runId, recorder);
  }

  /** Write what is pending now (the tab is going away). */
  async flush(): Promise<void> {
    await Promise.all([this.recorder.flush(), ...[...this.labRecorders.values()].map((r) => r.flush())]);
  }

  // ── The list ──

  async refresh(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      this.runs = await this.store.list();
      this.selected = this.selected.filter((id) => this.runs.some((r) => r.id === id));
    } catch (e) {
      this.say('error', t('history.error.read', { reason: String((e as Error)?.message ?? e) }));
    } finally {
      this.refreshing = false;
    }
    await this.refreshUsage();
  }

  async refreshUsage(): Promise<void> {
    this.usage = await storageUse();
  }

  async rename(id: string, name: string): Promise<void> {
    const clean = name.trim().slice(0, 200);
    if (clean === '') return;
    await this.userWrite(id, { name: clean });
  }

  async remove(id: string): Promise<void> {
    const model = this.runs.find((r) => r.id === id)?.model;
    try {
      await this.store.remove(id);
      // Its saved networks go too (tf.io's store, in the worker); a failure there leaves only unreachable bytes.
      if (model) await this.run.session.removeModel(model.key).catch(() => {});
      this.viewing = this.viewing.filter((v) => v !== id);
      this.metrics.removeRun(storedRunId(id));
      if (this.viewing.length === 0) this.closeView();
      await this.refresh();
    } catch (e) {
      this.say('error', t('history.error.write', { reason: String((e as Error)?.message ?? e) }));
    }
  }

  /** Free space: delete the `count` oldest runs (never the one training now). */
  async removeOldest(count: number): Promise<void> {
    const live = new Set([this.currentId, ...[...this.labRecorders.values()].map((r) => r.runId)]);
    const oldest = [...this.runs].filter((r) => !live.has(r.id)).sort((a, b) => a.createdAt - b.createdAt).slice(0, count);
    for (const r of oldest) await this.remove(r.id);
    this.say('info', t('history.deletedOld', { n: oldest.length }));
  }

  toggleSelected(id: string, on: boolean): void {
    this.selected = on ? [...new Set([...this.selected, id])] : this.selected.filter((x) => x !== id);
  }

  // ── Charts: stored runs, read-only ──

  /** Show stored runs on the charts (one: re-open it; several: overlaid). The live run pauses and hides. */
  async view(ids: readonly string[]): Promise<void> {
    const loaded = [];
    for (const id of ids) {
      const r = await this.store.load(id).catch(() => undefined);
      if (r) loaded.push(r);
    }
    if (loaded.length === 0) return this.say('error', t('history.error.missing'));
    for (const v of this.viewing) this.metrics.removeRun(storedRunId(v));
    if (this.viewing.length === 0) {
      this.resumeAfterView = this.run.session.playing;
      if (this.resumeAfterView) this.run.session.pause();
      this.hiddenBefore = new Map(this.metrics.history.allRuns.map((r) => [r.id, r.hidden]));
      for (const id of this.hiddenBefore.keys()) this.metrics.setHidden(id, true);
    }
    showStoredRuns(this.metrics, loaded, 0);
    this.viewing = loaded.map((r) => r.id);
    this.shown = loaded;
    this.shownAtStart = this.run.session.startCount;
    this.message = null;
  }

  /**
   * Keep the stored runs on the charts through a start of the live run (or the bug lab's runs beside it):
   * once the start's listeners have run (the app clears the charts and lays out the new runs, the bug lab
   * in a microtask of its own), the stored runs go back if they were cleared and every other run is hidden.
   */
  private keepView(): void {
    queueMicrotask(() => {
      const shown = this.shown.filter((r) => this.viewing.includes(r.id));
      if (shown.length === 0) return;
      if (shown.some((r) => this.metrics.history.run(storedRunId(r.id)) === undefined)) showStoredRuns(this.metrics, shown, 0);
      const stored = new Set(shown.map((r) => storedRunId(r.id)));
      for (const r of this.metrics.history.allRuns) {
        if (stored.has(r.id)) continue;
        if (!this.hiddenBefore.has(r.id)) this.hiddenBefore.set(r.id, r.hidden);
        this.metrics.setHidden(r.id, true);
      }
    });
  }

  /** Back to the live run on the charts (and to playing, if a view paused it and `resume`). */
  closeView(resume = true): void {
    for (const v of this.viewing) this.metrics.removeRun(storedRunId(v));
    for (const [id, hidden] of this.hiddenBefore) this.metrics.setHidden(id, hidden);
    this.hiddenBefore.clear();
    const play = resume && this.resumeAfterView && this.viewing.length > 0;
    this.viewing = [];
    this.shown = [];
    this.resumeAfterView = false;
    if (play) this.run.session.play();
  }

  // ── Files ──

  async exportRun(id: string): Promise<void> {
    const run = await this.store.load(id).catch(() => undefined);
    if (!run) return this.say('error', t('history.error.missing'));
    await saveFile(new Blob([runToFile(run)], { type: 'application/json' }), `${fileSafe(run.name)}.rlrun.json`);
  }

  /** Import a run file: on any problem the history is left as it was and the problem is shown. */
  async importText(text: string, fileName: string): Promise<string | null> {
    const parsed = parseRunFile(text);
    if (!parsed.ok) {
      this.say('error', t('history.error.import', { file: fileName, reason: parsed.error }));
      return null;
    }
    const run = { ...parsed.run, id: this.runs.some((r) => r.id === parsed.run.id) ? newRunId() : parsed.run.id };
    try {
      await this.store.add(run);
    } catch (e) {
      this.say('error', t('history.error.import', { file: fileName, reason: String((e as Error)?.message ?? e) }));
      return null;
    }
    await this.refresh();
    this.say('info', t('history.imported', { name: run.name }));
    return run.id;
  }

  exportJournal(): Promise<void> {
    return saveFile(new Blob([journalMarkdown(this.runs)], { type: 'text/markdown' }), 'lab-journal.md');
  }

  // ── Journal ──

  /** Edit the current run's journal: kept with the run (written a moment after typing stops). */
  setNote(part: keyof RunNotes, text: string): void {
    this.notes = { ...this.notes, [part]: text.slice(0, MAX_NOTE_LENGTH) };
    const notes = $state.snapshot(this.notes);
    this.recorder.setNotes(notes);
    if (this.notesTimer !== null) clearTimeout(this.notesTimer);
    const id = this.currentId;
    this.notesTimer = setTimeout(() => {
      this.notesTimer = null;
      if (id && this.recorder.stored) void this.userWrite(id, { notes });
    }, 500);
  }

  /** Edit a stored run's journal from its item. */
  async setRunNotes(id: string, notes: RunNotes): Promise<void> {
    if (id === this.currentId) {
      this.notes = notes;
      this.recorder.setNotes(notes);
    }
    await this.userWrite(id, { notes: { expect: notes.expect.slice(0, MAX_NOTE_LENGTH), happened: notes.happened.slice(0, MAX_NOTE_LENGTH) } });
  }

  /** Link a saved model to a run. */
  async setModel(id: string, model: RunMeta['model']): Promise<boolean> {
    return this.userWrite(id, { model });
  }

  say(tone: HistoryMessage['tone'], text: string): void {
    this.message = { tone, text };
  }

  private async userWrite(id: string, patch: Parameters<HistoryStore['update']>[1]): Promise<boolean> {
    try {
      const ok = await this.store.update(id, patch);
      await this.refresh();
      return ok;
    } catch (e) {
      this.say('error', t('history.error.write', { reason: String((e as Error)?.message ?? e) }));
      return false;
    }
  }
}

/** Download a file (the chart downloads' saveBlob, loaded on the first download). */
export async function saveFile(blob: Blob, name: string): Promise<void> {
  const { saveBlob } = await import('../charts/export-download.ts');
  saveBlob(blob, name);
}

/** A new run's name (agent, env, bugs, seed), in the UI's language at the time: a name, editable, not re-translated later. */
function defaultName(c: RunConfig): string {
  const bugs = c.bugs.length > 0 ? ` + ${c.bugs.join(', ')}` : '';
  return t('controls.run.seed', { label: `${c.agent.toUpperCase()} · ${c.env}${bugs}`, seed: c.seed });
}

/** A bug-lab run's name: its arm label, then the usual name (agent, env, bugs, seed). */
function labName(label: string, c: RunConfig): string {
  return `${runLabel(label)} · ${defaultName(c)}`;
}

function fileSafe(name: string): string {
  return name.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'run';
}

/** Open the database and start following the page's run (history-link.ts calls this). */
export async function createHistoryState(run: RunState, metrics: MetricStore, attach: (handler: (e: HistoryEvent) => void) => void): Promise<HistoryState> {
  const state = new HistoryState(await openHistory(), run, metrics);
  attach((e) => state.handle(e));
  // Play while stored runs are on the charts: back to the live run, which is what plays.
  run.session.onControl((c) => {
    if (c.kind === 'play' && state.viewing.length > 0) state.closeView(false);
  });
  // What is pending goes out when the tab is hidden or closed (pagehide also covers bfcache).
  addEventListener('pagehide', () => void state.flush());
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && void state.flush());
  await state.refresh();
  return state;
}

const context = stateContext<HistoryState>('history-state');
export const setHistoryState = context.set;
export const getHistoryState = context.get;

// The bug lab's state: the experiment it holds (LabExperiment: runs beside the page's own), the open
// bug card, and the guided lesson with its prediction and the chart that departed first from the
// healthy run. Shared through context (`setLabState` in App.svelte, `getLabState` in the lab panels).

import { stateContext } from './context.ts';
import type { Lesson } from '../../bugs/lessons.ts';
import { findBug } from '../../bugs/catalog.ts';
import { METRIC, splitKey } from '../../diagnostics/metric-keys.ts';
import { buildChartSpecs, type ChartSpec } from '../charts/chart-spec.ts';
import { DEFAULT_RUN_ID, type RunHistory } from '../charts/metric-history.ts';
import { firstDeparture, keyMatches, type KeyDeparture, type RunSeries } from '../lab/departure.ts';
import { judgePrediction, lessonConfig, lessonUnavailable, withBug, type Prediction, type Verdict } from '../lab/experiment.ts';
import { LabExperiment } from './lab-experiment.svelte.ts';
import type { MetricStore } from './metrics.svelte.ts';
import type { RunState } from './run.svelte.ts';
import type { SpawnTrainer } from './worker-link.ts';

/** predict: choose a chart and a direction; running: healthy and broken train side by side. */
export type LessonPhase = 'predict' | 'running';

/** The lesson catalogue (src/bugs/lessons.ts), loaded after the first paint (main-thread bundle budget). */
export type LessonCatalogue = typeof import('../../bugs/lessons.ts');

export class LabState {
  /** The runs beside the page's own (compare modes, seeds). */
  readonly experiment: LabExperiment;

  // ── Bug cards ──
  /** The bug whose lesson card is open. */
  openBug: string | null = $state(null);
  /** A phone-width page: the lab's panels start collapsed so the charts stay near the top. */
  readonly compact: boolean;
  /** The bugs panel is expanded (an alert's cause link opens it). */
  bugsOpen = $state(true);

  // ── Guided lesson ──
  /** The open lesson; until the catalogue has loaded, the one asked for (dropped then if unknown). */
  lessonId: string | null = $state(null);
  /** The lesson catalogue once loaded (`loadLessons`); null before. */
  lessons: LessonCatalogue | null = $state.raw(null);
  #lessonsLoading: Promise<LessonCatalogue> | null = null;
  prediction: Prediction | null = $state(null);
  lessonPhase: LessonPhase = $state('predict');

  constructor(
    readonly main: RunState,
    readonly store: MetricStore,
    opts: { lesson?: string | null; hardwareConcurrency?: number; spawn?: SpawnTrainer } = {},
  ) {
    this.experiment = new LabExperiment(main, store, opts);
    this.compact = globalThis.matchMedia?.('(max-width: 760px)').matches ?? false;
    this.bugsOpen = !this.compact || main.config.bugs.length > 0;
    if (opts.lesson) this.openLesson(opts.lesson);
  }

  // ── Bugs ──

  /** Switch a bug on or off in the set-up config; it applies when the run restarts (the bugs panel offers it). */
  setBug(id: string, on: boolean): void {
    this.main.config = withBug(this.main.config, id, on);
    if (on) this.openBug = id;
  }

  toggleCard(id: string): void {
    this.openBug = this.openBug === id ? null : id;
  }

  /** Open a bug's card from elsewhere (an alert's likely cause) and bring it into view. */
  showBug(id: string): void {
    this.bugsOpen = true;
    this.openBug = id;
    requestAnimationFrame(() => document.getElementById(`bug-card-${id}`)?.scrollIntoView({ block: 'nearest' }));
  }

  // ── Lessons ──

  get lesson(): Lesson | undefined {
    return this.lessonId && this.lessons ? this.lessons.findLesson(this.lessonId) : undefined;
  }

  /** Load the lesson catalogue (once); a lesson asked for before it loaded is dropped then if unknown. */
  loadLessons(): Promise<LessonCatalogue> {
    this.#lessonsLoading ??= import('../../bugs/lessons.ts').then((m) => {
      this.lessons = m;
      if (this.lessonId && !m.findLesson(this.lessonId)) this.lessonId = null;
      return m;
    });
    return this.#lessonsLoading;
  }

  openLesson(id: string | null): void {
    if (id === this.lessonId) return;
    this.lessonId = id && (this.lessons === null || this.lessons.findLesson(id)) ? id : null;
    this.prediction = null;
    this.lessonPhase = 'predict';
    if (this.lessonId === null) return;
    const opened = this.lessonId;
    // The page shows the lesson's set-up at once (its env, agent, preset and the settings its bugs need,
    // healthy) while the learner predicts; "Run healthy vs broken" then starts both runs from zero.
    const show = (m: LessonCatalogue): void => {
      const lesson = m.findLesson(opened);
      if (this.lessonId !== opened || !lesson || lessonUnavailable(lesson) !== null) return;
      this.main.load({ ...lessonConfig(lesson, this.main.config.backend), bugs: [] }, []);
    };
    if (this.lessons === null) void this.loadLessons().then(show);
    else show(this.lessons);
  }

  closeLesson(): void {
    this.openLesson(null);
  }

  predict(p: Prediction): void {
    this.prediction = p;
  }

  /** Train the lesson's broken config beside its healthy twin (same seed), from zero. */
  runLesson(): void {
    const lesson = this.lesson;
    if (!lesson || !this.prediction || lessonUnavailable(lesson) !== null) return;
    this.lessonPhase = 'running';
    this.main.config = lessonConfig(lesson, this.main.config.backend);
    this.experiment.begin('healthy', null, 1);
  }

  /** Back to the prediction step (same lesson). */
  retryLesson(): void {
    this.prediction = null;
    this.lessonPhase = 'predict';
  }

  // ── What the charts show ──

  /** Scalar chart specs for the keys on screen (to find which chart draws a key). */
  chartSpecs(): ChartSpec[] {
    void this.store.version;
    return buildChartSpecs(this.store.history.scalarKeys());
  }

  /** The chart (its data-metric id) that draws `key`, if any. */
  chartFor(key: string, specs: ChartSpec[] = this.chartSpecs()): string | undefined {
    const base = splitKey(key)?.base;
    const spec =
      specs.find((s) => s.id === key || s.keys.includes(key)) ??
      specs.find((s) => s.keys.some((k) => keyMatches(key, k))) ??
      (base ? specs.find((s) => s.id === base || s.keys.includes(base)) : undefined);
    return spec?.id;
  }

  /** Keys watched for the first departure: the lesson's, else the broken run's bugs'. */
  watchKeys(): string[] {
    const lesson = this.lessonPhase !== 'predict' ? this.lesson : undefined;
    if (lesson && this.lessons) return this.lessons.lessonWatchKeys(lesson);
    const keys: string[] = [];
    for (const id of this.experiment.arms[0]?.config.bugs ?? []) for (const w of findBug(id)?.watch ?? []) if (!keys.includes(w.key)) keys.push(w.key);
    return keys;
  }

  /** healthy vs broken, seed 1 of each: which watched key departed first (recomputed as data arrives). */
  readonly departure: { first: KeyDeparture | null; perKey: Map<string, KeyDeparture | null> } | null = $derived.by(() => {
    void this.store.version;
    const { kind, arms } = this.experiment;
    if (kind !== 'healthy' || arms.length < 2) return null;
    const broken = this.store.history.run(DEFAULT_RUN_ID);
    const healthy = this.store.history.run(this.experiment.healthyRunId() ?? '');
    if (!broken || !healthy) return null;
    return firstDeparture(this.watchKeys(), runSeries(healthy), runSeries(broken));
  });

  /** The chart to highlight: the one that departed first. */
  readonly firstChart: string | null = $derived.by(() => {
    const first = this.departure?.first;
    return first ? (this.chartFor(first.series) ?? this.chartFor(first.key) ?? null) : null;
  });

  /** The lesson's verdict once a chart departed (null before). */
  readonly verdict: Verdict | null = $derived.by(() => {
    const first = this.departure?.first;
    const lesson = this.lesson;
    if (!first || !lesson || !this.prediction || this.lessonPhase === 'predict') return null;
    const specs = this.chartSpecs();
    return judgePrediction(this.prediction, first, lesson.bugs, (a, b) => a === b || this.chartFor(a, specs) === this.chartFor(b, specs));
  });

  /** The lesson's answer is in: a chart departed, or every run used its budget without one. */
  readonly revealed: boolean = $derived.by(() => this.lessonPhase === 'running' && (this.verdict !== null || this.experiment.allDone));
}

/** A run's history as the departure rule reads it: the episode return / length from its episodes, other keys from its series. */
export function runSeries(run: RunHistory): RunSeries {
  return {
    alerts: run.alerts,
    seriesFor(key: string) {
      if (key === METRIC.episodicReturn || key === METRIC.episodicLength) {
        const field = key === METRIC.episodicReturn ? 'return' : 'length';
        return [{ key, view: { x: run.episodes.raw('step'), y: run.episodes.raw(field), length: run.episodes.length } }];
      }
      const out: { key: string; view: { x: Float64Array; y: Float64Array; length: number } }[] = [];
      for (const [k, s] of run.scalars) if (keyMatches(key, k)) out.push({ key: k, view: { x: s.raw('step'), y: s.raw('value'), length: s.length } });
      return out;
    },
  };
}

const context = stateContext<LabState>('lab-state');
export const setLabState = context.set;
export const getLabState = context.get;

// The registries' visible text in the UI's language: a bug card, a lesson, a chart title, an explainer.
// English lives in the registries (src/bugs, src/diagnostics, src/ui/explain); 简体中文 in their parallel
// tables, reached through the loaded zh pack. Calls read the locale, so templates redraw on a switch.

import type { Bug } from '../../bugs/catalog.ts';
import type { Lesson } from '../../bugs/lessons.ts';
import { PREDICTED_DIRECTIONS, type PredictedDirection } from '../../bugs/predicted-directions.ts';
import { metricInfo } from '../../diagnostics/metric-keys.ts';
import type { Explainable, ExplainWords } from '../explain/explain.ts';
import { activeZh, t, type MessageKey } from './i18n.svelte.ts';

export interface BugText {
  title: string;
  explanation: string;
  fix: string;
  watch: readonly string[];
  why: readonly string[];
}

export function bugText(bug: Bug): BugText {
  const zh = activeZh()?.bugs[bug.id as keyof NonNullable<ReturnType<typeof activeZh>>['bugs']];
  if (zh) return { title: zh.title, explanation: zh.explanation, fix: zh.fix, watch: zh.watch, why: zh.why ?? [] };
  return { title: bug.title, explanation: bug.explanation, fix: bug.fix, watch: bug.watch.map((w) => w.what), why: (bug.requires ?? []).map((r) => r.why) };
}

export function lessonText(lesson: Lesson): { title: string; question: string; takeaway: string; helpsFirst?: string } {
  return activeZh()?.lessons[lesson.id] ?? lesson;
}

export function directionLabel(id: PredictedDirection): string {
  return activeZh()?.directions[id] ?? PREDICTED_DIRECTIONS.find((d) => d.id === id)?.label ?? id;
}

/** A metric's chart title (`fallback` for keys outside the catalogue). */
export function metricTitle(key: string, fallback?: string): string {
  const info = metricInfo(key);
  return (info && activeZh()?.metrics[info.key]?.title) ?? fallback ?? info?.title ?? key;
}

export function metricDescription(key: string, fallback?: string): string {
  const info = metricInfo(key);
  return (info && activeZh()?.metrics[info.key]?.description) ?? fallback ?? info?.description ?? '';
}

export function referenceLabel(label: string): string {
  return activeZh()?.referenceLabels[label] ?? label;
}

/** Titles chart-spec.ts composes for charts that draw several keys. */
const COMPOSED_TITLES: Readonly<Record<string, MessageKey>> = {
  'Approx. KL (k3, k1 dashed)': 'learner.chart.klPair',
  'Predicted value vs observed return': 'learner.chart.valueVsReturn',
  'Time per phase (ms, stacked)': 'learner.chart.phaseStacked',
  'Policy change per update (KL, clip fraction)': 'learner.chart.policyChange',
};

/** A chart's title in the UI's language. */
export function chartTitle(spec: Pick<Explainable, 'id' | 'title'>): string {
  if (activeZh() === null) return spec.title;
  const composed = COMPOSED_TITLES[spec.title];
  if (composed) return t(composed);
  return spec.id.startsWith('histograms/') ? histogramTitle(spec.id, spec.title) : metricTitle(spec.id, spec.title);
}

/** A histogram's title (`histograms/weights/actor/0` → "权重 · actor/0") in the UI's language. */
export function histogramTitle(key: string, english: string): string {
  const titles = activeZh()?.histogramTitles as Readonly<Record<string, string>> | undefined;
  if (!titles) return english;
  for (const [base, zh] of Object.entries(titles)) {
    if (key === base) return zh;
    if (key.startsWith(base + '/')) return `${zh} · ${key.slice(base.length + 1)}`;
  }
  return english;
}

/** The explainers' words (explain.ts) in the UI's language: `english` itself unless the zh pack is active. */
export function explainWords(english: ExplainWords): ExplainWords {
  const zh = activeZh();
  if (zh === null) return english;
  return {
    explainers: zh.explainers,
    bug: (bug) => bugText(bug),
    title: (spec) => chartTitle(spec),
    description: (spec) => metricDescription(spec.id, zh.metrics[spec.id] ? undefined : spec.description),
  };
}

/** Why a bug or lesson is unavailable (bugUnavailable's English), in the UI's language. */
export function reasonText(reason: string): string {
  if (activeZh() === null) return reason;
  const agent = /^(\S+) does not implement this bug$/.exec(reason);
  if (agent) return t('learner.reason.agent', { agent: agent[1] });
  if (reason.startsWith('only for continuous')) return t('learner.reason.continuous');
  if (reason.startsWith('only for discrete')) return t('learner.reason.discrete');
  return reason;
}

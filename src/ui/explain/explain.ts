// A chart's explainer, assembled: the words of chart-explainers.ts for this env and agent, the metric
// keys it draws, and the catalogued bugs whose `watch` list names one of them. Pure.

import { BUGS, bugUnavailable, type Bug, type Direction } from '../../bugs/catalog.ts';
import { metricInfo } from '../../diagnostics/metric-keys.ts';
import type { ChartSpec } from '../charts/chart-spec.ts';
import { keyMatches } from '../lab/departure.ts';
import { CHART_EXPLAINERS, explainerFor, type ChartExplainer, type ExplainContext } from './chart-explainers.ts';

/** The text an explanation is written in: the explainer table and the bugs' titles and watch lines (English by default). */
export interface ExplainWords {
  explainers: Readonly<Record<string, ChartExplainer>>;
  bug(bug: Bug): { title: string; watch: readonly string[] };
  title(spec: Explainable): string;
  description(spec: Explainable): string;
}

export const ENGLISH: ExplainWords = {
  explainers: CHART_EXPLAINERS,
  bug: (bug) => ({ title: bug.title, watch: bug.watch.map((w) => w.what) }),
  title: (spec) => spec.title,
  description: (spec) => spec.description ?? metricInfo(spec.id)?.description ?? '',
};

export interface BugLink {
  id: string;
  title: string;
  direction: Direction;
  /** What the learner should see on this chart. */
  what: string;
  /** Why the bug cannot be switched on for the agent and env on screen (another agent, continuous envs only…); null: it can. */
  unavailable: string | null;
}

export interface Explanation {
  title: string;
  /** The line under the title: what healthy looks like here. */
  subtitle: string;
  measures: string;
  formula?: { math: string; words: string };
  healthy: string;
  keys: readonly string[];
  bugs: BugLink[];
}

/** What an explainer needs of a chart (a line chart's spec, or a histogram's). */
export type Explainable = Pick<ChartSpec, 'id' | 'title' | 'description' | 'keys'>;

/** Does `watched` (a bug's watch key) name one of the keys this chart draws? */
function drawsKey(spec: Explainable, watched: string): boolean {
  return watched === spec.id || spec.keys.some((k) => keyMatches(watched, k));
}

/** Bugs whose watch list names a key of the chart, those available here first (catalogue order within each). */
export function bugsMoving(spec: Explainable, agent: string, continuous: boolean, bugs: readonly Bug[] = BUGS, words: ExplainWords = ENGLISH): BugLink[] {
  const out: BugLink[] = [];
  for (const bug of bugs) {
    const i = bug.watch.findIndex((x) => drawsKey(spec, x.key));
    if (i < 0) continue;
    const text = words.bug(bug);
    out.push({ id: bug.id, title: text.title, direction: bug.watch[i].direction, what: text.watch[i], unavailable: bugUnavailable(bug, agent, continuous) });
  }
  return [...out.filter((b) => b.unavailable === null), ...out.filter((b) => b.unavailable !== null)];
}

/** The line under a chart's title: the explainer's healthy line, else the catalogue's definition. */
export function chartSubtitle(spec: Explainable, ctx: ExplainContext, words: ExplainWords = ENGLISH): string {
  return explainerFor(spec.id, words.explainers)?.healthy(ctx) ?? words.description(spec);
}

export function explain(spec: Explainable, ctx: ExplainContext, words: ExplainWords = ENGLISH): Explanation {
  const e = explainerFor(spec.id, words.explainers);
  const subtitle = chartSubtitle(spec, ctx, words);
  return {
    title: words.title(spec),
    subtitle,
    measures: e?.measures ?? words.description(spec),
    formula: e?.formula,
    healthy: e ? [e.healthy(ctx), e.detail?.(ctx)].filter(Boolean).join(' ') : subtitle,
    keys: spec.keys,
    bugs: bugsMoving(spec, ctx.agent, ctx.continuous, BUGS, words),
  };
}

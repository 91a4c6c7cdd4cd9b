// What the charts say beyond their data, for the env and run on screen: the healthy line under each
// title, why an empty chart is empty and about when it fills, and which chart's explainer is open.
// Shared through context by Dashboard (`setChartGuide`), read by each Chart and the explainer dialog.
// The explainers' text loads as its own chunk right after the page (it would weigh on the first load).

import { stateContext } from './context.ts';
import { envSpec } from '../../envs/registry.ts';
import type { ChartSpec, EnvFacts } from '../charts/chart-spec.ts';
import type { ExplainContext } from '../explain/chart-explainers.ts';
import type { Explainable, Explanation } from '../explain/explain.ts';
import { waitFacts, waitingReason, type WaitFacts } from '../explain/waiting.ts';
import { explainWords } from '../i18n/content.ts';
import type { RunState } from './run.svelte.ts';
import { later } from './later.ts';

export class ChartGuide {
  /** The chart whose explainer is open. */
  open: Explainable | null = $state(null);
  /** The explainers (explain.ts and its text), once loaded. */
  private words: typeof import('../explain/explain.ts') | null = $state.raw(null);

  constructor(
    private readonly run: RunState,
    private readonly env: () => EnvFacts,
  ) {
    // Started in a task of its own, not in the one that mounts the page (state/later.ts).
    later(() => import('../explain/explain.ts')).then((m) => (this.words = m)).catch(() => {});
  }

  /** The env and agent the words are written against: what runs (or, before the first start, what is set up). */
  readonly context: ExplainContext = $derived.by(() => {
    const config = this.run.session.applied ?? this.run.config;
    const spec = envSpec(config.env);
    const facts = this.env();
    return { env: config.env, agent: config.agent, numActions: facts.numActions, rewardThreshold: facts.rewardThreshold, maxEpisodeSteps: spec.maxEpisodeSteps, continuous: spec.continuous };
  });

  private readonly facts: WaitFacts = $derived.by(() => {
    const { session } = this.run;
    const status = session.status;
    const phase = session.initializing ? 'setup' : session.playing ? 'running' : 'paused';
    return waitFacts(session.applied ?? this.run.config, { envSteps: status?.envSteps ?? 0, wallS: status?.wallS ?? 0, phase });
  });

  /** The line under a chart's title (empty for the moment the explainers take to load). */
  subtitle(spec: Explainable): string {
    return this.words?.chartSubtitle(spec, this.context, explainWords(this.words.ENGLISH)) ?? '';
  }

  waiting(spec: ChartSpec): string {
    return waitingReason(spec, this.facts);
  }

  explanation(spec: Explainable): Explanation | null {
    return this.words?.explain(spec, this.context, explainWords(this.words.ENGLISH)) ?? null;
  }

  about(spec: Explainable): void {
    this.open = spec;
  }
}

const context = stateContext<ChartGuide | undefined>('chart-guide');
export const getChartGuide = context.get;

export function setChartGuide(guide: ChartGuide): ChartGuide {
  context.set(guide);
  return guide;
}

// The Essentials view: the few charts a learner reads first (UI.md, "Learner first"), picked from
// the dashboard's chart specs, with stand-ins for agents that lack one. Everything else is in All diagnostics.

import { AGENT_METRIC, METRIC } from '../../diagnostics/metric-keys.ts';
import type { ChartSpec } from './chart-spec.ts';

/** The charts a learner reads first (UI.md, "Learner first"), in order; the rest are in All diagnostics. */
export const ESSENTIALS: readonly string[] = [METRIC.episodicReturn, METRIC.entropy, METRIC.approxKl, METRIC.valueMean, METRIC.explainedVariance, METRIC.gradNorm];
/** Stand-ins, in order, for essentials an agent does not report (DQN has no KL or critic, the random agent learns nothing). */
const ESSENTIAL_STANDINS: readonly string[] = [METRIC.qValues, METRIC.tdLoss, AGENT_METRIC.policyStd, AGENT_METRIC.epsilon, METRIC.episodicLength, METRIC.solveRate, METRIC.learningRate];
export const ESSENTIAL_COUNT = 6;

/** Approx. KL with the clip fraction dashed beside it: both say how far one update moved the policy. */
function policyChange(kl: ChartSpec): ChartSpec {
  return {
    ...kl,
    title: 'Policy change per update (KL, clip fraction)',
    keys: [METRIC.approxKl, METRIC.clipfrac],
    layers: [
      { kind: 'line', key: METRIC.approxKl, label: 'approx. KL' },
      { kind: 'line', key: METRIC.clipfrac, label: 'clip fraction', dashed: true },
    ],
    logY: false,
    yFromZero: true,
  };
}

/** The Essentials view: up to ESSENTIAL_COUNT of `specs` (buildChartSpecs' output), essentials first, then stand-ins. */
export function essentialCharts(specs: readonly ChartSpec[]): ChartSpec[] {
  const byId = new Map(specs.map((s) => [s.id, s]));
  const out: ChartSpec[] = [];
  for (const id of [...ESSENTIALS, ...ESSENTIAL_STANDINS]) {
    const s = byId.get(id);
    if (!s || out.length >= ESSENTIAL_COUNT) continue;
    if (id === METRIC.approxKl && byId.has(METRIC.clipfrac)) out.push(policyChange(s));
    else if (id === METRIC.gradNorm && s.keys.includes(METRIC.gradNorm)) out.push(globalOnly(s));
    else out.push(s);
  }
  return out;
}

/** The gradient norm over all weights only: per-layer lines are for All diagnostics. */
function globalOnly(s: ChartSpec): ChartSpec {
  return { ...s, keys: [s.id], layers: [{ kind: 'line', key: s.id, label: s.title }] };
}

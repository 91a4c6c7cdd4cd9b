// The bug lab's experiments as plain data: which configurations run side by side (arms), which
// runs that makes with several seeds, how a lesson becomes a run config, and how a prediction is
// judged against what the charts showed. Pure: the lab state drives the workers from these.

import { BUGS, bugUnavailable, bugsForAgent, bugsOf, findBug, unmetRequirements, type Bug, type Direction } from '../../bugs/catalog.ts';
import type { Lesson, PredictedDirection } from '../../bugs/lessons.ts';
import { resolveConfig, validateRunConfig } from '../../config/resolve.ts';
import type { AgentId, HyperValue, RunConfig } from '../../config/run-config.ts';
import { HEALTH_CHECKS } from '../../diagnostics/health-checks.ts';
import { metricsForAgent, splitKey } from '../../diagnostics/metric-keys.ts';
import { DEFAULT_RUN_ID } from '../charts/metric-history.ts';
import type { KeyDeparture } from './departure.ts';
import { seedList } from './run-queue.ts';
import type { CompareKind } from '../../config/view-options.ts';

export type { CompareKind } from '../../config/view-options.ts';

export interface Variant {
  key: string;
  value: HyperValue;
}

/** Palette slots (src/ui/charts/palette.ts): healthy blue, broken vermillion, a variant orange. */
export const COLOR = { healthy: 0, broken: 1, variant: 2 } as const;

export interface Arm {
  /** 'main' is the page's own run (its config is what the pickers show); 'other' the one beside it. */
  id: 'main' | 'other';
  label: string;
  colorIndex: number;
  config: RunConfig;
}

/** The configurations of an experiment; the first is always the page's own config. */
export function planArms(config: RunConfig, kind: CompareKind | null, variant: Variant | null = null): Arm[] {
  if (kind === 'healthy' && config.bugs.length > 0) {
    return [
      { id: 'main', label: `broken: ${config.bugs.join(', ')}`, colorIndex: COLOR.broken, config },
      { id: 'other', label: 'healthy', colorIndex: COLOR.healthy, config: { ...config, bugs: [] } },
    ];
  }
  if (kind === 'variant' && variant !== null) {
    return [
      { id: 'main', label: 'A: as set up', colorIndex: COLOR.healthy, config },
      { id: 'other', label: `B: ${variant.key} = ${String(variant.value)}`, colorIndex: COLOR.variant, config: { ...config, overrides: { ...config.overrides, [variant.key]: variant.value } } },
    ];
  }
  const bugged = config.bugs.length > 0;
  return [{ id: 'main', label: bugged ? `broken: ${config.bugs.join(', ')}` : 'this config', colorIndex: bugged ? COLOR.broken : COLOR.healthy, config }];
}

export interface PlannedRun {
  /** Metric-store run id; the page's own run keeps DEFAULT_RUN_ID. */
  runId: string;
  arm: Arm;
  seed: number;
  /** Seed group (the arm's label) when there are several seeds. */
  group: string | undefined;
  config: RunConfig;
}

/** Every run of the experiment, interleaved by seed (arm A seed 1, arm B seed 1, A seed 2, …) so arms progress together. */
export function planRuns(arms: readonly Arm[], seeds: number, totalSteps: number | null): PlannedRun[] {
  const out: PlannedRun[] = [];
  const list = seedList(arms[0]?.config.seed ?? 1, seeds);
  list.forEach((seed, s) => {
    for (const arm of arms) {
      const main = arm.id === 'main' && s === 0;
      out.push({
        runId: main ? DEFAULT_RUN_ID : `lab-${arm.id}-${s}`,
        arm,
        seed,
        group: list.length > 1 ? arm.label : undefined,
        config: { ...arm.config, seed, totalSteps: totalSteps ?? arm.config.totalSteps },
      });
    }
  });
  return out;
}

// ── Bugs of an agent ──

export interface BugEntry {
  bug: Bug;
  /** Why it cannot be switched on here (e.g. a continuous-only bug on CartPole), or null. */
  unavailable: string | null;
}

/** The catalogue's bugs of an agent, the ones this env can run first (catalogue order within each). */
export function bugEntries(agent: AgentId, continuous: boolean): BugEntry[] {
  const entries = bugsForAgent(agent).map((bug) => ({ bug, unavailable: bugUnavailable(bug, agent, continuous) }));
  return [...entries.filter((e) => e.unavailable === null), ...entries.filter((e) => e.unavailable !== null)];
}

/** The config with `bug` switched on or off (bugs kept in catalogue order, so URLs are stable). */
export function withBug(config: RunConfig, bug: string, on: boolean): RunConfig {
  const set = new Set(config.bugs);
  if (on) set.add(bug);
  else set.delete(bug);
  const bugs = BUGS.map((b) => b.id).filter((id) => set.has(id));
  // A bug that needs a setting (frame skip, a normaliser to remove) brings it along, as an override the healthy twin keeps.
  const found = on ? findBug(bug) : undefined;
  const values = found ? currentValues(config) : undefined;
  const unmet = found && values ? unmetRequirements(found, values) : [];
  if (unmet.length === 0) return { ...config, bugs };
  return { ...config, bugs, overrides: { ...config.overrides, ...Object.fromEntries(unmet.map((r) => [r.field, r.set])) } };
}

/** The agent config as resolved (preset and overrides) without its bugs; undefined when it does not resolve. */
function currentValues(config: RunConfig): Record<string, unknown> | undefined {
  try {
    return resolveConfig({ ...config, bugs: [] }) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

// ── Lessons ──

/** Does the agent report this key? Catalogue keys (per-layer parts by their base), or a key a bug of the agent watches. */
export function agentReports(agent: AgentId, key: string): boolean {
  const base = splitKey(key)?.base ?? key;
  if (metricsForAgent(agent).some((m) => m.key === base)) return true;
  return agent !== 'random' && bugsForAgent(agent).some((b) => b.watch.some((w) => w.key === key));
}

/** The run config a lesson trains (the broken arm; the healthy one drops the bugs). */
export function lessonConfig(lesson: Lesson, backend: RunConfig['backend'] = 'auto'): RunConfig {
  const base: RunConfig = {
    env: lesson.env,
    agent: lesson.agent,
    preset: lesson.preset,
    seed: 1,
    backend,
    overrides: { ...(lesson.overrides ?? {}) },
    bugs: [],
    totalSteps: lesson.steps,
  };
  // Each bug brings the settings it needs, for the healthy twin too (see withBug).
  return lesson.bugs.reduce((c, id) => withBug(c, id, true), base);
}

/** Why the lesson cannot run in this build (a bug not implemented yet: "coming"), or null. */
export function lessonUnavailable(lesson: Lesson): string | null {
  const implemented = bugsOf(lesson.agent);
  const missing = lesson.bugs.filter((b) => !implemented.includes(b));
  if (missing.length > 0) return `coming: ${missing.join(', ')} is not implemented for ${lesson.agent.toUpperCase()} yet`;
  const problems = validateRunConfig(lessonConfig(lesson));
  return problems.length > 0 ? problems.join('; ') : null;
}

/** The plain direction a catalogue direction predicts; null when either way is right (out of range). */
export function plainDirection(d: Direction | undefined): PredictedDirection | null {
  switch (d) {
    case 'up':
    case 'spikes':
    case 'rises_linearly':
      return 'up';
    case 'down':
    case 'lags':
    case 'stalls':
      return 'down';
    case 'oscillates':
      return 'swings';
    default:
      return null;
  }
}

/** The catalogue's expected direction of `key` under the lesson's bugs. */
export function expectedDirection(bugs: readonly string[], key: string): Direction | undefined {
  for (const id of bugs) {
    const w = findBug(id)?.watch.find((x) => x.key === key);
    if (w) return w.direction;
  }
  return undefined;
}

export interface Prediction {
  key: string;
  direction: PredictedDirection;
}

export interface Verdict {
  /** The predicted chart is the one that moved first. */
  chartRight: boolean;
  /** The predicted direction matches what the first chart did (or, when the data does not say, what the catalogue expects). */
  directionRight: boolean;
  /** What the first chart did. */
  observed: 'up' | 'down' | null;
}

/**
 * Judge a prediction against the first departure. Charts are compared with `sameChart` (two keys
 * drawn on one chart, such as value_mean and return_mean, count as the same chart). A "swings"
 * prediction is right when the catalogue expects the key to oscillate.
 */
export function judgePrediction(prediction: Prediction, first: KeyDeparture, bugs: readonly string[], sameChart: (a: string, b: string) => boolean = (a, b) => a === b): Verdict {
  const chartRight = sameChart(prediction.key, first.key);
  const expected = expectedDirection(bugs, first.key);
  const observed = first.direction;
  const directionRight =
    prediction.direction === observed ||
    (prediction.direction === 'swings' && expected === 'oscillates') ||
    (observed === null && plainDirection(expected) === prediction.direction);
  return { chartRight, directionRight: chartRight && directionRight, observed };
}

// ── Alerts ──

/** Title and likely causes (bug ids, most likely first) of a health check id from TrainerBatch.alerts. */
export function alertInfo(checkId: string): { title: string; causes: readonly string[] } {
  const c = HEALTH_CHECKS.find((h) => h.id === checkId);
  return c ? { title: c.title, causes: c.causes } : { title: checkId.replace(/_/g, ' '), causes: [] };
}

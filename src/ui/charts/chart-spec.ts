// Which charts the dashboard shows for the keys a run produced, and what each draws.
// Composite charts (episode return with its references, KL k3 with k1, value vs return,
// ranges like Q min/mean/max, per-layer lines, stacked phase times) consume several keys.

import {
  HISTOGRAM,
  METRIC,
  METRIC_CATALOGUE,
  METRIC_GROUPS,
  PHASES,
  maxDiscreteEntropy,
  metricInfo,
  splitKey,
  type MetricGroup,
  type MetricReference,
} from '../../diagnostics/metric-keys.ts';

export type GroupName = MetricGroup | 'Other';
export const GROUP_ORDER: readonly GroupName[] = [...METRIC_GROUPS, 'Other'];

export type LayerSpec =
  /** One series; `dashed` tells it apart from the chart's main series in the same run colour. */
  | { kind: 'line'; key: string; label: string; dashed?: boolean }
  /** Per-layer lines of one base key, coloured from the palette when only one run is shown. */
  | { kind: 'parts'; keys: string[]; labels: string[] }
  /** A band between two series, with an optional middle line (Q min/mean/max, advantage extremes). */
  | { kind: 'range'; lo: string; hi: string; mid?: string; label: string }
  /** Episodes in windows: mean line, ±std band, min/max whiskers, faint raw points. */
  | { kind: 'episodes'; field: 'return' | 'length' | 'solved' }
  /** Stacked areas (per-phase milliseconds). */
  | { kind: 'stack'; keys: string[]; labels: string[] };

/** The scalar keys a layer draws, in reading order (a band: lo, mid, hi); none for episodes. */
export function layerKeys(layer: LayerSpec): string[] {
  switch (layer.kind) {
    case 'line':
      return [layer.key];
    case 'parts':
    case 'stack':
      return layer.keys;
    case 'range':
      return [layer.lo, ...(layer.mid ? [layer.mid] : []), layer.hi];
    case 'episodes':
      return [];
  }
}

export type RefSpec =
  | { kind: 'line'; value: number; label: string }
  | { kind: 'band'; low: number; high: number; label: string }
  /** The latest value of a series, per run (random-policy baseline). */
  | { kind: 'latest'; key: string; label: string };

export interface ChartSpec {
  /** Primary metric key: the chart's `data-metric` and identity. */
  id: string;
  title: string;
  description: string;
  /** Every key the chart draws (shown small and grey under the title). */
  keys: string[];
  group: GroupName;
  layers: LayerSpec[];
  refs: RefSpec[];
  /** Offer a log-y toggle. */
  logY: boolean;
  /** Zero matters: the y domain includes it. */
  yFromZero: boolean;
}

/** Env facts that resolve env-dependent reference lines. */
export interface EnvFacts {
  /** EnvSpec.rewardThreshold: the "solved" line on the return chart. */
  rewardThreshold?: number;
  /** Discrete action count N: the ln N entropy ceiling. */
  numActions?: number;
}

export interface HistogramSpec {
  key: string;
  title: string;
  group: GroupName;
}

/** Progress counters are the x axes themselves; a chart of them says nothing the axis switch does not. */
const HIDDEN = new Set<string>([METRIC.envSteps, METRIC.wallS]);

function resolveRef(ref: MetricReference | undefined, env: EnvFacts): RefSpec[] {
  if (!ref) return [];
  switch (ref.kind) {
    case 'line':
      return [{ kind: 'line', value: ref.value, label: ref.label }];
    case 'band':
      return [{ kind: 'band', low: ref.low, high: ref.high, label: ref.label }];
    case 'max_entropy':
      return env.numActions !== undefined && env.numActions > 1
        ? [{ kind: 'line', value: maxDiscreteEntropy(env.numActions), label: `ln ${env.numActions} (uniform policy)` }]
        : [];
    case 'reward_threshold':
      return env.rewardThreshold !== undefined && Number.isFinite(env.rewardThreshold)
        ? [{ kind: 'line', value: env.rewardThreshold, label: ref.label }]
        : [];
    case 'random_baseline':
      return [{ kind: 'latest', key: METRIC.randomBaseline, label: ref.label }];
  }
}

/** UI.md: y axes include zero for losses, entropy and fractions; the catalogue marks most, entropy added here. */
const ZERO_MATTERS = new Set<string>([METRIC.entropy]);

function single(key: string, env: EnvFacts): ChartSpec {
  const info = metricInfo(key);
  const label = info?.title ?? key;
  return {
    id: key,
    title: label,
    description: info?.description ?? '',
    keys: [key],
    group: info?.group ?? 'Other',
    layers: [{ kind: 'line', key, label }],
    refs: resolveRef(info?.reference, env),
    logY: info?.logY ?? false,
    yFromZero: (info?.yFromZero ?? false) || ZERO_MATTERS.has(key),
  };
}

function withTitle(spec: ChartSpec, title: string, description?: string): ChartSpec {
  return { ...spec, title, description: description ?? spec.description };
}

/**
 * The scalar charts to show for the available keys, in group order then catalogue order.
 * `available`: keys produced or announced by any run on screen.
 */
export function buildChartSpecs(available: Iterable<string>, env: EnvFacts = {}): ChartSpec[] {
  const keys = new Set(available);
  const used = new Set<string>(HIDDEN);
  const specs: ChartSpec[] = [];
  const has = (k: string): boolean => keys.has(k);
  const take = (...ks: string[]): string[] => {
    const present = ks.filter(has);
    for (const k of present) used.add(k);
    return present;
  };

  // Episodes: the return chart carries the random-policy baseline and the solved line.
  if (has(METRIC.episodicReturn)) {
    take(METRIC.episodicReturn);
    const s = single(METRIC.episodicReturn, env);
    s.layers = [{ kind: 'episodes', field: 'return' }];
    s.refs = [...resolveRef({ kind: 'random_baseline', label: 'random policy' }, env), ...s.refs];
    s.keys = [METRIC.episodicReturn, ...(has(METRIC.randomBaseline) ? [METRIC.randomBaseline] : [])];
    specs.push(s);
  }
  used.add(METRIC.randomBaseline);
  if (has(METRIC.episodicLength)) {
    take(METRIC.episodicLength);
    const s = single(METRIC.episodicLength, env);
    s.layers = [{ kind: 'episodes', field: 'length' }];
    specs.push(s);
  }
  // Solve rate per episode window, from the same episodes (every env defines "solved").
  if (has(METRIC.episodicReturn)) {
    take(METRIC.solveRate);
    const s = single(METRIC.solveRate, env);
    s.keys = [METRIC.solveRate];
    s.layers = [{ kind: 'episodes', field: 'solved' }];
    s.yFromZero = true;
    specs.push(s);
  }
  used.add(METRIC.solveRate);

  // k3 KL with the k1 estimator dashed beside it.
  if (has(METRIC.approxKl) || has(METRIC.oldApproxKl)) {
    const ks = take(METRIC.approxKl, METRIC.oldApproxKl);
    const s = single(ks[0], env);
    s.title = ks.length === 2 ? 'Approx. KL (k3, k1 dashed)' : s.title;
    s.keys = ks;
    s.layers = ks.map((k, i) => ({ kind: 'line', key: k, label: metricInfo(k)?.title ?? k, dashed: i > 0 }));
    specs.push(s);
  }

  // Predicted value against the observed return: the two curves should converge.
  if (has(METRIC.valueMean) || has(METRIC.returnMean)) {
    const ks = take(METRIC.returnMean, METRIC.valueMean);
    const s = single(ks[0], env);
    if (ks.length === 2) {
      s.id = METRIC.valueMean;
      s.title = 'Predicted value vs observed return';
      s.description = 'Mean V(s) over the rollout (dashed) against the mean discounted return actually observed (solid); the two should converge.';
    }
    s.keys = ks;
    s.layers = ks.map((k, i) => ({ kind: 'line', key: k, label: metricInfo(k)?.title ?? k, dashed: i > 0 }));
    specs.push(s);
  }

  // Ranges: band between the batch extremes, mean line inside.
  const range = (lo: string, hi: string, mid: string | undefined, title: string, description: string): void => {
    if (!has(lo) && !has(hi) && !(mid && has(mid))) return;
    if (!(has(lo) && has(hi))) return; // a half range is drawn as plain lines below
    const ks = take(lo, hi, ...(mid ? [mid] : []));
    const primary = mid && has(mid) ? mid : lo;
    const s = withTitle(single(primary, env), title, description);
    s.keys = ks;
    s.layers = [{ kind: 'range', lo, hi, mid: mid && has(mid) ? mid : undefined, label: title }];
    specs.push(s);
  };
  range(METRIC.qValuesMin, METRIC.qValuesMax, METRIC.qValues, 'Q-values (min, mean, max)', 'Mean Q(s, a) over the sampled batch with its min–max band; bounded by [r_min, r_max]/(1 − γ).');
  range(METRIC.advantageMin, METRIC.advantageMax, METRIC.advantageMean, 'Advantages (min, mean, max)', 'Batch advantages before normalisation: mean line, min–max band. Impossible extremes show first here.');
  range(METRIC.valueTargetMin, METRIC.valueTargetMax, undefined, 'Value targets (min–max)', 'Extremes of the batch value targets: values outside the possible range mean stale or uninitialised data.');

  // Per-layer and per-phase series of one base key share a chart.
  const parts = new Map<string, string[]>();
  for (const k of keys) {
    const sk = splitKey(k);
    if (sk && sk.part !== null && !used.has(k)) {
      const list = parts.get(sk.base) ?? [];
      list.push(k);
      parts.set(sk.base, list);
    }
  }
  for (const [base, ks] of parts) {
    ks.sort(base === METRIC.phaseMs ? byPhase : naturalOrder);
    for (const k of ks) used.add(k);
    const info = metricInfo(base);
    const globalKey = has(base) ? [take(base)[0]] : [];
    const s = single(base, env);
    const allKeys = [...globalKey, ...ks];
    const labels = [...globalKey.map(() => 'global'), ...ks.map((k) => k.slice(base.length + 1))];
    s.keys = allKeys;
    s.layers = info?.split === 'phase' ? [{ kind: 'stack', keys: allKeys, labels }] : [{ kind: 'parts', keys: allKeys, labels }];
    if (info?.split === 'phase') s.title = 'Time per phase (ms, stacked)';
    specs.push(s);
  }

  for (const k of keys) if (!used.has(k)) specs.push(single(k, env));

  const catalogueIndex = (s: ChartSpec): number => {
    const i = CATALOGUE_ORDER.get(splitKey(s.id)?.base ?? s.id);
    return i === undefined ? Number.MAX_SAFE_INTEGER : i;
  };
  const groupIndex = (s: ChartSpec): number => GROUP_ORDER.indexOf(s.group);
  specs.sort((a, b) => groupIndex(a) - groupIndex(b) || catalogueIndex(a) - catalogueIndex(b) || naturalOrder(a.id, b.id));
  return specs;
}

/** Layer 10 after layer 9. One collator, built when first needed: localeCompare with options builds one per call. */
let collator: Intl.Collator | null = null;
function naturalOrder(a: string, b: string): number {
  return prepareChartOrder().compare(a, b);
}

/** The collator that orders chart ids; its first use sets up ICU (~10 ms), so the page builds it ahead of the first charts. */
export function prepareChartOrder(): Intl.Collator {
  collator ??= new Intl.Collator('en', { numeric: true });
  return collator;
}

const PHASE_ORDER: readonly string[] = PHASES;
function byPhase(a: string, b: string): number {
  const rank = (k: string): number => {
    const i = PHASE_ORDER.indexOf(k.slice(METRIC.phaseMs.length + 1));
    return i < 0 ? PHASE_ORDER.length : i;
  };
  return rank(a) - rank(b) || naturalOrder(a, b);
}

const CATALOGUE_ORDER = new Map(METRIC_CATALOGUE.map((m, i) => [m.key, i]));

const HISTOGRAM_TITLES: Record<string, [string, GroupName]> = {
  [HISTOGRAM.weights]: ['Weights', 'Network'],
  [HISTOGRAM.gradients]: ['Gradients', 'Network'],
  [HISTOGRAM.activations]: ['Activations', 'Network'],
  [HISTOGRAM.qValues]: ['Q-values', 'Value'],
  [HISTOGRAM.advantages]: ['Advantages', 'Value'],
  [HISTOGRAM.valueTargets]: ['Value targets', 'Value'],
  [HISTOGRAM.ratio]: ['Probability ratio', 'Policy'],
};

/** Title and group of a histogram key (`histograms/weights/actor/0` → "Weights · actor/0", Network). */
export function histogramSpec(key: string): HistogramSpec {
  for (const [base, [title, group]] of Object.entries(HISTOGRAM_TITLES)) {
    if (key === base) return { key, title, group };
    if (key.startsWith(base + '/')) return { key, title: `${title} · ${key.slice(base.length + 1)}`, group };
  }
  return { key, title: key.replace(/^histograms\//, ''), group: 'Other' };
}

export interface DashboardGroupSpec {
  name: GroupName;
  charts: ChartSpec[];
  histograms: HistogramSpec[];
}

/**
 * The dashboard layout: non-empty groups in order, each with its scalar charts then its histograms.
 * `only` (chart ids or any key a chart draws, histogram keys) restricts it, as an embed URL does.
 */
export function dashboardGroups(scalarKeys: Iterable<string>, histogramKeys: Iterable<string>, env: EnvFacts = {}, only: readonly string[] = []): DashboardGroupSpec[] {
  const want = new Set(only);
  const keep = (ids: string[]): boolean => want.size === 0 || ids.some((k) => want.has(k));
  const charts = buildChartSpecs(scalarKeys, env).filter((s) => keep([s.id, ...s.keys]));
  const hists = [...histogramKeys].map(histogramSpec).filter((h) => keep([h.key]));
  return GROUP_ORDER.map((name) => ({
    name,
    charts: charts.filter((c) => c.group === name),
    histograms: hists.filter((h) => h.group === name),
  })).filter((g) => g.charts.length > 0 || g.histograms.length > 0);
}


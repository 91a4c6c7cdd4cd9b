// A chart spec's visible words in the UI's language: its title, the labels of its series (legend,
// readout) and of its reference lines (drawn on the canvas). English specs pass through unchanged;
// with the zh pack active the words come from the metric and reference-label tables.

import type { ChartSpec, LayerSpec, RefSpec } from '../charts/chart-spec.ts';
import { PHASES, type Phase } from '../../diagnostics/metric-keys.ts';
import { chartTitle, metricTitle, referenceLabel } from './content.ts';
import { activeZh, t } from './i18n.svelte.ts';

export { histogramTitle } from './content.ts';

function refLabel(label: string): string {
  const ln = /^ln (\d+) \(uniform policy\)$/.exec(label);
  return ln ? t('controls.ref.lnUniform', { n: ln[1] }) : referenceLabel(label);
}

/** A per-layer or per-phase series' label: the whole network's ('global') and the phases are words; layer names stay as written. */
function partLabel(label: string): string {
  if (label === 'global') return t('learner.part.global');
  return (PHASES as readonly string[]).includes(label) ? t(`learner.phase.${label as Phase}`) : label;
}

function layer(l: LayerSpec): LayerSpec {
  if (l.kind === 'line') return { ...l, label: metricTitle(l.key, l.label) };
  if (l.kind === 'parts' || l.kind === 'stack') return { ...l, labels: l.labels.map(partLabel) };
  if (l.kind === 'range') return { ...l, label: metricTitle(l.mid ?? l.lo, l.label) };
  return l;
}

export function localizedSpec(spec: ChartSpec): ChartSpec {
  if (activeZh() === null) return spec;
  return { ...spec, title: chartTitle(spec), layers: spec.layers.map(layer), refs: spec.refs.map((r): RefSpec => ({ ...r, label: refLabel(r.label) })) };
}

/** The lab's run labels (src/ui/lab/experiment.ts, seed-spread.ts) as shown on chips and in the compare panel. */
const RUN_LABEL_PARTS: readonly [RegExp, (m: RegExpExecArray) => string][] = [
  [/^(.*) \(median of (\d+) seeds\)$/, (m) => t('controls.run.median', { label: runLabel(m[1]), n: m[2] })],
  [/^(.*) · seed (\d+)$/, (m) => t('controls.run.seed', { label: runLabel(m[1]), seed: m[2] })],
  [/^broken: (.*)$/, (m) => t('controls.run.broken', { bugs: m[1] })],
  [/^B: (.*)$/, (m) => t('controls.run.b', { change: m[1] })],
  [/^healthy$/, () => t('controls.run.healthy')],
  [/^this config$/, () => t('controls.run.this')],
  [/^A: as set up$/, () => t('controls.run.a')],
];

/** A run's label in the UI's language (English labels, which are also the runs' ids in the lab, pass through). */
export function runLabel(label: string): string {
  if (activeZh() === null) return label;
  for (const [re, tr] of RUN_LABEL_PARTS) {
    const m = re.exec(label);
    if (m) return tr(m);
  }
  return label;
}

/** A health check's title (the alerts panel) in the UI's language. */
export function alertTitle(checkId: string, english: string): string {
  return (activeZh()?.alertTitles as Readonly<Record<string, string>> | undefined)?.[checkId] ?? english;
}

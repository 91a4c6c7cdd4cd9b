// The sentence a screen reader gets for a chart: the latest value of each run.

import type { ChartSpec } from './chart-spec.ts';
import { formatCount, formatValue } from './format.ts';
import type { MetricHistory } from './metric-history.ts';
import { t } from '../i18n/i18n.svelte.ts';
import { runLabel } from '../i18n/chart-text.ts';

export function chartSummary(history: MetricHistory, spec: ChartSpec, episodeWindow: number): string {
  const parts: string[] = [];
  const multi = history.runs.length > 1;
  for (const run of history.runs) {
    const who = multi ? `${runLabel(run.label)}: ` : '';
    const layer = spec.layers[0];
    if (layer.kind === 'episodes') {
      const w = run.chartWindows(episodeWindow);
      const n = w.length;
      if (n === 0) continue;
      const i = n - 1;
      const f = layer.field;
      if (f === 'solved') {
        parts.push(t('summary.solved', { who, rate: formatValue(w.raw('solveRate')[i]), n: w.raw('count')[i], step: formatCount(w.raw('step')[i]) }));
        continue;
      }
      const mean = w.raw(f === 'return' ? 'returnMean' : 'lengthMean')[i];
      const min = w.raw(f === 'return' ? 'returnMin' : 'lengthMin')[i];
      const max = w.raw(f === 'return' ? 'returnMax' : 'lengthMax')[i];
      parts.push(t('summary.episodes', { who, mean: formatValue(mean), n: w.raw('count')[i], min: formatValue(min), max: formatValue(max), step: formatCount(w.raw('step')[i]) }));
      continue;
    }
    const values: string[] = [];
    let step = NaN;
    for (const key of spec.keys) {
      const s = run.scalars.get(key);
      if (!s || s.length === 0) continue;
      values.push(`${spec.keys.length > 1 ? key.split('/').slice(1).join('/') + ' ' : ''}${formatValue(s.raw('value')[s.length - 1])}`);
      step = Math.max(Number.isNaN(step) ? -Infinity : step, s.raw('step')[s.length - 1]);
    }
    if (values.length > 0) parts.push(t('summary.values', { who, values: values.join(', '), step: formatCount(step) }));
  }
  return t('summary.chart', { title: spec.title, parts: parts.length > 0 ? parts.join('; ') : t('summary.noData') });
}

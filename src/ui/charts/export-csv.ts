// A chart's data as CSV in TensorBoard's layout (`wall_time,step,value`, one row per point), so a
// download opens in pandas, a spreadsheet or any script written for TensorBoard's own CSV export.
// Raw points, not the smoothed or decimated line on screen. Pure: no DOM.
//
//   one series (one run, one key):   wall_time,step,value
//   several runs, one key:           wall_time,step,healthy,lr_too_high        (a column per run label)
//   one run, several keys:           wall_time,step,losses/approx_kl,losses/old_approx_kl
//   several runs and keys:           wall_time,step,healthy:losses/approx_kl,…  (run label, colon, key)
//
// Rows are merged on step: a row holds each column's next point at that step, so a lone series gives
// exactly one row per point and columns logged at the same steps share rows; a cell is empty where a
// column has no point at that step. wall_time is the seconds since the run started of the row's first
// value (TensorBoard writes Unix time; a browser run has no meaningful epoch to add).

import { METRIC } from '../../diagnostics/metric-keys.ts';
import { layerKeys, type ChartSpec } from './chart-spec.ts';
import type { MetricHistory, RunHistory } from './metric-history.ts';

/** One column of the CSV: a run's series of one key. */
export interface CsvSeries {
  run: string;
  key: string;
  step: ArrayLike<number>;
  wall: ArrayLike<number>;
  value: ArrayLike<number>;
  length: number;
}

const EPISODE_KEY: Record<'return' | 'length' | 'solved', string> = {
  return: METRIC.episodicReturn,
  length: METRIC.episodicLength,
  solved: METRIC.solveRate,
};

function episodeSeries(run: RunHistory, field: 'return' | 'length' | 'solved', key: string): CsvSeries {
  const step = run.episodes.col('step');
  const wall = new Float64Array(step.length);
  for (let i = 0; i < step.length; i++) wall[i] = run.xAt(step[i], 'wall');
  return { run: run.label, key, step, wall, value: run.episodes.col(field), length: step.length };
}

/** The series a chart draws, per visible run (reference lines such as the random baseline left out). */
export function chartSeries(history: MetricHistory, spec: ChartSpec): CsvSeries[] {
  const out: CsvSeries[] = [];
  for (const run of history.runs) {
    for (const layer of spec.layers) {
      if (layer.kind === 'episodes') {
        if (run.episodes.length > 0) out.push(episodeSeries(run, layer.field, EPISODE_KEY[layer.field]));
        continue;
      }
      for (const key of layerKeys(layer)) {
        const s = run.scalars.get(key);
        if (s && s.length > 0) out.push({ run: run.label, key, step: s.col('step'), wall: s.col('wall'), value: s.col('value'), length: s.length });
      }
    }
  }
  return out;
}

/** Column names: `value` alone, else the run label, the key, or both as `run:key`. */
export function columnNames(series: readonly CsvSeries[]): string[] {
  if (series.length === 1) return ['value'];
  const runs = new Set(series.map((s) => s.run)).size;
  const keys = new Set(series.map((s) => s.key)).size;
  const names = series.map((s) => (runs > 1 && keys > 1 ? `${s.run}:${s.key}` : runs > 1 ? s.run : keys > 1 ? s.key : s.run));
  // Two runs under one label would share a header: number the repeats.
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n} (${k})`;
  });
}

/** RFC 4180: quote a field holding a comma, a quote or a line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A number as pandas and Python's csv read it back: shortest round-trip form, `nan`, `inf`, `-inf`. */
export function csvNumber(v: number): string {
  if (v !== v) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return String(v);
}

/** The CSV text for these series (header plus one line per merged row, each ending in \n). */
export function seriesCsv(series: readonly CsvSeries[]): string {
  const lines = [['wall_time', 'step', ...columnNames(series)].map(csvField).join(',')];
  const at = series.map(() => 0);
  for (;;) {
    let step = Infinity;
    series.forEach((s, i) => {
      if (at[i] < s.length && s.step[at[i]] < step) step = s.step[at[i]];
    });
    if (step === Infinity) break;
    let wall = NaN;
    const cells = series.map((s, i) => {
      if (at[i] >= s.length || s.step[at[i]] !== step) return '';
      if (wall !== wall) wall = s.wall[at[i]];
      return csvNumber(s.value[at[i]++]);
    });
    lines.push([csvNumber(wall), csvNumber(step), ...cells].join(','));
  }
  return lines.join('\n') + '\n';
}

/** The chart's CSV: what "Download CSV" saves. */
export function chartCsv(history: MetricHistory, spec: ChartSpec): string {
  return seriesCsv(chartSeries(history, spec));
}

/** A file name for a chart's download: its metric key with the slashes made safe. */
export function chartFileName(spec: ChartSpec, extension: string): string {
  return `${spec.id.replace(/[^a-z0-9_.-]+/gi, '_')}.${extension}`;
}

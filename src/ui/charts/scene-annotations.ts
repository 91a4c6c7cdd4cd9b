// What a chart draws besides its data: reference lines resolved per run, alert markers, the legend.

import { METRIC, splitKey } from '../../diagnostics/metric-keys.ts';
import type { ChartSpec } from './chart-spec.ts';
import type { XAxis } from './columns.ts';
import type { MetricHistory } from './metric-history.ts';
import { PART_COLORS, SERIES_DASHES, runColor } from './palette.ts';
import type { LegendEntry, Marker, RefItem } from './scene-types.ts';

/** Fixed references plus each run's latest value of a reference series (duplicates dropped). */
export function resolveRefs(history: MetricHistory, spec: ChartSpec): RefItem[] {
  const out: RefItem[] = [];
  for (const r of spec.refs) {
    if (r.kind !== 'latest') {
      out.push(r);
      continue;
    }
    const seen = new Set<number>();
    for (const run of history.runs) {
      const v = run.scalars.get(r.key)?.lastFinite();
      if (v !== undefined && Number.isFinite(v) && !seen.has(v)) {
        seen.add(v);
        out.push({ kind: 'line', value: v, label: r.label });
      }
    }
  }
  return out;
}

/** Alerts about any key this chart draws (and every alert on the return chart, where they cost). */
export function markersFor(history: MetricHistory, spec: ChartSpec, axis: XAxis): Marker[] {
  const keys = new Set(spec.keys.flatMap((k) => [k, splitKey(k)?.base ?? k]));
  const all = spec.id === METRIC.episodicReturn;
  const out: Marker[] = [];
  for (const run of history.runs) {
    const color = runColor(run.colorIndex);
    for (const a of run.alerts) {
      if (all || keys.has(a.key) || keys.has(splitKey(a.key)?.base ?? a.key)) out.push({ x: run.xAt(a.step, axis), color, label: a.message });
    }
    for (const e of run.errors) {
      const nf = e.nonFinite;
      if (nf && (all || keys.has(nf.key))) out.push({ x: run.xAt(nf.step, axis), color, label: `non-finite ${nf.key}` });
    }
  }
  return out;
}

export function legendFor(spec: ChartSpec, runCount: number): LegendEntry[] {
  const out: LegendEntry[] = [];
  for (const layer of spec.layers) {
    if (layer.kind === 'line' && spec.layers.length > 1) {
      out.push({ label: layer.label, color: null, dash: layer.dashed ? SERIES_DASHES[1] : SERIES_DASHES[0] });
    } else if (layer.kind === 'parts' && layer.keys.length > 1) {
      layer.labels.forEach((label, i) =>
        out.push(
          runCount > 1
            ? { label, color: null, dash: SERIES_DASHES[i % SERIES_DASHES.length] }
            : { label, color: PART_COLORS[i % PART_COLORS.length], dash: SERIES_DASHES[0] },
        ),
      );
    } else if (layer.kind === 'stack') {
      layer.labels.forEach((label, i) =>
        out.push(
          runCount > 1
            ? { label, color: null, dash: SERIES_DASHES[i % SERIES_DASHES.length] }
            : { label, color: PART_COLORS[i % PART_COLORS.length], dash: [], fill: true },
        ),
      );
    }
  }
  return out;
}

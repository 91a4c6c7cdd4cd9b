// Legend chips hide a run from every chart (compare mode: either healthy or broken), keeping its data.
import { describe, expect, it } from 'vitest';
import { METRIC } from '../../../src/diagnostics/metric-keys.ts';
import { MetricHistory } from '../../../src/ui/charts/metric-history.ts';
import { SceneBuilder } from '../../../src/ui/charts/scene.ts';
import { buildChartSpecs } from '../../../src/ui/charts/chart-spec.ts';
import { scalarBatch } from '../charts/synthetic.ts';

describe('hidden runs', () => {
  it('leave the charts but keep their data, the layout and their colour', () => {
    const h = new MetricHistory();
    h.addRun('healthy', { label: 'healthy', colorIndex: 0 });
    h.addRun('broken', { label: 'broken', colorIndex: 1 });
    h.ingest(scalarBatch([METRIC.entropy], 0, 50, () => 0.6), 'healthy');
    h.ingest(scalarBatch([METRIC.entropy, METRIC.approxKl], 0, 50, () => 0.1), 'broken');
    const spec = buildChartSpecs(h.scalarKeys()).find((s) => s.id === METRIC.entropy)!;
    const view = { width: 300, height: 150, xAxis: 'step' as const, smoothing: 0, logY: false, episodeWindow: 20 };
    const labels = (): Set<string> => new Set(new SceneBuilder().build(h, spec, view).probes.map((p) => p.runLabel));
    expect(labels()).toEqual(new Set(['healthy', 'broken']));
    h.setHidden('broken', true);
    expect(h.runs.map((r) => r.id)).toEqual(['healthy']);
    expect(h.allRuns.map((r) => r.id)).toEqual(['healthy', 'broken']);
    expect(labels()).toEqual(new Set(['healthy']));
    expect(h.scalarKeys().has(METRIC.approxKl)).toBe(true);
    h.setHidden('broken', false);
    expect(labels()).toEqual(new Set(['healthy', 'broken']));
    expect(h.run('broken')!.colorIndex).toBe(1);
  });
});

// An alert from the worker's HealthMonitor marks its step on the chart of its key (per-layer keys
// included) and on the return chart, in the colour of the run that raised it; hidden runs leave no mark.
import { describe, expect, it } from 'vitest';
import { METRIC, layerKey } from '../../../src/diagnostics/metric-keys.ts';
import { buildChartSpecs } from '../../../src/ui/charts/chart-spec.ts';
import { MetricHistory } from '../../../src/ui/charts/metric-history.ts';
import { SceneBuilder } from '../../../src/ui/charts/scene.ts';
import { scalarBatch } from '../charts/synthetic.ts';

const view = { width: 400, height: 200, xAxis: 'step' as const, smoothing: 0, logY: false, episodeWindow: 20 };
const deadKey = layerKey(METRIC.deadReluFrac, 'q/0');

describe('alert markers', () => {
  it('land on the chart of the alert key and the return chart only', () => {
    const h = new MetricHistory();
    h.addRun('healthy', { colorIndex: 0 });
    h.addRun('broken', { colorIndex: 1 });
    for (const id of ['healthy', 'broken']) h.ingest(scalarBatch([deadKey, METRIC.entropy, METRIC.episodicReturn], 0, 30, () => 0.1), id);
    const alerting = scalarBatch([deadKey], 30, 1, () => 0.9);
    alerting.alerts = [{ id: 'dead_relu', step: 31, key: deadKey, message: 'dead ReLU fraction 0.9 above 0.4' }];
    h.ingest(alerting, 'broken');
    const specs = buildChartSpecs(h.scalarKeys());
    const markers = (id: string) => new SceneBuilder().build(h, specs.find((s) => s.id === id || s.keys.includes(id))!, view).markers;
    expect(markers(METRIC.deadReluFrac)).toEqual([{ x: 31, color: '#D55E00', label: 'dead ReLU fraction 0.9 above 0.4' }]);
    expect(markers(METRIC.entropy)).toEqual([]);
    h.setHidden('broken', true);
    expect(markers(METRIC.deadReluFrac)).toEqual([]);
  });
});

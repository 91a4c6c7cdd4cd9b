import { describe, expect, it } from 'vitest';
import { HISTOGRAM, METRIC, PHASES, layerKey, phaseKey } from '../../../src/diagnostics/metric-keys.ts';
import { buildChartSpecs, dashboardGroups, histogramSpec } from '../../../src/ui/charts/chart-spec.ts';

describe('buildChartSpecs', () => {
  it('makes charts only for keys that exist, composites consuming their parts', () => {
    const specs = buildChartSpecs([METRIC.approxKl, METRIC.oldApproxKl, METRIC.entropy, METRIC.valueMean, METRIC.returnMean, METRIC.envSteps]);
    const ids = specs.map((s) => s.id);
    expect(ids).toEqual([METRIC.entropy, METRIC.approxKl, METRIC.valueMean]);
    const kl = specs.find((s) => s.id === METRIC.approxKl)!;
    expect(kl.layers).toEqual([
      { kind: 'line', key: METRIC.approxKl, label: 'Approx. KL (k3)', dashed: false },
      { kind: 'line', key: METRIC.oldApproxKl, label: 'Approx. KL (k1)', dashed: true },
    ]);
    expect(kl.refs).toEqual([{ kind: 'line', value: 0.02, label: 'healthy below 0.02' }]);
    expect(kl.logY).toBe(true);
    const vr = specs.find((s) => s.id === METRIC.valueMean)!;
    expect(vr.keys).toEqual([METRIC.returnMean, METRIC.valueMean]);
  });

  it('resolves env references: ln N ceiling, solved threshold, random baseline', () => {
    const specs = buildChartSpecs([METRIC.entropy, METRIC.episodicReturn, METRIC.randomBaseline], { numActions: 3, rewardThreshold: 475 });
    const ent = specs.find((s) => s.id === METRIC.entropy)!;
    expect(ent.refs[0]).toMatchObject({ kind: 'line', value: Math.log(3) });
    const ret = specs.find((s) => s.id === METRIC.episodicReturn)!;
    expect(ret.layers).toEqual([{ kind: 'episodes', field: 'return' }]);
    expect(ret.refs).toEqual([
      { kind: 'latest', key: METRIC.randomBaseline, label: 'random policy' },
      { kind: 'line', value: 475, label: 'solved' },
    ]);
    // The baseline is a reference line, never a chart of its own.
    expect(specs.map((s) => s.id)).not.toContain(METRIC.randomBaseline);
    // Without env facts the env-dependent lines are left out rather than guessed.
    expect(buildChartSpecs([METRIC.entropy])[0].refs).toEqual([]);
  });

  it('draws Q min/mean/max and advantage extremes as ranges', () => {
    const specs = buildChartSpecs([METRIC.qValues, METRIC.qValuesMin, METRIC.qValuesMax, METRIC.advantageMin]);
    expect(specs).toHaveLength(2);
    expect(specs.find((s) => s.id === METRIC.qValues)!.layers).toEqual([{ kind: 'range', lo: METRIC.qValuesMin, hi: METRIC.qValuesMax, mid: METRIC.qValues, label: 'Q-values (min, mean, max)' }]);
    // Half a range stays a plain line chart.
    expect(specs.find((s) => s.id === METRIC.advantageMin)).toMatchObject({ layers: [{ kind: 'line', key: METRIC.advantageMin }] });
  });

  it('puts per-layer series in one chart and stacks the phase times in phase order', () => {
    const keys = [
      METRIC.gradNorm,
      layerKey(METRIC.gradNorm, 'critic/0'),
      layerKey(METRIC.gradNorm, 'actor/0'),
      ...[...PHASES].reverse().map(phaseKey),
    ];
    const specs = buildChartSpecs(keys);
    expect(specs.map((s) => s.id)).toEqual([METRIC.gradNorm, METRIC.phaseMs]);
    expect(specs[0].layers).toEqual([{ kind: 'parts', keys: [METRIC.gradNorm, layerKey(METRIC.gradNorm, 'actor/0'), layerKey(METRIC.gradNorm, 'critic/0')], labels: ['global', 'actor/0', 'critic/0'] }]);
    expect(specs[1].layers[0]).toEqual({ kind: 'stack', keys: PHASES.map(phaseKey), labels: [...PHASES] });
    expect(specs[1].group).toBe('System');
  });

  it('orders by group then catalogue, unknown keys last under Other', () => {
    const specs = buildChartSpecs(['custom/thing', METRIC.sps, METRIC.valueLoss, METRIC.entropy, METRIC.episodicLength]);
    expect(specs.map((s) => [s.group, s.id])).toEqual([
      ['Performance', METRIC.episodicLength],
      ['Policy', METRIC.entropy],
      ['Value', METRIC.valueLoss],
      ['System', METRIC.sps],
      ['Other', 'custom/thing'],
    ]);
  });
});

describe('dashboard layout', () => {
  it('groups scalar charts and histograms, and filters for embeds', () => {
    const g = dashboardGroups([METRIC.entropy, METRIC.valueLoss], [layerKey(HISTOGRAM.weights, 'actor/0'), HISTOGRAM.ratio]);
    expect(g.map((x) => [x.name, x.charts.length, x.histograms.length])).toEqual([
      ['Policy', 1, 1],
      ['Value', 1, 0],
      ['Network', 0, 1],
    ]);
    const only = dashboardGroups([METRIC.entropy, METRIC.valueLoss], [], {}, [METRIC.valueLoss]);
    expect(only.map((x) => x.name)).toEqual(['Value']);
  });

  it('titles histogram keys', () => {
    expect(histogramSpec(layerKey(HISTOGRAM.gradients, 'critic/1'))).toEqual({ key: 'histograms/gradients/critic/1', title: 'Gradients · critic/1', group: 'Network' });
    expect(histogramSpec(HISTOGRAM.advantages).group).toBe('Value');
    expect(histogramSpec('histograms/odd').group).toBe('Other');
  });
});

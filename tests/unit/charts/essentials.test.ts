import { describe, expect, it } from 'vitest';
import { AGENT_METRIC, METRIC, layerKey, metricsForAgent } from '../../../src/diagnostics/metric-keys.ts';
import { buildChartSpecs } from '../../../src/ui/charts/chart-spec.ts';
import { ESSENTIAL_COUNT, essentialCharts } from '../../../src/ui/charts/essentials.ts';

const ppoKeys = [
  ...metricsForAgent('ppo').map((m) => m.key),
  layerKey(METRIC.gradNorm, 'actor/0'),
  layerKey(METRIC.gradNorm, 'critic/0'),
];

describe('essentialCharts', () => {
  it('gives PPO the six charts a learner reads first, in order', () => {
    const specs = essentialCharts(buildChartSpecs(ppoKeys, { rewardThreshold: 475, numActions: 2 }));
    expect(specs.map((s) => s.id)).toEqual([METRIC.episodicReturn, METRIC.entropy, METRIC.approxKl, METRIC.valueMean, METRIC.explainedVariance, METRIC.gradNorm]);
    const [ret, entropy, kl, value, , grad] = specs;
    // Return with the random baseline and the solved line; entropy with ln N.
    expect(ret.refs.map((r) => r.label)).toEqual(['random policy', 'solved']);
    expect(entropy.refs).toEqual([{ kind: 'line', value: Math.log(2), label: 'ln 2 (uniform policy)' }]);
    // KL with the clip fraction dashed beside it, on a linear axis from zero, the 0.02 line kept.
    expect(kl.keys).toEqual([METRIC.approxKl, METRIC.clipfrac]);
    expect(kl.layers).toEqual([
      { kind: 'line', key: METRIC.approxKl, label: 'approx. KL' },
      { kind: 'line', key: METRIC.clipfrac, label: 'clip fraction', dashed: true },
    ]);
    expect(kl).toMatchObject({ logY: false, yFromZero: true });
    expect(kl.refs).toEqual([{ kind: 'line', value: 0.02, label: 'healthy below 0.02' }]);
    expect(value.keys).toEqual([METRIC.returnMean, METRIC.valueMean]);
    // The global gradient norm only; per-layer lines stay in All diagnostics.
    expect(grad.layers).toEqual([{ kind: 'line', key: METRIC.gradNorm, label: 'Gradient norm' }]);
  });

  it('fills in with stand-ins for agents without a critic or KL (DQN, random)', () => {
    const dqn = essentialCharts(buildChartSpecs(metricsForAgent('dqn').map((m) => m.key)));
    expect(dqn).toHaveLength(ESSENTIAL_COUNT);
    expect(dqn.map((s) => s.id)).toEqual([METRIC.episodicReturn, METRIC.entropy, METRIC.gradNorm, METRIC.qValues, METRIC.tdLoss, AGENT_METRIC.epsilon]);
    const random = essentialCharts(buildChartSpecs(metricsForAgent('random').map((m) => m.key)));
    expect(random.map((s) => s.id)).toEqual([METRIC.episodicReturn, METRIC.episodicLength, METRIC.solveRate]);
  });

  it('is empty before any key is known', () => {
    expect(essentialCharts(buildChartSpecs([]))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  AGENT_METRIC,
  layerKey,
  maxDiscreteEntropy,
  METRIC,
  METRIC_CATALOGUE,
  METRIC_GROUPS,
  metricInfo,
  metricsForAgent,
  phaseKey,
  PHASES,
  splitKey,
} from '../../../src/diagnostics/metric-keys.ts';

// DIAGNOSTICS.md §1, verbatim.
const DOC_KEYS = [
  'charts/episodic_return', 'charts/episodic_length', 'charts/solve_rate', 'charts/random_baseline', 'charts/learning_rate',
  'charts/SPS', 'time/env_steps', 'time/train_steps', 'time/wall_s', 'time/training_intensity', 'losses/policy_loss',
  'losses/value_loss', 'losses/entropy', 'losses/old_approx_kl', 'losses/approx_kl', 'losses/clipfrac',
  'losses/explained_variance', 'losses/td_loss', 'losses/q_values', 'losses/q_values_min', 'losses/q_values_max',
  'diagnostics/value_mean', 'diagnostics/return_mean', 'diagnostics/advantage_min', 'diagnostics/advantage_max',
  'diagnostics/value_target_min', 'diagnostics/value_target_max', 'diagnostics/grad_norm', 'diagnostics/dead_relu_frac',
  'diagnostics/activation_std', 'diagnostics/advantage_mean', 'diagnostics/advantage_std', 'memory/num_tensors',
  'memory/num_bytes', 'time/phase_ms',
];

describe('metric catalogue', () => {
  it('holds exactly the documented keys, once each', () => {
    const keys = METRIC_CATALOGUE.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual([...DOC_KEYS, ...Object.values(AGENT_METRIC)].sort());
    expect(Object.values(METRIC).sort()).toEqual([...DOC_KEYS].sort());
  });

  it('gives every entry a title, a known group and at least one agent', () => {
    for (const m of METRIC_CATALOGUE) {
      expect(m.title.length).toBeGreaterThan(0);
      expect(METRIC_GROUPS).toContain(m.group);
      expect(m.agents.length).toBeGreaterThan(0);
    }
  });

  it('carries the reference lines of the brief', () => {
    expect(metricInfo(METRIC.entropy)?.reference?.kind).toBe('max_entropy');
    expect(metricInfo(METRIC.approxKl)?.reference).toMatchObject({ kind: 'line', value: 0.02 });
    expect(metricInfo(METRIC.activationStd)?.reference).toMatchObject({ kind: 'band', low: 0.5, high: 2 });
    expect(maxDiscreteEntropy(2)).toBeCloseTo(Math.log(2), 15);
  });

  it('builds and resolves per-layer and per-phase keys', () => {
    expect(layerKey('diagnostics/dead_relu_frac', 'actor/0')).toBe('diagnostics/dead_relu_frac/actor/0');
    expect(phaseKey('env')).toBe('time/phase_ms/env');
    expect(PHASES.map(phaseKey)).toContain('time/phase_ms/messaging');
    expect(splitKey('diagnostics/grad_norm/critic/1')).toEqual({ base: 'diagnostics/grad_norm', part: 'critic/1' });
    expect(splitKey('diagnostics/grad_norm')).toEqual({ base: 'diagnostics/grad_norm', part: null });
    expect(metricInfo('diagnostics/dead_relu_frac/actor/0')?.key).toBe('diagnostics/dead_relu_frac');
    expect(metricInfo('time/phase_ms/update')?.group).toBe('System');
    expect(metricInfo('losses/approx_kl/actor/0')).toBeUndefined(); // not a per-layer metric
    expect(metricInfo('nope')).toBeUndefined();
  });

  it('lists PPO-only metrics for PPO and not for DQN', () => {
    const ppo = metricsForAgent('ppo').map((m) => m.key);
    const dqn = metricsForAgent('dqn').map((m) => m.key);
    const random = metricsForAgent('random').map((m) => m.key);
    expect(ppo).toContain('losses/clipfrac');
    expect(dqn).not.toContain('losses/clipfrac');
    expect(dqn).toContain('losses/q_values_max');
    expect(random).toContain('charts/episodic_return');
    expect(random).not.toContain('losses/value_loss');
  });
});

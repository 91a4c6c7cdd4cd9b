import { describe, expect, it } from 'vitest';
import { findBug } from '../../../src/bugs/catalog.ts';
import { bugsOf } from '../../../src/bugs/catalog.ts';
import { makeRunConfig, validateRunConfig } from '../../../src/config/resolve.ts';
import { HEALTH_CHECKS } from '../../../src/diagnostics/health-checks.ts';
import type { KeyDeparture } from '../../../src/ui/lab/departure.ts';
import { COLOR, alertInfo, bugEntries, judgePrediction, planArms, planRuns, plainDirection, withBug } from '../../../src/ui/lab/experiment.ts';

const broken = makeRunConfig('CartPole-v1', 'dqn', { bugs: ['lr_too_high'], seed: 4 });

describe('experiment plans', () => {
  it('compares a broken config with the same config minus its bugs: broken vermillion, healthy blue', () => {
    const arms = planArms(broken, 'healthy');
    expect(arms.map((a) => [a.id, a.colorIndex, a.config.bugs])).toEqual([
      ['main', COLOR.broken, ['lr_too_high']],
      ['other', COLOR.healthy, []],
    ]);
    expect(arms[1].config.seed).toBe(4);
    // Nothing to compare without a bug.
    expect(planArms({ ...broken, bugs: [] }, 'healthy')).toHaveLength(1);
  });

  it('compares two configs that differ in one override', () => {
    const arms = planArms(broken, 'variant', { key: 'learningRate', value: 0.01 });
    expect(arms[1].config.overrides).toEqual({ learningRate: 0.01 });
    expect(arms[1].config.bugs).toEqual(['lr_too_high']);
    expect(arms[1].label).toBe('B: learningRate = 0.01');
  });

  it('plans seeds interleaved across arms, the first run being the page\'s own, groups only with several seeds', () => {
    const runs = planRuns(planArms(broken, 'healthy'), 3, 20_000);
    expect(runs.map((r) => [r.runId, r.seed])).toEqual([
      ['run', 4],
      ['lab-other-0', 4],
      ['lab-main-1', 5],
      ['lab-other-1', 5],
      ['lab-main-2', 6],
      ['lab-other-2', 6],
    ]);
    expect(runs.every((r) => r.config.totalSteps === 20_000 && r.config.seed === r.seed)).toBe(true);
    expect(new Set(runs.map((r) => r.group))).toEqual(new Set(['broken: lr_too_high', 'healthy']));
    expect(planRuns(planArms(broken, 'healthy'), 1, null).map((r) => r.group)).toEqual([undefined, undefined]);
  });
});

describe('bugs of an agent', () => {
  it("lists every bug the catalogue gives the agent, the ones this env cannot run last with the reason", () => {
    expect(bugEntries('dqn', false).map((e) => e.bug.id).sort()).toEqual([...bugsOf('dqn')].sort());
    expect(bugEntries('dqn', false).every((e) => e.unavailable === null)).toBe(true);
    const onCartPole = bugEntries('ppo', false);
    const obs = onCartPole.find((e) => e.bug.id === 'no_obs_normalization')!;
    expect(obs.unavailable).toMatch(/continuous-action/);
    expect(onCartPole.at(-1)!.bug.id).toBe('no_obs_normalization');
    expect(bugEntries('ppo', true).find((e) => e.bug.id === 'no_obs_normalization')!.unavailable).toBeNull();
    expect(bugEntries('random', false)).toEqual([]);
  });

  it('switching on a bug whose setting the preset lacks sets it for both runs; a config without it is refused', () => {
    const cleanrl = makeRunConfig('CartPole-v1', 'ppo', { preset: 'cleanrl' });
    expect(validateRunConfig({ ...cleanrl, bugs: ['no_return_normalization'] }).join()).toMatch(/needs normalizeReturns = true.*set normalizeReturns=true/);
    const c = withBug(cleanrl, 'no_return_normalization', true);
    expect(c.overrides).toEqual({ normalizeReturns: true });
    expect(validateRunConfig(c)).toEqual([]);
    expect(planArms(c, 'healthy')[1].config.overrides).toEqual({ normalizeReturns: true });
    expect(withBug(makeRunConfig('CartPole-v1', 'dqn', { preset: 'cleanrl' }), 'mse_instead_of_huber', true).overrides).toEqual({ loss: 'huber' });
    expect(withBug(makeRunConfig('CartPole-v1', 'ppo'), 'dead_relu_init', true).overrides).toEqual({ activation: 'relu' });
    expect(validateRunConfig(makeRunConfig('CartPole-v1', 'ppo', { bugs: ['no_obs_normalization'] })).join()).toMatch(/cannot run on CartPole-v1: only for continuous-action envs/);
  });

  it('toggles a bug keeping catalogue order', () => {
    const c = withBug(withBug(makeRunConfig('CartPole-v1', 'dqn'), 'tensor_leak', true), 'lr_too_high', true);
    expect(c.bugs).toEqual(['lr_too_high', 'tensor_leak']);
    expect(withBug(c, 'lr_too_high', false).bugs).toEqual(['tensor_leak']);
  });

  it('a bug that needs a setting brings it along, and the healthy twin keeps it (frame skip)', () => {
    const plain = makeRunConfig('CartPole-v1', 'dqn');
    expect(validateRunConfig({ ...plain, bugs: ['reward_not_summed_over_skip'] }).join()).toMatch(/needs frameSkip ≥ 2.*set frameSkip=4/);
    const c = withBug(plain, 'reward_not_summed_over_skip', true);
    expect(c.overrides).toEqual({ frameSkip: 4 });
    expect(validateRunConfig(c)).toEqual([]);
    const twin = planArms(c, 'healthy')[1].config;
    expect([twin.bugs, twin.overrides]).toEqual([[], { frameSkip: 4 }]);
    // An explicit skip of the user's is kept as it is.
    expect(withBug({ ...plain, overrides: { frameSkip: 2 } }, 'reward_not_summed_over_skip', true).overrides).toEqual({ frameSkip: 2 });
  });
});

describe('predictions', () => {
  const kl: KeyDeparture = { key: 'losses/approx_kl', series: 'losses/approx_kl', step: 2048, direction: 'up', broken: 0.2, healthy: 0.01, via: 'spread' };

  it('maps catalogue directions to plain ones', () => {
    expect(plainDirection('spikes')).toBe('up');
    expect(plainDirection('lags')).toBe('down');
    expect(plainDirection('oscillates')).toBe('swings');
    expect(plainDirection('out_of_range')).toBeNull();
  });

  it('is right when chart and direction match what moved first', () => {
    expect(judgePrediction({ key: 'losses/approx_kl', direction: 'up' }, kl, ['lr_too_high'])).toEqual({ chartRight: true, directionRight: true, observed: 'up' });
    expect(judgePrediction({ key: 'losses/approx_kl', direction: 'down' }, kl, ['lr_too_high']).directionRight).toBe(false);
    expect(judgePrediction({ key: 'losses/entropy', direction: 'up' }, kl, ['lr_too_high']).chartRight).toBe(false);
  });

  it('accepts "swings" for a key the catalogue expects to oscillate, and two keys on one chart', () => {
    const entropy: KeyDeparture = { ...kl, key: 'losses/entropy', direction: 'down' };
    expect(findBug('lr_too_high')!.watch.find((w) => w.key === 'losses/entropy')!.direction).toBe('oscillates');
    expect(judgePrediction({ key: 'losses/entropy', direction: 'swings' }, entropy, ['lr_too_high']).directionRight).toBe(true);
    const sameChart = (a: string, b: string): boolean => [a, b].every((k) => k.startsWith('diagnostics/value_mean') || k.startsWith('diagnostics/return_mean'));
    const value: KeyDeparture = { ...kl, key: 'diagnostics/return_mean', direction: 'down' };
    expect(judgePrediction({ key: 'diagnostics/value_mean', direction: 'down' }, value, ['no_return_normalization'], sameChart).chartRight).toBe(true);
  });

  it('falls back on the catalogue direction when an alert gives none', () => {
    const alert: KeyDeparture = { ...kl, direction: null, via: 'alert' };
    expect(judgePrediction({ key: 'losses/approx_kl', direction: 'up' }, alert, ['lr_too_high']).directionRight).toBe(true);
  });
});

describe('alerts', () => {
  it('names every health check and links its causes to catalogue bugs', () => {
    for (const c of HEALTH_CHECKS) {
      const info = alertInfo(c.id);
      expect(info.title).toBe(c.title);
      for (const b of info.causes) if (b !== 'no_target_network') expect(findBug(b), `${c.id} → ${b}`).toBeDefined();
    }
    expect(alertInfo('unknown_check')).toEqual({ title: 'unknown check', causes: [] });
  });
});

import { describe, expect, it } from 'vitest';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import { PPO_FIELDS } from '../../../src/config/ppo-config.ts';
import type { FieldSchema } from '../../../src/config/schema.ts';
import { tIn } from '../../../src/ui/i18n/i18n.svelte.ts';
import type { Notice } from '../../../src/ui/i18n/notice-text.ts';
import {
  agentUnavailable,
  baseValue,
  changedKeys,
  effectiveValue,
  sanitizeConfig,
  switchAgent,
  switchEnv,
  withOverride,
} from '../../../src/ui/state/config-edit.ts';

const field = (key: string): FieldSchema => PPO_FIELDS.find((f) => f.key === key)!;
const ppo = makeRunConfig('CartPole-v1', 'ppo');

describe('values of a field', () => {
  it('takes the preset value for the env over the schema default, and an override over both', () => {
    const pendulum = makeRunConfig('Pendulum-v1', 'ppo');
    expect(baseValue(ppo, field('learningRate'))).toBe(2.5e-4);
    expect(baseValue(pendulum, field('learningRate'))).toBe(1e-3);
    expect(effectiveValue({ ...pendulum, overrides: { learningRate: 0.01 } }, field('learningRate'))).toBe(0.01);
    expect(effectiveValue({ ...ppo, overrides: { hiddenSizes: '32,16' } }, field('hiddenSizes'))).toEqual([32, 16]);
  });

  it('drops an override that equals the base value, or is undefined', () => {
    const set = withOverride(ppo, field('entCoef'), 0.05);
    expect(set.overrides).toEqual({ entCoef: 0.05 });
    expect(withOverride(set, field('entCoef'), 0.01).overrides).toEqual({});
    expect(withOverride(set, field('entCoef'), undefined).overrides).toEqual({});
    expect(withOverride(ppo, field('hiddenSizes'), '64,64').overrides).toEqual({});
    expect(ppo.overrides).toEqual({});
  });
});

/** Notes as the English notice bar says them. */
const said = (notes: readonly Notice[]): string => notes.map((n) => tIn('en', n.key, n.params)).join(' ');

describe('switching', () => {
  it('keeps the preset when the new env has it, else falls back to the default with a note', () => {
    const zoo = { ...ppo, preset: 'zoo' };
    expect(switchEnv(zoo, 'Acrobot-v1')).toEqual({ config: { ...zoo, env: 'Acrobot-v1' }, notes: [] });
    const grid = switchEnv(zoo, 'GridWorld');
    expect(grid.config.preset).toBe('playground');
    expect(said(grid.notes.slice(0, 1))).toMatch(/zoo/);
  });

  it('gives another agent no overrides and only the bugs it has', () => {
    const e = switchAgent({ ...ppo, overrides: { learningRate: 0.01 }, bugs: [] }, 'random');
    expect(e.config).toMatchObject({ agent: 'random', overrides: {}, bugs: [] });
  });

  it('knows DQN cannot act in a continuous action space', () => {
    expect(agentUnavailable('dqn', 'Pendulum-v1')).toMatch(/discrete/);
    expect(agentUnavailable('ppo', 'Pendulum-v1')).toBeNull();
  });
});

describe('what waits for a restart', () => {
  it('lists fields whose effective values differ, and the budget', () => {
    const desired = { ...withOverride(ppo, field('numEnvs'), 8), totalSteps: 5000 };
    expect(changedKeys(ppo, desired)).toEqual(['steps', 'numEnvs']);
    // The same value written as an override is no change.
    expect(changedKeys(ppo, { ...ppo, overrides: { learningRate: 2.5e-4 } })).toEqual([]);
  });
});

describe('sanitizeConfig (a config from a URL)', () => {
  it('drops invalid overrides, unknown settings and bugs, and a preset the agent lacks, with a note each', () => {
    const { config, notes } = sanitizeConfig({
      ...ppo,
      preset: 'nope',
      overrides: { learningRate: 'abc', bogus: 1, entCoef: 0.02 },
      bugs: ['not_a_bug'],
    });
    expect(config).toMatchObject({ agent: 'ppo', preset: 'playground', overrides: { entCoef: 0.02 }, bugs: [] });
    expect(said(notes)).toMatch(/nope/);
    expect(said(notes)).toMatch(/learningRate/);
    expect(said(notes)).toMatch(/bogus/);
    expect(said(notes)).toMatch(/not_a_bug/);
  });

  it('falls back to the random agent where the agent cannot run, and resets settings that do not fit together', () => {
    expect(sanitizeConfig(makeRunConfig('Pendulum-v1', 'dqn')).config.agent).toBe('random');
    const misfit = sanitizeConfig({ ...ppo, overrides: { numEnvs: 3, numSteps: 5, numMinibatches: 4 } });
    expect(misfit.config.overrides).toEqual({});
    expect(said(misfit.notes.slice(0, 1))).toMatch(/divisible/);
  });

  it('leaves a valid config alone', () => {
    const ok = { ...ppo, overrides: { learningRate: 0.001 }, totalSteps: 1000 };
    expect(sanitizeConfig(ok)).toEqual({ config: ok, notes: [] });
  });
});

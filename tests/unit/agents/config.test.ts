// PPO config: schema defaults are CleanRL's, doc comments match the schema, presets cite and
// differ where they should, validation rejects bad input with clear messages.

import { describe, expect, it } from 'vitest';
import { PPO_FIELDS, type PpoConfig } from '../../../src/config/ppo-config.ts';
import { AGENT_CONFIGS, presetsFor } from '../../../src/config/presets.ts';
import { makeRunConfig, resolveConfig, validateRunConfig } from '../../../src/config/resolve.ts';
import { checkValue, parseField } from '../../../src/config/schema.ts';
import type { RunConfig } from '../../../src/config/run-config.ts';

const ppo = (env: RunConfig['env'], preset: string, overrides: RunConfig['overrides'] = {}): PpoConfig =>
  resolveConfig(makeRunConfig(env, 'ppo', { preset, overrides }));

describe('PPO schema', () => {
  it("has cleanrl/ppo.py's defaults", () => {
    const d = Object.fromEntries(PPO_FIELDS.map((f) => [f.key, f.default]));
    expect(d).toMatchObject({
      numEnvs: 4,
      numSteps: 128,
      learningRate: 2.5e-4,
      annealLr: true,
      gamma: 0.99,
      gaeLambda: 0.95,
      numMinibatches: 4,
      updateEpochs: 4,
      normAdv: true,
      clipCoef: 0.2,
      clipVloss: true,
      entCoef: 0.01,
      vfCoef: 0.5,
      maxGradNorm: 0.5,
      targetKl: null,
      adamEps: 1e-5,
      activation: 'tanh',
      bootstrapTruncated: false,
      normalizeReturns: false,
    });
    expect(d.hiddenSizes).toEqual([64, 64]);
  });


  it('describes every field for the UI: type, default, bounds, doc, restart', () => {
    for (const f of PPO_FIELDS) {
      expect(f.doc.length).toBeGreaterThan(10);
      expect(typeof f.live).toBe('boolean');
      if (f.type === 'int' || f.type === 'float') expect(f.min).toBeLessThan(f.max);
      expect(checkValue(f, f.default), f.key).toBeNull();
    }
  });
});

describe('PPO presets', () => {
  it('cleanrl is CleanRL exactly: no return normalisation or truncation bootstrap on CartPole', () => {
    const c = ppo('CartPole-v1', 'cleanrl');
    expect(c.normalizeReturns).toBe(false);
    expect(c.bootstrapTruncated).toBe(false);
    expect(c.normalizeObs).toBe(false);
    expect(c.numEnvs * c.numSteps).toBe(512);
  });

  it('cleanrl on a continuous env is ppo_continuous_action.py with its wrappers', () => {
    const c = ppo('Pendulum-v1', 'cleanrl');
    expect(c).toMatchObject({ numEnvs: 1, numSteps: 2048, learningRate: 3e-4, numMinibatches: 32, updateEpochs: 10, entCoef: 0, normalizeObs: true, normalizeReturns: true, rewardClip: 10, obsClip: 10 });
  });

  it('playground turns every safeguard on', () => {
    const cp = ppo('CartPole-v1', 'playground');
    expect(cp.normalizeReturns).toBe(true);
    expect(cp.bootstrapTruncated).toBe(true);
    const pd = ppo('Pendulum-v1', 'playground');
    expect(pd.normalizeObs).toBe(true);
    expect(pd.normalizeReturns).toBe(true);
  });

  it('zoo follows hyperparams/ppo.yml and exists only where the zoo has an entry', () => {
    expect(ppo('CartPole-v1', 'zoo')).toMatchObject({ numEnvs: 8, numSteps: 32, numMinibatches: 1, updateEpochs: 20, gaeLambda: 0.8, gamma: 0.98, entCoef: 0, learningRate: 0.001, annealLr: true, annealClipCoef: true, clipVloss: false, bootstrapTruncated: true });
    expect(ppo('Acrobot-v1', 'zoo')).toMatchObject({ numEnvs: 16, numSteps: 256, numMinibatches: 64, normalizeObs: true, normalizeReturns: true });
    expect(presetsFor('ppo', 'GridWorld')).not.toContain('zoo');
    expect(presetsFor('ppo', 'CartPole-v1')).toEqual(['playground', 'cleanrl', 'zoo', 'fast']);
  });

  it('every preset cites a source', () => {
    for (const spec of Object.values(AGENT_CONFIGS)) for (const p of spec!.presets) expect(p.source.url).toMatch(/^https:\/\//);
  });

  it('overrides win over the preset', () => {
    expect(ppo('CartPole-v1', 'cleanrl', { learningRate: 1e-3, hiddenSizes: '32', targetKl: 0.02 })).toMatchObject({ learningRate: 1e-3, hiddenSizes: [32], targetKl: 0.02 });
  });
});

describe('run config validation', () => {
  const base = makeRunConfig('CartPole-v1', 'ppo');
  const errors = (patch: Partial<RunConfig>): string[] => validateRunConfig({ ...base, ...patch });

  it('accepts the defaults', () => {
    expect(errors({})).toEqual([]);
  });

  it('names what is wrong', () => {
    expect(errors({ overrides: { nope: 1 } }).join()).toMatch(/unknown ppo setting 'nope'/);
    expect(errors({ overrides: { numSteps: 'abc' } }).join()).toMatch(/'numSteps' must be a finite number/);
    expect(errors({ overrides: { numSteps: 1.5 } }).join()).toMatch(/'numSteps' must be an integer/);
    expect(errors({ overrides: { gamma: 2 } }).join()).toMatch(/'gamma' must be in \[0, 1\]/);
    expect(errors({ overrides: { activation: 'gelu' } }).join()).toMatch(/'activation' must be one of tanh, relu/);
    expect(errors({ overrides: { hiddenSizes: '64,x' } }).join()).toMatch(/'hiddenSizes' must be a comma-separated list/);
    expect(errors({ overrides: { numEnvs: null } }).join()).toMatch(/'numEnvs' cannot be null/);
    expect(errors({ overrides: { numMinibatches: 3 } }).join()).toMatch(/divisible by numMinibatches/);
    expect(errors({ preset: 'nope' }).join()).toMatch(/unknown preset 'nope'/);
    expect(errors({ env: 'GridWorld', preset: 'zoo' }).join()).toMatch(/preset 'zoo' has no values for GridWorld/);
    expect(errors({ bugs: ['lr_too_high_typo'] }).join()).toMatch(/unknown bug 'lr_too_high_typo'/);
    expect(errors({ seed: -1 }).join()).toMatch(/seed must be a non-negative integer/);
    expect(errors({ env: 'Nope' as RunConfig['env'] }).join()).toMatch(/unknown env 'Nope'/);
  });

  it('parses CLI / URL text per field type', () => {
    const field = (key: string) => PPO_FIELDS.find((f) => f.key === key)!;
    expect(parseField(field('learningRate'), '3e-4')).toEqual({ value: 3e-4 });
    expect(parseField(field('normAdv'), 'false')).toEqual({ value: false });
    expect(parseField(field('targetKl'), 'none')).toEqual({ value: null });
    expect(parseField(field('hiddenSizes'), '32,32')).toEqual({ value: '32,32' });
    expect(parseField(field('numSteps'), 'ten')).toHaveProperty('error');
    expect(parseField(field('normAdv'), 'yes')).toHaveProperty('error');
    expect(parseField(field('numEnvs'), 'null')).toHaveProperty('error');
  });
});

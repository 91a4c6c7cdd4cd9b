// A2C config: schema defaults are Stable-Baselines3's, doc comments match the schema, presets follow
// rl-baselines3-zoo's a2c.yml, bugs validate.

import { describe, expect, it } from 'vitest';
import { A2C_FIELDS } from '../../../src/config/a2c-config.ts';
import { presetsFor } from '../../../src/config/presets.ts';
import { makeRunConfig, resolveConfig, validateRunConfig } from '../../../src/config/resolve.ts';
import { checkValue } from '../../../src/config/schema.ts';
import { ENV_IDS } from '../../../src/envs/registry.ts';

describe('A2C config', () => {
  it("has Stable-Baselines3 A2C's defaults (8 envs as the zoo's CartPole)", () => {
    const d = Object.fromEntries(A2C_FIELDS.map((f) => [f.key, f.default]));
    expect(d).toMatchObject({ numEnvs: 8, numSteps: 5, learningRate: 7e-4, gamma: 0.99, gaeLambda: 1, entCoef: 0, vfCoef: 0.5, maxGradNorm: 0.5, optimizer: 'rmsprop', optimizerEps: 1e-5, normAdv: false, orthoInit: true, bootstrapTruncated: true, normalizeReturns: false });
  });


  it('has a playground preset for every env and zoo entries where a2c.yml has them', () => {
    for (const env of ENV_IDS) {
      const c = resolveConfig(makeRunConfig(env, 'a2c'));
      expect(c).toMatchObject({ normalizeReturns: true, bootstrapTruncated: true, maxGradNorm: 0.5 });
      expect(c.normalizeObs, env).toBe(env === 'Pendulum-v1' || env === 'MountainCarContinuous-v0' || env === 'CartPoleContinuous-v0');
    }
    expect(presetsFor('a2c', 'CartPole-v1')).toEqual(['playground', 'zoo']);
    expect(presetsFor('a2c', 'GridWorld')).toEqual(['playground']);
    expect(resolveConfig(makeRunConfig('CartPole-v1', 'a2c', { preset: 'zoo' }))).toMatchObject({ numEnvs: 8, numSteps: 5, normalizeReturns: false });
    expect(resolveConfig(makeRunConfig('Acrobot-v1', 'a2c', { preset: 'zoo' }))).toMatchObject({ numEnvs: 16, normalizeReturns: true, normalizeObs: true });
    expect(resolveConfig(makeRunConfig('Pendulum-v1', 'a2c', { preset: 'zoo' }))).toMatchObject({ numEnvs: 8, numSteps: 8, gamma: 0.9, gaeLambda: 0.9, vfCoef: 0.4, annealLr: true, logStdInit: -2, orthoInit: false });
  });

  it('accepts the A2C bugs and rejects the others', () => {
    expect(validateRunConfig(makeRunConfig('CartPole-v1', 'a2c', { bugs: ['entropy_coef_too_high', 'no_grad_clipping'] }))).toEqual([]);
    expect(validateRunConfig(makeRunConfig('CartPole-v1', 'a2c', { bugs: ['uninitialized_buffer'] }))[0]).toMatch(/unknown bug 'uninitialized_buffer' for a2c/);
    expect(validateRunConfig(makeRunConfig('CartPole-v1', 'a2c', { overrides: { optimizer: 'sgd' } }))[0]).toMatch(/optimizer/);
  });
});

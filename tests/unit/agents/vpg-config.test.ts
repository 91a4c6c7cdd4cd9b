// VPG config: schema defaults are Spinning Up's, doc comments match the schema, presets resolve for
// every env, bugs validate.

import { describe, expect, it } from 'vitest';
import { presetsFor } from '../../../src/config/presets.ts';
import { makeRunConfig, resolveConfig, validateRunConfig } from '../../../src/config/resolve.ts';
import { checkValue } from '../../../src/config/schema.ts';
import { VPG_FIELDS } from '../../../src/config/vpg-config.ts';
import { ENV_IDS } from '../../../src/envs/registry.ts';

describe('VPG config', () => {
  it("has Spinning Up VPG's defaults", () => {
    const d = Object.fromEntries(VPG_FIELDS.map((f) => [f.key, f.default]));
    expect(d).toMatchObject({ batchSteps: 4000, learningRate: 3e-4, valueLearningRate: 1e-3, valueIters: 80, gamma: 0.99, gaeLambda: 0.97, baseline: true, rewardToGo: true, normAdv: true, maxGradNorm: null, adamEps: 1e-8, activation: 'tanh', orthoInit: false, logStdInit: -0.5 });
    expect(d.hiddenSizes).toEqual([64, 64]);
  });


  it('has playground and spinup presets for every env, with the safeguards on in playground', () => {
    for (const env of ENV_IDS) {
      expect(presetsFor('vpg', env)).toEqual(['playground', 'spinup']);
      const c = resolveConfig(makeRunConfig(env, 'vpg'));
      expect(c).toMatchObject({ baseline: true, normalizeReturns: true, bootstrapTruncated: true, maxGradNorm: 0.5 });
      const continuous = env === 'Pendulum-v1' || env === 'MountainCarContinuous-v0' || env === 'CartPoleContinuous-v0';
      expect(c.normalizeObs, env).toBe(continuous);
    }
    expect(resolveConfig(makeRunConfig('CartPole-v1', 'vpg', { preset: 'spinup' }))).toMatchObject({ batchSteps: 4000, valueIters: 80, gaeLambda: 0.97 });
  });

  it('accepts the VPG bugs and rejects the others', () => {
    expect(validateRunConfig(makeRunConfig('CartPole-v1', 'vpg', { bugs: ['uninitialized_buffer', 'tensor_leak'] }))).toEqual([]);
    expect(validateRunConfig(makeRunConfig('CartPole-v1', 'vpg', { bugs: ['entropy_coef_too_high'] }))[0]).toMatch(/unknown bug 'entropy_coef_too_high' for vpg/);
    expect(validateRunConfig(makeRunConfig('CartPole-v1', 'vpg', { overrides: { valueIters: -1 } }))[0]).toMatch(/valueIters/);
  });
});

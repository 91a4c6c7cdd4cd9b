// CartPoleContinuous-v0 against mbrl-lib's own cartpole_continuous.py (fixtures/gen_cartpole_continuous.py):
// seeded reset, random, out-of-range and controlled actions, episode ends and unseeded resets; and the
// registry's 200-step limit of mbrl-lib's PETS trials.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { envSpec } from '../../../src/envs/registry.ts';
import { makeEnv } from '../../../src/envs/make-env.ts';

interface Step {
  action: number[];
  state: number[];
  reward: number;
  terminated: boolean;
  reset_state?: number[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(readFileSync(path.join(here, 'fixtures/cartpole-continuous-rollouts.json'), 'utf8')) as {
  seed: number;
  reset_state: number[];
  steps: Step[];
};

describe('CartPoleContinuous-v0', () => {
  it("matches mbrl-lib's cartpole_continuous step by step (float64 state, float32 force, no clipping)", () => {
    const env = makeEnv('CartPoleContinuous-v0', { maxEpisodeSteps: null });
    env.reset({ seed: fixture.seed });
    expect(env.state).toEqual(fixture.reset_state);
    let ends = 0;
    let outOfRange = 0;
    fixture.steps.forEach((step, t) => {
      const where = `t=${t}`;
      if (Math.abs(step.action[0]) > 1) outOfRange++;
      const r = env.step(step.action);
      // Same operations in the same order as numpy: equal up to libm's cos/sin in the last bit.
      env.state.forEach((v, i) => expect(Math.abs(v - step.state[i]), `${where} state[${i}]`).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(step.state[i]))));
      expect(Array.from(r.obs), `${where} obs`).toEqual(step.state.map(Math.fround));
      expect(r.reward, `${where} reward`).toBe(step.reward);
      expect(r.terminated, `${where} terminated`).toBe(step.terminated);
      if (step.reset_state) {
        ends++;
        env.reset();
        expect(env.state, `${where} reset state`).toEqual(step.reset_state);
      }
    });
    expect(ends).toBeGreaterThan(2);
    expect(outOfRange).toBeGreaterThan(2);
  });

  it('resets like CartPole-v1 (same four draws) and truncates at 200 steps', () => {
    expect(makeEnv('CartPoleContinuous-v0').reset({ seed: 3 }).obs).toEqual(makeEnv('CartPole-v1').reset({ seed: 3 }).obs);
    const spec = envSpec('CartPoleContinuous-v0');
    expect(spec).toMatchObject({ maxEpisodeSteps: 200, rewardThreshold: 195, continuous: true });
    const env = makeEnv('CartPoleContinuous-v0');
    env.reset({ seed: 0 });
    for (let t = 1; t <= 200; t++) {
      env.state = [0, 0, 0, 0];
      const r = env.step([0]);
      expect(r.truncated, `t=${t}`).toBe(t === 200);
      expect(r.terminated).toBe(false);
    }
    expect(spec.solved({ envIndex: 0, return: 200, length: 200, terminated: false, truncated: true, solved: false })).toBe(true);
    expect(spec.solved({ envIndex: 0, return: 150, length: 150, terminated: true, truncated: false, solved: false })).toBe(false);
  });

  it('a = ±1 pushes exactly like CartPole-v1 actions 1 and 0', () => {
    for (const [a, discrete] of [[1, 1], [-1, 0]] as const) {
      const c = makeEnv('CartPoleContinuous-v0');
      const d = makeEnv('CartPole-v1');
      c.reset({ seed: 5 });
      d.reset({ seed: 5 });
      for (let t = 0; t < 5; t++) expect(c.step([a]).obs).toEqual(d.step(discrete).obs);
    }
  });
});

// Seeded rollouts recorded from Gymnasium itself (fixtures/gen_gymnasium_rollouts.py): another
// seed, reset without a seed mid-stream, random and out-of-range actions, episode ends, and
// MountainCarContinuous's float32 arithmetic at its speed limit, wall and goal line.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeEnv } from '../../../src/envs/make-env.ts';
import type { Action, EnvId } from '../../../src/envs/types.ts';

interface Step {
  action: number | number[];
  obs: number[];
  reward: number;
  terminated: boolean;
  truncated: boolean;
  final_state?: number[];
  reset_obs?: number[];
  reset_state?: number[];
}
interface Rollout {
  env_id: EnvId;
  seed: number;
  reset_obs: number[];
  reset_state: number[];
  steps: Step[];
}
interface EdgeCase {
  env_id: EnvId;
  state: number[];
  steps: Step[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = JSON.parse(readFileSync(path.join(here, 'fixtures/gymnasium-rollouts.json'), 'utf8')) as {
  rollouts: Rollout[];
  edge_cases: EdgeCase[];
};

function expectClose(actual: ArrayLike<number>, expected: readonly number[], where: string): void {
  expect(actual.length, where).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `${where} [${i}]`).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(expected[i]));
  }
}

describe.each(fixture.rollouts.map((r) => [r.env_id, r] as const))('%s seeded rollout', (id, roll) => {
  it('matches Gymnasium step by step, through episode ends and unseeded resets', () => {
    const env = makeEnv(id);
    const { obs } = env.reset({ seed: roll.seed });
    expect(Array.from(obs)).toEqual(roll.reset_obs.map(Math.fround));
    expect(env.state).toEqual(roll.reset_state);
    let ends = 0;
    roll.steps.forEach((step, t) => {
      const where = `${id} t=${t}`;
      const result = env.step(step.action as Action);
      expectClose(result.obs, step.obs, `${where} obs`);
      expect(Math.abs(result.reward - step.reward), `${where} reward`).toBeLessThanOrEqual(1e-9);
      expect(result.terminated, `${where} terminated`).toBe(step.terminated);
      expect(result.truncated, `${where} truncated`).toBe(step.truncated);
      if (id === 'MountainCarContinuous-v0' || id === 'Pendulum-v1') {
        // float32 emulation (NEP 50): must be bit-exact, tolerances would hide a float64 shortcut.
        expect(result.reward, `${where} reward bits`).toBe(step.reward);
        expect(Array.from(result.obs), `${where} obs bits`).toEqual(step.obs);
      }
      if (step.reset_obs) {
        ends++;
        expectClose(env.state, step.final_state!, `${where} final state`);
        const reset = env.reset();
        // Reset without a seed continues the env's numpy-compatible generator: exact.
        expect(Array.from(reset.obs), `${where} reset obs`).toEqual(step.reset_obs.map(Math.fround));
        expect(env.state, `${where} reset state`).toEqual(step.reset_state);
      }
    });
    if (id !== 'Acrobot-v1') expect(ends).toBeGreaterThan(0);
  });
});

describe('MountainCarContinuous-v0 float32 arithmetic at the limits', () => {
  it.each(fixture.edge_cases.map((c, i) => [i, c] as const))('edge case %i', (_i, edge) => {
    const env = makeEnv(edge.env_id);
    env.reset({ seed: 0 });
    env.state = edge.state;
    for (const [t, step] of edge.steps.entries()) {
      const result = env.step(step.action as Action);
      // float32 emulation: bit-exact (float32 rounding absorbs libm's last-ulp differences in cos).
      expect(Array.from(result.obs), `t=${t} obs`).toEqual(step.obs);
      expect(result.reward, `t=${t} reward`).toBe(step.reward);
      expect(result.terminated, `t=${t} terminated`).toBe(step.terminated);
    }
  });

  it('hits the speed limit and the wall in the fixtures (the cases exercise what they claim)', () => {
    const obs = fixture.edge_cases.flatMap((c) => c.steps.map((s) => s.obs));
    expect(obs.some(([, v]) => v === Math.fround(0.07))).toBe(true);
    expect(obs.some(([p, v]) => p === Math.fround(-1.2) && v === 0)).toBe(true);
    expect(fixture.edge_cases.some((c) => c.steps.some((s) => s.terminated))).toBe(true);
  });
});

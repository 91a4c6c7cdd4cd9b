// Every classic-control env against trajectories produced by Gymnasium's own source
// (shared/reference/gymnasium-classic-control.json, outside the repo).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeEnv } from '../../../src/envs/make-env.ts';
import type { Action, EnvId } from '../../../src/envs/types.ts';

interface RefStep {
  t: number;
  action: number | number[];
  obs: number[];
  state: number[];
  reward: number;
  terminated: boolean;
  truncated: boolean;
}
interface RefEnv {
  env_id: EnvId;
  max_episode_steps: number;
  reset_seed: number;
  seeded_reset_state: number[];
  seeded_reset_obs: number[];
  initial_state: number[];
  initial_obs: number[];
  steps: RefStep[];
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const reference = JSON.parse(
  readFileSync(path.resolve(repoRoot, '../shared/reference/gymnasium-classic-control.json'), 'utf8'),
) as { envs: Record<string, RefEnv> };

const REL = 1e-5;
const ABS = 1e-6;

/** Largest violation of |a − b| ≤ ABS + REL·|b| (≤ 0 means within tolerance). */
function closeness(actual: ArrayLike<number>, expected: readonly number[]): number {
  expect(actual.length).toBe(expected.length);
  let worst = -Infinity;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) - (ABS + REL * Math.abs(expected[i])));
  }
  return worst;
}

const ids = Object.keys(reference.envs) as EnvId[];

/**
 * Envs whose float32 arithmetic (numpy 2 / NEP 50) is emulated with Math.fround: their rewards and
 * observations must match to the bit, or the emulation is wrong (a float64 shortcut stays within
 * the tolerances above: Pendulum's 0.001·u² in float32 moves the reward by ~4e-10).
 */
const BIT_EXACT: readonly EnvId[] = ['MountainCarContinuous-v0', 'Pendulum-v1'];

it('the reference file covers the five classic-control envs', () => {
  expect(ids.sort()).toEqual(
    ['Acrobot-v1', 'CartPole-v1', 'MountainCar-v0', 'MountainCarContinuous-v0', 'Pendulum-v1'].sort(),
  );
});

describe.each(ids)('%s reproduces Gymnasium', (id) => {
  const ref = reference.envs[id];

  it('replays the recorded trajectory: obs, state, reward and flags at every step', () => {
    const env = makeEnv(id);
    env.reset({ seed: 123 });
    env.state = ref.initial_state;
    expect(env.state).toEqual(ref.initial_state);
    expect(closeness(env.observe(), ref.initial_obs), 'initial obs').toBeLessThanOrEqual(0);
    expect(ref.steps.length).toBeGreaterThan(50);
    for (const step of ref.steps) {
      const result = env.step(step.action as Action);
      const where = `${id} t=${step.t}`;
      expect(result.obs, where).toBeInstanceOf(Float32Array);
      expect(closeness(result.obs, step.obs), `${where} obs`).toBeLessThanOrEqual(0);
      expect(closeness(env.state, step.state), `${where} state`).toBeLessThanOrEqual(0);
      expect(Math.abs(result.reward - step.reward), `${where} reward`).toBeLessThanOrEqual(1e-9);
      expect(result.terminated, `${where} terminated`).toBe(step.terminated);
      expect(result.truncated, `${where} truncated`).toBe(step.truncated);
      if (BIT_EXACT.includes(id)) {
        expect(result.reward, `${where} reward bits`).toBe(step.reward);
        expect(Array.from(result.obs), `${where} obs bits`).toEqual(step.obs);
        expect(env.state, `${where} state bits`).toEqual(step.state);
      }
    }
    // Where the trajectory ends the episode, one more step must be refused.
    const last = ref.steps[ref.steps.length - 1];
    if (last.terminated || last.truncated) {
      expect(() => env.step(ref.steps[0].action as Action)).toThrow(/reset/);
    }
  });

  it('reset({seed}) draws the same initial state as numpy default_rng (PCG64)', () => {
    const env = makeEnv(id);
    const { obs } = env.reset({ seed: ref.reset_seed });
    expect(env.state).toEqual(ref.seeded_reset_state);
    expect(closeness(obs, ref.seeded_reset_obs)).toBeLessThanOrEqual(0);
  });

  it('two instances stepped from the assigned state agree bit for bit (no hidden state)', () => {
    const a = makeEnv(id);
    const b = makeEnv(id);
    a.reset({ seed: 1 });
    b.reset({ seed: 2 });
    a.state = ref.initial_state;
    b.state = ref.initial_state;
    for (const step of ref.steps.slice(0, 20)) {
      const ra = a.step(step.action as Action);
      const rb = b.step(step.action as Action);
      expect(Array.from(ra.obs)).toEqual(Array.from(rb.obs));
      expect(ra.reward).toBe(rb.reward);
    }
  });
});

// Behaviour every env shares: seeding, spaces, bad input, time limits, registry.

import { describe, expect, it } from 'vitest';
import { ENV_IDS, envSpec } from '../../../src/envs/registry.ts';
import { makeEnv } from '../../../src/envs/make-env.ts';
import { makeRng, type Rng } from '../../../src/envs/rng.ts';
import type { Action, BoxSpace, EnvId, EpisodeStats, Space } from '../../../src/envs/types.ts';

function randomAction(space: Space, rng: Rng): Action {
  return space.kind === 'discrete' ? rng.integers(space.n) : Array.from(space.low, (lo, i) => rng.uniform(lo, space.high[i]));
}

function inBox(obs: Float32Array, box: BoxSpace): boolean {
  return obs.length === box.shape[0] && Array.from(obs).every((v, i) => v >= box.low[i] && v <= box.high[i]);
}

/** Observations of `steps` random steps (with resets) from a seeded start. */
function rollout(id: EnvId, seed: number, steps: number): number[][] {
  const env = makeEnv(id);
  const rng = makeRng(1000 + seed);
  const out = [Array.from(env.reset({ seed }).obs)];
  for (let t = 0; t < steps; t++) {
    const r = env.step(randomAction(env.actionSpace, rng));
    out.push([...r.obs, r.reward, Number(r.terminated), Number(r.truncated)]);
    if (r.terminated || r.truncated) out.push(Array.from(env.reset().obs));
  }
  return out;
}

/** Envs whose reset is the same every time (nothing to randomise). */
const FIXED_RESET: readonly EnvId[] = ['GridWorld', 'Probe1', 'Probe3', 'Probe4'];

describe.each(ENV_IDS)('%s', (id) => {
  const spec = envSpec(id);

  it('same seed ⇒ identical trajectory; different seeds ⇒ different', () => {
    const a = rollout(id, 11, 300);
    expect(rollout(id, 11, 300)).toEqual(a);
    if (!FIXED_RESET.includes(id)) {
      // Probes with random obs differ in their sequence of ±1; the others in their initial state.
      expect(rollout(id, 12, 300)).not.toEqual(a);
      expect(makeEnv(id).reset({ seed: 1 }).obs).not.toEqual(makeEnv(id).reset({ seed: 2 }).obs);
    }
  });

  it('random rollouts stay inside the observation space and the reward range', () => {
    const env = makeEnv(id);
    const rng = makeRng(3);
    let obs = env.reset({ seed: 3 }).obs;
    let episodes = 0;
    for (let t = 0; t < 3000; t++) {
      expect(obs).toBeInstanceOf(Float32Array);
      expect(inBox(obs, env.observationSpace), `t=${t} obs ${Array.from(obs)}`).toBe(true);
      const r = env.step(randomAction(env.actionSpace, rng));
      expect(r.reward).toBeGreaterThanOrEqual(spec.rewardRange[0]);
      expect(r.reward).toBeLessThanOrEqual(spec.rewardRange[1]);
      obs = r.obs;
      if (r.terminated || r.truncated) {
        episodes++;
        obs = env.reset().obs;
      }
    }
    expect(episodes).toBeGreaterThan(0);
  });

  it('refuses to step before reset and after the episode ended', () => {
    const env = makeEnv(id);
    const rng = makeRng(0);
    expect(() => env.step(randomAction(env.actionSpace, rng))).toThrow(/reset/);
    env.reset({ seed: 0 });
    for (;;) {
      const r = env.step(randomAction(env.actionSpace, rng));
      if (r.terminated || r.truncated) break;
    }
    expect(() => env.step(randomAction(env.actionSpace, rng))).toThrow(new RegExp(`${id}.*(terminated|truncated).*reset`));
    env.reset();
    expect(() => env.step(randomAction(env.actionSpace, rng))).not.toThrow();
  });

  it('refuses bad actions with a message naming the env, the action and what is allowed', () => {
    const env = makeEnv(id);
    env.reset({ seed: 0 });
    const before = env.state;
    const space = env.actionSpace;
    if (space.kind === 'discrete') {
      for (const bad of [space.n, -1, 0.5, NaN, Infinity, '1' as unknown as number, [0] as unknown as number]) {
        expect(() => env.step(bad), String(bad)).toThrow(new RegExp(`${id}: invalid action .*\\{0, …, ${space.n - 1}\\}`));
      }
    } else {
      expect(() => env.step([NaN])).toThrow(new RegExp(`${id}: invalid action \\[NaN\\].*finite`));
      expect(() => env.step([Infinity])).toThrow(/finite/);
      expect(() => env.step([0, 0])).toThrow(/expected 1 number/);
      expect(() => env.step([])).toThrow(/expected 1 number/);
    }
    expect(env.state).toEqual(before);
  });

  it('state is readable and assignable, and checked', () => {
    const env = makeEnv(id);
    env.reset({ seed: 0 });
    const s = env.state;
    expect(Array.isArray(s)).toBe(true);
    env.state = s;
    expect(env.state).toEqual(s);
    expect(() => {
      env.state = [...s, 0];
    }).toThrow(/state/);
  });
});

describe('time limits (TimeLimit, as gym.make applies them)', () => {
  it.each([
    ['CartPole-v1', 500],
    ['Acrobot-v1', 500],
    ['MountainCar-v0', 200],
    ['MountainCarContinuous-v0', 999],
    ['Pendulum-v1', 200],
    ['CartPoleContinuous-v0', 200],
    ['GridWorld', 100],
  ] as const)('%s truncates after %i steps, counted from each reset', (id, limit) => {
    expect(envSpec(id).maxEpisodeSteps).toBe(limit);
    const env = makeEnv(id);
    const idle: Action = env.actionSpace.kind === 'discrete' ? (id === 'GridWorld' ? 0 : 1) : [0];
    for (const seed of [0, 1]) {
      env.reset({ seed });
      // Hold a state where the env cannot terminate: CartPole/Acrobot/MountainCar re-pinned each step.
      for (let t = 1; t <= limit; t++) {
        if (id === 'CartPole-v1' || id === 'CartPoleContinuous-v0') env.state = [0, 0, 0, 0];
        if (id === 'Acrobot-v1') env.state = [0, 0, 0, 0];
        if (id === 'MountainCar-v0' || id === 'MountainCarContinuous-v0') env.state = [-0.5, 0];
        const r = env.step(idle);
        expect(r.terminated, `t=${t}`).toBe(false);
        expect(r.truncated, `t=${t}`).toBe(t === limit);
      }
    }
  });

  it('the limit can be overridden or removed, like gym.make(max_episode_steps=…)', () => {
    const env = makeEnv('Pendulum-v1', { maxEpisodeSteps: 3 });
    env.reset({ seed: 0 });
    expect([0, 1, 2].map(() => env.step([0]).truncated)).toEqual([false, false, true]);
    const unlimited = makeEnv('Pendulum-v1', { maxEpisodeSteps: null });
    unlimited.reset({ seed: 0 });
    for (let t = 0; t < 1000; t++) expect(unlimited.step([0]).truncated).toBe(false);
    expect(() => makeEnv('Pendulum-v1', { maxEpisodeSteps: 0 })).toThrow(/positive integer/);
  });
});

describe('continuous actions are clipped as Gymnasium clips them', () => {
  it('Pendulum-v1: torque clipped to ±2 for the dynamics and the cost', () => {
    const a = makeEnv('Pendulum-v1');
    const b = makeEnv('Pendulum-v1');
    for (const env of [a, b]) {
      env.reset({ seed: 0 });
      env.state = [1, 0.5];
    }
    const ra = a.step([50]);
    const rb = b.step([2]);
    expect(Array.from(ra.obs)).toEqual(Array.from(rb.obs));
    expect(ra.reward).toBe(rb.reward);
  });

  it('MountainCarContinuous-v0: force clipped to ±1, but the reward penalises the unclipped action', () => {
    const a = makeEnv('MountainCarContinuous-v0');
    const b = makeEnv('MountainCarContinuous-v0');
    for (const env of [a, b]) {
      env.reset({ seed: 0 });
      env.state = [-0.5, 0];
    }
    const ra = a.step([3]);
    const rb = b.step([1]);
    expect(Array.from(ra.obs)).toEqual(Array.from(rb.obs));
    expect(ra.reward).toBeCloseTo(-0.1 * 9, 12);
    expect(rb.reward).toBeCloseTo(-0.1, 12);
  });

  it('a plain number is accepted for a 1-D action', () => {
    const a = makeEnv('Pendulum-v1');
    const b = makeEnv('Pendulum-v1');
    a.reset({ seed: 4 });
    b.reset({ seed: 4 });
    expect(a.step(0.7).reward).toBe(b.step(Float32Array.of(0.7)).reward);
  });
});

describe('reset options', () => {
  it('CartPole-v1 {low, high} bounds the initial state; low > high is refused', () => {
    const env = makeEnv('CartPole-v1');
    env.reset({ seed: 0, options: { low: 0.2, high: 0.3 } });
    for (const v of env.state) expect(v >= 0.2 && v < 0.3).toBe(true);
    expect(() => env.reset({ options: { low: 1, high: 0 } })).toThrow(/lower bound/);
  });

  it('Pendulum-v1 {x_init, y_init} bounds theta and theta_dot', () => {
    const env = makeEnv('Pendulum-v1');
    env.reset({ seed: 0, options: { x_init: 0.1, y_init: 0.2 } });
    const [th, thdot] = env.state;
    expect(Math.abs(th)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(thdot)).toBeLessThanOrEqual(0.2);
  });

  it('MountainCar-v0 starts at rest in [−0.6, −0.4)', () => {
    const env = makeEnv('MountainCar-v0');
    for (let seed = 0; seed < 20; seed++) {
      env.reset({ seed });
      const [x, v] = env.state;
      expect(x >= -0.6 && x < -0.4 && v === 0).toBe(true);
    }
  });

  it('an env reset without a seed is still deterministic per process order, and distinct per instance', () => {
    const a = makeEnv('CartPole-v1').reset().obs;
    const b = makeEnv('CartPole-v1').reset().obs;
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });
});

describe('registry', () => {
  it('lists every id and makes each', () => {
    expect(ENV_IDS).toEqual([
      'CartPole-v1', 'Acrobot-v1', 'MountainCar-v0', 'MountainCarContinuous-v0', 'Pendulum-v1',
      'CartPoleContinuous-v0', 'GridWorld', 'Probe1', 'Probe2', 'Probe3', 'Probe4', 'Probe5',
    ]);
    for (const id of ENV_IDS) {
      const env = makeEnv(id);
      expect(env.id).toBe(id);
      expect(envSpec(id).id).toBe(id);
      expect(envSpec(id).continuous).toBe(env.actionSpace.kind === 'box');
    }
  });

  it('an unknown id throws, listing the valid ids', () => {
    expect(() => makeEnv('CartPole-v0' as EnvId)).toThrow(/Unknown env id 'CartPole-v0'.*CartPole-v1.*Probe5/);
    expect(() => envSpec('nope' as EnvId)).toThrow(/valid ids/);
  });

  it('an unknown option throws, naming the allowed ones', () => {
    expect(() => makeEnv('CartPole-v1', { slip: 0.1 })).toThrow(/unknown option 'slip'.*maxEpisodeSteps/);
    expect(makeEnv('Pendulum-v1', { g: 9.81 }).unwrapped).toHaveProperty('g', 9.81);
  });

  it('reward thresholds follow Gymnasium', () => {
    expect(envSpec('CartPole-v1').rewardThreshold).toBe(475);
    expect(envSpec('Acrobot-v1').rewardThreshold).toBe(-100);
    expect(envSpec('MountainCar-v0').rewardThreshold).toBe(-110);
    expect(envSpec('MountainCarContinuous-v0').rewardThreshold).toBe(90);
    expect(envSpec('Pendulum-v1').rewardThreshold).toBe(-200);
  });

  it('solved() encodes each env\'s solved condition', () => {
    const ep = (o: Partial<EpisodeStats>): EpisodeStats => ({
      envIndex: 0, return: 0, length: 1, terminated: false, truncated: false, solved: false, ...o,
    });
    expect(envSpec('CartPole-v1').solved(ep({ length: 500, return: 500, truncated: true }))).toBe(true);
    expect(envSpec('CartPole-v1').solved(ep({ length: 499, return: 499, terminated: true }))).toBe(false);
    expect(envSpec('MountainCar-v0').solved(ep({ length: 150, terminated: true }))).toBe(true);
    expect(envSpec('MountainCar-v0').solved(ep({ length: 200, truncated: true }))).toBe(false);
    expect(envSpec('MountainCarContinuous-v0').solved(ep({ terminated: true }))).toBe(true);
    expect(envSpec('Acrobot-v1').solved(ep({ length: 80, terminated: true }))).toBe(true);
    expect(envSpec('Acrobot-v1').solved(ep({ length: 500, truncated: true }))).toBe(false);
    expect(envSpec('Pendulum-v1').solved(ep({ return: -150, truncated: true }))).toBe(true);
    expect(envSpec('Pendulum-v1').solved(ep({ return: -250, truncated: true }))).toBe(false);
    expect(envSpec('GridWorld').solved(ep({ return: 0.93, terminated: true }))).toBe(true);
    expect(envSpec('GridWorld').solved(ep({ return: -1.05, terminated: true }))).toBe(false);
    expect(envSpec('Probe4').solved(ep({ return: 1, terminated: true }))).toBe(true);
    expect(envSpec('Probe4').solved(ep({ return: -1, terminated: true }))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { envSpec } from '../../../src/envs/registry.ts';
import { makeEnv } from '../../../src/envs/make-env.ts';
import { makeRng } from '../../../src/envs/rng.ts';
import type { EnvId, EpisodeStats } from '../../../src/envs/types.ts';
import { VectorEnv } from '../../../src/envs/vector-env.ts';

/** Actions for numEnvs sub-envs over T steps, from a seeded RNG. */
function actionBatches(id: EnvId, numEnvs: number, steps: number, seed: number): number[][] {
  const env = makeEnv(id);
  const rng = makeRng(seed);
  const space = env.actionSpace;
  return Array.from({ length: steps }, () =>
    Array.from({ length: numEnvs * env.actDim }, () =>
      space.kind === 'discrete' ? rng.integers(space.n) : rng.uniform(space.low[0], space.high[0]),
    ),
  );
}

/** What Gymnasium 0.29's SyncVectorEnv + RecordEpisodeStatistics do, written out with single envs. */
function handRolled(id: EnvId, numEnvs: number, seed: number, batches: number[][]) {
  const envs = Array.from({ length: numEnvs }, () => makeEnv(id));
  const obs = envs.map((e, i) => Array.from(e.reset({ seed: seed + i }).obs));
  const returns = new Array(numEnvs).fill(0);
  const lengths = new Array(numEnvs).fill(0);
  type Step = { obs: number[][]; rewards: number[]; flags: [number, number][]; final: (number[] | null)[]; episodes: EpisodeStats[] };
  const log: Step[] = [];
  for (const actions of batches) {
    const step: Step = { obs: [], rewards: [], flags: [], final: [], episodes: [] };
    envs.forEach((env, i) => {
      const a = env.actionSpace.kind === 'discrete' ? actions[i] : [actions[i]];
      const r = env.step(a);
      returns[i] += r.reward;
      lengths[i] += 1;
      step.rewards.push(r.reward);
      step.flags.push([Number(r.terminated), Number(r.truncated)]);
      if (r.terminated || r.truncated) {
        const ep = { envIndex: i, return: returns[i], length: lengths[i], terminated: r.terminated, truncated: r.truncated, solved: false };
        ep.solved = envSpec(id).solved(ep);
        step.episodes.push(ep);
        step.final.push(Array.from(r.obs));
        returns[i] = 0;
        lengths[i] = 0;
        obs[i] = Array.from(env.reset().obs);
      } else {
        step.final.push(null);
        obs[i] = Array.from(r.obs);
      }
    });
    step.obs = obs.map((o) => [...o]);
    log.push(step);
  }
  return log;
}

describe('VectorEnv', () => {
  it.each([
    ['CartPole-v1', 4, 1500],
    ['Pendulum-v1', 3, 450],
    ['MountainCarContinuous-v0', 2, 1200],
    ['GridWorld', 3, 400],
    ['Probe3', 2, 10],
  ] as const)('%s ×%i: same-step autoreset and episode statistics match a hand-rolled loop', (id, n, steps) => {
    const seed = 5;
    const batches = actionBatches(id, n, steps, 99);
    const expected = handRolled(id, n, seed, batches);
    const vec = new VectorEnv(id, n);
    const first = vec.reset(seed);
    expect(first.length).toBe(n * vec.obsDim);
    let episodes = 0;
    batches.forEach((actions, t) => {
      const r = vec.step(actions);
      const e = expected[t];
      expect(Array.from(r.obs), `t=${t} obs`).toEqual(e.obs.flat().map(Math.fround));
      expect(Array.from(r.rewards), `t=${t} rewards`).toEqual(e.rewards);
      expect(r.finalObs.map((o) => (o ? Array.from(o) : null)), `t=${t} finalObs`).toEqual(
        e.final.map((o) => (o ? o.map(Math.fround) : null)),
      );
      expect(Array.from(r.terminated), `t=${t} terminated`).toEqual(e.flags.map((f) => f[0]));
      expect(Array.from(r.truncated), `t=${t} truncated`).toEqual(e.flags.map((f) => f[1]));
      expect(r.episodes, `t=${t} episodes`).toEqual(e.episodes);
      episodes += r.episodes.length;
    });
    expect(episodes).toBeGreaterThan(0);
  });

  it('reset(seed) resets sub-env i with seed + i', () => {
    const vec = new VectorEnv('CartPole-v1', 3);
    const obs = vec.reset(10);
    for (let i = 0; i < 3; i++) {
      expect(Array.from(obs.subarray(i * 4, i * 4 + 4))).toEqual(Array.from(makeEnv('CartPole-v1').reset({ seed: 10 + i }).obs));
    }
  });

  it('reports truncation with the final observation, and solved per the spec', () => {
    const vec = new VectorEnv('Pendulum-v1', 2);
    vec.reset(0);
    let last;
    for (let t = 1; t <= 200; t++) {
      for (let i = 0; i < 2; i++) vec.envs[i].state = [0, 0]; // upright and still: cost 0
      last = vec.step([0, 0]);
      if (t < 200) {
        expect(last.episodes).toEqual([]);
        expect(vec.episodeLength(0)).toBe(t);
      }
    }
    expect(Array.from(last!.truncated)).toEqual([1, 1]);
    expect(Array.from(last!.terminated)).toEqual([0, 0]);
    expect(last!.finalObs.every((o) => o !== null && o[0] === 1)).toBe(true);
    expect(last!.episodes.map((e) => [e.envIndex, e.length, e.return, e.truncated, e.solved])).toEqual([
      [0, 200, 0, true, true],
      [1, 200, 0, true, true],
    ]);
    expect(vec.episodeLength(0)).toBe(0);
    expect(vec.episodeReturn(1)).toBe(0);
  });

  it('tracks running return and length per sub-env', () => {
    const vec = new VectorEnv('MountainCar-v0', 2);
    vec.reset(0);
    vec.step([0, 1]);
    vec.step([2, 2]);
    expect([vec.episodeReturn(0), vec.episodeLength(0), vec.episodeReturn(1), vec.episodeLength(1)]).toEqual([-2, 2, -2, 2]);
  });

  it('reuses its typed arrays between steps', () => {
    const vec = new VectorEnv('CartPole-v1', 2);
    const obs = vec.reset(0);
    const a = vec.step([0, 1]);
    const b = vec.step([1, 0]);
    expect(a).toBe(b);
    expect(b.obs).toBe(obs);
  });

  it('refuses bad batches before stepping any sub-env', () => {
    const vec = new VectorEnv('CartPole-v1', 3);
    expect(() => vec.step([0, 0, 0])).toThrow(/before reset/);
    vec.reset(0);
    const before = vec.envs.map((e) => e.state);
    expect(() => vec.step([0, 1])).toThrow(/expected 3 actions/);
    expect(() => vec.step([0, 1, 2])).toThrow(/invalid action 2 for sub-env 2.*\{0, …, 1\}/);
    expect(() => vec.step([0, NaN, 1])).toThrow(/sub-env 1/);
    expect(vec.envs.map((e) => e.state)).toEqual(before);
    const cont = new VectorEnv('Pendulum-v1', 2);
    cont.reset(0);
    expect(() => cont.step([0, NaN])).toThrow(/finite/);
    expect(() => new VectorEnv('CartPole-v1', 0)).toThrow(/numEnvs/);
  });

  it('exposes single-env spaces, dims and the spec', () => {
    const vec = new VectorEnv('GridWorld', 2, { layout: ['S.G'] });
    expect(vec.obsDim).toBe(3);
    expect(vec.actionSpace).toEqual({ kind: 'discrete', n: 4 });
    expect(vec.observationSpace.shape).toEqual([3]);
    expect(vec.spec.id).toBe('GridWorld');
    expect(vec.envs).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import { makeEnv } from '../../../src/envs/make-env.ts';
import { VectorEnv } from '../../../src/envs/vector-env.ts';

describe('FrameSkip (makeEnv frameSkip option)', () => {
  it('repeats the action k frames, summing their rewards, exactly like k plain steps', () => {
    const skipped = makeEnv('CartPole-v1', { frameSkip: 4 });
    const plain = makeEnv('CartPole-v1');
    skipped.reset({ seed: 3 });
    plain.reset({ seed: 3 });
    const actions = [0, 1, 1, 0, 1];
    for (const a of actions) {
      const r = skipped.step(a);
      let sum = 0;
      let last = null;
      for (let i = 0; i < 4; i++) {
        last = plain.step(a);
        sum += last.reward;
        if (last.terminated || last.truncated) break;
      }
      expect(r.reward).toBe(sum);
      expect(Array.from(r.obs)).toEqual(Array.from(last!.obs));
      expect(skipped.state).toEqual(plain.state);
      if (r.terminated) break;
    }
  });

  it("'last' keeps only the last frame's reward; the time limit still counts frames", () => {
    const env = makeEnv('Pendulum-v1', { frameSkip: 4, frameSkipReward: 'last' });
    const ref = makeEnv('Pendulum-v1');
    env.reset({ seed: 1 });
    ref.reset({ seed: 1 });
    const r = env.step(new Float32Array([0.5]));
    let lastReward = 0;
    for (let i = 0; i < 4; i++) lastReward = ref.step(new Float32Array([0.5])).reward;
    expect(r.reward).toBe(lastReward);
    // Pendulum's 200-frame limit is 50 skipped steps.
    let steps = 1;
    for (let truncated = false; !truncated; steps++) truncated = env.step(new Float32Array([0])).truncated;
    expect(steps).toBe(50);
  });

  it('VectorEnv reports episode lengths in frames, so CartPole is solved at 500 frames', () => {
    const vec = new VectorEnv('CartPole-v1', 1, { frameSkip: 4 });
    vec.reset(1);
    const lengths: number[] = [];
    const returns: number[] = [];
    for (let t = 0; t < 400 && lengths.length < 5; t++) {
      for (const ep of vec.step([t % 2]).episodes) {
        lengths.push(ep.length);
        returns.push(ep.return);
      }
    }
    expect(lengths.length).toBeGreaterThan(0);
    // Summed rewards: the return of a CartPole episode equals its length in frames.
    expect(returns).toEqual(lengths);
  });

  it('refuses a skip that is not a positive integer', () => {
    expect(() => makeEnv('CartPole-v1', { frameSkip: 0 })).toThrow(/positive integer/);
    expect(() => makeEnv('CartPole-v1', { frameSkip: 2.5 })).toThrow(/positive integer/);
  });
});

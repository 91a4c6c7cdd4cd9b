// The helpers the on-policy agents share (on-policy.ts, ppo-batch.ts, vpg-episodes.ts) on small hand-checked
// cases: one read-back per update, sampling and clipping, the JS mirror's parameter order, the minibatch
// gather, and VPG's episode storage.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import * as on from '../../../src/agents/on-policy.ts';
import { gaussianLogProb } from '../../../src/agents/policy-dist.ts';
import { createMinibatch, fillMinibatch, permutation, type RolloutBatch } from '../../../src/agents/ppo-batch.ts';
import { appendEpisode, createEpisodeBatch, createTrajectory, stageStep } from '../../../src/agents/vpg-episodes.ts';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import { makeFastRng } from '../../../src/envs/rng.ts';
import type { EnvId } from '../../../src/envs/types.ts';

beforeAll(async () => {
  await useBackend('cpu');
});

const ACTING = { numEnvs: 2, normalizeObs: false, normalizeReturns: false, returnNormWarmup: 0, obsClip: 10, gamma: 0.99 };
const build = { obsNormalizer: true, returnNormalizer: true };
const NETS = { hiddenSizes: [4], activation: 'tanh', orthoInit: true, logStdInit: -0.5 } as const;

function acting(env: EnvId): on.Acting {
  return on.createActing(makeRunConfig(env, 'ppo', { seed: 3 }), ACTING, build);
}

describe('readBack', () => {
  it('reads single tensors and groups in one buffer, gives null for absent parts, and disposes what it read', async () => {
    const before = tf.memory().numTensors;
    const [a, none, group, empty] = await on.readBack([tf.tensor1d([1, 2]), null, [tf.tensor2d([[3], [4]]), null, tf.scalar(5)], [null]]);
    expect(Array.from(a!)).toEqual([1, 2]);
    expect(none).toBeNull();
    expect(Array.from(group!)).toEqual([3, 4, 5]);
    expect(empty).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('acting', () => {
  it('samples continuous actions into the buffer, clips only what the env gets, and logs π of the sample', () => {
    const a = acting('Pendulum-v1');
    const nets = on.createActorCritic(a, { ...NETS, critic: true, order: ['actor', 'critic', 'logStd'] }, makeFastRng(1));
    a.head.set([5, -5]); // means far outside Pendulum's [−2, 2]
    const actions = new Float32Array(4);
    const logProbs = new Float64Array(2);
    on.sampleActions(a, nets, actions, 1, logProbs);
    expect(Math.abs(actions[1] - 5)).toBeLessThan(3);
    expect(Math.abs(actions[2] + 5)).toBeLessThan(3);
    expect(Array.from(a.envActions)).toEqual([2, -2]);
    expect(logProbs[1]).toBeCloseTo(gaussianLogProb(a.head, 0, nets.jsLogStd, actions, 1), 12);
    on.disposeActorCritic(nets);
  });

  it("mirrors the weights in the networks' flat order (VPG's: actor, log σ, critic) and predicts like tfjs", () => {
    const a = acting('Pendulum-v1');
    const nets = on.createActorCritic(a, { ...NETS, critic: true, order: ['actor', 'logStd', 'critic'] }, makeFastRng(2));
    nets.logStd!.assign(tf.tensor1d([0.25]));
    on.syncJsWeights(nets);
    expect(Array.from(nets.jsLogStd)).toEqual([0.25]);
    const obs = [0.1, -0.2, 0.3, 0.5, 0.4, -0.6];
    const { policy, values } = on.predict(a, nets, obs, 2);
    const want = tf.tidy(() => {
      const x = tf.tensor2d(obs, [2, 3]);
      return [nets.actor.forward(x).dataSync(), nets.critic!.forward(x).dataSync()];
    });
    for (let i = 0; i < 2; i++) {
      expect(policy[i]).toBeCloseTo(want[0][i], 5);
      expect(values[i]).toBeCloseTo(want[1][i], 5);
    }
    on.disposeActorCritic(nets);
  });

  it('collects a time-major rollout and counts env steps on the agent', async () => {
    const a = acting('CartPole-v1');
    const nets = on.createActorCritic(a, { ...NETS, critic: true, order: ['actor', 'critic', 'logStd'] }, makeFastRng(4));
    on.syncJsWeights(nets);
    const r = on.createRollout(a, 3, true);
    const agent = { envSteps: 0, updates: 0 };
    const ctx = { config: makeRunConfig('CartPole-v1', 'ppo'), sink: { at() {}, scalar() {}, histogram() {}, episode() {} } };
    await on.collectRollout(a, nets, r, ctx, agent, { bootstrapTruncated: true, rewardClip: null, timing: on.newTiming(), infer: null });
    expect(agent.envSteps).toBe(6);
    expect(Array.from(r.rewards)).toEqual([1, 1, 1, 1, 1, 1]);
    for (const action of r.actions) expect([0, 1]).toContain(action);
    for (const lp of r.logProbs!) expect(lp).toBeCloseTo(Math.log(0.5), 1);
    on.disposeActorCritic(nets);
  });
});

describe('PPO minibatches', () => {
  it('shuffles to a permutation and gathers rows, one-hot actions and normalised advantages', () => {
    const p = permutation(6, makeFastRng(5));
    expect([...p].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(Array.from(permutation(6, makeFastRng(5)))).toEqual(Array.from(p));
    const batch: RolloutBatch = {
      obs: Float32Array.from([0, 10, 20, 30, 40, 50]),
      actions: Float32Array.from([0, 1, 1, 0, 1, 0]),
      values: Float64Array.from([0, 1, 2, 3, 4, 5]),
      advantages: Float64Array.from([1, 2, 3, 4, 5, 6]),
      returns: Float64Array.from([6, 5, 4, 3, 2, 1]),
      logProbs: Float32Array.from([-1, -2, -3, -4, -5, -6]),
    };
    const space = { discrete: true, size: 2, dim: 1, low: null, high: null };
    const mb = createMinibatch(2, 1, space);
    const perm = Int32Array.from([4, 1, 0, 2, 3, 5]);
    fillMinibatch(mb, batch, perm, 0, space, { normalizeAdvantages: false });
    expect(Array.from(mb.obs)).toEqual([40, 10]);
    expect(Array.from(mb.actions)).toEqual([0, 1, 0, 1]);
    expect(Array.from(mb.logProbs)).toEqual([-5, -2]);
    expect(Array.from(mb.advantages)).toEqual([5, 2]);
    fillMinibatch(mb, batch, perm, 2, space, { normalizeAdvantages: true });
    expect(Array.from(mb.actions)).toEqual([1, 0, 0, 1]);
    expect(mb.advantages[0]).toBeCloseTo(-Math.SQRT1_2, 6);
    expect(mb.advantages[1]).toBeCloseTo(Math.SQRT1_2, 6);
  });
});

describe('VPG episode storage', () => {
  it('stages steps past the initial room and appends whole episodes back to back, growing the batch', () => {
    const traj = createTrajectory(1, 2, 1);
    const batch = createEpisodeBatch(2, 2, 1);
    for (let t = 0; t < 3; t++) {
      stageStep(traj, Float32Array.from([t, -t]), Float32Array.from([t % 2]), -t, 10 * t);
      traj.rewards[t] = 1;
    }
    appendEpisode(batch, traj, 0.5, 2, 1);
    stageStep(traj, Float32Array.from([9, 9]), Float32Array.from([1]), -9, 90);
    appendEpisode(batch, traj, 0, 2, 1);
    expect(batch.size).toBe(4);
    expect(batch.episodes).toEqual([
      { start: 0, length: 3, tail: 0.5 },
      { start: 3, length: 1, tail: 0 },
    ]);
    expect(Array.from(batch.obs.subarray(0, 8))).toEqual([0, -0, 1, -1, 2, -2, 9, 9]);
    expect(Array.from(batch.values.subarray(0, 4))).toEqual([0, 10, 20, 90]);
    expect(batch.returns.length).toBeGreaterThanOrEqual(5);
    expect(traj.length).toBe(0);
  });
});

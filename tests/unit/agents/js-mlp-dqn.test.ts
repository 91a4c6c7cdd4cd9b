// DQN's `js` compute path (js-mlp-dqn.ts) against tfjs, the reference: Q outputs, the TD loss (MSE and
// Huber, mean and sum, Double DQN, the done mask and its bug switches) and its gradient against tfjs
// autodiff of the loss written as dqn.ts gradientStep writes it, Adam steps (nets.ts Adam), Polyak target
// updates, and a DQN agent on compute=js against compute=tfjs. Random nets and batches; every comparison
// within 1e-5 (relative to the value's size where it is > 1). The probe envs and every bug signature run
// on js too: tests/unit/agents/dqn.test.ts (both paths) and dqn-bugs.test.ts (the default, auto → js).

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { DqnAgent } from '../../../src/agents/dqn.ts';
import { JS_DQN_STAT_COUNT, JsDqnLearner, usesJsDqn, type JsDqnLoss } from '../../../src/agents/js-mlp-dqn.ts';
import { kernelsAvailable } from '../../../src/agents/js-mlp.ts';
import { Adam, flattenVariables, Mlp } from '../../../src/agents/nets.ts';
import type { ReplayBatch } from '../../../src/agents/replay-buffer.ts';
import type { Activation } from '../../../src/config/ppo-config.ts';
import { makeRunConfig, resolveConfig } from '../../../src/config/resolve.ts';
import type { HyperValue } from '../../../src/config/run-config.ts';
import { makeFastRng, type Xoshiro128 } from '../../../src/envs/rng.ts';
import { isTimingKey, RecordingSink } from './helpers.ts';

const TOL = 1e-5;

beforeAll(async () => {
  await useBackend('cpu');
});

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  expect(worst, `${what}: worst at ${at} (${actual[at]} vs ${expected[at]})`).toBeLessThanOrEqual(TOL);
}

const normals = (n: number, rng: Xoshiro128, scale = 1): Float32Array => Float32Array.from({ length: n }, () => rng.normal() * scale);
const flat = (vars: readonly tf.Tensor[]): Float32Array => tf.tidy(() => flattenVariables(vars).dataSync() as Float32Array);

let nets = 0;
/** A Q-network under a fresh variable name (a failed test that skips its dispose does not break the next). */
function qNet(name: string, sizes: number[], activation: Activation, seed: number): Mlp {
  return new Mlp({ name: `${name}${nets++}`, sizes, activation, orthoInit: false, hiddenGain: Math.SQRT2, outputGain: 1 }, makeFastRng(seed));
}

/** A random minibatch: a third of the rows terminal; rewards and observations on CartPole-like scales. */
function randomBatch(B: number, D: number, A: number, rng: Xoshiro128): ReplayBatch {
  return {
    size: B,
    obs: normals(B * D, rng),
    nextObs: normals(B * D, rng),
    actions: Int32Array.from({ length: B }, () => rng.integers(A)),
    rewards: normals(B, rng, 2),
    terminated: Float32Array.from({ length: B }, () => (rng.random() < 1 / 3 ? 1 : 0)),
  };
}

/**
 * dqn.ts gradientStep's loss in tfjs (same ops, same order), with tfjs autodiff: the seven loss statistics,
 * the flat gradient and the TD targets; `previousTargets` is the reused buffer uninitialized_buffer reads.
 */
function tfjsTdLoss(online: Mlp, target: Mlp, b: ReplayBatch, p: JsDqnLoss, previousTargets: Float32Array): { stats: Float32Array; grad: Float32Array; targets: Float32Array } {
  return tf.tidy(() => {
    const B = b.size;
    const D = online.sizes[0];
    const A = online.sizes[online.sizes.length - 1];
    const obs = tf.tensor2d(b.obs, [B, D]);
    const nextObs = tf.tensor2d(b.nextObs, [B, D]);
    const mask = new Float32Array(B * A);
    for (let j = 0; j < B; j++) mask[j * A + b.actions[j]] = 1;
    const actionMask = tf.tensor2d(mask, [B, A]);
    const rewards = tf.tensor1d(b.rewards);
    const terminated = tf.tensor1d(b.terminated);
    const nextQ = target.forward(nextObs);
    const nextValue = p.doubleDqn ? tf.sum(tf.mul(nextQ, tf.oneHot(tf.argMax(online.forward(nextObs), 1), A)), 1) : tf.max(nextQ, 1);
    const done = p.ignoreDone ? tf.zerosLike(terminated) : terminated;
    const bootstrapped = tf.add(rewards, tf.mul(nextValue, p.gamma));
    const tdTarget = tf.where(tf.greater(done, 0.5), p.staleTerminalTargets ? tf.tensor1d(previousTargets) : rewards, bootstrapped) as tf.Tensor1D;
    let stats: tf.Tensor = tf.zeros([7]);
    const { grads } = tf.variableGrads(() => {
      const qTaken = tf.sum(tf.mul(online.forward(obs), actionMask), 1);
      const tdError = tf.sub(qTaken, tdTarget);
      let perSample: tf.Tensor;
      if (p.loss === 'huber') {
        const absErr = tf.abs(tdError);
        const quadratic = tf.minimum(absErr, 1);
        perSample = tf.add(tf.mul(0.5, tf.square(quadratic)), tf.sub(absErr, quadratic));
      } else perSample = tf.square(tdError);
      const total = (p.sumLoss ? tf.sum(perSample) : tf.mean(perSample)) as tf.Scalar;
      stats = tf.keep(tf.stack([total, tf.mean(qTaken), tf.min(qTaken), tf.max(qTaken), tf.mean(tdTarget), tf.min(tdTarget), tf.max(tdTarget)]));
      return total;
    }, online.variables);
    return { stats: stats.dataSync() as Float32Array, grad: flat(online.variables.map((v) => grads[v.name])), targets: tdTarget.dataSync() as Float32Array };
  });
}

const HEALTHY: JsDqnLoss = { gamma: 0.99, loss: 'mse', doubleDqn: false, ignoreDone: false, sumLoss: false, staleTerminalTargets: false };

describe('JsDqnLearner against tfjs', () => {
  const cases: { sizes: number[]; activation: Activation; B: number; loss: Partial<JsDqnLoss> }[] = [
    // CleanRL dqn.py: 120-84 ReLU, MSE, batch 128.
    { sizes: [4, 120, 84, 2], activation: 'relu', B: 128, loss: {} },
    { sizes: [4, 120, 84, 2], activation: 'relu', B: 128, loss: { loss: 'huber' } },
    // zoo-sized, Double DQN, Huber; sum over the batch.
    { sizes: [6, 256, 256, 3], activation: 'relu', B: 64, loss: { loss: 'huber', doubleDqn: true } },
    { sizes: [2, 32, 32, 3], activation: 'tanh', B: 33, loss: { sumLoss: true, gamma: 0.5 } },
    // Off the kernels' 4- and 8-column blocks; ignore_done.
    { sizes: [3, 13, 7, 5], activation: 'relu', B: 7, loss: { loss: 'huber', ignoreDone: true } },
  ];
  cases.forEach(({ sizes, activation, B, loss }, c) => {
    const p = { ...HEALTHY, ...loss };
    it(`${sizes.join('-')} ${activation}, batch ${B}, ${JSON.stringify(loss)}: Q outputs, TD loss statistics and dL/dθ`, () => {
      const rng = makeFastRng(300 + c);
      const D = sizes[0];
      const A = sizes[sizes.length - 1];
      const online = qNet('online', sizes, activation, 30 + c);
      const target = qNet('target', sizes, activation, 60 + c);
      const learner = new JsDqnLearner({ sizes, activation, adamEps: 1e-8, aliasTarget: false }, flat(online.variables), B);
      // The target network differs from the online one (as between two hard updates).
      learner.arena.view(learner.targetSlot).set(flat(target.variables));
      const batch = randomBatch(B, D, A, rng);

      const q = new Float32Array(B * A);
      learner.qValues(batch.obs, B, q);
      expectClose(q, tf.tidy(() => online.forward(tf.tensor2d(batch.obs, [B, D])).dataSync()), 'Q(s, ·)');

      const stats = new Float32Array(JS_DQN_STAT_COUNT);
      learner.lossAndGrad(batch, p, stats, 0);
      const ref = tfjsTdLoss(online, target, batch, p, new Float32Array(B));
      expectClose(stats.subarray(0, 7), ref.stats, 'loss, Q(s,a) and target statistics');
      expectClose(learner.tdTargets, ref.targets, 'TD targets');
      expectClose(learner.grad, ref.grad, 'gradients');
      if (p.loss === 'huber') {
        // Both Huber branches are exercised: some |TD error| < 1, some > 1.
        let inside = 0;
        for (let r = 0; r < B; r++) if (Math.abs(learner.qTaken[r] - ref.targets[r]) < 1) inside++;
        expect(inside).toBeGreaterThan(0);
        expect(inside).toBeLessThan(B);
      }
      online.dispose();
      target.dispose();
    });
  });

  it('uninitialized_buffer: terminal rows keep the previous step\'s targets (the reused buffer), as tfjs\'s', () => {
    const sizes = [4, 16, 16, 2];
    const rng = makeFastRng(7);
    const online = qNet('online', sizes, 'relu', 1);
    const learner = new JsDqnLearner({ sizes, activation: 'relu', adamEps: 1e-8, aliasTarget: false }, flat(online.variables), 32);
    const p = { ...HEALTHY, staleTerminalTargets: true };
    const stats = new Float32Array(JS_DQN_STAT_COUNT);
    const first = randomBatch(32, 4, 2, rng);
    learner.lossAndGrad(first, p, stats, 0);
    const previous = learner.tdTargets.slice();
    const second = randomBatch(32, 4, 2, rng);
    learner.lossAndGrad(second, p, stats, 0);
    const ref = tfjsTdLoss(online, online, second, p, previous);
    expectClose(learner.tdTargets, ref.targets, 'TD targets');
    expectClose(learner.grad, ref.grad, 'gradients');
    let stale = 0;
    for (let r = 0; r < 32; r++) if (second.terminated[r] === 1 && learner.tdTargets[r] !== second.rewards[r]) stale++;
    expect(stale).toBeGreaterThan(3);
    online.dispose();
  });

  for (const maxGradNorm of [null, 0.5]) {
    it(`five gradient steps (loss, backward, Adam${maxGradNorm === null ? '' : `, clip ${maxGradNorm}`}) leave the parameters and grad norms tfjs's leave`, () => {
      const sizes = [4, 120, 84, 2];
      const rng = makeFastRng(11);
      const online = qNet('online', sizes, 'relu', 5);
      const target = qNet('target', sizes, 'relu', 6);
      const learner = new JsDqnLearner({ sizes, activation: 'relu', adamEps: 1e-8, aliasTarget: false }, flat(online.variables), 128);
      learner.arena.view(learner.targetSlot).set(flat(target.variables));
      const adam = new Adam(online.variables, 1e-8);
      const p: JsDqnLoss = { ...HEALTHY, loss: 'huber' };
      const stats = new Float32Array(JS_DQN_STAT_COUNT);
      for (let s = 0; s < 5; s++) {
        const batch = randomBatch(128, 4, 2, rng);
        learner.step(batch, p, 1e-3, maxGradNorm, stats, 0);
        const ref = tfjsTdLoss(online, target, batch, p, new Float32Array(128));
        const refNorm = tf.tidy(() => {
          let o = 0;
          const grads = online.variables.map((v) => {
            const g = tf.tensor(ref.grad.subarray(o, o + v.size), v.shape);
            o += v.size;
            return g;
          });
          return adam.step(grads, 1e-3, maxGradNorm).dataSync()[0];
        });
        expect(Math.abs(stats[JS_DQN_STAT_COUNT - 1] - refNorm) / refNorm, `grad norm at step ${s}`).toBeLessThanOrEqual(TOL);
      }
      expectClose(learner.params, flat(online.variables), 'parameters after 5 steps');
      adam.dispose();
      online.dispose();
      target.dispose();
    });
  }

  it('updates the target network by Polyak averaging as tfjs (τ = 0.3), copies it at τ = 1, and shares the online slot when aliased', () => {
    const sizes = [4, 8, 2];
    const online = qNet('online', sizes, 'relu', 2);
    const target = qNet('target', sizes, 'relu', 3);
    const learner = new JsDqnLearner({ sizes, activation: 'relu', adamEps: 1e-8, aliasTarget: false }, flat(online.variables), 4);
    learner.arena.view(learner.targetSlot).set(flat(target.variables));
    learner.updateTarget(0.3);
    const ref = tf.tidy(() => tf.add(tf.mul(flattenVariables(online.variables), 0.3), tf.mul(flattenVariables(target.variables), 1 - 0.3)).dataSync());
    expectClose(learner.arena.view(learner.targetSlot), ref, 'Polyak target');
    learner.updateTarget(1);
    expect(Array.from(learner.arena.view(learner.targetSlot))).toEqual(Array.from(learner.params));
    const aliased = new JsDqnLearner({ sizes, activation: 'relu', adamEps: 1e-8, aliasTarget: true }, flat(online.variables), 4);
    expect(aliased.targetSlot).toBe(aliased.paramSlot);
    online.dispose();
    target.dispose();
  });
});

describe('DQN on compute=js against compute=tfjs', () => {
  const SMALL: Record<string, HyperValue> = { hiddenSizes: '32,32', batchSize: 32, bufferSize: 2000, learningStarts: 64, trainFreq: 4, targetNetworkFrequency: 40, logEvery: 50, histogramEvery: 1, doubleDqn: true };

  async function firstReports(compute: string, reports: number): Promise<RecordingSink> {
    const run = makeRunConfig('CartPole-v1', 'dqn', { seed: 2, totalSteps: null, preset: 'playground', overrides: { ...SMALL, compute } });
    const sink = new RecordingSink();
    const agent = new DqnAgent({ config: run, sink }, resolveConfig(run));
    try {
      expect(agent.js !== null).toBe(compute === 'js');
      while (sink.series('losses/td_loss').length < reports) await agent.iterate();
    } finally {
      agent.dispose();
    }
    return sink;
  }

  it('reports the same losses, Q statistics, grad norms, dead-ReLU fractions and histograms (two reports, 13 gradient steps)', async () => {
    const js = await firstReports('js', 2);
    const ref = await firstReports('tfjs', 2);
    const scalars = (s: RecordingSink): Map<string, number> => new Map(s.points.filter((p) => !isTimingKey(p.key) && !p.key.startsWith('memory/') && !['charts/SPS', 'time/wall_s'].includes(p.key)).map((p) => [`${p.key}@${p.step}`, p.value]));
    const a = scalars(js);
    const b = scalars(ref);
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const key of ['losses/td_loss', 'losses/q_values', 'diagnostics/grad_norm', 'diagnostics/dead_relu_frac/q_network/0', 'diagnostics/grad_norm/q_network/2', 'diagnostics/activation_std/q_network/1', 'diagnostics/value_target_max'])
      expect([...a.keys()].some((k) => k.startsWith(`${key}@`)), key).toBe(true);
    const keys = [...b.keys()];
    expectClose(keys.map((k) => a.get(k)!), keys.map((k) => b.get(k)!), 'scalars');
    expect(js.histograms.map((h) => `${h.key}@${h.step}`)).toEqual(ref.histograms.map((h) => `${h.key}@${h.step}`));
    js.histograms.forEach((h, i) => expectClose(h.values, ref.histograms[i].values, h.key));
  });
});

describe('DQN on compute=js: saving and loading', () => {
  it('policy() hands the kernels\' weights to the saved tfjs variables, and restore() hands loaded ones back', async () => {
    const run = makeRunConfig('CartPole-v1', 'dqn', { seed: 4, totalSteps: null, preset: 'playground', overrides: { hiddenSizes: '16,16', batchSize: 16, learningStarts: 32, trainFreq: 2, logEvery: 50, compute: 'js' } });
    const agent = new DqnAgent({ config: run, sink: new RecordingSink() }, resolveConfig(run));
    try {
      while (agent.trainSteps < 20) await agent.iterate();
      const policy = agent.policy();
      expect(Array.from(flat(policy.variables))).toEqual(Array.from(agent.js!.params));
      const loaded = flat(policy.variables).map((w) => w * 0.5);
      let o = 0;
      for (const v of policy.variables) {
        v.assign(tf.tensor(loaded.subarray(o, o + v.size), v.shape));
        o += v.size;
      }
      policy.restore({});
      expect(Array.from(agent.js!.params)).toEqual(Array.from(loaded));
    } finally {
      agent.dispose();
    }
  });
});

describe('choosing the DQN compute path', () => {
  afterAll(async () => {
    await useBackend('cpu');
  });

  it('auto picks js on the cpu and wasm backends for Q-networks up to 512 wide, tfjs above; tensor_leak always tfjs', async () => {
    expect(kernelsAvailable()).toBe(true);
    const c = { compute: 'auto' as const, hiddenSizes: [120, 84] };
    expect(usesJsDqn(c, false)).toBe(true);
    expect(usesJsDqn({ ...c, hiddenSizes: [256, 256] }, false)).toBe(true);
    expect(usesJsDqn({ ...c, hiddenSizes: [1024] }, false)).toBe(false);
    expect(usesJsDqn({ ...c, compute: 'tfjs' }, false)).toBe(false);
    expect(usesJsDqn({ ...c, compute: 'js' }, true)).toBe(false);
    await useBackend('wasm');
    expect(usesJsDqn(c, false)).toBe(true);
    // The schema default is auto, so every preset trains on the kernels here.
    for (const preset of ['cleanrl', 'zoo', 'playground']) expect(resolveConfig(makeRunConfig('CartPole-v1', 'dqn', { preset })).compute, preset).toBe('auto');
  });
});

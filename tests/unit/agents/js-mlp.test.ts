// The `js` compute path against tfjs, the reference: MLP outputs and gradients (nets.ts Mlp and its
// hand-written tfjs backward), the PPO loss and its gradient (the loss of ppo.ts minibatchStep, written
// here in tfjs with the same evaluateActions), Adam (nets.ts Adam), and a PPO agent on compute=js.
// Random nets and batches; every comparison within 1e-5 (relative to the value's size where it is > 1).

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { headGrad, JsAdam, KernelArena, kernelsAvailable, mlpBackward, mlpForward, mlpParamCount, mlpWork } from '../../../src/agents/js-mlp.ts';
import { JsPpoLearner, usesJsCompute, type JsPpoLoss } from '../../../src/agents/js-mlp-ppo.ts';
import { Adam, flattenVariables, Mlp, variableFrom } from '../../../src/agents/nets.ts';
import { evaluateActions } from '../../../src/agents/policy-dist.ts';
import { PpoAgent, type PpoUpdateInfo } from '../../../src/agents/ppo.ts';
import type { Minibatch } from '../../../src/agents/ppo-batch.ts';
import type { Activation } from '../../../src/config/ppo-config.ts';
import { makeRunConfig, resolveConfig } from '../../../src/config/resolve.ts';
import { makeFastRng, type Xoshiro128 } from '../../../src/envs/rng.ts';
import { PROBE_IDS, PROBE_TARGETS } from '../../../src/envs/probes.ts';
import type { EnvId } from '../../../src/envs/types.ts';
import { NULL_SINK, RecordingSink } from './helpers.ts';

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

function normals(n: number, rng: Xoshiro128, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => rng.normal() * scale);
}

function mlp(name: string, sizes: number[], activation: Activation, seed: number, outputGain = 1): Mlp {
  return new Mlp({ name, sizes, activation, orthoInit: seed % 2 === 0, hiddenGain: Math.SQRT2, outputGain }, makeFastRng(seed));
}

const flat = (vars: tf.Tensor[]): Float32Array => tf.tidy(() => flattenVariables(vars).dataSync() as Float32Array);

describe('mlpForward / mlpBackward against tfjs', () => {
  const cases: [number[], Activation, number][] = [
    [[4, 64, 64, 2], 'tanh', 128],
    [[4, 64, 64, 1], 'tanh', 7],
    [[3, 16, 8, 5], 'relu', 33],
    [[6, 32, 3], 'tanh', 1],
    // Widths off the kernels' 8- and 4-column blocks, rows off their 4-row blocks; a wide net at a large batch.
    [[5, 12, 20, 4], 'tanh', 6],
    [[4, 128, 128, 2], 'tanh', 512],
  ];
  cases.forEach(([sizes, activation, rows], c) => {
    it(`${sizes.join('-')} ${activation}, batch ${rows}: outputs and dL/dθ for a random L = Σ c ⊙ out`, () => {
      const rng = makeFastRng(100 + c);
      const net = mlp('net', sizes, activation, 10 + c);
      const x = normals(rows * sizes[0], rng);
      const coef = normals(rows * sizes[sizes.length - 1], rng);
      const arena = new KernelArena();
      const initial = flat(net.variables);
      expect(initial.length).toBe(mlpParamCount(sizes));
      // Parameters at an offset in the slot, as the critic's sit behind the actor's.
      const params = arena.alloc(initial.length + 3);
      arena.view(params).set(initial, 3);
      const grad = arena.alloc(initial.length + 3);

      const work = mlpWork(arena, sizes, activation);
      const out = mlpForward(work, params, 3, x, rows).slice();
      headGrad(work, rows).set(coef);
      mlpBackward(work, params, 3, rows, grad);

      const { ref, refGrad } = tf.tidy(() => {
        const xt = tf.tensor2d(x, [rows, sizes[0]]);
        const ct = tf.tensor2d(coef, [rows, sizes[sizes.length - 1]]);
        const ref = net.forward(xt).dataSync() as Float32Array;
        const { grads } = tf.variableGrads(() => tf.sum(tf.mul(net.forward(xt), ct)) as tf.Scalar, net.variables);
        return { ref, refGrad: flat(net.variables.map((v) => grads[v.name])) };
      });
      expectClose(out.subarray(0, ref.length), ref, 'outputs');
      expectClose(arena.view(grad, 3), refGrad, 'gradients');
      net.dispose();
    });
  });
});

/** The loss of ppo.ts minibatchStep in tfjs, with tfjs autodiff: [pg, v, entropy, oldKl, kl, clipfrac] and the flat gradient. */
function tfjsPpoLoss(actor: Mlp, critic: Mlp, logStd: tf.Variable | null, mb: Minibatch, loss: JsPpoLoss, A: number, D: number): { stats: Float32Array; grad: Float32Array } {
  return tf.tidy(() => {
    const M = mb.size;
    const obs = tf.tensor2d(mb.obs, [M, D]);
    const actions = tf.tensor2d(mb.actions, [M, A]);
    const reduce = (t: tf.Tensor): tf.Scalar => (loss.sumLoss ? tf.sum(t) : tf.mean(t));
    const vars = [...actor.variables, ...critic.variables, ...(logStd ? [logStd] : [])];
    let side: tf.Tensor = tf.zeros([6]);
    const { grads } = tf.variableGrads(() => {
      const { logProb, entropy } = evaluateActions(actor, logStd, obs, actions);
      const logratio = tf.sub(logProb, tf.tensor1d(mb.logProbs));
      const ratio = tf.exp(logratio);
      const adv = tf.tensor1d(mb.advantages);
      const pg = reduce(tf.maximum(tf.mul(tf.neg(adv), ratio), tf.mul(tf.neg(adv), tf.clipByValue(ratio, 1 - loss.clipCoef, 1 + loss.clipCoef))));
      const v = tf.reshape(critic.forward(obs), [-1]);
      const R = tf.tensor1d(mb.returns);
      const V = tf.tensor1d(mb.values);
      const vl = loss.clipVloss
        ? tf.mul(0.5, reduce(tf.maximum(tf.square(tf.sub(v, R)), tf.square(tf.sub(tf.add(V, tf.clipByValue(tf.sub(v, V), -loss.clipCoef, loss.clipCoef)), R)))))
        : tf.mul(0.5, reduce(tf.square(tf.sub(v, R))));
      const ent = reduce(entropy);
      const kl = tf.mean(tf.sub(tf.sub(ratio, 1), logratio));
      const clipFrac = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), loss.clipCoef), 'float32'));
      side = tf.keep(tf.stack([pg, vl, tf.mean(entropy), tf.mean(tf.neg(logratio)), kl, clipFrac]));
      return tf.add(tf.sub(pg, tf.mul(loss.entCoef, ent)), tf.mul(vl, loss.vfCoef)) as tf.Scalar;
    }, vars);
    return { stats: side.dataSync() as Float32Array, grad: flat(vars.map((v) => grads[v.name])) };
  });
}

function randomMinibatch(M: number, D: number, A: number, discrete: boolean, rng: Xoshiro128, learner: JsPpoLearner, logProbShift: number): Minibatch {
  const actions = new Float32Array(M * A);
  for (let r = 0; r < M; r++) {
    if (discrete) actions[r * A + rng.integers(A)] = 1;
    else for (let k = 0; k < A; k++) actions[r * A + k] = rng.normal();
  }
  const mb: Minibatch = { size: M, obs: normals(M * D, rng), actions, logProbs: new Float32Array(M), advantages: normals(M, rng), returns: normals(M, rng, 2), values: normals(M, rng, 2) };
  // π_old near the current policy, so some ratios fall inside the clip range and some outside.
  learner.logProbs(mb.obs, mb.actions, M, mb.logProbs);
  for (let r = 0; r < M; r++) mb.logProbs[r] += logProbShift * rng.normal();
  return mb;
}

describe('the PPO loss and its gradient (JsPpoLearner) against tfjs autodiff', () => {
  const cases: { discrete: boolean; activation: Activation; loss: JsPpoLoss; M: number }[] = [
    { discrete: true, activation: 'tanh', M: 128, loss: { clipCoef: 0.2, entCoef: 0.01, vfCoef: 0.5, clipVloss: true, sumLoss: false } },
    { discrete: true, activation: 'relu', M: 64, loss: { clipCoef: 0.1, entCoef: 0.2, vfCoef: 1, clipVloss: false, sumLoss: true } },
    { discrete: false, activation: 'tanh', M: 96, loss: { clipCoef: 0.2, entCoef: 0.01, vfCoef: 0.5, clipVloss: true, sumLoss: false } },
    { discrete: false, activation: 'relu', M: 32, loss: { clipCoef: 0.3, entCoef: 0, vfCoef: 0.7, clipVloss: false, sumLoss: false } },
  ];
  cases.forEach(({ discrete, activation, loss, M }, c) => {
    it(`${discrete ? 'categorical' : 'Gaussian'}, ${activation}, M = ${M}, clipVloss ${loss.clipVloss}, sum ${loss.sumLoss}`, () => {
      const D = 4;
      const A = discrete ? 3 : 2;
      const rng = makeFastRng(200 + c);
      const actor = mlp('actor', [D, 64, 64, A], activation, 20 + 2 * c, 0.5);
      const critic = mlp('critic', [D, 64, 64, 1], activation, 21 + 2 * c);
      const logStd = discrete ? null : variableFrom(tf.tensor1d([-0.3, 0.4]), 'log_std');
      const vars = [...actor.variables, ...critic.variables, ...(logStd ? [logStd] : [])];
      const learner = new JsPpoLearner({ actorSizes: actor.sizes, criticSizes: critic.sizes, activation, discrete, adamEps: 1e-5 }, flat(vars));
      const mb = randomMinibatch(M, D, A, discrete, rng, learner, 0.3);

      const stats = learner.lossAndGrad(mb, loss);
      const ref = tfjsPpoLoss(actor, critic, logStd, mb, loss, A, D);
      expectClose(stats, ref.stats, 'statistics');
      expect(ref.stats[5], 'some ratios clipped').toBeGreaterThan(0);
      expectClose(learner.grad, ref.grad, 'gradients');
      actor.dispose();
      critic.dispose();
      logStd?.dispose();
    });
  });
});

describe('the kernels\' tanh', () => {
  it('is within 4e-7 of float32 tanh over [−12, 12], and exactly x near 0 and ±1 far out', () => {
    const arena = new KernelArena();
    const n = 200_003;
    const slot = arena.alloc(n);
    const x = Float32Array.from({ length: n }, (_, i) => -12 + (24 * i) / (n - 1));
    arena.view(slot).set(x);
    arena.k.tanhInPlace(slot.ptr, n);
    const y = arena.view(slot);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(y[i] - Math.fround(Math.tanh(x[i]))));
    expect(worst).toBeLessThanOrEqual(4e-7);
    arena.view(slot, 0, 3).set([1e-5, 30, -30]);
    arena.k.tanhInPlace(slot.ptr, 3);
    expect(Array.from(arena.view(slot, 0, 3))).toEqual([Math.fround(1e-5), 1, -1]);
  });
});

describe('JsAdam against nets.ts Adam (torch.optim.Adam + clip_grad_norm_)', () => {
  for (const maxGradNorm of [0.5, null]) {
    it(`five steps, maxGradNorm ${maxGradNorm}`, () => {
      const rng = makeFastRng(9);
      const v = variableFrom(tf.tensor1d(normals(300, rng)), 'adam/p');
      const ref = new Adam([v], 1e-5);
      const arena = new KernelArena();
      const js = new JsAdam(arena, 300, 1e-5);
      const params = arena.alloc(300);
      arena.view(params).set(v.dataSync());
      const grad = arena.alloc(300);
      for (let s = 0; s < 5; s++) {
        const g = normals(300, rng, 0.1 * (s + 1));
        arena.view(grad).set(g);
        const norm = js.step(params, grad, 1e-2, maxGradNorm);
        const refNorm = tf.tidy(() => ref.step([tf.tensor1d(g)], 1e-2, maxGradNorm).dataSync()[0]);
        expect(Math.abs(norm - refNorm) / refNorm).toBeLessThanOrEqual(TOL);
      }
      expectClose(arena.view(params), v.dataSync(), 'parameters after 5 steps');
      ref.dispose();
      v.dispose();
    });
  }

  it('stores no denormal moments once gradients stop (dead units), and moves the parameters exactly as without the flush', () => {
    // 30 of 100 gradients go to exactly 0 after step 50; β2 = 0.95 takes their v into float32's denormal
    // range (< 2^−126) within the run, where the kernel computed 10–30× slower before the flush.
    const n = 100;
    const beta1 = 0.9;
    const beta2 = 0.95;
    const eps = 1e-5;
    const rng = makeFastRng(4);
    const arena = new KernelArena();
    const js = new JsAdam(arena, n, eps, beta1, beta2);
    const params = arena.alloc(n);
    const grad = arena.alloc(n);
    const p0 = normals(n, rng);
    arena.view(params).set(p0);
    // The same steps in float32 without the flush (Math.fround after every operation, as the kernel's scalar loop).
    const f = Math.fround;
    const p = Float32Array.from(p0);
    const m = new Float32Array(n);
    const v = new Float32Array(n);
    const c1 = f(1 - f(beta1));
    const c2 = f(1 - f(beta2));
    let sawDenormalUnflushed = false;
    let storedDenormal: string | null = null;
    for (let t = 1; t <= 2500; t++) {
      const g = normals(n, rng, 0.01).map((x, i) => (t > 50 && i < 30 ? 0 : x));
      arena.view(grad).set(g);
      js.step(params, grad, 1e-3, null);
      const stepSize = f(1e-3 / (1 - beta1 ** t));
      const ib = f(1 / Math.sqrt(1 - beta2 ** t));
      for (let i = 0; i < n; i++) {
        m[i] = f(f(f(beta1) * m[i]) + f(c1 * g[i]));
        v[i] = f(f(f(beta2) * v[i]) + f(f(c2 * g[i]) * g[i]));
        p[i] = f(p[i] - f(f(stepSize * m[i]) / f(f(f(Math.sqrt(v[i])) * ib) + f(eps))));
        sawDenormalUnflushed ||= (m[i] !== 0 && Math.abs(m[i]) < 2 ** -126) || (v[i] !== 0 && v[i] < 2 ** -126);
      }
      for (const slot of [js.m, js.v]) for (const x of arena.view(slot)) if (x !== 0 && Math.abs(x) < 1e-30) storedDenormal ??= `step ${t}: moment ${x}`;
    }
    expect(sawDenormalUnflushed).toBe(true);
    expect(storedDenormal).toBeNull();
    // Bit for bit: a flushed moment only ever stood for a step below float32's resolution.
    expect(Array.from(arena.view(params))).toEqual(Array.from(p));
    // The dead units' moments are exactly 0 by the end.
    expect(Array.from(arena.view(js.v, 0, 30)).every((x) => x === 0)).toBe(true);
  });
});

describe('PPO on compute=js', () => {
  const SMALL = { numEnvs: 4, numSteps: 32, numMinibatches: 2, updateEpochs: 2, histogramEvery: 1 };
  function agent(env: EnvId, compute: string, sink = NULL_SINK, seed = 1): PpoAgent {
    const run = makeRunConfig(env, 'ppo', { seed, totalSteps: null, preset: 'cleanrl', overrides: { ...SMALL, compute } });
    return new PpoAgent({ config: run, sink }, resolveConfig(run));
  }

  /** One update of a fresh agent (agents share variable names, so one at a time). */
  async function firstUpdate(env: EnvId, compute: string, sink = NULL_SINK): Promise<{ info: PpoUpdateInfo; policy: Float64Array }> {
    const a = agent(env, compute, sink);
    try {
      await a.iterate();
      const obs = [0.01, -0.02, 0.03, 0.04, 0.1, 0.2, 0.3].slice(0, a.vecEnv.obsDim);
      return { info: a.lastUpdate!, policy: a.predict(obs, 1).policy };
    } finally {
      a.dispose();
    }
  }

  for (const env of ['CartPole-v1', 'Pendulum-v1'] as EnvId[]) {
    it(`${env}: the first update's statistics equal tfjs's; π_old is reproduced exactly (ratio 1)`, async () => {
      const a = await firstUpdate(env, 'js');
      const b = await firstUpdate(env, 'tfjs');
      for (const r of a.info.firstRatios) expect(r).toBe(1);
      expect(a.info.firstRatios.length).toBe(64);
      const keys = ['policy_loss', 'value_loss', 'entropy', 'approx_kl', 'clipfrac', 'grad_norm'];
      expectClose(keys.map((k) => a.info.last[k]), keys.map((k) => b.info.last[k]), 'last-minibatch statistics of the update');
      expectClose(a.policy, b.policy, 'policy after one update');
    });
  }

  it('reports the same metric keys as tfjs, and histograms, on CartPole-v1', async () => {
    const sa = new RecordingSink();
    const sb = new RecordingSink();
    await firstUpdate('CartPole-v1', 'js', sa);
    await firstUpdate('CartPole-v1', 'tfjs', sb);
    expect(new Set(sa.points.map((p) => p.key))).toEqual(new Set(sb.points.map((p) => p.key)));
    expect(sa.histograms.map((h) => h.key).sort()).toEqual(sb.histograms.map((h) => h.key).sort());
    expect(sa.histograms.length).toBeGreaterThan(0);
  });

  it('keeps the live tensor count flat over updates (the weights copied back to tfjs are not leaked)', async () => {
    const sink = new RecordingSink();
    const a = agent('CartPole-v1', 'js', sink);
    try {
      for (let i = 0; i < 6; i++) await a.iterate();
    } finally {
      a.dispose();
    }
    const counts = sink.series('memory/num_tensors');
    expect(counts.length).toBeGreaterThanOrEqual(5);
    expect(new Set(counts.slice(1)).size).toBe(1);
  });
});

describe('PPO on compute=js learns', () => {
  const GAMMA = 0.5;
  const UPDATES = 30;
  for (const id of PROBE_IDS) {
    it(`${id} to within 0.05 of V and π (as tests/unit/agents/ppo.test.ts on tfjs)`, async () => {
      const run = makeRunConfig(id, 'ppo', {
        seed: 1,
        totalSteps: UPDATES * 128,
        preset: 'playground',
        overrides: { compute: 'js', gamma: GAMMA, numEnvs: 4, numSteps: 32, numMinibatches: 2, hiddenSizes: '16,16', learningRate: 3e-3, normalizeReturns: false, histogramEvery: 0 },
      });
      const agent = new PpoAgent({ config: run, sink: NULL_SINK }, resolveConfig(run));
      try {
        for (let u = 0; u < UPDATES; u++) await agent.iterate();
        const target = PROBE_TARGETS[id];
        const obs = target.observations;
        const { policy, values } = agent.predict(obs, obs.length);
        obs.forEach((o, i) => {
          expect(Math.abs(values[i] - target.value(o, GAMMA)), `V(${o})`).toBeLessThan(0.05);
          if (target.numActions > 1) expect(policy[i * target.numActions + target.bestAction(o)], `π(best | ${o})`).toBeGreaterThan(0.95);
        });
      } finally {
        agent.dispose();
      }
    });
  }

  it('CartPole-v1 at the fast preset (auto → js): mean of 20 returns ≥ 475 within its 100k steps, seed 1', { timeout: 300_000 }, async () => {
    const sink = new RecordingSink();
    const run = makeRunConfig('CartPole-v1', 'ppo', { seed: 1, totalSteps: 100_000, preset: 'fast' });
    const agent = new PpoAgent({ config: run, sink }, resolveConfig(run));
    let reached: number | null = null;
    try {
      while (agent.envSteps < 100_000 && reached === null) {
        await agent.iterate();
        const returns = sink.episodes.map((e) => e.return);
        if (returns.length >= 20 && returns.slice(-20).reduce((a, b) => a + b, 0) / 20 >= 475) reached = agent.envSteps;
      }
    } finally {
      agent.dispose();
    }
    expect(reached).not.toBeNull();
  });
});

describe('choosing the compute path', () => {
  it('auto picks js on the cpu and wasm backends for MLPs up to 512 wide (where it measured faster), tfjs above; tensor_leak always tfjs', async () => {
    const c = { compute: 'auto' as const, hiddenSizes: [64, 64] };
    expect(kernelsAvailable()).toBe(true);
    await useBackend('cpu');
    expect(usesJsCompute(c, false)).toBe(true);
    expect(usesJsCompute({ ...c, hiddenSizes: [512, 512] }, false)).toBe(true);
    expect(usesJsCompute({ ...c, hiddenSizes: [1024] }, false)).toBe(false);
    expect(usesJsCompute(c, true)).toBe(false);
    expect(usesJsCompute({ ...c, compute: 'tfjs' }, false)).toBe(false);
    await useBackend('wasm');
    expect(usesJsCompute(c, false)).toBe(true);
    expect(usesJsCompute({ ...c, compute: 'js' }, false)).toBe(true);
    await useBackend('cpu');
  });

  it('the fast preset is the zoo CartPole-v1 entry with 10 epochs, its schedules over 1e5 steps and compute auto', () => {
    const fast = resolveConfig(makeRunConfig('CartPole-v1', 'ppo', { preset: 'fast', seed: 1, totalSteps: 500_000 }));
    const zoo = resolveConfig(makeRunConfig('CartPole-v1', 'ppo', { preset: 'zoo', seed: 1, totalSteps: 500_000 }));
    expect(fast).toEqual({ ...zoo, updateEpochs: 10, annealSteps: 100_000, compute: 'auto' });
    expect(zoo.updateEpochs).toBe(20);
    expect(fast).toMatchObject({ numEnvs: 8, numSteps: 32, numMinibatches: 1, gamma: 0.98, gaeLambda: 0.8, learningRate: 0.001, annealLr: true, annealClipCoef: true });
  });
});

// The PPO loss as one custom-gradient op (ppo-loss.ts) against the same loss written with plain tfjs ops
// under autodiff (the formulation ppo.ts used before): loss, statistics and every parameter's gradient
// agree to 1e-5 on random networks and batches, discrete and continuous, with and without the clipped
// value loss and the sum_instead_of_mean_loss bug, with ratios inside and outside the clip range.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { Mlp, variableFrom } from '../../../src/agents/nets.ts';
import { evaluateActions } from '../../../src/agents/policy-dist.ts';
import { ppoLoss, type PpoLossData, type PpoLossSettings, type PpoLossSide } from '../../../src/agents/ppo-loss.ts';
import { makeFastRng } from '../../../src/envs/rng.ts';

afterAll(async () => {
  await useBackend('cpu');
});

const M = 32;
const D = 4;

/** The autodiff reference: ppo.ts's loss before the custom-gradient op, op for op. */
function referenceLoss(actor: Mlp, critic: Mlp, logStd: tf.Variable | null, obs: tf.Tensor2D, d: PpoLossData, s: PpoLossSettings): { total: tf.Scalar; stats: tf.Tensor1D } {
  const reduce = (x: tf.Tensor): tf.Scalar => (s.sumLoss ? tf.sum(x) : tf.mean(x));
  const { logProb: newLogProb, entropy } = evaluateActions(actor, logStd, obs, d.actions);
  const logratio = tf.sub(newLogProb, d.oldLogProb);
  const ratio = tf.exp(logratio);
  const pgLoss1 = tf.mul(tf.neg(d.advantages), ratio);
  const pgLoss2 = tf.mul(tf.neg(d.advantages), tf.clipByValue(ratio, 1 - s.clipCoef, 1 + s.clipCoef));
  const pgLoss = reduce(tf.maximum(pgLoss1, pgLoss2));
  const newValue = tf.reshape(critic.forward(obs), [-1]);
  let vLoss: tf.Scalar;
  if (s.clipVloss) {
    const vLossUnclipped = tf.square(tf.sub(newValue, d.returns));
    const vClipped = tf.add(d.values, tf.clipByValue(tf.sub(newValue, d.values), -s.clipCoef, s.clipCoef));
    const vLossClipped = tf.square(tf.sub(vClipped, d.returns));
    vLoss = tf.mul(0.5, reduce(tf.maximum(vLossUnclipped, vLossClipped)));
  } else {
    vLoss = tf.mul(0.5, reduce(tf.square(tf.sub(newValue, d.returns))));
  }
  const entropyLoss = reduce(entropy);
  const total = tf.add(tf.sub(pgLoss, tf.mul(s.entCoef, entropyLoss)), tf.mul(vLoss, s.vfCoef)) as tf.Scalar;
  const oldApproxKl = tf.mean(tf.neg(logratio));
  const approxKl = tf.mean(tf.sub(tf.sub(ratio, 1), logratio));
  const clipFrac = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), s.clipCoef), 'float32'));
  const meanEntropy = s.sumLoss ? tf.mean(entropy) : entropyLoss;
  return { total, stats: tf.stack([pgLoss, vLoss, meanEntropy, oldApproxKl, approxKl, clipFrac]) as tf.Tensor1D };
}

function randomData(seed: number, A: number, discrete: boolean, actor: Mlp, logStd: tf.Variable | null, obs: tf.Tensor2D): PpoLossData {
  const rng = makeFastRng(seed);
  const actions = new Float32Array(M * A);
  for (let i = 0; i < M; i++) {
    if (discrete) actions[i * A + Math.floor(rng.random() * A)] = 1;
    else for (let k = 0; k < A; k++) actions[i * A + k] = rng.normal();
  }
  const actionsT = tf.tensor2d(actions, [M, A]);
  // π_old = the current policy plus noise of ±0.4 in log space: ratios on both sides of the clip range.
  const logProb = tf.tidy(() => evaluateActions(actor, logStd, obs, actionsT).logProb.dataSync());
  const col = (f: (i: number) => number): tf.Tensor1D => tf.tensor1d(Float32Array.from({ length: M }, (_, i) => f(i)));
  return {
    actions: actionsT,
    oldLogProb: col((i) => logProb[i] + (rng.random() - 0.5) * 0.8),
    advantages: col(() => rng.normal()),
    returns: col(() => rng.normal() * 2),
    values: col(() => rng.normal() * 0.3),
  };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) expect(Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])), `${what}[${i}]: ${actual[i]} vs ${expected[i]}`).toBeLessThan(1e-5);
}

for (const backend of ['cpu', 'wasm']) {
  describe(`ppoLoss on ${backend}`, () => {
    const cases: { discrete: boolean; clipVloss: boolean; sumLoss: boolean; activation: 'tanh' | 'relu' }[] = [
      { discrete: true, clipVloss: true, sumLoss: false, activation: 'tanh' },
      { discrete: true, clipVloss: false, sumLoss: false, activation: 'relu' },
      { discrete: true, clipVloss: true, sumLoss: true, activation: 'tanh' },
      { discrete: false, clipVloss: true, sumLoss: false, activation: 'tanh' },
      { discrete: false, clipVloss: false, sumLoss: true, activation: 'relu' },
    ];
    cases.forEach((k, n) => {
      it(`loss, statistics and gradients equal autodiff's to 1e-5 (${k.discrete ? 'discrete' : 'continuous'}, clipVloss ${k.clipVloss}, sumLoss ${k.sumLoss}, ${k.activation})`, async () => {
        await useBackend(backend);
        const A = k.discrete ? 3 : 2;
        const rng = makeFastRng(10 + n);
        const spec = { activation: k.activation, orthoInit: true, hiddenGain: Math.SQRT2 };
        const actor = new Mlp({ ...spec, name: `actor${n}`, sizes: [D, 16, 16, A], outputGain: 0.5 }, rng);
        const critic = new Mlp({ ...spec, name: `critic${n}`, sizes: [D, 16, 16, 1], outputGain: 1 }, rng);
        const logStd = k.discrete ? null : variableFrom(tf.tensor1d([-0.3, 0.2]), `log_std${n}`);
        const params = [...actor.variables, ...critic.variables, ...(logStd ? [logStd] : [])];
        const obs = tf.tensor2d(Float32Array.from({ length: M * D }, () => rng.normal()), [M, D]);
        const data = randomData(20 + n, A, k.discrete, actor, logStd, obs);
        const settings: PpoLossSettings = { clipCoef: 0.2, entCoef: 0.05, vfCoef: 0.5, clipVloss: k.clipVloss, sumLoss: k.sumLoss };

        let refStats: tf.Tensor1D | null = null;
        const ref = tf.variableGrads(() => {
          const r = referenceLoss(actor, critic, logStd, obs, data, settings);
          refStats = tf.keep(r.stats);
          return r.total;
        }, params);
        const side: PpoLossSide = { stats: null, ratio: null };
        const mine = tf.variableGrads(() => ppoLoss(actor.forward(obs), critic.forward(obs), logStd, data, settings, true, side), params);

        expectClose(mine.value.dataSync(), ref.value.dataSync(), 'loss');
        expectClose(side.stats!.dataSync(), refStats!.dataSync(), 'stats');
        // Both sides of the clip range are exercised.
        const clipFrac = refStats!.dataSync()[5];
        expect(clipFrac).toBeGreaterThan(0);
        expect(clipFrac).toBeLessThan(1);
        for (const p of params) expectClose(mine.grads[p.name].dataSync(), ref.grads[p.name].dataSync(), p.name);
        expect(side.ratio!.shape).toEqual([M]);

        tf.dispose([mine.value, ref.value, ...Object.values(mine.grads), ...Object.values(ref.grads), refStats!, side.stats!, side.ratio!, obs, ...Object.values(data)]);
        actor.dispose();
        critic.dispose();
        logStd?.dispose();
      });
    });
  });
}

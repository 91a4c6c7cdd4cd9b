// DQN's TD loss as one custom-gradient op (dqn-loss.ts) against the same loss written with plain tfjs
// ops under autodiff (dqn.ts's formulation before): loss, statistics and every weight's gradient agree
// to 1e-5 on random networks and batches, Huber and MSE, mean and summed, with TD errors on both sides
// of Huber's |e| = 1 knee.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { tdLoss, type TdLossSide } from '../../../src/agents/dqn-loss.ts';
import { lossStatistics } from '../../../src/agents/dqn-report.ts';
import { Mlp } from '../../../src/agents/nets.ts';
import { makeFastRng } from '../../../src/envs/rng.ts';

afterAll(async () => {
  await useBackend('cpu');
});

const B = 32;
const D = 4;
const A = 3;

function reference(q: tf.Tensor2D, mask: tf.Tensor2D, target: tf.Tensor1D, huber: boolean, sumLoss: boolean): { total: tf.Scalar; stats: tf.Tensor1D } {
  const qTaken = tf.sum(tf.mul(q, mask), 1) as tf.Tensor1D;
  const tdError = tf.sub(qTaken, target);
  let perSample: tf.Tensor1D;
  if (huber) {
    const absErr = tf.abs(tdError);
    const quadratic = tf.minimum(absErr, 1);
    perSample = tf.add(tf.mul(0.5, tf.square(quadratic)), tf.sub(absErr, quadratic)) as tf.Tensor1D;
  } else {
    perSample = tf.square(tdError) as tf.Tensor1D;
  }
  const total = (sumLoss ? tf.sum(perSample) : tf.mean(perSample)) as tf.Scalar;
  return { total, stats: lossStatistics(total, qTaken, target) };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) expect(Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])), `${what}[${i}]: ${actual[i]} vs ${expected[i]}`).toBeLessThan(1e-5);
}

for (const backend of ['cpu', 'wasm']) {
  describe(`tdLoss on ${backend}`, () => {
    for (const huber of [true, false])
      for (const sumLoss of [false, true])
        it(`loss, statistics and gradients equal autodiff's to 1e-5 (${huber ? 'huber' : 'mse'}, ${sumLoss ? 'sum' : 'mean'})`, async () => {
          await useBackend(backend);
          const rng = makeFastRng(huber ? 3 : 4);
          const net = new Mlp({ name: `q${huber}${sumLoss}`, sizes: [D, 16, 16, A], activation: 'relu', orthoInit: false, hiddenGain: 1, outputGain: 1 }, rng);
          const obs = tf.tensor2d(Float32Array.from({ length: B * D }, () => rng.normal()), [B, D]);
          const maskData = new Float32Array(B * A);
          for (let i = 0; i < B; i++) maskData[i * A + Math.floor(rng.random() * A)] = 1;
          const mask = tf.tensor2d(maskData, [B, A]);
          // Targets spread ±3 around the outputs (of order 0.5): errors on both sides of |e| = 1.
          const target = tf.tensor1d(Float32Array.from({ length: B }, () => rng.normal() * 1.5));
          let refStats: tf.Tensor1D | null = null;
          const ref = tf.variableGrads(() => {
            const r = reference(net.forward(obs), mask, target, huber, sumLoss);
            refStats = tf.keep(r.stats);
            return r.total;
          }, net.variables);
          const side: TdLossSide = { stats: null, qTaken: null };
          const mine = tf.variableGrads(() => tdLoss(net.forward(obs), mask, target, huber, sumLoss, true, side), net.variables);
          expectClose(mine.value.dataSync(), ref.value.dataSync(), 'loss');
          expectClose(side.stats!.dataSync(), refStats!.dataSync(), 'stats');
          const err = tf.tidy(() => tf.abs(tf.sub(side.qTaken!, target)).dataSync());
          expect(err.some((e) => e < 1) && err.some((e) => e > 1)).toBe(true);
          for (const v of net.variables) expectClose(mine.grads[v.name].dataSync(), ref.grads[v.name].dataSync(), v.name);
          tf.dispose([mine.value, ref.value, ...Object.values(mine.grads), ...Object.values(ref.grads), refStats!, side.stats!, side.qTaken!, obs, mask, target]);
          net.dispose();
        });
  });
}

// A small stored run for the history tests.

import { makeRunConfig } from '../../../src/config/resolve.ts';
import type { StoredRun } from '../../../src/history/types.ts';

export function sampleRun(id = 'run-a'): StoredRun {
  const step = Float64Array.from([0, 512, 1024, 1536]);
  return {
    id,
    name: 'PPO on CartPole <b>bold</b>',
    createdAt: 1_700_000_000_000,
    config: makeRunConfig('CartPole-v1', 'ppo', { seed: 3, bugs: ['lr_too_high'], backend: 'wasm' }),
    backend: 'wasm',
    wallS: 12.25,
    envSteps: 1536,
    updates: 3,
    finalReturn: 23.5,
    sparkline: [12, 35],
    alerts: [{ id: 'kl_spike', step: 1024, key: 'losses/approx_kl', message: 'KL spiked' }],
    notes: { expect: 'It will <script>alert(1)</script> diverge', happened: 'It did.\nTwice.' },
    model: null,
    scalars: [
      { key: 'losses/approx_kl', step, update: Float64Array.from([0, 1, 2, 3]), wall: Float64Array.from([0.1, 0.2, 0.30000000000000004, 0.4]), value: Float64Array.from([0.01, 1 / 3, NaN, Infinity]) },
      { key: 'losses/entropy', step, update: Float64Array.from([0, 1, 2, 3]), wall: Float64Array.from([0.1, 0.2, 0.3, 0.4]), value: Float64Array.from([0.693, 0.69, 0.6, -Infinity]) },
    ],
    episodes: { step: Float64Array.from([100, 600]), return: Float64Array.from([12, 35]), length: Float64Array.from([12, 35]), solved: Float64Array.from([0, 0]), envIndex: Float64Array.from([0, 3]) },
    histograms: [{ key: 'weights/actor/0', step: 512, update: 1, min: -0.5, max: 0.5, counts: Float32Array.from([1, 2, 3]) }],
  };
}

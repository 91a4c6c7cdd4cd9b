import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { setupBackend, useBackend } from '../../../src/agents/backend.ts';
import { networkShape, setupNodeBackendFor } from '../../../src/agents/index.ts';
import { makeRunConfig } from '../../../src/config/resolve.ts';

afterAll(async () => {
  await useBackend('cpu');
});

describe('backend selection', () => {
  const run = makeRunConfig('CartPole-v1', 'ppo', { overrides: { hiddenSizes: '16,16', numSteps: 32 } });

  it('times the run’s own networks on each candidate and keeps the fastest', async () => {
    const shape = networkShape(run);
    expect(shape).toEqual({ inputSize: 4, outputSizes: [2, 1], hiddenSizes: [16, 16], activation: 'tanh', minibatchSize: 32 });
    const info = await setupBackend('auto', shape, ['cpu', 'wasm', 'no-such-backend']);
    const timings = info.timings;
    expect(timings['no-such-backend']).toHaveProperty('error');
    const ok = ['cpu', 'wasm'].map((b) => timings[b] as { trainMs: number; forwardMs: number });
    for (const t of ok) expect(t.trainMs).toBeGreaterThan(0);
    const fastest = ok[0].trainMs <= ok[1].trainMs ? 'cpu' : 'wasm';
    expect(info.backend).toBe(fastest);
    expect(tf.getBackend()).toBe(fastest);
    expect(info.reason).toMatch(new RegExp(`^auto: ${fastest} `));
  });

  it('verifies a forced backend really switched, and fails loudly when it cannot', async () => {
    await expect(useBackend('webgpu')).rejects.toThrow(/webgpu/);
    const info = await setupNodeBackendFor(run, 'cpu');
    expect(info).toMatchObject({ backend: 'cpu', reason: 'forced: cpu' });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('defaults to wasm in Node', async () => {
    const info = await setupNodeBackendFor(run, 'default');
    expect(info.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });
});

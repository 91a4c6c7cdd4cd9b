// The planner's forward path (`forward`, auto resolved by src/agents/mbrl-forward.ts): the rule on its own,
// and what it picks for every continuous env under both presets on the wasm backend.

import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { createAgent } from '../../../src/agents/index.ts';
import { kernelsAvailable } from '../../../src/agents/js-mlp.ts';
import type { MbrlAgent } from '../../../src/agents/mbrl.ts';
import { forwardMacs, KERNEL_MAX_MACS_PER_CALL, rowsPerCall, useJsForward } from '../../../src/agents/mbrl-forward.ts';
import { makeRunConfig, resolveSettings } from '../../../src/config/resolve.ts';
import type { HyperValue } from '../../../src/config/run-config.ts';
import type { EnvId } from '../../../src/envs/types.ts';

beforeAll(async () => {
  await useBackend('wasm');
});

const NULL_SINK = { at() {}, scalar() {}, histogram() {}, episode() {} };

function agentFor(env: EnvId, preset: string, overrides: Record<string, HyperValue> = {}): MbrlAgent {
  const config = makeRunConfig(env, 'mbrl', { preset, seed: 1, overrides });
  return createAgent(resolveSettings(config), { config, sink: NULL_SINK }) as MbrlAgent;
}

describe('mbrl forward path', () => {
  it('counts the multiply-adds of one member call and the rows each member gets', () => {
    expect(forwardMacs([5, 200, 200, 200, 8], 100)).toBe(100 * (5 * 200 + 2 * 200 * 200 + 200 * 8));
    expect(rowsPerCall(500, 1, 5, 'tsinf')).toBe(100);
    expect(rowsPerCall(50, 1, 5, 'ts1')).toBe(10);
    expect(rowsPerCall(50, 2, 5, 'mean')).toBe(100);
  });

  it('auto: the kernel up to the threshold on wasm, tfjs above it or without the kernel, plain JS on the other backends; js and tfjs as asked', () => {
    const at = (backend: string, kernels: boolean, macsPerCall: number) => ({ backend, kernels, macsPerCall });
    expect(useJsForward('auto', at('wasm', true, KERNEL_MAX_MACS_PER_CALL))).toBe(true);
    expect(useJsForward('auto', at('wasm', true, KERNEL_MAX_MACS_PER_CALL + 1))).toBe(false);
    expect(useJsForward('auto', at('wasm', false, 1000))).toBe(false);
    for (const backend of ['cpu', 'webgl', 'webgpu']) expect(useJsForward('auto', at(backend, true, 1e9))).toBe(true);
    expect(useJsForward('js', at('wasm', true, 1e9))).toBe(true);
    expect(useJsForward('tfjs', at('cpu', true, 10))).toBe(false);
    expect(useJsForward('tfjs', at('webgl', true, 10))).toBe(false);
    // A synchronous read per member call on tfjs's WebGPU backend exhausts memory: refused with the reason.
    expect(() => useJsForward('tfjs', at('webgpu', true, 10))).toThrow(/cannot plan on the webgpu backend.*Choose forward 'auto' or 'js'/);
  });

  it.runIf(kernelsAvailable())('on wasm, auto runs the playground preset through the kernel and mbrl-lib through tfjs, on every continuous env', () => {
    for (const env of ['Pendulum-v1', 'CartPoleContinuous-v0', 'MountainCarContinuous-v0'] as EnvId[]) {
      const picks: Record<string, boolean> = {};
      for (const preset of ['playground', 'mbrl-lib']) {
        const agent = agentFor(env, preset);
        picks[preset] = agent.model.jsForward;
        agent.dispose();
      }
      expect(picks, env).toEqual({ playground: true, 'mbrl-lib': false });
    }
    const forced = agentFor('CartPoleContinuous-v0', 'mbrl-lib', { forward: 'js' });
    expect(forced.model.jsForward).toBe(true);
    forced.dispose();
  });
});

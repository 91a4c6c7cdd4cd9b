// The probe check: the pure judge on hand-made predictions, and the real agents on the real probes
// (healthy PPO passes all five; ignore_done and uninitialized_buffer turn at least one red).

import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { createAgent } from '../../../src/agents/index.ts';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import { judgeProbe, predictionFromQ, probeRunConfig, PROBE_GAMMA, PROBE_IDS, PROBE_STEPS } from '../../../src/workers/probe-check.ts';
import { runProbe } from '../../../src/workers/probe-run.ts';

describe('judgeProbe', () => {
  it('reads V for the value probes and π(best) for the policy probes, within tolerance', () => {
    expect(judgeProbe('Probe1', { values: [1.05], policy: [1] }).pass).toBe(true);
    expect(judgeProbe('Probe1', { values: [2], policy: [1] }).pass).toBe(false);
    expect(judgeProbe('Probe2', { values: [-1, 0.2], policy: [1, 1] }).pass).toBe(false);
    const p3 = judgeProbe('Probe3', { values: [PROBE_GAMMA, 1], policy: [1, 1] });
    expect(p3).toMatchObject({ pass: true, quantity: 'value', expected: [PROBE_GAMMA, 1] });
    // A critic that ignores the discount: V(0) = 1.
    expect(judgeProbe('Probe3', { values: [1, 1], policy: [1, 1] }).pass).toBe(false);
    expect(judgeProbe('Probe4', { values: [1], policy: [0.97, 0.03] })).toMatchObject({ pass: true, quantity: 'policy', measured: [0.97] });
    // Probe5: the best action is 0 at −1 and 1 at +1; always picking 1 fails.
    expect(judgeProbe('Probe5', { values: [1, 1], policy: [0.1, 0.9, 0.1, 0.9] }).pass).toBe(false);
    expect(judgeProbe('Probe5', { values: [1, 1], policy: [0.95, 0.05, 0.02, 0.98] }).pass).toBe(true);
    expect(judgeProbe('Probe1', { values: [NaN], policy: [1] }).pass).toBe(false);
  });

  it('turns Q rows into V = max Q and a greedy policy', () => {
    expect(predictionFromQ([0.2, 0.9, -1, -0.5], 2, 2)).toEqual({ values: [0.9, -0.5], policy: [0, 1, 0, 1] });
  });

  it('keeps the bugs and settings, sets γ and the budget, and only fields the agent has', () => {
    const run = probeRunConfig(makeRunConfig('CartPole-v1', 'ppo', { bugs: ['ignore_done'], overrides: { hiddenSizes: '32' } }), 'Probe3');
    expect(run).toMatchObject({ env: 'Probe3', agent: 'ppo', bugs: ['ignore_done'], totalSteps: PROBE_STEPS });
    expect(run.overrides).toMatchObject({ hiddenSizes: '32', gamma: PROBE_GAMMA });
    expect(run.overrides).not.toHaveProperty('learningStarts');
  });
});

describe('the probe check on the real agents', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });
  const check = async (bugs: string[]) => {
    const out: boolean[] = [];
    for (const p of PROBE_IDS) out.push((await runProbe(makeRunConfig('CartPole-v1', 'ppo', { seed: 1, bugs }), p, createAgent)).pass);
    return out;
  };

  it('healthy PPO passes all five probes', async () => {
    expect(await check([])).toEqual([true, true, true, true, true]);
  }, 300_000);

  it('PPO with ignore_done fails Probe1 (V → 1/(1 − γ) = 2)', async () => {
    const r = await runProbe(makeRunConfig('CartPole-v1', 'ppo', { seed: 1, bugs: ['ignore_done'] }), 'Probe1', createAgent);
    expect(r.pass).toBe(false);
    expect(r.measured[0]).toBeGreaterThan(1.5);
  }, 300_000);

  it('PPO with uninitialized_buffer fails Probe1', async () => {
    const r = await runProbe(makeRunConfig('CartPole-v1', 'ppo', { seed: 1, bugs: ['uninitialized_buffer'] }), 'Probe1', createAgent);
    expect(r.pass).toBe(false);
  }, 300_000);
});

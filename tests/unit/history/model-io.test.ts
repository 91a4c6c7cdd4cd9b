// Saving and loading a trained agent (model-io.ts, the file-pair path; IndexedDB needs a browser):
// PPO (actor, critic, observation normaliser) and DQN (Q-network) come back with the same weights and
// act the same greedy actions; the loaded agent acts in its env without training; bad files are refused.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { createAgent } from '../../../src/agents/index.ts';
import { openModel, saveModel } from '../../../src/agents/model-io.ts';
import type { Agent } from '../../../src/agents/types.ts';
import { makeRunConfig, resolveSettings } from '../../../src/config/resolve.ts';
import type { RunConfig } from '../../../src/config/run-config.ts';
import type { HyperValue } from '../../../src/config/run-config.ts';
import { RecordingSink } from '../agents/helpers.ts';

beforeAll(async () => {
  await useBackend('cpu');
});

async function trained(config: RunConfig, iterations: number): Promise<Agent> {
  const agent = await createAgent(resolveSettings(config), { config, sink: new RecordingSink() });
  for (let i = 0; i < iterations; i++) await agent.iterate();
  return agent;
}

function weightsOf(agent: Agent): number[][] {
  return agent.policy!().variables.map((v) => Array.from(v.dataSync()));
}

const probes = (agent: Agent, dim: number): number[] =>
  Array.from({ length: 20 }, (_, k) => {
    const obs = Float32Array.from({ length: dim }, (_, j) => Math.sin(k * 3 + j) * 1.5);
    const out = new Float32Array(4);
    agent.policy!().act(obs, out);
    return out[0];
  });

describe('model files', () => {
  const cases: [string, RunConfig, number][] = [
    ['ppo', makeRunConfig('CartPole-v1', 'ppo', { seed: 2, overrides: { numSteps: 32, numEnvs: 2, numMinibatches: 2 } as Record<string, HyperValue> }), 3],
    ['dqn', makeRunConfig('CartPole-v1', 'dqn', { seed: 2, overrides: { hiddenSizes: '16,16', batchSize: 16, learningStarts: 50, logEvery: 50, histogramEvery: 0 } as Record<string, HyperValue> }), 200],
  ];
  for (const [name, config, iterations] of cases) {
    it(`${name}: save → load gives the same weights and greedy actions; the loaded agent only acts`, async () => {
      const original = await trained(config, iterations);
      const files = (await saveModel(original, config, null))!;
      expect(JSON.parse(files.modelJson).weightsManifest[0].paths).toEqual(['./weights.bin']);
      const [weights, actions] = [weightsOf(original), probes(original, 4)];
      // Variable names are unique in tfjs: the trainer disposes a run before it builds the next.
      original.dispose();
      const opened = await openModel({ files }, createAgent);
      expect(opened.config).toEqual(config);
      const sink = new RecordingSink();
      const tensorsBefore = tf.memory().numTensors;
      const watcher = await opened.watchAgent(resolveSettings(config), { config, sink });
      const inner = (watcher as unknown as { trained: Agent }).trained;
      expect(weightsOf(inner)).toEqual(weights);
      expect(probes(inner, 4)).toEqual(actions);
      for (let i = 0; i < 20; i++) await watcher.iterate();
      expect(watcher.updates).toBe(0);
      expect(watcher.envSteps).toBeGreaterThan(0);
      expect(sink.episodes.length).toBeGreaterThan(0);
      watcher.dispose();
      expect(tf.memory().numTensors).toBeLessThanOrEqual(tensorsBefore);
    });
  }

  it('refuses files that are not a playground model, and weights that do not fit', async () => {
    const config = cases[0][1];
    const original = await trained(config, 1);
    const files = (await saveModel(original, config, null))!;
    original.dispose();
    await expect(openModel({ files: { ...files, modelJson: '{"modelTopology": {}, "weightsManifest": []}' } }, createAgent)).rejects.toThrow(/not an RL Playground model/);
    await expect(openModel({ files: { ...files, modelJson: 'nope' } }, createAgent)).rejects.toThrow(/not valid JSON/);
    const other = makeRunConfig('CartPole-v1', 'ppo', { seed: 2, overrides: { hiddenSizes: '8' } });
    const json = JSON.parse(files.modelJson);
    json.modelTopology.config = other;
    const opened = await openModel({ files: { ...files, modelJson: JSON.stringify(json) } }, createAgent);
    await expect(opened.watchAgent(resolveSettings(other), { config: other, sink: new RecordingSink() })).rejects.toThrow(/do not fit/);
  });

  it('an agent without networks to save says so', async () => {
    const config = makeRunConfig('CartPole-v1', 'random');
    const agent = await trained(config, 1);
    await expect(saveModel(agent, config, null)).rejects.toThrow(/cannot save/);
  });
});

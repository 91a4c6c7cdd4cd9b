// PPO's live hyperparameters: a setHyper between updates is what the next update uses.

import { beforeAll, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { PpoAgent } from '../../../src/agents/ppo.ts';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import { RecordingSink } from './helpers.ts';

beforeAll(async () => {
  await useBackend('cpu');
});

it('uses a learning rate set mid-run from the next update on, and ignores keys it cannot change live', async () => {
  const sink = new RecordingSink();
  const config = makeRunConfig('CartPole-v1', 'ppo', {
    overrides: { numEnvs: 2, numSteps: 16, numMinibatches: 2, updateEpochs: 1, hiddenSizes: '8,8', histogramEvery: 0, learningRate: 0.001 },
  });
  const agent = new PpoAgent({ config, sink });
  try {
    expect(agent.liveKeys).toContain('learningRate');
    expect(agent.liveKeys).not.toContain('numEnvs');
    await agent.iterate();
    agent.setHyper({ learningRate: 0.02, numEnvs: 64 });
    await agent.iterate();
    expect(sink.series('charts/learning_rate')).toEqual([0.001, 0.02]);
    expect(agent.config.numEnvs).toBe(2);
  } finally {
    agent.dispose();
  }
});

// PPO's live hyperparameters: a value the trainer writes into the agent's config between updates
// (Trainer.setHyper, for fields its schema marks live) is what the next update uses.

import { beforeAll, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { PpoAgent } from '../../../src/agents/ppo.ts';
import { PPO } from '../../../src/config/ppo-config.ts';
import { makeRunConfig, resolveConfig } from '../../../src/config/resolve.ts';
import { RecordingSink } from './helpers.ts';

beforeAll(async () => {
  await useBackend('cpu');
});

it('uses a learning rate and entropy coefficient set mid-run from the next update on', async () => {
  const sink = new RecordingSink();
  const config = makeRunConfig('CartPole-v1', 'ppo', {
    overrides: { numEnvs: 2, numSteps: 16, numMinibatches: 2, updateEpochs: 1, hiddenSizes: '8,8', histogramEvery: 0, learningRate: 0.001 },
  });
  const agent = new PpoAgent({ config, sink }, resolveConfig(config));
  try {
    expect(PPO.liveKeys).toContain('learningRate');
    expect(PPO.liveKeys).not.toContain('numEnvs');
    await agent.iterate();
    Object.assign(agent.config, { learningRate: 0.02 });
    await agent.iterate();
    expect(sink.series('charts/learning_rate')).toEqual([0.001, 0.02]);
  } finally {
    agent.dispose();
  }
});

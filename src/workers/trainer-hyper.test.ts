// Trainer.setHyper: live hyperparameter changes reach an agent that declares them, and nothing else does.
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent, AgentContext } from '../agents/types.ts';
import type { RunConfig } from '../config/run-config.ts';
import type { FieldValue } from '../config/schema.ts';
import { VectorEnv } from '../envs/vector-env.ts';
import { Trainer } from './trainer.ts';

const CONFIG: RunConfig = {
  env: 'CartPole-v1',
  agent: 'ppo',
  preset: 'playground',
  seed: 1,
  backend: 'cpu',
  overrides: {},
  bugs: [],
  totalSteps: null,
};

/** An agent that records what setHyper gave it (or has no setHyper at all). */
function fakeAgent(config: RunConfig, live: boolean): Agent & { received: Record<string, FieldValue>[] } {
  const vecEnv = new VectorEnv(config.env, 1);
  vecEnv.reset(config.seed);
  const received: Record<string, FieldValue>[] = [];
  const base = { vecEnv, envSteps: 0, updates: 0, received, metricKeys: () => [], iterate: async () => {}, dispose: () => {} };
  if (!live) return base;
  return { ...base, liveKeys: ['learningRate', 'entCoef'], setHyper: (v: Readonly<Record<string, FieldValue>>) => void received.push({ ...v }) };
}

let current: Trainer | null = null;
afterEach(async () => {
  await current?.dispose();
  current = null;
});

function setup(live: boolean) {
  let agent!: ReturnType<typeof fakeAgent>;
  const trainer = new Trainer({
    setupBackend: async (c) => ({ backend: c.backend, reason: 'forced', timings: {} }),
    createAgent: (config: RunConfig, _ctx: AgentContext) => (agent = fakeAgent(config, live)),
  });
  current = trainer;
  return { trainer, agent: () => agent };
}

describe('Trainer.setHyper', () => {
  it('reports the live keys at init and applies valid values of them', async () => {
    const t = setup(true);
    const init = await t.trainer.init(CONFIG);
    expect(init.liveKeys).toEqual(['learningRate', 'entCoef']);
    expect(await t.trainer.setHyper({ learningRate: 0.001, entCoef: 0 })).toEqual(['learningRate', 'entCoef']);
    expect(t.agent().received).toEqual([{ learningRate: 0.001, entCoef: 0 }]);
  });

  it('refuses keys that need a restart, unknown keys and invalid values, changing nothing', async () => {
    const t = setup(true);
    await t.trainer.init(CONFIG);
    await expect(t.trainer.setHyper({ numEnvs: 8 })).rejects.toThrow(/restart/);
    await expect(t.trainer.setHyper({ nope: 1 })).rejects.toThrow(/unknown ppo setting 'nope'/);
    await expect(t.trainer.setHyper({ learningRate: -1 })).rejects.toThrow(/learningRate/);
    await expect(t.trainer.setHyper({ learningRate: 'abc' })).rejects.toThrow(/finite number/);
    // A valid key next to an invalid one: neither is applied.
    await expect(t.trainer.setHyper({ entCoef: 0.1, learningRate: 2 })).rejects.toThrow();
    expect(t.agent().received).toEqual([]);
  });

  it('has no live keys for an agent without setHyper', async () => {
    const t = setup(false);
    const init = await t.trainer.init(CONFIG);
    expect(init.liveKeys).toEqual([]);
    await expect(t.trainer.setHyper({ learningRate: 0.001 })).rejects.toThrow(/restart/);
  });

  it('refuses before a run exists', async () => {
    const t = setup(true);
    await expect(t.trainer.setHyper({ learningRate: 0.001 })).rejects.toThrow(/no run/);
  });
});

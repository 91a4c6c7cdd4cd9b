// Trainer.setHyper: a change to a field the agent's schema marks live is written into the config object
// the agent reads at every update; anything else (restart fields, unknown keys, bad values) changes nothing.
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../../src/agents/types.ts';
import { PPO } from '../../../src/config/ppo-config.ts';
import type { AgentSettings } from '../../../src/config/resolve.ts';
import type { RunConfig } from '../../../src/config/run-config.ts';
import { VectorEnv } from '../../../src/envs/vector-env.ts';
import { Trainer } from '../../../src/workers/trainer.ts';

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

/** An agent whose config object is the resolved settings, as the real agents hold it. */
function fakeAgent(config: RunConfig, settings: AgentSettings): Agent & { config: Record<string, unknown> } {
  const vecEnv = new VectorEnv(config.env, 1);
  vecEnv.reset(config.seed);
  return { vecEnv, envSteps: 0, updates: 0, config: settings.values, metricKeys: () => [], iterate: async () => {}, dispose: () => {} };
}

let current: Trainer | null = null;
afterEach(async () => {
  await current?.dispose();
  current = null;
});

function setup() {
  let agent!: ReturnType<typeof fakeAgent>;
  const trainer = new Trainer({
    setupBackend: async (c) => ({ backend: c.backend, reason: 'forced', timings: {} }),
    createAgent: (settings, ctx) => (agent = fakeAgent(ctx.config, settings)),
  });
  current = trainer;
  return { trainer, agent: () => agent };
}

describe('Trainer.setHyper', () => {
  it("reports the schema's live keys at init and writes valid values into the agent's config", async () => {
    const t = setup();
    const init = await t.trainer.init(CONFIG);
    expect(init.liveKeys).toEqual(PPO.liveKeys);
    expect(init.liveKeys).toContain('learningRate');
    expect(init.liveKeys).not.toContain('numEnvs');
    expect(await t.trainer.setHyper({ learningRate: 0.001, entCoef: 0 })).toEqual(['learningRate', 'entCoef']);
    expect(t.agent().config).toMatchObject({ learningRate: 0.001, entCoef: 0, numEnvs: 4 });
  });

  it('refuses keys that need a restart, unknown keys and invalid values, changing nothing', async () => {
    const t = setup();
    await t.trainer.init(CONFIG);
    const before = { ...t.agent().config };
    await expect(t.trainer.setHyper({ numEnvs: 8 })).rejects.toThrow(/restart/);
    await expect(t.trainer.setHyper({ nope: 1 })).rejects.toThrow(/unknown ppo setting 'nope'/);
    await expect(t.trainer.setHyper({ learningRate: -1 })).rejects.toThrow(/learningRate/);
    await expect(t.trainer.setHyper({ learningRate: 'abc' })).rejects.toThrow(/finite number/);
    // A valid key next to an invalid one: neither is applied.
    await expect(t.trainer.setHyper({ entCoef: 0.1, learningRate: 2 })).rejects.toThrow();
    expect(t.agent().config).toEqual(before);
  });

  it('has no live keys for an agent whose schema has none (random)', async () => {
    const t = setup();
    const init = await t.trainer.init({ ...CONFIG, agent: 'random' });
    expect(init.liveKeys).toEqual([]);
    await expect(t.trainer.setHyper({ numSteps: 64 })).rejects.toThrow(/restart/);
  });

  it('refuses before a run exists', async () => {
    const t = setup();
    await expect(t.trainer.setHyper({ learningRate: 0.001 })).rejects.toThrow(/no run/);
  });
});

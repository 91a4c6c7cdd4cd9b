// The worker's model calls with stand-in model deps (no tfjs): saveModel hands the running agent to the
// deps, watch() builds the saved agent and runs it like a run (step(n) counts iterations, since a greedy
// agent never updates), a watched agent cannot be saved as a trained run, and a fresh init() ends watching.

import { afterEach, describe, expect, it } from 'vitest';
import type { Agent, AgentContext } from '../../../src/agents/types.ts';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import type { RunConfig } from '../../../src/config/run-config.ts';
import { VectorEnv } from '../../../src/envs/vector-env.ts';
import type { ModelSource, TrainerBatch } from '../../../src/workers/protocol.ts';
import { Trainer, type ModelDeps } from '../../../src/workers/trainer.ts';

function agentFor(ctx: AgentContext, name: string, updatesEach: number): Agent & { name: string; iterations: number } {
  const vecEnv = new VectorEnv(ctx.config.env, 1);
  vecEnv.reset(ctx.config.seed);
  const a = {
    name,
    vecEnv,
    config: {},
    envSteps: 0,
    updates: 0,
    iterations: 0,
    metricKeys: () => ['charts/episodic_return'],
    async iterate() {
      a.iterations++;
      vecEnv.step([0]);
      a.envSteps++;
      a.updates += updatesEach;
      ctx.sink.at(a.envSteps, a.updates);
    },
    dispose() {},
  };
  return a;
}

const until = async (cond: () => boolean, timeout = 10_000): Promise<void> => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeout) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

let trainer: Trainer | null = null;
afterEach(async () => {
  await trainer?.dispose();
  trainer = null;
});

describe('Trainer model calls', () => {
  it('saves the running agent, watches a saved one (no training), and returns to training on init', async () => {
    const saved: { agent: string; key: string | null; config: RunConfig }[] = [];
    let current: ReturnType<typeof agentFor> | null = null;
    const modelConfig = makeRunConfig('CartPole-v1', 'dqn', { seed: 9 });
    const opened: ModelSource[] = [];
    const models: ModelDeps = {
      save: async (agent, config, key) => {
        saved.push({ agent: (agent as unknown as { name: string }).name, key, config });
        return key === null ? { modelJson: '{}', weights: new ArrayBuffer(8) } : null;
      },
      remove: async () => {},
      open: async (source) => {
        opened.push(source);
        return { config: modelConfig, watchAgent: (_s, ctx) => (current = agentFor(ctx, 'greedy', 0)) };
      },
    };
    trainer = new Trainer({ setupBackend: async (c) => ({ backend: c.backend, reason: '', timings: {} }), createAgent: (_s, ctx) => (current = agentFor(ctx, 'trained', 1)), models });
    const batches: TrainerBatch[] = [];
    await trainer.subscribe((b) => batches.push(b));
    const config = makeRunConfig('CartPole-v1', 'ppo', { backend: 'cpu' });
    await trainer.init(config);
    await trainer.setSpeed('max');
    await trainer.step(2);
    await until(() => current!.updates === 2);

    expect(await trainer.saveModel('rl-playground/abc')).toBeNull();
    const files = await trainer.saveModel(null);
    expect(files!.weights.byteLength).toBe(8);
    expect(saved.map((s) => [s.agent, s.key])).toEqual([['trained', 'rl-playground/abc'], ['trained', null]]);

    const watch = await trainer.watch({ indexedDb: 'rl-playground/abc' });
    expect(opened).toEqual([{ indexedDb: 'rl-playground/abc' }]);
    expect(watch.config).toEqual(modelConfig);
    expect(current!.name).toBe('greedy');
    // step(n) ends after n iterations of an agent that never updates.
    await trainer.step(3);
    await until(() => current!.iterations === 3 && !batches[batches.length - 1].status.running);
    expect(batches[batches.length - 1].status.updates).toBe(0);
    await expect(trainer.saveModel(null)).rejects.toThrow(/no trained run/);

    await trainer.init(config);
    expect(current!.name).toBe('trained');
    await trainer.step(1);
    await until(() => current!.updates === 1);
    expect(current!.iterations).toBe(1);
  });

  it('refuses model calls when the worker has no model support', async () => {
    trainer = new Trainer({ setupBackend: async (c) => ({ backend: c.backend, reason: '', timings: {} }), createAgent: (_s, ctx) => agentFor(ctx, 'trained', 1) });
    await trainer.init(makeRunConfig('CartPole-v1', 'ppo', { backend: 'cpu' }));
    await expect(trainer.saveModel(null)).rejects.toThrow(/not available/);
    await expect(trainer.watch({ indexedDb: 'x' })).rejects.toThrow(/not available/);
  });
});

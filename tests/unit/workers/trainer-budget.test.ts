// A step budget ends the run with its final counts released, also at 'watchable' speed (where the
// counters otherwise wait for the canvas to play the rollout back).
import { afterEach, expect, it } from 'vitest';
import type { Agent, AgentContext } from '../../../src/agents/types.ts';
import type { RunConfig } from '../../../src/config/run-config.ts';
import { VectorEnv } from '../../../src/envs/vector-env.ts';
import type { TrainerBatch } from '../../../src/workers/protocol.ts';
import { Trainer } from '../../../src/workers/trainer.ts';

const CONFIG: RunConfig = { env: 'CartPole-v1', agent: 'ppo', preset: 'playground', seed: 1, backend: 'cpu', overrides: {}, bugs: [], totalSteps: 40 };

/** Each iteration: a rollout of 10 vector steps of 2 envs, then one update. */
function rolloutAgent(config: RunConfig, ctx: AgentContext): Agent {
  const vecEnv = new VectorEnv(config.env, 2);
  vecEnv.reset(config.seed);
  const actions = new Int32Array(2);
  const agent = {
    vecEnv,
    config: {},
    envSteps: 0,
    updates: 0,
    metricKeys: () => ['losses/policy_loss'],
    async iterate() {
      for (let k = 0; k < 10; k++) {
        actions[0] = actions[1] = k % 2;
        const r = vecEnv.step(actions);
        agent.envSteps += 2;
        ctx.sink.at(agent.envSteps, agent.updates);
        for (const ep of r.episodes) ctx.sink.episode(ep);
        ctx.onEnvStep?.(vecEnv, actions);
      }
      agent.updates++;
      ctx.sink.at(agent.envSteps, agent.updates);
      ctx.sink.scalar('losses/policy_loss', 0.1);
    },
    dispose() {},
  };
  return agent;
}

let trainer: Trainer | null = null;
afterEach(async () => {
  await trainer?.dispose();
  trainer = null;
});

it('stops at the budget and reports its final step count at watchable speed', async () => {
  trainer = new Trainer({ setupBackend: async () => ({ backend: 'cpu', reason: 'forced', timings: {} }), createAgent: (_settings, ctx) => rolloutAgent(ctx.config, ctx) });
  const batches: TrainerBatch[] = [];
  await trainer.subscribe((b) => batches.push(b));
  await trainer.init(CONFIG);
  await trainer.setSpeed('watchable');
  await trainer.start();
  const t0 = Date.now();
  while (!batches.some((b) => b.status.done && !b.status.running)) {
    if (Date.now() - t0 > 20_000) throw new Error('never done');
    await new Promise((r) => setTimeout(r, 10));
  }
  const last = batches[batches.length - 1];
  expect(last.status).toMatchObject({ done: true, running: false, envSteps: 40, updates: 2, totalSteps: 40 });
  const points = batches.flatMap((b) => b.scalars.filter((c) => c.key === 'losses/policy_loss').flatMap((c) => Array.from(c.step)));
  expect(points).toEqual([20, 40]);
});

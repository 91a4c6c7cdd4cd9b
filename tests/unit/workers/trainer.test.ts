// The worker's loop driven in node with a scripted agent on a real VectorEnv (no tfjs, no Comlink channel).
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent, AgentContext } from '../../../src/agents/types.ts';
import type { RunConfig } from '../../../src/config/run-config.ts';
import { VectorEnv } from '../../../src/envs/vector-env.ts';
import type { TrainerBatch } from '../../../src/workers/protocol.ts';
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

interface Script {
  /** Iterations between updates. */
  updateEvery?: number;
  /** Throw on this iteration (1-based). */
  throwAt?: number;
  /** Report NaN policy loss on this update. */
  nanAtUpdate?: number;
  /** Vector steps per iteration (a rollout). */
  stepsPerIterate?: number;
  /** Called at the end of each iteration (1-based). */
  afterIterate?: (iteration: number) => void;
}

/** Steps 2 CartPoles alternating actions; every `updateEvery` iterations counts an update and reports a loss. */
function scriptedAgent(config: RunConfig, ctx: AgentContext, script: Script): Agent & { iterations: number } {
  const vecEnv = new VectorEnv(config.env, 2);
  vecEnv.reset(config.seed);
  const actions = new Int32Array(2);
  const every = script.updateEvery ?? 1;
  const agent = {
    vecEnv,
    config: {},
    envSteps: 0,
    updates: 0,
    iterations: 0,
    metricKeys: () => ['losses/policy_loss'],
    async iterate() {
      agent.iterations++;
      if (agent.iterations === script.throwAt) throw new Error('boom in iterate');
      for (let k = 0; k < (script.stepsPerIterate ?? 1); k++) {
        actions[0] = actions[1] = (agent.iterations + k) % 2;
        const r = vecEnv.step(actions);
        agent.envSteps += 2;
        ctx.sink.at(agent.envSteps, agent.updates);
        for (const ep of r.episodes) ctx.sink.episode(ep);
        ctx.sink.scalar('charts/SPS', 1);
        ctx.onEnvStep?.(vecEnv, actions);
      }
      if (agent.iterations % every === 0) {
        agent.updates++;
        ctx.sink.at(agent.envSteps, agent.updates);
        ctx.sink.scalar('losses/policy_loss', agent.updates === script.nanAtUpdate ? NaN : 0.1);
      }
      script.afterIterate?.(agent.iterations);
    },
    dispose() {},
  };
  return agent;
}

function setup(script: Script = {}) {
  let agent!: ReturnType<typeof scriptedAgent>;
  const trainer = new Trainer({
    setupBackend: async (c) => ({ backend: c.backend, reason: 'forced', timings: {} }),
    createAgent: (_settings, ctx) => (agent = scriptedAgent(ctx.config, ctx, script)),
  });
  const batches: TrainerBatch[] = [];
  return { trainer, batches, agent: () => agent, subscribe: () => trainer.subscribe((b) => batches.push(b)) };
}

const until = async (cond: () => boolean, timeout = 10_000): Promise<void> => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeout) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

let current: Trainer | null = null;
afterEach(async () => {
  await current?.dispose();
  current = null;
});

describe('Trainer', () => {
  it('initialises, reports keys and the backend, and sends a first frame of the watched env', async () => {
    const t = setup();
    current = t.trainer;
    await t.subscribe();
    const init = await t.trainer.init(CONFIG);
    expect(init.metricKeys).toEqual(['losses/policy_loss']);
    expect(init.numEnvs).toBe(2);
    expect(init.status).toMatchObject({ running: false, envSteps: 0, backend: 'cpu' });
    await until(() => t.batches.some((b) => b.frames.length > 0));
    const frame = t.batches.find((b) => b.frames.length > 0)!.frames[0];
    expect(frame.envId).toBe('CartPole-v1');
    expect(Array.from(frame.state)).toEqual(t.agent().vecEnv.envs[0].state);
  });

  it('step(n) runs exactly n updates, then pauses', async () => {
    const t = setup({ updateEvery: 3 });
    current = t.trainer;
    await t.subscribe();
    await t.trainer.init(CONFIG);
    await t.trainer.setSpeed('max');
    await t.trainer.step(4);
    await until(() => t.batches.some((b) => b.status.updates === 4 && !b.status.running));
    expect(t.agent().updates).toBe(4);
    expect(t.agent().iterations).toBe(12);
    await t.trainer.step(1);
    await until(() => t.agent().updates === 5 && !t.batches[t.batches.length - 1].status.running);
    expect(t.agent().iterations).toBe(15);
  });

  it('catches an agent error, reports it and pauses', async () => {
    const t = setup({ throwAt: 5 });
    current = t.trainer;
    await t.subscribe();
    await t.trainer.init(CONFIG);
    await t.trainer.setSpeed('max');
    await t.trainer.start();
    await until(() => t.batches.some((b) => b.errors.length > 0));
    const b = t.batches.find((x) => x.errors.length > 0)!;
    expect(b.errors[0].message).toBe('boom in iterate');
    await until(() => !t.batches[t.batches.length - 1].status.running);
    expect(t.agent().iterations).toBe(5);
  });

  it('pauses on a non-finite metric and says which key, update and step', async () => {
    const t = setup({ nanAtUpdate: 7 });
    current = t.trainer;
    await t.subscribe();
    await t.trainer.init(CONFIG);
    await t.trainer.setSpeed('max');
    await t.trainer.start();
    await until(() => t.batches.some((b) => b.errors.length > 0));
    const err = t.batches.find((x) => x.errors.length > 0)!.errors[0];
    expect(err.nonFinite).toEqual({ key: 'losses/policy_loss', update: 7, step: 14 });
    await until(() => !t.batches[t.batches.length - 1].status.running);
    expect(t.agent().updates).toBe(7);
  });

  it("flushes at most ~30 times a second with at most one frame, the watched env's latest", async () => {
    const t = setup();
    current = t.trainer;
    await t.subscribe();
    await t.trainer.init(CONFIG);
    await t.trainer.setSpeed('max');
    await t.trainer.setRender(true, 1);
    const before = t.batches.length;
    const t0 = performance.now();
    await t.trainer.start();
    await until(() => t.agent().iterations > 2000);
    await t.trainer.pause();
    const elapsed = performance.now() - t0;
    const flushes = t.batches.length - before;
    expect(flushes).toBeLessThanOrEqual(Math.ceil(elapsed / 33) + 3);
    for (const b of t.batches.slice(before)) {
      expect(b.frames.length).toBeLessThanOrEqual(1);
      for (const f of b.frames) expect(f.envIndex).toBe(1);
    }
    // Every point reported reaches the subscriber (the loop flushes once more after it stops).
    const points = (): number => t.batches.flatMap((b) => b.scalars).filter((s) => s.key === 'losses/policy_loss').reduce((n, s) => n + s.value.length, 0);
    await until(() => points() === t.agent().updates);
    expect(points()).toBeGreaterThan(2000);
  });

  it("'watchable' paces the watched env at about 60 steps a second, 'max' does not", async () => {
    const t = setup();
    current = t.trainer;
    await t.subscribe();
    await t.trainer.init(CONFIG);
    await t.trainer.setSpeed('watchable');
    await t.trainer.start();
    const t0 = performance.now();
    await until(() => performance.now() - t0 >= 500);
    const watched = t.agent().iterations;
    // ≤ 60/s plus slack for the first iteration's burst; a slow machine only lowers it.
    expect(watched).toBeLessThanOrEqual(45);
    await t.trainer.setSpeed('max');
    await until(() => t.agent().iterations > watched + 500);
  });

  it("'watchable' releases the first iteration at once, later ones as the canvas shows the steps they belong to", async () => {
    // Paused right after the first iteration: none of its 30 recorded steps has been played back yet.
    const t = setup({ stepsPerIterate: 30, afterIterate: (n) => n === 1 && void t.trainer.pause() });
    current = t.trainer;
    await t.subscribe();
    await t.trainer.init(CONFIG);
    await t.trainer.start();
    // Yet the first rollout (60 env steps) and its update are released.
    await until(() => t.agent().iterations === 1 && t.batches.length > 0 && !t.batches[t.batches.length - 1].status.running);
    expect(t.batches[t.batches.length - 1].status).toMatchObject({ envSteps: 60, updates: 1 });
    expect(t.batches.flatMap((b) => b.scalars).some((c) => c.key === 'losses/policy_loss')).toBe(true);
    await t.trainer.start();
    // The second is collected at once, then shown over ~0.5 s: the counters follow the canvas.
    await until(() => t.agent().iterations >= 2 && t.batches.some((b) => b.frames.length > 0 && b.status.envSteps > 60));
    const mid = t.batches[t.batches.length - 1];
    const shownSteps = mid.status.envSteps;
    expect(shownSteps).toBeLessThan(120);
    for (const b of t.batches) {
      for (const c of b.scalars) for (const step of c.step) expect(step).toBeLessThanOrEqual(b.status.envSteps);
      for (const e of b.episodes) expect(e.step).toBeLessThanOrEqual(b.status.envSteps);
    }
    await t.trainer.pause();
    await t.trainer.setSpeed('max'); // catching up releases everything
    await until(() => t.batches.some((b) => b.status.envSteps === t.agent().envSteps));
  });

  it("'watchable': the update counter and the update's points agree whenever playback shows a step", async () => {
    const t = setup({ stepsPerIterate: 5 });
    current = t.trainer;
    await t.subscribe();
    await t.trainer.init(CONFIG);
    await t.trainer.start();
    // Several rollouts played back, each ending on the step its update logs its loss at.
    await until(() => t.batches.some((b) => b.status.updates >= 3));
    await t.trainer.pause();
    let released = 0;
    for (const b of t.batches) {
      for (const c of b.scalars) if (c.key === 'losses/policy_loss') released += c.step.length;
      // Every batch: as many updates counted as update points released so far (never one behind).
      expect(b.status.updates).toBe(released);
    }
    expect(released).toBeGreaterThanOrEqual(3);
  });
});

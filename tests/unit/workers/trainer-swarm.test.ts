// A seed swarm in the trainer: init with extra seeds trains them in the same worker loop (the real
// PpoSwarm on the cpu backend), the run's own seed in the ordinary batch and each extra seed's points,
// episodes and status in TrainerBatch.seeds; a run the swarm cannot train is refused.
import { afterEach, beforeAll, expect, it } from 'vitest';
import { createAgent } from '../../../src/agents/index.ts';
import { useBackend } from '../../../src/agents/backend.ts';
import { createSwarm } from '../../../src/agents/ppo-swarm.ts';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import type { TrainerBatch } from '../../../src/workers/protocol.ts';
import { Trainer } from '../../../src/workers/trainer.ts';

const CONFIG = makeRunConfig('CartPole-v1', 'ppo', { seed: 1, totalSteps: 2 * 256, overrides: { compute: 'tfjs', numEnvs: 4, numSteps: 64, hiddenSizes: '16,16' } });

let trainer: Trainer | null = null;
beforeAll(async () => {
  await useBackend('cpu');
});
afterEach(async () => {
  await trainer?.dispose();
  trainer = null;
});

function makeTrainer(): Trainer {
  return new Trainer({ setupBackend: async () => ({ backend: 'cpu', reason: 'forced', timings: {} }), createAgent, createSwarm });
}

async function until(batches: TrainerBatch[], done: (b: TrainerBatch) => boolean): Promise<void> {
  const t0 = Date.now();
  while (!batches.some(done)) {
    if (Date.now() - t0 > 60_000) throw new Error('condition never met');
    await new Promise((r) => setTimeout(r, 10));
  }
}

it('trains the extra seeds in the same worker and reports each seed as its own stream', async () => {
  trainer = makeTrainer();
  const batches: TrainerBatch[] = [];
  await trainer.subscribe((b) => batches.push(b));
  const init = await trainer.init(CONFIG, { extraSeeds: [2, 3] });
  expect(init.metricKeys).toContain('losses/approx_kl');
  await trainer.setSpeed('max');
  await trainer.start();
  await until(batches, (b) => b.status.done);
  const keyValues = (chunks: TrainerBatch['scalars'], key: string): number[] => chunks.filter((c) => c.key === key).flatMap((c) => Array.from(c.value));
  const own = batches.flatMap((b) => b.scalars);
  const extra = [0, 1].map((i) => batches.flatMap((b) => b.seeds?.[i]?.scalars ?? []));
  expect(batches.every((b) => b.seeds?.map((s) => s.seed).join() === '2,3')).toBe(true);
  for (const stream of [own, ...extra]) {
    expect(keyValues(stream, 'losses/approx_kl')).toHaveLength(2);
    expect(keyValues(stream, 'charts/episodic_return').length).toBeGreaterThan(0);
    expect(keyValues(stream, 'charts/random_baseline')).toHaveLength(1);
  }
  // Three different seeds: three different runs.
  expect(keyValues(extra[0], 'losses/value_loss')).not.toEqual(keyValues(own, 'losses/value_loss'));
  expect(keyValues(extra[1], 'losses/value_loss')).not.toEqual(keyValues(extra[0], 'losses/value_loss'));
  const episodes = batches.flatMap((b) => b.seeds?.[0]?.episodes ?? []);
  expect(batches.at(-1)!.seeds![0].episodesReleased).toBe(episodes.length);
  // An ordinary init afterwards is an ordinary run again.
  batches.length = 0;
  await trainer.init(CONFIG);
  await trainer.step(1);
  await until(batches, (b) => b.status.updates >= 1 && !b.status.running);
  expect(batches.some((b) => b.seeds !== undefined)).toBe(false);
});

it('trains a swarm on the js compute path too, each seed its own stream', async () => {
  trainer = makeTrainer();
  const batches: TrainerBatch[] = [];
  await trainer.subscribe((b) => batches.push(b));
  await trainer.init({ ...CONFIG, overrides: { ...CONFIG.overrides, compute: 'js' } }, { extraSeeds: [2] });
  await trainer.step(1);
  await until(batches, (b) => b.status.updates >= 1 && !b.status.running);
  const values = (chunks: TrainerBatch['scalars']): number[] => chunks.filter((c) => c.key === 'losses/value_loss').flatMap((c) => Array.from(c.value));
  const own = values(batches.flatMap((b) => b.scalars));
  const extra = values(batches.flatMap((b) => b.seeds?.[0]?.scalars ?? []));
  expect(own).toHaveLength(1);
  expect(extra).toHaveLength(1);
  expect(extra).not.toEqual(own);
});

it('refuses a swarm of a config it cannot train as one run per seed would', async () => {
  trainer = makeTrainer();
  await expect(trainer.init({ ...CONFIG, bugs: ['lr_too_high'] }, { extraSeeds: [2] })).rejects.toThrow(/bug toggles/);
  await expect(trainer.init({ ...CONFIG, overrides: { ...CONFIG.overrides, targetKl: 0.01 } }, { extraSeeds: [2] })).rejects.toThrow(/target_kl/);
});

// A seed's run through the trainer (the browser worker's loop) equals the same seed built and iterated
// directly (the CLI's path, scripts/train.ts), update for update and bit for bit, whatever the loop does
// around it: watchable playback with rendering on, speed and render switched mid-run, and `auto`'s
// backend switch between iterations (issue 14: the browser's fast-preset seeds must be the CLI's). The
// switches happen on conditions (updates reached), never on timings.
import { afterEach, beforeAll, expect, it } from 'vitest';
import { createAgent } from '../../../src/agents/index.ts';
import { useBackend } from '../../../src/agents/backend.ts';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import type { RunConfig } from '../../../src/config/run-config.ts';
import type { MetricSink } from '../../../src/diagnostics/sink.ts';
import { METRIC } from '../../../src/diagnostics/metric-keys.ts';
import { createRun } from '../../../src/workers/create-run.ts';
import type { TrainerBatch } from '../../../src/workers/protocol.ts';
import { Trainer } from '../../../src/workers/trainer.ts';

const UPDATES = 6;
/** The fast preset (compute auto: the js kernels) at its own sizes: 8 envs × 32 steps per update. */
const CONFIG: RunConfig = makeRunConfig('CartPole-v1', 'ppo', { seed: 3, preset: 'fast', totalSteps: UPDATES * 256 });
const KEYS = [METRIC.valueLoss, METRIC.policyLoss, METRIC.approxKl, METRIC.clipfrac, METRIC.episodicReturn];

type Series = Record<string, number[]>;

let trainer: Trainer | null = null;
beforeAll(async () => {
  await useBackend('cpu');
});
afterEach(async () => {
  await trainer?.dispose();
  trainer = null;
  await useBackend('cpu');
});

/** The CLI's path: createRun with a sink that records, iterate until the budget is spent. */
async function direct(config: RunConfig): Promise<Series> {
  const out: Series = Object.fromEntries(KEYS.map((k) => [k, []]));
  const sink: MetricSink & { monitor: null } = {
    monitor: null,
    at: () => {},
    scalar: (key, v) => out[key]?.push(v),
    histogram: () => {},
    episode: (ep) => out[METRIC.episodicReturn].push(ep.return),
  };
  const { agent } = await createRun(config, sink, { createAgent });
  while (agent.envSteps < config.totalSteps!) await agent.iterate();
  agent.dispose();
  return out;
}

function series(batches: TrainerBatch[]): Series {
  const chunks = batches.flatMap((b) => b.scalars);
  return Object.fromEntries(KEYS.map((k) => [k, chunks.filter((c) => c.key === k).flatMap((c) => Array.from(c.value))]));
}

async function until(batches: TrainerBatch[], done: (b: TrainerBatch) => boolean): Promise<void> {
  const t0 = Date.now();
  while (!batches.some(done)) {
    if (Date.now() - t0 > 120_000) throw new Error('condition never met');
    await new Promise((r) => setTimeout(r, 10));
  }
}

it('trains a seed through the trainer exactly as directly, whatever the speed, rendering and backend switches', async () => {
  const reference = await direct(CONFIG);
  expect(reference[METRIC.valueLoss]).toHaveLength(UPDATES);

  // Watchable with rendering on, as a page opens; `auto` starts on cpu and its measurement picks wasm,
  // switched to between two iterations; then Max with rendering off once two updates have been shown.
  trainer = new Trainer({
    createAgent,
    setupBackend: async () => ({ backend: 'cpu', reason: 'auto: cpu until every backend is timed', timings: {}, measure: async () => ({ backend: 'wasm', reason: 'auto: measured', timings: {} }) }),
    switchBackend: useBackend,
  });
  const watched: TrainerBatch[] = [];
  await trainer.subscribe((b) => watched.push(b));
  await trainer.init(CONFIG);
  await trainer.setSpeed('watchable');
  await trainer.setRender(true);
  await trainer.start();
  await until(watched, (b) => b.status.updates >= 2);
  await trainer.setRender(false);
  await trainer.setSpeed('max');
  await until(watched, (b) => b.status.done);
  expect(watched.some((b) => b.frames.length > 0)).toBe(true);
  expect(watched.at(-1)!.status.backend).toBe('wasm');
  expect(series(watched)).toEqual(reference);
  await trainer.dispose();

  // Max from the start, rendering off, no backend switch (the bench's page).
  trainer = new Trainer({ createAgent, setupBackend: async () => ({ backend: 'cpu', reason: 'forced', timings: {} }) });
  const fast: TrainerBatch[] = [];
  await trainer.subscribe((b) => fast.push(b));
  await trainer.init(CONFIG);
  await trainer.setRender(false);
  await trainer.setSpeed('max');
  await trainer.start();
  await until(fast, (b) => b.status.done);
  expect(series(fast)).toEqual(reference);
}, 300_000);

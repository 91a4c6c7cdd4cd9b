// The same seed gives the same run in the browser's training worker as in Node (the CLI's path): PPO `fast`
// on CartPole-v1, seed 1, its first UPDATES updates' losses and every episode up to there, bit for bit
// (issue 14). The page's numbers are read from the batches the worker posts (sniffed on the main thread's
// MessagePorts, as scripts/bench/browser-solve.ts does); Node's from the same run built with createRun.
// Before CartPole's cos/sin were engine-independent (src/envs/portable-math.ts), Chromium's Math.cos/sin
// parted this seed from Node's at update 69.

import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createAgent } from '../../src/agents/index.ts';
import { useBackend } from '../../src/agents/backend.ts';
import { makeRunConfig } from '../../src/config/resolve.ts';
import { METRIC } from '../../src/diagnostics/metric-keys.ts';
import type { MetricSink } from '../../src/diagnostics/sink.ts';
import { createRun } from '../../src/workers/create-run.ts';
import { launchChromium, openPage } from './browser.ts';

const SEED = 1;
const UPDATES = 72;
const KEYS = [METRIC.valueLoss, METRIC.policyLoss, METRIC.approxKl];

interface Seen {
  scalars: Record<string, number[]>;
  /** [env step, return] of each finished episode. */
  episodes: [number, number][];
}

/** Installed before the page's scripts: records the losses and episodes of every TrainerBatch. */
function sniff(keys: string[]): void {
  const w = window as unknown as { __seen: Seen };
  w.__seen = { scalars: Object.fromEntries(keys.map((k) => [k, []])), episodes: [] };
  const onBatch = (b: { episodes: { return: number; step: number }[]; scalars: { key: string; value: Float64Array }[] }): void => {
    for (const e of b.episodes) w.__seen.episodes.push([e.step, e.return]);
    for (const c of b.scalars) w.__seen.scalars[c.key]?.push(...Array.from(c.value));
  };
  type Add = (this: MessagePort, type: string, listener: unknown, options?: unknown) => void;
  const proto = MessagePort.prototype as unknown as { addEventListener: Add };
  const add = proto.addEventListener;
  proto.addEventListener = function (this: MessagePort, type: string, listener: unknown, options?: unknown): void {
    if (type !== 'message' || typeof listener !== 'function') return add.call(this, type, listener, options);
    const wrapped = (ev: MessageEvent): void => {
      const args = ev.data?.argumentList;
      if (Array.isArray(args))
        for (const a of args) {
          const v = a?.value;
          if (v && Array.isArray(v.episodes) && Array.isArray(v.scalars) && v.status) onBatch(v);
        }
      (listener as (ev: MessageEvent) => void).call(this, ev);
    };
    add.call(this, type, wrapped, options);
  };
}

/** Node: the same run, built and iterated as scripts/train.ts does, for UPDATES updates. */
async function nodeRun(): Promise<Seen> {
  await useBackend('cpu');
  const seen: Seen = { scalars: Object.fromEntries(KEYS.map((k) => [k, []])), episodes: [] };
  let step = 0;
  const sink: MetricSink & { monitor: null } = {
    monitor: null,
    at: (s) => {
      step = s;
    },
    scalar: (key, v) => seen.scalars[key]?.push(v),
    histogram: () => {},
    episode: (ep) => seen.episodes.push([step, ep.return]),
  };
  const { agent } = await createRun(makeRunConfig('CartPole-v1', 'ppo', { preset: 'fast', seed: SEED, totalSteps: 100_000 }), sink, { createAgent });
  while (agent.updates < UPDATES) await agent.iterate();
  agent.dispose();
  return seen;
}

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

it(`PPO fast, CartPole-v1, seed ${SEED}: the worker's first ${UPDATES} updates and episodes equal Node's bit for bit`, async () => {
  const { page, problems, context } = await openPage(browser, { width: 1400, height: 900 });
  // Functions handed to the page may call a `__name` helper (esbuild keepNames) the page lacks.
  await page.addInitScript('globalThis.__name = (f) => f;');
  await page.addInitScript(sniff, KEYS);
  await page.goto(`${inject('baseUrl')}#env=CartPole-v1&agent=ppo&preset=fast&seed=${SEED}`);
  await page.getByTestId('render-switch').uncheck();
  await page.getByRole('button', { name: 'Max', exact: true }).click();
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  if (!(await pause.isVisible())) await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForFunction((n) => (window as unknown as { __seen: Seen }).__seen.scalars['losses/value_loss'].length >= n, UPDATES, { timeout: 240_000, polling: 250 });
  const browserRun = await page.evaluate(() => (window as unknown as { __seen: Seen }).__seen);
  await context.close();
  const node = await nodeRun();
  for (const key of KEYS) expect(browserRun.scalars[key].slice(0, UPDATES), key).toEqual(node.scalars[key]);
  const lastStep = node.episodes.at(-1)![0];
  expect(browserRun.episodes.filter(([s]) => s <= lastStep)).toEqual(node.episodes);
  expect(problems.errors).toEqual([]);
}, 360_000);

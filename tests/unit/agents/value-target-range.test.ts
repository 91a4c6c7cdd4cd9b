// A healthy run's value targets stay within what the env can pay from the first update (CartPole-v1,
// γ = 0.99: every discounted return lies in [0, 100)). Before the reward normaliser was primed, the
// playground's first update logged value_target_max ≈ 1519 (unclipped) or 163–271 (clipped to ±10):
// rewards scaled by a std near 0.005, read back at the several-fold larger scale of the rollout's end.
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { createAgent } from '../../../src/agents/index.ts';
import * as on from '../../../src/agents/on-policy.ts';
import { makeRunConfig, resolveSettings } from '../../../src/config/resolve.ts';
import { METRIC } from '../../../src/diagnostics/metric-keys.ts';
import { ReturnNormalizer } from '../../../src/rl/running-stats.ts';
import { RecordingSink } from './helpers.ts';

beforeAll(async () => {
  await useBackend('wasm');
});

describe('primeReturnNormalizer', () => {
  it('starts the statistics at the scale of random-policy returns and clears the running returns', () => {
    const run = makeRunConfig('CartPole-v1', 'ppo', { seed: 3 });
    const primed = on.primeReturnNormalizer(new ReturnNormalizer(4, 0.99), run, 512);
    // Random CartPole episodes last ~22 steps: discounted returns from 1 to ~20, std of a few units.
    expect(primed.scale).toBeGreaterThan(2);
    expect(primed.scale).toBeLessThan(20);
    expect(Array.from(primed.returns)).toEqual([0, 0, 0, 0]);
    // No warm-up: Gymnasium's start, mean 0, var 1.
    expect(on.primeReturnNormalizer(new ReturnNormalizer(4, 0.99), run, 0).scale).toBeCloseTo(1, 6);
  });
});

describe('healthy playground runs on CartPole-v1', () => {
  for (const agent of ['ppo', 'a2c', 'vpg'] as const) {
    it(`${agent}: value_target_max ≤ 100 at every update of the first ~2,000 steps`, async () => {
      const config = makeRunConfig('CartPole-v1', agent, { seed: 3 });
      const sink = new RecordingSink();
      const run = createAgent(resolveSettings(config), { config, sink });
      try {
        while (run.envSteps < 2000) await run.iterate();
      } finally {
        run.dispose();
      }
      const targets = sink.series(METRIC.valueTargetMax);
      expect(targets.length).toBeGreaterThan(0);
      for (const v of targets) expect(v).toBeLessThan(100);
    });
  }
});

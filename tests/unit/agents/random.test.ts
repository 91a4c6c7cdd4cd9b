import { describe, expect, it } from 'vitest';
import { createAgent } from '../../../src/agents/index.ts';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import { RecordingSink } from './helpers.ts';

describe('random agent', () => {
  it('plays uniformly at random, reports episodes and SPS, reproducibly', async () => {
    const run = async (seed: number) => {
      const sink = new RecordingSink();
      const config = makeRunConfig('CartPole-v1', 'random', { seed });
      const agent = createAgent(config, { config, sink });
      for (let i = 0; i < 5; i++) await agent.iterate();
      expect(agent.envSteps).toBe(5 * 4 * 128);
      expect(agent.metricKeys()).toContain('charts/SPS');
      agent.dispose();
      return sink;
    };
    const a = await run(1);
    const returns = a.series('charts/episodic_return');
    const mean = returns.reduce((x, y) => x + y, 0) / returns.length;
    // CartPole under a uniform policy: ~22 steps per episode.
    expect(mean).toBeGreaterThan(15);
    expect(mean).toBeLessThan(30);
    expect(a.series('charts/SPS').every((v) => v > 0)).toBe(true);
    expect((await run(1)).series('charts/episodic_return')).toEqual(returns);
    expect((await run(2)).series('charts/episodic_return')).not.toEqual(returns);
  });

  it('samples continuous actions inside the box', async () => {
    const sink = new RecordingSink();
    const config = makeRunConfig('Pendulum-v1', 'random', { overrides: { numSteps: 400 } });
    const seen: number[] = [];
    const agent = createAgent(config, { config, sink, onEnvStep: (_v, actions) => seen.push(...Array.from(actions)) });
    await agent.iterate();
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...seen)).toBeLessThanOrEqual(2);
    expect(Math.max(...seen) - Math.min(...seen)).toBeGreaterThan(3.5);
    // Pendulum episodes are 200 steps: 4 envs × 400 steps finish 8.
    expect(sink.episodes.length).toBe(8);
  });
});

import { describe, expect, it } from 'vitest';
import { createAgent } from '../../../src/agents/index.ts';
import { randomPolicyReturn } from '../../../src/agents/random.ts';
import { makeRunConfig, resolveSettings } from '../../../src/config/resolve.ts';
import { RecordingSink } from './helpers.ts';

describe('random agent', () => {
  it('plays uniformly at random, reports episodes and SPS, reproducibly', async () => {
    const run = async (seed: number) => {
      const sink = new RecordingSink();
      const config = makeRunConfig('CartPole-v1', 'random', { seed });
      const agent = createAgent(resolveSettings(config), { config, sink });
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
    const agent = createAgent(resolveSettings(config), { config, sink, onEnvStep: (_v, actions) => seen.push(...Array.from(actions)) });
    await agent.iterate();
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...seen)).toBeLessThanOrEqual(2);
    expect(Math.max(...seen) - Math.min(...seen)).toBeGreaterThan(3.5);
    // Pendulum episodes are 200 steps: 4 envs × 400 steps finish 8.
    expect(sink.episodes.length).toBe(8);
  });
});

describe('charts/random_baseline', () => {
  it('is the mean return of a uniformly random policy: exact on the probes, about 22 on CartPole, reproducible', () => {
    // Probe1 pays +1 per one-step episode whatever the action; Probe4 pays ±1 for two actions at random.
    expect(randomPolicyReturn('Probe1', 1)).toBe(1);
    const p4 = randomPolicyReturn('Probe4', 1, 2000);
    expect(Math.abs(p4)).toBeLessThan(0.1);
    // CartPole-v1 under a random policy lasts about 22 steps on average (Gymnasium's folklore number).
    const cp = randomPolicyReturn('CartPole-v1', 1, 1000);
    expect(cp).toBeGreaterThan(19);
    expect(cp).toBeLessThan(25);
    expect(randomPolicyReturn('CartPole-v1', 1)).toBe(randomPolicyReturn('CartPole-v1', 1));
    expect(randomPolicyReturn('CartPole-v1', 1)).not.toBe(randomPolicyReturn('CartPole-v1', 2));
    // Pendulum's random return sits far below the −200 "solved" line.
    expect(randomPolicyReturn('Pendulum-v1', 1, 20)).toBeLessThan(-800);
  });
});


// Which of the bug lab's runs share a seed swarm: an arm's extra seeds of a healthy PPO config (any compute
// path: the worker trains them on the one each run would take); every other run keeps a worker of its own. And a swarm's batch split per seed.
import { describe, expect, it } from 'vitest';
import { makeRunConfig } from '../../../src/config/resolve.ts';
import type { HyperValue } from '../../../src/config/run-config.ts';
import { planArms, planRuns } from '../../../src/ui/lab/experiment.ts';
import { followerBatch, planSwarms, swarmFollowers } from '../../../src/ui/lab/seed-swarm.ts';
import type { TrainerBatch } from '../../../src/workers/protocol.ts';

function plan(agent: 'ppo' | 'dqn', seeds: number, overrides: Record<string, HyperValue> = { compute: 'tfjs' }, bugs: string[] = [], kind: 'healthy' | null = null, maxConcurrent = 2) {
  const config = { ...makeRunConfig('CartPole-v1', agent, { overrides }), bugs };
  const planned = planRuns(planArms(config, kind, null), seeds, null);
  const swarms = planSwarms(planned, maxConcurrent);
  return { planned, swarms, leaders: [...swarms].map(([id, f]) => [id, f.map((p) => p.runId)]) };
}

describe('planSwarms', () => {
  it("puts an arm's extra seeds in one swarm led by the first of them", () => {
    expect(plan('ppo', 4).leaders).toEqual([['lab-main-1', ['lab-main-2', 'lab-main-3']]]);
    expect(swarmFollowers(plan('ppo', 4).swarms)).toEqual(new Map([['lab-main-2', 'lab-main-1'], ['lab-main-3', 'lab-main-1']]));
  });

  it('swarms the js and auto compute paths too', () => {
    expect(plan('ppo', 4, { compute: 'js' }).leaders).toEqual([['lab-main-1', ['lab-main-2', 'lab-main-3']]]);
    expect(plan('ppo', 4, { compute: 'auto' }).leaders).toEqual([['lab-main-1', ['lab-main-2', 'lab-main-3']]]);
  });

  it('leaves two seeds, other agents, bugs, jsInference off, target_kl to one run per seed', () => {
    expect(plan('ppo', 2).leaders).toEqual([]);
    expect(plan('dqn', 4, {}).leaders).toEqual([]);
    expect(plan('ppo', 4, { compute: 'tfjs' }, ['lr_too_high']).leaders).toEqual([]);
    expect(plan('ppo', 4, { compute: 'js', jsInference: false }).leaders).toEqual([]);
    expect(plan('ppo', 4, { compute: 'tfjs', targetKl: 0.02 }).leaders).toEqual([]);
  });

  it('shares no worker when every run has one (each seed on a core of its own beats a swarm)', () => {
    expect(plan('ppo', 4, { compute: 'js' }, [], null, 4).leaders).toEqual([]);
    expect(plan('ppo', 8, { compute: 'js' }, [], null, 15).leaders).toEqual([]);
  });

  it('splits the swarms over the spare workers, the largest first, within the workers there are', () => {
    // The page's own run is seed 1; lab-main-k is seed k + 1.
    const ids = (n: number[]) => n.map((i) => `lab-main-${i}`);
    // 8 seeds, 7 workers (an 8-core machine): two seeds share one, so that 7 workers train all 8.
    expect(plan('ppo', 8, { compute: 'js' }, [], null, 7).leaders).toEqual([['lab-main-3', ids([4])]]);
    // 8 seeds, 3 workers: the page's run, then seeds 2–8 in two swarms.
    expect(plan('ppo', 8, { compute: 'js' }, [], null, 3).leaders).toEqual([
      ['lab-main-1', ids([2, 3, 4])],
      ['lab-main-5', ids([6, 7])],
    ]);
    // Compare with healthy, 4 seeds each, 5 workers: the broken arm needs 4, its twin's extra seeds share 1.
    expect(plan('ppo', 4, { compute: 'tfjs' }, ['lr_too_high'], 'healthy', 5).leaders).toEqual([['lab-other-1', ['lab-other-2', 'lab-other-3']]]);
    // Every worker used, never more than there are (the page's run and one swarm at the least).
    for (const [seeds, workers] of [[8, 2], [8, 3], [8, 5], [8, 7], [8, 9], [6, 4], [5, 3]]) {
      const { planned, swarms } = plan('ppo', seeds, { compute: 'js' }, [], null, workers);
      expect(planned.length - swarmFollowers(swarms).size).toBe(Math.min(seeds, workers));
    }
  });

  it('compare with healthy: only the healthy twin swarms its extra seeds', () => {
    expect(plan('ppo', 4, { compute: 'tfjs' }, ['lr_too_high'], 'healthy').leaders).toEqual([['lab-other-1', ['lab-other-2', 'lab-other-3']]]);
  });
});

it("followerBatch: the i-th extra seed's part of a swarm's batch, with the swarm's counters and its own episode count", () => {
  const status = { running: true, envSteps: 512, updates: 1, wallS: 1, episodes: 7, backend: 'cpu', backendReason: '', backendTimings: {}, totalSteps: null, done: false };
  const episode = { envIndex: 0, return: 10, length: 10, terminated: true, truncated: false, solved: false, step: 40 };
  const b: TrainerBatch = { scalars: [], histograms: [], frames: [], episodes: [], alerts: [], errors: [], status, seeds: [{ seed: 3, scalars: [], histograms: [], episodes: [episode], alerts: [], episodesReleased: 5 }] };
  expect(followerBatch(b, 0)).toMatchObject({ episodes: [episode], frames: [], errors: [], status: { ...status, episodes: 5 } });
  expect(followerBatch(b, 1)).toBeNull();
});

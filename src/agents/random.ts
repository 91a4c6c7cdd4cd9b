// A uniformly random policy: the baseline every learning curve should beat (charts/random_baseline),
// and the cheapest way to exercise the env, the sink and the worker.

import type { RandomConfig } from '../config/random-config.ts';
import type { RunConfig } from '../config/run-config.ts';
import { METRIC, phaseKey } from '../diagnostics/metric-keys.ts';
import { makeFastRng, type Xoshiro128 } from '../envs/rng.ts';
import { VectorEnv } from '../envs/vector-env.ts';
import type { Agent, AgentContext } from './types.ts';

export class RandomAgent implements Agent {
  readonly vecEnv: VectorEnv;
  readonly config: RandomConfig;
  envSteps = 0;
  readonly updates = 0;
  private readonly rng: Xoshiro128;
  private readonly actions: Float32Array;
  private readonly ctx: AgentContext;
  private startTime: number | null = null;

  constructor(ctx: AgentContext, config: RandomConfig) {
    this.ctx = ctx;
    this.config = config;
    this.vecEnv = new VectorEnv(ctx.config.env, config.numEnvs);
    this.rng = makeFastRng(ctx.config.seed + 1_000_003);
    this.actions = new Float32Array(config.numEnvs * this.vecEnv.actDim);
    this.vecEnv.reset(ctx.config.seed);
  }

  metricKeys(): string[] {
    return [METRIC.episodicReturn, METRIC.episodicLength, METRIC.sps, METRIC.envSteps, METRIC.wallS, phaseKey('env')];
  }

  async iterate(): Promise<void> {
    const { sink } = this.ctx;
    const space = this.vecEnv.actionSpace;
    this.startTime ??= performance.now();
    const t0 = performance.now();
    for (let step = 0; step < this.config.numSteps; step++) {
      for (let i = 0; i < this.actions.length; i++) {
        const k = i % this.vecEnv.actDim;
        this.actions[i] = space.kind === 'discrete' ? this.rng.integers(space.n) : this.rng.uniform(space.low[k], space.high[k]);
      }
      const r = this.vecEnv.step(this.actions);
      this.envSteps += this.vecEnv.numEnvs;
      if (r.episodes.length > 0) {
        sink.at(this.envSteps, 0);
        for (const ep of r.episodes) sink.episode(ep);
      }
      this.ctx.onEnvStep?.(this.vecEnv, this.actions);
    }
    const envMs = performance.now() - t0;
    const wallS = (performance.now() - this.startTime) / 1000;
    sink.at(this.envSteps, 0);
    sink.scalar(METRIC.envSteps, this.envSteps);
    sink.scalar(METRIC.wallS, wallS);
    sink.scalar(METRIC.sps, Math.floor(this.envSteps / wallS));
    sink.scalar(phaseKey('env'), envMs);
  }

  dispose(): void {}
}

/**
 * charts/random_baseline: the mean return of a uniformly random policy over `episodes` episodes of
 * `envId` (time limit included), seeded, computed once per run as the return chart's reference line.
 */
export function randomPolicyReturn(envId: RunConfig['env'], seed: number, episodes = 100): number {
  const vec = new VectorEnv(envId, 1);
  const rng = makeFastRng(seed + 7_000_003);
  const space = vec.actionSpace;
  const action = new Float32Array(vec.actDim);
  vec.reset(seed + 7_000_003);
  let total = 0;
  let done = 0;
  while (done < episodes) {
    for (let k = 0; k < action.length; k++) action[k] = space.kind === 'discrete' ? rng.integers(space.n) : rng.uniform(space.low[k], space.high[k]);
    for (const ep of vec.step(action).episodes) {
      total += ep.return;
      done++;
    }
  }
  return total / episodes;
}

// Watching a saved agent: its policy acts greedily in every sub-env of a freshly seeded copy of its env,
// and nothing trains. It is an Agent like the others, so the trainer's loop, the watchable playback, the
// frames and the episode counters work unchanged; it reports episodes and the step count only.

import { METRIC } from '../diagnostics/metric-keys.ts';
import type { VectorEnv } from '../envs/vector-env.ts';
import type { Agent, AgentContext, SavablePolicy } from './types.ts';

/** Vector steps per iteration (the trainer yields and flushes between iterations). */
const STEPS_PER_ITERATION = 32;
/** Seed offset of the watched env: not the training seed's first episodes. */
const WATCH_SEED_OFFSET = 10_000_019;

export class GreedyAgent implements Agent {
  envSteps = 0;
  readonly updates = 0;
  readonly config = {};
  private readonly obs: Float32Array;
  private readonly actions: Float32Array;
  private readonly one: Float32Array;

  /** `trained`: the agent whose networks were loaded (its env is reused, re-seeded; disposing this disposes it). */
  constructor(
    private readonly trained: Agent,
    private readonly greedy: SavablePolicy,
    private readonly ctx: AgentContext,
  ) {
    const v = this.vecEnv;
    this.obs = Float32Array.from(v.reset(ctx.config.seed + WATCH_SEED_OFFSET));
    this.actions = new Float32Array(v.numEnvs * v.actDim);
    this.one = new Float32Array(v.actDim);
  }

  get vecEnv(): VectorEnv {
    return this.trained.vecEnv;
  }

  metricKeys(): string[] {
    return [METRIC.episodicReturn, METRIC.episodicLength, METRIC.envSteps];
  }

  async iterate(): Promise<void> {
    const v = this.vecEnv;
    const { obsDim: D, actDim, numEnvs: N } = v;
    for (let s = 0; s < STEPS_PER_ITERATION; s++) {
      for (let e = 0; e < N; e++) {
        this.greedy.act(this.obs.subarray(e * D, (e + 1) * D), this.one);
        this.actions.set(this.one, e * actDim);
      }
      const r = v.step(this.actions);
      this.envSteps += N;
      if (r.episodes.length > 0) {
        this.ctx.sink.at(this.envSteps, 0);
        for (const ep of r.episodes) this.ctx.sink.episode(ep);
      }
      this.obs.set(r.obs);
      this.ctx.onEnvStep?.(v, this.actions);
    }
    this.ctx.sink.at(this.envSteps, 0);
    this.ctx.sink.scalar(METRIC.envSteps, this.envSteps);
  }

  dispose(): void {
    this.trained.dispose();
  }
}

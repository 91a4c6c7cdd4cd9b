// The seed swarm on the `js` compute path (config compute = js, or auto where it picks js): every seed's
// update as ppo.ts's jsUpdate does it, by the wasm SIMD kernels of js-mlp-ppo.ts, one learner per seed in
// lockstep in this one worker. The rollout's forward pass also runs in each seed's learner, as on ppo.ts's
// js path, so seed s of the swarm is seed s alone, bit for bit (tests/unit/agents/ppo-swarm.test.ts).
//
// Why not one seed-batched kernel call per layer, as the tfjs engine stacks the seeds: on this path a seed's
// update is arithmetic, not dispatch (bench-swarm: one seed's 51,200 CartPole steps are ≈1.7 s of CPU for
// ≈6.4 G multiply-adds, near one core's f32x4 rate), so a leading seed axis inside the kernels would save
// only the few calls per layer and minibatch; S seeds cost S times the arithmetic either way on a CPU.

import type { PpoConfig } from '../config/ppo-config.ts';
import { JS_STAT_COUNT, JsPpoLearner, jsEpochs, jsRolloutLogProbs } from './js-mlp-ppo.ts';
import { permutation } from './ppo-batch.ts';
import { loadMirror, SwarmStat, type SwarmEngine, type SwarmSeed, type SwarmUpdate } from './ppo-swarm-update.ts';

export class JsSwarmEngine implements SwarmEngine {
  private readonly learners: JsPpoLearner[];

  /** One learner per seed; initial[s] is seed s's parameters in ppo.ts's order (actor, critic, log σ). */
  constructor(
    private readonly seeds: readonly SwarmSeed[],
    nets: { actorSizes: readonly number[]; criticSizes: readonly number[]; activation: PpoConfig['activation']; adamEps: number },
    initial: readonly Float32Array[],
  ) {
    if (JS_STAT_COUNT !== SwarmStat.Count) throw new Error('seed swarm: the js path reports another set of statistics');
    this.learners = seeds.map((seed, s) => new JsPpoLearner({ ...nets, discrete: seed.acting.space.discrete }, initial[s]));
  }

  infer(s: number): () => Promise<void> {
    const learner = this.learners[s];
    const a = this.seeds[s].acting;
    return () => learner.act(a.nextObs, a.vecEnv.numEnvs, a.head, a.values);
  }

  get trainSteps(): number {
    return this.learners[0].adam.steps;
  }

  async update(seeds: readonly SwarmSeed[], c: PpoConfig, lr: number, clipCoef: number): Promise<SwarmUpdate> {
    const S = seeds.length;
    const M = seeds[0].mb.size;
    let statRows: Float32Array | null = null;
    let steps = 0;
    const firstRatios = new Float32Array(S * M);
    seeds.forEach((seed, s) => {
      const learner = this.learners[s];
      const batch = seed.batch!;
      const B = batch.advantages.length;
      const space = seed.acting.space;
      // ppo.ts jsUpdate with no bugs: π_old by the learner's own forward pass on the first epoch's minibatches, then the epochs.
      const firstPermutation = permutation(B, seed.shuffleRng);
      jsRolloutLogProbs(learner, seed.mb, batch, firstPermutation, space, null);
      const r = jsEpochs(learner, {
        batch,
        mb: seed.mb,
        space,
        epochs: c.updateEpochs,
        targetKl: null,
        firstPermutation,
        nextPermutation: () => permutation(B, seed.shuffleRng),
        normalizeAdvantages: c.normAdv,
        loss: { clipCoef, entCoef: c.entCoef, vfCoef: c.vfCoef, clipVloss: c.clipVloss, sumLoss: false },
        lr,
        maxGradNorm: c.maxGradNorm,
        histograms: false,
        layerNorms: false,
      });
      // Interleave into [step × S × Count]: the layout the tfjs engine reads back.
      steps = r.steps;
      statRows ??= new Float32Array(steps * S * SwarmStat.Count);
      for (let k = 0; k < steps; k++) statRows.set(r.statRows.subarray(k * SwarmStat.Count, (k + 1) * SwarmStat.Count), (k * S + s) * SwarmStat.Count);
      firstRatios.set(r.firstRatios, s * M);
      loadMirror(seed.mirror, learner.params);
    });
    return { statRows: statRows!, steps, firstRatios };
  }

  dispose(): void {
    // The learners hold no tfjs tensors; their wasm memories go with them.
  }
}

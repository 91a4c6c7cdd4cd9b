// The seed swarm on the tfjs compute path (config compute = tfjs, or auto where it picks tfjs): S seeds'
// updates as one batched computation, as PureJaxRL vmaps its update over seeds. Every weight and every
// minibatch has a leading seed axis S (ppo-swarm-net.ts); one tf.variableGrads per minibatch differentiates
// the sum of the S per-seed losses, whose gradient with respect to seed s's slice is exactly seed s's own
// gradient; the global grad norm is clipped per seed; one Adam over the stacked variables is per-seed Adam,
// since Adam is elementwise. Seed s trains as ppo.ts (compute tfjs) with that seed would, up to float
// rounding of the batched kernels (tests/unit/agents/ppo-swarm.test.ts holds it to that).

import * as tf from '@tensorflow/tfjs';
import type { PpoConfig } from '../config/ppo-config.ts';
import { Adam, flattenVariables, variableFrom, type Activation } from './nets.ts';
import * as on from './on-policy.ts';
import { LOG_SQRT_2PI } from './policy-dist.ts';
import { fillMinibatch, permutation, type Minibatch } from './ppo-batch.ts';
import { clipGradNormPerSeed, seedSlice, StackedMlp } from './ppo-swarm-net.ts';
import { loadMirror, type SwarmEngine, type SwarmSeed, type SwarmUpdate } from './ppo-swarm-update.ts';

/** Seed s's networks as read from the tfjs nets its own run builds: [W0, b0, …] per network, and log σ. */
export interface SeedWeights {
  actor: Float32Array[];
  critic: Float32Array[];
  logStd: Float32Array | null;
}

export class TfjsSwarmEngine implements SwarmEngine {
  private readonly actor: StackedMlp;
  private readonly critic: StackedMlp;
  /** Continuous actions: log σ [S, 1, A]; discrete: null. */
  private readonly logStd: tf.Variable<tf.Rank.R3> | null;
  /** ppo.ts's order: actor, critic, log σ. */
  private readonly params: tf.Variable[];
  private readonly optimizer: Adam;
  private readonly S: number;
  private readonly M: number;

  /** `stacked` is the minibatch [S × M × …] whose rows seed s's `mb` views. */
  constructor(
    sizes: { actor: readonly number[]; critic: readonly number[] },
    activation: Activation,
    adamEps: number,
    weights: readonly SeedWeights[],
    private readonly stacked: Minibatch,
  ) {
    const S = weights.length;
    this.S = S;
    this.M = stacked.size;
    this.actor = new StackedMlp(sizes.actor, activation, weights.map((w) => w.actor));
    this.critic = new StackedMlp(sizes.critic, activation, weights.map((w) => w.critic));
    const A = sizes.actor[sizes.actor.length - 1];
    this.logStd = weights[0].logStd === null ? null : variableFrom(tf.tensor3d(Float32Array.from(weights.flatMap((w) => Array.from(w.logStd!))), [S, 1, A]));
    this.params = [...this.actor.variables, ...this.critic.variables, ...(this.logStd ? [this.logStd] : [])];
    this.optimizer = new Adam(this.params, adamEps);
  }

  infer(): null {
    return null; // each seed's JS mirror
  }

  get trainSteps(): number {
    return this.optimizer.steps;
  }

  /** K epochs of minibatch Adam steps for all seeds at once; one read-back at the end. */
  async update(seeds: readonly SwarmSeed[], c: PpoConfig, lr: number, clipCoef: number): Promise<SwarmUpdate> {
    const M = this.M;
    const B = seeds[0].batch!.advantages.length;
    const firstPerms = seeds.map((m) => permutation(B, m.shuffleRng));
    await this.rolloutLogProbs(seeds, firstPerms);
    const stats: tf.Tensor[] = [];
    let firstRatio: tf.Tensor | null = null;
    for (let epoch = 0; epoch < c.updateEpochs; epoch++) {
      const perms = epoch === 0 ? firstPerms : seeds.map((m) => permutation(B, m.shuffleRng));
      for (let start = 0; start < B; start += M) {
        seeds.forEach((m, s) => fillMinibatch(m.mb, m.batch!, perms[s], start, m.acting.space, { normalizeAdvantages: c.normAdv }));
        const isFirst = epoch === 0 && start === 0;
        const { statsMat, ratio } = this.minibatchStep(c, lr, clipCoef, isFirst);
        stats.push(statsMat);
        if (ratio !== null) firstRatio = ratio;
      }
    }
    const [statRows, weights, firstRatios] = await on.readBack([stats, tf.tidy(() => flattenVariables(this.params)), firstRatio]);
    // Each seed's JS mirror takes its slice of the new weights.
    seeds.forEach((m, s) => loadMirror(m.mirror, seedSlice(weights!, this.params, this.S, s)));
    return { statRows: statRows!, steps: stats.length, firstRatios: firstRatios! };
  }
  /** The stacked minibatch as tensors [S, M, …]. */
  private minibatchTensors(): { obs: tf.Tensor3D; actions: tf.Tensor3D } {
    const { S, M } = this;
    const mb = this.stacked;
    return { obs: tf.tensor3d(mb.obs, [S, M, mb.obs.length / (S * M)]), actions: tf.tensor3d(mb.actions, [S, M, mb.actions.length / (S * M)]) };
  }

  /** log π(a|s) and entropy per sample [S, M], as policy-dist.ts's evaluateActions per seed. */
  private evaluateActions(obs: tf.Tensor3D, actions: tf.Tensor3D): { logProb: tf.Tensor2D; entropy: tf.Tensor2D } {
    const head = this.actor.forward(obs);
    const logStd = this.logStd;
    if (logStd === null) {
      const logp = tf.logSoftmax(head);
      return { logProb: tf.sum(tf.mul(logp, actions), 2), entropy: tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 2)) };
    }
    const z = tf.div(tf.sub(actions, head), tf.exp(logStd));
    const logProb = tf.sum(tf.sub(tf.mul(-0.5, tf.square(z)), tf.add(logStd, LOG_SQRT_2PI)), 2) as tf.Tensor2D;
    return { logProb, entropy: tf.mul(tf.onesLike(logProb), tf.sum(tf.add(logStd, 0.5 + LOG_SQRT_2PI), 2)) };
  }

  /** π_old of every seed's rollout by the update's own forward pass on the first epoch's minibatches (ppo.ts rolloutLogProbs). */
  private async rolloutLogProbs(seeds: readonly SwarmSeed[], perms: Int32Array[]): Promise<void> {
    const B = perms[0].length;
    const M = this.M;
    const chunks: tf.Tensor[] = [];
    for (let start = 0; start < B; start += M) {
      seeds.forEach((m, s) => fillMinibatch(m.mb, m.batch!, perms[s], start, m.acting.space, null));
      chunks.push(
        tf.tidy(() => {
          const { obs, actions } = this.minibatchTensors();
          return this.evaluateActions(obs, actions).logProb;
        }),
      );
    }
    const joined = tf.concat(chunks, 1); // [S, B] in each seed's permutation order
    const old = (await joined.data()) as Float32Array;
    tf.dispose([joined, ...chunks]);
    seeds.forEach((m, s) => {
      const logProbs = new Float32Array(B);
      for (let j = 0; j < B; j++) logProbs[perms[s][j]] = old[s * B + j];
      m.batch!.logProbs = logProbs;
    });
  }

  /** One Adam step of every seed on its minibatch; the statistics [S, Stat.Count] stay on the device. */
  private minibatchStep(c: PpoConfig, lr: number, clipCoef: number, keepRatio: boolean): { statsMat: tf.Tensor2D; ratio: tf.Tensor | null } {
    const { S, M } = this;
    let ratioKept: tf.Tensor | null = null;
    const statsMat = tf.tidy(() => {
      const { obs, actions } = this.minibatchTensors();
      const mb = this.stacked;
      const oldLogProb = tf.tensor2d(mb.logProbs, [S, M]);
      const mbAdvantages = tf.tensor2d(mb.advantages, [S, M]); // normalised per seed in fillMinibatch when normAdv
      const mbReturns = tf.tensor2d(mb.returns, [S, M]);
      const mbValues = tf.tensor2d(mb.values, [S, M]);
      // Each seed's loss is a mean over its own minibatch; the swarm's loss is their sum.
      const reduce = (x: tf.Tensor): tf.Tensor1D => tf.mean(x, 1);
      let side: tf.Tensor[] = [];

      const { value: loss, grads } = tf.variableGrads(() => {
        const { logProb: newLogProb, entropy } = this.evaluateActions(obs, actions);
        const logratio = tf.sub(newLogProb, oldLogProb);
        const ratio = tf.exp(logratio);
        const pgLoss1 = tf.mul(tf.neg(mbAdvantages), ratio);
        const pgLoss2 = tf.mul(tf.neg(mbAdvantages), tf.clipByValue(ratio, 1 - clipCoef, 1 + clipCoef));
        const pgLoss = reduce(tf.maximum(pgLoss1, pgLoss2));

        const newValue = tf.reshape(this.critic.forward(obs), [S, M]);
        let vLoss: tf.Tensor1D;
        if (c.clipVloss) {
          const vLossUnclipped = tf.square(tf.sub(newValue, mbReturns));
          const vClipped = tf.add(mbValues, tf.clipByValue(tf.sub(newValue, mbValues), -clipCoef, clipCoef));
          const vLossClipped = tf.square(tf.sub(vClipped, mbReturns));
          vLoss = tf.mul(0.5, reduce(tf.maximum(vLossUnclipped, vLossClipped)));
        } else {
          vLoss = tf.mul(0.5, reduce(tf.square(tf.sub(newValue, mbReturns))));
        }
        const entropyLoss = reduce(entropy);
        const perSeed = tf.add(tf.sub(pgLoss, tf.mul(c.entCoef, entropyLoss)), tf.mul(vLoss, c.vfCoef));

        const oldApproxKl = tf.mean(tf.neg(logratio), 1);
        const approxKl = tf.mean(tf.sub(tf.sub(ratio, 1), logratio), 1);
        const clipFrac = tf.mean(tf.cast(tf.greater(tf.abs(tf.sub(ratio, 1)), clipCoef), 'float32'), 1);
        side = [tf.keep(tf.stack([pgLoss, vLoss, entropyLoss, oldApproxKl, approxKl, clipFrac], 1))];
        if (keepRatio) side.push(tf.keep(ratio));
        return tf.sum(perSeed) as tf.Scalar;
      }, this.params);

      const clipped = clipGradNormPerSeed(
        this.params.map((p) => grads[p.name]),
        c.maxGradNorm,
      );
      // Clipped per seed above; Adam itself is elementwise, so one Adam over the stack is S Adams.
      this.optimizer.step(clipped.grads, lr, null);
      loss.dispose();
      const [lossStats, ratio] = side;
      if (ratio) ratioKept = ratio;
      const out = tf.concat([lossStats, tf.reshape(clipped.norms, [S, 1])], 1) as tf.Tensor2D;
      lossStats.dispose();
      return out;
    });
    return { statsMat, ratio: ratioKept };
  }


  dispose(): void {
    this.actor.dispose();
    this.critic.dispose();
    this.logStd?.dispose();
    this.optimizer.dispose();
  }
}

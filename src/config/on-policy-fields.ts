// Fields the on-policy agents (PPO, A2C, VPG) declare alike, defined once.

import { int } from './schema.ts';

/**
 * An rl-baselines3-zoo entry's `normalize` (VecNormalize: observations and rewards, each clipped to 10)
 * and policy_kwargs (log_std_init, ortho_init) in an on-policy config, with truncations bootstrapped as
 * SB3 always does.
 */
export function zooOnPolicy(z: { normalize?: boolean; logStdInit?: number; orthoInit?: boolean }) {
  const normalize = z.normalize ?? false;
  return { bootstrapTruncated: true, normalizeObs: normalize, normalizeReturns: normalize, rewardClip: normalize ? 10 : null, obsClip: 10, logStdInit: z.logStdInit ?? 0, orthoInit: z.orthoInit ?? true };
}

/** Random-policy steps that prime the reward normaliser before training (see primeReturnNormalizer in src/agents/on-policy.ts). */
export const RETURN_NORM_WARMUP = int({
  default: 0,
  min: 0,
  max: 1_000_000,
  group: 'Returns',
  doc: "Random-policy env steps, on a separate copy of the env and not counted as training steps, whose discounted returns seed the reward normaliser's statistics before the first update. 0 (Gymnasium, CleanRL, SB3): the statistics start at mean 0, var 1, count 1e-4, the first rewards are divided by a std near 0.005 and end at the clip, and the scale then grows several-fold within the first rollout, so the first value targets exceed what the env can pay. The playground primes with one rollout's worth.",
});

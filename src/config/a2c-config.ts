// Advantage actor-critic (synchronous A2C): the typed config the agent reads, the same fields as a
// schema for the UI panel, the CLI and validation, and A2C's presets. Schema defaults are
// Stable-Baselines3's A2C (stable_baselines3/a2c/a2c.py, common/policies.py) with the rl-baselines3-zoo's
// usual 8 envs; each doc comment repeats the schema's `doc`.
//
//   playground  the healthy teaching baseline: SB3's A2C with every safeguard on (return normalisation,
//               truncation bootstrapping, gradient clipping, observation normalisation on continuous envs).
//   zoo         rl-baselines3-zoo hyperparams/a2c.yml where it has an entry, on SB3's A2C defaults.

import { envSpec } from '../envs/registry.ts';
import type { EnvId } from '../envs/types.ts';
import { bool, choice, defineConfig, float, int, intList, sb3Url, zooSource, type ConfigOf, type Preset, type PresetSource } from './schema.ts';
import { RETURN_NORM_WARMUP, zooOnPolicy } from './on-policy-fields.ts';

export type A2cKey = keyof A2cConfig;

/** SB3 A2C's defaults (8 envs as the zoo), as the schema states them. */
export const A2C = defineConfig({
  numEnvs: int({ default: 8, min: 1, max: 256, group: 'Rollout', doc: 'Parallel copies of the env stepped together (rl-baselines3-zoo CartPole-v1 n_envs 8). The batch is numEnvs × numSteps.' }),
  numSteps: int({ default: 5, min: 1, max: 16384, group: 'Rollout', doc: "Steps taken in each sub-env per update; every return bootstraps from V at the rollout's end (SB3 n_steps 5)." }),
  learningRate: float({ default: 7e-4, min: 0, max: 1, log: true, live: true, group: 'Optimiser', doc: 'Learning rate at the start of training (SB3 learning_rate 7e-4).' }),
  annealLr: bool({ default: false, live: true, group: 'Optimiser', doc: "Anneal the learning rate linearly to 0 over annealSteps (the zoo's lin_ schedules; SB3 default: constant)." }),
  annealSteps: int({ default: null, nullable: true, min: 1, max: 1e9, group: 'Optimiser', doc: "Env steps over which the learning rate goes to 0; null: the run's total steps (the zoo's n_timesteps). With neither, nothing anneals." }),
  gamma: float({ default: 0.99, min: 0, max: 1, group: 'Returns', doc: 'Discount factor γ (SB3 gamma 0.99).' }),
  gaeLambda: float({ default: 1, min: 0, max: 1, live: true, group: 'Returns', doc: "λ of generalised advantage estimation; 1 is classic A2C's n-step return to the rollout's end (SB3 gae_lambda 1.0)." }),
  entCoef: float({ default: 0, min: 0, max: 10, live: true, group: 'Loss', doc: 'Weight of the entropy bonus (SB3 ent_coef 0).' }),
  vfCoef: float({ default: 0.5, min: 0, max: 100, live: true, group: 'Loss', doc: 'Weight of the value loss, mean((R − V)²) (SB3 vf_coef 0.5).' }),
  maxGradNorm: float({ default: 0.5, nullable: true, min: 0, max: 1e6, live: true, group: 'Optimiser', doc: 'Clip the global gradient norm to this (SB3 max_grad_norm 0.5); null: no clipping.' }),
  optimizer: choice({ default: 'rmsprop', options: ['rmsprop', 'adam'], group: 'Optimiser', doc: "RMSprop (SB3 use_rms_prop, the original A2C's optimiser: α 0.99, no momentum, not centred) or Adam." }),
  optimizerEps: float({ default: 1e-5, min: 0, max: 1, log: true, group: 'Optimiser', doc: 'ε of the optimiser (SB3 rms_prop_eps 1e-5; SB3 also gives Adam ε 1e-5).' }),
  normAdv: bool({ default: false, live: true, group: 'Loss', doc: "Normalise the batch's advantages to mean 0, std 1 (SB3 normalize_advantage: off)." }),
  hiddenSizes: intList({ default: [64, 64], min: 1, max: 1024, minLength: 0, maxLength: 6, group: 'Network', doc: 'Hidden layer sizes of both the actor and the critic MLP (SB3 net_arch pi=[64,64], vf=[64,64]).' }),
  activation: choice({ default: 'tanh', options: ['tanh', 'relu'], group: 'Network', doc: 'Hidden-layer activation (SB3 tanh).' }),
  orthoInit: bool({ default: true, group: 'Network', doc: "Orthogonal initialisation with gains √2 (hidden), 0.01 (policy head), 1 (value head) and zero biases (SB3 ortho_init); off: PyTorch's default uniform init." }),
  logStdInit: float({ default: 0, min: -10, max: 5, group: 'Network', doc: 'Initial log standard deviation of the Gaussian policy, continuous actions only (SB3 log_std_init 0).' }),
  bootstrapTruncated: bool({ default: true, live: true, group: 'Returns', doc: 'On a time-limit truncation, bootstrap from V(final observation) instead of treating it as terminal (SB3: on).' }),
  normalizeReturns: bool({ default: false, group: 'Returns', doc: 'Scale rewards by a running std of the discounted return (Gymnasium NormalizeReward, SB3 VecNormalize; zoo `normalize`).' }),
  rewardClip: float({ default: null, nullable: true, min: 0, max: 1e6, live: true, group: 'Returns', doc: 'Clip normalised rewards to ±rewardClip (VecNormalize clip_reward 10); null: no clipping.' }),
  returnNormWarmup: RETURN_NORM_WARMUP,
  normalizeObs: bool({ default: false, group: 'Observations', doc: 'Normalise observations with running mean and std (Gymnasium NormalizeObservation, SB3 VecNormalize; zoo `normalize`).' }),
  obsClip: float({ default: 10, min: 0, max: 1e6, group: 'Observations', doc: 'Clip normalised observations to ±obsClip (VecNormalize clip_obs 10).' }),
  logEvery: int({ default: 10, min: 1, max: 1e6, group: 'System', doc: 'Updates per reported point: losses are averaged and extremes taken over them (SB3 log_interval 100).' }),
  histogramEvery: int({ default: 10, min: 0, max: 1e6, live: true, group: 'System', doc: 'Every this many reports: histogram snapshots of weights, gradients, activations, advantages, value targets; 0: never.' }),
});

export type A2cConfig = ConfigOf<typeof A2C>;
export type A2cOptimizer = A2cConfig['optimizer'];
/** The rows of the schema (panel, CLI usage, validation). */
export const A2C_FIELDS = A2C.fields;

type A2cValues = Partial<A2cConfig>;

const ZOO_A2C = zooSource('a2c');
const PLAYGROUND_A2C: PresetSource = {
  title: 'RL Playground teaching baseline: Stable-Baselines3 A2C with return normalisation, truncation bootstrapping, gradient clipping and (continuous) observation normalisation on',
  url: sb3Url('a2c'),
};

/**
 * A zoo entry in this config's terms, on SB3's A2C defaults. `normalize: true` is VecNormalize: obs
 * and reward, both clipped to 10. `lin_x` learning rates anneal over the run. gSDE (use_sde) is not
 * implemented: those envs get a state-independent Gaussian.
 */
function zooA2c(z: { nEnvs?: number; nSteps?: number; gamma?: number; gaeLambda?: number; entCoef?: number; vfCoef?: number; lr?: number; linLr?: boolean; normalize?: boolean; maxGradNorm?: number; logStdInit?: number; orthoInit?: boolean }): A2cValues {
  return {
    numEnvs: z.nEnvs ?? 1,
    numSteps: z.nSteps ?? 5,
    gamma: z.gamma ?? 0.99,
    gaeLambda: z.gaeLambda ?? 1,
    entCoef: z.entCoef ?? 0,
    vfCoef: z.vfCoef ?? 0.5,
    learningRate: z.lr ?? 7e-4,
    annealLr: z.linLr ?? false,
    maxGradNorm: z.maxGradNorm ?? 0.5,
    optimizer: 'rmsprop',
    optimizerEps: 1e-5,
    normAdv: false,
    ...zooOnPolicy(z),
  };
}

/** hyperparams/a2c.yml entries (commit c6c209e) for the envs this playground has. */
const ZOO_A2C_ENVS: Partial<Record<EnvId, A2cValues>> = {
  'CartPole-v1': zooA2c({ nEnvs: 8, entCoef: 0 }),
  'MountainCar-v0': zooA2c({ normalize: true, nEnvs: 16, entCoef: 0 }),
  'Acrobot-v1': zooA2c({ normalize: true, nEnvs: 16, entCoef: 0 }),
  // "Tuned" (with gSDE, which this playground replaces by a plain Gaussian).
  'Pendulum-v1': zooA2c({ normalize: true, nEnvs: 8, nSteps: 8, gaeLambda: 0.9, vfCoef: 0.4, gamma: 0.9, maxGradNorm: 0.5, lr: 7e-4, linLr: true, logStdInit: -2, orthoInit: false }),
  'MountainCarContinuous-v0': zooA2c({ normalize: true, nEnvs: 4, nSteps: 100, entCoef: 0, logStdInit: 0, orthoInit: false }),
};

/**
 * SB3's A2C with every safeguard on; per-env values where SB3's defaults do not learn in a watchable time.
 * 16 steps per env instead of 5: with the running reward scale still growing, 5-step bootstraps keep the
 * critic's values in an outdated scale (value_mean runs 2–3× above return_mean for tens of thousands of
 * steps on CartPole); with 16 it tracks the return within ~10% and CartPole reaches 150 in ~10k steps.
 */
function playgroundA2c(env: EnvId): A2cValues {
  const safeguards: A2cValues = { ...zooA2c({ nEnvs: 8, nSteps: 16 }), normalizeReturns: true, rewardClip: 10, returnNormWarmup: 512, bootstrapTruncated: true, maxGradNorm: 0.5, logEvery: 4 };
  if (envSpec(env).continuous) {
    const continuous: A2cValues = { ...safeguards, normalizeObs: true, obsClip: 10, rewardClip: 10 };
    // The zoo's tuned Pendulum values (γ 0.9, GAE 0.9, 8 steps, vf 0.4), without gSDE and with a constant rate.
    if (env === 'Pendulum-v1') return { ...continuous, numSteps: 8, gamma: 0.9, gaeLambda: 0.9, vfCoef: 0.4, logStdInit: -0.5 };
    return continuous;
  }
  return safeguards;
}

export const A2C_PRESETS: readonly Preset[] = [
  {
    id: 'playground',
    label: 'Playground (healthy baseline)',
    doc: "Stable-Baselines3's A2C (RMSprop 7e-4, gradient clipping 0.5) on 8 envs × 16 steps, with every safeguard on: returns normalised, truncated episodes bootstrapped, observations normalised on continuous envs.",
    source: PLAYGROUND_A2C,
    values: playgroundA2c,
  },
  {
    id: 'zoo',
    label: 'RL Zoo (SB3)',
    doc: 'The hyperparameters of rl-baselines3-zoo for this env, on Stable-Baselines3 A2C defaults (gSDE replaced by a plain Gaussian).',
    source: ZOO_A2C,
    values: (env) => ZOO_A2C_ENVS[env] ?? null,
  },
];

// PPO's hyperparameters, declared once: the schema (UI panel, URL, CLI, validation) from which the
// agent's config type derives. Defaults are cleanrl/ppo.py's (vwxyzjn/cleanrl); the presets below
// layer per-env values on top (ppo_continuous_action.py for continuous envs, rl-baselines3-zoo, the
// playground's teaching baseline).

import { envSpec } from '../envs/registry.ts';
import type { EnvId } from '../envs/types.ts';
import { bool, choice, defineConfig, float, int, intList, type ConfigOf, type Preset, type PresetSource } from './schema.ts';
import { RETURN_NORM_WARMUP } from './on-policy-fields.ts';

export type PpoKey = keyof PpoConfig;

/** cleanrl/ppo.py's defaults, as the schema states them. */
export const PPO = defineConfig({
  numEnvs: int({ default: 4, min: 1, max: 256, group: 'Rollout', doc: 'Parallel copies of the env stepped together (CleanRL num_envs). The batch is numEnvs × numSteps.' }),
  numSteps: int({ default: 128, min: 1, max: 16384, group: 'Rollout', doc: 'Steps taken in each sub-env per rollout before an update (CleanRL num_steps).' }),
  learningRate: float({ default: 2.5e-4, min: 0, max: 1, log: true, live: true, group: 'Optimiser', doc: 'Adam learning rate at the start of training (CleanRL learning_rate 2.5e-4).' }),
  annealLr: bool({ default: true, live: true, group: 'Optimiser', doc: 'Anneal the learning rate linearly to 0 over annealSteps (CleanRL anneal_lr).' }),
  annealSteps: int({ default: null, nullable: true, min: 1, max: 1e9, group: 'Optimiser', doc: "Env steps over which the learning rate (and the clip range, if annealed) goes to 0; null: the run's total steps, as CleanRL's total_timesteps. With neither, nothing anneals." }),
  gamma: float({ default: 0.99, min: 0, max: 1, group: 'Returns', doc: 'Discount factor γ (CleanRL gamma).' }),
  gaeLambda: float({ default: 0.95, min: 0, max: 1, live: true, group: 'Returns', doc: 'λ of generalised advantage estimation (CleanRL gae_lambda).' }),
  numMinibatches: int({ default: 4, min: 1, max: 4096, group: 'Optimiser', doc: 'Minibatches each epoch splits the batch into (CleanRL num_minibatches).' }),
  updateEpochs: int({ default: 4, min: 1, max: 100, live: true, group: 'Optimiser', doc: 'Passes over the batch per update (CleanRL update_epochs).' }),
  normAdv: bool({ default: true, live: true, group: 'Loss', doc: 'Normalise advantages per minibatch to mean 0, std 1 (CleanRL norm_adv).' }),
  clipCoef: float({ default: 0.2, min: 0, max: 10, live: true, group: 'Loss', doc: 'Surrogate clipping ε: the ratio is clipped to [1 − ε, 1 + ε] (CleanRL clip_coef).' }),
  annealClipCoef: bool({ default: false, live: true, group: 'Loss', doc: "Anneal the clip range linearly to 0 like the learning rate (SB3 zoo's lin_0.2; CleanRL: off)." }),
  clipVloss: bool({ default: true, live: true, group: 'Loss', doc: "Clip the value loss around the rollout's values with ε, as in the PPO paper (CleanRL clip_vloss)." }),
  entCoef: float({ default: 0.01, min: 0, max: 10, live: true, group: 'Loss', doc: 'Weight of the entropy bonus (CleanRL ent_coef).' }),
  vfCoef: float({ default: 0.5, min: 0, max: 100, live: true, group: 'Loss', doc: 'Weight of the value loss (CleanRL vf_coef).' }),
  maxGradNorm: float({ default: 0.5, nullable: true, min: 0, max: 1e6, live: true, group: 'Optimiser', doc: 'Clip the global gradient norm to this (CleanRL max_grad_norm); null: no clipping.' }),
  targetKl: float({ default: null, nullable: true, min: 0, max: 100, live: true, group: 'Optimiser', doc: 'Stop the epochs early when approx_kl exceeds this (CleanRL target_kl); null: never.' }),
  adamEps: float({ default: 1e-5, min: 0, max: 1, log: true, group: 'Optimiser', doc: "Adam's ε (CleanRL 1e-5; PyTorch's default 1e-8)." }),
  hiddenSizes: intList({ default: [64, 64], min: 1, max: 1024, minLength: 0, maxLength: 6, group: 'Network', doc: 'Hidden layer sizes of both the actor and the critic MLP (CleanRL 64,64).' }),
  activation: choice({ default: 'tanh', options: ['tanh', 'relu'], group: 'Network', doc: 'Hidden-layer activation (CleanRL tanh).' }),
  orthoInit: bool({ default: true, group: 'Network', doc: "Orthogonal initialisation with gains √2 (hidden), 0.01 (policy head), 1 (value head) and zero biases (CleanRL layer_init); off: PyTorch's default uniform init." }),
  logStdInit: float({ default: 0, min: -10, max: 5, group: 'Network', doc: 'Initial log standard deviation of the Gaussian policy, continuous actions only (CleanRL 0).' }),
  bootstrapTruncated: bool({ default: false, live: true, group: 'Returns', doc: 'On a time-limit truncation, bootstrap the value target from V(final observation) instead of treating it as terminal (CleanRL: off; SB3: on).' }),
  normalizeReturns: bool({ default: false, group: 'Returns', doc: 'Scale rewards by a running std of the discounted return (Gymnasium NormalizeReward; CleanRL: continuous envs only).' }),
  rewardClip: float({ default: null, nullable: true, min: 0, max: 1e6, live: true, group: 'Returns', doc: 'Clip normalised rewards to ±rewardClip (CleanRL continuous: 10); null: no clipping.' }),
  returnNormWarmup: RETURN_NORM_WARMUP,
  normalizeObs: bool({ default: false, group: 'Observations', doc: 'Normalise observations with running mean and std (Gymnasium NormalizeObservation; CleanRL: continuous envs only).' }),
  obsClip: float({ default: 10, min: 0, max: 1e6, group: 'Observations', doc: 'Clip normalised observations to ±obsClip (CleanRL continuous: 10).' }),
  compute: choice({ default: 'auto', options: ['tfjs', 'js', 'auto'], group: 'System', doc: "Where the update runs: tfjs (the reference, any backend), js (hand-written forward/backward + Adam in float32 wasm SIMD kernels, for small MLPs; needs WebAssembly SIMD), auto (js where the bench measured it faster: hidden layers ≤ 512 wide on the cpu, wasm and webgl backends — at CleanRL's config ~5× tfjs-wasm's SPS, at 256 and 512 wide ~2.2× less CPU; tfjs on webgpu). The tensor_leak bug needs tfjs." }),
  jsInference: bool({ default: true, group: 'System', doc: "Run the rollout's policy and value in plain JS on copies of the weights taken after each update (fast); off: tfjs." }),
  diagnosticsEvery: int({ default: 1, min: 1, max: 1e6, live: true, group: 'System', doc: 'Every this many updates: per-layer grad norms, dead-ReLU fraction and activation std.' }),
  histogramEvery: int({ default: 10, min: 0, max: 1e6, live: true, group: 'System', doc: 'Every this many updates: histogram snapshots of weights, gradients, activations, advantages, value targets, ratio; 0: never.' }),
});

export type PpoConfig = ConfigOf<typeof PPO>;
export type Activation = PpoConfig['activation'];
/** The rows of the schema (panel, CLI usage, validation). */
export const PPO_FIELDS = PPO.fields;

// ── Presets ──────────────────────────────────────────────────────────────────────────────────
//   playground  the healthy teaching baseline: CleanRL's settings with every safeguard on
//               (return normalisation, bootstrapping on truncation, observation normalisation on
//               continuous envs), tuned per env where CleanRL's defaults are too slow to watch.
//   cleanrl     CleanRL exactly: cleanrl/ppo.py for discrete actions, cleanrl/ppo_continuous_action.py
//               for continuous ones (including its NormalizeObservation / NormalizeReward wrappers).
//   zoo         rl-baselines3-zoo hyperparams/ppo.yml where it has an entry, on SB3's PPO defaults.
//   fast        the quickest to solve by the wall clock (issue 14): the zoo's tuned CartPole-v1 entry with half its
//               epochs (10, not 20), its schedules over the zoo's own n_timesteps (1e5), the fastest compute path.

const isContinuous = (env: EnvId): boolean => envSpec(env).continuous;

const CLEANRL_PPO: PresetSource = {
  title: 'CleanRL cleanrl/ppo.py and cleanrl/ppo_continuous_action.py (Huang et al., JMLR 2022)',
  url: 'https://github.com/vwxyzjn/cleanrl/blob/master/cleanrl/ppo.py',
};
const ZOO_PPO: PresetSource = {
  title: 'rl-baselines3-zoo hyperparams/ppo.yml on Stable-Baselines3 PPO defaults',
  url: 'https://github.com/DLR-RM/rl-baselines3-zoo/blob/master/hyperparams/ppo.yml',
};
const FAST_PPO: PresetSource = {
  title: 'rl-baselines3-zoo hyperparams/ppo.yml CartPole-v1 ("# Tuned": n_envs 8, n_steps 32, batch_size 256, gamma 0.98, gae_lambda 0.8, lin_0.001, lin_0.2, n_timesteps 1e5), with n_epochs 10 instead of 20 for wall-clock time',
  url: 'https://github.com/DLR-RM/rl-baselines3-zoo/blob/master/hyperparams/ppo.yml',
};
const PLAYGROUND: PresetSource = {
  title: 'RL Playground teaching baseline: CleanRL settings with return normalisation, truncation bootstrapping and (continuous) observation normalisation on',
  url: 'https://iclr-blog-track.github.io/2022/03/25/ppo-implementation-details/',
};

type PpoValues = Partial<PpoConfig>;

/** cleanrl/ppo_continuous_action.py's Args and wrappers (ClipAction, NormalizeObservation + clip 10, NormalizeReward + clip 10). */
const CLEANRL_CONTINUOUS: PpoValues = {
  numEnvs: 1,
  numSteps: 2048,
  learningRate: 3e-4,
  numMinibatches: 32,
  updateEpochs: 10,
  entCoef: 0,
  normalizeObs: true,
  obsClip: 10,
  normalizeReturns: true,
  rewardClip: 10,
};

/**
 * SB3 PPO's defaults (stable_baselines3/ppo/ppo.py, common/policies.py) in this config's terms: lr 3e-4
 * constant, n_steps 2048, batch_size 64, n_epochs 10, no value clipping (clip_range_vf=None), ent_coef 0,
 * timeouts bootstrapped (on-policy buffer adds γ·V(terminal_obs)), 64-64 tanh, orthogonal init, Adam ε 1e-5.
 * `normalize: true` is VecNormalize: obs and reward, both clipped to 10.
 */
function zooPpo(z: { nEnvs?: number; nSteps?: number; batchSize?: number; nEpochs?: number; gamma?: number; gaeLambda?: number; entCoef?: number; lr?: number; linLr?: boolean; clip?: number; linClip?: boolean; normalize?: boolean; maxGradNorm?: number; vfCoef?: number; logStdInit?: number; orthoInit?: boolean }): PpoValues {
  const nEnvs = z.nEnvs ?? 1;
  const nSteps = z.nSteps ?? 2048;
  const batch = nEnvs * nSteps;
  return {
    numEnvs: nEnvs,
    numSteps: nSteps,
    numMinibatches: Math.max(1, Math.floor(batch / Math.min(batch, z.batchSize ?? 64))),
    updateEpochs: z.nEpochs ?? 10,
    gamma: z.gamma ?? 0.99,
    gaeLambda: z.gaeLambda ?? 0.95,
    entCoef: z.entCoef ?? 0,
    learningRate: z.lr ?? 3e-4,
    annealLr: z.linLr ?? false,
    clipCoef: z.clip ?? 0.2,
    annealClipCoef: z.linClip ?? false,
    clipVloss: false,
    vfCoef: z.vfCoef ?? 0.5,
    maxGradNorm: z.maxGradNorm ?? 0.5,
    bootstrapTruncated: true,
    normalizeObs: z.normalize ?? false,
    normalizeReturns: z.normalize ?? false,
    rewardClip: z.normalize ? 10 : null,
    obsClip: 10,
    logStdInit: z.logStdInit ?? 0,
    orthoInit: z.orthoInit ?? true,
  };
}

/** hyperparams/ppo.yml entries for the envs this playground has. gSDE (use_sde) is not implemented: those envs get a state-independent Gaussian. */
const ZOO_PPO_ENVS: Partial<Record<EnvId, PpoValues>> = {
  'CartPole-v1': zooPpo({ nEnvs: 8, nSteps: 32, batchSize: 256, gaeLambda: 0.8, gamma: 0.98, nEpochs: 20, entCoef: 0, lr: 0.001, linLr: true, clip: 0.2, linClip: true }),
  'Pendulum-v1': zooPpo({ nEnvs: 4, nSteps: 1024, gaeLambda: 0.95, gamma: 0.9, nEpochs: 10, entCoef: 0, lr: 1e-3, clip: 0.2 }),
  'MountainCar-v0': zooPpo({ normalize: true, nEnvs: 16, nSteps: 16, gaeLambda: 0.98, gamma: 0.99, nEpochs: 4, entCoef: 0 }),
  'MountainCarContinuous-v0': zooPpo({ normalize: true, nEnvs: 1, nSteps: 8, batchSize: 256, gamma: 0.9999, lr: 7.77e-5, entCoef: 0.00429, clip: 0.1, nEpochs: 10, gaeLambda: 0.9, maxGradNorm: 5, vfCoef: 0.19, logStdInit: -3.29, orthoInit: false }),
  'Acrobot-v1': zooPpo({ normalize: true, nEnvs: 16, nSteps: 256, gaeLambda: 0.94, gamma: 0.99, nEpochs: 4, entCoef: 0 }),
};

/**
 * `fast`: the zoo's CartPole-v1 entry with n_epochs 10 instead of 20, its lin_ schedules over the zoo's
 * n_timesteps (1e5) whatever the run's length, and compute = auto (the js path where it measured faster).
 * Why 10 epochs: the update is ~95% of the zoo config's wall time; on this project's 2-core machine seeds
 * 1–4 solved in 40.8k–76.0k steps with 10 epochs vs 48.2k (seed 1) and 61.5k (seed 2) with 20, at about half
 * the time per step; seed 5 did not solve within 1e5 steps. Figures in README "Performance".
 */
const FAST_PPO_ENVS: Partial<Record<EnvId, PpoValues>> = {
  'CartPole-v1': { ...ZOO_PPO_ENVS['CartPole-v1'], updateEpochs: 10, annealSteps: 100_000, compute: 'auto' },
};

/** Every safeguard on; per-env tuning where CleanRL's defaults learn too slowly to watch. */
function playgroundPpo(env: EnvId): PpoValues {
  // Rewards clipped to ±10 after scaling, as CleanRL and SB3's VecNormalize do: the running std starts near
  // 0.007, so the first scaled rewards would be ~140 and the value targets of a healthy run impossible.
  const safeguards: PpoValues = { normalizeReturns: true, rewardClip: 10, returnNormWarmup: 512, bootstrapTruncated: true };
  if (isContinuous(env)) {
    // ppo_continuous_action.py's wrappers, with more envs and a shorter rollout so the charts move
    // every few seconds, and γ = 0.9 / lr 1e-3 for Pendulum as the SB3 zoo tunes it.
    const continuous: PpoValues = { ...CLEANRL_CONTINUOUS, ...safeguards, numEnvs: 4, numSteps: 512, numMinibatches: 32, returnNormWarmup: 2048 };
    if (env === 'Pendulum-v1') return { ...continuous, gamma: 0.9, learningRate: 1e-3 };
    return continuous;
  }
  return safeguards;
}

export const PPO_PRESETS: readonly Preset[] = [
  {
    id: 'playground',
    label: 'Playground (healthy baseline)',
    doc: 'CleanRL defaults with every safeguard on: returns normalised, truncated episodes bootstrapped, observations normalised on continuous envs.',
    source: PLAYGROUND,
    values: playgroundPpo,
  },
  {
    id: 'cleanrl',
    label: 'CleanRL defaults',
    doc: 'Exactly cleanrl/ppo.py (discrete) or cleanrl/ppo_continuous_action.py (continuous), including its treatment of truncation as termination.',
    source: CLEANRL_PPO,
    values: (env) => (isContinuous(env) ? CLEANRL_CONTINUOUS : {}),
  },
  {
    id: 'zoo',
    label: 'RL Zoo (SB3)',
    doc: 'The tuned hyperparameters of rl-baselines3-zoo for this env, on Stable-Baselines3 PPO defaults (gSDE replaced by a plain Gaussian).',
    source: ZOO_PPO,
    values: (env) => ZOO_PPO_ENVS[env] ?? null,
  },
  {
    id: 'fast',
    label: 'Fast (quickest to solve)',
    doc: "rl-baselines3-zoo's tuned CartPole-v1 PPO with 10 epochs instead of 20 (half the update time for about as many steps), its schedules over the zoo's 100k steps, on the fastest update path: tuned to solve CartPole soonest by the wall clock.",
    source: FAST_PPO,
    values: (env) => FAST_PPO_ENVS[env] ?? null,
  },
];


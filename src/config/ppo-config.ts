// PPO's hyperparameters: the typed config the agent reads, and the same fields as a schema for the
// UI panel, the CLI and validation. Defaults are cleanrl/ppo.py's (vwxyzjn/cleanrl); presets.ts
// layers per-env values on top (ppo_continuous_action.py for continuous envs, rl-baselines3-zoo, the
// playground's teaching baseline). Each doc comment repeats the schema's `doc` text verbatim.

import type { FieldSchema } from './schema.ts';

export type Activation = 'tanh' | 'relu';

export interface PpoConfig {
  /** Parallel copies of the env stepped together (CleanRL num_envs). The batch is numEnvs × numSteps. */
  numEnvs: number;
  /** Steps taken in each sub-env per rollout before an update (CleanRL num_steps). */
  numSteps: number;
  /** Adam learning rate at the start of training (CleanRL learning_rate 2.5e-4). */
  learningRate: number;
  /** Anneal the learning rate linearly to 0 over annealSteps (CleanRL anneal_lr). */
  annealLr: boolean;
  /** Env steps over which the learning rate (and the clip range, if annealed) goes to 0; null: the run's total steps, as CleanRL's total_timesteps. With neither, nothing anneals. */
  annealSteps: number | null;
  /** Discount factor γ (CleanRL gamma). */
  gamma: number;
  /** λ of generalised advantage estimation (CleanRL gae_lambda). */
  gaeLambda: number;
  /** Minibatches each epoch splits the batch into (CleanRL num_minibatches). */
  numMinibatches: number;
  /** Passes over the batch per update (CleanRL update_epochs). */
  updateEpochs: number;
  /** Normalise advantages per minibatch to mean 0, std 1 (CleanRL norm_adv). */
  normAdv: boolean;
  /** Surrogate clipping ε: the ratio is clipped to [1 − ε, 1 + ε] (CleanRL clip_coef). */
  clipCoef: number;
  /** Anneal the clip range linearly to 0 like the learning rate (SB3 zoo's lin_0.2; CleanRL: off). */
  annealClipCoef: boolean;
  /** Clip the value loss around the rollout's values with ε, as in the PPO paper (CleanRL clip_vloss). */
  clipVloss: boolean;
  /** Weight of the entropy bonus (CleanRL ent_coef). */
  entCoef: number;
  /** Weight of the value loss (CleanRL vf_coef). */
  vfCoef: number;
  /** Clip the global gradient norm to this (CleanRL max_grad_norm); null: no clipping. */
  maxGradNorm: number | null;
  /** Stop the epochs early when approx_kl exceeds this (CleanRL target_kl); null: never. */
  targetKl: number | null;
  /** Adam's ε (CleanRL 1e-5; PyTorch's default 1e-8). */
  adamEps: number;
  /** Hidden layer sizes of both the actor and the critic MLP (CleanRL 64,64). */
  hiddenSizes: number[];
  /** Hidden-layer activation (CleanRL tanh). */
  activation: Activation;
  /** Orthogonal initialisation with gains √2 (hidden), 0.01 (policy head), 1 (value head) and zero biases (CleanRL layer_init); off: PyTorch's default uniform init. */
  orthoInit: boolean;
  /** Initial log standard deviation of the Gaussian policy, continuous actions only (CleanRL 0). */
  logStdInit: number;
  /** On a time-limit truncation, bootstrap the value target from V(final observation) instead of treating it as terminal (CleanRL: off; SB3: on). */
  bootstrapTruncated: boolean;
  /** Scale rewards by a running std of the discounted return (Gymnasium NormalizeReward; CleanRL: continuous envs only). */
  normalizeReturns: boolean;
  /** Clip normalised rewards to ±rewardClip (CleanRL continuous: 10); null: no clipping. */
  rewardClip: number | null;
  /** Normalise observations with running mean and std (Gymnasium NormalizeObservation; CleanRL: continuous envs only). */
  normalizeObs: boolean;
  /** Clip normalised observations to ±obsClip (CleanRL continuous: 10). */
  obsClip: number;
  /** Run the rollout's policy and value in plain JS on copies of the weights taken after each update (fast); off: tfjs. */
  jsInference: boolean;
  /** Every this many updates: per-layer grad norms, dead-ReLU fraction and activation std. */
  diagnosticsEvery: number;
  /** Every this many updates: histogram snapshots of weights, gradients, activations, advantages, value targets, ratio; 0: never. */
  histogramEvery: number;
}

export type PpoKey = keyof PpoConfig;

/** cleanrl/ppo.py's defaults, as the schema states them. */
export const PPO_FIELDS: readonly FieldSchema[] = [
  { key: 'numEnvs', type: 'int', default: 4, min: 1, max: 256, restart: true, group: 'Rollout', doc: 'Parallel copies of the env stepped together (CleanRL num_envs). The batch is numEnvs × numSteps.' },
  { key: 'numSteps', type: 'int', default: 128, min: 1, max: 16384, restart: true, group: 'Rollout', doc: 'Steps taken in each sub-env per rollout before an update (CleanRL num_steps).' },
  { key: 'learningRate', type: 'float', default: 2.5e-4, min: 0, max: 1, log: true, restart: false, group: 'Optimiser', doc: 'Adam learning rate at the start of training (CleanRL learning_rate 2.5e-4).' },
  { key: 'annealLr', type: 'bool', default: true, restart: false, group: 'Optimiser', doc: 'Anneal the learning rate linearly to 0 over annealSteps (CleanRL anneal_lr).' },
  { key: 'annealSteps', type: 'int', default: null, nullable: true, min: 1, max: 1e9, restart: false, group: 'Optimiser', doc: "Env steps over which the learning rate (and the clip range, if annealed) goes to 0; null: the run's total steps, as CleanRL's total_timesteps. With neither, nothing anneals." },
  { key: 'gamma', type: 'float', default: 0.99, min: 0, max: 1, restart: false, group: 'Returns', doc: 'Discount factor γ (CleanRL gamma).' },
  { key: 'gaeLambda', type: 'float', default: 0.95, min: 0, max: 1, restart: false, group: 'Returns', doc: 'λ of generalised advantage estimation (CleanRL gae_lambda).' },
  { key: 'numMinibatches', type: 'int', default: 4, min: 1, max: 4096, restart: false, group: 'Optimiser', doc: 'Minibatches each epoch splits the batch into (CleanRL num_minibatches).' },
  { key: 'updateEpochs', type: 'int', default: 4, min: 1, max: 100, restart: false, group: 'Optimiser', doc: 'Passes over the batch per update (CleanRL update_epochs).' },
  { key: 'normAdv', type: 'bool', default: true, restart: false, group: 'Loss', doc: 'Normalise advantages per minibatch to mean 0, std 1 (CleanRL norm_adv).' },
  { key: 'clipCoef', type: 'float', default: 0.2, min: 0, max: 10, restart: false, group: 'Loss', doc: 'Surrogate clipping ε: the ratio is clipped to [1 − ε, 1 + ε] (CleanRL clip_coef).' },
  { key: 'annealClipCoef', type: 'bool', default: false, restart: false, group: 'Loss', doc: "Anneal the clip range linearly to 0 like the learning rate (SB3 zoo's lin_0.2; CleanRL: off)." },
  { key: 'clipVloss', type: 'bool', default: true, restart: false, group: 'Loss', doc: "Clip the value loss around the rollout's values with ε, as in the PPO paper (CleanRL clip_vloss)." },
  { key: 'entCoef', type: 'float', default: 0.01, min: 0, max: 10, restart: false, group: 'Loss', doc: 'Weight of the entropy bonus (CleanRL ent_coef).' },
  { key: 'vfCoef', type: 'float', default: 0.5, min: 0, max: 100, restart: false, group: 'Loss', doc: 'Weight of the value loss (CleanRL vf_coef).' },
  { key: 'maxGradNorm', type: 'float', default: 0.5, nullable: true, min: 0, max: 1e6, restart: false, group: 'Optimiser', doc: 'Clip the global gradient norm to this (CleanRL max_grad_norm); null: no clipping.' },
  { key: 'targetKl', type: 'float', default: null, nullable: true, min: 0, max: 100, restart: false, group: 'Optimiser', doc: 'Stop the epochs early when approx_kl exceeds this (CleanRL target_kl); null: never.' },
  { key: 'adamEps', type: 'float', default: 1e-5, min: 0, max: 1, log: true, restart: true, group: 'Optimiser', doc: "Adam's ε (CleanRL 1e-5; PyTorch's default 1e-8)." },
  { key: 'hiddenSizes', type: 'intList', default: [64, 64], min: 1, max: 1024, minLength: 0, maxLength: 6, restart: true, group: 'Network', doc: 'Hidden layer sizes of both the actor and the critic MLP (CleanRL 64,64).' },
  { key: 'activation', type: 'enum', default: 'tanh', options: ['tanh', 'relu'], restart: true, group: 'Network', doc: 'Hidden-layer activation (CleanRL tanh).' },
  { key: 'orthoInit', type: 'bool', default: true, restart: true, group: 'Network', doc: "Orthogonal initialisation with gains √2 (hidden), 0.01 (policy head), 1 (value head) and zero biases (CleanRL layer_init); off: PyTorch's default uniform init." },
  { key: 'logStdInit', type: 'float', default: 0, min: -10, max: 5, restart: true, group: 'Network', doc: 'Initial log standard deviation of the Gaussian policy, continuous actions only (CleanRL 0).' },
  { key: 'bootstrapTruncated', type: 'bool', default: false, restart: false, group: 'Returns', doc: 'On a time-limit truncation, bootstrap the value target from V(final observation) instead of treating it as terminal (CleanRL: off; SB3: on).' },
  { key: 'normalizeReturns', type: 'bool', default: false, restart: true, group: 'Returns', doc: 'Scale rewards by a running std of the discounted return (Gymnasium NormalizeReward; CleanRL: continuous envs only).' },
  { key: 'rewardClip', type: 'float', default: null, nullable: true, min: 0, max: 1e6, restart: false, group: 'Returns', doc: 'Clip normalised rewards to ±rewardClip (CleanRL continuous: 10); null: no clipping.' },
  { key: 'normalizeObs', type: 'bool', default: false, restart: true, group: 'Observations', doc: 'Normalise observations with running mean and std (Gymnasium NormalizeObservation; CleanRL: continuous envs only).' },
  { key: 'obsClip', type: 'float', default: 10, min: 0, max: 1e6, restart: false, group: 'Observations', doc: 'Clip normalised observations to ±obsClip (CleanRL continuous: 10).' },
  { key: 'jsInference', type: 'bool', default: true, restart: false, group: 'System', doc: "Run the rollout's policy and value in plain JS on copies of the weights taken after each update (fast); off: tfjs." },
  { key: 'diagnosticsEvery', type: 'int', default: 1, min: 1, max: 1e6, restart: false, group: 'System', doc: 'Every this many updates: per-layer grad norms, dead-ReLU fraction and activation std.' },
  { key: 'histogramEvery', type: 'int', default: 10, min: 0, max: 1e6, restart: false, group: 'System', doc: 'Every this many updates: histogram snapshots of weights, gradients, activations, advantages, value targets, ratio; 0: never.' },
];

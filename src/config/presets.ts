// Named hyperparameter presets per agent × env, each citing where its numbers come from.
// A run's agent config = schema defaults ← preset values for the env ← the run's overrides.
//
//   playground  the healthy teaching baseline: CleanRL's settings with every safeguard on
//               (return normalisation, bootstrapping on truncation, observation normalisation on
//               continuous envs), tuned per env where CleanRL's defaults are too slow to watch.
//   cleanrl     CleanRL exactly: cleanrl/ppo.py for discrete actions, cleanrl/ppo_continuous_action.py
//               for continuous ones (including its NormalizeObservation / NormalizeReward wrappers).
//   zoo         rl-baselines3-zoo hyperparams/ppo.yml where it has an entry, on SB3's PPO defaults.

import { envSpec } from '../envs/registry.ts';
import type { EnvId } from '../envs/types.ts';
import type { PpoConfig } from './ppo-config.ts';
import { PPO_FIELDS } from './ppo-config.ts';
import { RANDOM_FIELDS } from './random-config.ts';
import { A2C_FIELDS, A2C_PRESETS } from './a2c-config.ts';
import { VPG_FIELDS, VPG_PRESETS } from './vpg-config.ts';
import { DQN_FIELDS, DQN_PRESETS } from './dqn-config.ts';
import type { AgentId } from './run-config.ts';
import type { FieldSchema, FieldValue } from './schema.ts';

export interface PresetSource {
  title: string;
  url: string;
}

export interface Preset {
  id: string;
  label: string;
  /** One paragraph for the UI: what the preset is for. */
  doc: string;
  source: PresetSource;
  /** Values for this env on top of the schema defaults; null when the preset has no entry for the env. */
  values(env: EnvId): Readonly<Record<string, FieldValue>> | null;
}

export interface AgentConfigSpec {
  agent: AgentId;
  fields: readonly FieldSchema[];
  presets: readonly Preset[];
}

export const DEFAULT_PRESET = 'playground';

const isContinuous = (env: EnvId): boolean => envSpec(env).continuous;

const CLEANRL_PPO: PresetSource = {
  title: 'CleanRL cleanrl/ppo.py and cleanrl/ppo_continuous_action.py (Huang et al., JMLR 2022)',
  url: 'https://github.com/vwxyzjn/cleanrl/blob/master/cleanrl/ppo.py',
};
const ZOO_PPO: PresetSource = {
  title: 'rl-baselines3-zoo hyperparams/ppo.yml on Stable-Baselines3 PPO defaults',
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

/** Every safeguard on; per-env tuning where CleanRL's defaults learn too slowly to watch. */
function playgroundPpo(env: EnvId): PpoValues {
  const safeguards: PpoValues = { normalizeReturns: true, bootstrapTruncated: true };
  if (isContinuous(env)) {
    // ppo_continuous_action.py's wrappers, with more envs and a shorter rollout so the charts move
    // every few seconds, and γ = 0.9 / lr 1e-3 for Pendulum as the SB3 zoo tunes it.
    const continuous: PpoValues = { ...CLEANRL_CONTINUOUS, ...safeguards, numEnvs: 4, numSteps: 512, numMinibatches: 32 };
    if (env === 'Pendulum-v1') return { ...continuous, gamma: 0.9, learningRate: 1e-3 };
    return continuous;
  }
  return safeguards;
}

const PPO_PRESETS: readonly Preset[] = [
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
];

const RANDOM_PRESETS: readonly Preset[] = [
  { id: 'playground', label: 'Uniform random', doc: 'Actions drawn uniformly from the action space.', source: PLAYGROUND, values: () => ({}) },
];

/** Config schemas and presets of the agents that exist. Other agents add their entry here. */
export const AGENT_CONFIGS: Partial<Record<AgentId, AgentConfigSpec>> = {
  ppo: { agent: 'ppo', fields: PPO_FIELDS, presets: PPO_PRESETS },
  random: { agent: 'random', fields: RANDOM_FIELDS, presets: RANDOM_PRESETS },
  vpg: { agent: 'vpg', fields: VPG_FIELDS, presets: VPG_PRESETS },
  a2c: { agent: 'a2c', fields: A2C_FIELDS, presets: A2C_PRESETS },
  dqn: { agent: 'dqn', fields: DQN_FIELDS, presets: DQN_PRESETS },
};

export function agentConfigSpec(agent: AgentId): AgentConfigSpec | undefined {
  return AGENT_CONFIGS[agent];
}

/** Preset ids that have values for this agent and env. */
export function presetsFor(agent: AgentId, env: EnvId): string[] {
  return (AGENT_CONFIGS[agent]?.presets ?? []).filter((p) => p.values(env) !== null).map((p) => p.id);
}

// REINFORCE / vanilla policy gradient: the typed config the agent reads, the same fields as a schema
// for the UI panel, the CLI and validation, and VPG's presets. Schema defaults are OpenAI Spinning Up's
// VPG (spinup/algos/pytorch/vpg/vpg.py and core.py); each doc comment repeats the schema's `doc`.
//
//   playground  the healthy teaching baseline: REINFORCE with a learned baseline (advantage = G − V),
//               every safeguard on (return normalisation, truncation bootstrapping, gradient clipping,
//               observation normalisation on continuous envs), sized so CartPole moves within seconds.
//   spinup      Spinning Up's VPG defaults (4000-step batches, GAE-λ 0.97 advantages, 80 value steps).

import { envSpec } from '../envs/registry.ts';
import type { EnvId } from '../envs/types.ts';
import { bool, choice, defineConfig, float, int, intList, type ConfigOf, type Preset, type PresetSource } from './schema.ts';
import { RETURN_NORM_WARMUP } from './on-policy-fields.ts';


export type VpgKey = keyof VpgConfig;

/** Spinning Up VPG's defaults, as the schema states them. */
export const VPG = defineConfig({
  numEnvs: int({ default: 1, min: 1, max: 256, group: 'Rollout', doc: 'Parallel copies of the env (Spinning Up: one env per process). Episodes are always collected whole, so with more than one env a sub-env that finishes after the batch is full idles until the others finish theirs (its steps are not trained on).' }),
  batchSteps: int({ default: 4000, min: 1, max: 1_000_000, live: true, group: 'Rollout', doc: 'Env steps of complete episodes per update: collection stops at the first episode end after the batch holds this many steps (Spinning Up steps_per_epoch 4000).' }),
  learningRate: float({ default: 3e-4, min: 0, max: 1, log: true, live: true, group: 'Optimiser', doc: 'Adam learning rate of the policy (Spinning Up pi_lr 3e-4). One policy step per batch.' }),
  gamma: float({ default: 0.99, min: 0, max: 1, group: 'Returns', doc: 'Discount factor γ (Spinning Up gamma).' }),
  rewardToGo: bool({ default: true, live: true, group: 'Returns', doc: "Weight each log π(a_t|s_t) by the return from t onward (reward-to-go) instead of the whole episode's return (original REINFORCE)." }),
  baseline: bool({ default: true, group: 'Returns', doc: 'Learn a value function V(s) and use the advantage G − V (Spinning Up: always on); off: plain REINFORCE weighted by G.' }),
  gaeLambda: float({ default: 0.97, min: 0, max: 1, live: true, group: 'Returns', doc: 'λ of GAE for the advantages when baseline is on (Spinning Up lam 0.97); 1: the Monte-Carlo advantage G − V.' }),
  normAdv: bool({ default: true, live: true, group: 'Loss', doc: "Normalise the batch's advantages (or returns, without baseline) to mean 0, std 1 (Spinning Up: on)." }),
  valueLearningRate: float({ default: 1e-3, min: 0, max: 1, log: true, live: true, group: 'Optimiser', doc: 'Adam learning rate of the value function (Spinning Up vf_lr 1e-3).' }),
  valueIters: int({ default: 80, min: 0, max: 1000, live: true, group: 'Optimiser', doc: 'Full-batch value-function steps per update (Spinning Up train_v_iters 80).' }),
  entCoef: float({ default: 0, min: 0, max: 10, live: true, group: 'Loss', doc: 'Weight of the entropy bonus in the policy loss (Spinning Up: 0).' }),
  maxGradNorm: float({ default: null, nullable: true, min: 0, max: 1e6, live: true, group: 'Optimiser', doc: 'Clip the global gradient norm of each step to this (Spinning Up: none); null: no clipping.' }),
  adamEps: float({ default: 1e-8, min: 0, max: 1, log: true, group: 'Optimiser', doc: "Adam's ε (PyTorch's default 1e-8, as Spinning Up)." }),
  hiddenSizes: intList({ default: [64, 64], min: 1, max: 1024, minLength: 0, maxLength: 6, group: 'Network', doc: 'Hidden layer sizes of the policy and the value MLP (Spinning Up 64,64).' }),
  activation: choice({ default: 'tanh', options: ['tanh', 'relu'], group: 'Network', doc: 'Hidden-layer activation (Spinning Up tanh).' }),
  orthoInit: bool({ default: false, group: 'Network', doc: "Orthogonal initialisation with gains √2 (hidden), 0.01 (policy head), 1 (value head) and zero biases; off: PyTorch's default uniform init (Spinning Up)." }),
  logStdInit: float({ default: -0.5, min: -10, max: 5, group: 'Network', doc: 'Initial log standard deviation of the Gaussian policy, continuous actions only (Spinning Up −0.5).' }),
  bootstrapTruncated: bool({ default: true, live: true, group: 'Returns', doc: "With a baseline, bootstrap a time-limit truncated episode's return from V(final observation) instead of treating the cut as terminal (Spinning Up: on)." }),
  normalizeReturns: bool({ default: false, group: 'Returns', doc: 'Scale rewards by a running std of the discounted return (Gymnasium NormalizeReward; Spinning Up: off).' }),
  rewardClip: float({ default: null, nullable: true, min: 0, max: 1e6, live: true, group: 'Returns', doc: 'Clip normalised rewards to ±rewardClip; null: no clipping.' }),
  returnNormWarmup: RETURN_NORM_WARMUP,
  normalizeObs: bool({ default: false, group: 'Observations', doc: 'Normalise observations with running mean and std (Gymnasium NormalizeObservation; Spinning Up: off).' }),
  obsClip: float({ default: 10, min: 0, max: 1e6, group: 'Observations', doc: 'Clip normalised observations to ±obsClip.' }),
  diagnosticsEvery: int({ default: 1, min: 1, max: 1e6, live: true, group: 'System', doc: 'Every this many updates: per-layer grad norms, dead-ReLU fraction and activation std.' }),
  histogramEvery: int({ default: 10, min: 0, max: 1e6, live: true, group: 'System', doc: 'Every this many updates: histogram snapshots of weights, gradients, activations, advantages, value targets; 0: never.' }),
});

export type VpgConfig = ConfigOf<typeof VPG>;
/** The rows of the schema (panel, CLI usage, validation). */
export const VPG_FIELDS = VPG.fields;

type VpgValues = Partial<VpgConfig>;

const SPINUP_VPG: PresetSource = {
  title: 'OpenAI Spinning Up spinup/algos/pytorch/vpg/vpg.py (Achiam 2018)',
  url: 'https://github.com/openai/spinningup/blob/master/spinup/algos/pytorch/vpg/vpg.py',
};
const PLAYGROUND_VPG: PresetSource = {
  title: 'RL Playground teaching baseline: REINFORCE with a learned baseline (Williams 1992; Sutton & Barto §13.4) and every safeguard on',
  url: 'https://spinningup.openai.com/en/latest/algorithms/vpg.html',
};

/**
 * REINFORCE with baseline, Monte-Carlo advantages (λ = 1), every safeguard on. Smaller batches and a
 * larger policy step than Spinning Up so CartPole improves within a few seconds; fewer value steps
 * per batch (the value net is warm-started every batch, so 80 are not needed to track G).
 */
function playgroundVpg(env: EnvId): VpgValues {
  const safeguards: VpgValues = {
    baseline: true,
    rewardToGo: true,
    gaeLambda: 1,
    normAdv: true,
    normalizeReturns: true,
    // Clipped to ±10 after scaling, as CleanRL and SB3 do: the first scaled rewards would otherwise be ~140.
    rewardClip: 10,
    returnNormWarmup: 1000,
    bootstrapTruncated: true,
    maxGradNorm: 0.5,
    orthoInit: true,
    adamEps: 1e-5,
  };
  const discrete: VpgValues = { ...safeguards, numEnvs: 1, batchSteps: 1000, learningRate: 3e-3, valueLearningRate: 1e-3, valueIters: 20 };
  if (envSpec(env).continuous) {
    const continuous: VpgValues = { ...discrete, normalizeObs: true, obsClip: 10, rewardClip: 10, batchSteps: 2000, learningRate: 1e-3, logStdInit: -0.5 };
    if (env === 'Pendulum-v1') return { ...continuous, gamma: 0.9 };
    return continuous;
  }
  if (env === 'Probe1' || env === 'Probe2' || env === 'Probe3' || env === 'Probe4' || env === 'Probe5') return { ...discrete, batchSteps: 64 };
  return discrete;
}

export const VPG_PRESETS: readonly Preset[] = [
  {
    id: 'playground',
    label: 'Playground (healthy baseline)',
    doc: 'REINFORCE with a learned value baseline (advantage = G − V) and every safeguard on: returns normalised, truncated episodes bootstrapped, gradients clipped, observations normalised on continuous envs.',
    source: PLAYGROUND_VPG,
    values: playgroundVpg,
  },
  {
    id: 'spinup',
    label: 'Spinning Up defaults',
    doc: "OpenAI Spinning Up's VPG: 4000-step batches, one policy step (lr 3e-4), 80 value steps (lr 1e-3), GAE-λ 0.97 advantages normalised per batch, PyTorch's default init. Episodes are finished rather than cut at the batch end.",
    source: SPINUP_VPG,
    values: () => ({}),
  },
];

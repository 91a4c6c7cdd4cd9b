// The model-based agent's hyperparameters (a learned dynamics ensemble planned through with CEM or
// random shooting, re-planning every step: PETS, Chua et al. 2018), declared once. Defaults are
// mbrl-lib's PETS example (facebookresearch/mbrl-lib notebooks/pets_example.ipynb, with
// mbrl/examples/conf/algorithm/pets.yaml and mbrl/planning/trajectory_opt.py); the presets below
// layer per-env values on top.

import { envSpec } from '../envs/registry.ts';
import type { EnvId } from '../envs/types.ts';
import { bool, choice, defineConfig, float, int, intList, type ConfigOf, type Preset, type PresetSource } from './schema.ts';

export const MBRL = defineConfig({
  ensembleSize: int({ default: 5, min: 1, max: 16, group: 'Model', doc: 'Members K of the dynamics ensemble, each trained on its own bootstrap sample (mbrl-lib PETS example: ensemble_size 5).' }),
  hiddenSizes: intList({ default: [200, 200, 200], min: 1, max: 1024, minLength: 1, maxLength: 6, group: 'Model', doc: 'Hidden layer sizes of each member (mbrl-lib PETS example: num_layers 3 × hid_size 200).' }),
  activation: choice({ default: 'silu', options: ['silu', 'relu', 'tanh'], group: 'Model', doc: 'Hidden activation of the members (mbrl-lib PETS example: use_silu).' }),
  modelLoss: choice({ default: 'gaussian_nll', options: ['gaussian_nll', 'mse'], group: 'Model', doc: "Probabilistic members (mean and a log-variance softly bounded to [−10, 0.5], Gaussian negative log-likelihood: mbrl-lib's GaussianMLP, deterministic=False) or deterministic ones (mean only, squared error)." }),
  learningRate: float({ default: 1e-3, min: 0, max: 1, log: true, live: true, group: 'Training', doc: 'Adam learning rate of the model (mbrl-lib PETS example: ModelTrainer optim_lr 1e-3).' }),
  weightDecay: float({ default: 5e-5, min: 0, max: 1, live: true, group: 'Training', doc: 'L2 weight decay added to the gradient, as torch.optim.Adam(weight_decay) (mbrl-lib PETS example: 5e-5).' }),
  batchSize: int({ default: 256, min: 1, max: 65536, live: true, group: 'Training', doc: 'Transitions per member per gradient step (mbrl-lib PETS example: model_batch_size 256).' }),
  epochs: int({ default: 50, min: 1, max: 1000, live: true, group: 'Training', doc: "Passes over each member's bootstrap sample at every training (mbrl-lib PETS example: num_epochs 50)." }),
  validationRatio: float({ default: 0.1, min: 0, max: 0.9, group: 'Training', doc: 'Fraction of transitions held out (never trained on) for model/val_loss (mbrl-lib PETS example: validation_ratio 0.05).' }),
  bootstrap: bool({ default: true, group: 'Training', doc: 'Each member trains on its own sample drawn with replacement from the training data (mbrl-lib: bootstrap_permutes=False); off: every member sees the same data.' }),
  trainEvery: int({ default: null, nullable: true, min: 1, max: 1e6, group: 'Training', doc: 'Retrain the model on all data every this many env steps; null: at the end of every episode (mbrl-lib PETS example: at the start of every trial).' }),
  warmupSteps: int({ default: 200, min: 0, max: 1e6, group: 'Data', doc: 'Env steps with uniformly random actions before the first training and planning (mbrl-lib: initial_exploration_steps = trial_length 200).' }),
  planner: choice({ default: 'cem', options: ['cem', 'random_shooting'], group: 'Planner', doc: "Trajectory optimiser: the cross-entropy method (mbrl-lib CEMOptimizer) or random shooting (one generation of uniform action sequences, the best wins)." }),
  horizon: int({ default: 15, min: 1, max: 200, group: 'Planner', doc: 'Planning horizon H: steps each imagined trajectory is rolled out (mbrl-lib PETS example: planning_horizon 15).' }),
  population: int({ default: 500, min: 2, max: 100000, group: 'Planner', doc: 'Action sequences scored per CEM iteration (mbrl-lib PETS example: population_size 500).' }),
  eliteRatio: float({ default: 0.1, min: 0, max: 1, group: 'Planner', doc: 'Fraction of the population refitted to, rounded up (mbrl-lib PETS example: elite_ratio 0.1).' }),
  cemIterations: int({ default: 5, min: 1, max: 100, group: 'Planner', doc: 'CEM generations per planning step (mbrl-lib PETS example: num_iterations 5).' }),
  cemAlpha: float({ default: 0.1, min: 0, max: 1, group: 'Planner', doc: "Momentum of CEM's mean and variance: new = α·old + (1 − α)·elites' (mbrl-lib PETS example: alpha 0.1)." }),
  initialVariance: float({ default: null, nullable: true, min: 0, max: 1e6, group: 'Planner', doc: "Variance of each action component in CEM's first generation; null: (high − low)² / 16, mbrl-lib's." }),
  actionLimit: float({ default: null, nullable: true, min: 0, max: 1e6, group: 'Planner', doc: "The planner searches actions in [−limit, limit] (within the env's bounds); null: the env's action space." }),
  returnMeanElites: bool({ default: true, group: 'Planner', doc: "Execute the first action of the last elites' mean (mbrl-lib PETS: return_mean_elites) instead of the best sequence seen." }),
  propagation: choice({ default: 'ts1', options: ['ts1', 'tsinf', 'mean'], group: 'Planner', doc: 'How imagined trajectories use the ensemble (PETS): ts1 picks a random member for every particle at every step, tsinf keeps one member per particle for the whole horizon, mean follows the members\' average prediction.' }),
  particles: int({ default: 1, min: 1, max: 100, group: 'Planner', doc: 'Imagined trajectories per action sequence, whose returns are averaged (mbrl-lib PETS example: num_particles 20, 20× the cost).' }),
  sampleNoise: bool({ default: true, group: 'Planner', doc: "Imagined steps sample the Gaussian members' predicted noise (mbrl-lib ModelEnv.step(sample=True)); off: their means. Deterministic members always use their means." }),
  gamma: float({ default: 1, min: 0, max: 1, group: 'Planner', doc: 'Discount of rewards along an imagined trajectory (PETS sums them undiscounted: 1).' }),
  forward: choice({ default: 'auto', options: ['auto', 'tfjs', 'js'], group: 'System', doc: "What runs the ensemble in imagined rollouts: tfjs, or a plain-JS copy of the weights refreshed after every training (the wasm SIMD kernel of the js compute path where the runtime has wasm SIMD, else float64 JS); auto: on the wasm backend the kernel for calls up to 1 M multiply-adds (the playground: a planning step 12–18 ms against tfjs's 31–40) and tfjs above (mbrl-lib's 5 × 3×200 on 100 rows: 548–587 ms against the kernel's 665–742), tfjs without the kernel; on the other backends plain JS (no readback per member per step on webgl/webgpu). tfjs is refused on webgpu, where tfjs's synchronous reads run out of memory within seconds. Measured in src/agents/mbrl-forward.ts." }),
});

export type MbrlConfig = ConfigOf<typeof MBRL>;
/** The rows of the schema (panel, CLI usage, validation). */
export const MBRL_FIELDS = MBRL.fields;

// ── Presets ──────────────────────────────────────────────────────────────────────────────────
//   playground  sized for a browser tab: one planning step ≤ 50 ms on wasm on a 2-core machine, so the
//               env animates while the agent plans (measured: scripts/bench-mbrl.ts).
//   mbrl-lib    mbrl-lib's PETS CartPole example as published, on every continuous env.

const MBRL_LIB: PresetSource = {
  title: 'mbrl-lib notebooks/pets_example.ipynb (PETS on cartpole_continuous; Pineda et al. 2021, Chua et al. 2018)',
  url: 'https://github.com/facebookresearch/mbrl-lib/blob/main/notebooks/pets_example.ipynb',
};
const PLAYGROUND: PresetSource = {
  title: 'RL Playground: PETS scaled to plan within 50 ms per step in a browser tab',
  url: 'https://arxiv.org/abs/1805.12114',
};

type MbrlValues = Partial<MbrlConfig>;

/**
 * The notebook's settings (ensemble 5 × 3×200 SiLU Gaussian MLPs, lr 1e-3, weight decay 5e-5, batch 256,
 * 50 epochs, validation 0.05; CEM horizon 15, population 500, elite ratio 0.1, 5 iterations, α 0.1,
 * 200 random warm-up steps). Not taken: its 20 particles with fixed-model (TS∞) propagation, 20× the
 * cost of one particle, which a CPU cannot plan with at interactive speed; one TS∞ particle instead.
 */
const MBRL_LIB_VALUES: MbrlValues = {
  ensembleSize: 5,
  hiddenSizes: [200, 200, 200],
  activation: 'silu',
  modelLoss: 'gaussian_nll',
  learningRate: 1e-3,
  weightDecay: 5e-5,
  batchSize: 256,
  epochs: 50,
  validationRatio: 0.05,
  warmupSteps: 200,
  planner: 'cem',
  horizon: 15,
  population: 500,
  eliteRatio: 0.1,
  cemIterations: 5,
  cemAlpha: 0.1,
  returnMeanElites: true,
  propagation: 'tsinf',
  particles: 1,
};

/** Small members, a smaller population and fewer epochs: the same algorithm within a 50 ms planning budget. */
const PLAYGROUND_VALUES: MbrlValues = {
  ensembleSize: 5,
  hiddenSizes: [64, 64],
  batchSize: 64,
  epochs: 10,
  population: 100,
  cemIterations: 3,
};

/**
 * Pendulum needs a longer look ahead: in 15 steps (0.75 s) no swing gains height, so from rest at the
 * bottom CEM holds the pendulum where full torque balances gravity (θ ≈ 2.73, −7.5 per step), even
 * through the true dynamics (tests/unit/agents/mbrl-horizon.test.ts; seed 3 scored −1495 so). 30 steps,
 * as PETS plans most tasks, see the pump. Half the population and two CEM iterations keep a planning step
 * within budget: tfjs's cost follows H × iterations (one call per member per imagined step), plain JS's
 * population × H × iterations; through the true dynamics 2 iterations swing up as well as 3.
 */
const PLAYGROUND_PENDULUM: MbrlValues = { ...PLAYGROUND_VALUES, horizon: 30, population: 50, cemIterations: 2 };

export const MBRL_PRESETS: readonly Preset[] = [
  {
    id: 'playground',
    label: 'Playground (plans in ≤ 50 ms)',
    doc: 'PETS with 5 × 64-64 SiLU members, 10 epochs per training and CEM over 100 sequences × 3 iterations (Pendulum: 50 sequences over 30 steps × 2 iterations, to see the swing-up): a planning step fits in 50 ms on wasm, so the env animates while the agent thinks.',
    source: PLAYGROUND,
    values: (env: EnvId) => (env === 'Pendulum-v1' ? PLAYGROUND_PENDULUM : envSpec(env).continuous ? PLAYGROUND_VALUES : null),
  },
  {
    id: 'mbrl-lib',
    label: 'mbrl-lib PETS example',
    doc: "mbrl-lib's PETS CartPole notebook: 5 × 3×200 SiLU Gaussian members, CEM horizon 15, population 500, elite ratio 0.1, 5 iterations, α 0.1 (one particle instead of its 20). Seconds per step on a CPU.",
    source: MBRL_LIB,
    values: (env: EnvId) => (envSpec(env).continuous ? MBRL_LIB_VALUES : null),
  },
];

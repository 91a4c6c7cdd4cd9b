// The metric catalogue of DIAGNOSTICS.md §1: series keys (CleanRL's vocabulary, extended under
// `diagnostics/`, `time/`, `memory/`) plus what the UI needs to draw each one.
// Pure data: charts, agents, health checks and tests share these names.

/** Every scalar key of DIAGNOSTICS.md §1, verbatim. Per-layer and per-phase series are built with `layerKey` / `phaseKey`. */
export const METRIC = {
  episodicReturn: 'charts/episodic_return',
  episodicLength: 'charts/episodic_length',
  solveRate: 'charts/solve_rate',
  randomBaseline: 'charts/random_baseline',
  learningRate: 'charts/learning_rate',
  sps: 'charts/SPS',
  envSteps: 'time/env_steps',
  trainSteps: 'time/train_steps',
  wallS: 'time/wall_s',
  trainingIntensity: 'time/training_intensity',
  policyLoss: 'losses/policy_loss',
  valueLoss: 'losses/value_loss',
  entropy: 'losses/entropy',
  oldApproxKl: 'losses/old_approx_kl',
  approxKl: 'losses/approx_kl',
  clipfrac: 'losses/clipfrac',
  explainedVariance: 'losses/explained_variance',
  tdLoss: 'losses/td_loss',
  qValues: 'losses/q_values',
  qValuesMin: 'losses/q_values_min',
  qValuesMax: 'losses/q_values_max',
  valueMean: 'diagnostics/value_mean',
  returnMean: 'diagnostics/return_mean',
  advantageMin: 'diagnostics/advantage_min',
  advantageMax: 'diagnostics/advantage_max',
  advantageMean: 'diagnostics/advantage_mean',
  advantageStd: 'diagnostics/advantage_std',
  valueTargetMin: 'diagnostics/value_target_min',
  valueTargetMax: 'diagnostics/value_target_max',
  gradNorm: 'diagnostics/grad_norm',
  deadReluFrac: 'diagnostics/dead_relu_frac',
  activationStd: 'diagnostics/activation_std',
  numTensors: 'memory/num_tensors',
  numBytes: 'memory/num_bytes',
  phaseMs: 'time/phase_ms',
} as const;

/** Keys some agents report beyond DIAGNOSTICS.md §1 (agent-specific diagnostics), catalogued for their titles. */
export const AGENT_METRIC = {
  /** PPO: max |r − 1| on the first minibatch of the first epoch (0 unless the rollout policy was not reproduced). */
  firstRatioDev: 'losses/first_ratio_dev',
  /** Gaussian policies: mean exp(log σ). */
  policyStd: 'diagnostics/policy_std',
  /** DQN: ε of the ε-greedy policy (CleanRL's name). */
  epsilon: 'charts/epsilon',
  /** DQN: mean TD target of the sampled batches. */
  targetQMean: 'diagnostics/target_q_mean',
  /** Model-based (DIAGNOSTICS.md §3 "Model metrics"): the dynamics ensemble's training loss, mean and per member (/m0 …). */
  modelTrainLoss: 'model/train_loss',
  /** Model-based: MSE of the mean prediction on held-out transitions, mean and per member. */
  modelValLoss: 'model/val_loss',
  /** Model-based: squared one-step error on fresh transitions, in units of the state's std. */
  modelOneStepError: 'model/one_step_error',
  /** Model-based: open-loop error k steps ahead (/k1 … per k; the base key at k = the planning horizon). */
  modelMultistepError: 'model/multistep_error',
  /** Model-based: std across ensemble members of the imagined state along the chosen plan. */
  modelEnsembleDisagreement: 'model/ensemble_disagreement',
  /** Model-based: the chosen plan's imagined return over the horizon. */
  plannerPredictedReturn: 'planner/predicted_return',
  /** Model-based: the return the env paid over the steps that plan covered. */
  plannerRealisedReturn: 'planner/realised_return',
  /** Model-based: spread of the candidates' imagined returns in a planning step's first generation. */
  plannerCandidateReturnStd: 'planner/candidate_return_std',
  /** Model-based: ms per planning step. */
  planMs: 'time/plan_ms',
} as const;

/** One of the catalogue's base keys. */
export type MetricKey = (typeof METRIC)[keyof typeof METRIC];

/** Histogram snapshot keys (DIAGNOSTICS.md §1, "Histograms"); per-layer ones take `layerKey(base, layer)`. */
export const HISTOGRAM = {
  weights: 'histograms/weights',
  gradients: 'histograms/gradients',
  activations: 'histograms/activations',
  qValues: 'histograms/q_values',
  advantages: 'histograms/advantages',
  valueTargets: 'histograms/value_targets',
  ratio: 'histograms/ratio',
} as const;

export type HistogramKey = (typeof HISTOGRAM)[keyof typeof HISTOGRAM];

/**
 * Where the wall time goes (`time/phase_ms/{phase}`). The model-based agent reports `plan` (ms per
 * planning step, the episode's mean) and `model_train` (ms of each model training) in place of
 * inference and update.
 */
export const PHASES = ['env', 'inference', 'update', 'diagnostics', 'messaging', 'plan', 'model_train'] as const;
export type Phase = (typeof PHASES)[number];

/** Chart groups, in the order the UI lays them out. */
export const METRIC_GROUPS = ['Performance', 'Policy', 'Value', 'Model', 'Optimisation', 'Network', 'System'] as const;
export type MetricGroup = (typeof METRIC_GROUPS)[number];

/** Agents that can produce a series (same ids as config's AgentId; repeated here so diagnostics imports nothing). */
export type AgentKind = 'ppo' | 'dqn' | 'vpg' | 'a2c' | 'random' | 'mbrl';

/**
 * A reference drawn grey and dashed behind a series.
 * `line` and `band` are fixed numbers; the env-dependent kinds are resolved by the UI from the env:
 * `max_entropy` = ln N (see `maxDiscreteEntropy`), `reward_threshold` = EnvSpec.rewardThreshold,
 * `random_baseline` = the charts/random_baseline value.
 */
export type MetricReference =
  | { kind: 'line'; value: number; label: string }
  | { kind: 'band'; low: number; high: number; label: string }
  | { kind: 'max_entropy'; label: string }
  | { kind: 'reward_threshold'; label: string }
  | { kind: 'random_baseline'; label: string };

/** What the UI needs to know about one series. */
export interface MetricInfo {
  /** The key (for per-layer / per-phase metrics, the base key before `/{layer}`). */
  readonly key: string;
  /** Plain-words chart title. */
  readonly title: string;
  /** One-line definition shown as the chart's help text. */
  readonly description: string;
  readonly group: MetricGroup;
  /** Agents that report it. */
  readonly agents: readonly AgentKind[];
  /** Values span decades: offer a log y axis. */
  readonly logY: boolean;
  /** The y domain should include zero (counts, fractions, norms, times). */
  readonly yFromZero: boolean;
  /** The series is reported per layer (`layerKey(key, layer)`) or per phase (`phaseKey(phase)`). */
  readonly split?: 'layer' | 'phase';
  readonly reference?: MetricReference;
}

const ALL: readonly AgentKind[] = ['ppo', 'dqn', 'vpg', 'a2c', 'random', 'mbrl'];
const LEARNERS: readonly AgentKind[] = ['ppo', 'dqn', 'vpg', 'a2c'];
const ON_POLICY: readonly AgentKind[] = ['ppo', 'vpg', 'a2c'];

function info(
  key: string,
  title: string,
  group: MetricGroup,
  agents: readonly AgentKind[],
  description: string,
  opts: { logY?: boolean; yFromZero?: boolean; split?: 'layer' | 'phase'; reference?: MetricReference } = {},
): MetricInfo {
  return { key, title, group, agents, description, logY: opts.logY ?? false, yFromZero: opts.yFromZero ?? false, split: opts.split, reference: opts.reference };
}

/** The catalogue, in display order. Definitions follow DIAGNOSTICS.md §1. */
export const METRIC_CATALOGUE: readonly MetricInfo[] = [
  // Performance
  info(METRIC.episodicReturn, 'Episode return', 'Performance', ALL, 'Sum of rewards of each finished episode; per window: mean, std band, min/max whiskers.', {
    reference: { kind: 'reward_threshold', label: 'solved' },
  }),
  info(METRIC.episodicLength, 'Episode length', 'Performance', ALL, 'Steps in each finished episode.', { yFromZero: true }),
  info(METRIC.solveRate, 'Solve rate', 'Performance', ALL, "Fraction of the window's finished episodes that meet the env's solved condition.", {
    yFromZero: true,
  }),
  info(METRIC.randomBaseline, 'Random policy return', 'Performance', ALL, 'Mean return of a uniformly random policy on the same env (a reference line).', {
    reference: { kind: 'random_baseline', label: 'random policy' },
  }),
  // Policy
  info(METRIC.entropy, 'Policy entropy', 'Policy', ['ppo', 'a2c', 'vpg', 'dqn'], 'Mean entropy of the policy over the minibatch; discrete max is ln N. DQN: entropy of the ε-greedy policy.', {
    reference: { kind: 'max_entropy', label: 'ln N (uniform)' },
  }),
  info(METRIC.approxKl, 'Approx. KL (k3)', 'Policy', ON_POLICY, 'mean((r − 1) − log r): how far one update moved the policy (≥ 0). PPO: on its last minibatch; VPG and A2C: on the batch, after the update.', {
    logY: true,
    yFromZero: true,
    reference: { kind: 'line', value: 0.02, label: 'healthy below 0.02' },
  }),
  info(METRIC.oldApproxKl, 'Approx. KL (k1)', 'Policy', ON_POLICY, 'mean(−log r): the naive KL estimator; can be negative.'),
  info(METRIC.clipfrac, 'Clip fraction', 'Policy', ['ppo'], 'Fraction of samples with |r − 1| > ε, averaged over the minibatches of an update.', { yFromZero: true }),
  info(AGENT_METRIC.firstRatioDev, 'First-minibatch ratio error', 'Policy', ['ppo'], 'max |r − 1| on the first minibatch of the first epoch: exactly 0 when the update starts from the policy that collected the rollout.', { yFromZero: true }),
  info(AGENT_METRIC.policyStd, 'Policy std (Gaussian)', 'Policy', ON_POLICY, 'Mean standard deviation exp(log σ) of the Gaussian policy (continuous actions): how much it still explores.', { yFromZero: true }),
  info(AGENT_METRIC.epsilon, 'Exploration ε', 'Policy', ['dqn'], 'Probability of a uniformly random action in the ε-greedy policy (CleanRL linear schedule).', { yFromZero: true }),
  info(METRIC.policyLoss, 'Policy loss', 'Policy', ON_POLICY, 'PPO: mean(max(−A·r, −A·clip(r, 1±ε))); VPG/A2C: −mean(A·log π).'),
  // Value
  info(METRIC.valueLoss, 'Value loss', 'Value', ON_POLICY, 'PPO: 0.5·mean((V − R)²), clipped when value clipping is on; VPG and A2C: mean((V − R)²).', { logY: true, yFromZero: true }),
  info(METRIC.explainedVariance, 'Explained variance', 'Value', ON_POLICY, '1 − Var(R − V)/Var(R) over the batch: 1 is perfect, ≤ 0 is no better than a constant; NaN when Var(R) = 0.', {
    reference: { kind: 'line', value: 0, label: 'no better than a constant' },
  }),
  info(METRIC.valueMean, 'Mean predicted value', 'Value', ON_POLICY, 'Mean V(s) over the rollout, in return units (return normalisation undone); should converge to the mean return.'),
  info(METRIC.returnMean, 'Mean observed return', 'Value', ON_POLICY, 'Mean discounted return actually observed from the rollout states.'),
  info(METRIC.valueTargetMin, 'Value target min', 'Value', [...ON_POLICY, 'dqn'], 'Smallest value target of the batch: impossible values show first here.'),
  info(METRIC.valueTargetMax, 'Value target max', 'Value', [...ON_POLICY, 'dqn'], 'Largest value target of the batch. Where rewards are normalised, targets are converted back to return units with the normaliser\'s scale at the update, so after the scale has moved they are in today\'s units.'),
  info(METRIC.advantageMean, 'Advantage mean', 'Value', ON_POLICY, 'Mean advantage before normalisation.'),
  info(METRIC.advantageStd, 'Advantage std', 'Value', ON_POLICY, 'Advantage standard deviation before normalisation.', { yFromZero: true }),
  info(METRIC.advantageMin, 'Advantage min', 'Value', ON_POLICY, 'Smallest advantage of the batch, before normalisation.'),
  info(METRIC.advantageMax, 'Advantage max', 'Value', ON_POLICY, 'Largest advantage of the batch, before normalisation.'),
  info(METRIC.tdLoss, 'TD loss', 'Value', ['dqn'], 'Huber (or MSE) TD error over the sampled batch.', { logY: true, yFromZero: true }),
  info(METRIC.qValues, 'Q-value mean', 'Value', ['dqn'], 'Mean Q(s, a) over the sampled batch; bounded by [r_min, r_max]/(1 − γ).'),
  info(AGENT_METRIC.targetQMean, 'TD target mean', 'Value', ['dqn'], 'Mean TD target r + γ·(1 − done)·max_a′ Q_target(s′, a′) of the sampled batches: what Q is regressed on.'),
  info(METRIC.qValuesMin, 'Q-value min', 'Value', ['dqn'], 'Smallest Q(s, a) of the sampled batch.'),
  info(METRIC.qValuesMax, 'Q-value max', 'Value', ['dqn'], 'Largest Q(s, a) of the sampled batch.'),
  // Model (model-based agents)
  info(AGENT_METRIC.modelTrainLoss, 'Model training loss', 'Model', ['mbrl'], 'Loss of the dynamics ensemble over the last epoch of each training (Gaussian NLL or MSE of the normalised Δs), mean and per member.', { split: 'layer' }),
  info(AGENT_METRIC.modelValLoss, 'Model validation loss', 'Model', ['mbrl'], 'MSE of each member\'s mean prediction on held-out transitions (normalised Δs): stuck high when the model cannot fit the dynamics.', { logY: true, yFromZero: true, split: 'layer' }),
  info(AGENT_METRIC.modelOneStepError, 'One-step model error', 'Model', ['mbrl'], 'Squared error of the ensemble-mean prediction one step ahead on transitions not yet trained on, in units of the state\'s std.', { logY: true, yFromZero: true }),
  info(AGENT_METRIC.modelMultistepError, 'Multi-step model error', 'Model', ['mbrl'], 'The same error k steps ahead, feeding predictions back open-loop (one line per k; the base line at k = the planning horizon): how model error compounds.', { logY: true, yFromZero: true, split: 'layer' }),
  info(AGENT_METRIC.modelEnsembleDisagreement, 'Ensemble disagreement', 'Model', ['mbrl'], 'Std across members of the imagined state along the chosen plan, in units of the state\'s std: what the model knows it does not know (0 with one member).', { yFromZero: true }),
  info(AGENT_METRIC.plannerPredictedReturn, 'Predicted plan return', 'Model', ['mbrl'], 'Imagined return of the chosen plan over the horizon (mean over members); compare with the realised return.'),
  info(AGENT_METRIC.plannerRealisedReturn, 'Realised plan return', 'Model', ['mbrl'], 'Return the env actually paid over the steps each plan covered.'),
  info(AGENT_METRIC.plannerCandidateReturnStd, 'Candidate return spread', 'Model', ['mbrl'], 'Std of the imagined returns of the first generation of candidates: near 0 when every candidate scores alike.', { yFromZero: true }),
  info(AGENT_METRIC.planMs, 'Planning time (ms/step)', 'System', ['mbrl'], 'Wall time of one planning step (all CEM iterations through the model).', { yFromZero: true }),
  // Optimisation
  info(METRIC.learningRate, 'Learning rate', 'Optimisation', LEARNERS, 'Current learning rate after annealing.', { yFromZero: true }),
  info(METRIC.gradNorm, 'Gradient norm', 'Optimisation', LEARNERS, 'Global L2 norm of the gradients before clipping (and per layer).', {
    logY: true,
    yFromZero: true,
    split: 'layer',
  }),
  info(METRIC.trainingIntensity, 'Training intensity', 'Optimisation', ['dqn'], 'batch_size × train_steps / env_steps: samples replayed per env step (should be ≥ 1).', {
    yFromZero: true,
    reference: { kind: 'line', value: 1, label: '1 replay per step' },
  }),
  // Network
  info(METRIC.deadReluFrac, 'Dead ReLU fraction', 'Network', LEARNERS, 'Per ReLU layer: fraction of units that output 0 for every sample of the batch.', {
    yFromZero: true,
    split: 'layer',
    reference: { kind: 'line', value: 0.4, label: 'alert above 0.4' },
  }),
  info(METRIC.activationStd, 'Activation std', 'Network', LEARNERS, 'Per layer: standard deviation of the activations over the batch.', {
    yFromZero: true,
    split: 'layer',
    reference: { kind: 'band', low: 0.5, high: 2, label: 'healthy 0.5–2' },
  }),
  // System
  info(METRIC.sps, 'Steps per second', 'System', ALL, 'Env steps per second of wall time since the start.', { yFromZero: true }),
  info(METRIC.envSteps, 'Env steps', 'System', ALL, 'Env steps so far, summed over sub-envs.', { yFromZero: true }),
  info(METRIC.trainSteps, 'Train steps', 'System', [...LEARNERS, 'mbrl'], 'Gradient steps so far.', { yFromZero: true }),
  info(METRIC.wallS, 'Wall time (s)', 'System', ALL, 'Seconds since the run started.', { yFromZero: true }),
  info(METRIC.phaseMs, 'Time per phase (ms)', 'System', ALL, 'Where the wall time goes: env, inference, update, diagnostics, messaging; for the model-based agent, ms per planning step (plan) and per model training (model_train).', {
    yFromZero: true,
    split: 'phase',
  }),
  info(METRIC.numTensors, 'Live tensors', 'System', ALL, 'tf.memory().numTensors: a rising line is a leak.', { yFromZero: true }),
  info(METRIC.numBytes, 'Tensor memory (bytes)', 'System', ALL, 'tf.memory().numBytes.', { yFromZero: true }),
];

const BY_KEY: ReadonlyMap<string, MetricInfo> = new Map(METRIC_CATALOGUE.map((m) => [m.key, m]));

/** A per-layer series key: `layerKey('diagnostics/dead_relu_frac', 'actor/0')` → `diagnostics/dead_relu_frac/actor/0`. */
export function layerKey(base: string, layer: string): string {
  return `${base}/${layer}`;
}

/** A per-phase timing key: `phaseKey('env')` → `time/phase_ms/env`. */
export function phaseKey(phase: Phase): string {
  return `${METRIC.phaseMs}/${phase}`;
}

/**
 * Split a key into its catalogue base and the part after it (layer or phase), or null when
 * the key is not in the catalogue. `splitKey('diagnostics/grad_norm/critic/1')` → `{ base: 'diagnostics/grad_norm', part: 'critic/1' }`;
 * a plain key gives `part: null`.
 */
export function splitKey(key: string): { base: string; part: string | null } | null {
  if (BY_KEY.has(key)) return { base: key, part: null };
  for (const m of METRIC_CATALOGUE) {
    if (m.split !== undefined && key.startsWith(m.key + '/') && key.length > m.key.length + 1) {
      return { base: m.key, part: key.slice(m.key.length + 1) };
    }
  }
  return null;
}

/** Catalogue entry for a key, per-layer and per-phase keys included; undefined for unknown keys. */
export function metricInfo(key: string): MetricInfo | undefined {
  const s = splitKey(key);
  return s === null ? undefined : BY_KEY.get(s.base);
}

/** Catalogue entries an agent produces, in display order. */
export function metricsForAgent(agent: AgentKind): MetricInfo[] {
  return METRIC_CATALOGUE.filter((m) => m.agents.includes(agent));
}

/** Maximum entropy of a categorical policy over n actions: ln n (the uniform policy). */
export function maxDiscreteEntropy(n: number): number {
  return Math.log(n);
}

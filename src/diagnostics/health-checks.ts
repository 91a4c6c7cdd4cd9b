// The health checks' catalogue (DIAGNOSTICS.md §4): ids, likely causes (bug ids of DIAGNOSTICS.md §3),
// what a check needs to know about the run, and every threshold as a named constant.

import { METRIC } from './metric-keys.ts';
import type { HealthText } from './health-text.ts';

export type HealthCheckId =
  | 'non_finite'
  | 'entropy_collapse'
  | 'kl_spike'
  | 'explained_variance_negative'
  | 'value_return_mismatch'
  | 'q_out_of_bounds'
  | 'value_out_of_bounds'
  | 'dead_relu'
  | 'grad_norm_spike'
  | 'tensor_leak';

/** What some checks need to know about the run; a check whose inputs are missing stays off. */
export interface HealthContext {
  /** Maximum policy entropy, ln N for N discrete actions. Omit for continuous actions (entropy check off). */
  maxEntropy?: number;
  /** The agent's discount γ ∈ [0, 1) (Q / value bounds). */
  gamma?: number;
  /** Bounds of one step's reward (EnvSpec.rewardRange) (Q / value bounds). */
  rewardRange?: readonly [number, number];
  /** Planned run length in env steps: "early in training" is its first ENTROPY_EARLY_FRACTION. */
  totalSteps?: number | null;
  /** diagnostics/value_target_min/max are in reward units (no return normalisation): bound-check them too. */
  valueTargetsInRewardUnits?: boolean;
  /**
   * The value targets are the batch's observed discounted returns (VPG's reward-to-go), read back at the same
   * running scale as value_mean: value_mean inside the batch's target range (± the margin) is the critic
   * regressing faithfully on them, even where that read-back crosses [r_min, r_max]/(1 − γ) because the
   * normaliser's scale moved since the rewards were scaled. Bootstrapped targets (PPO, A2C) carry the
   * critic's own errors and get no such allowance.
   */
  valueTargetsAreReturns?: boolean;
  /** Checks to run; default all. */
  checks?: readonly HealthCheckId[];
  /**
   * Checks that fire on these settings by design, each with why: a property of the preset, not a bug
   * (DIAGNOSTICS.md §4). Their alerts still fire, carrying the reason in `expected`.
   */
  expected?: Partial<Record<HealthCheckId, HealthText>>;
}

// ---- Thresholds -------------------------------------------------------------------------------

/** A fired detector re-arms after this many consecutive healthy points of its series. */
export const REARM_AFTER = 10;
/** NaN is a legitimate value of these keys (explained variance is NaN when Var(returns) = 0, as in CleanRL); ±Inf still alerts. */
export const NAN_ALLOWED_KEYS: readonly string[] = [METRIC.explainedVariance];
/** Entropy below this fraction of its maximum (ln N) early in training is a collapse. */
export const ENTROPY_COLLAPSE_FRACTION = 0.1;
/** "Early" = the first quarter of the run when its length is known … */
export const ENTROPY_EARLY_FRACTION = 0.25;
/** … else the first 100k env steps. (CleanRL PPO CartPole stays above 0.6·ln 2 there.) */
export const ENTROPY_EARLY_STEPS = 100_000;
/** approx_kl above this: the update moved the policy too far (healthy PPO stays below 0.02). */
export const KL_SPIKE_THRESHOLD = 0.05;
/**
 * … as the median of the last KL_SPIKE_WINDOW updates: approx_kl is CleanRL's last-minibatch estimate
 * (64 samples on Pendulum), and a healthy playground PPO on Pendulum reads above 0.05 once in a while
 * (measured: 0.055 and 0.109, once each, seeds 4 and 5 over 200k steps). A single reading fires only
 * above KL_SPIKE_SINGLE.
 */
export const KL_SPIKE_WINDOW = 3;
export const KL_SPIKE_SINGLE = 0.15;
/** Explained variance below 0 (see EV_NEGATIVE_MARGIN) for this many consecutive updates (healthy CleanRL CartPole: at most 9). */
export const EV_NEGATIVE_STREAK = 20;
/**
 * … "below 0" meaning below −EV_NEGATIVE_MARGIN: worse than a constant by more than a near-constant critic's
 * noise. A critic that predicts about the same value everywhere scores EV ≈ 0 either side (as good as a constant,
 * not worse). Measured, healthy zoo PPO on CartPole, seed 2, 34–38k steps: the critic predicts ≈ 45 everywhere
 * while a few falls per batch give targets of 1 … 45, EV −0.0001 to −0.0011 on 20 updates in a row. The bugs
 * read far lower over their streaks: PPO ignore_done down to −3.7, A2C lr_too_high −3.1 … −0.10 (seed 1).
 */
export const EV_NEGATIVE_MARGIN = 0.01;
/**
 * … counting only updates whose returns vary: when the batch's value targets span less than this
 * fraction of |return_mean| (value_target_max − min), Var(R) is tiny and EV is noise (CleanRL gives NaN at
 * Var(R) = 0). Healthy PPO on MountainCar-v0 before it ever reaches the flag: targets −104 … −84 around −96.
 */
export const EV_FLAT_RETURNS = 0.3;
/** value_mean and return_mean more than this factor apart … */
export const VALUE_RETURN_FACTOR = 3;
/** … ignoring differences smaller than this in return units (return_mean ≈ 0) … */
export const VALUE_RETURN_FLOOR = 1;
/**
 * … counting only env steps after this warm-up (the critic starts at ≈ 0) … In env steps, not points: a point
 * comes with each report in which an episode ended, every 8 to 4,096 env steps across the presets (numEnvs ×
 * numSteps × logEvery) or further apart, and 40 points were 164k steps for PPO zoo on Acrobot, so the check could
 * never fire within a 50k budget there. 15k and 5k are the former 30 and 10 points at 512 env steps per point
 * (CleanRL CartPole), which fire at the same point.
 */
export const VALUE_RETURN_WARMUP_STEPS = 15_000;
/** … for at least this many env steps of consecutive mismatching reports. */
export const VALUE_RETURN_PATIENCE_STEPS = 5_000;
/** Slack around [r_min, r_max]/(1 − γ), as a fraction of the interval's width (function approximation overshoots a little). */
export const VALUE_BOUND_MARGIN = 0.05;
/**
 * A ReLU layer with more than this fraction of dead units … Measured (15k steps, seed 1): healthy DQN's second
 * layer sits at 0.38–0.41 (playground) and 0.40–0.49 (cleanrl) on CartPole and crossed the former 0.4 on every
 * healthy cleanrl/playground run; DQN lr_too_high reaches 0.68–0.86 there, dead_relu_init 1.0.
 */
export const DEAD_RELU_THRESHOLD = 0.6;
/**
 * … for this many consecutive reports. The fraction is estimated on one batch, and ReLU nets keep a share of
 * dormant units while learning fine: the healthy playground DQN's second layer sits at 0.36–0.41 on its
 * 64-sample batches (0.38–0.40 over 1024 replay states), so 3 reports tripped it by noise; a dead init stays at 1.
 */
export const DEAD_RELU_PATIENCE = 10;
/** grad_norm above this multiple of the median of all earlier grad_norms … */
export const GRAD_NORM_SPIKE_FACTOR = 100;
/**
 * … and above this multiple of the largest earlier grad_norm: a jump no earlier update came near. Measured,
 * healthy zoo DQN on MountainCar-v0 (hard target refresh every 600 steps, 8 gradient steps per 16 env steps,
 * every reward −1): between refreshes the online net fits the frozen target almost exactly (TD loss ~1e-7,
 * grad_norm ~0.001), and each refresh brings grad_norm back to 1–2 — 150–250× the running median, at every
 * refresh, each peak within 1.4× the one before. The exploding TD loss of uninitialized_buffer +
 * mse_instead_of_huber jumps to 5745 after earlier values of at most 2.67 (2150×).
 */
export const GRAD_NORM_RECORD_FACTOR = 10;
/** … once at least this many earlier values exist. */
export const GRAD_NORM_WARMUP = 10;
/** memory/num_tensors rising at this many consecutive updates is a leak. */
export const TENSOR_LEAK_STREAK = 20;

// ---- Check catalogue --------------------------------------------------------------------------

/** One check, for the UI's list and the lesson cards. */
export interface HealthCheckInfo {
  id: HealthCheckId;
  title: string;
  /** Bug ids (DIAGNOSTICS.md §3), most likely first. */
  causes: readonly string[];
}

export const HEALTH_CHECKS: readonly HealthCheckInfo[] = [
  { id: 'non_finite', title: 'NaN or Inf in a metric', causes: ['lr_too_high', 'sum_instead_of_mean_loss', 'no_grad_clipping', 'mse_instead_of_huber'] },
  {
    id: 'entropy_collapse',
    title: 'Policy entropy collapsed early',
    causes: ['lr_too_high', 'sum_instead_of_mean_loss', 'too_many_epochs', 'epsilon_decay_too_fast', 'no_advantage_normalization'],
  },
  {
    id: 'kl_spike',
    title: 'KL spike: the policy moved too far in one update',
    causes: ['lr_too_high', 'too_many_epochs', 'sum_instead_of_mean_loss', 'no_advantage_normalization', 'stale_rollout', 'no_grad_clipping'],
  },
  {
    id: 'explained_variance_negative',
    title: 'Value function worse than a constant',
    causes: ['no_return_normalization', 'truncation_as_termination', 'ignore_done', 'uninitialized_buffer', 'lr_too_high'],
  },
  {
    id: 'value_return_mismatch',
    title: 'Predicted values far from observed returns',
    causes: ['no_return_normalization', 'ignore_done', 'truncation_as_termination', 'uninitialized_buffer'],
  },
  {
    id: 'q_out_of_bounds',
    title: 'Q-values outside the possible range',
    causes: ['no_target_network', 'target_aliases_online', 'ignore_done', 'uninitialized_buffer', 'mse_instead_of_huber', 'lr_too_high'],
  },
  { id: 'value_out_of_bounds', title: 'Values outside the possible range', causes: ['ignore_done', 'uninitialized_buffer', 'lr_too_high'] },
  { id: 'dead_relu', title: 'Dead ReLU units', causes: ['dead_relu_init', 'lr_too_high'] },
  { id: 'grad_norm_spike', title: 'Gradient norm spike', causes: ['lr_too_high', 'mse_instead_of_huber', 'sum_instead_of_mean_loss', 'no_grad_clipping'] },
  { id: 'tensor_leak', title: 'Tensor leak', causes: ['tensor_leak'] },
];

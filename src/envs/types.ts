// The environment contract: Gymnasium's API (gymnasium/core.py) in TypeScript.
// Pure data and functions: no DOM, no tfjs, no Math.random.

/** A box of reals, like gymnasium.spaces.Box (float32). */
export interface BoxSpace {
  readonly kind: 'box';
  readonly shape: readonly number[];
  readonly low: Float32Array;
  readonly high: Float32Array;
}

/** {0, …, n−1}, like gymnasium.spaces.Discrete. */
export interface DiscreteSpace {
  readonly kind: 'discrete';
  readonly n: number;
}

export type Space = BoxSpace | DiscreteSpace;

/** Discrete envs take an integer; continuous envs take one number per action dimension. */
export type Action = number | ArrayLike<number>;

export type Info = Record<string, unknown>;

export interface ResetResult {
  obs: Float32Array;
  info: Info;
}

export interface StepResult {
  obs: Float32Array;
  reward: number;
  /** The MDP reached a terminal state: do not bootstrap past it. */
  terminated: boolean;
  /** The episode was cut (time limit): the next state still has value. */
  truncated: boolean;
  info: Info;
}

export interface ResetOptions {
  seed?: number;
  options?: Record<string, unknown>;
}

export type EnvId =
  | 'CartPole-v1'
  | 'CartPoleContinuous-v0'
  | 'Acrobot-v1'
  | 'MountainCar-v0'
  | 'MountainCarContinuous-v0'
  | 'Pendulum-v1'
  | 'GridWorld'
  | 'Probe1'
  | 'Probe2'
  | 'Probe3'
  | 'Probe4'
  | 'Probe5';

export interface Env {
  readonly id: EnvId;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: Space;
  /** Internal physical state (float64 arithmetic, as in Gymnasium); readable and assignable. */
  state: number[];
  reset(opts?: ResetOptions): ResetResult;
  step(action: Action): StepResult;
}

/** Static facts about an env id: limits, thresholds, what "solved" means. */
export interface EnvSpec {
  readonly id: EnvId;
  /** Time limit applied by makeEnv (TimeLimit wrapper); null for none. */
  readonly maxEpisodeSteps: number | null;
  /** Mean-of-20 episodic return at which the env counts as solved (Gymnasium's reward_threshold where it has one). */
  readonly rewardThreshold: number;
  /** Whether one finished episode meets the env's solved condition (CartPole: length 500, MountainCar: reached the goal, …). */
  solved(episode: EpisodeStats): boolean;
  /** Bounds on a single step's reward, used by health checks (Q within [r_min/(1−γ), r_max/(1−γ)]). */
  readonly rewardRange: readonly [number, number];
  readonly continuous: boolean;
}

/** One finished episode, as RecordEpisodeStatistics reports it. */
export interface EpisodeStats {
  /** Index of the sub-env in a VectorEnv (0 for a single env). */
  envIndex: number;
  return: number;
  length: number;
  terminated: boolean;
  truncated: boolean;
  solved: boolean;
}

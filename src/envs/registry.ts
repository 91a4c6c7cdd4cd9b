// gym.make for the playground: ids, static specs (time limit, solved condition, reward bounds)
// and makeEnv, which wraps each env in its TimeLimit.

import { FrameSkip, type SkipReward } from './frame-skip.ts';
import { Acrobot } from './acrobot.ts';
import { CartPole } from './cartpole.ts';
import { CartPoleContinuous } from './cartpole-continuous.ts';
import type { FastEnv } from './core.ts';
import { GridWorld, type GridWorldOptions } from './grid-world.ts';
import { MountainCar } from './mountain-car.ts';
import { MountainCarContinuous } from './mountain-car-continuous.ts';
import { PENDULUM_MAX_COST, Pendulum } from './pendulum.ts';
import { PROBE_TARGETS, ProbeEnv, type ProbeId } from './probes.ts';
import { TimeLimit } from './time-limit.ts';
import type { EnvId, EnvSpec, EpisodeStats } from './types.ts';

export const ENV_IDS: readonly EnvId[] = [
  'CartPole-v1',
  'Acrobot-v1',
  'MountainCar-v0',
  'MountainCarContinuous-v0',
  'Pendulum-v1',
  'CartPoleContinuous-v0',
  'GridWorld',
  'Probe1',
  'Probe2',
  'Probe3',
  'Probe4',
  'Probe5',
];

export function isEnvId(id: unknown): id is EnvId {
  return typeof id === 'string' && (ENV_IDS as readonly string[]).includes(id);
}

function spec(
  id: EnvId,
  maxEpisodeSteps: number | null,
  rewardThreshold: number,
  rewardRange: readonly [number, number],
  continuous: boolean,
  solved: (episode: EpisodeStats) => boolean,
): EnvSpec {
  return Object.freeze({ id, maxEpisodeSteps, rewardThreshold, rewardRange, continuous, solved });
}

const probeSpec = (id: ProbeId, rewardThreshold: number, rewardRange: readonly [number, number]): EnvSpec =>
  spec(id, null, rewardThreshold, rewardRange, false, (ep) =>
    // Solved when the episode earned the optimum; Probe2's single action is always optimal.
    id === 'Probe2' ? Math.abs(ep.return) === 1 : ep.return === PROBE_TARGETS[id].optimalReturn(0),
  );

/** Time limits and reward thresholds from Gymnasium's registration (gymnasium/envs/__init__.py). */
const SPECS: Readonly<Record<EnvId, EnvSpec>> = {
  // Solved: balanced for the whole 500 steps.
  'CartPole-v1': spec('CartPole-v1', 500, 475, [1, 1], false, (ep) => ep.length >= 500),
  // Solved: swung the end above the bar before the limit.
  'Acrobot-v1': spec('Acrobot-v1', 500, -100, [-1, 0], false, (ep) => ep.terminated),
  // Solved: reached the flag.
  'MountainCar-v0': spec('MountainCar-v0', 200, -110, [-1, -1], false, (ep) => ep.terminated),
  // Reward bounds for actions inside the action space [−1, 1]: −0.1·a² per step, +100 at the goal.
  'MountainCarContinuous-v0': spec('MountainCarContinuous-v0', 999, 90, [-0.1, 100], true, (ep) => ep.terminated),
  // Gymnasium registers no threshold for Pendulum; −200 is the customary "solved" return.
  'Pendulum-v1': spec('Pendulum-v1', 200, -200, [-PENDULUM_MAX_COST, 0], true, (ep) => ep.return >= -200),
  // mbrl-lib's PETS trial length; 195 of 200 as CartPole-v0's threshold. Solved: balanced all 200 steps.
  'CartPoleContinuous-v0': spec('CartPoleContinuous-v0', 200, 195, [1, 1], true, (ep) => ep.length >= 200),
  // The default layout's optimum is 0.93 (8 steps); solved: reached a goal (the only positive return).
  GridWorld: spec('GridWorld', 100, 0.9, [-1, 1], false, (ep) => ep.terminated && ep.return > 0),
  // Probes end by termination in one or two steps: no time limit.
  Probe1: probeSpec('Probe1', 1, [1, 1]),
  Probe2: probeSpec('Probe2', 0, [-1, 1]),
  Probe3: probeSpec('Probe3', 1, [0, 1]),
  Probe4: probeSpec('Probe4', 1, [-1, 1]),
  Probe5: probeSpec('Probe5', 1, [-1, 1]),
};

function unknownId(id: unknown): Error {
  return new Error(`Unknown env id '${String(id)}'; valid ids: ${ENV_IDS.join(', ')}`);
}

export function envSpec(id: EnvId): EnvSpec {
  if (!isEnvId(id)) throw unknownId(id);
  return SPECS[id];
}

export interface MakeEnvOptions extends GridWorldOptions {
  /** Override the spec's time limit (null: no TimeLimit wrapper), like gym.make(max_episode_steps=…). */
  maxEpisodeSteps?: number | null;
  /** Pendulum-v1 gravity (default 10). */
  g?: number;
  /** Action repeat outside the time limit (Gymnasium AtariPreprocessing frame_skip); 1 or absent: none. */
  frameSkip?: number;
  /** What a frame-skipped step returns: the frames' rewards summed (default) or only the last one. */
  frameSkipReward?: SkipReward;
}

/** Option keys each env accepts besides maxEpisodeSteps. */
const ENV_OPTION_KEYS: Partial<Record<EnvId, readonly string[]>> = {
  GridWorld: ['layout', 'slip'],
  'Pendulum-v1': ['g'],
};

/** Builds the env without its time limit. */
function makeUnwrapped(id: EnvId, options: MakeEnvOptions): FastEnv {
  switch (id) {
    case 'CartPole-v1':
      return new CartPole();
    case 'Acrobot-v1':
      return new Acrobot();
    case 'MountainCar-v0':
      return new MountainCar();
    case 'MountainCarContinuous-v0':
      return new MountainCarContinuous();
    case 'Pendulum-v1':
      return new Pendulum({ g: options.g });
    case 'CartPoleContinuous-v0':
      return new CartPoleContinuous();
    case 'GridWorld':
      return new GridWorld({ layout: options.layout, slip: options.slip });
    case 'Probe1':
    case 'Probe2':
    case 'Probe3':
    case 'Probe4':
    case 'Probe5':
      return new ProbeEnv(id);
  }
}

/**
 * gym.make(id): the env wrapped in its TimeLimit (none for the probes). Options: maxEpisodeSteps
 * for any env; frameSkip / frameSkipReward for any env (FrameSkip outside the time limit, whose
 * steps stay frames); GridWorld {layout, slip}; Pendulum-v1 {g}. Unknown ids and options throw.
 */
export function makeEnv(id: EnvId, options: MakeEnvOptions = {}): FastEnv {
  if (!isEnvId(id)) throw unknownId(id);
  const allowed = ['maxEpisodeSteps', 'frameSkip', 'frameSkipReward', ...(ENV_OPTION_KEYS[id] ?? [])];
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new Error(`${id}: unknown option '${key}'; allowed: ${allowed.join(', ')}`);
    }
  }
  const env = makeUnwrapped(id, options);
  const limit = options.maxEpisodeSteps === undefined ? SPECS[id].maxEpisodeSteps : options.maxEpisodeSteps;
  const limited = limit === null ? env : new TimeLimit(env, limit);
  const skip = options.frameSkip ?? 1;
  return skip === 1 ? limited : new FrameSkip(limited, skip, options.frameSkipReward ?? 'sum');
}

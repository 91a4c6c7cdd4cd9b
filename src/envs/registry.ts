// gym.make for the playground, part one: ids and static specs (time limit, solved condition, reward bounds).
// makeEnv, which builds each env in its TimeLimit, is in make-env.ts (the page loads the env classes only to draw).

import { PENDULUM_MAX_COST } from './pendulum-limits.ts';
import { PROBE_TARGETS, type ProbeId } from './probe-targets.ts';
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

export function unknownId(id: unknown): Error {
  return new Error(`Unknown env id '${String(id)}'; valid ids: ${ENV_IDS.join(', ')}`);
}

export function envSpec(id: EnvId): EnvSpec {
  if (!isEnvId(id)) throw unknownId(id);
  return SPECS[id];
}

// gym.make: builds an env by id with its TimeLimit (and FrameSkip). Apart from registry.ts (ids and specs,
// plain data) so that the page, which needs the specs at once, loads the env classes only when it draws one.

import { FrameSkip, type SkipReward } from './frame-skip.ts';
import { Acrobot } from './acrobot.ts';
import { CartPole } from './cartpole.ts';
import { CartPoleContinuous } from './cartpole-continuous.ts';
import type { FastEnv } from './core.ts';
import { GridWorld, type GridWorldOptions } from './grid-world.ts';
import { MountainCar } from './mountain-car.ts';
import { MountainCarContinuous } from './mountain-car-continuous.ts';
import { Pendulum } from './pendulum.ts';
import { ProbeEnv } from './probes.ts';
import { envSpec, isEnvId, unknownId } from './registry.ts';
import { TimeLimit } from './time-limit.ts';
import type { EnvId } from './types.ts';

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
  const limit = options.maxEpisodeSteps === undefined ? envSpec(id).maxEpisodeSteps : options.maxEpisodeSteps;
  const limited = limit === null ? env : new TimeLimit(env, limit);
  const skip = options.frameSkip ?? 1;
  return skip === 1 ? limited : new FrameSkip(limited, skip, options.frameSkipReward ?? 'sum');
}

// Public API of the environments: Gymnasium's contract in TypeScript (see ARCHITECTURE.md).

export type * from './types.ts';
export { ENV_IDS, envSpec, isEnvId } from './registry.ts';
export { makeEnv, type MakeEnvOptions } from './make-env.ts';
export { VectorEnv, type VectorStepResult } from './vector-env.ts';
export { TimeLimit } from './time-limit.ts';
export type { FastEnv } from './core.ts';
export { makeRng, makeFastRng, Pcg64, Xoshiro128, type Rng } from './rng.ts';
export { CartPole } from './cartpole.ts';
export { Acrobot } from './acrobot.ts';
export { MountainCar } from './mountain-car.ts';
export { MountainCarContinuous } from './mountain-car-continuous.ts';
export { Pendulum } from './pendulum.ts';
export { GridWorld, DEFAULT_GRID_LAYOUT, GRID_ACTIONS, type GridWorldOptions } from './grid-world.ts';
export { ProbeEnv, PROBE_IDS, PROBE_TARGETS, type ProbeId, type ProbeTarget } from './probes.ts';

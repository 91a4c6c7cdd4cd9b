// The one entry point the worker and the CLI use: build the agent a RunConfig names, and pick the
// tfjs backend for its networks. Each algorithm lives in its own file; add a case per agent.

import type { RunConfig } from '../config/run-config.ts';
import { resolveA2cConfig, resolveDqnConfig, resolvePpoConfig, resolveVpgConfig } from '../config/resolve.ts';
import { envSpec } from '../envs/registry.ts';
import { makeEnv } from '../envs/registry.ts';
import { setupBackend, setupNodeBackend, type BackendInfo, type NetworkShape } from './backend.ts';
import { DqnAgent } from './dqn.ts';
import { PpoAgent } from './ppo.ts';
import { RandomAgent } from './random.ts';
import { A2cAgent } from './a2c.ts';
import { VpgAgent } from './vpg.ts';
import type { Agent, AgentContext } from './types.ts';

export type { Agent, AgentContext } from './types.ts';
export type { BackendInfo } from './backend.ts';

/** Build the agent for `config` (validated: throws one Error listing every problem). */
export function createAgent(config: RunConfig, ctx: AgentContext): Agent {
  switch (config.agent) {
    case 'ppo':
      return new PpoAgent({ ...ctx, config });
    case 'random':
      return new RandomAgent({ ...ctx, config });
    case 'dqn':
      return new DqnAgent({ ...ctx, config });
    case 'vpg':
      return new VpgAgent({ ...ctx, config });
    case 'a2c':
      return new A2cAgent({ ...ctx, config });
    default:
      throw new Error(`agent '${config.agent}' is not implemented yet`);
  }
}

/** The networks `auto` should time for this run (a 64-64 actor-critic for agents without networks). */
export function networkShape(config: RunConfig): NetworkShape {
  const env = makeEnv(config.env);
  const space = env.actionSpace;
  const actions = space.kind === 'discrete' ? space.n : space.shape[0];
  if (config.agent === 'ppo') {
    const c = resolvePpoConfig(config);
    return {
      inputSize: env.obsDim,
      outputSizes: [actions, 1],
      hiddenSizes: c.hiddenSizes,
      activation: c.activation,
      minibatchSize: (c.numEnvs * c.numSteps) / c.numMinibatches,
    };
  }
  if (config.agent === 'dqn') {
    const c = resolveDqnConfig(config);
    return { inputSize: env.obsDim, outputSizes: [actions], hiddenSizes: c.hiddenSizes, activation: c.activation, minibatchSize: c.batchSize };
  }
  if (config.agent === 'vpg') {
    // The whole batch is one policy step; the value net trains on the same batch.
    const c = resolveVpgConfig(config);
    return { inputSize: env.obsDim, outputSizes: c.baseline ? [actions, 1] : [actions], hiddenSizes: c.hiddenSizes, activation: c.activation, minibatchSize: c.batchSteps };
  }
  if (config.agent === 'a2c') {
    const c = resolveA2cConfig(config);
    return { inputSize: env.obsDim, outputSizes: [actions, 1], hiddenSizes: c.hiddenSizes, activation: c.activation, minibatchSize: c.numEnvs * c.numSteps };
  }
  return { inputSize: env.obsDim, outputSizes: [actions, 1], hiddenSizes: [64, 64], activation: 'tanh', minibatchSize: 128 };
}

/** Browser-agnostic backend selection for a run (the worker passes its candidate list; see backend-browser.ts). */
export function setupBackendFor(config: RunConfig, candidates?: readonly string[]): Promise<BackendInfo> {
  return setupBackend(config.backend, networkShape(config), candidates);
}

/** Node (CLI, tests): `default` = wasm if it initialises, else cpu; `auto` times wasm and cpu. */
export function setupNodeBackendFor(config: RunConfig, choice: RunConfig['backend'] | 'default'): Promise<BackendInfo> {
  return setupNodeBackend(choice, networkShape(config));
}

/** Mean-of-20 threshold of the run's env (for steps_to_solve). */
export function rewardThreshold(config: RunConfig): number {
  return envSpec(config.env).rewardThreshold;
}

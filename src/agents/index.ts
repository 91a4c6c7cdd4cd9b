// The one entry point the worker and the CLI use: build the agent a RunConfig names, and pick the
// tfjs backend for its networks. Each algorithm lives in its own file; add a row per agent to AGENTS.

import type { AgentId, RunConfig } from '../config/run-config.ts';
import { resolveSettings, type AgentConfigOf, type AgentSettings } from '../config/resolve.ts';
import { envSpec } from '../envs/registry.ts';
import { makeEnv } from '../envs/make-env.ts';
import { setupBackend, setupNodeBackend, type BackendInfo, type NetworkShape } from './backend.ts';
import { DqnAgent } from './dqn.ts';
import { MbrlAgent } from './mbrl.ts';
import { PpoAgent } from './ppo.ts';
import { RandomAgent } from './random.ts';
import { A2cAgent } from './a2c.ts';
import { VpgAgent } from './vpg.ts';
import type { Agent, AgentContext } from './types.ts';

export type { Agent, AgentContext } from './types.ts';
export type { BackendInfo } from './backend.ts';

/** The class of each agent, built from its resolved config. */
const AGENTS: { [A in AgentId]: new (ctx: AgentContext, values: AgentConfigOf[A]) => Agent } = {
  ppo: PpoAgent,
  random: RandomAgent,
  dqn: DqnAgent,
  vpg: VpgAgent,
  a2c: A2cAgent,
  mbrl: MbrlAgent,
};

function build<A extends AgentId>(agent: A, values: AgentConfigOf[A], ctx: AgentContext): Agent {
  return new AGENTS[agent](ctx, values);
}

/** Build the agent for a run from its settings, resolved once (resolveSettings; createRun does it). */
export function createAgent(settings: AgentSettings, ctx: AgentContext): Agent {
  return build(settings.agent, settings.values, ctx);
}

/** The networks `auto` should time for this run (a 64-64 actor-critic for agents without networks). */
export function networkShape(config: RunConfig, settings: AgentSettings = resolveSettings(config)): NetworkShape {
  const env = makeEnv(config.env);
  const space = env.actionSpace;
  const actions = space.kind === 'discrete' ? space.n : space.shape[0];
  const inputSize = env.obsDim;
  switch (settings.agent) {
    case 'ppo': {
      const c = settings.values;
      return { inputSize, outputSizes: [actions, 1], hiddenSizes: c.hiddenSizes, activation: c.activation, minibatchSize: (c.numEnvs * c.numSteps) / c.numMinibatches };
    }
    case 'dqn': {
      const c = settings.values;
      return { inputSize, outputSizes: [actions], hiddenSizes: c.hiddenSizes, activation: c.activation, minibatchSize: c.batchSize };
    }
    case 'vpg': {
      // The whole batch is one policy step; the value net trains on the same batch.
      const c = settings.values;
      return { inputSize, outputSizes: c.baseline ? [actions, 1] : [actions], hiddenSizes: c.hiddenSizes, activation: c.activation, minibatchSize: c.batchSteps };
    }
    case 'a2c': {
      const c = settings.values;
      return { inputSize, outputSizes: [actions, 1], hiddenSizes: c.hiddenSizes, activation: c.activation, minibatchSize: c.numEnvs * c.numSteps };
    }
    case 'random':
      return { inputSize, outputSizes: [actions, 1], hiddenSizes: [64, 64], activation: 'tanh', minibatchSize: 128 };
    case 'mbrl': {
      // K dynamics members trained together, input (state features, action) → Δs (and its log-variance); SiLU timed as ReLU.
      const c = settings.values;
      const out = (c.modelLoss === 'gaussian_nll' ? 2 : 1) * inputSize;
      return { inputSize: inputSize + actions, outputSizes: Array.from({ length: c.ensembleSize }, () => out), hiddenSizes: c.hiddenSizes, activation: c.activation === 'tanh' ? 'tanh' : 'relu', minibatchSize: c.batchSize };
    }
  }
}

/** Browser-agnostic backend selection for a run (the worker passes its candidate list; see backend-browser.ts). */
export function setupBackendFor(config: RunConfig, candidates?: readonly string[], settings?: AgentSettings): Promise<BackendInfo> {
  return setupBackend(config.backend, networkShape(config, settings), candidates);
}

/** Node (CLI, tests): `default` = wasm if it initialises, else cpu; `auto` times wasm and cpu. */
export function setupNodeBackendFor(config: RunConfig, choice: RunConfig['backend'] | 'default', settings?: AgentSettings): Promise<BackendInfo> {
  return setupNodeBackend(choice, networkShape(config, settings));
}

/** Mean-of-20 threshold of the run's env (for steps_to_solve). */
export function rewardThreshold(config: RunConfig): number {
  return envSpec(config.env).rewardThreshold;
}

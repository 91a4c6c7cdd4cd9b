// What defines a run. It round-trips through the URL hash and the CLI flags.

import type { EnvId } from '../envs/types.ts';

export type AgentId = 'random' | 'ppo' | 'dqn' | 'vpg' | 'a2c' | 'mbrl';
export const AGENT_IDS: readonly AgentId[] = ['random', 'ppo', 'dqn', 'vpg', 'a2c', 'mbrl'];

export type BackendChoice = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

/** A hyperparameter override: int lists (layer sizes) are written "64,64"; null switches an optional setting off. */
export type { HyperValue } from './schema.ts';
import type { HyperValue } from './schema.ts';

export interface RunConfig {
  env: EnvId;
  agent: AgentId;
  /** Named hyperparameter preset ('playground' = the healthy teaching baseline, 'cleanrl', 'zoo'). */
  preset: string;
  seed: number;
  backend: BackendChoice;
  /** Overrides on top of the preset, keyed by the agent config's field names. */
  overrides: Record<string, HyperValue>;
  /** Bug ids from src/bugs/catalog.ts switched on for this run. */
  bugs: string[];
  /** Stop after this many env steps (null: run until paused). */
  totalSteps: number | null;
}

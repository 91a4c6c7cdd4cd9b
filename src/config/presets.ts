// The agents that have a config: each one's schema and presets (declared beside its schema, in
// <agent>-config.ts). A run's agent config = schema defaults ← preset values for the env ← the run's overrides.

import type { EnvId } from '../envs/types.ts';
import { A2C_FIELDS, A2C_PRESETS } from './a2c-config.ts';
import { DQN_FIELDS, DQN_PRESETS } from './dqn-config.ts';
import { MBRL_FIELDS, MBRL_PRESETS } from './mbrl-config.ts';
import { PPO_FIELDS, PPO_PRESETS } from './ppo-config.ts';
import { RANDOM_FIELDS, RANDOM_PRESETS } from './random-config.ts';
import type { AgentId } from './run-config.ts';
import type { FieldSchema, Preset } from './schema.ts';
import { VPG_FIELDS, VPG_PRESETS } from './vpg-config.ts';

export type { Preset, PresetSource } from './schema.ts';

export interface AgentConfigSpec {
  agent: AgentId;
  fields: readonly FieldSchema[];
  presets: readonly Preset[];
}

export const DEFAULT_PRESET = 'playground';

/** Config schemas and presets of the agents that exist. Other agents add their entry here. */
export const AGENT_CONFIGS: Partial<Record<AgentId, AgentConfigSpec>> = {
  ppo: { agent: 'ppo', fields: PPO_FIELDS, presets: PPO_PRESETS },
  random: { agent: 'random', fields: RANDOM_FIELDS, presets: RANDOM_PRESETS },
  vpg: { agent: 'vpg', fields: VPG_FIELDS, presets: VPG_PRESETS },
  a2c: { agent: 'a2c', fields: A2C_FIELDS, presets: A2C_PRESETS },
  dqn: { agent: 'dqn', fields: DQN_FIELDS, presets: DQN_PRESETS },
  mbrl: { agent: 'mbrl', fields: MBRL_FIELDS, presets: MBRL_PRESETS },
};

export function agentConfigSpec(agent: AgentId): AgentConfigSpec | undefined {
  return AGENT_CONFIGS[agent];
}

/** Preset ids that have values for this agent and env. */
export function presetsFor(agent: AgentId, env: EnvId): string[] {
  return (AGENT_CONFIGS[agent]?.presets ?? []).filter((p) => p.values(env) !== null).map((p) => p.id);
}

// From a RunConfig to the agent's typed config, and the checks that turn bad input (URL, CLI, UI)
// into clear messages instead of a broken run.

import { ENV_IDS, envSpec } from '../envs/registry.ts';
import type { EnvId } from '../envs/types.ts';
import { bugUnavailable, bugsOf, describeRequirement, findBug, unmetRequirements } from '../bugs/catalog.ts';
import type { A2cConfig } from './a2c-config.ts';
import { checkDqnRun, type DqnConfig } from './dqn-config.ts';
import type { MbrlConfig } from './mbrl-config.ts';
import type { PpoConfig } from './ppo-config.ts';
import { AGENT_CONFIGS, presetsFor } from './presets.ts';
import type { RandomConfig } from './random-config.ts';
import { AGENT_IDS, BACKEND_CHOICES, type AgentId, type RunConfig } from './run-config.ts';
import { checkValue, defaultsOf, fromHyperValue, type FieldValue } from './schema.ts';
import type { VpgConfig } from './vpg-config.ts';

/** Each agent's config type (derived from its schema). */
export interface AgentConfigOf {
  random: RandomConfig;
  ppo: PpoConfig;
  dqn: DqnConfig;
  vpg: VpgConfig;
  a2c: A2cConfig;
  mbrl: MbrlConfig;
}

/** A run's resolved agent settings, tagged with the agent so a switch narrows `values` to its config type. */
export type AgentSettings = { [A in AgentId]: { agent: A; values: AgentConfigOf[A] } }[AgentId];

/** Every problem with a run config, one message each; empty when it is valid. */
export function validateRunConfig(run: RunConfig): string[] {
  const errors: string[] = [];
  if (!ENV_IDS.includes(run.env)) errors.push(`unknown env '${run.env}' (known: ${ENV_IDS.join(', ')})`);
  if (!AGENT_IDS.includes(run.agent)) errors.push(`unknown agent '${run.agent}' (known: ${AGENT_IDS.join(', ')})`);
  if (!BACKEND_CHOICES.includes(run.backend)) errors.push(`unknown backend '${run.backend}' (known: ${BACKEND_CHOICES.join(', ')})`);
  if (!Number.isSafeInteger(run.seed) || run.seed < 0) errors.push(`seed must be a non-negative integer, got ${run.seed}`);
  if (run.totalSteps !== null && (!Number.isSafeInteger(run.totalSteps) || run.totalSteps < 1))
    errors.push(`total steps must be a positive integer or null, got ${run.totalSteps}`);
  if (errors.length > 0) return errors;

  const spec = AGENT_CONFIGS[run.agent];
  if (spec === undefined) return [`agent '${run.agent}' is not implemented yet`];
  if (run.agent === 'dqn' && checkDqnRun(run.env).length > 0) return checkDqnRun(run.env);
  const available = presetsFor(run.agent, run.env);
  if (!available.includes(run.preset)) {
    const exists = spec.presets.some((p) => p.id === run.preset);
    errors.push(
      exists
        ? `preset '${run.preset}' has no values for ${run.env} (available for this env: ${available.join(', ') || 'none'})`
        : `unknown preset '${run.preset}' for ${run.agent} (known: ${spec.presets.map((p) => p.id).join(', ')})`,
    );
  }
  for (const [key, value] of Object.entries(run.overrides)) {
    const field = spec.fields.find((f) => f.key === key);
    if (field === undefined) {
      errors.push(`unknown ${run.agent} setting '${key}' (known: ${spec.fields.map((f) => f.key).join(', ')})`);
      continue;
    }
    const err = checkValue(field, value);
    if (err !== null) errors.push(err);
  }
  const validBugs = bugsOf(run.agent);
  for (const bug of run.bugs) {
    if (!validBugs.includes(bug))
      errors.push(`unknown bug '${bug}' for ${run.agent} (valid: ${validBugs.length > 0 ? validBugs.join(', ') : 'none yet'})`);
  }
  if (errors.length > 0) return errors;
  const fields = resolveFields(run);
  const continuous = envSpec(run.env).continuous;
  for (const id of run.bugs) {
    const bug = findBug(id);
    if (bug === undefined) continue;
    const unavailable = bugUnavailable(bug, run.agent, continuous);
    if (unavailable !== null) {
      errors.push(`bug '${id}' cannot run on ${run.env}: ${unavailable}`);
      continue;
    }
    for (const need of unmetRequirements(bug, fields))
      errors.push(`bug '${id}' needs ${describeRequirement(need)} (${need.why}); set ${need.field}=${String(need.set)}`);
  }
  if (run.agent === 'ppo') errors.push(...checkPpo(fields as unknown as PpoConfig));
  return errors;
}

function checkPpo(c: PpoConfig): string[] {
  const errors: string[] = [];
  const batch = c.numEnvs * c.numSteps;
  if (batch % c.numMinibatches !== 0)
    errors.push(`numEnvs × numSteps (= ${batch}) must be divisible by numMinibatches (${c.numMinibatches})`);
  else if (batch / c.numMinibatches < 2) errors.push(`minibatches of ${batch / c.numMinibatches} sample: need at least 2 (advantage std)`);
  return errors;
}

/** Schema defaults ← preset values for the env ← overrides, as plain field values (no validation). */
function resolveFields(run: RunConfig): Record<string, FieldValue> {
  const spec = AGENT_CONFIGS[run.agent];
  if (spec === undefined) throw new Error(`agent '${run.agent}' has no config schema`);
  const out = defaultsOf(spec.fields);
  const preset = spec.presets.find((p) => p.id === run.preset)?.values(run.env) ?? {};
  for (const [k, v] of Object.entries(preset)) out[k] = Array.isArray(v) ? [...v] : v;
  for (const [k, v] of Object.entries(run.overrides)) {
    const field = spec.fields.find((f) => f.key === k);
    if (field !== undefined) out[k] = fromHyperValue(field, v);
  }
  return out;
}

/**
 * The agent's config for this run (schema defaults ← preset ← overrides), resolved once per run by
 * createRun; throws one Error listing every problem if the run config is invalid.
 */
export function resolveConfig<A extends AgentId>(run: RunConfig & { agent: A }): AgentConfigOf[A] {
  const errors = validateRunConfig(run);
  if (errors.length > 0) throw new Error(`invalid run config:\n  ${errors.join('\n  ')}`);
  return resolveFields(run) as unknown as AgentConfigOf[A];
}

/** resolveConfig, tagged with the agent (see AgentSettings). */
export function resolveSettings(run: RunConfig): AgentSettings {
  return { agent: run.agent, values: resolveConfig(run) } as AgentSettings;
}

/** A run config with the usual defaults, for tests and scripts. */
export function makeRunConfig<A extends AgentId>(env: EnvId, agent: A, rest: Partial<Omit<RunConfig, 'agent'>> = {}): RunConfig & { agent: A } {
  return { env, agent, preset: 'playground', seed: 1, backend: 'auto', overrides: {}, bugs: [], totalSteps: null, ...rest };
}

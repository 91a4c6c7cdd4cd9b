// Pure edits of a RunConfig for the controls: switching env / agent / preset without leaving the
// config invalid, a hyperparameter's effective value (preset ← override), what still needs a restart,
// and turning a config read from a URL into one the worker accepts (with a message per fallback).

import { ENV_IDS } from '../../envs/registry.ts';
import type { EnvId } from '../../envs/types.ts';
import { bugsOf, describeRequirement, findBug, unmetRequirements } from '../../bugs/catalog.ts';
import { agentConfigSpec, DEFAULT_PRESET, presetsFor, type Preset } from '../../config/presets.ts';
import { resolveConfig, validateRunConfig } from '../../config/resolve.ts';
import { AGENT_IDS, type AgentId, type HyperValue, type RunConfig } from '../../config/run-config.ts';
import { checkValue, fromHyperValue, toHyperValue, type FieldSchema, type FieldValue } from '../../config/schema.ts';
import type { Notice } from '../i18n/notice-text.ts';

export function fieldsOf(agent: AgentId): readonly FieldSchema[] {
  return agentConfigSpec(agent)?.fields ?? [];
}

export function presetOf(config: RunConfig): Preset | undefined {
  return agentConfigSpec(config.agent)?.presets.find((p) => p.id === config.preset);
}

/** What a field is before any override: the schema default, or the preset's value for this env. */
export function baseValue(config: RunConfig, field: FieldSchema): FieldValue {
  const preset = presetOf(config)?.values(config.env) ?? {};
  return field.key in preset ? preset[field.key] : field.default;
}

/** The value the agent gets: the override if there is one, else the base value. */
export function effectiveValue(config: RunConfig, field: FieldSchema): FieldValue {
  const o = config.overrides[field.key];
  return o === undefined ? baseValue(config, field) : fromHyperValue(field, o);
}

export function sameValue(a: FieldValue, b: FieldValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/** Set (or, with `undefined` or the base value, remove) one override. */
export function withOverride(config: RunConfig, field: FieldSchema, value: HyperValue | undefined): RunConfig {
  const overrides = { ...config.overrides };
  if (value === undefined || sameValue(fromHyperValue(field, value), baseValue(config, field))) delete overrides[field.key];
  else overrides[field.key] = value;
  return { ...config, overrides };
}

/** The preset to keep for (agent, env): the current one if it has values there, else the default, else the first that has. */
function fittingPreset(agent: AgentId, env: EnvId, current: string): string {
  const ids = presetsFor(agent, env);
  if (ids.includes(current)) return current;
  return ids.includes(DEFAULT_PRESET) ? DEFAULT_PRESET : (ids[0] ?? DEFAULT_PRESET);
}

export interface Edit {
  config: RunConfig;
  /** What had to change besides the request, as catalogue messages (empty: nothing). */
  notes: Notice[];
}

export function switchEnv(config: RunConfig, env: EnvId): Edit {
  const preset = fittingPreset(config.agent, env, config.preset);
  const notes: Notice[] = preset !== config.preset ? [{ key: 'notice.presetNoValues', params: { preset: config.preset, env, fallback: preset } }] : [];
  return { config: { ...config, env, preset }, notes };
}

/** Another agent: its own preset and no overrides (settings do not carry over between algorithms); bugs it lacks are dropped. */
export function switchAgent(config: RunConfig, agent: AgentId): Edit {
  const preset = fittingPreset(agent, config.env, config.preset);
  const valid = bugsOf(agent);
  const bugs = config.bugs.filter((b) => valid.includes(b));
  const notes: Notice[] = [];
  const dropped = config.bugs.filter((b) => !valid.includes(b));
  if (dropped.length > 0) notes.push({ key: 'notice.bugsNotInAgent', params: { agent, bugs: dropped.join(', ') } });
  return { config: { ...config, agent, preset, overrides: {}, bugs }, notes };
}

/** Why `agent` cannot run on `env` (e.g. DQN on continuous actions), or null. */
export function agentUnavailable(agent: AgentId, env: EnvId): string | null {
  if (agentConfigSpec(agent) === undefined) return 'not implemented yet';
  const problems = validateRunConfig({ env, agent, preset: fittingPreset(agent, env, DEFAULT_PRESET), seed: 1, backend: 'auto', overrides: {}, bugs: [], totalSteps: null });
  return problems[0] ?? null;
}

/** Fields whose effective value differs between what runs and what is set up, plus 'steps' for the budget. */
export function changedKeys(applied: RunConfig, desired: RunConfig): string[] {
  const out: string[] = [];
  for (const k of ['env', 'agent', 'preset', 'seed', 'backend'] as const) if (applied[k] !== desired[k]) out.push(k);
  if (applied.bugs.join(',') !== desired.bugs.join(',')) out.push('bugs');
  if (applied.totalSteps !== desired.totalSteps) out.push('steps');
  if (applied.agent !== desired.agent) return out;
  for (const f of fieldsOf(desired.agent)) if (!sameValue(effectiveValue(applied, f), effectiveValue(desired, f))) out.push(f.key);
  return out;
}

/**
 * A config from a URL made safe to run: anything the worker would reject falls back (agent, preset,
 * overrides, bugs), one message each. Env, seed, backend and steps are already checked by parseHash.
 */
export function sanitizeConfig(input: RunConfig): Edit {
  const notes: Notice[] = [];
  let config: RunConfig = { ...input, overrides: { ...input.overrides }, bugs: [...input.bugs] };
  if (!ENV_IDS.includes(config.env)) {
    notes.push({ key: 'notice.unknownEnv', params: { env: shown(config.env) } });
    config.env = 'CartPole-v1';
  }
  if (!AGENT_IDS.includes(config.agent) || agentUnavailable(config.agent, config.env) !== null) {
    const why = AGENT_IDS.includes(config.agent) ? agentUnavailable(config.agent, config.env) : 'unknown';
    notes.push({ key: 'notice.agentCannotRun', params: { agent: shown(config.agent), why: why ?? '' } });
    config = { ...config, agent: 'random', overrides: {} };
  }
  const preset = fittingPreset(config.agent, config.env, config.preset);
  if (preset !== config.preset) {
    notes.push({ key: 'notice.presetMissing', params: { preset: shown(config.preset), agent: config.agent, env: config.env, fallback: preset } });
    config.preset = preset;
  }
  const fields = fieldsOf(config.agent);
  for (const [key, value] of Object.entries(config.overrides)) {
    const field = fields.find((f) => f.key === key);
    const problem = field === undefined ? null : checkValue(field, value);
    if (field === undefined) notes.push({ key: 'notice.noSuchSetting', params: { key: shown(key), value: shown(value), agent: config.agent } });
    else if (problem !== null) notes.push({ key: 'notice.badSettingValue', params: { key: shown(key), value: shown(value), problem } });
    if (field === undefined || problem !== null) {
      delete config.overrides[key];
    }
  }
  const valid = bugsOf(config.agent);
  for (const b of config.bugs.filter((x) => !valid.includes(x))) notes.push({ key: 'notice.unknownBugFor', params: { bug: shown(b), agent: config.agent } });
  config.bugs = config.bugs.filter((x) => valid.includes(x));
  // Combinations of valid values can still be invalid (PPO's batch must split into minibatches).
  // A bug that needs a setting (activation = relu, a frame skip) brings it along, as switching it on in the panel does.
  addRequirements(config, notes);
  const rest = validateRunConfig(config);
  if (rest.length > 0) {
    notes.push({ key: 'notice.misfit', params: { problems: shown(rest.join('; '), 200) } });
    config.overrides = {};
    addRequirements(config, []);
    const still = validateRunConfig(config);
    if (still.length > 0) {
      notes.push({ key: 'notice.bugsCannotRun', params: { problems: shown(still.join('; '), 200) } });
      config.bugs = [];
      config.overrides = {};
    }
  }
  return { config, notes };
}

/** Set what each bug of `config` needs and the resolved config lacks, one note each. */
function addRequirements(config: RunConfig, notes: Notice[]): void {
  let values: Record<string, unknown>;
  try {
    values = resolveConfig({ ...config, bugs: [] }) as Record<string, unknown>;
  } catch {
    return; // the settings themselves do not fit: the caller falls back
  }
  for (const id of config.bugs) {
    const bug = findBug(id);
    for (const need of bug ? unmetRequirements(bug, values) : []) {
      config.overrides[need.field] = need.set;
      notes.push({ key: 'notice.bugNeeds', params: { bug: id, requirement: describeRequirement(need), field: need.field, value: String(need.set) } });
    }
  }
}

/** A value from a link or a file, quoted in a note: never more than 60 characters, never a throw (objects without toString). */
function shown(value: unknown, max = 60): string {
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? typeof value);
  return s.length > max ? `${s.slice(0, max - 3)}…` : s;
}

/** Override form of an effective value (for setHyper and the URL). */
export function hyperValueOf(field: FieldSchema, value: FieldValue): HyperValue {
  return toHyperValue(field, value);
}

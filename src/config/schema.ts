// One typed schema per agent: `defineConfig({ learningRate: float({ default: 2.5e-4, … }), … })`
// declares each hyperparameter once (type, bounds, default, nullability, list-ness, whether it can
// change mid-run, doc). The agent's config type is derived from it (`ConfigOf<typeof PPO>`), and the
// URL's `set.*`, the CLI's `--set`, the panel and validation all read the same field rows.

import type { EnvId } from '../envs/types.ts';

/** A hyperparameter override as URLs, the CLI and the panel carry it: int lists as "64,64"; null = off. */
export type HyperValue = number | boolean | string | null;

interface FieldBase {
  /** The config field's name (camelCase, as in the agent's config type and in `--set`). */
  readonly key: string;
  /** One-paragraph help text: what it does and where the default comes from. */
  readonly doc: string;
  /** The agent reads it afresh at every update, so it can change mid-run; otherwise a change needs a restart. */
  readonly live: boolean;
  /** Panel section, e.g. 'Rollout', 'Optimiser', 'Network'. */
  readonly group: string;
  /** `null` is a valid value (e.g. target_kl = None, "off"). */
  readonly nullable?: boolean;
}

export interface IntField extends FieldBase {
  readonly type: 'int';
  readonly default: number | null;
  readonly min: number;
  readonly max: number;
}

export interface FloatField extends FieldBase {
  readonly type: 'float';
  readonly default: number | null;
  readonly min: number;
  readonly max: number;
  /** Values span decades: offer a log slider. */
  readonly log?: boolean;
}

export interface BoolField extends FieldBase {
  readonly type: 'bool';
  readonly default: boolean;
}

export interface EnumField extends FieldBase {
  readonly type: 'enum';
  readonly default: string;
  readonly options: readonly string[];
}

/** A list of integers (layer sizes), written "64,64" in URLs, overrides and the CLI. */
export interface IntListField extends FieldBase {
  readonly type: 'intList';
  readonly default: readonly number[];
  /** Bounds on each element. */
  readonly min: number;
  readonly max: number;
  readonly minLength: number;
  readonly maxLength: number;
}

export type FieldSchema = IntField | FloatField | BoolField | EnumField | IntListField;

/** A config value as the agent sees it (int lists as arrays). */
export type FieldValue = number | boolean | string | null | readonly number[];

// ── Declaring a schema ────────────────────────────────────────────────────────────────────────

/** A field row before defineConfig gives it its key; `V` is the value type the agent's config gets. */
export type FieldSpec<F extends FieldSchema, V> = Omit<F, 'key' | 'live'> & { readonly live: boolean; readonly __value?: V };

type Described = { doc: string; group: string; live?: boolean };
type Bounded = Described & { min: number; max: number };

export function int(o: Bounded & { default: number; nullable?: false }): FieldSpec<IntField, number>;
export function int(o: Bounded & { default: number | null; nullable: true }): FieldSpec<IntField, number | null>;
export function int(o: Bounded & { default: number | null; nullable?: boolean }): FieldSpec<IntField, number | null> {
  return { type: 'int', ...o, live: o.live ?? false };
}

export function float(o: Bounded & { default: number; nullable?: false; log?: boolean }): FieldSpec<FloatField, number>;
export function float(o: Bounded & { default: number | null; nullable: true; log?: boolean }): FieldSpec<FloatField, number | null>;
export function float(o: Bounded & { default: number | null; nullable?: boolean; log?: boolean }): FieldSpec<FloatField, number | null> {
  return { type: 'float', ...o, live: o.live ?? false };
}

export function bool(o: Described & { default: boolean }): FieldSpec<BoolField, boolean> {
  return { type: 'bool', ...o, live: o.live ?? false };
}

export function choice<const O extends readonly string[]>(o: Described & { options: O; default: O[number] }): FieldSpec<EnumField, O[number]> {
  return { type: 'enum', ...o, live: o.live ?? false };
}

export function intList(o: Bounded & { default: readonly number[]; minLength: number; maxLength: number }): FieldSpec<IntListField, number[]> {
  return { type: 'intList', ...o, live: o.live ?? false };
}

type AnySpec = FieldSpec<FieldSchema, unknown>;

export interface ConfigSchema<S extends Record<string, AnySpec>> {
  readonly spec: S;
  /** The rows, in declaration order, each with its key. */
  readonly fields: readonly FieldSchema[];
  /** Keys the agent reads afresh at every update (`live: true`). */
  readonly liveKeys: readonly string[];
}

/** The config type a schema describes: one property per field, of the field's value type. */
export type ConfigOf<C> = C extends ConfigSchema<infer S> ? { -readonly [K in keyof S]: S[K] extends { readonly __value?: infer V } ? Exclude<V, undefined> : never } : never;

export function defineConfig<S extends Record<string, AnySpec>>(spec: S): ConfigSchema<S> {
  const fields = Object.entries(spec).map(([key, f]) => ({ key, ...f }) as FieldSchema);
  return { spec, fields, liveKeys: fields.filter((f) => f.live).map((f) => f.key) };
}

/** The schema's defaults as a fresh config object (lists copied). */
export function defaultsOf(fields: readonly FieldSchema[]): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const f of fields) out[f.key] = f.type === 'intList' ? [...f.default] : f.default;
  return out;
}

// ── Presets ──────────────────────────────────────────────────────────────────────────────────

export interface PresetSource {
  title: string;
  url: string;
}

/** The Stable-Baselines3 source file of an algorithm. */
export const sb3Url = (algo: 'a2c' | 'dqn' | 'ppo'): string => `https://github.com/DLR-RM/stable-baselines3/blob/master/stable_baselines3/${algo}/${algo}.py`;

/** rl-baselines3-zoo's hyperparams/<algo>.yml, whose entries override Stable-Baselines3's defaults for the algorithm. */
export function zooSource(algo: 'a2c' | 'dqn' | 'ppo'): PresetSource {
  return {
    title: `rl-baselines3-zoo hyperparams/${algo}.yml on Stable-Baselines3 ${algo.toUpperCase()} defaults (stable_baselines3/${algo}/${algo}.py)`,
    url: `https://github.com/DLR-RM/rl-baselines3-zoo/blob/master/hyperparams/${algo}.yml`,
  };
}

export interface Preset {
  id: string;
  label: string;
  /** One paragraph for the UI: what the preset is for. */
  doc: string;
  source: PresetSource;
  /** Values for this env on top of the schema defaults; null when the preset has no entry for the env. */
  values(env: EnvId): Readonly<Record<string, FieldValue>> | null;
}


// ── Values ────────────────────────────────────────────────────────────────────────────────────

/** Encode a field value as an override / URL value. */
export function toHyperValue(field: FieldSchema, value: FieldValue): HyperValue {
  if (field.type === 'intList') return (value as readonly number[]).join(',');
  return value as HyperValue;
}

/** Quote what was given in a message: JSON (so control characters and quotes stay visible), at most 60 characters. */
function quote(value: unknown): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 56)}…${s.slice(-1)}` : s;
}

/** Typed text in a message, at most 60 characters (a 1 MB paste must not become a 1 MB message). */
function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Check one value against its field; returns an error message or null. Accepts int lists as arrays or "64,64". */
export function checkValue(field: FieldSchema, value: unknown): string | null {
  const where = `'${field.key}'`;
  if (value === null) return field.nullable ? null : `${where} cannot be null`;
  switch (field.type) {
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${where} must be a finite number, got ${quote(value)}`;
      if (field.type === 'int' && !Number.isInteger(value)) return `${where} must be an integer, got ${value}`;
      if (value < field.min || value > field.max) return `${where} must be in [${field.min}, ${field.max}], got ${value}`;
      return null;
    }
    case 'bool':
      return typeof value === 'boolean' ? null : `${where} must be true or false, got ${quote(value)}`;
    case 'enum':
      return typeof value === 'string' && field.options.includes(value)
        ? null
        : `${where} must be one of ${field.options.join(', ')}, got ${quote(value)}`;
    case 'intList': {
      const list = typeof value === 'string' ? parseIntList(value) : Array.isArray(value) ? value : null;
      if (list === null || list.some((v) => typeof v !== 'number' || !Number.isInteger(v)))
        return `${where} must be a comma-separated list of integers like "64,64", got ${quote(value)}`;
      if (list.length < field.minLength || list.length > field.maxLength)
        return `${where} must have ${field.minLength}–${field.maxLength} entries, got ${list.length}`;
      const bad = list.find((v) => v < field.min || v > field.max);
      if (bad !== undefined) return `${where} entries must be in [${field.min}, ${field.max}], got ${bad}`;
      return null;
    }
  }
}

function parseIntList(text: string): number[] | null {
  if (text.trim() === '') return [];
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((p) => !/^-?\d+$/.test(p))) return null;
  return parts.map(Number);
}

/** The value an override carries, as the agent's config holds it (int lists become arrays). Assumes checkValue passed. */
export function fromHyperValue(field: FieldSchema, value: HyperValue): FieldValue {
  if (field.type === 'intList' && typeof value === 'string') return parseIntList(value) ?? [];
  return value;
}

/** The text of a value in URLs and on the CLI: the inverse of parseField ("64,64", "null", "true"). */
export function formatField(field: FieldSchema, value: HyperValue | FieldValue): string {
  if (value === null) return 'null';
  if (field.type === 'intList' && Array.isArray(value)) return value.join(',');
  return String(value);
}

/**
 * Parse the text of a field value, the one parser behind the URL's `set.*`, the CLI's `--set` and the
 * panel: numbers, true/false, null / none, enum names, "64,64" lists. Returns the value or an error message.
 */
export function parseField(field: FieldSchema, text: string): { value: HyperValue } | { error: string } {
  const t = text.trim();
  if (field.nullable && (t === 'null' || t === 'none' || t === 'None')) return { value: null };
  let value: HyperValue;
  switch (field.type) {
    case 'int':
    case 'float': {
      const n = t === '' ? NaN : Number(t);
      if (!Number.isFinite(n)) return { error: `'${field.key}' expects a number${field.nullable ? ' or null' : ''}, got '${clip(text)}'` };
      value = n;
      break;
    }
    case 'bool':
      if (t === 'true' || t === '1') value = true;
      else if (t === 'false' || t === '0') value = false;
      else return { error: `'${field.key}' expects true or false, got '${clip(text)}'` };
      break;
    case 'enum':
      value = t;
      break;
    case 'intList':
      value = t;
      break;
  }
  const err = checkValue(field, value);
  return err === null ? { value } : { error: err };
}

/** One-line description of a field for usage text: "learningRate (float 0–1, default 0.00025, live)". */
export function describeField(field: FieldSchema): string {
  const def = field.type === 'intList' ? field.default.join(',') : String(field.default);
  let kind: string;
  switch (field.type) {
    case 'int':
    case 'float':
      kind = `${field.type} ${field.min}–${field.max}`;
      break;
    case 'enum':
      kind = field.options.join('|');
      break;
    case 'intList':
      kind = 'int list';
      break;
    default:
      kind = field.type;
  }
  return `${field.key} (${kind}${field.nullable ? ' or null' : ''}, default ${def}${field.live ? ', live' : ''})`;
}

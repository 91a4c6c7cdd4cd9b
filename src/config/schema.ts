// A declarative description of an agent's hyperparameters, for the UI's hyperparameter panel,
// the CLI's `--set key=value` and validation. One table per agent (see ppo-config.ts); the TS
// doc comment of each config field repeats the `doc` text here (a unit test keeps them in sync).

import type { HyperValue } from './run-config.ts';

interface FieldBase {
  /** The config field's name (camelCase, as in the agent's config type and in `--set`). */
  readonly key: string;
  /** One-paragraph help text: what it does and where the default comes from. */
  readonly doc: string;
  /** Changing it needs a fresh agent (buffers, networks or env count depend on it). */
  readonly restart: boolean;
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

/** Encode a field value as an override / URL value. */
export function toHyperValue(field: FieldSchema, value: FieldValue): HyperValue {
  if (field.type === 'intList') return (value as readonly number[]).join(',');
  return value as HyperValue;
}

/** Check one value against its field; returns an error message or null. Accepts int lists as arrays or "64,64". */
export function checkValue(field: FieldSchema, value: unknown): string | null {
  const where = `'${field.key}'`;
  if (value === null) return field.nullable ? null : `${where} cannot be null`;
  switch (field.type) {
    case 'int':
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${where} must be a finite number, got ${JSON.stringify(value)}`;
      if (field.type === 'int' && !Number.isInteger(value)) return `${where} must be an integer, got ${value}`;
      if (value < field.min || value > field.max) return `${where} must be in [${field.min}, ${field.max}], got ${value}`;
      return null;
    }
    case 'bool':
      return typeof value === 'boolean' ? null : `${where} must be true or false, got ${JSON.stringify(value)}`;
    case 'enum':
      return typeof value === 'string' && field.options.includes(value)
        ? null
        : `${where} must be one of ${field.options.join(', ')}, got ${JSON.stringify(value)}`;
    case 'intList': {
      const list = typeof value === 'string' ? parseIntList(value) : Array.isArray(value) ? value : null;
      if (list === null || list.some((v) => typeof v !== 'number' || !Number.isInteger(v)))
        return `${where} must be a comma-separated list of integers like "64,64", got ${JSON.stringify(value)}`;
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

/**
 * Parse the text of a CLI `--set key=value` (or a URL parameter) for a field: numbers, true/false,
 * null / none, enum names, "64,64" lists. Returns the value or an error message.
 */
export function parseFieldText(field: FieldSchema, text: string): { value: HyperValue } | { error: string } {
  const t = text.trim();
  if (field.nullable && (t === 'null' || t === 'none' || t === 'None')) return { value: null };
  let value: HyperValue;
  switch (field.type) {
    case 'int':
    case 'float': {
      const n = t === '' ? NaN : Number(t);
      if (!Number.isFinite(n)) return { error: `'${field.key}' expects a number${field.nullable ? ' or null' : ''}, got '${text}'` };
      value = n;
      break;
    }
    case 'bool':
      if (t === 'true' || t === '1') value = true;
      else if (t === 'false' || t === '0') value = false;
      else return { error: `'${field.key}' expects true or false, got '${text}'` };
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

/** One-line description of a field for usage text: "numSteps (int 1–8192, default 128, restart)". */
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
  return `${field.key} (${kind}${field.nullable ? ' or null' : ''}, default ${def}${field.restart ? ', restart' : ''})`;
}

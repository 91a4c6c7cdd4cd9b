// Between a hyperparameter field and the text of its input: show a value, read what was typed
// (refusing anything invalid with a message for next to the field), describe the range, and map
// a log-scaled slider to values and back.

import type { HyperValue } from '../../config/run-config.ts';
import { parseField, type FieldSchema, type FieldValue, type FloatField } from '../../config/schema.ts';
import { t as tr } from '../i18n/i18n.svelte.ts';

/** A value as the input shows it: numbers in plain or exponent form, int lists "64,64", null as "". */
export function formatFieldValue(value: FieldValue): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'number') return formatNumber(value);
  return String(value);
}

/** Short, exact: 0.00025 → "2.5e-4", 1e6 → "1e6", 0.95 → "0.95". */
export function formatNumber(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e6) return v.toExponential().replace('e+', 'e');
  return String(v);
}

/**
 * Read the text typed for a field. Empty means "off" for nullable fields; otherwise the same rules
 * as the URL and the CLI (schema.parseField), with a message in plain words.
 */
export function parseFieldInput(field: FieldSchema, text: string): { value: HyperValue } | { error: string } {
  const t = text.trim();
  if (t === '' && field.nullable) return { value: null };
  if (t === '' && field.type !== 'intList') return { error: 'Enter a value.' };
  const parsed = parseField(field, t);
  if ('value' in parsed) return parsed;
  return { error: plainError(field, parsed.error) };
}

function plainError(field: FieldSchema, message: string): string {
  // schema messages start with the quoted key, which the field's label already shows.
  const m = message.replace(new RegExp(`^'${field.key}' `), '');
  return m.charAt(0).toUpperCase() + m.slice(1) + '.';
}

/** "1 – 256", "0 – 1, log scale", "off allowed": the allowed values, for help text next to the input. */
export function rangeText(field: FieldSchema): string {
  switch (field.type) {
    case 'int':
    case 'float': {
      const parts = [`${formatNumber(field.min)} – ${formatNumber(field.max)}`];
      if (field.type === 'int') parts.push(tr('hyper.range.integer'));
      if (field.type === 'float' && field.log) parts.push(tr('hyper.range.log'));
      if (field.nullable) parts.push(tr('hyper.range.emptyOff'));
      return parts.join(', ');
    }
    case 'intList':
      return tr('hyper.range.list', { a: field.minLength, b: field.maxLength, lo: field.min, hi: field.max });
    case 'enum':
      return field.options.join(' | ');
    case 'bool':
      return tr('hyper.range.onOff');
  }
}

/** The slider's range of a log-scaled field, in decades: [log10 lo, log10 hi]. Zero is not on a log axis, so lo > 0. */
export function logDomain(field: FloatField): [number, number] {
  const hi = field.max;
  const lo = field.min > 0 ? field.min : Math.min(hi * 1e-6, 1e-8);
  return [Math.log10(lo), Math.log10(hi)];
}

/** Slider position (decades) → a value with two significant digits, inside the field's range. */
export function fromLogPosition(field: FloatField, position: number): number {
  const [a, b] = logDomain(field);
  const p = Math.min(b, Math.max(a, position));
  const v = Number(Math.pow(10, p).toPrecision(2));
  return Math.min(field.max, Math.max(field.min, v));
}

/** Value → slider position (decades); values at or below zero sit at the left end. */
export function toLogPosition(field: FloatField, value: number | null): number {
  const [a, b] = logDomain(field);
  if (value === null || !(value > 0)) return a;
  return Math.min(b, Math.max(a, Math.log10(value)));
}

/** Seeds the URL accepts (url-codec.ts): integers 0 … 2³¹ − 1. */
export const MAX_SEED = 2 ** 31 - 1;

export function parseSeed(text: string): { seed: number; error: null } | { seed: null; error: string } {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return { seed: null, error: 'A seed is a whole number ≥ 0.' };
  const n = Number(t);
  if (n > MAX_SEED) return { seed: null, error: `At most ${MAX_SEED}.` };
  return { seed: n, error: null };
}

/** The step budget input: empty = no budget, else a positive integer ("200k" and "1e6" are fine). */
export function parseBudget(text: string): { steps: number | null; error: null } | { steps: null; error: string } {
  // Anything longer than a number with separators is not a budget (and a pasted megabyte costs nothing).
  const t = text.length > 64 ? 'x' : text.trim().toLowerCase().replace(/[_\s,]/g, '');
  if (t === '') return { steps: null, error: null };
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)([km]?)$/.exec(t);
  const n = m ? Number(m[1]) * (m[2] === 'k' ? 1e3 : m[2] === 'm' ? 1e6 : 1) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) return { steps: null, error: 'A budget is a whole number of env steps ≥ 1, like 100000 or 200k (empty: none).' };
  return { steps: n, error: null };
}

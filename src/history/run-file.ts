// A run as a file: versioned JSON ({ format: 'rl-playground-run', version: 1, run: … }) with the config,
// the stored series, histograms, alerts and the journal. parseRunFile reads any text a user may hand
// it — malformed, truncated, someone else's JSON, a file from a newer version, a hostile one — and
// never throws: it checks every field (types, finite numbers, lengths, ids against the registries, the
// config through the same validation as a link) and names the first problem it finds.

import { AGENT_IDS, BACKEND_CHOICES } from '../config/run-config.ts';
import type { RunConfig } from '../config/run-config.ts';
import { validateRunConfig } from '../config/resolve.ts';
import { DEFAULT_VIEW, formatHash, parseHash } from '../config/url-codec.ts';
import { ENV_IDS } from '../envs/registry.ts';
import { sparkline } from './decimate.ts';
import { HEALTH_TEXT, type HealthText } from '../diagnostics/health-text.ts';
import type { Alert } from '../workers/protocol.ts';
import {
  EPISODE_COLUMNS,
  MAX_ALERTS,
  MAX_HISTOGRAMS_PER_KEY,
  MAX_NAME_LENGTH,
  MAX_NOTE_LENGTH,
  SERIES_COLUMNS,
  type StoredEpisodes,
  type StoredHistogram,
  type StoredRun,
  type StoredSeries,
} from './types.ts';

export const RUN_FILE_FORMAT = 'rl-playground-run';
export const RUN_FILE_VERSION = 1;
/** Largest file read (a decimated run is well under 10 MB). */
export const MAX_RUN_FILE_CHARS = 64 * 1024 * 1024;
/** Most points per series a file may carry (files this app writes have at most MAX_POINTS_PER_KEY). */
const MAX_FILE_POINTS = 20_000;
const MAX_KEYS = 2000;
const MAX_BINS = 1000;
const KEY_PATTERN = /^[A-Za-z0-9_.:/-]{1,200}$/;

export type ParseResult = { ok: true; run: StoredRun } | { ok: false; error: string };

/** A series value that JSON cannot hold as a number (NaN and ±Infinity: a metric that blew up is worth keeping). */
type JsonValue = number | 'NaN' | 'Infinity' | '-Infinity';

function encodeValue(v: number): JsonValue {
  if (Number.isFinite(v)) return v;
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/** The file text of a run (its id travels too; an import gets a fresh one if it is taken). */
export function runToFile(run: StoredRun): string {
  const finiteHistogram = (h: StoredHistogram) => [h.step, h.update, h.min, h.max, ...h.counts].every(Number.isFinite);
  const body = {
    format: RUN_FILE_FORMAT,
    version: RUN_FILE_VERSION,
    run: {
      id: run.id,
      name: run.name,
      createdAt: run.createdAt,
      config: run.config,
      backend: run.backend,
      wallS: run.wallS,
      envSteps: run.envSteps,
      updates: run.updates,
      finalReturn: run.finalReturn,
      notes: run.notes,
      alerts: run.alerts,
      scalars: run.scalars.map((s) => ({ key: s.key, step: [...s.step], update: [...s.update], wall: [...s.wall], value: Array.from(s.value, encodeValue) })),
      episodes: Object.fromEntries(EPISODE_COLUMNS.map((c) => [c, [...run.episodes[c]]])),
      // Histograms with non-finite bounds (weights gone NaN) are left out: JSON cannot hold them as numbers.
      histograms: run.histograms.filter(finiteHistogram).map((h) => ({ key: h.key, step: h.step, update: h.update, min: h.min, max: h.max, counts: [...h.counts] })),
    },
  };
  return JSON.stringify(body);
}

/** A problem at a path in the file. */
class Invalid extends Error {}

const fail = (path: string, what: string): never => {
  throw new Invalid(`${path} ${what}`);
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function record(v: unknown, path: string): Record<string, unknown> {
  return isRecord(v) ? v : fail(path, `must be an object, got ${kind(v)}`);
}

function kind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

function str(v: unknown, path: string, max: number, pattern?: RegExp): string {
  if (typeof v !== 'string') return fail(path, `must be a string, got ${kind(v)}`);
  if (v.length > max) return fail(path, `is ${v.length} characters long (at most ${max})`);
  if (pattern && !pattern.test(v)) return fail(path, 'has characters a metric key cannot have');
  return v;
}

function num(v: unknown, path: string, opts: { min?: number; integer?: boolean } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return fail(path, `must be a finite number, got ${typeof v === 'number' ? String(v) : kind(v)}`);
  if (opts.min !== undefined && v < opts.min) return fail(path, `must be at least ${opts.min}, got ${v}`);
  if (opts.integer && !Number.isSafeInteger(v)) return fail(path, `must be an integer, got ${v}`);
  return v;
}

function arr(v: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(v)) return fail(path, `must be an array, got ${kind(v)}`);
  if (v.length > max) return fail(path, `has ${v.length} entries (at most ${max})`);
  return v;
}

/** A numeric column; `special` lets NaN / ±Infinity through as the strings runToFile writes. */
function column(v: unknown, path: string, opts: { length?: number; special?: boolean; min?: number; ascending?: boolean } = {}): Float64Array {
  const a = arr(v, path, MAX_FILE_POINTS);
  if (opts.length !== undefined && a.length !== opts.length) fail(path, `has ${a.length} entries, expected ${opts.length} (as many as step)`);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (opts.special && (x === 'NaN' || x === 'Infinity' || x === '-Infinity')) out[i] = Number(x);
    else out[i] = num(x, `${path}[${i}]`, { min: opts.min });
    if (opts.ascending && i > 0 && out[i] < out[i - 1]) fail(`${path}[${i}]`, `goes back (${out[i]} after ${out[i - 1]}): steps must not decrease`);
  }
  return out;
}

function parseConfig(v: unknown): RunConfig {
  const c = record(v, 'run.config');
  const env = str(c.env, 'run.config.env', 60);
  if (!(ENV_IDS as readonly string[]).includes(env)) fail('run.config.env', `is '${env}', not an env this playground knows (${ENV_IDS.join(', ')})`);
  const agent = str(c.agent, 'run.config.agent', 60);
  if (!(AGENT_IDS as readonly string[]).includes(agent)) fail('run.config.agent', `is '${agent}', not an agent this playground knows (${AGENT_IDS.join(', ')})`);
  const backend = str(c.backend, 'run.config.backend', 20);
  if (!(BACKEND_CHOICES as readonly string[]).includes(backend)) fail('run.config.backend', `is '${backend}' (known: ${BACKEND_CHOICES.join(', ')})`);
  const overridesIn = record(c.overrides, 'run.config.overrides');
  const overrides: RunConfig['overrides'] = {};
  for (const [k, x] of Object.entries(overridesIn)) {
    if (x !== null && typeof x !== 'number' && typeof x !== 'boolean' && typeof x !== 'string') fail(`run.config.overrides.${k.slice(0, 60)}`, `must be a number, boolean, string or null, got ${kind(x)}`);
    if (typeof x === 'string') str(x, `run.config.overrides.${k.slice(0, 60)}`, 200);
    Object.defineProperty(overrides, k, { value: x, enumerable: true, writable: true, configurable: true });
  }
  const bugs = arr(c.bugs, 'run.config.bugs', 100).map((b, i) => str(b, `run.config.bugs[${i}]`, 100));
  const totalSteps = c.totalSteps === null ? null : num(c.totalSteps, 'run.config.totalSteps', { min: 1, integer: true });
  const config = {
    env,
    agent,
    preset: str(c.preset, 'run.config.preset', 40),
    seed: num(c.seed, 'run.config.seed', { min: 0, integer: true }),
    backend,
    overrides,
    bugs,
    totalSteps,
  } as RunConfig;
  const problems = validateRunConfig(config);
  if (problems.length > 0) fail('run.config', `is not a valid run: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`);
  // The same reading as a shared link: what a link could not carry, a file may not either.
  const link = parseHash(formatHash({ config, view: DEFAULT_VIEW }));
  if (link.errors.length > 0) fail('run.config', `does not read back as a link: ${link.errors[0]}${link.errors.length > 1 ? ` (and ${link.errors.length - 1} more)` : ''}`);
  return link.state.config;
}

function parseSeries(v: unknown, i: number): StoredSeries {
  const path = `run.scalars[${i}]`;
  const s = record(v, path);
  const key = str(s.key, `${path}.key`, 200, KEY_PATTERN);
  const step = column(s.step, `${path}.step`, { min: 0, ascending: true });
  const out = { key, step } as StoredSeries;
  for (const c of SERIES_COLUMNS) if (c !== 'step') out[c] = column(s[c], `${path}.${c}`, { length: step.length, special: c === 'value', min: c === 'value' ? undefined : 0 });
  return out;
}

function parseEpisodes(v: unknown): StoredEpisodes {
  const e = record(v, 'run.episodes');
  const step = column(e.step, 'run.episodes.step', { min: 0, ascending: true });
  const out = { step } as StoredEpisodes;
  for (const c of EPISODE_COLUMNS) if (c !== 'step') out[c] = column(e[c], `run.episodes.${c}`, { length: step.length, min: c === 'return' ? undefined : 0 });
  for (let k = 0; k < out.solved.length; k++) if (out.solved[k] !== 0 && out.solved[k] !== 1) fail(`run.episodes.solved[${k}]`, 'must be 0 or 1');
  return out;
}

function parseHistogram(v: unknown, i: number): StoredHistogram {
  const path = `run.histograms[${i}]`;
  const h = record(v, path);
  const counts = arr(h.counts, `${path}.counts`, MAX_BINS).map((x, k) => num(x, `${path}.counts[${k}]`, { min: 0 }));
  const min = num(h.min, `${path}.min`);
  const max = num(h.max, `${path}.max`);
  if (max < min) fail(path, `has max ${max} below min ${min}`);
  return { key: str(h.key, `${path}.key`, 200, KEY_PATTERN), step: num(h.step, `${path}.step`, { min: 0 }), update: num(h.update, `${path}.update`, { min: 0 }), min, max, counts: Float32Array.from(counts) };
}

/** Longest string parameter of an alert's message (the worker's are formatted numbers, metric keys, layer sizes). */
const MAX_PARAM_CHARS = 200;

/**
 * An alert's message as a catalogue key and parameters (Alert.text / expectedText), for the reader's language.
 * Optional (files written before the keys have none) and never fatal: a key this playground does not know (a newer
 * file), a parameter of the wrong type or a missing one gives undefined, and the alert shows its English `message`.
 * Only the template's own parameters are kept, as plain strings and finite numbers (shown as text, never markup).
 */
export function readHealthText(v: unknown): HealthText | undefined {
  if (!isRecord(v) || typeof v.key !== 'string' || !Object.hasOwn(HEALTH_TEXT, v.key) || !isRecord(v.params)) return undefined;
  const key = v.key as keyof typeof HEALTH_TEXT;
  const given = v.params;
  const params: Record<string, string | number> = {};
  for (const [, name] of HEALTH_TEXT[key].matchAll(/\{(\w+)\}/g)) {
    const x = Object.hasOwn(given, name) ? given[name] : undefined;
    if (typeof x === 'number' && Number.isFinite(x)) params[name] = x;
    else if (typeof x === 'string' && x.length <= MAX_PARAM_CHARS) params[name] = x;
    else return undefined;
  }
  return { key, params };
}

function parseRun(v: unknown): StoredRun {
  const r = record(v, 'run');
  const notes = record(r.notes, 'run.notes');
  const scalars = arr(r.scalars, 'run.scalars', MAX_KEYS).map(parseSeries);
  const keys = new Set<string>();
  for (const s of scalars) {
    if (keys.has(s.key)) fail('run.scalars', `has the key '${s.key}' twice`);
    keys.add(s.key);
  }
  const histograms = arr(r.histograms, 'run.histograms', MAX_KEYS * MAX_HISTOGRAMS_PER_KEY).map(parseHistogram);
  const episodes = parseEpisodes(r.episodes);
  const alerts = arr(r.alerts, 'run.alerts', MAX_ALERTS).map((a, i) => {
    const x = record(a, `run.alerts[${i}]`);
    const alert: Alert = { id: str(x.id, `run.alerts[${i}].id`, 100), step: num(x.step, `run.alerts[${i}].step`, { min: 0 }), key: str(x.key, `run.alerts[${i}].key`, 200), message: str(x.message, `run.alerts[${i}].message`, 2000) };
    if (x.expected !== undefined) alert.expected = str(x.expected, `run.alerts[${i}].expected`, 2000);
    const text = readHealthText(x.text);
    if (text) alert.text = text;
    const expectedText = alert.expected === undefined ? undefined : readHealthText(x.expectedText);
    if (expectedText) alert.expectedText = expectedText;
    return alert;
  });
  return {
    id: str(r.id, 'run.id', 100, /^[A-Za-z0-9_-]{1,100}$/),
    name: str(r.name, 'run.name', MAX_NAME_LENGTH),
    createdAt: num(r.createdAt, 'run.createdAt', { min: 0 }),
    config: parseConfig(r.config),
    backend: str(r.backend, 'run.backend', 40),
    wallS: num(r.wallS, 'run.wallS', { min: 0 }),
    envSteps: num(r.envSteps, 'run.envSteps', { min: 0, integer: true }),
    updates: num(r.updates, 'run.updates', { min: 0, integer: true }),
    finalReturn: r.finalReturn === null ? null : num(r.finalReturn, 'run.finalReturn'),
    sparkline: sparkline(episodes.return),
    alerts,
    notes: { expect: str(notes.expect, 'run.notes.expect', MAX_NOTE_LENGTH), happened: str(notes.happened, 'run.notes.happened', MAX_NOTE_LENGTH) },
    model: null,
    scalars,
    episodes,
    histograms,
  };
}

/** Read a run file. Never throws: { ok: false, error } names the first problem. */
export function parseRunFile(text: string): ParseResult {
  try {
    if (typeof text !== 'string') return { ok: false, error: 'The file could not be read as text.' };
    if (text.length > MAX_RUN_FILE_CHARS) return { ok: false, error: `The file is too large (${text.length} characters; at most ${MAX_RUN_FILE_CHARS}).` };
    if (text.trim() === '') return { ok: false, error: 'The file is empty.' };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return { ok: false, error: `The file is not valid JSON (truncated or damaged?): ${e instanceof Error ? e.message : String(e)}` };
    }
    if (!isRecord(data) || data.format !== RUN_FILE_FORMAT) {
      const fmt = isRecord(data) && typeof data.format === 'string' ? ` (its format is '${data.format.slice(0, 60)}')` : '';
      return { ok: false, error: `This is not an RL Playground run file${fmt}: expected "format": "${RUN_FILE_FORMAT}".` };
    }
    const version = data.version;
    if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) return { ok: false, error: `The file's version is missing or malformed (${kind(version) === 'number' ? String(version) : kind(version)}).` };
    if (version > RUN_FILE_VERSION) return { ok: false, error: `The file was written by a newer version of the playground (run file version ${version}; this one reads version ${RUN_FILE_VERSION}). Update the playground to open it.` };
    return { ok: true, run: parseRun(data.run) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: `The run file is invalid: ${e.message}.` };
    return { ok: false, error: `The run file could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

// The URL hash holds everything that defines a run, so a link reproduces it. As in TensorFlow
// Playground's state.ts, the hash is a table of properties: one row per key, each with its parse
// and its format, read in table order (agent before its `set.*` values). Parsing never throws: a
// bad value falls back to the default and is reported in plain words.
//
//   #env=CartPole-v1&agent=ppo&preset=playground&seed=1&backend=auto&bugs=lr_too_high,tensor_leak
//    &set.learningRate=0.001&steps=200000&view=embed&charts=charts/episodic_return,losses/entropy&layout=all&theme=dark&autoplay=1
//    &compare=variant&variant=learningRate:0.01&seeds=3&smoothing=0.8&x=update&hist=overlay

import { BUG_IDS, canonicalBugId } from '../bugs/catalog.ts';
import { ENV_IDS } from '../envs/registry.ts';
import { agentConfigSpec } from './presets.ts';
import { AGENT_IDS, BACKEND_CHOICES, type AgentId, type BackendChoice, type HyperValue, type RunConfig } from './run-config.ts';
import { formatField, parseField } from './schema.ts';
import { COMPARE_KINDS, DEFAULT_SMOOTHING, HISTOGRAM_MODES, MAX_SEEDS, X_AXES, type CompareKind, type HistogramMode, type XAxis } from './view-options.ts';

export interface ViewState {
  /** 'embed': the compact layout for an <iframe> in a blog post. */
  view: 'app' | 'embed';
  /** Metric keys to show (embed mode picks a few); empty = all the agent produces. */
  charts: string[];
  /** Panels hidden by the link author (`hide=bugs,hyper`). */
  hidden: string[];
  /** A guided lesson id, if the link opens one. */
  lesson: string | null;
  /** 'essentials': the few charts a learner reads first; 'all': every diagnostic. */
  layout: DashboardLayout;
  /** Colour theme; 'system' follows prefers-color-scheme. */
  theme: ThemeChoice;
  /** `autoplay=1` (embeds): train while the iframe is in view and the tab visible, pause otherwise. */
  autoplay: boolean;
  /** UI language (`lang=en|zh`); null: the browser's. */
  lang: UiLanguage | null;
  /** The bug lab's compare mode (`compare=healthy|variant`); null: the page's run alone. */
  compare: CompareKind | null;
  /** The second config's change when comparing two configs (`variant=learningRate:0.01`). */
  variant: { key: string; value: HyperValue } | null;
  /** Seeds per configuration (`seeds=1…8`). */
  seeds: number;
  /** The charts' EMA weight, 0 … 0.99 (`smoothing=0.8`). */
  smoothing: number;
  /** x axis of the scalar charts (`x=step|update|wall`). */
  xAxis: XAxis;
  /** Histogram view (`hist=ridgeline|overlay`). */
  histogramMode: HistogramMode;
}

export const UI_LANGUAGES = ['en', 'zh'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

export const DASHBOARD_LAYOUTS = ['essentials', 'all'] as const;
export type DashboardLayout = (typeof DASHBOARD_LAYOUTS)[number];
export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

export interface UrlState {
  config: RunConfig;
  view: ViewState;
}

export const DEFAULT_RUN: RunConfig = {
  env: 'CartPole-v1',
  agent: 'ppo',
  preset: 'playground',
  seed: 1,
  backend: 'auto',
  overrides: {},
  bugs: [],
  totalSteps: null,
};

export const DEFAULT_VIEW: ViewState = {
  view: 'app',
  charts: [],
  hidden: [],
  lesson: null,
  layout: 'essentials',
  theme: 'system',
  autoplay: false,
  lang: null,
  compare: null,
  variant: null,
  seeds: 1,
  smoothing: DEFAULT_SMOOTHING,
  xAxis: 'step',
  histogramMode: 'ridgeline',
};

export const MAX_SEED = 2 ** 31 - 1;
/** Longest value a row reads: a link is a few hundred characters; anything huge is an attack or an accident. */
const MAX_VALUE_LENGTH = 2000;

/** One URL key: read its raw text into the state (an error message falls back to the default), and write it back (null: leave it out). */
export interface UrlProperty {
  key: string;
  read(raw: string, state: UrlState): string | null;
  write(state: UrlState): string | null;
}

function list(raw: string): string[] {
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

/** A row that accepts one of `values`; `omit` is a value left out of links (the default). */
function oneOf<T extends string>(key: string, values: readonly T[], get: (s: UrlState) => T, set: (s: UrlState, v: T) => void, fallback: T, omit?: T): UrlProperty {
  return {
    key,
    read: (raw, s) => {
      if (!(values as readonly string[]).includes(raw)) return `Unknown ${key} "${clip(raw)}"; using ${fallback}. Valid: ${values.join(', ')}.`;
      set(s, raw as T);
      return null;
    },
    write: (s) => (get(s) === omit ? null : get(s)),
  };
}

/** A row whose raw text must match `pattern`. */
function matching(key: string, pattern: RegExp, set: (s: UrlState, raw: string) => void, write: (s: UrlState) => string | null, problem: (raw: string) => string): UrlProperty {
  return {
    key,
    read: (raw, s) => {
      if (!pattern.test(raw)) return problem(raw);
      set(s, raw);
      return null;
    },
    write,
  };
}

/** A comma-separated list row. */
function listOf(key: string, set: (s: UrlState, v: string[]) => void, get: (s: UrlState) => string[]): UrlProperty {
  return {
    key,
    read: (raw, s) => {
      set(s, list(raw));
      return null;
    },
    write: (s) => (get(s).length ? get(s).join(',') : null),
  };
}

/** Quote user text in a message without letting a huge value through. */
function clip(raw: string): string {
  return raw.length > 60 ? `${raw.slice(0, 57)}…` : raw;
}

/** The table: one row per key, in the order they are read and written. */
export const URL_PROPERTIES: readonly UrlProperty[] = [
  oneOf('env', ENV_IDS, (s) => s.config.env, (s, v) => (s.config.env = v), DEFAULT_RUN.env),
  oneOf<AgentId>('agent', AGENT_IDS, (s) => s.config.agent, (s, v) => (s.config.agent = v), DEFAULT_RUN.agent),
  matching(
    'preset',
    /^[a-z0-9_-]{1,40}$/i,
    (s, raw) => (s.config.preset = raw),
    (s) => (s.config.preset === DEFAULT_RUN.preset ? null : s.config.preset),
    (raw) => `Malformed preset "${clip(raw)}"; using ${DEFAULT_RUN.preset}.`,
  ),
  {
    key: 'seed',
    read: (raw, s) => {
      const n = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
      if (!(n <= MAX_SEED)) return `Seed must be an integer in [0, ${MAX_SEED}], got "${clip(raw)}"; using ${DEFAULT_RUN.seed}.`;
      s.config.seed = n;
      return null;
    },
    write: (s) => String(s.config.seed),
  },
  oneOf<BackendChoice>('backend', BACKEND_CHOICES, (s) => s.config.backend, (s, v) => (s.config.backend = v), DEFAULT_RUN.backend, DEFAULT_RUN.backend),
  matching(
    'steps',
    /^0*[1-9]\d{0,14}$/,
    (s, raw) => (s.config.totalSteps = Number(raw)),
    (s) => (s.config.totalSteps === null ? null : String(s.config.totalSteps)),
    (raw) => `steps must be a positive integer, got "${clip(raw)}"; running without a budget.`,
  ),
  {
    key: 'bugs',
    read: (raw, s) => {
      const unknown: string[] = [];
      for (const id of list(raw).map(canonicalBugId)) {
        if (!(BUG_IDS as readonly string[]).includes(id)) unknown.push(clip(id));
        else if (!s.config.bugs.includes(id)) s.config.bugs.push(id);
      }
      return unknown.length > 0 ? `Unknown bug${unknown.length > 1 ? 's' : ''} "${unknown.join('", "')}" ignored.` : null;
    },
    write: (s) => (s.config.bugs.length ? s.config.bugs.join(',') : null),
  },
  oneOf('view', ['app', 'embed'] as const, (s) => s.view.view, (s, v) => (s.view.view = v), DEFAULT_VIEW.view, DEFAULT_VIEW.view),
  listOf('charts', (s, v) => (s.view.charts = v), (s) => s.view.charts),
  listOf('hide', (s, v) => (s.view.hidden = v), (s) => s.view.hidden),
  matching('lesson', /^[a-z0-9-]{1,60}$/, (s, raw) => (s.view.lesson = raw), (s) => s.view.lesson, (raw) => `Malformed lesson id "${clip(raw)}" ignored.`),
  oneOf('layout', DASHBOARD_LAYOUTS, (s) => s.view.layout, (s, v) => (s.view.layout = v), DEFAULT_VIEW.layout, DEFAULT_VIEW.layout),
  oneOf('theme', THEME_CHOICES, (s) => s.view.theme, (s, v) => (s.view.theme = v), DEFAULT_VIEW.theme, DEFAULT_VIEW.theme),
  matching(
    'lang',
    /^(en|zh)$/,
    (s, raw) => (s.view.lang = raw as UiLanguage),
    (s) => s.view.lang,
    (raw) => `lang must be en or zh, got "${clip(raw)}"; using the browser's language.`,
  ),
  matching('autoplay', /^[01]$/, (s, raw) => (s.view.autoplay = raw === '1'), (s) => (s.view.autoplay ? '1' : null), (raw) => `autoplay must be 1 or 0, got "${clip(raw)}"; not autoplaying.`),
  // The bug lab's experiment; after `agent`, whose schema reads the variant's value.
  {
    key: 'compare',
    read: (raw, s) => {
      if (!(COMPARE_KINDS as readonly string[]).includes(raw)) return `Unknown compare "${clip(raw)}"; showing the run alone. Valid: ${COMPARE_KINDS.join(', ')}.`;
      s.view.compare = raw as CompareKind;
      return null;
    },
    write: (s) => s.view.compare,
  },
  { key: 'variant', read: readVariant, write: (s) => (s.view.compare === 'variant' && s.view.variant ? `${s.view.variant.key}:${formatSetting(s, s.view.variant.key, s.view.variant.value)}` : null) },
  matching(
    'seeds',
    /^[1-9]$/,
    (s, raw) => (s.view.seeds = Math.min(MAX_SEEDS, Number(raw))),
    (s) => (s.view.seeds === DEFAULT_VIEW.seeds ? null : String(s.view.seeds)),
    (raw) => `seeds must be 1 to ${MAX_SEEDS}, got "${clip(raw)}"; using 1.`,
  ),
  matching(
    'smoothing',
    /^0(\.\d{1,2})?$/,
    (s, raw) => (s.view.smoothing = Number(raw)),
    (s) => (s.view.smoothing === DEFAULT_VIEW.smoothing ? null : String(Math.min(99, Math.max(0, Math.round(s.view.smoothing * 100))) / 100)),
    (raw) => `smoothing must be a number from 0 to 0.99, got "${clip(raw)}"; using ${DEFAULT_VIEW.smoothing}.`,
  ),
  oneOf<XAxis>('x', X_AXES, (s) => s.view.xAxis, (s, v) => (s.view.xAxis = v), DEFAULT_VIEW.xAxis, DEFAULT_VIEW.xAxis),
  oneOf<HistogramMode>('hist', HISTOGRAM_MODES, (s) => s.view.histogramMode, (s, v) => (s.view.histogramMode = v), DEFAULT_VIEW.histogramMode, DEFAULT_VIEW.histogramMode),
];

/** `variant=<field>:<value>`: the field of the agent's schema and a value its parser accepts. */
function readVariant(raw: string, s: UrlState): string | null {
  const at = raw.indexOf(':');
  const name = at < 0 ? raw : raw.slice(0, at);
  const field = agentConfigSpec(s.config.agent)?.fields.find((f) => f.key === name);
  if (at < 0 || field === undefined) return `The compared setting "${clip(raw)}" is not a ${s.config.agent} setting and value (e.g. learningRate:0.01); ignored.`;
  const parsed = parseField(field, raw.slice(at + 1));
  if ('error' in parsed) return `${parsed.error}; the compared value is ignored.`;
  s.view.variant = { key: name, value: parsed.value };
  return null;
}

/** A setting's value as links write it (the schema's format). */
function formatSetting(s: UrlState, key: string, value: HyperValue): string {
  const field = agentConfigSpec(s.config.agent)?.fields.find((f) => f.key === key);
  return field ? formatField(field, value) : String(value);
}

/** `set.<field>`: one per override, parsed by the agent's schema (the same parser as the CLI's --set and the panel). */
const SET_PREFIX = 'set.';

function readOverride(name: string, raw: string, s: UrlState): string | null {
  const field = agentConfigSpec(s.config.agent)?.fields.find((f) => f.key === name);
  if (field === undefined) return `Unknown ${s.config.agent} setting "${clip(name)}" ignored.`;
  const parsed = parseField(field, raw);
  if ('error' in parsed) return `${parsed.error}; using the preset's value.`;
  s.config.overrides[name] = parsed.value;
  return null;
}

function writeOverrides(s: UrlState): [string, string][] {
  return Object.keys(s.config.overrides)
    .sort()
    .map((k) => [SET_PREFIX + k, formatSetting(s, k, s.config.overrides[k])]);
}

function freshState(): UrlState {
  return { config: { ...DEFAULT_RUN, overrides: {}, bugs: [] }, view: { ...DEFAULT_VIEW, charts: [], hidden: [] } };
}

/** Parse a location hash (with or without '#'). Unknown or malformed values fall back to defaults with a message each. */
export function parseHash(hash: string): { state: UrlState; errors: string[] } {
  const state = freshState();
  const errors: string[] = [];
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(String(hash).replace(/^#/, ''));
  } catch {
    return { state, errors: ['The link could not be read; using the defaults.'] };
  }
  const tooLong = (key: string, raw: string): boolean => {
    if (raw.length <= MAX_VALUE_LENGTH) return false;
    errors.push(`The value of "${clip(key)}" is ${raw.length} characters long; ignored.`);
    return true;
  };
  for (const row of URL_PROPERTIES) {
    const raw = params.get(row.key);
    if (raw === null || tooLong(row.key, raw)) continue;
    const error = row.read(raw, state);
    if (error !== null) errors.push(error);
  }
  const known = new Set(URL_PROPERTIES.map((r) => r.key));
  for (const [k, raw] of params) {
    if (k.startsWith(SET_PREFIX)) {
      if (tooLong(k, raw)) continue;
      const error = readOverride(k.slice(SET_PREFIX.length), raw, state);
      if (error !== null) errors.push(error);
    } else if (!known.has(k)) errors.push(`Unknown link setting "${clip(k)}" ignored.`);
  }
  // Two configs need the second one's change; a change without the compare mode has nothing to do.
  if (state.view.compare === 'variant' && state.view.variant === null) {
    errors.push('compare=variant needs variant=<setting>:<value>; showing the run alone.');
    state.view.compare = null;
  } else if (state.view.compare !== 'variant') state.view.variant = null;
  return { state, errors };
}

/** Serialise to a hash, leaving out what equals the default so links stay short. */
export function formatHash(state: UrlState): string {
  const p = new URLSearchParams();
  for (const row of URL_PROPERTIES) {
    const v = row.write(state);
    if (v !== null) p.set(row.key, v);
  }
  for (const [k, v] of writeOverrides(state)) p.set(k, v);
  return '#' + p.toString().replace(/%2F/g, '/').replace(/%2C/g, ',').replace(/%3A/g, ':');
}

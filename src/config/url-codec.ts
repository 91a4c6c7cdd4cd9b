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

/**
 * What a link's reader says about a value it could not use, as templates with `{name}` parameters: the English
 * text (parseHash's `errors`) and the key the UI's catalogue translates (src/ui/i18n/en.ts spreads this table).
 */
export const LINK_TEXT = {
  'link.unreadable': 'The link could not be read; using the defaults.',
  'link.tooLong': 'The value of "{key}" is {length} characters long; ignored.',
  'link.unknownValue': 'Unknown {key} "{value}"; using {fallback}. Valid: {valid}.',
  'link.preset': 'Malformed preset "{value}"; using {fallback}.',
  'link.seed': 'Seed must be an integer in [0, {max}], got "{value}"; using {fallback}.',
  'link.steps': 'steps must be a positive integer, got "{value}"; running without a budget.',
  'link.unknownBug': 'Unknown bug "{ids}" ignored.',
  'link.unknownBugs': 'Unknown bugs "{ids}" ignored.',
  'link.lesson': 'Malformed lesson id "{value}" ignored.',
  'link.lang': 'lang must be en or zh, got "{value}"; using the browser\'s language.',
  'link.autoplay': 'autoplay must be 1 or 0, got "{value}"; not autoplaying.',
  'link.compare': 'Unknown compare "{value}"; showing the run alone. Valid: {valid}.',
  'link.variantSetting': 'The compared setting "{value}" is not a {agent} setting and value (e.g. learningRate:0.01); ignored.',
  'link.variantValue': '{detail}; the compared value is ignored.',
  'link.seeds': 'seeds must be 1 to {max}, got "{value}"; using 1.',
  'link.smoothing': 'smoothing must be a number from 0 to 0.99, got "{value}"; using {fallback}.',
  'link.unknownSetting': 'Unknown {agent} setting "{name}" ignored.',
  'link.badSetting': '{detail}; using the preset\'s value.',
  'link.unknownKey': 'Unknown link setting "{key}" ignored.',
  'link.variantMissing': 'compare=variant needs variant=<setting>:<value>; showing the run alone.',
} as const satisfies Record<string, string>;

/** A problem with a link's value: a key of LINK_TEXT and its parameters. */
export interface LinkProblem {
  key: keyof typeof LINK_TEXT;
  params: Readonly<Record<string, string | number>>;
}

const problem = (key: LinkProblem['key'], params: LinkProblem['params'] = {}): LinkProblem => ({ key, params });

/** The English sentence of a link problem. */
export function linkProblemText(p: LinkProblem): string {
  return LINK_TEXT[p.key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in p.params ? String(p.params[name]) : whole));
}

/** One URL key: read its raw text into the state (a problem falls back to the default), and write it back (null: leave it out). */
export interface UrlProperty {
  key: string;
  read(raw: string, state: UrlState): LinkProblem | null;
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
      if (!(values as readonly string[]).includes(raw)) return problem('link.unknownValue', { key, value: clip(raw), fallback, valid: values.join(', ') });
      set(s, raw as T);
      return null;
    },
    write: (s) => (get(s) === omit ? null : get(s)),
  };
}

/** A row whose raw text must match `pattern`. */
function matching(key: string, pattern: RegExp, set: (s: UrlState, raw: string) => void, write: (s: UrlState) => string | null, invalid: (raw: string) => LinkProblem): UrlProperty {
  return {
    key,
    read: (raw, s) => {
      if (!pattern.test(raw)) return invalid(raw);
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
    (raw) => problem('link.preset', { value: clip(raw), fallback: DEFAULT_RUN.preset }),
  ),
  {
    key: 'seed',
    read: (raw, s) => {
      const n = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
      if (!(n <= MAX_SEED)) return problem('link.seed', { max: MAX_SEED, value: clip(raw), fallback: DEFAULT_RUN.seed });
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
    (raw) => problem('link.steps', { value: clip(raw) }),
  ),
  {
    key: 'bugs',
    read: (raw, s) => {
      const unknown: string[] = [];
      for (const id of list(raw).map(canonicalBugId)) {
        if (!(BUG_IDS as readonly string[]).includes(id)) unknown.push(clip(id));
        else if (!s.config.bugs.includes(id)) s.config.bugs.push(id);
      }
      return unknown.length > 0 ? problem(unknown.length > 1 ? 'link.unknownBugs' : 'link.unknownBug', { ids: unknown.join('", "') }) : null;
    },
    write: (s) => (s.config.bugs.length ? s.config.bugs.join(',') : null),
  },
  oneOf('view', ['app', 'embed'] as const, (s) => s.view.view, (s, v) => (s.view.view = v), DEFAULT_VIEW.view, DEFAULT_VIEW.view),
  listOf('charts', (s, v) => (s.view.charts = v), (s) => s.view.charts),
  listOf('hide', (s, v) => (s.view.hidden = v), (s) => s.view.hidden),
  matching('lesson', /^[a-z0-9-]{1,60}$/, (s, raw) => (s.view.lesson = raw), (s) => s.view.lesson, (raw) => problem('link.lesson', { value: clip(raw) })),
  oneOf('layout', DASHBOARD_LAYOUTS, (s) => s.view.layout, (s, v) => (s.view.layout = v), DEFAULT_VIEW.layout, DEFAULT_VIEW.layout),
  oneOf('theme', THEME_CHOICES, (s) => s.view.theme, (s, v) => (s.view.theme = v), DEFAULT_VIEW.theme, DEFAULT_VIEW.theme),
  matching(
    'lang',
    /^(en|zh)$/,
    (s, raw) => (s.view.lang = raw as UiLanguage),
    (s) => s.view.lang,
    (raw) => problem('link.lang', { value: clip(raw) }),
  ),
  matching('autoplay', /^[01]$/, (s, raw) => (s.view.autoplay = raw === '1'), (s) => (s.view.autoplay ? '1' : null), (raw) => problem('link.autoplay', { value: clip(raw) })),
  // The bug lab's experiment; after `agent`, whose schema reads the variant's value.
  {
    key: 'compare',
    read: (raw, s) => {
      if (!(COMPARE_KINDS as readonly string[]).includes(raw)) return problem('link.compare', { value: clip(raw), valid: COMPARE_KINDS.join(', ') });
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
    (raw) => problem('link.seeds', { max: MAX_SEEDS, value: clip(raw) }),
  ),
  matching(
    'smoothing',
    /^0(\.\d{1,2})?$/,
    (s, raw) => (s.view.smoothing = Number(raw)),
    (s) => (s.view.smoothing === DEFAULT_VIEW.smoothing ? null : String(Math.min(99, Math.max(0, Math.round(s.view.smoothing * 100))) / 100)),
    (raw) => problem('link.smoothing', { value: clip(raw), fallback: DEFAULT_VIEW.smoothing }),
  ),
  oneOf<XAxis>('x', X_AXES, (s) => s.view.xAxis, (s, v) => (s.view.xAxis = v), DEFAULT_VIEW.xAxis, DEFAULT_VIEW.xAxis),
  oneOf<HistogramMode>('hist', HISTOGRAM_MODES, (s) => s.view.histogramMode, (s, v) => (s.view.histogramMode = v), DEFAULT_VIEW.histogramMode, DEFAULT_VIEW.histogramMode),
];

/** `variant=<field>:<value>`: the field of the agent's schema and a value its parser accepts. */
function readVariant(raw: string, s: UrlState): LinkProblem | null {
  const at = raw.indexOf(':');
  const name = at < 0 ? raw : raw.slice(0, at);
  const field = agentConfigSpec(s.config.agent)?.fields.find((f) => f.key === name);
  if (at < 0 || field === undefined) return problem('link.variantSetting', { value: clip(raw), agent: s.config.agent });
  const parsed = parseField(field, raw.slice(at + 1));
  if ('error' in parsed) return problem('link.variantValue', { detail: parsed.error, name, value: clip(raw.slice(at + 1)) });
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

function readOverride(name: string, raw: string, s: UrlState): LinkProblem | null {
  const field = agentConfigSpec(s.config.agent)?.fields.find((f) => f.key === name);
  if (field === undefined) return problem('link.unknownSetting', { agent: s.config.agent, name: clip(name) });
  const parsed = parseField(field, raw);
  if ('error' in parsed) return problem('link.badSetting', { detail: parsed.error, name, value: clip(raw) });
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

/**
 * Parse a location hash (with or without '#'). Unknown or malformed values fall back to defaults with a problem
 * each: `problems` as keys and parameters (the UI says them in its language), `errors` the same in English.
 */
export function parseHash(hash: string): { state: UrlState; errors: string[]; problems: LinkProblem[] } {
  const { state, problems } = readHash(hash);
  return { state, errors: problems.map(linkProblemText), problems };
}

function readHash(hash: string): { state: UrlState; problems: LinkProblem[] } {
  const state = freshState();
  const errors: LinkProblem[] = [];
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(String(hash).replace(/^#/, ''));
  } catch {
    return { state, problems: [problem('link.unreadable')] };
  }
  const tooLong = (key: string, raw: string): boolean => {
    if (raw.length <= MAX_VALUE_LENGTH) return false;
    errors.push(problem('link.tooLong', { key: clip(key), length: raw.length }));
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
    } else if (!known.has(k)) errors.push(problem('link.unknownKey', { key: clip(k) }));
  }
  // Two configs need the second one's change; a change without the compare mode has nothing to do.
  if (state.view.compare === 'variant' && state.view.variant === null) {
    errors.push(problem('link.variantMissing'));
    state.view.compare = null;
  } else if (state.view.compare !== 'variant') state.view.variant = null;
  return { state, problems: errors };
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

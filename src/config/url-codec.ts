// The URL hash holds everything that defines a run, so a link reproduces it (TensorFlow Playground's
// state.ts idea). Parsing never throws: bad fields fall back to defaults and are reported.
//
//   #env=CartPole-v1&agent=ppo&preset=playground&seed=1&backend=auto&bugs=lr_too_high,tensor_leak
//    &set.learningRate=0.001&steps=200000&view=embed&charts=charts/episodic_return,losses/entropy

import { canonicalBugId } from '../bugs/catalog.ts';
import type { EnvId } from '../envs/types.ts';
import { AGENT_IDS, BACKEND_CHOICES, type AgentId, type BackendChoice, type HyperValue, type RunConfig } from './run-config.ts';

export const URL_ENV_IDS: readonly EnvId[] = [
  'CartPole-v1',
  'Acrobot-v1',
  'MountainCar-v0',
  'MountainCarContinuous-v0',
  'Pendulum-v1',
  'GridWorld',
  'Probe1',
  'Probe2',
  'Probe3',
  'Probe4',
  'Probe5',
];

export interface ViewState {
  /** 'embed': the compact layout for an <iframe> in a blog post. */
  view: 'app' | 'embed';
  /** Metric keys to show (embed mode picks a few); empty = all the agent produces. */
  charts: string[];
  /** Panels hidden by the link author (`hide=bugs,hyper`). */
  hidden: string[];
  /** A guided lesson id, if the link opens one. */
  lesson: string | null;
}

export interface UrlState {
  config: RunConfig;
  view: ViewState;
}

export const DEFAULT_RUN: RunConfig = {
  env: 'CartPole-v1',
  agent: 'random',
  preset: 'playground',
  seed: 1,
  backend: 'auto',
  overrides: {},
  bugs: [],
  totalSteps: null,
};

export const DEFAULT_VIEW: ViewState = { view: 'app', charts: [], hidden: [], lesson: null };

const MAX_SEED = 2 ** 31 - 1;

function parseScalar(raw: string): HyperValue {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  const n = Number(raw);
  return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
}

function list(raw: string | null): string[] {
  return raw ? raw.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/** Parse a location hash (with or without '#'). Unknown or malformed values fall back to defaults with a message each. */
export function parseHash(hash: string, knownBugs?: readonly string[]): { state: UrlState; errors: string[] } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const errors: string[] = [];
  const config: RunConfig = { ...DEFAULT_RUN, overrides: {}, bugs: [] };
  const view: ViewState = { ...DEFAULT_VIEW, charts: [], hidden: [] };

  const env = params.get('env');
  if (env !== null) {
    if ((URL_ENV_IDS as readonly string[]).includes(env)) config.env = env as EnvId;
    else errors.push(`Unknown env "${env}"; using ${DEFAULT_RUN.env}. Valid: ${URL_ENV_IDS.join(', ')}.`);
  }
  const agent = params.get('agent');
  if (agent !== null) {
    if ((AGENT_IDS as readonly string[]).includes(agent)) config.agent = agent as AgentId;
    else errors.push(`Unknown agent "${agent}"; using ${DEFAULT_RUN.agent}. Valid: ${AGENT_IDS.join(', ')}.`);
  }
  const preset = params.get('preset');
  if (preset !== null) {
    if (/^[a-z0-9_-]{1,40}$/i.test(preset)) config.preset = preset;
    else errors.push(`Malformed preset "${preset}"; using ${DEFAULT_RUN.preset}.`);
  }
  const seed = params.get('seed');
  if (seed !== null) {
    const n = Number(seed);
    if (Number.isInteger(n) && n >= 0 && n <= MAX_SEED) config.seed = n;
    else errors.push(`Seed must be an integer in [0, ${MAX_SEED}], got "${seed}"; using ${DEFAULT_RUN.seed}.`);
  }
  const backend = params.get('backend');
  if (backend !== null) {
    if ((BACKEND_CHOICES as readonly string[]).includes(backend)) config.backend = backend as BackendChoice;
    else errors.push(`Unknown backend "${backend}"; using auto. Valid: ${BACKEND_CHOICES.join(', ')}.`);
  }
  const steps = params.get('steps');
  if (steps !== null) {
    const n = Number(steps);
    if (Number.isInteger(n) && n > 0) config.totalSteps = n;
    else errors.push(`steps must be a positive integer, got "${steps}"; running without a budget.`);
  }
  for (const id of list(params.get('bugs')).map(canonicalBugId)) {
    if (knownBugs && !knownBugs.includes(id)) errors.push(`Unknown bug "${id}" ignored.`);
    else if (!config.bugs.includes(id)) config.bugs.push(id);
  }
  for (const [k, v] of params) {
    if (!k.startsWith('set.')) continue;
    const field = k.slice(4);
    if (/^[A-Za-z][A-Za-z0-9_]{0,60}$/.test(field)) config.overrides[field] = parseScalar(v);
    else errors.push(`Malformed hyperparameter name "${field}" ignored.`);
  }
  const v = params.get('view');
  if (v !== null) {
    if (v === 'app' || v === 'embed') view.view = v;
    else errors.push(`Unknown view "${v}"; using app.`);
  }
  view.charts = list(params.get('charts'));
  view.hidden = list(params.get('hide'));
  view.lesson = params.get('lesson');
  return { state: { config, view }, errors };
}

/** Serialise to a hash, leaving out what equals the default so links stay short. */
export function formatHash(state: UrlState): string {
  const { config, view } = state;
  const p = new URLSearchParams();
  p.set('env', config.env);
  p.set('agent', config.agent);
  if (config.preset !== DEFAULT_RUN.preset) p.set('preset', config.preset);
  p.set('seed', String(config.seed));
  if (config.backend !== DEFAULT_RUN.backend) p.set('backend', config.backend);
  if (config.totalSteps !== null) p.set('steps', String(config.totalSteps));
  if (config.bugs.length) p.set('bugs', config.bugs.join(','));
  for (const k of Object.keys(config.overrides).sort()) p.set(`set.${k}`, String(config.overrides[k]));
  if (view.view !== 'app') p.set('view', view.view);
  if (view.charts.length) p.set('charts', view.charts.join(','));
  if (view.hidden.length) p.set('hide', view.hidden.join(','));
  if (view.lesson) p.set('lesson', view.lesson);
  return '#' + p.toString().replace(/%2F/g, '/').replace(/%2C/g, ',');
}

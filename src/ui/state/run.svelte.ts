// The page's run: what the user set up (`config`, edited by the pickers, the panel and the URL) and
// the worker session that runs it (`session`: controls, counters, frames). Pickers (env, agent,
// preset, seed, backend) start a fresh run at once; a hyperparameter the running agent takes live
// goes to it at the next update, the others (and the step budget) wait in `pending` for "Restart to
// apply". Shared through context (`setRunState` in App.svelte, `getRunState` in components).

import { stateContext } from './context.ts';
import { AGENT_IDS, type AgentId, type BackendChoice, type HyperValue, type RunConfig } from '../../config/run-config.ts';
import { agentConfigSpec } from '../../config/presets.ts';
import { validateRunConfig } from '../../config/resolve.ts';
import type { FieldSchema } from '../../config/schema.ts';
import type { EnvId } from '../../envs/types.ts';
import { changedKeys, effectiveValue, fieldsOf, hyperValueOf, switchAgent, switchEnv, withOverride, type Edit } from './config-edit.ts';
import { RunSession, type SessionOptions } from './run-session.svelte.ts';
import type { Notice } from '../i18n/notice-text.ts';

export class RunState {
  /** What the user has set up (pickers, panel, URL); a start runs a snapshot of it. */
  config: RunConfig;
  /** The worker running it. */
  readonly session: RunSession;
  /** Keys of `config` that differ from what runs and wait for a restart. */
  readonly pending = $derived.by(() => (this.session.applied ? changedKeys(this.session.applied, this.config) : []));
  /** Messages about settings that fell back (bad URL values, a preset missing for an env), dismissible. */
  notices: Notice[] = $state([]);

  constructor(initial: RunConfig, opts: SessionOptions & { notices?: Notice[] } = {}) {
    this.config = $state(initial);
    this.notices = opts.notices ?? [];
    this.session = new RunSession(() => this.config, { playing: opts.playing, spawn: opts.spawn });
  }

  /** Hyperparameters the running agent takes without a restart (the panel marks them). */
  get liveKeys(): string[] {
    return this.session.liveKeys;
  }

  setEnv(env: EnvId): void {
    if (env !== this.config.env) this.edit(switchEnv(this.config, env));
  }

  setAgent(agent: AgentId): void {
    if (agent !== this.config.agent) this.edit(switchAgent(this.config, agent));
  }

  setPreset(preset: string): void {
    if (preset === this.config.preset) return;
    const next = { ...this.config, preset };
    const fits = validateRunConfig(next).length === 0;
    this.edit({ config: fits ? next : { ...next, overrides: {} }, notes: fits ? [] : [{ key: 'notice.presetReset' }] });
  }

  setSeed(seed: number): void {
    if (seed !== this.config.seed) this.edit({ config: { ...this.config, seed }, notes: [] });
  }

  /** Which tfjs backend to ask for ('auto' measures and picks). */
  chooseBackend(backend: BackendChoice): void {
    if (backend !== this.config.backend) this.edit({ config: { ...this.config, backend }, notes: [] });
  }

  /** Replace the whole config (a link opened in this tab): restart if it differs. */
  load(config: RunConfig, notes: readonly Notice[]): void {
    this.notify(notes);
    if (JSON.stringify(config) !== JSON.stringify($state.snapshot(this.config))) this.edit({ config, notes: [] });
  }

  /** The step budget applies on the next restart (the agent's schedules depend on it). */
  setBudget(totalSteps: number | null): void {
    this.config = { ...this.config, totalSteps };
  }

  /**
   * Set a hyperparameter (undefined: back to the preset's value). Returns why it was refused, or null.
   * A live key goes to the running agent at once; the others wait in `pending` for "Restart to apply".
   */
  setHyper(field: FieldSchema, value: HyperValue | undefined): string | null {
    const next = withOverride(this.config, field, value);
    const problems = validateRunConfig(next);
    if (problems.length > 0) return problems.join('; ');
    this.config = next;
    this.applyLive([field]);
    return null;
  }

  /** Every hyperparameter back to the preset's value. */
  resetHypers(): void {
    const changed = fieldsOf(this.config.agent).filter((f) => f.key in this.config.overrides);
    this.config = { ...this.config, overrides: {} };
    this.applyLive(changed);
  }

  /** Start over from what is set up (pending changes included); playing goes on if it was. */
  applyPending(): void {
    this.session.restart();
  }

  /** Forget the changes that wait for a restart. */
  revertPending(): void {
    if (this.session.applied) this.config = structuredClone($state.snapshot(this.session.applied));
  }

  notify(messages: readonly Notice[]): void {
    if (messages.length > 0) this.notices = [...this.notices, ...messages];
  }

  dismissNotices(): void {
    this.notices = [];
  }

  /** Send the set-up values of those `fields` the running agent takes live; the rest stay pending. */
  private applyLive(fields: readonly FieldSchema[]): void {
    const { applied, liveKeys, connected } = this.session;
    if (!applied || applied.agent !== this.config.agent || !connected) return;
    const live = fields.filter((f) => f.live && liveKeys.includes(f.key));
    if (live.length === 0) return;
    const values = Object.fromEntries(live.map((f) => [f.key, hyperValueOf(f, effectiveValue(this.config, f))]));
    this.session.setHypers(values, (config) => live.reduce((c, f) => withOverride(c, f, values[f.key]), config));
  }

  private edit(e: Edit): void {
    this.notify(e.notes);
    this.config = e.config;
    this.session.restart();
  }
}

/** Agents that exist in this build: src/config/presets.ts lists the config schema of each one createAgent builds. */
export const AVAILABLE_AGENTS: readonly AgentId[] = AGENT_IDS.filter((id) => agentConfigSpec(id) !== undefined);

const context = stateContext<RunState>('run-state');
export const setRunState = context.set;
export const getRunState = context.get;

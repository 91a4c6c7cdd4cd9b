// "Run this at scale": a PPO or DQN run as the equivalent CleanRL command line, with a note for each
// setting CleanRL cannot express (bug toggles, playground-only settings, choices its script hard-codes).
// The rl-baselines3-zoo YAML for the same run is in handoff-zoo.ts.
//
// One table per script, field → flag, derived from the agent schemas' keys (a field the table does not
// name fails the type check); argument names and defaults are CleanRL's own (vwxyzjn/cleanrl
// cleanrl/ppo.py, ppo_continuous_action.py, dqn.py: tyro Args, `--kebab-case` flags, booleans as
// `--flag` / `--no-flag`). tests/unit/config/handoff.test.ts parses the command back over these
// defaults and checks that it reproduces every value of the cleanrl preset.

import type { EnvId } from '../envs/types.ts';
import { envSpec } from '../envs/registry.ts';
import { note, says, type HandoffNote, type HandoffOnly, type SaysPhrase } from './handoff-text.ts';
import type { DqnConfig } from './dqn-config.ts';
import type { PpoConfig } from './ppo-config.ts';
import type { RunConfig } from './run-config.ts';

/** The classic-control envs Gymnasium registers under the same id; the rest are the playground's own. */
export const GYMNASIUM_ENV_IDS: readonly EnvId[] = ['CartPole-v1', 'Acrobot-v1', 'MountainCar-v0', 'MountainCarContinuous-v0', 'Pendulum-v1'];

export type ArgValue = number | boolean | string | null;

/** What a field is to a script: a flag, a value the script hard-codes, or a playground-only setting (reporting, speed). */
export type FieldRole<C> = { flag: string } | { fixed: (c: C) => boolean; says: SaysPhrase } | { playgroundOnly: HandoffOnly } | { schedule: true };

export interface CleanrlScript<C> {
  /** Path in the CleanRL repository. */
  path: string;
  /** Its Args' defaults, by argument name (snake_case), for the algorithm's arguments. */
  defaults: Readonly<Record<string, ArgValue>>;
  roles: { [K in keyof C]: FieldRole<C> };
}


/** The hidden layers each script builds. */
const PPO_HIDDEN = [64, 64];
const DQN_HIDDEN = [120, 84];
const sameSizes = (a: readonly number[], b: readonly number[]) => a.join(',') === b.join(',');

const ppoRoles = (continuous: boolean): CleanrlScript<PpoConfig>['roles'] => ({
  numEnvs: { flag: 'num_envs' },
  numSteps: { flag: 'num_steps' },
  learningRate: { flag: 'learning_rate' },
  annealLr: { flag: 'anneal_lr' },
  annealSteps: { schedule: true },
  gamma: { flag: 'gamma' },
  gaeLambda: { flag: 'gae_lambda' },
  numMinibatches: { flag: 'num_minibatches' },
  updateEpochs: { flag: 'update_epochs' },
  normAdv: { flag: 'norm_adv' },
  clipCoef: { flag: 'clip_coef' },
  annealClipCoef: { fixed: (c) => !c.annealClipCoef, says: says('handoff.says.neverAnnealsClip') },
  clipVloss: { flag: 'clip_vloss' },
  entCoef: { flag: 'ent_coef' },
  vfCoef: { flag: 'vf_coef' },
  maxGradNorm: { flag: 'max_grad_norm' },
  targetKl: { flag: 'target_kl' },
  adamEps: { fixed: (c) => c.adamEps === 1e-5, says: says('handoff.says.adamEps5') },
  hiddenSizes: { fixed: (c) => sameSizes(c.hiddenSizes, PPO_HIDDEN), says: says('handoff.says.hidden', { sizes: PPO_HIDDEN.join('-') }) },
  activation: { fixed: (c) => c.activation === 'tanh', says: says('handoff.says.tanh') },
  orthoInit: { fixed: (c) => c.orthoInit, says: says('handoff.says.orthoInit') },
  logStdInit: { fixed: (c) => !continuous || c.logStdInit === 0, says: says('handoff.says.logStd0') },
  bootstrapTruncated: { fixed: (c) => !c.bootstrapTruncated, says: says('handoff.says.noBootstrap') },
  normalizeReturns: { fixed: (c) => c.normalizeReturns === continuous, says: says(continuous ? 'handoff.says.alwaysNormReward' : 'handoff.says.neverNormReward') },
  rewardClip: { fixed: (c) => (continuous ? c.rewardClip === 10 : c.rewardClip === null || !c.normalizeReturns), says: says(continuous ? 'handoff.says.clipReward10' : 'handoff.says.neverClipReward') },
  returnNormWarmup: { fixed: (c) => !c.normalizeReturns || c.returnNormWarmup === 0, says: says('handoff.says.unprimedNorm') },
  normalizeObs: { fixed: (c) => c.normalizeObs === continuous, says: says(continuous ? 'handoff.says.alwaysNormObs' : 'handoff.says.neverNormObs') },
  obsClip: { fixed: (c) => !c.normalizeObs || c.obsClip === 10, says: says('handoff.says.clipObs10') },
  jsInference: { playgroundOnly: 'handoff.only.jsInference' },
  compute: { playgroundOnly: 'handoff.only.computeUpdate' },
  diagnosticsEvery: { playgroundOnly: 'handoff.only.reporting' },
  histogramEvery: { playgroundOnly: 'handoff.only.reporting' },
});

const PPO_ARGS = { learning_rate: 2.5e-4, num_envs: 4, num_steps: 128, anneal_lr: true, gamma: 0.99, gae_lambda: 0.95, num_minibatches: 4, update_epochs: 4, norm_adv: true, clip_coef: 0.2, clip_vloss: true, ent_coef: 0.01, vf_coef: 0.5, max_grad_norm: 0.5, target_kl: null };

/** cleanrl/ppo.py (discrete actions). */
export const CLEANRL_PPO: CleanrlScript<PpoConfig> = {
  path: 'cleanrl/ppo.py',
  defaults: { total_timesteps: 500000, ...PPO_ARGS },
  roles: ppoRoles(false),
};

/** cleanrl/ppo_continuous_action.py (its NormalizeObservation / NormalizeReward wrappers, clip 10). */
export const CLEANRL_PPO_CONTINUOUS: CleanrlScript<PpoConfig> = {
  path: 'cleanrl/ppo_continuous_action.py',
  defaults: { ...PPO_ARGS, total_timesteps: 1000000, learning_rate: 3e-4, num_envs: 1, num_steps: 2048, num_minibatches: 32, update_epochs: 10, ent_coef: 0 },
  roles: ppoRoles(true),
};

/** cleanrl/dqn.py. */
export const CLEANRL_DQN: CleanrlScript<DqnConfig> = {
  path: 'cleanrl/dqn.py',
  defaults: { total_timesteps: 500000, learning_rate: 2.5e-4, num_envs: 1, buffer_size: 10000, gamma: 0.99, tau: 1, target_network_frequency: 500, batch_size: 128, start_e: 1, end_e: 0.05, exploration_fraction: 0.5, learning_starts: 10000, train_frequency: 10 },
  roles: {
    numEnvs: { flag: 'num_envs' },
    frameSkip: { fixed: (c) => c.frameSkip === 1, says: says('handoff.says.noFrameSkip') },
    bufferSize: { flag: 'buffer_size' },
    learningRate: { flag: 'learning_rate' },
    gamma: { flag: 'gamma' },
    tau: { flag: 'tau' },
    targetNetworkFrequency: { flag: 'target_network_frequency' },
    batchSize: { flag: 'batch_size' },
    startE: { flag: 'start_e' },
    endE: { flag: 'end_e' },
    explorationFraction: { schedule: true },
    scheduleSteps: { schedule: true },
    learningStarts: { flag: 'learning_starts' },
    trainFreq: { flag: 'train_frequency' },
    gradientSteps: { fixed: (c) => c.gradientSteps === 1, says: says('handoff.says.oneGradientStep') },
    loss: { fixed: (c) => c.loss === 'mse', says: says('handoff.says.mse') },
    doubleDqn: { fixed: (c) => !c.doubleDqn, says: says('handoff.says.noDoubleDqn') },
    maxGradNorm: { fixed: (c) => c.maxGradNorm === null, says: says('handoff.says.noGradClip') },
    adamEps: { fixed: (c) => c.adamEps === 1e-8, says: says('handoff.says.adamEps8') },
    hiddenSizes: { fixed: (c) => sameSizes(c.hiddenSizes, DQN_HIDDEN), says: says('handoff.says.hidden', { sizes: DQN_HIDDEN.join('-') }) },
    activation: { fixed: (c) => c.activation === 'relu', says: says('handoff.says.relu') },
    uniformWarmup: { fixed: (c) => !c.uniformWarmup, says: says('handoff.says.epsFromStart') },
    jsInference: { playgroundOnly: 'handoff.only.jsInference' },
    compute: { playgroundOnly: 'handoff.only.computeSteps' },
    logEvery: { playgroundOnly: 'handoff.only.reporting' },
    diagnosticsEvery: { playgroundOnly: 'handoff.only.reporting' },
    histogramEvery: { playgroundOnly: 'handoff.only.reporting' },
  },
};

export interface Handoff {
  /** The script to run, e.g. cleanrl/ppo.py. */
  script: string;
  /** Argument name → value, in the order written. */
  args: [string, ArgValue][];
  /** The shell command. */
  command: string;
  /** Each difference CleanRL cannot express, as a note to say in the reader's language (handoff-text.ts). */
  notes: HandoffNote[];
  /** The playground-only settings left out (of the zoo YAML too), grouped by why. */
  playgroundOnly: PlaygroundOnly[];
}

export interface PlaygroundOnly {
  fields: string[];
  why: HandoffOnly;
}

/** The script's playground-only fields, grouped by reason in the roles' order. */
export function playgroundOnly<C>(script: CleanrlScript<C>): PlaygroundOnly[] {
  const groups = new Map<HandoffOnly, string[]>();
  for (const [field, role] of Object.entries(script.roles) as [string, FieldRole<C>][]) {
    if ('playgroundOnly' in role) groups.set(role.playgroundOnly, [...(groups.get(role.playgroundOnly) ?? []), field]);
  }
  return [...groups].map(([why, fields]) => ({ fields, why }));
}

/** snake_case argument → tyro's flag. */
export function flagOf(arg: string): string {
  return `--${arg.replace(/_/g, '-')}`;
}

/** A value as Python reads it from the command line (shortest round-trip form). */
function argText(v: ArgValue): string {
  return v === null ? 'None' : String(v);
}

/** The command line: `python <script>` then each argument (booleans as --flag / --no-flag), wrapped with backslashes. */
export function formatCommand(script: string, args: readonly [string, ArgValue][]): string {
  const parts = args.map(([k, v]) => (typeof v === 'boolean' ? (v ? flagOf(k) : `--no-${flagOf(k).slice(2)}`) : `${flagOf(k)} ${argText(v)}`));
  const lines: string[] = [`python ${script}`];
  for (const p of parts) {
    if (lines[lines.length - 1].length + p.length + 1 > 78) lines.push(`    ${p}`);
    else lines[lines.length - 1] += ` ${p}`;
  }
  return lines.join(' \\\n');
}

export function envNotes(env: EnvId): HandoffNote[] {
  return GYMNASIUM_ENV_IDS.includes(env) ? [] : [note('handoff.env', { env })];
}

export function bugNotes(bugs: readonly string[]): HandoffNote[] {
  return bugs.map((bug) => note('handoff.bug', { bug }));
}

/** Fields set by the args plus hard-coded and playground-only notes, shared by the PPO and DQN builders. */
function fieldArgs<C extends object>(script: CleanrlScript<C>, c: C): { args: [string, ArgValue][]; notes: HandoffNote[] } {
  const args: [string, ArgValue][] = [];
  const notes: HandoffNote[] = [];
  for (const [field, role] of Object.entries(script.roles) as [string, FieldRole<C>][]) {
    const value = (c as Record<string, unknown>)[field];
    if ('flag' in role) {
      if (value === null && script.defaults[role.flag] !== null) notes.push(note('handoff.alwaysApplies', { field, script: script.path, flag: role.flag, value: argText(script.defaults[role.flag]) }));
      else if (value !== null) args.push([role.flag, value as ArgValue]);
    } else if ('fixed' in role) {
      if (!role.fixed(c)) notes.push(note('handoff.fixed', { field, value: JSON.stringify(value), script: script.path, says: role.says }));
    } else if ('playgroundOnly' in role) {
      continue;
    }
  }
  return { args, notes };
}

function build<C extends object>(script: CleanrlScript<C>, run: RunConfig, c: C, total: number | null, extra: { args?: [string, ArgValue][]; notes?: HandoffNote[] }): Handoff {
  const own = fieldArgs(script, c);
  const args: [string, ArgValue][] = [['env_id', run.env], ['seed', run.seed], ...(total === null ? [] : ([['total_timesteps', total]] as [string, ArgValue][])), ...own.args, ...(extra.args ?? [])];
  const budget = total === null ? [note('handoff.noBudget', { steps: argText(script.defaults.total_timesteps) })] : [];
  const notes = [...envNotes(run.env), ...bugNotes(run.bugs), ...budget, ...own.notes, ...(extra.notes ?? [])];
  return { script: script.path, args, command: formatCommand(script.path, args), notes, playgroundOnly: playgroundOnly(script) };
}

/** PPO: CleanRL anneals over total_timesteps, so an annealing length is the run's length there. */
export function cleanrlPpo(run: RunConfig, c: PpoConfig): Handoff {
  const script = envSpec(run.env).continuous ? CLEANRL_PPO_CONTINUOUS : CLEANRL_PPO;
  const total = run.totalSteps ?? c.annealSteps;
  const notes: HandoffNote[] = [];
  if (c.annealLr && c.annealSteps !== null && run.totalSteps !== null && c.annealSteps !== run.totalSteps) notes.push(note('handoff.annealSteps', { steps: c.annealSteps, total: run.totalSteps }));
  if (c.annealLr && total === null) notes.push(note('handoff.annealNoBudget'));
  return build(script, run, c, total, { notes });
}

/**
 * DQN: CleanRL's ε decays over exploration_fraction × total_timesteps; the playground's over
 * explorationFraction × scheduleSteps. Rescaling the fraction to the run's length keeps the same ε at
 * every step (a fraction above 1 is fine there: ε simply has not reached end_e when the run stops).
 */
export function cleanrlDqn(run: RunConfig, c: DqnConfig): Handoff {
  const schedule = c.scheduleSteps ?? run.totalSteps ?? Number(CLEANRL_DQN.defaults.total_timesteps);
  const total = run.totalSteps ?? c.scheduleSteps;
  const fraction = total === null ? c.explorationFraction : (c.explorationFraction * schedule) / total;
  return build(CLEANRL_DQN, run, c, total, { args: [['exploration_fraction', Number(fraction.toPrecision(12))]] });
}

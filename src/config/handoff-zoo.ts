// The same run as an rl-baselines3-zoo hyperparameter file (hyperparams/ppo.yml, dqn.yml format: one
// entry keyed by the env id, Stable-Baselines3 argument names), with notes where SB3 has no equivalent.
// One function per agent, field by field from its schema; keys are SB3's (stable_baselines3/ppo/ppo.py,
// dqn/dqn.py) and the zoo's own (n_envs, n_timesteps, normalize, policy_kwargs).

import type { DqnConfig } from './dqn-config.ts';
import { bugNotes, envNotes } from './handoff.ts';
import { note, type HandoffNote } from './handoff-text.ts';
import type { PpoConfig } from './ppo-config.ts';
import type { RunConfig } from './run-config.ts';

export interface ZooHandoff {
  algo: 'ppo' | 'dqn';
  /** The YAML file's text (one env entry). */
  yaml: string;
  /** The zoo's train.py command reading that file. */
  command: string;
  notes: HandoffNote[];
}

type YamlValue = number | boolean | string;
/** A YAML key, its value and an optional comment. */
type Row = [string, YamlValue, string?];

/** A number as PyYAML (YAML 1.1) reads it: exponents need the !!float tag. */
export function yamlNumber(v: number): string {
  const s = String(v);
  return /e/i.test(s) ? `!!float ${s}` : s;
}

function yamlValue(v: YamlValue): string {
  if (typeof v === 'number') return yamlNumber(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return /^lin_/.test(v) ? v : JSON.stringify(v);
}

/** A Python literal for policy_kwargs / normalize strings (the zoo evaluates them). */
function py(v: number | boolean | readonly number[]): string {
  if (Array.isArray(v)) return `[${v.join(', ')}]`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

function entry(env: string, rows: Row[]): string {
  const lines = [`${env}:`, ...rows.map(([k, v, comment]) => `  ${k}: ${yamlValue(v)}${comment ? `  # ${comment}` : ''}`)];
  return lines.join('\n') + '\n';
}

function command(algo: string, run: RunConfig): string {
  return `python train.py --algo ${algo} --env ${run.env} --seed ${run.seed} --conf-file ${algo}-${run.env}.yml`;
}

/**
 * What every zoo hand-off starts with: the env's and the bugs' notes, and the rows policy, n_timesteps
 * (`total`; noted where neither the run nor the config gave a budget) and n_envs.
 */
function zooStart(run: RunConfig, total: number, configBudget: number | null, numEnvs: number): { rows: Row[]; notes: HandoffNote[] } {
  const noBudget = run.totalSteps === null && configBudget === null;
  return { rows: [['policy', 'MlpPolicy'], ['n_timesteps', total, noBudget ? 'the run has no step budget' : undefined], ['n_envs', numEnvs]], notes: [...envNotes(run.env), ...bugNotes(run.bugs)] };
}

/** SB3 clips every gradient: "off" is a norm no gradient reaches. */
const NO_CLIP = 1e10;

export function zooPpo(run: RunConfig, c: PpoConfig): ZooHandoff {
  const total = run.totalSteps ?? c.annealSteps ?? 1_000_000;
  const batch = c.numEnvs * c.numSteps;
  const { rows, notes } = zooStart(run, total, c.annealSteps, c.numEnvs);
  const policy = [`net_arch=dict(pi=${py(c.hiddenSizes)}, vf=${py(c.hiddenSizes)})`, `activation_fn=nn.${c.activation === 'tanh' ? 'Tanh' : 'ReLU'}`, `ortho_init=${py(c.orthoInit)}`];
  if (c.logStdInit !== 0) policy.push(`log_std_init=${c.logStdInit}`);
  if (c.adamEps !== 1e-5) policy.push(`optimizer_kwargs=dict(eps=${c.adamEps})`);
  rows.push(
    ['n_steps', c.numSteps],
    ['batch_size', batch / c.numMinibatches],
    ['n_epochs', c.updateEpochs],
    ['learning_rate', c.annealLr ? `lin_${c.learningRate}` : c.learningRate],
    ['clip_range', c.annealClipCoef ? `lin_${c.clipCoef}` : c.clipCoef],
    ['gamma', c.gamma],
    ['gae_lambda', c.gaeLambda],
    ['ent_coef', c.entCoef],
    ['vf_coef', c.vfCoef],
    ['max_grad_norm', c.maxGradNorm ?? NO_CLIP, c.maxGradNorm === null ? 'no clipping' : undefined],
    ['normalize_advantage', c.normAdv],
  );
  if (c.clipVloss) {
    rows.push(['clip_range_vf', c.clipCoef]);
    notes.push(note('handoff.zoo.clipVloss'));
  }
  if (c.targetKl !== null) rows.push(['target_kl', c.targetKl]);
  if (c.normalizeObs || c.normalizeReturns) {
    const kw = [`'norm_obs': ${py(c.normalizeObs)}`, `'norm_reward': ${py(c.normalizeReturns)}`, `'clip_obs': ${c.obsClip}`];
    if (c.rewardClip !== null) kw.push(`'clip_reward': ${c.rewardClip}`);
    rows.push(['normalize', `{${kw.join(', ')}}`]);
    if (c.normalizeReturns && c.returnNormWarmup > 0) notes.push(note('handoff.zoo.returnNormWarmup', { steps: c.returnNormWarmup }));
    if (c.normalizeReturns && c.rewardClip === null) notes.push(note('handoff.zoo.rewardClipOff'));
  }
  rows.push(['policy_kwargs', `dict(${policy.join(', ')})`]);
  if (!c.bootstrapTruncated) notes.push(note('handoff.zoo.bootstrapOff'));
  if ((c.annealLr || c.annealClipCoef) && c.annealSteps !== null && c.annealSteps !== total) notes.push(note('handoff.zoo.annealSteps', { steps: c.annealSteps }));
  if (batch % c.numMinibatches !== 0) notes.push(note('handoff.zoo.minibatch', { batch }));
  return { algo: 'ppo', yaml: entry(run.env, rows), command: command('ppo', run), notes };
}

export function zooDqn(run: RunConfig, c: DqnConfig): ZooHandoff {
  const total = run.totalSteps ?? c.scheduleSteps ?? 500_000;
  const schedule = c.scheduleSteps ?? total;
  const { rows, notes } = zooStart(run, total, c.scheduleSteps, c.numEnvs);
  const policy = [`net_arch=${py(c.hiddenSizes)}`, `activation_fn=nn.${c.activation === 'tanh' ? 'Tanh' : 'ReLU'}`];
  if (c.adamEps !== 1e-8) policy.push(`optimizer_kwargs=dict(eps=${c.adamEps})`);
  rows.push(
    ['learning_rate', c.learningRate],
    ['batch_size', c.batchSize],
    ['buffer_size', c.bufferSize],
    ['learning_starts', c.learningStarts],
    ['gamma', c.gamma],
    ['tau', c.tau],
    ['target_update_interval', c.targetNetworkFrequency],
    ['train_freq', c.trainFreq],
    ['gradient_steps', c.gradientSteps],
    // SB3's ε decays over exploration_fraction × n_timesteps: rescaled so ε matches at every step.
    ['exploration_fraction', Number(((c.explorationFraction * schedule) / total).toPrecision(12))],
    ['exploration_initial_eps', c.startE],
    ['exploration_final_eps', c.endE],
    ['max_grad_norm', c.maxGradNorm ?? NO_CLIP, c.maxGradNorm === null ? 'no clipping' : undefined],
    ['policy_kwargs', `dict(${policy.join(', ')})`],
  );
  if (c.loss === 'mse') notes.push(note('handoff.zoo.mse'));
  if (c.doubleDqn) notes.push(note('handoff.zoo.doubleDqn'));
  if (!c.uniformWarmup) notes.push(note('handoff.zoo.uniformWarmup'));
  if (c.frameSkip > 1) notes.push(note('handoff.zoo.frameSkip', { skip: c.frameSkip }));
  return { algo: 'dqn', yaml: entry(run.env, rows), command: command('dqn', run), notes };
}

// What "Run this at scale" says about a setting with no equivalent in CleanRL or the SB3 zoo (handoff.ts,
// handoff-zoo.ts): English templates by key, with `{name}` parameters. The builders give a key and its
// parameters, never a finished sentence; the UI says them in its language (src/ui/i18n/handoff-text.ts; the
// zh pack has the same keys, typed by this table, in handoff-text-zh.ts). Its own module, so that only the
// lazily loaded hand-off dialog carries these sentences (the page's first chunk stays within its budget).

export const HANDOFF_TEXT = {
  'handoff.env': '{env} is a playground env with no Gymnasium registration: register your own port of it before running the command.',
  'handoff.bug': 'Bug "{bug}" is a playground toggle: the reference code runs without it (healthy).',
  'handoff.noBudget': 'The run has no step budget: CleanRL stops after its default {steps} steps.',
  'handoff.alwaysApplies': '{field} = off: {script} always applies {flag} (default {value}).',
  'handoff.fixed': '{field} = {value}: {script} {says}; edit the script to match.',
  'handoff.annealSteps': "annealSteps = {steps} differs from the run's {total} steps: CleanRL anneals over its whole run (total_timesteps).",
  'handoff.annealNoBudget': 'Without a step budget the playground does not anneal the learning rate; CleanRL anneals it over its whole run.',
  // What a CleanRL script hard-codes (CleanrlScript.roles … says), said after the script's path.
  'handoff.says.neverAnnealsClip': 'never anneals the clip range',
  'handoff.says.adamEps5': "fixes Adam's eps at 1e-5",
  'handoff.says.adamEps8': "uses Adam's default eps 1e-8",
  'handoff.says.hidden': 'builds {sizes} hidden layers',
  'handoff.says.tanh': 'uses tanh activations',
  'handoff.says.relu': 'uses ReLU activations',
  'handoff.says.orthoInit': 'always uses orthogonal initialisation',
  'handoff.says.logStd0': 'starts the log std at 0',
  'handoff.says.noBootstrap': 'treats time-limit truncation as termination (no bootstrap)',
  'handoff.says.alwaysNormReward': 'always wraps NormalizeReward',
  'handoff.says.neverNormReward': 'never normalises rewards',
  'handoff.says.clipReward10': 'clips normalised rewards to ±10',
  'handoff.says.neverClipReward': 'never clips rewards',
  'handoff.says.unprimedNorm': "starts NormalizeReward's statistics unprimed (no random-policy warm-up)",
  'handoff.says.alwaysNormObs': 'always wraps NormalizeObservation',
  'handoff.says.neverNormObs': 'never normalises observations',
  'handoff.says.clipObs10': 'clips normalised observations to ±10',
  'handoff.says.noFrameSkip': 'repeats no actions (frame skip 1)',
  'handoff.says.oneGradientStep': 'takes one gradient step per training phase',
  'handoff.says.mse': 'trains on the squared TD error (F.mse_loss)',
  'handoff.says.noDoubleDqn': 'has no Double DQN target',
  'handoff.says.noGradClip': 'does not clip gradients',
  'handoff.says.epsFromStart': 'acts ε-greedily from the first step',
  // Why a playground-only setting (CleanrlScript.roles … playgroundOnly) is left out of both hand-offs.
  'handoff.only.jsInference': 'the playground computes rollout actions in plain JS for speed (same numbers)',
  'handoff.only.computeUpdate': 'the playground can run the update in its own wasm SIMD kernels instead of tfjs for speed (same formulas, float32)',
  'handoff.only.computeSteps': 'the playground can run the gradient steps in its own wasm SIMD kernels instead of tfjs for speed (same formulas, float32)',
  'handoff.only.reporting': 'how often the playground reports diagnostics; CleanRL logs its own scalars',
  // Where SB3 / the zoo differs (handoff-zoo.ts).
  'handoff.zoo.clipVloss': "clipVloss: SB3's clip_range_vf clips the value prediction; CleanRL takes the larger of the clipped and unclipped losses.",
  'handoff.zoo.returnNormWarmup': 'returnNormWarmup = {steps}: VecNormalize has no random-policy warm-up of its return statistics.',
  'handoff.zoo.rewardClipOff': 'rewardClip = off: VecNormalize clips normalised rewards (clip_reward 10 by default).',
  'handoff.zoo.bootstrapOff': 'bootstrapTruncated = off: SB3 always bootstraps time-limit truncations from V(final observation).',
  'handoff.zoo.annealSteps': "annealSteps = {steps}: SB3's lin_ schedules run over n_timesteps.",
  'handoff.zoo.minibatch': 'numEnvs × numSteps ({batch}) is not a multiple of numMinibatches: SB3 takes a smaller last minibatch.',
  'handoff.zoo.mse': 'loss = mse: SB3 DQN always trains on the Huber loss (smooth_l1_loss).',
  'handoff.zoo.doubleDqn': 'doubleDqn: SB3 DQN has no Double DQN target.',
  'handoff.zoo.uniformWarmup': 'uniformWarmup = off: SB3 acts uniformly at random until learning_starts.',
  'handoff.zoo.frameSkip': 'frameSkip = {skip}: add an action-repeat wrapper (env_wrapper) for classic-control envs.',
} as const satisfies Record<string, string>;

export type HandoffTextKey = keyof typeof HANDOFF_TEXT;
/** A phrase a note says inside another (what a script hard-codes). */
export type HandoffSays = { [K in HandoffTextKey]: K extends `handoff.says.${string}` ? K : never }[HandoffTextKey];

/** A phrase said inside a note, with its own parameters. */
export interface SaysPhrase {
  says: HandoffSays;
  params?: Readonly<Record<string, string | number>>;
}

/** Why a setting is playground-only. */
export type HandoffOnly = { [K in HandoffTextKey]: K extends `handoff.only.${string}` ? K : never }[HandoffTextKey];

/** A parameter: a value as written (numbers, field names, flags, paths), or a phrase said in the reader's language. */
export type HandoffParam = string | number | SaysPhrase;

/** A note: a key of HANDOFF_TEXT and its parameters. */
export interface HandoffNote {
  key: HandoffTextKey;
  params?: Readonly<Record<string, HandoffParam>>;
}

export function note(key: HandoffTextKey, params?: Record<string, HandoffParam>): HandoffNote {
  return params ? { key, params } : { key };
}

export function says(key: HandoffSays, params?: Record<string, string | number>): SaysPhrase {
  return params ? { says: key, params } : { says: key };
}

function fill(template: string, params: Readonly<Record<string, string | number>> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}

/** `n` with the templates of `table` (a language's table; a key it lacks is said in English). */
export function handoffNoteIn(table: Readonly<Partial<Record<HandoffTextKey, string>>>, n: HandoffNote): string {
  const text = (key: HandoffTextKey) => table[key] || HANDOFF_TEXT[key];
  const params: Record<string, string | number> = {};
  for (const [name, p] of Object.entries(n.params ?? {})) params[name] = typeof p === 'object' ? fill(text(p.says), p.params) : p;
  return fill(text(n.key), params);
}

/** The English sentence of a note (tests, and anything outside the UI). */
export function handoffNoteEn(n: HandoffNote): string {
  return handoffNoteIn(HANDOFF_TEXT, n);
}

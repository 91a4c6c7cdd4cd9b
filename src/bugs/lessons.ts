// Guided lessons of the bug lab, as data: each asks one question about one deliberate bug, has the
// user predict which chart moves first and which way, then runs healthy and broken side by side
// (same seed) and shows the chart that departed first. Opened by URL: `#lesson=<id>`.
// Pure data plus a shape check against the bug catalogue; whether a lesson can run in this build
// (its bugs implemented for its agent, its preset available) is checked by the UI (src/ui/lab/).

import type { EnvId } from '../envs/types.ts';
import { findBug, type BugAgent } from './catalog.ts';

/** What the user predicts a chart will do once the bug is on, relative to the healthy run. */
export { PREDICTED_DIRECTIONS, type PredictedDirection } from './predicted-directions.ts';

export interface Lesson {
  /** URL id (`#lesson=<id>`): lowercase, digits, dashes. */
  id: string;
  /** The question, as the lesson's title. */
  title: string;
  /** One or two sentences that set the experiment up before the prediction. */
  question: string;
  env: EnvId;
  agent: BugAgent;
  preset: string;
  /** Bug ids switched on in the broken run (the healthy run has none). */
  bugs: readonly string[];
  /** Hyperparameter overrides shared by both runs (e.g. a ReLU network). */
  overrides?: Readonly<Record<string, number | boolean | string>>;
  /** Env steps each run gets. */
  steps: number;
  /** Charts offered for the prediction (metric keys), 3 to 5, at least one of them watched by a bug. */
  choices: readonly string[];
  /** Keys checked for the first departure; default: the bugs' `watch` keys in catalogue order. */
  watch?: readonly string[];
  /** What to take away, shown with the result. */
  takeaway: string;
  /** Where the bug first helps before it hurts: shown on the card from the start, so an early good look is framed. */
  helpsFirst?: string;
}

const CARTPOLE: EnvId = 'CartPole-v1';

export const LESSONS: readonly Lesson[] = [
  {
    id: 'lr-too-high',
    title: 'What does a too-high learning rate look like?',
    question: 'PPO on CartPole, once with its healthy learning rate and once with it 30× higher. Before the return does anything, which diagnostic gives it away?',
    env: CARTPOLE,
    agent: 'ppo',
    preset: 'playground',
    bugs: ['lr_too_high'],
    steps: 60_000,
    choices: ['losses/approx_kl', 'losses/clipfrac', 'charts/episodic_return', 'losses/value_loss', 'memory/num_tensors'],
    takeaway: 'The KL between old and new policy and the share of clipped samples measure how far each update moved the policy (healthy PPO: KL below ~0.02, a small clip fraction). A too-large step shows there from the first update (seed 1: KL 0.039 vs 0.0007, clip fraction 0.31 vs 0), whatever the return then does.',
    helpsFirst:
      'It can look better, not worse: bigger steps let the critic catch up with the returns sooner (explained variance and value lead for the first ~10k steps), and on CartPole, seed 1, the broken run reaches 500 by ~10k steps while the healthy one is near 270 at 60k. Do not be fooled: approx KL and the clip fraction are 10× the healthy run\'s and more from the first update, and the policy\'s entropy collapses. Each update moves the policy further than PPO\'s clip is meant to allow, a gamble this easy task happens to reward: the return alone cannot tell you the step size is wrong. Measured (seed 1), the return never pays for it here: the broken run holds 500 through 200k CartPole steps, and on Acrobot it matches the healthy run over 100k; the harm to see is in the diagnostics, a policy that has stopped exploring.',
  },
  {
    id: 'return-normalization',
    title: 'Why normalise returns?',
    question: 'The critic of PPO learns CartPole returns of ~100 directly instead of normalised ones. Which chart shows the critic falling behind?',
    env: CARTPOLE,
    agent: 'ppo',
    preset: 'playground',
    bugs: ['no_return_normalization'],
    steps: 60_000,
    choices: ['diagnostics/value_mean', 'losses/entropy', 'losses/approx_kl', 'charts/episodic_length'],
    takeaway: 'Predicted values start near 0 and the observed discounted returns reach ~100: without normalisation the value head needs a long time to catch up, and its loss dominates the gradient.',
  },
  {
    id: 'np-empty',
    title: 'The np.empty bug',
    question: 'A buffer of value targets is reused without clearing, and one branch forgets to write its slot. The means look fine. Where do the stale values show?',
    env: CARTPOLE,
    agent: 'vpg',
    preset: 'playground',
    bugs: ['uninitialized_buffer'],
    steps: 40_000,
    choices: ['diagnostics/value_target_min', 'diagnostics/value_target_max', 'losses/policy_loss', 'losses/entropy', 'charts/episodic_return'],
    // VPG's stale slot is an earlier batch's return, itself in range, so the top of the batch barely moves
    // (seed 1: no departure of value_target_max or advantage_min in 40k steps, scripts/lesson-check.ts); the
    // bottom does: a terminated episode's last target is its last reward, 1 on CartPole, in a healthy run.
    watch: ['diagnostics/value_target_min', 'diagnostics/value_target_max', 'diagnostics/advantage_min'],
    takeaway: "Stale slots are invisible in averages; only the extremes of the batch show them. A finished episode's last value target is its last reward (1 on CartPole): in the broken run the smallest target climbs to 10–60 as old returns leak into every episode's tail, and the return stalls (about 50 against 500 at 40k steps, seed 1). Allocate with zeros (or NaN) and check ranges.",
  },
  {
    id: 'target-aliasing',
    title: 'Target network aliasing',
    question: "DQN's target network is the online network itself, so each target moves with the update chasing it. Which chart runs away first?",
    env: CARTPOLE,
    agent: 'dqn',
    preset: 'playground',
    bugs: ['target_aliases_online'],
    steps: 50_000,
    choices: ['losses/q_values_max', 'losses/entropy', 'charts/episodic_length', 'memory/num_tensors'],
    takeaway: 'Q-values feed on their own over-estimates and drift past r_max / (1 − γ): a bound you can compute before training.',
  },
  {
    id: 'summed-loss',
    title: 'Summed vs averaged loss',
    question: 'A2C sums its loss over the batch instead of averaging it. Nothing else changes. What moves first?',
    env: CARTPOLE,
    agent: 'a2c',
    preset: 'playground',
    bugs: ['sum_instead_of_mean_loss'],
    steps: 50_000,
    choices: ['diagnostics/grad_norm', 'losses/explained_variance', 'charts/episodic_length', 'memory/num_tensors'],
    takeaway: 'A sum is a mean times the batch size, so every gradient grows with the batch: the gradient norm shows the factor directly. A2C\'s RMSprop divides by the running gradient scale, so its steps barely grow; under plain SGD the effective learning rate would grow with the batch too.',
  },
  {
    id: 'ignoring-done',
    title: 'Ignoring done',
    question: 'DQN bootstraps through terminal states, as if falling over were followed by more reward. Which chart shows values that cannot be true?',
    env: CARTPOLE,
    agent: 'dqn',
    preset: 'playground',
    bugs: ['ignore_done'],
    steps: 50_000,
    // value_target_max is offered: it is watched and departed first in scripts/lesson-check.ts (seed 1).
    choices: ['losses/q_values_max', 'diagnostics/value_target_max', 'losses/td_loss', 'losses/entropy', 'charts/episodic_return'],
    watch: ['losses/q_values_max', 'losses/q_values', 'diagnostics/value_target_max'],
    takeaway: 'With γ = 0.99 and reward 1 per step, Q is at most 100, and an agent whose episodes last ~10 steps should value its states near 10. DQN keeps the true last observation of each episode, so ignoring done makes every fall bootstrap from γ·max Q(that observation): no target ever stops at the last reward, and Q climbs towards the 100 an endless episode would pay while the return collapses, since falling no longer costs anything.',
  },
  {
    id: 'entropy-too-high',
    title: 'Entropy coefficient too high',
    question: 'Healthy A2C has no entropy bonus (SB3: ent_coef 0); the broken run weights it 0.5, 50× the 0.01 of CleanRL\'s PPO, so staying random pays. Which chart tells you before the return stalls?',
    env: CARTPOLE,
    agent: 'a2c',
    preset: 'playground',
    bugs: ['entropy_coef_too_high'],
    steps: 50_000,
    choices: ['losses/entropy', 'losses/value_loss', 'diagnostics/grad_norm', 'memory/num_tensors'],
    takeaway: 'Healthy entropy falls as the policy becomes sure of itself; here it stays near ln N, the entropy of a coin flip on CartPole\'s two actions.',
  },
  {
    id: 'too-many-epochs',
    title: 'Too many epochs',
    question: 'PPO makes 30 passes over each rollout with no KL early stop. Which chart leaves its healthy range first?',
    env: CARTPOLE,
    agent: 'ppo',
    preset: 'playground',
    bugs: ['too_many_epochs'],
    steps: 60_000,
    choices: ['losses/approx_kl', 'losses/clipfrac', 'losses/explained_variance', 'charts/episodic_length', 'memory/num_tensors'],
    takeaway: 'Every extra epoch walks the policy further from the one that collected the data; approx_kl and the clip fraction measure how far.',
    helpsFirst:
      'It can look better, not worse: on CartPole, seed 1, the 30-epoch run reaches 500 by ~20k steps and holds it to 60k, while the healthy run hovers near 250 (scripts/lesson-check.ts). Do not be fooled: from the first update the clip fraction is 0.07 against 0.002, approx KL runs 3–10× the healthy run\'s, and entropy falls to 0.30 against 0.50. Each rollout is squeezed further than PPO\'s clip is meant to allow; this easy task rewards it, and the return alone cannot tell you the updates are too large.',
  },
  {
    id: 'stale-rollout',
    title: 'Stale rollout',
    question: "PPO updates on the previous iteration's rollout, with log-probs from an older policy. What is off before the first gradient step?",
    env: CARTPOLE,
    agent: 'ppo',
    preset: 'playground',
    bugs: ['stale_rollout'],
    steps: 60_000,
    choices: ['losses/first_ratio_dev', 'losses/approx_kl', 'losses/value_loss', 'charts/episodic_length'],
    takeaway: 'On fresh data the probability ratio is exactly 1 on the first minibatch; on stale data it is off before any update, by the whole previous update, and the KL logged after the update carries that drift too.',
  },
  {
    id: 'tensor-leak',
    title: 'Tensor leak',
    question: 'VPG forgets to dispose one intermediate tensor per update. Learning is unaffected at first. Where does it show?',
    env: CARTPOLE,
    agent: 'vpg',
    preset: 'playground',
    bugs: ['tensor_leak'],
    steps: 30_000,
    choices: ['memory/num_tensors', 'charts/SPS', 'losses/entropy', 'charts/episodic_return'],
    takeaway: 'tf.memory().numTensors should be flat between updates; a line that rises by the same amount every update is a leak, whatever the return does.',
  },
  {
    id: 'dead-relus',
    title: 'Dead ReLUs',
    question: "DQN's ReLU network starts with large negative biases. Which chart says most of the network is switched off?",
    env: CARTPOLE,
    agent: 'dqn',
    preset: 'playground',
    bugs: ['dead_relu_init'],
    steps: 40_000,
    choices: ['diagnostics/dead_relu_frac', 'losses/td_loss', 'charts/episodic_length', 'memory/num_tensors'],
    takeaway: 'A ReLU unit that outputs 0 for every input passes no gradient and never recovers; the dead fraction per layer shows it from the first batch.',
  },
  {
    id: 'time-limits',
    title: 'Time limits are not terminal',
    question: 'Pendulum episodes always end at the 200-step time limit. PPO treats that cut as a true end (value 0). Which chart shows the critic confused?',
    env: 'Pendulum-v1',
    agent: 'ppo',
    preset: 'playground',
    bugs: ['truncation_as_termination'],
    steps: 100_000,
    choices: ['diagnostics/advantage_max', 'losses/explained_variance', 'losses/approx_kl', 'losses/entropy'],
    takeaway: 'The state at the time limit looks like any other state, yet its target counts nothing after it: the advantage of the last step before every cut jumps, and the critic, which cannot see the clock, explains less of the return.',
  },
  {
    id: 'huber-loss',
    title: 'Why DQN uses the Huber loss',
    question: 'DQN squares its TD errors instead of using the Huber loss. Which chart spikes on the large errors?',
    env: CARTPOLE,
    agent: 'dqn',
    preset: 'playground',
    bugs: ['mse_instead_of_huber'],
    steps: 50_000,
    choices: ['diagnostics/grad_norm', 'losses/entropy', 'charts/episodic_length', 'memory/num_tensors'],
    takeaway: "Huber's gradient is bounded by 1 per sample; a squared error's grows with the error, so rare large TD errors dominate the update.",
  },
  {
    id: 'epsilon-decay',
    title: 'Exploration that ends too soon',
    question: "DQN's ε reaches its floor within a few hundred steps. What changes first?",
    env: CARTPOLE,
    agent: 'dqn',
    preset: 'playground',
    bugs: ['epsilon_decay_too_fast'],
    steps: 40_000,
    choices: ['charts/epsilon', 'losses/td_loss', 'diagnostics/grad_norm', 'memory/num_tensors'],
    takeaway: 'ε is a schedule you chose, not something learned: plot it, and make it last a good fraction of training.',
  },
  {
    id: 'frame-skip-reward',
    title: 'Frame skip: sum the rewards',
    question: 'DQN repeats each action for 4 frames in both runs; the broken one keeps only the last frame’s reward. Which chart tells you the reward is on the wrong scale?',
    env: CARTPOLE,
    agent: 'dqn',
    preset: 'playground',
    bugs: ['reward_not_summed_over_skip'],
    overrides: { frameSkip: 4 },
    steps: 20_000,
    choices: ['charts/episodic_return', 'losses/q_values', 'losses/td_loss', 'charts/epsilon'],
    takeaway: 'With action repeat, the agent’s reward is the sum over the repeated frames: a return or Q-value on a fraction of the expected scale is the tell.',
  },
  {
    id: 'advantage-normalization',
    title: 'Why normalise advantages?',
    question: 'PPO trains on the raw advantages instead of normalising them per minibatch (returns are still normalised). Which chart changes first, and which way?',
    env: CARTPOLE,
    agent: 'ppo',
    preset: 'playground',
    bugs: ['no_advantage_normalization'],
    steps: 30_000,
    choices: ['losses/policy_loss', 'losses/approx_kl', 'losses/clipfrac', 'losses/entropy'],
    takeaway: 'Normalising advantages per minibatch removes their mean and fixes their scale, so the clip range, not the reward scale, sets how far one update moves the policy.',
  },
  {
    id: 'mbrl-normalize-rollouts',
    title: 'Normalise inside imagined rollouts',
    question: 'A model-based agent plans on Pendulum by rolling its learned model 30 steps forward. In the broken run, every state the model predicts is fed back into it without normalisation. Training is untouched. Which chart gives it away?',
    env: 'Pendulum-v1',
    agent: 'mbrl',
    preset: 'playground',
    bugs: ['no_renormalize_in_rollout'],
    steps: 2000,
    choices: ['model/multistep_error', 'model/one_step_error', 'model/val_loss', 'charts/episodic_return'],
    takeaway: 'Training, validation and one-step predictions all normalise their input, so those charts look healthy (measured, seed 1: one-step error 1e-6 to 5e-3 in both runs; the broken run\'s validation loss is even lower, as a pendulum left hanging is easy to predict). Only an open-loop rollout feeds the model its own output, here in raw units. Read the short horizons of the multi-step chart: from the second planned episode on, the error 2 to 10 steps ahead is 0.018–0.98 against the healthy run\'s 7e-7 to 0.005: 70–230× in that episode, 1,000× and more from the third. At k = 30 both runs are high (a pendulum\'s 30-step open-loop prediction drifts even with a good model), so the line at the horizon alone would not tell you. Plot model error against the horizon, not just the one-step loss.',
  },
  {
    id: 'mbrl-horizon',
    title: 'A perfect model with a myopic planner',
    question: 'The same agent plans one step ahead instead of thirty. Its model learns as well as the healthy one. What shows that the planner cannot tell its candidate actions apart?',
    env: 'Pendulum-v1',
    agent: 'mbrl',
    preset: 'playground',
    bugs: ['horizon_too_short'],
    steps: 2000,
    choices: ['planner/candidate_return_std', 'model/one_step_error', 'model/val_loss', 'charts/episodic_return'],
    takeaway: 'One step ahead, every torque leaves the pendulum almost where it is: the candidates\' imagined returns differ by about 0.0009 (healthy, 30 steps ahead: 30–44; measured, seed 1), so the choice is arbitrary and the pendulum never swings up (episodes −650 to −1470 while the healthy run holds about −120 from its fifth episode), though its model is as accurate as the healthy one\'s (one-step error 1e-7 to 1e-5 in both; its validation loss is even lower, as hanging near the bottom is easy to predict). A horizon must reach the consequence that matters; too long and the compounding model error takes over instead (horizon_too_long).',
  },
];

/** The lesson with this id, or undefined. */
export function findLesson(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}

/** Keys checked for the lesson's first departure: its own list, else its bugs' watch keys (deduplicated, in order). */
export function lessonWatchKeys(lesson: Lesson): string[] {
  if (lesson.watch) return [...lesson.watch];
  const keys: string[] = [];
  for (const id of lesson.bugs) for (const w of findBug(id)?.watch ?? []) if (!keys.includes(w.key)) keys.push(w.key);
  return keys;
}

/**
 * Problems with one lesson's data against the bug catalogue, one message each (empty: fine).
 * `knownKey(agent, key)` says whether the agent reports a metric key (catalogue keys, per-layer bases included).
 */
export function lessonProblems(lesson: Lesson, knownKey: (agent: BugAgent, key: string) => boolean): string[] {
  const p: string[] = [];
  const at = `lesson '${lesson.id}'`;
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(lesson.id)) p.push(`${at}: id must be lowercase words joined by dashes`);
  if (lesson.title.trim() === '' || lesson.question.trim() === '' || lesson.takeaway.trim() === '') p.push(`${at}: title, question and takeaway must be filled in`);
  if (!Number.isSafeInteger(lesson.steps) || lesson.steps < 1000) p.push(`${at}: steps must be an integer ≥ 1000`);
  if (lesson.bugs.length === 0) p.push(`${at}: needs at least one bug`);
  for (const id of lesson.bugs) {
    const bug = findBug(id);
    if (!bug) p.push(`${at}: unknown bug '${id}'`);
    else if (!bug.agents.includes(lesson.agent)) p.push(`${at}: bug '${id}' does not apply to ${lesson.agent}`);
  }
  if (lesson.choices.length < 3 || lesson.choices.length > 5) p.push(`${at}: offer 3 to 5 charts to predict from`);
  if (new Set(lesson.choices).size !== lesson.choices.length) p.push(`${at}: a chart is offered twice`);
  const watched = lessonWatchKeys(lesson);
  if (watched.length === 0) p.push(`${at}: nothing to watch`);
  if (!lesson.choices.some((k) => watched.includes(k))) p.push(`${at}: no offered chart is watched for the bug`);
  for (const k of lesson.choices) if (!knownKey(lesson.agent, k)) p.push(`${at}: ${lesson.agent} does not report '${k}'`);
  // Watched keys the agent lacks are skipped at run time (a bug's watch list covers every agent); one must remain.
  if (watched.length > 0 && !watched.some((k) => knownKey(lesson.agent, k))) p.push(`${at}: ${lesson.agent} reports none of the watched keys`);
  return p;
}

/** Problems with the whole list: each lesson's, plus duplicate ids. */
export function lessonsProblems(lessons: readonly Lesson[], knownKey: (agent: BugAgent, key: string) => boolean): string[] {
  const p = lessons.flatMap((l) => lessonProblems(l, knownKey));
  const seen = new Set<string>();
  for (const l of lessons) {
    if (seen.has(l.id)) p.push(`lesson id '${l.id}' is used twice`);
    seen.add(l.id);
  }
  return p;
}

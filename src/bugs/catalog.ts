// The bug catalogue: every deliberate mistake the playground can switch on, as data, and the one
// place that says which agent implements which bug. `BugId`, each agent's flags (`bugFlags`) and the
// ids a run may switch on (`bugsOf`) derive from it. Each agent checks its flag inline at the line
// the mistake breaks, marked `// BUG <id>:` (a unit test holds every agent to it).
// DIAGNOSTICS.md §3 is the source.

import { MBRL_BUGS } from './catalog-mbrl.ts';

export type BugAgent = 'ppo' | 'dqn' | 'vpg' | 'a2c' | 'mbrl';

/** How a watched metric should move when the bug is on, compared with the healthy run. */
export type Direction = 'up' | 'down' | 'spikes' | 'oscillates' | 'out_of_range' | 'rises_linearly' | 'lags' | 'stalls';

export interface WatchedMetric {
  key: string;
  direction: Direction;
  /** One line: what the user should see on this chart. */
  what: string;
}

export interface Bug {
  id: string;
  /** Other names DIAGNOSTICS.md gives the same mistake, accepted wherever an id is (URL, CLI). */
  aliases?: readonly string[];
  title: string;
  agents: readonly BugAgent[];
  /** Only for envs with this kind of action space; undefined = any env. A run elsewhere is refused with the reason. */
  envs?: 'continuous' | 'discrete';
  /**
   * Settings without which the broken code path does not exist or changes nothing (frame skip for
   * reward_not_summed_over_skip, a return normaliser for no_return_normalization). Switching the bug on in the
   * UI sets each unmet one to `set` for both runs, so the healthy twin differs by the bug alone; a run config
   * with the bug but without the setting is refused with `why` (CLI: exit 2). A requirement on a field the
   * agent's schema does not have does not apply to that agent.
   */
  requires?: readonly Requirement[];
  /** An env on which a short seeded run shows the bug's effect (default: CartPole-v1, or Pendulum-v1 for continuous-only bugs). */
  showsOn?: 'CartPole-v1' | 'Pendulum-v1' | 'MountainCar-v0' | 'Acrobot-v1';
  /** What the mistake is, in plain words. */
  explanation: string;
  /** The charts to watch, in the order the symptom shows up. */
  watch: readonly WatchedMetric[];
  /** How a practitioner fixes it. */
  fix: string;
  /** Where the lesson comes from. */
  reference: { title: string; url: string };
}

const ICLR_PPO = {
  title: 'Huang et al., The 37 Implementation Details of PPO (ICLR blog track 2022)',
  url: 'https://iclr-blog-track.github.io/2022/03/25/ppo-implementation-details/',
};
const PROBE_POST = { title: 'Andy Jones, Debugging RL, Without the Agonizing Pain', url: 'https://andyljones.com/posts/rl-debugging.html' };
const DQN_NATURE = { title: 'Mnih et al., Human-level control through deep reinforcement learning (Nature 2015)', url: 'https://www.nature.com/articles/nature14236' };

/** A setting a bug needs (see Bug.requires): met when the resolved value is ≥ min, equals `equals`, or is not null. */
export interface Requirement {
  field: string;
  min?: number;
  equals?: string | number | boolean;
  notNull?: true;
  /** The value both runs get when the requirement is unmet. */
  set: string | number | boolean;
  why: string;
}

export function requirementMet(req: Requirement, value: unknown): boolean {
  if (req.min !== undefined) return typeof value === 'number' && value >= req.min;
  if (req.equals !== undefined) return value === req.equals;
  return value !== null && value !== undefined;
}

/** "frameSkip ≥ 2", "activation = relu", "maxGradNorm set". */
export function describeRequirement(req: Requirement): string {
  if (req.min !== undefined) return `${req.field} ≥ ${req.min}`;
  if (req.equals !== undefined) return `${req.field} = ${String(req.equals)}`;
  return `${req.field} set`;
}

export const BUGS = [
  {
    id: 'lr_too_high',
    title: 'Learning rate too high',
    agents: ['ppo', 'dqn', 'vpg', 'a2c'],
    explanation:
      'The optimiser takes steps 30× larger than the healthy learning rate. Each update moves the policy far from the one that collected the data, so progress can be undone as fast as it is made; on an easy task the big steps may instead get there sooner, which is why the return is the wrong chart to judge the learning rate by.',
    watch: [
      { key: 'losses/approx_kl', direction: 'spikes', what: 'PPO, VPG, A2C: KL between old and new policy 10× the healthy run\'s and more, spiking towards or past 0.02 (PPO on CartPole, seed 1: 0.039 vs 0.0007 at the first update, median 0.0046 vs 0.0003 over 60k steps)' },
      { key: 'losses/clipfrac', direction: 'up', what: 'PPO: a large share of samples hit the clip (seed 1: 0.31 vs 0 at the first update)' },
      { key: 'losses/entropy', direction: 'oscillates', what: 'PPO, VPG, A2C: entropy collapses or swings (PPO, seed 1, 60k steps: 0.28 vs 0.50; DQN\'s entropy follows its ε schedule alone, the same in both runs)' },
      { key: 'diagnostics/grad_norm', direction: 'up', what: 'DQN: gradient norm grows (CartPole, seed 1, 15k steps: median 2.3 vs 1.3; PPO\'s does not)' },
      { key: 'diagnostics/dead_relu_frac', direction: 'up', what: 'DQN: the large steps kill most first-layer ReLUs (CartPole, seed 1, 15k steps: 0.61 vs 0.05)' },
      { key: 'charts/episodic_return', direction: 'oscillates', what: 'the return alone does not show it: on CartPole, seed 1, DQN\'s falls back (100 vs 174 at 15k steps) while PPO\'s reaches 500 sooner than the healthy run (which settles near 240 at 60k)' },
    ],
    fix: 'Lower the learning rate (PPO: 2.5e-4 to 3e-4 with Adam), anneal it, and keep approx_kl below ~0.02.',
    reference: ICLR_PPO,
  },
  {
    id: 'no_return_normalization',
    title: 'No return normalisation',
    agents: ['ppo', 'a2c', 'vpg'],
    requires: [{ field: 'normalizeReturns', equals: true, set: true, why: 'without a return normaliser in the config there is nothing to remove, so both runs scale rewards and only the broken one skips it' }],
    explanation:
      'The critic regresses on raw discounted returns. On CartPole these reach ~100, so the value head (initialised near 0, trained with a small learning rate) needs a long time to catch up while its huge loss dominates the shared gradient budget.',
    watch: [
      { key: 'diagnostics/value_mean', direction: 'lags', what: 'predicted value lags far below the observed return' },
      { key: 'losses/value_loss', direction: 'up', what: 'value loss in the hundreds or thousands' },
      { key: 'losses/explained_variance', direction: 'down', what: 'explained variance stays low' },
    ],
    fix: 'Scale rewards by a running std of the discounted return (Gymnasium NormalizeReward / SB3 VecNormalize).',
    reference: ICLR_PPO,
  },
  {
    id: 'uninitialized_buffer',
    title: 'Uninitialised buffer (the np.empty bug)',
    agents: ['ppo', 'vpg', 'dqn'],
    explanation:
      'A buffer is allocated once and reused without clearing (np.empty instead of np.zeros), and one code path forgets to write some slots: the terminal branch of the target computation skips its write (VPG: the return after an episode\'s last step). Those slots keep whatever an earlier batch, or the allocation, left there, so means look plausible while the extremes become impossible. DQN\'s replay buffer also starts as leftovers and samples one row past the last one written.',
    watch: [
      { key: 'diagnostics/value_target_max', direction: 'out_of_range', what: 'value targets beyond the largest possible return' },
      { key: 'diagnostics/advantage_min', direction: 'out_of_range', what: 'PPO, VPG: advantages beyond any possible return difference' },
      { key: 'losses/q_values_max', direction: 'out_of_range', what: 'DQN: Q-values beyond r_max / (1 − γ)' },
    ],
    fix: 'Allocate with zeros (or NaN, so a forgotten write is loud), write every branch, and assert targets lie within the possible range.',
    reference: PROBE_POST,
  },
  {
    id: 'target_aliases_online',
    aliases: ['no_target_network'],
    title: 'Target network aliases the online network',
    agents: ['dqn'],
    explanation:
      'The "target" network is the same weights object as the online network, so every bootstrap target moves with the very update that is chasing it. Over-estimation feeds on itself.',
    watch: [
      { key: 'losses/q_values_max', direction: 'up', what: 'Q-values drift upward past r_max / (1 − γ)' },
      { key: 'losses/td_loss', direction: 'spikes', what: 'TD loss noisy' },
      { key: 'charts/episodic_return', direction: 'oscillates', what: 'return unstable' },
    ],
    fix: 'Keep a separate copy of the weights and update it every `target_network_frequency` steps (or with Polyak τ).',
    reference: DQN_NATURE,
  },
  {
    id: 'sum_instead_of_mean_loss',
    title: 'Loss summed instead of averaged',
    agents: ['ppo', 'dqn', 'vpg', 'a2c'],
    explanation:
      'The loss is summed over the minibatch instead of averaged, so every gradient is batch-size times larger. Under plain SGD that is an accidental learning-rate multiplier; Adam and RMSprop divide by the running gradient scale and mostly hide it, and where the gradient norm is clipped (PPO, A2C) the clip now acts on every update. The bug lies dormant until someone changes the optimiser, the batch size or the clipping threshold.',
    watch: [
      { key: 'diagnostics/grad_norm', direction: 'up', what: 'gradient norm × batch size' },
      { key: 'losses/value_loss', direction: 'up', what: 'PPO, VPG, A2C: reported value loss × batch size' },
      { key: 'losses/td_loss', direction: 'up', what: 'DQN: reported TD loss × batch size' },
    ],
    fix: 'Average over the batch (`.mean()`), so the learning rate means the same thing at every batch size.',
    reference: ICLR_PPO,
  },
  {
    id: 'mse_instead_of_huber',
    title: 'Squared TD error instead of Huber',
    agents: ['dqn'],
    requires: [{ field: 'loss', equals: 'huber', set: 'huber', why: "a preset that already trains on MSE (CleanRL's dqn.py) has no Huber loss to replace, so both runs start from Huber" }],
    explanation:
      'The TD loss is squared everywhere, so one large TD error produces a gradient proportional to its size instead of a bounded one.',
    watch: [
      { key: 'diagnostics/grad_norm', direction: 'spikes', what: 'gradient norm spikes on large TD errors' },
      { key: 'losses/q_values', direction: 'oscillates', what: 'Q-values jump between updates' },
    ],
    fix: 'Use the Huber (smooth L1) loss, as the Nature DQN does with its error clipping.',
    reference: DQN_NATURE,
  },
  {
    id: 'ignore_done',
    title: 'Bootstrapping through terminal states',
    agents: ['ppo', 'dqn', 'vpg', 'a2c'],
    explanation:
      'The done flag is ignored when computing targets, so the return runs on past the end of the episode. PPO, A2C and VPG add the value of the next stored observation (really the next episode\'s first state; VPG without a baseline, the return of the episode stored after it); DQN, which stores the true final observation, adds γ·max Q(final observation), the value of a state after which nothing more can be earned. Either way the agent believes falling over is followed by more reward.',
    watch: [
      { key: 'diagnostics/value_mean', direction: 'up', what: 'PPO, VPG, A2C: predicted value far above the observed return, climbing towards or past 1/(1 − γ) = 100 on CartPole (PPO, seed 1, 30k steps: 86 vs an observed 8)' },
      { key: 'losses/q_values_max', direction: 'up', what: 'DQN: Q climbs towards r_max / (1 − γ) = 100 on CartPole while its episodes last ~10 steps (seed 1, 15k steps: 43 vs 24)' },
      { key: 'losses/explained_variance', direction: 'down', what: 'PPO, VPG, A2C: explained variance falls below 0 (PPO, seed 1: −4.3 vs 0.89)' },
      { key: 'charts/episodic_return', direction: 'down', what: 'return collapses below a random policy\'s (seed 1: PPO 14 vs 190 at 30k steps, DQN 9 vs 174 at 15k)' },
    ],
    fix: 'Multiply the bootstrap term by (1 − terminated).',
    reference: PROBE_POST,
  },
  {
    id: 'truncation_as_termination',
    title: 'Time-limit truncation treated as termination',
    agents: ['ppo', 'dqn'],
    requires: [{ field: 'bootstrapTruncated', equals: true, set: true, why: "a preset that already ends the return at a truncation (CleanRL's ppo.py) has nothing to break, so both runs bootstrap truncated episodes" }],
    showsOn: 'MountainCar-v0',
    explanation:
      'When an episode is cut by the time limit, the target treats it as a true end (value 0) instead of bootstrapping from the state it was cut in. States near the limit look worthless for no reason the agent can see.',
    watch: [
      { key: 'diagnostics/advantage_max', direction: 'up', what: 'PPO: the last step before each cut gets a large advantage: its target counts nothing after it (MountainCar, Pendulum: every step costs, and the costs simply stop)' },
      { key: 'losses/explained_variance', direction: 'down', what: 'PPO: explained variance lower than healthy' },
      { key: 'losses/value_loss', direction: 'up', what: 'PPO: value error concentrated near the time limit' },
      { key: 'losses/td_loss', direction: 'up', what: 'DQN: TD loss several times the healthy run\'s: a cut state\'s target of one step\'s reward contradicts the bootstrapped targets of states just like it (MountainCar, seed 1, 20k steps: median 0.087 vs 0.020)' },
    ],
    fix: 'Bootstrap from V(final observation) when `truncated` and not `terminated` (Gymnasium ≥ 0.26 separates the two flags for this).',
    reference: {
      title: 'Pardo et al., Time Limits in Reinforcement Learning (ICML 2018)',
      url: 'https://arxiv.org/abs/1712.00378',
    },
  },
  {
    id: 'entropy_coef_too_high',
    title: 'Entropy coefficient too high',
    agents: ['ppo', 'a2c'],
    explanation: 'The entropy bonus is 50× the healthy value (0.5 where the healthy one is 0, as in SB3\'s A2C and continuous PPO), so staying random pays more than solving the task.',
    watch: [
      { key: 'losses/entropy', direction: 'up', what: 'entropy stays near its maximum ln N instead of falling (A2C on CartPole, seed 1, 20k steps: 0.66 vs 0.54)' },
      { key: 'charts/episodic_return', direction: 'stalls', what: 'return stalls' },
    ],
    fix: 'Use a small entropy coefficient (0.01 for discrete PPO, 0 for continuous), or anneal it.',
    reference: ICLR_PPO,
  },
  {
    id: 'no_advantage_normalization',
    title: 'No advantage normalisation',
    agents: ['ppo'],
    requires: [{ field: 'normAdv', equals: true, set: true, why: 'with advantage normalisation already off there is nothing to remove, so both runs normalise advantages' }],
    explanation:
      'Raw advantages are used, so the size of the policy step follows the scale of the returns: far too large on raw rewards in the hundreds, smaller than healthy when returns are normalised (advantage std below 1), and the minibatch’s mean advantage is no longer removed.',
    watch: [
      { key: 'losses/policy_loss', direction: 'down', what: 'the policy loss is no longer centred on 0: it carries −mean(advantage) of each minibatch (CartPole, 30k steps: median −0.013 vs −0.002)' },
      { key: 'losses/approx_kl', direction: 'oscillates', what: 'KL follows the advantages’ scale instead of the clip range: up on raw rewards, down on normalised returns' },
      { key: 'losses/clipfrac', direction: 'oscillates', what: 'clip fraction follows the same scale' },
    ],
    fix: 'Normalise advantages per minibatch to zero mean, unit std.',
    reference: ICLR_PPO,
  },
  {
    id: 'no_grad_clipping',
    title: 'No gradient clipping',
    agents: ['ppo', 'a2c'],
    requires: [{ field: 'maxGradNorm', notNull: true, set: 0.5, why: 'with no gradient clipping in the config there is nothing to remove, so both runs clip at 0.5' }],
    explanation:
      "The global gradient norm is no longer clipped. With normalised returns (the playground preset) the norm stays near the clip (≈0.7 against 0.5 on CartPole) and the runs differ by seed noise only: the clip is insurance against a rare huge gradient on long runs. On raw returns (switch normalizeReturns off, or the cleanrl preset) the critic's error dominates the global norm (25–50 on CartPole): the healthy run's clip at 0.5 scales the actor's gradient down with it and its policy barely moves, while the broken run's actor takes full steps (on CartPole it even learns faster at first: PPO, 20k steps, return 238 and 230 vs 78 and 73, seeds 1–2).",
    watch: [
      { key: 'losses/approx_kl', direction: 'up', what: 'on raw returns: approx_kl several times the healthy run\'s (20k CartPole steps, median: PPO 3.8e-4 vs 7.2e-5 seed 1, 5.4e-4 vs 2.6e-5 seed 2; A2C 1.2e-3 vs 5.3e-4 seed 1); with normalised returns, no difference beyond seed noise' },
      { key: 'diagnostics/grad_norm', direction: 'spikes', what: 'grad_norm is measured before clipping, so it differs only through what the unclipped updates did (PPO on raw returns, seed 1: max 56 vs 44); late spikes on long runs' },
    ],
    fix: 'Clip the global gradient norm (0.5 in CleanRL PPO).',
    reference: ICLR_PPO,
  },
  {
    id: 'no_obs_normalization',
    title: 'No observation normalisation',
    agents: ['ppo', 'a2c', 'vpg'],
    envs: 'continuous',
    requires: [{ field: 'normalizeObs', equals: true, set: true, why: 'with no observation normaliser in the config there is nothing to remove, so both runs normalise observations' }],
    explanation: 'Raw observations of very different scales go into the network, so the first layer saturates or ignores some inputs.',
    watch: [
      { key: 'diagnostics/activation_std', direction: 'out_of_range', what: 'first-layer activations saturate: their std moves away from the healthy run\'s' },
      { key: 'charts/episodic_return', direction: 'stalls', what: 'slow learning' },
    ],
    fix: 'Normalise observations with a running mean and std, clipped to ±10.',
    reference: ICLR_PPO,
  },
  {
    id: 'epsilon_decay_too_fast',
    title: 'ε decays too fast',
    agents: ['dqn'],
    explanation: 'Exploration ε reaches its floor within a few hundred steps, before the Q-function knows anything.',
    watch: [
      { key: 'charts/epsilon', direction: 'down', what: 'ε at its floor almost at once' },
      { key: 'charts/episodic_return', direction: 'stalls', what: 'return stalls' },
    ],
    fix: 'Decay ε over a good fraction of training (CleanRL: 50% of total steps).',
    reference: DQN_NATURE,
  },
  {
    id: 'reward_not_summed_over_skip',
    title: 'Reward not summed over skipped frames',
    agents: ['dqn'],
    requires: [{ field: 'frameSkip', min: 2, set: 4, why: 'the mistake lives in the frame-skip loop, so the run repeats each action for 4 frames (healthy twin too)' }],
    explanation:
      'With frame skip, each action is repeated for several frames and the agent should receive the sum of their rewards. This loop keeps only the last frame’s reward, so the agent learns from a reward on the wrong scale and blind to what happened in the skipped frames.',
    watch: [
      { key: 'charts/episodic_return', direction: 'down', what: 'the return the agent sees is on the wrong scale (CartPole: a quarter of the frames it survived)' },
      { key: 'losses/q_values', direction: 'down', what: 'Q-values settle at the scale of one frame’s reward, not of the skip’s' },
      { key: 'charts/episodic_length', direction: 'stalls', what: 'episodes (in frames) lengthen more slowly than healthy' },
    ],
    fix: 'Accumulate the reward over every repeated frame (total += r), as AtariPreprocessing and MaxAndSkipEnv do.',
    reference: DQN_NATURE,
  },
  {
    id: 'too_many_epochs',
    title: 'Too many epochs per rollout',
    agents: ['ppo'],
    explanation: 'Thirty passes over the same rollout with no KL early stop: the policy walks far from the data it is trained on.',
    watch: [
      { key: 'losses/approx_kl', direction: 'up', what: 'approx_kl far above 0.02' },
      { key: 'losses/clipfrac', direction: 'up', what: 'clip fraction high' },
    ],
    fix: 'Use 3–10 epochs, or stop early when approx_kl exceeds `target_kl`.',
    reference: ICLR_PPO,
  },
  {
    id: 'stale_rollout',
    title: 'Updating on a stale rollout',
    agents: ['ppo'],
    explanation: 'The update uses the previous iteration\'s rollout (stored log-probs from an older policy), so the importance ratio is off before any update.',
    watch: [
      { key: 'losses/first_ratio_dev', direction: 'up', what: 'ratio ≠ 1 on the first minibatch' },
      { key: 'losses/approx_kl', direction: 'up', what: 'KL several times the healthy run\'s, since it starts from the previous update\'s drift (CartPole, seed 1, 20k steps: median 0.0013 vs 0.0004)' },
    ],
    fix: 'Collect a fresh rollout with the current policy before every update.',
    reference: ICLR_PPO,
  },
  {
    id: 'dead_relu_init',
    title: 'Dead ReLUs from a bad initialisation',
    agents: ['ppo', 'dqn', 'vpg', 'a2c'],
    requires: [{ field: 'activation', equals: 'relu', set: 'relu', why: 'only ReLU units can die, so both runs use ReLU hidden layers and differ by the initialisation alone' }],
    explanation: 'Hidden biases start at a large negative value, so most ReLU units output 0 for every input and pass no gradient.',
    watch: [
      { key: 'diagnostics/dead_relu_frac', direction: 'up', what: 'dead-ReLU fraction near 1 from the first update' },
      { key: 'diagnostics/grad_norm', direction: 'down', what: 'gradients vanish' },
    ],
    fix: 'Zero biases with orthogonal / He init, a lower learning rate, or tanh / leaky ReLU.',
    reference: {
      title: 'Lu et al., Dying ReLU and Initialization (2019)',
      url: 'https://arxiv.org/abs/1903.06733',
    },
  },
  {
    id: 'tensor_leak',
    title: 'Tensor leak',
    agents: ['ppo', 'dqn', 'vpg', 'a2c'],
    requires: [{ field: 'compute', equals: 'tfjs', set: 'tfjs', why: "the leak is a tfjs tensor: the update (PPO's, DQN's) must run in tfjs, not on the js compute path's kernels" }],
    explanation: 'One intermediate tensor is created outside tf.tidy and never disposed: one per gradient step (PPO, DQN) or per update (VPG, A2C). Nothing breaks at first; memory just grows.',
    watch: [{ key: 'memory/num_tensors', direction: 'rises_linearly', what: 'tensor count rises linearly' }],
    fix: 'Wrap tensor code in tf.tidy or dispose what you create; watch tf.memory().numTensors.',
    reference: {
      title: 'TensorFlow.js guide: Memory management',
      url: 'https://www.tensorflow.org/js/guide/tensors_operations#memory',
    },
  },
  // The model-based agent's bugs: catalog-mbrl.ts.
  ...MBRL_BUGS,
] as const satisfies readonly Bug[];

/** A catalogued bug's id. */
export type BugId = (typeof BUGS)[number]['id'];

/** The ids of the bugs `agent` implements. */
export type BugIdOf<A extends BugAgent> = ImplementedBy<(typeof BUGS)[number], A>;
type ImplementedBy<B, A> = B extends { readonly id: infer I; readonly agents: readonly (infer G)[] } ? (A extends G ? I : never) : never;

/** An agent's bug switches, one per bug it implements, keyed by bug id: `flags.lr_too_high`. */
export type BugFlags<A extends BugAgent> = { readonly [K in BugIdOf<A>]: boolean };

export const BUG_IDS: readonly BugId[] = BUGS.map((b) => b.id);

export function isBugId(name: string): name is BugId {
  return (BUG_IDS as readonly string[]).includes(name);
}

/** Bug ids a run of this agent may switch on (any env; see `bugsForAgent` for the env filter). */
export function bugsOf(agent: string): readonly string[] {
  return BUGS.filter((b) => (b.agents as readonly string[]).includes(agent)).map((b) => b.id);
}

/** The agent's flags for a run that switched `on` on: `bugFlags('ppo', config.bugs).lr_too_high`. */
export function bugFlags<A extends BugAgent>(agent: A, on: readonly string[]): BugFlags<A> {
  const flags: Record<string, boolean> = {};
  for (const id of bugsOf(agent)) flags[id] = on.includes(id);
  return flags as BugFlags<A>;
}

/** The catalogue id a name stands for: the id itself, or the id whose aliases hold it (unknown names unchanged). */
export function canonicalBugId(name: string): string {
  return (BUGS as readonly Bug[]).find((b) => b.aliases?.includes(name))?.id ?? name;
}

/** The bug with this id, or undefined. */
export function findBug(id: string): Bug | undefined {
  return (BUGS as readonly Bug[]).find((b) => b.id === id);
}

/** Why `bug` cannot be switched on for this agent on this kind of env (plain words), or null when it can. */
export function bugUnavailable(bug: Bug, agent: string, continuous: boolean): string | null {
  if (!(bug.agents as readonly string[]).includes(agent)) return `${agent.toUpperCase()} does not implement this bug`;
  if (bug.envs === 'continuous' && !continuous) return 'only for continuous-action envs (Pendulum-v1, MountainCarContinuous-v0)';
  if (bug.envs === 'discrete' && continuous) return 'only for discrete-action envs';
  return null;
}

/** The requirements of `bug` a resolved agent config does not meet (those on fields the config does not have do not apply). */
export function unmetRequirements(bug: Bug, values: Readonly<Record<string, unknown>>): Requirement[] {
  return (bug.requires ?? []).filter((r) => r.field in values && !requirementMet(r, values[r.field]));
}

/** Bugs that apply to an agent (and env kind). */
export function bugsForAgent(agent: string, continuous?: boolean): Bug[] {
  return (BUGS as readonly Bug[]).filter(
    (b) =>
      (b.agents as readonly string[]).includes(agent) &&
      (b.envs === undefined || continuous === undefined || (b.envs === 'continuous') === continuous),
  );
}

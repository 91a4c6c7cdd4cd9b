// What each chart means, as data: one entry per chart id (its primary metric key). The ⓘ explainer
// shows what the chart measures (in words and as a formula), what healthy looks like on this env, and
// which catalogued bugs move it (derived from src/bugs/catalog.ts in explain.ts). Every visible string
// of the explainers is here, so a translation can replace this module as a whole.

import { AGENT_METRIC, HISTOGRAM, METRIC } from '../../diagnostics/metric-keys.ts';
import type { AgentId } from '../../config/run-config.ts';
import type { EnvId } from '../../envs/types.ts';
import { bigOp, frac, math, over, row, sqrt, sub, sup, t, text } from './mathml.ts';

/** What the healthy lines are written against: the env and agent on screen. */
export interface ExplainContext {
  env: EnvId;
  agent: AgentId;
  /** Discrete action count (ln N entropy ceiling); undefined for continuous actions. */
  numActions?: number;
  /** The solved line. */
  rewardThreshold?: number;
  /** The env's time limit (null: none). */
  maxEpisodeSteps: number | null;
  continuous: boolean;
}

export interface ChartExplainer {
  /** What the chart measures, in plain words. */
  measures: string;
  /** The formula in symbols (one or more MathML blocks) and read in words. */
  formula?: { math: string; words: string };
  /** The one line under the chart's title: what healthy looks like here. */
  healthy(c: ExplainContext): string;
  /** More on healthy and broken, for the explainer. */
  detail?(c: ExplainContext): string;
}

export const fmt = (v: number): string => (Math.abs(v) >= 100 ? String(Math.round(v)) : String(Number(v.toPrecision(3)))).replace('-', '−');

/** What a learning agent's return does on each env (DIAGNOSTICS.md §2 where it gives numbers). */
const RETURN_STORY: Partial<Record<EnvId, string>> = {
  'CartPole-v1': 'PPO usually reaches a mean of 475 after roughly 120k–180k env steps; the first few thousand steps sit near the random policy.',
  'CartPoleContinuous-v0': 'The mean climbs from the random level toward 195 of a possible 200.',
  'Acrobot-v1': 'The mean rises from −500 (the arm never swings up) toward −100 as the agent learns to pump energy into the swing.',
  'MountainCar-v0': 'The return stays flat at −200 until the car first reaches the flag (exploration is the hard part), then rises toward −110.',
  'MountainCarContinuous-v0': 'Near 0 while the car rocks without reaching the flag; once it finds the flag the return jumps above 90.',
  'Pendulum-v1': 'From about −1200 (spinning) toward −200 (swung up and held); PPO with normalisation reaches −170 to −200.',
  GridWorld: 'The mean climbs to about 0.93, the return of the shortest path to the goal.',
};

function returnStory(c: ExplainContext): string {
  return RETURN_STORY[c.env] ?? 'A probe env: a healthy agent reaches the optimal return within a few hundred steps.';
}

const ratio = row(t('r'), t('='), frac(t('π_{new}(a|s)'), t('π_{old}(a|s)')));

export const CHART_EXPLAINERS: Readonly<Record<string, ChartExplainer>> = {
  [METRIC.episodicReturn]: {
    measures:
      'The sum of rewards of each finished episode: the thing the agent is trying to make large. Faint dots are single episodes; the line is the mean of each window of episodes, the band ±1 standard deviation, the whiskers min and max. The grey dashed lines are the random policy and the "solved" threshold.',
    formula: { math: math(t('G'), t('='), bigOp('∑', t('t = 0'), t('T − 1')), sub(t('r'), t('t'))), words: 'G, the episode return, is the sum of the rewards r_t over the T steps of the episode.' },
    healthy: (c) => (c.rewardThreshold !== undefined ? `Healthy: climbs from the random line toward solved (${fmt(c.rewardThreshold)}).` : 'Healthy: climbs above the random policy line.'),
    detail: (c) => `${returnStory(c)} A rise followed by a collapse is the classic sign of updates that are too large.`,
  },
  [METRIC.episodicLength]: {
    measures: 'Steps in each finished episode, until the env terminated it (pole fell, goal reached) or its time limit truncated it.',
    formula: { math: math(t('T'), t('='), text('steps until terminated or truncated')), words: 'T is the number of steps before the episode ended.' },
    healthy: (c) =>
      c.env.startsWith('CartPole')
        ? 'Healthy: grows toward the time limit (longer = balanced longer).'
        : c.maxEpisodeSteps !== null
          ? `Healthy: shrinks below the ${c.maxEpisodeSteps}-step limit as the goal is reached sooner.`
          : 'Healthy: settles at the optimal length.',
  },
  [METRIC.solveRate]: {
    measures: "The share of each window's finished episodes that met the env's solved condition (CartPole: balanced all 500 steps; MountainCar: reached the flag).",
    formula: { math: math(text('solve rate'), t('='), frac(text('episodes solved'), text('episodes in the window'))), words: 'Solved episodes divided by all episodes of the window.' },
    healthy: () => 'Healthy: rises from 0 toward 1 once the return nears the solved line.',
  },
  [METRIC.entropy]: {
    measures:
      'How random the policy still is, averaged over the states of the batch. A uniform choice among N actions has the most entropy, ln N (the grey line); a policy that always picks one action has 0. For a Gaussian policy it grows with the standard deviation.',
    formula: {
      math: math(t('H(π(·|s))'), t('='), t('−'), bigOp('∑', t('a')), t('π(a|s)'), t('log'), t('π(a|s)'), t('≤'), t('ln N')),
      words: 'The entropy of the action distribution: minus the sum over actions of π log π, at most ln N for N actions.',
    },
    healthy: (c) => (c.numActions !== undefined ? `Healthy: starts near ln ${c.numActions} = ${fmt(Math.log(c.numActions))} and falls slowly.` : 'Healthy: drifts down slowly as the policy commits.'),
    detail: (c) =>
      `${c.numActions !== undefined ? `It starts at the uniform policy's ln ${c.numActions}.` : ''} It should fall as the agent becomes confident, but gradually: a drop below ~10% of its start within the first updates means the policy collapsed before it learned (too large steps); a rise means the entropy bonus is winning over the return.`,
  },
  [METRIC.approxKl]: {
    measures:
      'How far one update moved the policy from the one that collected the data. Approx. KL estimates the KL divergence from the probability ratio r of each sample; the clip fraction is the share of samples whose ratio left [1 − ε, 1 + ε], where PPO stops pushing.',
    formula: {
      math: math(ratio) + math(t('KL'), t('≈'), t('mean((r − 1) − log r)')) + math(t('clipfrac'), t('='), t('mean(|r − 1| > ε)')),
      words: 'r is the new policy probability of the taken action divided by the old one. KL (the k3 estimator) is the mean of (r − 1) − log r, never negative. Clip fraction is the share of samples with |r − 1| above the clip range ε.',
    },
    healthy: () => 'Healthy: KL below 0.02 (grey line), clip fraction well below 0.2.',
    detail: () =>
      'Healthy PPO takes small steps: approx. KL well under 0.02 per update and a clip fraction of a few percent, rarely above 0.2. KL spikes with a clip fraction near 0.5 mean each update throws the policy far from the data: learning rate too high, too many epochs, or an unscaled loss. The dashed k1 estimator (in All diagnostics) can dip below 0; k3 cannot.',
  },
  [METRIC.clipfrac]: {
    measures: 'The share of samples whose probability ratio r left [1 − ε, 1 + ε], averaged over the minibatches of an update: where the clipped objective stopped pushing.',
    formula: { math: math(t('clipfrac'), t('='), t('mean(|r − 1| > ε)')), words: 'The fraction of samples with |r − 1| above the clip range ε.' },
    healthy: () => 'Healthy: a few percent, rarely above 0.2; far above means updates are too large.',
  },
  [METRIC.valueMean]: {
    measures:
      'The critic’s mean prediction V(s) over the rollout (dashed) against the mean discounted return actually observed from the same states (solid). The critic is learning when the two curves meet.',
    formula: {
      math: math(over(t('V'), '¯'), t('='), t('mean V(s_t)'), text(' against '), over(t('G'), '¯'), t('='), t('mean'), sub(t('G'), t('t'))) + math(sub(t('G'), t('t')), t('='), bigOp('∑', t('k')), sup(t('γ'), t('k')), sub(t('r'), t('t + k'))),
      words: 'Mean predicted value against the mean discounted return G_t, the γ-discounted sum of the rewards that followed each state.',
    },
    healthy: () => 'Healthy: the dashed prediction catches up with the solid return within tens of updates.',
    detail: () =>
      'The prediction starts near 0 and should track the observed return closely after a few dozen updates. A prediction far below the return for long means the critic cannot keep up (raw, unnormalised returns); one far above it, or still growing, means it bootstraps through episode ends or reads stale targets.',
  },
  [METRIC.explainedVariance]: {
    measures: 'How much of the spread of the observed returns the critic’s predictions explain. 1 is perfect, 0 is no better than predicting the average, below 0 is worse than that.',
    formula: { math: math(t('EV'), t('='), t('1'), t('−'), frac(t('Var(G − V)'), t('Var(G)'))), words: 'One minus the variance of the prediction errors divided by the variance of the returns.' },
    healthy: () => 'Healthy: climbs toward 1 (above ~0.5 once learning); negative for long is a red flag.',
    detail: () =>
      'Early on it hovers near 0: the critic has not learned yet. It should climb as training proceeds. Stuck near 0 or negative for many updates means the critic is no better than a constant: unscaled returns, bootstrapping at the wrong places, or a broken target.',
  },
  [METRIC.gradNorm]: {
    measures: 'The size of the gradient of the loss, before clipping, over all weights (and per layer in All diagnostics): how hard the optimiser is pushed at each step.',
    formula: { math: math(t('‖g‖'), t('='), sqrt(row(bigOp('∑', t('i')), sup(sub(t('g'), t('i')), t('2'))))), words: 'The L2 norm: square root of the sum of squared gradient entries.' },
    healthy: () => 'Healthy: steady within one order of magnitude; no sudden 100× spikes.',
    detail: () =>
      'Its level depends on the loss scale, so read its shape: roughly steady or slowly falling is healthy. Large values or sudden spikes (100× the median and 10× every earlier value raises an alert; the regular jumps after a DQN target refresh do not) show an unscaled loss, a too-high learning rate, or huge TD errors; a collapse toward 0 can mean dead units.',
  },
  [METRIC.valueLoss]: {
    measures: 'How wrong the critic’s predictions are on the batch: half the mean squared error between V(s) and its target (clipped like the policy when value clipping is on).',
    formula: { math: math(sub(t('L'), t('V')), t('='), frac(t('1'), t('2')), t('mean((V(s) − G)²)')), words: 'Half the mean of the squared errors of the value predictions.' },
    healthy: () => 'Healthy: falls, then stays small relative to the returns.',
  },
  [METRIC.policyLoss]: {
    measures: 'The loss the policy minimises. For PPO the clipped surrogate: the advantage A times the ratio r, with r clipped to [1 − ε, 1 + ε] so one update cannot move too far. It hovers around 0 and is not a progress measure.',
    formula: { math: math(sub(t('L'), t('π')), t('='), t('mean(max(−A·r, −A·clip(r, 1 − ε, 1 + ε)))')), words: 'The mean of the larger of minus advantage times ratio and minus advantage times the clipped ratio.' },
    healthy: () => 'Healthy: small and noisy around 0 (not a score).',
  },
  [METRIC.learningRate]: {
    measures: 'The learning rate the optimiser uses now, after any annealing schedule.',
    formula: { math: math(sub(t('α'), t('t')), t('='), sub(t('α'), t('0')), t('(1 − t / T)')), words: 'Linear annealing: the start rate times the share of training left.' },
    healthy: () => 'Follows its schedule (flat, or a straight line down).',
  },
  [METRIC.sps]: {
    measures: 'Env steps per second of wall time since the run started: how fast the browser trains.',
    formula: { math: math(t('SPS'), t('='), frac(text('env steps'), text('seconds'))), words: 'Env steps divided by elapsed seconds.' },
    healthy: () => 'Flat after the first seconds; "Watch" speed holds it low on purpose.',
  },
  [METRIC.numTensors]: {
    measures: 'How many tensors tfjs holds in memory (tf.memory().numTensors). Every tensor an update creates must be disposed.',
    healthy: () => 'Healthy: flat. A line rising every update is a leak.',
  },
  [METRIC.numBytes]: {
    measures: 'Bytes of tensor memory tfjs holds (tf.memory().numBytes).',
    healthy: () => 'Healthy: flat.',
  },
  [METRIC.advantageMean]: {
    measures: 'Advantages of the batch before normalisation: how much better than expected each action turned out. Mean line with the min–max band of the batch.',
    formula: {
      math: math(sub(t('A'), t('t')), t('='), bigOp('∑', t('k')), sup(t('(γλ)'), t('k')), sub(t('δ'), t('t + k'))) + math(sub(t('δ'), t('t')), t('='), sub(t('r'), t('t')), t('+'), t('γ V(s_{t+1}) − V(s_t)')),
      words: 'Generalised advantage estimation: a (γλ)-discounted sum of the one-step TD errors δ.',
    },
    healthy: () => 'Healthy: mean near 0, extremes within what the returns allow.',
  },
  [METRIC.advantageStd]: {
    measures: 'The spread of the batch’s advantages before normalisation: how much better or worse than predicted the actions turned out.',
    formula: { math: math(t('std(A)'), t('='), sqrt(t('mean((A − mean A)²)'))), words: 'The standard deviation of the advantages.' },
    healthy: () => 'Healthy: falls as the critic’s predictions improve, then stays small.',
  },
  [AGENT_METRIC.targetQMean]: {
    measures: 'The mean TD target the Q-network is regressed on: the reward plus the discounted best Q-value of the next state, from the target network.',
    formula: { math: math(t('y'), t('='), t('r + γ (1 − done) max Q′(s′, a′)')), words: 'Reward plus γ times the target network’s best next Q-value, zero after a terminal step.' },
    healthy: () => 'Healthy: tracks the Q-values and stays below r_max / (1 − γ).',
  },
  [METRIC.trainSteps]: {
    measures: 'Gradient steps taken so far.',
    healthy: () => 'Grows steadily while training runs.',
  },
  [METRIC.valueTargetMin]: {
    measures: 'The smallest and largest value target of the batch (the returns the critic is trained toward). Extremes show impossible values first: averages hide them.',
    formula: { math: math(sub(t('G'), t('t')), t('='), sub(t('A'), t('t')), t('+'), t('V(s_t)')), words: 'Each target is the advantage plus the predicted value.' },
    healthy: (c) => (c.env === 'CartPole-v1' ? 'Healthy: between 0 and 1/(1 − γ) ≈ 100 on CartPole.' : 'Healthy: inside the range a return can have.'),
  },
  [METRIC.qValues]: {
    measures: 'Q(s, a) over the sampled batch: mean line and min–max band. No Q-value can exceed the largest possible discounted return.',
    formula: { math: math(t('Q(s, a)'), t('≤'), frac(sub(t('r'), t('max')), t('1 − γ'))), words: 'Q-values are bounded by the largest reward divided by one minus γ.' },
    healthy: () => 'Healthy: rises with the return, then levels off below the bound.',
  },
  [METRIC.tdLoss]: {
    measures: 'The error between Q(s, a) and its TD target r + γ·max Q_target(s′, a′) over the sampled batch (Huber or squared).',
    formula: { math: math(t('L'), t('='), t('mean(Huber(Q(s, a) − (r + γ max Q′(s′, a′))))')), words: 'The mean Huber loss of the TD errors.' },
    healthy: () => 'Healthy: noisy but bounded; it need not fall to 0.',
  },
  [METRIC.deadReluFrac]: {
    measures: 'Per ReLU layer: the share of units that output 0 for every sample of the batch. A dead unit passes no gradient and never recovers.',
    healthy: () => 'Healthy: near 0; above 0.4 (grey line) raises an alert.',
  },
  [METRIC.activationStd]: {
    measures: 'Per layer: the standard deviation of the activations over the batch: whether signals keep a useful scale through the network.',
    healthy: () => 'Healthy: roughly 0.5–2 (the grey band).',
  },
  [METRIC.phaseMs]: {
    measures: 'Where each update’s wall time goes: stepping the envs, running the network, the gradient update, diagnostics and messages to the page, stacked.',
    healthy: () => 'The update phase usually dominates at full speed.',
  },
  [AGENT_METRIC.firstRatioDev]: {
    measures: 'max |r − 1| on the first minibatch of the first epoch. Before any step, the new policy is the old one, so every ratio must be exactly 1.',
    healthy: () => 'Healthy: exactly 0. Anything else: the update does not start from the rollout policy.',
  },
  [AGENT_METRIC.policyStd]: {
    measures: 'The mean standard deviation of the Gaussian policy (continuous actions): how widely it still explores.',
    healthy: () => 'Healthy: shrinks slowly; growing means the entropy bonus wins.',
  },
  [AGENT_METRIC.epsilon]: {
    measures: 'The probability that the ε-greedy policy takes a uniformly random action.',
    healthy: () => 'Follows its schedule down to a small floor; reaching it too early stalls learning.',
  },
  [HISTOGRAM.weights]: {
    measures: 'The distribution of one layer’s weights over training: each ridge is a snapshot, newest at the front.',
    healthy: () => 'Healthy: spreads slowly from its initialisation; no runaway tails.',
  },
  [HISTOGRAM.gradients]: {
    measures: 'The distribution of one layer’s gradients at each snapshot.',
    healthy: () => 'Healthy: centred near 0 with a stable width; a collapse to a spike at 0 means nothing flows back.',
  },
  [HISTOGRAM.activations]: {
    measures: 'The distribution of one layer’s outputs over the batch at each snapshot.',
    healthy: () => 'Healthy: a spread of values; a spike at 0 (ReLU) or at ±1 (tanh) means saturated units.',
  },
  [HISTOGRAM.advantages]: {
    measures: 'The distribution of the batch’s advantages (before normalisation) at each snapshot.',
    healthy: () => 'Healthy: centred near 0; far-out tails point at stale or impossible values.',
  },
  [HISTOGRAM.valueTargets]: {
    measures: 'The distribution of the batch’s value targets at each snapshot.',
    healthy: () => 'Healthy: inside the range a return can have.',
  },
  [HISTOGRAM.ratio]: {
    measures: 'The distribution of the probability ratio r = π_new/π_old over the update’s samples.',
    healthy: () => 'Healthy: a narrow peak at 1, mostly inside [1 − ε, 1 + ε].',
  },
  [HISTOGRAM.qValues]: {
    measures: 'The distribution of Q(s, a) over the sampled batch at each snapshot.',
    healthy: () => 'Healthy: moves up with the return and stays below r_max / (1 − γ).',
  },
  [METRIC.trainingIntensity]: {
    measures: 'How many samples the replay buffer is replayed per env step collected.',
    formula: { math: math(text('intensity'), t('='), frac(text('batch size × train steps'), text('env steps'))), words: 'Samples trained on divided by env steps taken.' },
    healthy: () => 'Healthy: at least 1 (grey line).',
  },
};

/** Chart ids that share another chart's explainer (range charts are named after their middle or lower key). */
const SAME_AS: Readonly<Record<string, string>> = {
  [METRIC.returnMean]: METRIC.valueMean,
  [METRIC.advantageMin]: METRIC.advantageMean,
  [METRIC.qValuesMin]: METRIC.qValues,
  [METRIC.oldApproxKl]: METRIC.approxKl,
};

/** The explainer of a chart id; a per-layer histogram (`histograms/weights/actor/0`) shares its base's. */
export function explainerFor(chartId: string, table: Readonly<Record<string, ChartExplainer>> = CHART_EXPLAINERS): ChartExplainer | undefined {
  const own = table[chartId] ?? table[SAME_AS[chartId] ?? ''];
  if (own || !chartId.startsWith('histograms/')) return own;
  const base = Object.values(HISTOGRAM).find((h) => chartId.startsWith(`${h}/`));
  return base ? table[base] : undefined;
}

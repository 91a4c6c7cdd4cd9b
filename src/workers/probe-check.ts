// The probe check (Andy Jones, "Debugging RL, Without the Agonizing Pain"): the current agent, with the
// current bugs and settings, trains briefly on each of the five probe envs, and each probe reads the one
// quantity it isolates and compares it with the known answer. Pure: which quantity, the expected value
// and the tolerance live here; the worker (probe.worker.ts) trains and calls `judgeProbe`.

import { PROBE_IDS, PROBE_TARGETS, type ProbeId } from '../envs/probes.ts';
import { agentConfigSpec } from '../config/presets.ts';
import type { AgentId, HyperValue, RunConfig } from '../config/run-config.ts';

export { PROBE_IDS, type ProbeId };

/** What each probe isolates (Jones's list), in its order. */
export type ProbeSubject = 'value' | 'backprop' | 'discounting' | 'advantage' | 'batching';
export const PROBE_SUBJECT: Readonly<Record<ProbeId, ProbeSubject>> = {
  Probe1: 'value',
  Probe2: 'backprop',
  Probe3: 'discounting',
  Probe4: 'advantage',
  Probe5: 'batching',
};

/** Agents with a value or a policy to read: the random agent learns nothing and mbrl plans without either. */
export const PROBE_AGENTS: readonly AgentId[] = ['ppo', 'vpg', 'a2c', 'dqn'];

/**
 * γ for the probe runs: 0.5, so that Probe3's V(0) = γ is far from V(1) = 1 (with γ = 0.99 a missing
 * discount changes V by 1%) and so that bootstrapping through an episode end (V → 1/(1 − γ) = 2 on Probe1)
 * is far from the truth. Every other setting and every bug is the run's own.
 */
export const PROBE_GAMMA = 0.5;
/** Env steps per probe (summed over sub-envs): a few thousand, seconds in the browser. */
export const PROBE_STEPS = 3000;
/** |measured − expected| allowed for values (the probes' answers are ±1, γ). */
export const VALUE_TOLERANCE = 0.2;
/** π(best action) must exceed this (Probe4/5). */
export const POLICY_THRESHOLD = 0.9;

/**
 * Settings that size training to the probe's budget (a probe asks whether the code is right, not whether the
 * run's hyperparameters are tuned): a larger learning rate and short rollouts, so a healthy agent settles within
 * PROBE_STEPS; no return normaliser, because a constant reward (Probe1) has a discounted-return std near 0 and
 * the normaliser would blow the critic's targets up. Only fields the agent's schema has apply.
 */
export const PROBE_SETTINGS: Readonly<Record<string, HyperValue>> = {
  gamma: PROBE_GAMMA,
  learningRate: 3e-3,
  valueLearningRate: 3e-3,
  normalizeReturns: false,
  numSteps: 32,
  learningStarts: 64,
  trainFreq: 1,
  targetNetworkFrequency: 50,
  batchSize: 32,
  explorationFraction: 0.5,
  endE: 0.05,
  histogramEvery: 0,
};

/** The run config a probe trains: the current one (bugs, settings) on the probe env with PROBE_SETTINGS, PROBE_STEPS long. */
export function probeRunConfig(config: RunConfig, probe: ProbeId): RunConfig {
  const fields = new Set(agentConfigSpec(config.agent)?.fields.map((f) => f.key) ?? []);
  const overrides: Record<string, HyperValue> = { ...config.overrides };
  for (const [key, value] of Object.entries(PROBE_SETTINGS)) if (fields.has(key)) overrides[key] = value;
  return { ...config, env: probe, overrides, totalSteps: PROBE_STEPS };
}

/** What the agent predicts at each of the probe's observations (in PROBE_TARGETS order). */
export interface ProbePrediction {
  /** V(s) per observation (DQN: max_a Q(s, a)); NaN where the agent has no critic. */
  values: ArrayLike<number>;
  /** π(a|s) rows [obs × actions] (DQN: the greedy policy, one-hot). */
  policy: ArrayLike<number>;
}

export interface ProbeResult {
  probe: ProbeId;
  subject: ProbeSubject;
  /** What was read: V(s) for the value probes, π(best | s) for the policy probes. */
  quantity: 'value' | 'policy';
  observations: number[];
  measured: number[];
  expected: number[];
  pass: boolean;
}

/** Which quantity each probe reads: the policy probes read π(best), the others V. */
export function probeQuantity(probe: ProbeId): 'value' | 'policy' {
  return PROBE_TARGETS[probe].numActions > 1 ? 'policy' : 'value';
}

/** Judge one probe from the agent's predictions after training on it with γ = `gamma`. */
export function judgeProbe(probe: ProbeId, prediction: ProbePrediction, gamma = PROBE_GAMMA): ProbeResult {
  const target = PROBE_TARGETS[probe];
  const observations = [...target.observations];
  const quantity = probeQuantity(probe);
  const measured = observations.map((o, i) =>
    quantity === 'value' ? Number(prediction.values[i]) : Number(prediction.policy[i * target.numActions + target.bestAction(o)]),
  );
  const expected = observations.map((o) => (quantity === 'value' ? target.value(o, gamma) : 1));
  const pass = measured.every((m, i) =>
    Number.isFinite(m) && (quantity === 'value' ? Math.abs(m - expected[i]) <= VALUE_TOLERANCE : m >= POLICY_THRESHOLD),
  );
  return { probe, subject: PROBE_SUBJECT[probe], quantity, observations, measured, expected, pass };
}

/** DQN's Q rows [obs × actions] as a prediction: V = max_a Q, π = greedy (ties to the lowest action). */
export function predictionFromQ(q: ArrayLike<number>, rows: number, actions: number): ProbePrediction {
  const values: number[] = [];
  const policy: number[] = [];
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let a = 1; a < actions; a++) if (q[i * actions + a] > q[i * actions + best]) best = a;
    values.push(q[i * actions + best]);
    for (let a = 0; a < actions; a++) policy.push(a === best ? 1 : 0);
  }
  return { values, policy };
}

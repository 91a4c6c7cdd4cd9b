// An empty chart says why and about when: episode charts wait for the first episode to end (the env's
// time limit × the sub-envs stepping side by side), the others for the agent's first update (its
// rollout size, or DQN's replay warm-up). Derived from the env spec and the run's settings. Pure.

import type { RunConfig } from '../../config/run-config.ts';
import { envSpec } from '../../envs/registry.ts';
import type { EnvId } from '../../envs/types.ts';
import type { ChartSpec } from '../charts/chart-spec.ts';
import { effectiveValue, fieldsOf } from '../state/config-edit.ts';

export interface WaitFacts {
  env: EnvId;
  /** The agent as people name it (PPO, DQN…). */
  agent: string;
  maxEpisodeSteps: number | null;
  numEnvs: number;
  /** Rollout size per sub-env (PPO, A2C: numSteps), if the agent has one. */
  numSteps: number | null;
  /** Env steps per update when given whole (VPG: batchSteps). */
  batchSteps: number | null;
  /** Env steps before the first gradient step (DQN: learningStarts). */
  learningStarts: number | null;
  /** Env steps and seconds so far. */
  envSteps: number;
  wallS: number;
  /** setup: the worker is choosing a backend and building networks; paused: nothing runs. */
  phase: 'setup' | 'paused' | 'running';
}

/** Envs whose first episodes (a fresh policy's) run to the time limit: the limit is when they end. */
const RUN_TO_LIMIT: Partial<Record<EnvId, string>> = {
  'MountainCar-v0': 'a fresh policy rarely reaches the flag, so its episodes run to the time limit',
  'MountainCarContinuous-v0': 'a fresh policy rarely reaches the flag, so its episodes run to the time limit',
  'Pendulum-v1': 'Pendulum never terminates: every episode runs to the time limit',
  'Acrobot-v1': 'a fresh policy rarely swings the arm up, so its episodes run to the time limit',
};

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function soFar(f: WaitFacts, target: number | null): string {
  const done = `${int(f.envSteps)} so far`;
  if (target === null || f.envSteps >= target || f.wallS < 1 || f.envSteps === 0) return done;
  const seconds = (target - f.envSteps) / (f.envSteps / f.wallS);
  return seconds < 600 ? `${done}, about ${Math.max(1, Math.round(seconds))} s to go at this speed` : done;
}

function episodeReason(f: WaitFacts): string {
  const T = f.maxEpisodeSteps;
  if (T === null) return `Waiting for the first episode to end: ${f.env} episodes last one or two steps (${soFar(f, null)}).`;
  const why = RUN_TO_LIMIT[f.env];
  const total = T * f.numEnvs;
  const envs = f.numEnvs > 1 ? `${T} steps × ${f.numEnvs} envs stepping side by side = ${int(total)} env steps` : `${int(T)} env steps`;
  if (why) return `Waiting for the first episode to end: ${why}. ${f.env} episodes end after ${envs} (${soFar(f, total)}).`;
  return `Waiting for the first episode to end: ${f.env} episodes end when they are won or lost, at the latest after ${envs} (${soFar(f, total)}).`;
}

function updateReason(f: WaitFacts): string {
  if (f.learningStarts !== null && f.learningStarts > 0) {
    return `Waiting for the first update: ${f.agent} first fills its replay buffer, so it learns after ${int(f.learningStarts)} env steps (${soFar(f, f.learningStarts)}).`;
  }
  const batch = f.batchSteps ?? (f.numSteps !== null ? f.numSteps * f.numEnvs : null);
  if (batch !== null) {
    const how = f.numSteps !== null && f.batchSteps === null ? `${f.numEnvs} envs × ${f.numSteps} steps = ${int(batch)} env steps` : `${int(batch)} env steps`;
    return `Waiting for the first update: ${f.agent} learns after each rollout of ${how} (${soFar(f, batch)}).`;
  }
  return `Waiting for the first report of the run (${soFar(f, null)}).`;
}

/** Why the chart is empty and about when it fills in. */
export function waitingReason(spec: ChartSpec, f: WaitFacts): string {
  if (f.phase === 'setup') return 'Setting up the run: choosing a backend and building the networks. Training starts in a moment.';
  const reason = spec.layers[0]?.kind === 'episodes' ? episodeReason(f) : updateReason(f);
  return f.phase === 'paused' && f.envSteps === 0 ? `Paused: press Play (or Space) to start training. ${reason}` : reason;
}

const AGENT_NAMES: Record<string, string> = { random: 'the random agent', ppo: 'PPO', dqn: 'DQN', vpg: 'VPG', a2c: 'A2C' };

/** The facts for a run config, read through the agent's schema (preset ← overrides). */
export function waitFacts(config: RunConfig, progress: { envSteps: number; wallS: number; phase: WaitFacts['phase'] }): WaitFacts {
  const fields = fieldsOf(config.agent);
  const num = (key: string): number | null => {
    const f = fields.find((x) => x.key === key);
    const v = f ? effectiveValue(config, f) : null;
    return typeof v === 'number' ? v : null;
  };
  return {
    env: config.env,
    agent: AGENT_NAMES[config.agent] ?? config.agent,
    maxEpisodeSteps: envSpec(config.env).maxEpisodeSteps,
    numEnvs: num('numEnvs') ?? 1,
    numSteps: num('numSteps'),
    batchSteps: num('batchSteps'),
    learningStarts: num('learningStarts'),
    ...progress,
  };
}

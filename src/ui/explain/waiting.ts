// An empty chart says why and about when: episode charts wait for the first episode to end (the env's
// time limit × the sub-envs stepping side by side), the others for the agent's first update (its
// rollout size, or DQN's replay warm-up). Derived from the env spec and the run's settings. Pure.

import type { RunConfig } from '../../config/run-config.ts';
import { envSpec } from '../../envs/registry.ts';
import type { EnvId } from '../../envs/types.ts';
import type { ChartSpec } from '../charts/chart-spec.ts';
import { effectiveValue, fieldsOf } from '../state/config-edit.ts';
import { formatInt } from '../state/format.ts';
import { t, type MessageKey } from '../i18n/i18n.svelte.ts';

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
const RUN_TO_LIMIT: Partial<Record<EnvId, MessageKey>> = {
  'MountainCar-v0': 'waiting.why.flag',
  'MountainCarContinuous-v0': 'waiting.why.flag',
  'Pendulum-v1': 'waiting.why.pendulum',
  'Acrobot-v1': 'waiting.why.acrobot',
};

// formatInt, not toLocaleString: no ICU number formatter set up while the charts first mount (issue 14 goal 5).
const int = (n: number): string => formatInt(Math.round(n));

function soFar(f: WaitFacts, target: number | null): string {
  const done = t('waiting.soFar', { n: int(f.envSteps) });
  if (target === null || f.envSteps >= target || f.wallS < 1 || f.envSteps === 0) return done;
  const seconds = (target - f.envSteps) / (f.envSteps / f.wallS);
  return seconds < 600 ? t('waiting.soFarEta', { n: int(f.envSteps), s: Math.max(1, Math.round(seconds)) }) : done;
}

function episodeReason(f: WaitFacts): string {
  const T = f.maxEpisodeSteps;
  if (T === null) return t('waiting.episodeShort', { env: f.env, progress: soFar(f, null) });
  const why = RUN_TO_LIMIT[f.env];
  const total = T * f.numEnvs;
  const envs = f.numEnvs > 1 ? t('waiting.envsSide', { T, k: f.numEnvs, total: int(total) }) : t('waiting.envSteps', { n: int(T) });
  if (why) return t('waiting.episodeLimit', { why: t(why), env: f.env, envs, progress: soFar(f, total) });
  return t('waiting.episodeEnds', { env: f.env, envs, progress: soFar(f, total) });
}

function updateReason(f: WaitFacts): string {
  if (f.learningStarts !== null && f.learningStarts > 0) {
    return t('waiting.replay', { agent: f.agent, n: int(f.learningStarts), progress: soFar(f, f.learningStarts) });
  }
  const batch = f.batchSteps ?? (f.numSteps !== null ? f.numSteps * f.numEnvs : null);
  if (batch !== null) {
    const how = f.numSteps !== null && f.batchSteps === null ? t('waiting.rolloutSplit', { k: f.numEnvs, steps: f.numSteps, n: int(batch) }) : t('waiting.envSteps', { n: int(batch) });
    return t('waiting.rollout', { agent: f.agent, how, progress: soFar(f, batch) });
  }
  return t('waiting.report', { progress: soFar(f, null) });
}

/** Why the chart is empty and about when it fills in. */
export function waitingReason(spec: ChartSpec, f: WaitFacts): string {
  if (f.phase === 'setup') return t('waiting.setup');
  const reason = spec.layers[0]?.kind === 'episodes' ? episodeReason(f) : updateReason(f);
  return f.phase === 'paused' && f.envSteps === 0 ? t('waiting.paused', { reason }) : reason;
}

const AGENT_NAMES: Record<string, string> = { ppo: 'PPO', dqn: 'DQN', vpg: 'VPG', a2c: 'A2C' };

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
    agent: config.agent === 'random' ? t('waiting.randomAgent') : (AGENT_NAMES[config.agent] ?? config.agent),
    maxEpisodeSteps: envSpec(config.env).maxEpisodeSteps,
    numEnvs: num('numEnvs') ?? 1,
    numSteps: num('numSteps'),
    batchSteps: num('batchSteps'),
    learningStarts: num('learningStarts'),
    ...progress,
  };
}

// Train the current agent on one probe env and judge it (probe-check.ts). Shared by the probe worker and
// the unit tests; the agent factory is passed in, so this file stays free of tfjs like create-run.ts.

import { resolveSettings } from '../config/resolve.ts';
import type { RunConfig } from '../config/run-config.ts';
import type { MetricSink } from '../diagnostics/sink.ts';
import { PROBE_TARGETS } from '../envs/probes.ts';
import type { AgentFactory } from './create-run.ts';
import { judgeProbe, predictionFromQ, probeRunConfig, PROBE_GAMMA, type ProbeId, type ProbePrediction, type ProbeResult } from './probe-check.ts';

const QUIET: MetricSink = { at() {}, scalar() {}, histogram() {}, episode() {} };

interface OnPolicyReadout {
  predict(rawObs: ArrayLike<number>, count: number): { policy: ArrayLike<number>; values: ArrayLike<number> };
}
interface QReadout {
  qValues(observations: ArrayLike<number>, rows: number): ArrayLike<number>;
}

/** Train `config`'s agent (its bugs and settings, γ = PROBE_GAMMA) on `probe` for PROBE_STEPS and judge it. */
export async function runProbe(config: RunConfig, probe: ProbeId, createAgent: AgentFactory): Promise<ProbeResult> {
  const run = probeRunConfig(config, probe);
  const agent = await createAgent(resolveSettings(run), { config: run, sink: QUIET });
  try {
    while (agent.envSteps < (run.totalSteps ?? 0)) await agent.iterate();
    const target = PROBE_TARGETS[probe];
    const obs = target.observations;
    let prediction: ProbePrediction;
    if ('predict' in agent) prediction = (agent as unknown as OnPolicyReadout).predict(obs, obs.length);
    else if ('qValues' in agent) prediction = predictionFromQ((agent as unknown as QReadout).qValues(obs, obs.length), obs.length, target.numActions);
    else throw new Error(`${config.agent} has no value or policy to read`);
    return judgeProbe(probe, prediction, PROBE_GAMMA);
  } finally {
    agent.dispose();
  }
}

import { it, expect } from 'vitest';
import { useBackend } from '/work/main/src/agents/backend.ts';
import { DqnAgent } from '/work/main/src/agents/dqn.ts';
import { makeRunConfig } from '/work/main/src/config/resolve.ts';
import { PROBE_IDS, PROBE_TARGETS } from '/work/main/src/envs/probes.ts';
import { NULL_SINK } from '/work/main/tests/unit/agents/helpers.ts';
it('probes', async () => {
  await useBackend('cpu');
  for (const id of PROBE_IDS) {
    const t0 = performance.now();
    const run = makeRunConfig(id, 'dqn', { seed: 1, overrides: { gamma: 0.5, hiddenSizes: '16,16', learningRate: 3e-3, batchSize: 32, bufferSize: 2000, learningStarts: 64, trainFreq: 1, gradientSteps: 1, targetNetworkFrequency: 50, startE: 1, endE: 0.2, explorationFraction: 1, scheduleSteps: 300, logEvery: 100, histogramEvery: 0 } });
    const agent = new DqnAgent({ config: run, sink: NULL_SINK });
    while (agent.envSteps < 1000) await agent.iterate();
    const tg = PROBE_TARGETS[id];
    const q = agent.qValues(tg.observations, tg.observations.length);
    const errs = tg.observations.map((o, i) => q[i * tg.numActions + tg.bestAction(o)] - tg.q(o, tg.bestAction(o), 0.5));
    console.log(id, Array.from(q).map(v=>v.toFixed(3)).join(' '), 'errs', errs.map(e=>e.toFixed(3)).join(' '), ((performance.now()-t0)/1000).toFixed(1)+'s');
    agent.dispose();
  }
}, 120000);

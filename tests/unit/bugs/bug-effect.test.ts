// Every catalogued (agent, bug) under every preset either changes the run it is switched on in, or
// is refused with its reason: a "broken" run identical to the healthy one teaches nothing. Each pair
// runs briefly on the env where its effect shows (the catalogue's `showsOn`), broken and healthy on
// the same seed, and the two metric streams must differ. Networks and rollouts are shrunk for speed;
// every switch of the preset (normalisers, clipping, bootstrapping, loss) is kept.
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '../../../src/agents/index.ts';
import { useBackend } from '../../../src/agents/backend.ts';
import { BUGS, bugUnavailable, type Bug, type BugAgent } from '../../../src/bugs/catalog.ts';
import { AGENT_CONFIGS, presetsFor } from '../../../src/config/presets.ts';
import { makeRunConfig, resolveSettings, validateRunConfig } from '../../../src/config/resolve.ts';
import type { HyperValue, RunConfig } from '../../../src/config/run-config.ts';
import { envSpec } from '../../../src/envs/registry.ts';
import type { EnvId } from '../../../src/envs/types.ts';
import { withBug } from '../../../src/ui/lab/experiment.ts';
import { RecordingSink, isTimingKey } from '../agents/helpers.ts';

beforeAll(async () => {
  await useBackend('wasm');
});

/** Small, fast versions of each agent's sizes (only sizes and schedules, never a switch a bug depends on). */
const SMALL: Partial<Record<BugAgent, Record<string, HyperValue>>> = {
  ppo: { numSteps: 32, numMinibatches: 2, updateEpochs: 2, hiddenSizes: '16,16', histogramEvery: 0 },
  a2c: { numSteps: 8, hiddenSizes: '16,16', histogramEvery: 0, logEvery: 1 },
  vpg: { batchSteps: 200, valueIters: 5, hiddenSizes: '16,16', histogramEvery: 0 },
  dqn: { bufferSize: 2000, learningStarts: 100, trainFreq: 4, gradientSteps: 1, batchSize: 32, hiddenSizes: '16,16', histogramEvery: 0, scheduleSteps: 2000, logEvery: 50 },
  // Trains at steps 30, 50, 70 (fresh-transition errors from the second training on) and plans from step 30.
  mbrl: { population: 20, cemIterations: 2, epochs: 2, hiddenSizes: '8,8', warmupSteps: 30, trainEvery: 20 },
};
/** Env steps every run takes at least: DQN acts one step per iteration and learns after its warm-up; mbrl plans after its warm-up. */
const MIN_STEPS: Partial<Record<BugAgent, number>> = { dqn: 800, mbrl: 75 };
/** Per-test limits where the default is too short on a loaded 2-core machine (twelve planning runs). */
const TIMEOUT_MS: Partial<Record<BugAgent, number>> = { mbrl: 600_000 };

function envFor(bug: Bug): EnvId {
  return bug.showsOn ?? (bug.envs === 'continuous' ? 'Pendulum-v1' : 'CartPole-v1');
}

/** What a run did, minus wall time: every scalar, and how num_tensors moved (its absolute level depends on the process). */
function signature(sink: RecordingSink): string {
  const points = sink.points.filter((p) => !isTimingKey(p.key)).map((p) => `${p.key}@${p.step}=${p.value}`);
  const tensors = sink.series('memory/num_tensors');
  const deltas = tensors.slice(1).map((v, i) => v - tensors[i]);
  return JSON.stringify({ points, deltas });
}

/**
 * Signatures of healthy runs already trained, by config and length: bugs that share an env and the
 * settings withBug switched on share one healthy twin (seeded runs are deterministic, so training it
 * again would give the same string).
 */
const healthyRuns = new Map<string, string>();

async function trainHealthy(config: RunConfig, minSteps: number): Promise<string> {
  const key = JSON.stringify([config, minSteps]);
  let sig = healthyRuns.get(key);
  if (sig === undefined) healthyRuns.set(key, (sig = await train(config, minSteps)));
  return sig;
}

async function train(config: RunConfig, minSteps: number): Promise<string> {
  const sink = new RecordingSink();
  const agent = createAgent(resolveSettings(config), { config, sink });
  try {
    let iterations = 0;
    while (agent.envSteps < minSteps || iterations < 3) {
      await agent.iterate();
      iterations++;
    }
  } finally {
    agent.dispose();
  }
  return signature(sink);
}

const agents: BugAgent[] = ['ppo', 'dqn', 'vpg', 'a2c', 'mbrl'];

describe('every bug changes the run it is switched on in, or is refused', () => {
  for (const agent of agents) {
    for (const preset of AGENT_CONFIGS[agent]!.presets.map((p) => p.id)) {
      const bugs = (BUGS as readonly Bug[]).filter((b) => (b.agents as readonly string[]).includes(agent));
      it(`${agent} · ${preset}: ${bugs.length} bugs`, async () => {
        const identical: string[] = [];
        for (const bug of bugs) {
          const env = envFor(bug);
          if (!presetsFor(agent, env).includes(preset)) continue;
          expect(bugUnavailable(bug, agent, envSpec(env).continuous), `${bug.id} on ${env}`).toBeNull();
          const broken = withBug(makeRunConfig(env, agent, { preset, seed: 3, overrides: { ...SMALL[agent] } }), bug.id, true);
          // Refused configs must say why; withBug has already switched on what the bug needs, so none should be.
          expect(validateRunConfig(broken), `${agent} ${preset} ${bug.id}`).toEqual([]);
          const healthy: RunConfig = { ...broken, bugs: [] };
          const limit = envSpec(env).maxEpisodeSteps ?? 0;
          // Long enough for every sub-env to finish at least one episode at the time limit.
          const numEnvs = Number((resolveSettings(broken).values as { numEnvs?: number }).numEnvs ?? 1);
          const minSteps = Math.max(bug.showsOn ? (limit + 50) * numEnvs : 0, MIN_STEPS[agent] ?? 0);
          if ((await trainHealthy(healthy, minSteps)) === (await train(broken, minSteps))) identical.push(bug.id);
        }
        expect(identical, `bugs that changed nothing for ${agent} under ${preset}`).toEqual([]);
      }, TIMEOUT_MS[agent]);
    }
  }
});

// Issue 14 goal 3, the seed swarm: wall time of S seeds of PPO at CleanRL's CartPole config trained as one
// batched swarm (src/agents/ppo-swarm.ts) against one seed of ppo.ts (compute tfjs), Node wasm. Each run is
// its own process; swarm and single alternate repeat by repeat, so each ratio compares neighbours in time
// on a loaded machine. The clock runs from building the agent to the last update (backend set up before).
// JSON on stdout (scripts/bench.ts writes the measures to bench/results/latest.json). Never a test.
//
//   npx tsx scripts/bench-swarm.ts [--seeds 8] [--steps 51200] [--repeats 3]

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setupNodeBackendFor } from '../src/agents/index.ts';
import { PpoAgent } from '../src/agents/ppo.ts';
import { PpoSwarm } from '../src/agents/ppo-swarm.ts';
import type { PpoConfig } from '../src/config/ppo-config.ts';
import { makeRunConfig, resolveConfig } from '../src/config/resolve.ts';
import type { MetricSink } from '../src/diagnostics/sink.ts';
import { measure, type Measure } from './bench-stats.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const log = (s: string): void => void process.stderr.write(`[bench-swarm] ${s}\n`);

const seedCount = Number(arg('seeds') ?? '8');
const steps = Number(arg('steps') ?? '51200');
const repeats = Number(arg('repeats') ?? '3');
const NULL_SINK: MetricSink = { at() {}, scalar() {}, histogram() {}, episode() {} };

/** One run in this process: `swarm` seeds 1…S as one PpoSwarm, else ppo.ts with seed 1. */
async function child(kind: 'swarm' | 'single'): Promise<void> {
  const run = makeRunConfig('CartPole-v1', 'ppo', { preset: 'cleanrl', seed: 1, totalSteps: steps, overrides: { compute: 'tfjs', histogramEvery: 0 } });
  const backend = await setupNodeBackendFor(run, 'default');
  const config = resolveConfig(run) as PpoConfig;
  const seeds = kind === 'swarm' ? Array.from({ length: seedCount }, (_, i) => i + 1) : [1];
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const agent = kind === 'swarm' ? new PpoSwarm({ config: run, seeds, sinks: seeds.map(() => NULL_SINK) }, config) : new PpoAgent({ config: run, sink: NULL_SINK }, config);
  while (agent.envSteps < steps) await agent.iterate();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  agent.dispose();
  process.stdout.write(`${JSON.stringify({ kind, seeds: seeds.length, steps_per_seed: agent.envSteps, seconds, cpu_seconds: (cpu.user + cpu.system) / 1e6, backend: backend.backend })}\n`);
}

function spawnChild(kind: 'swarm' | 'single'): { seconds: number; cpu_seconds: number; backend: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `${root}/scripts/bench-swarm.ts`, '--child', kind, '--seeds', String(seedCount), '--steps', String(steps)], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`bench-swarm child ${kind} exited with ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

function parent(): void {
  const swarm: number[] = [];
  const single: number[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  let backend = '';
  for (let i = 0; i < repeats; i++) {
    // Alternate which goes first, so neither always runs on the fresher machine.
    const order: ('swarm' | 'single')[] = i % 2 === 0 ? ['single', 'swarm'] : ['swarm', 'single'];
    const got: Record<string, number> = {};
    const cpu: Record<string, number> = {};
    for (const kind of order) {
      log(`repeat ${i + 1}/${repeats}: ${kind === 'swarm' ? `swarm of ${seedCount}` : 'one seed (ppo.ts)'} …`);
      const r = spawnChild(kind);
      backend = r.backend;
      got[kind] = r.seconds;
      cpu[kind] = r.cpu_seconds;
      log(`  → ${r.seconds.toFixed(1)} s wall, ${r.cpu_seconds.toFixed(1)} s CPU`);
    }
    swarm.push(got.swarm);
    single.push(got.single);
    ratios.push(got.swarm / got.single);
    cpuRatios.push(cpu.swarm / cpu.single);
  }
  const what = `PPO CartPole-v1 at CleanRL's config (preset cleanrl, compute tfjs), ${steps} steps per seed, Node ${backend}`;
  const none = 'no CleanRL counterpart';
  const measures: Measure[] = [
    measure('swarm_seed1_seconds', `${what}: one seed, ppo.ts, wall seconds`, 's', single, `${backend} (Node)`, null, none, false),
    measure(`swarm_${seedCount}_seeds_seconds`, `${what}: ${seedCount} seeds as one batched swarm (ppo-swarm.ts), wall seconds`, 's', swarm, `${backend} (Node)`, null, none, false),
    { ...measure(`swarm_${seedCount}_seeds_time_ratio`, `${what}: wall time of ${seedCount} seeds as one swarm ÷ one seed, run next to each other (issue 14 goal: ≤ 2)`, '×', ratios, `${backend} (Node)`, null, none, false), goal: 2 },
    // On a loaded machine the process's CPU seconds are steadier than its wall time.
    measure(`swarm_${seedCount}_seeds_cpu_ratio`, `${what}: process CPU seconds of ${seedCount} seeds as one swarm ÷ one seed (steadier than wall time under load)`, '×', cpuRatios, `${backend} (Node)`, null, none, false),
  ];
  process.stdout.write(`${JSON.stringify({ seeds: seedCount, steps_per_seed: steps, repeats, measures }, null, 2)}\n`);
}

if (argv.includes('--child')) await child(arg('child') as 'swarm' | 'single');
else parent();

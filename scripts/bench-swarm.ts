// Issue 14 goal 3, the seed swarm: wall time of S seeds of PPO at CleanRL's CartPole config trained as one
// swarm in one process (src/agents/ppo-swarm.ts) against one seed of ppo.ts, on both compute paths: tfjs
// (the reference) and js (the wasm SIMD kernels, the fastest one seed). Node, tfjs backend wasm. Each run is
// its own process; within a repeat the runs go in a rotating order, so each ratio compares neighbours in
// time on a loaded machine. The clock runs from building the agent to the last update (backend set up
// before). JSON on stdout (scripts/bench.ts writes the measures to bench/results/latest.json). Never a test.
//
//   npx tsx scripts/bench-swarm.ts [--seeds 8] [--steps 51200] [--repeats 3] [--swarm-compute js,tfjs]

import { spawnSync } from 'node:child_process';
import os from 'node:os';
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
const swarmComputes = (arg('swarm-compute') ?? 'js,tfjs').split(',') as Compute[];
const NULL_SINK: MetricSink = { at() {}, scalar() {}, histogram() {}, episode() {} };

type Compute = 'tfjs' | 'js';
interface Kind {
  swarm: boolean;
  compute: Compute;
}
const kindName = (k: Kind): string => `${k.swarm ? 'swarm' : 'single'}-${k.compute}`;

interface ChildResult {
  seconds: number;
  cpu_seconds: number;
  backend: string;
  load_average: number[];
}

/** One run in this process: a swarm of seeds 1…S, else ppo.ts with seed 1, on the given compute path. */
async function child(kind: Kind): Promise<void> {
  const run = makeRunConfig('CartPole-v1', 'ppo', { preset: 'cleanrl', seed: 1, totalSteps: steps, overrides: { compute: kind.compute, histogramEvery: 0 } });
  const backend = await setupNodeBackendFor(run, 'default');
  const config = resolveConfig(run) as PpoConfig;
  const seeds = kind.swarm ? Array.from({ length: seedCount }, (_, i) => i + 1) : [1];
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const agent = kind.swarm ? new PpoSwarm({ config: run, seeds, sinks: seeds.map(() => NULL_SINK) }, config) : new PpoAgent({ config: run, sink: NULL_SINK }, config);
  while (agent.envSteps < steps) await agent.iterate();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  agent.dispose();
  const result: ChildResult & { kind: string; seeds: number; steps_per_seed: number } = { kind: kindName(kind), seeds: seeds.length, steps_per_seed: agent.envSteps, seconds, cpu_seconds: (cpu.user + cpu.system) / 1e6, backend: backend.backend, load_average: os.loadavg() };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function spawnChild(kind: Kind): ChildResult {
  const args = ['--import', 'tsx', `${root}/scripts/bench-swarm.ts`, '--child', kindName(kind), '--seeds', String(seedCount), '--steps', String(steps)];
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`bench-swarm child ${kindName(kind)} exited with ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
}

function parent(): void {
  const kinds: Kind[] = [
    { swarm: false, compute: 'tfjs' },
    { swarm: false, compute: 'js' },
    ...swarmComputes.map((compute): Kind => ({ swarm: true, compute })),
  ];
  const wall = new Map<string, number[]>(kinds.map((k) => [kindName(k), []]));
  const cpuS = new Map<string, number[]>(kinds.map((k) => [kindName(k), []]));
  const ratios = new Map<string, number[]>();
  const loads: number[] = [];
  let backend = '';
  for (let i = 0; i < repeats; i++) {
    // Rotate the order, so no kind always runs on the fresher machine.
    const order = kinds.map((_, j) => kinds[(i + j) % kinds.length]);
    const got = new Map<string, ChildResult>();
    for (const kind of order) {
      const name = kindName(kind);
      log(`repeat ${i + 1}/${repeats}: ${kind.swarm ? `swarm of ${seedCount}` : 'one seed (ppo.ts)'}, compute ${kind.compute} …`);
      const r = spawnChild(kind);
      backend = r.backend;
      got.set(name, r);
      wall.get(name)!.push(r.seconds);
      cpuS.get(name)!.push(r.cpu_seconds);
      loads.push(r.load_average[0]);
      log(`  → ${r.seconds.toFixed(1)} s wall, ${r.cpu_seconds.toFixed(1)} s CPU, load ${r.load_average.map((l) => l.toFixed(1)).join(' ')}`);
    }
    for (const sc of swarmComputes)
      for (const base of ['tfjs', 'js'] as const) {
        const key = `swarm-${sc}/single-${base}`;
        const list = ratios.get(key) ?? [];
        list.push(got.get(`swarm-${sc}`)!.seconds / got.get(`single-${base}`)!.seconds);
        ratios.set(key, list);
        const cpuKey = `cpu:${key}`;
        const cpuList = ratios.get(cpuKey) ?? [];
        cpuList.push(got.get(`swarm-${sc}`)!.cpu_seconds / got.get(`single-${base}`)!.cpu_seconds);
        ratios.set(cpuKey, cpuList);
      }
  }
  const what = `PPO CartPole-v1 at CleanRL's config (preset cleanrl), ${steps} steps per seed, Node, tfjs backend ${backend}`;
  const none = 'no CleanRL counterpart';
  const be = `${backend} (Node)`;
  const measures: Measure[] = [
    measure('swarm_seed1_seconds', `${what}: one seed, ppo.ts, compute tfjs, wall seconds`, 's', wall.get('single-tfjs')!, be, null, none, false),
    measure('swarm_seed1_js_seconds', `${what}: one seed, ppo.ts, compute js (the fastest one seed), wall seconds`, 's', wall.get('single-js')!, be, null, none, false),
  ];
  for (const sc of swarmComputes) {
    const id = sc === 'tfjs' ? `swarm_${seedCount}_seeds` : `swarm_${seedCount}_seeds_js`;
    measures.push(measure(`${id}_seconds`, `${what}: ${seedCount} seeds as one swarm (ppo-swarm.ts), compute ${sc}, wall seconds`, 's', wall.get(`swarm-${sc}`)!, be, null, none, false));
    for (const base of ['tfjs', 'js'] as const) {
      const suffix = base === 'tfjs' ? '' : '_vs_js';
      const key = `swarm-${sc}/single-${base}`;
      measures.push({ ...measure(`${id}_time_ratio${suffix}`, `${what}: wall time of ${seedCount} seeds as one swarm (compute ${sc}) ÷ one seed (compute ${base}), run next to each other (issue 14 goal: ≤ 2)`, '×', ratios.get(key)!, be, null, none, false), goal: 2 });
      // On a loaded machine the process's CPU seconds are steadier than its wall time.
      measures.push(measure(`${id}_cpu_ratio${suffix}`, `${what}: process CPU seconds of ${seedCount} seeds as one swarm (compute ${sc}) ÷ one seed (compute ${base}) (steadier than wall time under load)`, '×', ratios.get(`cpu:${key}`)!, be, null, none, false));
    }
  }
  const loadAverage = { min: Math.min(...loads), max: Math.max(...loads) };
  process.stdout.write(`${JSON.stringify({ seeds: seedCount, steps_per_seed: steps, repeats, one_minute_load_during_runs: loadAverage, measures }, null, 2)}\n`);
}

if (argv.includes('--child')) {
  const [what, compute] = (arg('child') ?? '').split('-');
  await child({ swarm: what === 'swarm', compute: compute as Compute });
} else parent();

// False-alarm rate of the health checks: every (agent, preset, env the preset supports) trained healthy
// for seeds 1–5 at the agent's step budget; each run's alerts are counted. A detector that fires on a
// healthy run is a bug in the detector (DIAGNOSTICS.md §4), unless the preset's card says it is a
// property of the preset. Prints JSON lines per run on stderr and a markdown table on stdout.
//
//   npx tsx scripts/false-alarms.ts > /tmp/false-alarms.md                     everything (long)
//   npx tsx scripts/false-alarms.ts --only ppo --seeds 3 --steps-scale 0.5     a part, shorter
//   npx tsx scripts/false-alarms.ts --only vpg --preset playground --env Acrobot-v1 --seeds 5   some rows
//   npx tsx scripts/false-alarms.ts --first-seed 3 --seeds 1                    seed 3 only, to add to seeds 1–2
// (--only, --preset and --env are repeatable; each narrows the grid.)

import '@tensorflow/tfjs-backend-wasm';
import { createAgent } from '../src/agents/index.ts';
import { useBackend } from '../src/agents/backend.ts';
import { AGENT_CONFIGS, presetsFor } from '../src/config/presets.ts';
import { makeRunConfig } from '../src/config/resolve.ts';
import type { AgentId } from '../src/config/run-config.ts';
import type { HealthMonitor } from '../src/diagnostics/health.ts';
import type { EnvId } from '../src/envs/types.ts';
import { createRun, type MonitoredSink } from '../src/workers/create-run.ts';

const ENVS: EnvId[] = ['CartPole-v1', 'Acrobot-v1', 'MountainCar-v0', 'Pendulum-v1', 'MountainCarContinuous-v0'];
/** Env steps per run: the budget each agent usually gets in the bug table and the lessons. */
const BUDGET: Record<'ppo' | 'dqn' | 'vpg' | 'a2c', number> = { ppo: 50_000, dqn: 30_000, vpg: 50_000, a2c: 50_000 };

class AlertSink implements MonitoredSink {
  monitor: HealthMonitor | null = null;
  readonly alerts: { id: string; step: number; key: string; expected: boolean }[] = [];
  private step = 0;
  at(envSteps: number): void {
    this.step = envSteps;
  }
  scalar(key: string, value: number): void {
    for (const a of this.monitor?.push(key, this.step, value) ?? []) this.alerts.push({ id: a.id, step: a.step, key: a.key, expected: a.expected !== undefined });
  }
  histogram(): void {}
  episode(ep: { return: number; length: number }): void {
    this.scalar('charts/episodic_return', ep.return);
    this.scalar('charts/episodic_length', ep.length);
  }
}

async function main(argv: string[]): Promise<void> {
  const arg = (flag: string): string | undefined => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const many = (flag: string): string[] => argv.flatMap((a, i) => (argv[i - 1] === flag ? [a] : []));
  const only = many('--only');
  const presets = many('--preset');
  const envs = many('--env');
  const seeds = Number(arg('--seeds') ?? 5);
  /** Seeds first … first + seeds − 1 (to add seeds to an earlier measurement). */
  const first = Number(arg('--first-seed') ?? 1);
  const scale = Number(arg('--steps-scale') ?? 1);
  await useBackend('wasm');
  // An alert the preset's settings produce by design (HealthAlert.expected) is listed apart: it says so on screen.
  const rows: string[] = ['| agent | preset | env | steps | runs with an unexplained alert | alerts (id × runs) | alerts the preset explains |', '|---|---|---|---:|---:|---|---|'];
  for (const agent of ['ppo', 'dqn', 'vpg', 'a2c'] as const) {
    if (only.length && !only.includes(agent)) continue;
    for (const preset of AGENT_CONFIGS[agent as AgentId]!.presets.map((p) => p.id)) {
      if (presets.length && !presets.includes(preset)) continue;
      for (const env of ENVS) {
        if (envs.length && !envs.includes(env)) continue;
        if (!presetsFor(agent, env).includes(preset)) continue;
        const steps = Math.round(BUDGET[agent] * scale);
        const counts = new Map<string, number>();
        const explained = new Map<string, number>();
        let alarmed = 0;
        for (let seed = first; seed < first + seeds; seed++) {
          const config = makeRunConfig(env, agent, { preset, seed, totalSteps: steps, overrides: { histogramEvery: 0 } });
          const sink = new AlertSink();
          const t0 = performance.now();
          const { agent: a } = await createRun(config, sink, { createAgent });
          try {
            while (a.envSteps < steps) await a.iterate();
          } finally {
            a.dispose();
          }
          const ids = [...new Set(sink.alerts.filter((x) => !x.expected).map((x) => x.id))];
          if (ids.length) alarmed++;
          for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
          for (const id of new Set(sink.alerts.filter((x) => x.expected).map((x) => x.id))) explained.set(id, (explained.get(id) ?? 0) + 1);
          const explainedIds = [...new Set(sink.alerts.filter((x) => x.expected).map((x) => x.id))];
          const line = { agent, preset, env, seed, steps, wall_s: +((performance.now() - t0) / 1000).toFixed(1), unexplained: ids, explained: explainedIds, alerts: sink.alerts.slice(0, 5) };
          process.stderr.write(`${JSON.stringify(line)}\n`);
        }
        const list = (m: Map<string, number>): string => [...m].map(([id, n]) => `${id} × ${n}`).join(', ') || '—';
        rows.push(`| ${agent} | ${preset} | ${env} | ${steps} | ${alarmed}/${seeds} | ${list(counts)} | ${list(explained)} |`);
      }
    }
  }
  process.stdout.write(`${rows.join('\n')}\n`);
}

await main(process.argv.slice(2));

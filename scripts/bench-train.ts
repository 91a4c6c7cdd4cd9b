// Training throughput of PPO at CleanRL's CartPole config (4 envs × 128 steps, 4 epochs × 4
// minibatches, 64-64 tanh) on each Node backend, with the per-phase breakdown. JSON on stdout.
// CleanRL's PyTorch ppo.py does ~3.8k SPS on this machine (shared/reference/cleanrl-ppo-cartpole.json).
//
//   npm run bench:train [-- --updates 40 --backends wasm,cpu --env CartPole-v1 --preset cleanrl --set key=value]

import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { createAgent } from '../src/agents/index.ts';
import { useBackend } from '../src/agents/backend.ts';
import { PPO_FIELDS } from '../src/config/ppo-config.ts';
import { makeRunConfig, resolveSettings } from '../src/config/resolve.ts';
import type { HyperValue } from '../src/config/run-config.ts';
import { parseField } from '../src/config/schema.ts';
import type { EnvId } from '../src/envs/types.ts';
import type { MetricSink } from '../src/diagnostics/sink.ts';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const updates = Number(flag('updates', '40'));
const warmup = 3;
const backends = flag('backends', 'wasm,cpu').split(',');
const env = flag('env', 'CartPole-v1') as EnvId;
const preset = flag('preset', 'cleanrl');
/** --set key=value overrides (repeatable), as in scripts/train.ts. */
const overrides: Record<string, HyperValue> = {};
process.argv.forEach((a, i) => {
  if (a !== '--set') return;
  const [key, text] = process.argv[i + 1].split('=');
  const field = PPO_FIELDS.find((f) => f.key === key);
  const parsed = field ? parseField(field, text) : { error: `unknown setting ${key}` };
  if ('error' in parsed) throw new Error(parsed.error);
  overrides[key] = parsed.value;
});

/** Sums time/phase_ms/* after the warm-up updates. */
class PhaseSink implements MetricSink {
  updates = 0;
  readonly phases: Record<string, number> = {};
  at(_steps: number, updates: number): void {
    this.updates = updates;
  }
  scalar(key: string, value: number): void {
    if (this.updates > warmup && key.startsWith('time/phase_ms/')) {
      const phase = key.slice('time/phase_ms/'.length);
      this.phases[phase] = (this.phases[phase] ?? 0) + value;
    }
  }
  histogram(): void {}
  episode(): void {}
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

const results: Record<string, unknown> = {};
for (const backend of backends) {
  try {
    await useBackend(backend);
  } catch (e) {
    results[backend] = { error: e instanceof Error ? e.message : String(e) };
    continue;
  }
  const run = makeRunConfig(env, 'ppo', { preset, seed: 1, backend: backend as 'wasm', totalSteps: 500_000, overrides });
  const sink = new PhaseSink();
  const agent = createAgent(resolveSettings(run), { config: run, sink });
  let stepsAtWarm = 0;
  let tWarm = 0;
  let cpuWarm = 0;
  const n = backend === 'cpu' ? Math.min(updates, 12) : updates;
  for (let u = 0; u < n; u++) {
    if (u === warmup) {
      stepsAtWarm = agent.envSteps;
      tWarm = performance.now();
      cpuWarm = cpuMs();
    }
    await agent.iterate();
  }
  const seconds = (performance.now() - tWarm) / 1000;
  const cpuSeconds = (cpuMs() - cpuWarm) / 1000;
  const steps = agent.envSteps - stepsAtWarm;
  const measured = n - warmup;
  const perUpdate = Object.fromEntries(Object.entries(sink.phases).map(([k, v]) => [k, Number((v / measured).toFixed(2))]));
  const accounted = Object.values(sink.phases).reduce((a, b) => a + b, 0) / measured;
  results[backend] = {
    sps: Math.round(steps / seconds),
    // Steps per second of this process's CPU time: less sensitive to other load on a shared machine.
    spsCpuTime: Math.round(steps / cpuSeconds),
    loadAverage: os.loadavg()[0],
    updatesMeasured: measured,
    msPerUpdate: Number(((seconds * 1000) / measured).toFixed(2)),
    phaseMsPerUpdate: { ...perUpdate, other: Number(((seconds * 1000) / measured - accounted).toFixed(2)) },
    numTensors: tf.memory().numTensors,
  };
  agent.dispose();
}
process.stdout.write(`${JSON.stringify({ env, preset, overrides, config: '4 envs × 128 steps, 4 epochs × 4 minibatches, 64-64 tanh', cleanrlPytorchSps: 3800, results }, null, 2)}\n`);

// Env throughput: steps per second for each env, as a single env (the allocating step() API and
// the allocation-free stepInto() path that VectorEnv uses) and as VectorEnv(16).
// Actions are drawn beforehand from the seeded RNG, so the timing is the env's alone.
//
//   npx tsx scripts/bench-envs.ts [--seconds 0.5] [--only CartPole-v1]
// Prints a table to stderr and JSON to stdout. Each env runs in its own process (--only), since
// in one process V8's inline caches in the shared env code go megamorphic after a few env
// classes and later envs would be measured slower than a worker running one env sees them.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ENV_IDS } from '../src/envs/registry.ts';
import { makeEnv } from '../src/envs/make-env.ts';
import { makeRng } from '../src/envs/rng.ts';
import type { EnvId, Space } from '../src/envs/types.ts';
import { VectorEnv } from '../src/envs/vector-env.ts';

const args = process.argv.slice(2);
const argValue = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const SECONDS = Number(argValue('--seconds') ?? 0.5);
const ONLY = argValue('--only');
const NUM_ENVS = 16;
const ACTION_POOL = 1 << 16;

function actionPool(space: Space, n: number, seed: number): Float64Array {
  const rng = makeRng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = space.kind === 'discrete' ? rng.integers(space.n) : rng.uniform(space.low[0], space.high[0]);
  }
  return out;
}

/** Runs `chunk` (which performs `stepsPerCall` steps) for about SECONDS after a warm-up; steps/s. */
function measure(stepsPerCall: number, chunk: () => void): number {
  const warmEnd = performance.now() + 150;
  while (performance.now() < warmEnd) chunk();
  let steps = 0;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  let now = start;
  while (now < end) {
    for (let k = 0; k < 16; k++) chunk();
    steps += 16 * stepsPerCall;
    now = performance.now();
  }
  return steps / ((now - start) / 1000);
}

function benchSingle(id: EnvId): number {
  const env = makeEnv(id);
  const actions = actionPool(env.actionSpace, ACTION_POOL, 1);
  const continuous = env.actionSpace.kind === 'box';
  const box = new Float32Array(1);
  env.reset({ seed: 0 });
  let i = 0;
  return measure(1024, () => {
    for (let k = 0; k < 1024; k++) {
      let a: number | Float32Array = actions[i++ & (ACTION_POOL - 1)];
      if (continuous) {
        box[0] = a;
        a = box;
      }
      const r = env.step(a);
      if (r.terminated || r.truncated) env.reset();
    }
  });
}

function benchStepInto(id: EnvId): number {
  const env = makeEnv(id);
  const actions = actionPool(env.actionSpace, ACTION_POOL, 2);
  const obs = new Float32Array(env.obsDim);
  env.resetInto({ seed: 0 }, obs, 0);
  let i = 0;
  let sink = 0;
  const rate = measure(1024, () => {
    for (let k = 0; k < 1024; k++) {
      sink += env.stepInto(actions[i++ & (ACTION_POOL - 1)], obs, 0);
      if (env.lastTerminated || env.lastTruncated) env.resetInto(undefined, obs, 0);
    }
  });
  if (Number.isNaN(sink)) throw new Error('unreachable');
  return rate;
}

function benchVector(id: EnvId): number {
  const vec = new VectorEnv(id, NUM_ENVS);
  const batch = NUM_ENVS * vec.actDim;
  const pool = actionPool(vec.actionSpace, ACTION_POOL, 3);
  const batches: Float64Array[] = [];
  for (let b = 0; b + batch <= ACTION_POOL; b += batch) batches.push(pool.subarray(b, b + batch));
  vec.reset(0);
  let i = 0;
  return measure(64 * NUM_ENVS, () => {
    for (let k = 0; k < 64; k++) vec.step(batches[i++ % batches.length]);
  });
}

interface Row {
  env: EnvId;
  single_steps_per_s: number;
  single_step_into_steps_per_s: number;
  vector16_steps_per_s: number;
}

function benchHere(id: EnvId): Row {
  return {
    env: id,
    single_steps_per_s: Math.round(benchSingle(id)),
    single_step_into_steps_per_s: Math.round(benchStepInto(id)),
    vector16_steps_per_s: Math.round(benchVector(id)),
  };
}

/** Benchmarks one env in a fresh node process (same loader flags, e.g. tsx's). */
function benchInChild(id: EnvId): Row {
  const script = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, script, '--only', id, '--seconds', String(SECONDS)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`bench of ${id} failed (exit ${child.status})`);
  return (JSON.parse(child.stdout) as { results: Row[] }).results[0];
}

if (ONLY && !ENV_IDS.includes(ONLY as EnvId)) throw new Error(`--only: unknown env id ${ONLY}`);
const rows: Row[] = ONLY ? [benchHere(ONLY as EnvId)] : ENV_IDS.map(benchInChild);

const fmt = (x: number): string => (x / 1e6).toFixed(2).padStart(9) + 'M';
if (!ONLY) {
  process.stderr.write(
    `env steps/s (node ${process.version}, ${SECONDS}s per cell, one process per env)\n` +
      `${'env'.padEnd(26)}${'step()'.padStart(10)}${'stepInto()'.padStart(12)}${'Vector(16)'.padStart(12)}\n` +
      rows
        .map(
          (r) =>
            `${r.env.padEnd(26)}${fmt(r.single_steps_per_s)}${fmt(r.single_step_into_steps_per_s).padStart(12)}${fmt(r.vector16_steps_per_s).padStart(12)}`,
        )
        .join('\n') +
      '\n',
  );
}
process.stdout.write(JSON.stringify({ node: process.version, secondsPerCell: SECONDS, numEnvs: NUM_ENVS, results: rows }, null, 2) + '\n');

// Planning time per step of the model-based agent (time/plan_ms), by preset, forward path (plain JS or
// tfjs) and tfjs backend: the agent warms up on random actions, trains once, then plans repeatedly
// from the same state; the median of the timed steps is printed. Also times one model training.
//
//   npx tsx scripts/bench-mbrl.ts [--env Pendulum-v1] [--steps 15] [--presets playground,mbrl-lib]
//       [--backends wasm,cpu] [--forwards js,tfjs]     (auto too: `runs` says what it resolved to)
//   npx tsx scripts/bench-mbrl.ts --sweep [--steps 15] [--widths 64,128,200,256] [--depths 2,3] [--rows 10,20,50,100,200]
// Each line also carries the 1-minute load average before and after its timed steps (os.loadavg):
// on a shared machine a timing means little without it. cpu_ms is the process's CPU time per step.
// Then, per backend and preset, a "forward_only" line: the ensemble forward passes of one planning step
// alone (horizon × CEM iterations × K calls of population/K rows, the trained weights), through the wasm
// SIMD kernel, the float64 JS fallback and tfjs, best of `--steps` repeats each, interleaved.

import '@tensorflow/tfjs-backend-wasm';
import { loadavg } from 'node:os';
import { useBackend } from '../src/agents/backend.ts';
import * as tf from '@tensorflow/tfjs';
import { JsEnsemble } from '../src/agents/mbrl-js-ensemble.ts';
import { MbrlAgent } from '../src/agents/mbrl.ts';
import { TfEnsemble } from '../src/agents/mbrl-ensemble.ts';
import { makeFastRng } from '../src/envs/rng.ts';
import { makeRunConfig, resolveConfig } from '../src/config/resolve.ts';
import type { EnvId } from '../src/envs/types.ts';

const NULL_SINK = { at() {}, scalar() {}, histogram() {}, episode() {} };

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const env = arg('--env', 'Pendulum-v1') as EnvId;
const steps = Number(arg('--steps', '15'));
const presets = arg('--presets', 'playground,mbrl-lib').split(',');
const backends = arg('--backends', 'wasm,cpu').split(',');
const forwards = arg('--forwards', 'js,tfjs').split(',');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

if (process.argv.includes('--sweep')) {
  await useBackend('wasm');
  sweep();
  process.exit(0);
}

for (const backend of backends) {
  await useBackend(backend);
  for (const preset of presets) {
    for (const forward of forwards) {
      const config = makeRunConfig(env, 'mbrl', { preset, seed: 1, overrides: { forward, warmupSteps: 200 } });
      const agent = new MbrlAgent({ config, sink: NULL_SINK }, resolveConfig(config));
      const t0 = performance.now();
      while (agent.updates === 0) await agent.iterate();
      const trainS = (performance.now() - t0) / 1000;
      agent.planStep(); // warm-up (wasm kernels, JIT)
      const loadBefore = loadavg()[0];
      const times: number[] = [];
      const cpuTimes: number[] = [];
      for (let i = 0; i < steps; i++) {
        const c0 = process.cpuUsage();
        times.push(agent.planStep());
        const c = process.cpuUsage(c0);
        cpuTimes.push((c.user + c.system) / 1000);
      }
      const load = [loadBefore, loadavg()[0]].map((l) => Number(l.toFixed(2)));
      const ms = (x: number): number => Number(x.toFixed(1));
      // cpu_ms: this process's CPU time per planning step, which a loaded machine inflates far less than wall time.
      console.log(JSON.stringify({ env, backend, preset, forward, runs: agent.model.jsForward ? 'js' : 'tfjs', plan_ms_median: ms(median(times)), plan_ms_min: ms(Math.min(...times)), plan_ms_max: ms(Math.max(...times)), cpu_ms_median: ms(median(cpuTimes)), steps, first_training_s: Number(trainS.toFixed(2)), load }));
      if (forward === forwards[forwards.length - 1]) forwardOnly(agent, preset, backend);
      agent.dispose();
    }
  }
}

/** One planning step's forward passes alone, per path: ms (best of `steps` repeats) and CPU ms (median). */
function forwardOnly(agent: MbrlAgent, preset: string, backend: string): void {
  const ens = agent.model.ensemble;
  const sizes = ens.jsSizes;
  const K = ens.spec.members;
  const rows = Math.ceil(agent.config.population / K) * agent.config.particles;
  const calls = agent.horizon * agent.config.cemIterations;
  const x = new Float32Array(rows * sizes[0]).map((_, i) => Math.sin(i * 0.7));
  const out = new Float32Array(rows * ens.headSize);
  const simd = ens.toJs(new JsEnsemble(K, sizes, ens.spec.activation, true));
  const f64 = ens.toJs(new JsEnsemble(K, sizes, ens.spec.activation, false));
  const xt = tf.tensor2d(x, [rows, sizes[0]]);
  const paths: Record<string, () => void> = {
    simd: () => { for (let c = 0; c < calls; c++) for (let k = 0; k < K; k++) simd.forwardRows(k, x, 0, rows, out, 0); },
    js_f64: () => { for (let c = 0; c < calls; c++) for (let k = 0; k < K; k++) f64.forwardRows(k, x, 0, rows, out, 0); },
    tfjs: () => { for (let c = 0; c < calls; c++) for (let k = 0; k < K; k++) { const h = tf.tidy(() => ens.rawHead(k, xt)); out.set(h.dataSync()); h.dispose(); } },
  };
  const best: Record<string, number> = {};
  const cpu: Record<string, number[]> = {};
  for (const name of Object.keys(paths)) { paths[name](); best[name] = Infinity; cpu[name] = []; }
  const loadBefore = loadavg()[0];
  for (let i = 0; i < steps; i++)
    for (const [name, run] of Object.entries(paths)) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      run();
      best[name] = Math.min(best[name], performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[name].push((c.user + c.system) / 1000);
    }
  xt.dispose();
  const r = (v: number): number => Number(v.toFixed(2));
  const line: Record<string, unknown> = { env, backend, preset, forward_only: true, calls_per_step: calls * K, rows_per_call: rows };
  for (const name of Object.keys(paths)) { line[`${name}_ms_best`] = r(best[name]); line[`${name}_cpu_ms_median`] = r(median(cpu[name])); }
  line.load = [loadBefore, loadavg()[0]].map((l) => Number(l.toFixed(2)));
  console.log(JSON.stringify(line));
}

/**
 * --sweep: one member's forward (the planner's call: `rows` normalised inputs of a 5-input, 8-wide-head
 * Gaussian SiLU member), wasm kernel against tfjs on wasm, over hidden widths, depths and rows per call;
 * µs per call, best of `--steps` repeats of 5 calls, interleaved. The data behind useJsForward's rule
 * (src/agents/mbrl-forward.ts).
 */
function sweep(): void {
  const widths = arg('--widths', '64,128,200,256').split(',').map(Number);
  const depths = arg('--depths', '2,3').split(',').map(Number);
  const rowsList = arg('--rows', '10,20,50,100,200').split(',').map(Number);
  const K = 5;
  for (const depth of depths)
    for (const width of widths) {
      const spec = { members: K, sizes: [5, ...Array<number>(depth).fill(width), 4], activation: 'silu' as const, gaussian: true };
      const ens = new TfEnsemble(spec, makeFastRng(1));
      const simd = ens.toJs(new JsEnsemble(K, ens.jsSizes, 'silu', true));
      for (const rows of rowsList) {
        const x = new Float32Array(rows * 5).map((_, i) => Math.sin(i * 0.7));
        const out = new Float32Array(rows * ens.headSize);
        const paths: Record<string, () => void> = {
          simd: () => { for (let k = 0; k < K; k++) simd.forwardRows(k, x, 0, rows, out, 0); },
          tfjs: () => { for (let k = 0; k < K; k++) { const h = tf.tidy(() => ens.rawHead(k, tf.tensor2d(x, [rows, 5]))); out.set(h.dataSync()); h.dispose(); } },
        };
        const best: Record<string, number> = { simd: Infinity, tfjs: Infinity };
        for (const run of Object.values(paths)) run();
        const load0 = loadavg()[0];
        for (let i = 0; i < steps; i++)
          for (const [name, run] of Object.entries(paths)) {
            const t0 = performance.now();
            run();
            best[name] = Math.min(best[name], performance.now() - t0);
          }
        const us = (v: number): number => Math.round((1000 * v) / K);
        const macs = rows * (5 * width + (depth - 1) * width * width + width * ens.headSize);
        console.log(JSON.stringify({ sweep: true, depth, width, rows, macs_per_call: macs, simd_us: us(best.simd), tfjs_us: us(best.tfjs), tfjs_over_simd: Number((best.tfjs / best.simd).toFixed(2)), load: [load0, loadavg()[0]].map((l) => Number(l.toFixed(2))) }));
      }
      ens.dispose();
    }
}

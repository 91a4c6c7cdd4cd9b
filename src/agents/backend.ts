// Choosing the tfjs backend. Node has 'cpu' and 'wasm'; the browser adds 'webgl' and 'webgpu'
// (backend-browser.ts registers them and the wasm file URLs). `auto` times a forward pass and one
// training step of the run's own networks on each candidate and keeps the fastest.
// tf.setBackend can return false and silently stay on the old backend (PLATFORM.md): every switch
// is verified with tf.getBackend().

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendChoice } from '../config/run-config.ts';
import { makeFastRng } from '../envs/rng.ts';
import { Adam, Mlp, type Activation } from './nets.ts';

export type BackendTiming = { forwardMs: number; trainMs: number } | { error: string };

/** What the worker and the CLI show: the backend really in use and why. */
export interface BackendInfo {
  backend: string;
  reason: string;
  timings: Record<string, BackendTiming>;
}

/** The networks a run trains, as far as timing them goes. */
export interface NetworkShape {
  inputSize: number;
  /** Output size of each network trained together (PPO: [actions, 1]). */
  outputSizes: number[];
  hiddenSizes: number[];
  activation: Activation;
  /** Samples per gradient step. */
  minibatchSize: number;
}

/** Switch to `name`, failing loudly when tfjs does not really switch. */
export async function useBackend(name: string): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (e) {
    throw new Error(`tfjs backend '${name}' failed to initialise: ${e instanceof Error ? e.message : String(e)}`);
  }
  await tf.ready();
  if (!ok || tf.getBackend() !== name) throw new Error(`tfjs backend '${name}' is not available here (setBackend returned ${ok}, active: ${tf.getBackend()})`);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median ms of a batch-1 forward of every network, and of one Adam step on a minibatch (made-up regression loss). */
export async function timeNetworks(shape: NetworkShape, repeats = 5): Promise<{ forwardMs: number; trainMs: number }> {
  const rng = makeFastRng(0);
  const nets = shape.outputSizes.map(
    (out, i) => new Mlp({ name: `probe${i}`, sizes: [shape.inputSize, ...shape.hiddenSizes, out], activation: shape.activation, orthoInit: true, hiddenGain: Math.SQRT2, outputGain: 1 }, rng),
  );
  const adam = new Adam(nets.flatMap((n) => n.variables), 1e-5);
  const x1 = tf.randomNormal([1, shape.inputSize], 0, 1, 'float32', 1) as tf.Tensor2D;
  const xb = tf.randomNormal([shape.minibatchSize, shape.inputSize], 0, 1, 'float32', 2) as tf.Tensor2D;
  const forward = async (): Promise<void> => {
    const outs = tf.tidy(() => nets.map((n) => n.forward(x1)));
    await Promise.all(outs.map((o) => o.data()));
    tf.dispose(outs);
  };
  const train = async (): Promise<void> => {
    const norm = tf.tidy(() => {
      const vars = nets.flatMap((n) => n.variables);
      const { grads } = tf.variableGrads(() => tf.addN(nets.map((n) => tf.mean(tf.square(n.forward(xb))))) as tf.Scalar, vars);
      return adam.step(vars.map((v) => grads[v.name]), 1e-4, 0.5);
    });
    await norm.data();
    norm.dispose();
  };
  try {
    await forward();
    await train(); // warm-up: shader compilation, wasm operator caches
    const f: number[] = [];
    const t: number[] = [];
    for (let i = 0; i < repeats; i++) {
      let t0 = performance.now();
      await forward();
      f.push(performance.now() - t0);
      t0 = performance.now();
      await train();
      t.push(performance.now() - t0);
    }
    return { forwardMs: median(f), trainMs: median(t) };
  } finally {
    tf.dispose([x1, xb]);
    adam.dispose();
    for (const n of nets) n.dispose();
  }
}

/** Backends Node can run. */
export const NODE_BACKENDS: readonly string[] = ['wasm', 'cpu'];

/**
 * Select the backend for a run. A named choice is used as is (error if it cannot start);
 * `auto` times `shape` on each candidate and keeps the fastest training step.
 */
export async function setupBackend(choice: BackendChoice, shape: NetworkShape, candidates: readonly string[] = NODE_BACKENDS): Promise<BackendInfo> {
  if (choice !== 'auto') {
    await useBackend(choice);
    return { backend: choice, reason: `forced: ${choice}`, timings: {} };
  }
  const timings: Record<string, BackendTiming> = {};
  for (const name of candidates) {
    try {
      performance.mark(`rlp:backend:${name}`); // the bench's start-up profile (scripts/bench/startup-profile.ts)
      await useBackend(name);
      timings[name] = await timeNetworks(shape);
    } catch (e) {
      timings[name] = { error: e instanceof Error ? e.message : String(e) };
    }
  }
  const ok = Object.entries(timings).filter((e): e is [string, { forwardMs: number; trainMs: number }] => 'trainMs' in e[1]);
  if (ok.length === 0) throw new Error(`no tfjs backend could start: ${JSON.stringify(timings)}`);
  ok.sort((a, b) => a[1].trainMs - b[1].trainMs);
  const [best, bt] = ok[0];
  await useBackend(best);
  const others = ok.slice(1).map(([n, t]) => `${n} ${t.trainMs.toFixed(1)}`).join(', ');
  const reason = `auto: ${best} ${bt.trainMs.toFixed(1)} ms/train step${others ? ` vs ${others}` : ''} (forward ${bt.forwardMs.toFixed(2)} ms)`;
  return { backend: best, reason, timings };
}

/** Node's default when no backend is named: wasm if it initialises, else cpu. */
export async function setupNodeBackend(choice: BackendChoice | 'default', shape: NetworkShape): Promise<BackendInfo> {
  if (choice === 'default') {
    try {
      await useBackend('wasm');
      return { backend: 'wasm', reason: 'node default: wasm', timings: {} };
    } catch (e) {
      await useBackend('cpu');
      return { backend: 'cpu', reason: `node default: cpu (wasm failed: ${e instanceof Error ? e.message : String(e)})`, timings: {} };
    }
  }
  return setupBackend(choice, shape, NODE_BACKENDS);
}

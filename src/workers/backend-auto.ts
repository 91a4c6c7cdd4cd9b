// `auto` in the browser without the wait: train at once on wasm (the cpu backend if wasm cannot start),
// and time every candidate in a worker of its own after the run's first update; the trainer switches to
// the fastest between two iterations (trainer.ts). Timing SwiftShader's WebGL and WebGPU took ~10 s here
// before anything trained (issue 11).

import * as Comlink from 'comlink';
import { useBackend, type BackendInfo, type NetworkShape } from '../agents/backend.ts';
import type { MeasureApi } from './backend-measure.worker.ts';
import type { BackendInfo as StartedBackend } from './backend-chooser.ts';

/** The measurement in flight (one at a time: a newer run's replaces it). */
let inFlight: { worker: Worker; reject: (e: Error) => void } | null = null;

/** Time `shape` on every browser backend in a separate worker; resolves to what `auto` would choose. */
export function measureInWorker(shape: NetworkShape): Promise<BackendInfo> {
  inFlight?.worker.terminate();
  inFlight?.reject(new Error('replaced by a newer measurement'));
  const worker = new Worker(new URL('./backend-measure.worker.ts', import.meta.url), { type: 'module' });
  const api = Comlink.wrap<MeasureApi>(worker);
  return new Promise<BackendInfo>((resolve, reject) => {
    const mine = { worker, reject };
    inFlight = mine;
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      reject(new Error(e.message || 'the measuring worker could not load'));
    });
    api.measure(shape).then(resolve, reject);
  }).finally(() => {
    if (inFlight?.worker === worker) inFlight = null;
    api[Comlink.releaseProxy]();
    worker.terminate();
  });
}

/** Start `auto` on wasm (else cpu) now; `measure` times every backend later, off this thread. */
export async function startAuto(shape: NetworkShape): Promise<StartedBackend> {
  let first = 'wasm';
  try {
    await useBackend('wasm');
  } catch {
    first = 'cpu';
    await useBackend('cpu');
  }
  return { backend: first, reason: `auto: ${first} until every backend is timed`, timings: {}, measure: () => measureInWorker(shape) };
}

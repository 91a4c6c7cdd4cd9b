// Browser-only half of backend.ts: registers WebGPU (WebGL comes with @tensorflow/tfjs) and tells the
// wasm backend where Vite put its three .wasm files. Node never imports this file (it uses `?url`).

import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { AgentSettings } from '../config/resolve.ts';
import type { RunConfig } from '../config/run-config.ts';
import type { BackendInfo } from './backend.ts';
import { setupBackendFor } from './index.ts';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
});

/** Every backend a browser may offer, fastest-first guess (auto measures anyway). */
export const BROWSER_BACKENDS: readonly string[] = ['wasm', 'webgl', 'webgpu', 'cpu'];

/** The worker's backend setup: a forced choice is verified; `auto` times all four on the run's networks. */
export function setupBrowserBackend(config: RunConfig, settings: AgentSettings): Promise<BackendInfo> {
  return setupBackendFor(config, BROWSER_BACKENDS, settings);
}

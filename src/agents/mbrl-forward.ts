// Which forward pass the model-based agent's planner runs (its `forward` setting, `auto` resolved): the
// wasm SIMD kernel over the plain-JS copy of the weights (mbrl-js-ensemble.ts), or tfjs. One planning step
// is horizon × CEM iterations × members calls of one member on `rows` imagined states; what a call costs
// depends on its size, so `auto` decides by the multiply-adds of one call.
//
// Measured (scripts/bench-mbrl.ts, wasm backend, Node, one thread; `--sweep` for the per-call grid):
//   * A tfjs call carries ~0.1–0.25 ms of fixed cost (tensor, 3–4 ops per layer, dataSync); the kernel's is
//     a few µs. Per multiply-add tfjs's XNNPACK matMul is faster than the kernel (~8 vs ~6.5 GMAC/s at 3×200).
//   * `--sweep` (5 members, SiLU, widths 64–256, depths 2–3, 10–200 rows per call; 2026-12-07 20:12, load
//     ~10, best of 7): the kernel is faster in every configuration up to 0.85 M multiply-adds per call
//     (1.02–9.7×; below 0.25 M 1.9–9.7×), tfjs in every one from 2.1 M (1.04–2×); between 0.9 M and 1.8 M
//     either, by 0.64–1.04 (and one outlier). Again at 21:11, load ~9, best of 15: the kernel faster up to
//     0.85 M but at 64-64 × 100 rows (0.86), tfjs from 1.72 M (1.03–1.8×), between 0.68–1.03.
//   * The presets, whole planning step, quiet machine (load 1.0–1.6), median of 15 (`--steps 15`):
//     playground Pendulum (10 rows × 64-64, 47 k per call): kernel 12.2 ms, tfjs 40.4;
//     playground CartPoleContinuous (20 rows, 99 k): kernel 18.2, tfjs 39.4; MountainCarContinuous 13.7, 31.2;
//     mbrl-lib (100 rows × 3×200, 8.3 M per call): CartPoleContinuous kernel 665 ms, tfjs 548;
//     MountainCarContinuous kernel 742, tfjs 587.
// So on the wasm backend `auto` takes the kernel below KERNEL_MAX_MACS_PER_CALL (a decade from either
// preset) and tfjs above it. On the other backends the kernel always: tfjs on `cpu` costs 3.4–18× its
// time (Pendulum playground: 210 ms vs 11.6), and on webgl/webgpu every call would read back from the GPU.
// Without wasm SIMD: tfjs on wasm, float64 JS elsewhere (mbrl-js-ensemble.ts).

/** Multiply-adds per member call above which tfjs on wasm beats the kernel (see above). */
export const KERNEL_MAX_MACS_PER_CALL = 1_000_000;

export type ForwardChoice = 'auto' | 'tfjs' | 'js';

/** Multiply-adds of one member's forward over `rows` inputs through layers `sizes` ([in, ...hidden, head]). */
export function forwardMacs(sizes: readonly number[], rows: number): number {
  let macs = 0;
  for (let l = 0; l + 1 < sizes.length; l++) macs += sizes[l] * sizes[l + 1];
  return rows * macs;
}

/**
 * Rows of one member call in an imagined step of `population × particles` particles: a share of them per
 * member when the members split the particles (TS-1, TS∞), all of them for each member when their
 * predictions are averaged (`mean`).
 */
export function rowsPerCall(population: number, particles: number, members: number, propagation: string): number {
  const P = population * particles;
  return propagation === 'mean' ? P : Math.ceil(P / members);
}

export interface ForwardContext {
  /** The active tfjs backend. */
  backend: string;
  /** The wasm SIMD kernel runs here. */
  kernels: boolean;
  /** Multiply-adds per member call (forwardMacs). */
  macsPerCall: number;
}

/**
 * Why `forward: tfjs` cannot plan on the webgpu backend. The planner reads each member call back at once
 * (dataSync: it is synchronous); tfjs 4.22's WebGPU backend does a synchronous read through three new
 * OffscreenCanvases a call (backend_webgpu.js readSync), 225–375 calls a planning step, and the worker ran
 * out of memory for buffer mappings within seconds (tests/browser/mbrl-backends.test.ts, SwiftShader).
 */
export const TFJS_FORWARD_ON_WEBGPU =
  "forward 'tfjs' cannot plan on the webgpu backend: the planner reads every imagined step back from the GPU at once, which tfjs's WebGPU backend does through new canvases on each read and runs out of memory within seconds. Choose forward 'auto' or 'js' (the model still trains on WebGPU), or another backend.";

/** True: imagined steps run through the plain-JS copy (the kernel, or float64 JS without it); false: tfjs. Throws for tfjs on webgpu. */
export function useJsForward(choice: ForwardChoice, ctx: ForwardContext): boolean {
  if (choice === 'tfjs' && ctx.backend === 'webgpu') throw new Error(TFJS_FORWARD_ON_WEBGPU);
  if (choice !== 'auto') return choice === 'js';
  if (ctx.backend !== 'wasm') return true;
  return ctx.kernels && ctx.macsPerCall <= KERNEL_MAX_MACS_PER_CALL;
}

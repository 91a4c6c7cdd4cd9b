// The dynamics ensemble's forward pass without tfjs, for planning: a population of imagined states goes
// through the K members as one block of rows per member, layer by layer (the same batching as the tfjs
// path: one matrix per layer per horizon step). mbrl-ensemble.ts trains the weights and copies them here
// after every training.
//
// Where the runtime has WebAssembly SIMD (every current browser and Node), each layer is one call of the
// `js` compute path's float32 f32x4 dense kernel (kernels/mlp-kernel.ts via js-mlp.ts: matMul, bias and
// tanh/ReLU in one call), with the weights in the kernel's memory in tfjs's layout (W [in × out], then b).
// SiLU is z·σ(z) = z·(1 + tanh(z/2))/2, through the kernel's vector tanh (no exp per element in JS). That is
// the fastest forward measured at the playground's sizes on every backend (README, "Planning time per
// step"); at mbrl-lib's (5 × 3×200, 100 rows per call) tfjs's matMul on wasm is faster, and `forward: auto`
// picks by the size of a call (mbrl-forward.ts). Elsewhere the rows go through nets.ts's
// denseRows in float64, each layer's output rounded to float32 (Math.fround) as tfjs stores it. Both
// equal tfjs within 1e-5 (tests/unit/agents/mbrl-model.test.ts).

import { kernelsAvailable, KernelArena, type F32Slot } from './js-mlp.ts';
import { denseRows } from './nets.ts';

export type ModelActivation = 'silu' | 'relu' | 'tanh';

/** The kernel's activation codes: 0 none, 1 tanh, 2 ReLU (SiLU: none, then applied in JS). */
const KERNEL_ACT: Record<ModelActivation, number> = { silu: 0, tanh: 1, relu: 2 };

export class JsEnsemble {
  readonly members: number;
  readonly sizes: readonly number[];
  readonly activation: ModelActivation;
  /** Runs in the wasm SIMD kernel (else float64 JS). */
  readonly simd: boolean;
  // ── SIMD path: per layer, per member, W [in × out] then b [out], contiguous in the kernel's memory.
  private readonly arena: KernelArena | null;
  private readonly params: F32Slot[][] = [];
  /** The rows in flight in the kernel's memory: the input, then each layer's output; and SiLU's scratch. */
  private slots: F32Slot[] = [];
  private scratch: F32Slot | null = null;
  /** Views of `slots` and `scratch` (made after every allocation: growing the memory detaches views). */
  private views: Float32Array[] = [];
  private scratchView: Float32Array = new Float32Array(0);
  // ── float64 path: per layer, per member, W [out × in] (transposed: each output a dot product over contiguous memory) and b [out].
  private readonly weightsT: Float64Array[][] = [];
  private readonly biases: Float64Array[][] = [];
  private buffers: Float64Array[] = [];
  private capacity = 0;

  /** `simd`: use the wasm kernel (default: wherever it runs). */
  constructor(members: number, sizes: readonly number[], activation: ModelActivation, simd = kernelsAvailable()) {
    this.members = members;
    this.sizes = sizes;
    this.activation = activation;
    this.simd = simd;
    this.arena = simd ? new KernelArena() : null;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [nIn, nOut] = [sizes[l], sizes[l + 1]];
      if (this.arena) this.params.push(Array.from({ length: members }, () => this.arena!.alloc(nIn * nOut + nOut)));
      else {
        this.weightsT.push(Array.from({ length: members }, () => new Float64Array(nIn * nOut)));
        this.biases.push(Array.from({ length: members }, () => new Float64Array(nOut)));
      }
    }
  }

  /** Copy layer l from tfjs's layout: w [K × in × out], b [K × out]. */
  loadLayer(l: number, w: ArrayLike<number>, b: ArrayLike<number>): void {
    const nIn = this.sizes[l];
    const nOut = this.sizes[l + 1];
    for (let k = 0; k < this.members; k++) {
      const src = k * nIn * nOut;
      if (this.arena) {
        const p = this.arena.view(this.params[l][k]);
        for (let i = 0; i < nIn * nOut; i++) p[i] = w[src + i];
        for (let j = 0; j < nOut; j++) p[nIn * nOut + j] = b[k * nOut + j];
        continue;
      }
      const wt = this.weightsT[l][k];
      for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) wt[j * nIn + i] = w[src + i * nOut + j];
      const bias = this.biases[l][k];
      for (let j = 0; j < nOut; j++) bias[j] = b[k * nOut + j];
    }
  }

  private ensure(rows: number): void {
    if (rows <= this.capacity) return;
    this.capacity = rows;
    const arena = this.arena;
    if (arena === null) {
      this.buffers = this.sizes.map((n) => new Float64Array(rows * n));
      return;
    }
    this.slots = this.sizes.map((n) => arena.alloc(rows * n));
    this.scratch = arena.alloc(rows * Math.max(...this.sizes));
    this.views = this.slots.map((s) => arena.view(s));
    this.scratchView = arena.view(this.scratch);
  }

  /** Member k: rows [row0, row0 + rows) of x [· × in] → rows [outRow0, outRow0 + rows) of out [· × out]. */
  forwardRows(k: number, x: Float32Array, row0: number, rows: number, out: Float32Array, outRow0: number): void {
    this.ensure(rows);
    if (this.arena) this.forwardSimd(this.arena, k, x, row0, rows, out, outRow0);
    else this.forwardF64(k, x, row0, rows, out, outRow0);
  }

  private forwardSimd(arena: KernelArena, k: number, x: Float32Array, row0: number, rows: number, out: Float32Array, outRow0: number): void {
    const L = this.params.length;
    const nIn0 = this.sizes[0];
    this.views[0].set(x.subarray(row0 * nIn0, (row0 + rows) * nIn0));
    const code = KERNEL_ACT[this.activation];
    for (let l = 0; l < L; l++) {
      const [nIn, nOut] = [this.sizes[l], this.sizes[l + 1]];
      const p = this.params[l][k].ptr;
      const hidden = l < L - 1;
      arena.k.dense(this.slots[l].ptr, rows, nIn, nOut, p, p + 4 * nIn * nOut, this.slots[l + 1].ptr, hidden ? code : 0);
      if (hidden && this.activation === 'silu') this.silu(arena, this.views[l + 1], rows * nOut);
    }
    const nOut = this.sizes[L];
    out.set(this.views[L].subarray(0, rows * nOut), outRow0 * nOut);
  }

  /** h ← h·(1 + tanh(h/2))/2 = h·σ(h) on the first n values, the tanh in the kernel. */
  private silu(arena: KernelArena, h: Float32Array, n: number): void {
    const t = this.scratchView;
    for (let i = 0; i < n; i++) t[i] = 0.5 * h[i];
    arena.k.tanhInPlace(this.scratch!.ptr, n);
    for (let i = 0; i < n; i++) {
      const z = h[i];
      // Below −15.8 the kernel's tanh saturates (clamped at ±7.9) while σ(z) ≈ eᶻ keeps shrinking: exact there.
      h[i] = z > -15 ? 0.5 * z * (1 + t[i]) : z / (1 + Math.exp(-z));
    }
  }

  private forwardF64(k: number, x: Float32Array, row0: number, rows: number, out: Float32Array, outRow0: number): void {
    const L = this.weightsT.length;
    const nIn0 = this.sizes[0];
    const input = this.buffers[0];
    for (let i = 0; i < rows * nIn0; i++) input[i] = x[row0 * nIn0 + i];
    for (let l = 0; l < L; l++) {
      const nOut = this.sizes[l + 1];
      const h = this.buffers[l + 1];
      denseRows(this.buffers[l], rows, this.sizes[l], nOut, this.weightsT[l][k], this.biases[l][k], h);
      const n = rows * nOut;
      if (l < L - 1) activate(h, n, this.activation);
      else out.set(h.subarray(0, n), outRow0 * nOut);
    }
  }
}

/** The hidden activation in place, on float32-rounded inputs, rounded to float32. */
function activate(h: Float64Array, n: number, activation: ModelActivation): void {
  for (let i = 0; i < n; i++) h[i] = Math.fround(h[i]);
  if (activation === 'silu') for (let i = 0; i < n; i++) h[i] = Math.fround(h[i] / (1 + Math.exp(-h[i])));
  else if (activation === 'relu') for (let i = 0; i < n; i++) h[i] = h[i] > 0 ? h[i] : 0;
  else for (let i = 0; i < n; i++) h[i] = Math.fround(Math.tanh(h[i]));
}

// The dynamics ensemble's forward pass in plain JS, for planning: a population of imagined states goes
// through the K members as one block of rows per member, layer by layer (the same batching as the
// tfjs path: one matrix per layer per horizon step). At the playground's sizes this beats tfjs, whose
// time there is per-op dispatch (measured in tests/unit/agents/mbrl-forward.test.ts and the report);
// mbrl-ensemble.ts trains the weights and copies them here after every training.
//
// Layout: member k's layer l has W [out × in] (transposed, so each output is a dot product over
// contiguous memory) and b [out]; the caller sends each member its block of rows. The rows go through
// nets.ts's denseRows in float64 (one array type keeps V8's inner loop monomorphic); each layer's
// output is rounded to float32 (Math.fround), as the Float32Array buffers it replaces stored it.

import { denseRows } from './nets.ts';

export type ModelActivation = 'silu' | 'relu' | 'tanh';

export class JsEnsemble {
  readonly members: number;
  readonly sizes: readonly number[];
  readonly activation: ModelActivation;
  /** Per layer, per member: W [out × in] (float32 values). */
  readonly weightsT: Float64Array[][];
  /** Per layer, per member: b [out]. */
  readonly biases: Float64Array[][];
  /** The rows in flight: the input, then each layer's output. */
  private buffers: Float64Array[] = [];
  private capacity = 0;

  constructor(members: number, sizes: readonly number[], activation: ModelActivation) {
    this.members = members;
    this.sizes = sizes;
    this.activation = activation;
    this.weightsT = [];
    this.biases = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      this.weightsT.push(Array.from({ length: members }, () => new Float64Array(sizes[l] * sizes[l + 1])));
      this.biases.push(Array.from({ length: members }, () => new Float64Array(sizes[l + 1])));
    }
  }

  /** Copy layer l from tfjs's layout: w [K × in × out], b [K × out]. */
  loadLayer(l: number, w: ArrayLike<number>, b: ArrayLike<number>): void {
    const nIn = this.sizes[l];
    const nOut = this.sizes[l + 1];
    for (let k = 0; k < this.members; k++) {
      const wt = this.weightsT[l][k];
      const src = k * nIn * nOut;
      for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) wt[j * nIn + i] = w[src + i * nOut + j];
      const bias = this.biases[l][k];
      for (let j = 0; j < nOut; j++) bias[j] = b[k * nOut + j];
    }
  }

  private ensure(rows: number): void {
    if (rows <= this.capacity) return;
    this.capacity = rows;
    this.buffers = this.sizes.map((n) => new Float64Array(rows * n));
  }

  /** Member k: rows [row0, row0 + rows) of x [· × in] → rows [outRow0, outRow0 + rows) of out [· × out]. */
  forwardRows(k: number, x: Float32Array, row0: number, rows: number, out: Float32Array, outRow0: number): void {
    this.ensure(rows);
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

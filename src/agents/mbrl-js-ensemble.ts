// The dynamics ensemble's forward pass in plain JS over Float32Arrays, for planning: a population of
// imagined states goes through the K members as one block of rows per member, layer by layer (the
// same batching as the tfjs path: one matrix per layer per horizon step). At the playground's sizes
// this beats tfjs, whose time there is per-op dispatch (measured in tests/unit/agents/mbrl-forward.test.ts
// and the report); mbrl-ensemble.ts trains the weights and copies them here after every training.
//
// Layout: member k's layer l has W [out × in] (transposed, so each output is a dot product over
// contiguous memory) and b [out]; the caller sends each member its block of rows.

export type ModelActivation = 'silu' | 'relu' | 'tanh';

export class JsEnsemble {
  readonly members: number;
  readonly sizes: readonly number[];
  readonly activation: ModelActivation;
  /** Per layer, all members: [K × out × in]. */
  readonly weightsT: Float32Array[];
  /** Per layer, all members: [K × out]. */
  readonly biases: Float32Array[];
  /** Hidden outputs of the rows in flight, one per hidden layer. */
  private buffers: Float32Array[] = [];
  private capacity = 0;

  constructor(members: number, sizes: readonly number[], activation: ModelActivation) {
    this.members = members;
    this.sizes = sizes;
    this.activation = activation;
    this.weightsT = [];
    this.biases = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      this.weightsT.push(new Float32Array(members * sizes[l] * sizes[l + 1]));
      this.biases.push(new Float32Array(members * sizes[l + 1]));
    }
  }

  /** Copy layer l from tfjs's layout: w [K × in × out], b [K × out]. */
  loadLayer(l: number, w: ArrayLike<number>, b: ArrayLike<number>): void {
    const nIn = this.sizes[l];
    const nOut = this.sizes[l + 1];
    const wt = this.weightsT[l];
    for (let k = 0; k < this.members; k++) {
      const src = k * nIn * nOut;
      for (let i = 0; i < nIn; i++) for (let j = 0; j < nOut; j++) wt[src + j * nIn + i] = w[src + i * nOut + j];
    }
    this.biases[l].set(b);
  }

  private ensure(rows: number): void {
    if (rows <= this.capacity) return;
    this.capacity = rows;
    this.buffers = [];
    for (let l = 1; l + 1 < this.sizes.length; l++) this.buffers.push(new Float32Array(rows * this.sizes[l]));
  }

  /** Member k: rows [row0, row0 + rows) of x [· × in] → rows [outRow0, outRow0 + rows) of out [· × out]. */
  forwardRows(k: number, x: Float32Array, row0: number, rows: number, out: Float32Array, outRow0: number): void {
    this.ensure(rows);
    const L = this.weightsT.length;
    let input = x;
    let inRow = row0;
    for (let l = 0; l < L; l++) {
      const nIn = this.sizes[l];
      const nOut = this.sizes[l + 1];
      const last = l === L - 1;
      const h = last ? out : this.buffers[l];
      const hRow = last ? outRow0 : 0;
      dense(input, inRow, rows, nIn, nOut, this.weightsT[l], k * nIn * nOut, this.biases[l], k * nOut, h, hRow);
      if (!last) activate(h, rows * nOut, this.activation);
      input = h;
      inRow = 0;
    }
  }
}

/** out[outRow0 + r][j] = b[j] + Σ_i x[row0 + r][i]·wT[j][i] for r < rows; four rows per weight load, float64 sums. */
function dense(x: Float32Array, row0: number, rows: number, nIn: number, nOut: number, wT: Float32Array, wOff: number, b: Float32Array, bOff: number, out: Float32Array, outRow0: number): void {
  const shift = (outRow0 - row0) * nOut;
  const end = row0 + rows;
  let r = row0;
  for (; r + 4 <= end; r += 4) {
    const x0 = r * nIn;
    const x1 = x0 + nIn;
    const x2 = x1 + nIn;
    const x3 = x2 + nIn;
    const o = r * nOut + shift;
    for (let j = 0; j < nOut; j++) {
      let s0 = b[bOff + j];
      let s1 = s0;
      let s2 = s0;
      let s3 = s0;
      const row = wOff + j * nIn;
      for (let i = 0; i < nIn; i++) {
        const w = wT[row + i];
        s0 += x[x0 + i] * w;
        s1 += x[x1 + i] * w;
        s2 += x[x2 + i] * w;
        s3 += x[x3 + i] * w;
      }
      out[o + j] = s0;
      out[o + nOut + j] = s1;
      out[o + 2 * nOut + j] = s2;
      out[o + 3 * nOut + j] = s3;
    }
  }
  for (; r < end; r++) {
    const xr = r * nIn;
    for (let j = 0; j < nOut; j++) {
      let s = b[bOff + j];
      const row = wOff + j * nIn;
      for (let i = 0; i < nIn; i++) s += x[xr + i] * wT[row + i];
      out[r * nOut + shift + j] = s;
    }
  }
}

function activate(h: Float32Array, n: number, activation: ModelActivation): void {
  if (activation === 'silu') for (let i = 0; i < n; i++) h[i] = h[i] / (1 + Math.exp(-h[i]));
  else if (activation === 'relu') for (let i = 0; i < n; i++) h[i] = h[i] > 0 ? h[i] : 0;
  else for (let i = 0; i < n; i++) h[i] = Math.tanh(h[i]);
}

// Networks: CleanRL's init, the hand-written backward pass against tfjs autodiff, the plain-JS copy
// against tfjs, Adam + clip_grad_norm_ against PyTorch's formulas, the per-layer diagnostics.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { activationStd, Adam, deadReluFraction, JsMlp, Mlp, orthogonalInit, variableFrom } from '../../../src/agents/nets.ts';
import type { Activation } from '../../../src/config/ppo-config.ts';
import { makeFastRng } from '../../../src/envs/rng.ts';

afterAll(async () => {
  await useBackend('cpu');
});

function makeMlp(activation: Activation, sizes = [3, 16, 8, 2], seed = 1): Mlp {
  return new Mlp({ name: 'net', sizes, activation, orthoInit: true, hiddenGain: Math.SQRT2, outputGain: 1 }, makeFastRng(seed));
}

function randomInput(rows: number, cols: number, seed: number): Float32Array {
  const rng = makeFastRng(seed);
  return Float32Array.from({ length: rows * cols }, () => rng.normal());
}

describe('orthogonalInit (torch.nn.init.orthogonal_)', () => {
  function gram(w: Float32Array, rows: number, cols: number, byColumns: boolean): number[][] {
    // w is our layout [cols, rows] of a torch weight [rows, cols]: torch[r][c] = w[c * rows + r].
    const t = (r: number, c: number): number => w[c * rows + r];
    const n = byColumns ? cols : rows;
    const m = byColumns ? rows : cols;
    const g: number[][] = [];
    for (let a = 0; a < n; a++) {
      g.push([]);
      for (let b = 0; b < n; b++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += byColumns ? t(k, a) * t(k, b) : t(a, k) * t(b, k);
        g[a].push(s);
      }
    }
    return g;
  }

  it('gives orthonormal columns (tall) or rows (wide), scaled by the gain', () => {
    for (const [rows, cols] of [
      [64, 4],
      [2, 64],
      [16, 16],
    ]) {
      const gain = Math.SQRT2;
      const w = orthogonalInit(rows, cols, gain, makeFastRng(7));
      const g = gram(w, rows, cols, rows >= cols);
      g.forEach((row, a) => row.forEach((v, b) => expect(v).toBeCloseTo(a === b ? gain * gain : 0, 5)));
    }
  });

  it('is a function of the seed', () => {
    expect(orthogonalInit(8, 4, 1, makeFastRng(1))).toEqual(orthogonalInit(8, 4, 1, makeFastRng(1)));
    expect(orthogonalInit(8, 4, 1, makeFastRng(1))).not.toEqual(orthogonalInit(8, 4, 1, makeFastRng(2)));
  });
});

for (const backend of ['cpu', 'wasm']) {
  describe(`Mlp on ${backend}`, () => {
    for (const activation of ['tanh', 'relu'] as Activation[]) {
      it(`backward pass equals tfjs autodiff of the plain network (${activation})`, async () => {
        await useBackend(backend);
        const net = makeMlp(activation);
        const x = tf.tensor2d(randomInput(5, 3, 3), [5, 3]);
        const target = tf.tensor2d(randomInput(5, 2, 4), [5, 2]);
        const reference = (input: tf.Tensor2D): tf.Tensor2D => {
          let h = input;
          net.layers.forEach((l, i) => {
            h = tf.add(tf.matMul(h, l.w), l.b);
            if (i < net.layers.length - 1) h = activation === 'relu' ? tf.relu(h) : tf.tanh(h);
          });
          return h;
        };
        const loss = (f: (x: tf.Tensor2D) => tf.Tensor2D) => () => tf.sum(tf.mul(tf.square(tf.sub(f(x), target)), tf.range(1, 11).reshape([5, 2]))) as tf.Scalar;
        const mine = tf.variableGrads(loss((i) => net.forward(i)), net.variables);
        const ref = tf.variableGrads(loss(reference), net.variables);
        expect(mine.value.dataSync()[0]).toBeCloseTo(ref.value.dataSync()[0], 4);
        for (const v of net.variables) {
          const a = mine.grads[v.name].dataSync();
          const b = ref.grads[v.name].dataSync();
          const scale = Math.max(1e-3, ...Array.from(b, Math.abs));
          for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i]) / scale, `${v.name}[${i}]`).toBeLessThan(1e-4);
        }
        tf.dispose([x, target, mine.value, ref.value, ...Object.values(mine.grads), ...Object.values(ref.grads)]);
        net.dispose();
      });

      it(`plain-JS inference equals tfjs inference to 1e-5 (${activation})`, async () => {
        await useBackend(backend);
        const net = makeMlp(activation, [4, 64, 64, 3]);
        const js = new JsMlp(net.sizes, activation);
        const flat = tf.tidy(() => tf.concat(net.variables.map((v) => v.reshape([-1]))));
        expect(js.load(flat.dataSync(), 0)).toBe(net.size);
        flat.dispose();
        for (const batch of [1, 4, 7]) {
          const input = randomInput(batch, 4, batch);
          const expected = tf.tidy(() => net.forward(tf.tensor2d(input, [batch, 4]))).dataSync();
          const out = new Float64Array(batch * 3);
          const acts = [new Float32Array(batch * 64), new Float32Array(batch * 64)];
          js.forward(input, batch, out, acts);
          for (let i = 0; i < out.length; i++) expect(Math.abs(out[i] - expected[i])).toBeLessThan(1e-5);
          // Hidden activations match the tfjs ones too (what the diagnostics read).
          const tfActs: tf.Tensor2D[] = [];
          tf.tidy(() => {
            net.forward(tf.tensor2d(input, [batch, 4]), tfActs);
            tfActs.forEach((a, l) => {
              const d = a.dataSync();
              for (let i = 0; i < d.length; i++) expect(Math.abs(acts[l][i] - d[i])).toBeLessThan(1e-5);
            });
          });
        }
        net.dispose();
      });
    }
  });
}

describe('Adam with clip_grad_norm_', () => {
  it('matches torch.optim.Adam (eps 1e-5) after clipping, and returns the norm before clipping', async () => {
    await useBackend('cpu');
    const w = variableFrom(tf.tensor1d([1, -2, 3]), 'w');
    const b = variableFrom(tf.tensor2d([[0.5], [-0.5]]), 'b');
    const adam = new Adam([w, b], 1e-5);
    // Reference in float64: p −= lr/(1−β1ᵗ)·m/(√v/√(1−β2ᵗ) + ε), gradients scaled by min(1, max/(norm + 1e-6)).
    const p = [1, -2, 3, 0.5, -0.5];
    const m = new Array(5).fill(0);
    const v = new Array(5).fill(0);
    const lr = 0.1;
    const maxNorm = 0.5;
    for (let t = 1; t <= 3; t++) {
      // loss = Σ 2·p² → grad 4·p
      const g = p.map((x) => 4 * x);
      const norm = Math.sqrt(g.reduce((s, x) => s + x * x, 0));
      const coef = Math.min(1, maxNorm / (norm + 1e-6));
      for (let i = 0; i < 5; i++) {
        const gi = g[i] * coef;
        m[i] = 0.9 * m[i] + 0.1 * gi;
        v[i] = 0.999 * v[i] + 0.001 * gi * gi;
        p[i] -= (lr / (1 - 0.9 ** t)) * (m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - 0.999 ** t) + 1e-5));
      }
      const reported = tf.tidy(() => {
        const grads = [tf.mul(w, 4), tf.mul(b, 4)];
        return adam.step(grads, lr, maxNorm).dataSync()[0];
      });
      expect(reported).toBeCloseTo(norm, 4);
      const got = [...w.dataSync(), ...b.dataSync()];
      got.forEach((x, i) => expect(x).toBeCloseTo(p[i], 5));
    }
    adam.dispose();
    w.dispose();
    b.dispose();
  });
});

describe('per-layer diagnostics', () => {
  it('dead-ReLU fraction counts units that are 0 for every sample', () => {
    // 3 samples × 4 units: unit 1 is always 0, unit 3 is 0 except once.
    const acts = [1, 0, 2, 0, 0.5, 0, 0, 0, 3, 0, 1, 4];
    expect(deadReluFraction(acts, 4)).toBe(0.25);
    expect(deadReluFraction(new Float32Array(8), 4)).toBe(1);
  });

  it('activation std is the population std of all activations of the layer', () => {
    expect(activationStd([1, -1, 1, -1])).toBe(1);
    expect(activationStd([2, 2, 2])).toBe(0);
  });
});

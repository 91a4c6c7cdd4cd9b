// The model-based agent's dynamics model: the ensemble fits a known linear system to near-zero error,
// its hand-written gradient equals tfjs autodiff, the plain-JS forward equals the tfjs one within 1e-5,
// imagined steps wrap angles, and the three model bugs break exactly the line they name.

import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { TfEnsemble } from '../../../src/agents/mbrl-ensemble.ts';
import { JsEnsemble } from '../../../src/agents/mbrl-js-ensemble.ts';
import { DynamicsModel, type ModelOptions } from '../../../src/agents/mbrl-model.ts';
import { useBackend } from '../../../src/agents/backend.ts';
import { makeFastRng } from '../../../src/envs/rng.ts';

beforeAll(async () => {
  await useBackend('wasm');
});

const HEALTHY = { angle_not_wrapped: false, predict_state_not_delta: false, no_renormalize_in_rollout: false };

function linearModel(gaussian: boolean, jsForward = true, bugs = HEALTHY): DynamicsModel {
  const opts: ModelOptions = { stateDim: 2, actDim: 1, angleDims: [], members: 3, hiddenSizes: [32, 32], activation: 'silu', gaussian, jsForward, bugs };
  return new DynamicsModel(opts, makeFastRng(7));
}

/** s' = A s + B a: a damped rotation pushed by the action. */
function linearStep(s: ArrayLike<number>, a: number): [number, number] {
  return [0.95 * s[0] + 0.1 * s[1], -0.1 * s[0] + 0.95 * s[1] + 0.2 * a];
}

function fillLinear(model: DynamicsModel, n: number, seed: number): void {
  const rng = makeFastRng(seed);
  for (let i = 0; i < n; i++) {
    const s = [rng.uniform(-2, 2), rng.uniform(-2, 2)];
    const a = rng.uniform(-1, 1);
    model.add(s, [a], linearStep(s, a), 0.1, rng);
  }
}

describe('dynamics model', () => {
  for (const gaussian of [false, true]) {
    it(`fits a known linear system to near-zero one-step error (${gaussian ? 'Gaussian NLL' : 'MSE'})`, () => {
      const model = linearModel(gaussian);
      fillLinear(model, 1500, 1);
      const before = tf.memory().numTensors;
      const result = model.train({ epochs: 60, batchSize: 64, learningRate: 3e-3, weightDecay: 0, bootstrap: true }, makeFastRng(2));
      expect(tf.memory().numTensors).toBe(before);
      expect(result.valLoss).not.toBeNull();
      // Normalised-target MSE on held-out transitions: the target has unit variance, so this is the unexplained fraction.
      for (const v of result.valLoss!) expect(v).toBeLessThan(2e-3);
      // Fresh states, every member through its own rows, means only.
      const rng = makeFastRng(3);
      const P = 300;
      const states = new Float64Array(P * 2);
      const actions = new Float64Array(P);
      for (let p = 0; p < P; p++) {
        states[2 * p] = rng.uniform(-1.5, 1.5);
        states[2 * p + 1] = rng.uniform(-1.5, 1.5);
        actions[p] = rng.uniform(-1, 1);
      }
      const next = new Float64Array(P * 2);
      model.step(states, actions, P, Int32Array.from({ length: P }, (_, i) => i), { kind: 'grouped' }, false, null, next);
      let err = 0;
      for (let p = 0; p < P; p++) {
        const [x, y] = linearStep(states.subarray(2 * p), actions[p]);
        err = Math.max(err, Math.abs(next[2 * p] - x), Math.abs(next[2 * p + 1] - y));
      }
      expect(err).toBeLessThan(0.02); // Δs spans ±0.5: under 2 % of its range, everywhere
      model.dispose();
    });
  }

  it('the hand-written backward pass equals tfjs autodiff', () => {
    const ens = new TfEnsemble({ members: 2, sizes: [3, 8, 8, 2], activation: 'silu', gaussian: true }, makeFastRng(4));
    const x = tf.randomNormal([5, 3], 0, 1, 'float32', 1) as tf.Tensor2D;
    const vars = ens.members[1].flatMap((l) => [l.w, l.b]);
    const custom = tf.variableGrads(() => tf.sum(tf.square(ens.forwardRaw(1, x))) as tf.Scalar, vars);
    const auto = tf.variableGrads(() => tf.sum(tf.square(ens.rawHead(1, x))) as tf.Scalar, vars);
    for (const v of vars) {
      const a = custom.grads[v.name].dataSync();
      const b = auto.grads[v.name].dataSync();
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-5 * (1 + Math.abs(b[i])));
    }
    tf.dispose([x, custom.value, auto.value, ...Object.values(custom.grads), ...Object.values(auto.grads)]);
    ens.dispose();
  });

  it('the plain-JS forward (wasm SIMD kernel and float64 fallback) equals the tfjs forward within 1e-5 (3×200 SiLU members, 64-64 SiLU, tanh and ReLU)', () => {
    expect(new JsEnsemble(1, [2, 4], 'silu').simd, 'this runtime has wasm SIMD, so the kernel path is the one tested').toBe(true);
    const cases = [[[5, 200, 200, 200, 4], 'silu', 2], [[5, 64, 64, 4], 'silu', 60], [[5, 64, 64, 4], 'tanh', 2], [[5, 64, 64, 4], 'relu', 2]] as const;
    for (const [sizes, activation, scale] of cases) {
      const ens = new TfEnsemble({ members: 3, sizes, activation, gaussian: true }, makeFastRng(5));
      // Rows at an offset, as the planner sends one member its block; scale 60 also reaches SiLU's saturated range (z < −15).
      const rows = 37;
      const x = new Float32Array((rows + 3) * 5).map((_, i) => Math.sin(i * 1.3) * scale);
      const xs = x.subarray(3 * 5);
      for (const simd of [true, false]) {
        const js = ens.toJs(new JsEnsemble(3, ens.jsSizes, activation, simd));
        const out = new Float32Array((rows + 2) * 8);
        for (let k = 0; k < 3; k++) {
          js.forwardRows(k, x, 3, rows, out, 2);
          const expected = tf.tidy(() => ens.rawHead(k, tf.tensor2d(xs, [rows, 5])).dataSync());
          for (let i = 0; i < expected.length; i++) expect(Math.abs(out[2 * 8 + i] - expected[i]), `${activation} ×${scale} ${simd ? 'simd' : 'f64'} member ${k} [${i}]`).toBeLessThan(1e-5 * (1 + Math.abs(expected[i])));
        }
      }
      ens.dispose();
    }
  });

  it('an imagined step through plain JS equals one through tfjs, sampled noise included', () => {
    const [a, b] = [linearModel(true, true), linearModel(true, false)];
    for (const m of [a, b]) {
      fillLinear(m, 300, 1);
      m.train({ epochs: 2, batchSize: 64, learningRate: 1e-3, weightDecay: 5e-5, bootstrap: true }, makeFastRng(2));
    }
    const P = 9;
    const states = Float64Array.from({ length: P * 2 }, (_, i) => Math.cos(i));
    const actions = Float64Array.from({ length: P }, (_, i) => Math.sin(i));
    const order = Int32Array.from([4, 2, 0, 1, 3, 5, 8, 7, 6]);
    for (const prop of [{ kind: 'grouped' }, { kind: 'mean' }, { kind: 'member', member: 2 }] as const) {
      const [na, nb] = [new Float64Array(P * 2), new Float64Array(P * 2)];
      a.step(states, actions, P, order, prop, true, makeFastRng(9), na);
      b.step(states, actions, P, order, prop, true, makeFastRng(9), nb);
      for (let i = 0; i < na.length; i++) expect(Math.abs(na[i] - nb[i]), `${prop.kind} [${i}]`).toBeLessThan(1e-5);
    }
    a.dispose();
    b.dispose();
  });
});

describe('model bugs break the line they name', () => {
  const pendulumOpts = (bugs: Partial<typeof HEALTHY>): ModelOptions => ({
    stateDim: 2, actDim: 1, angleDims: [0], members: 2, hiddenSizes: [16], activation: 'silu', gaussian: false, jsForward: true, bugs: { ...HEALTHY, ...bugs },
  });

  it('angles go in as (sin, cos) and come out wrapped; angle_not_wrapped feeds the raw angle and lets it run past π', () => {
    const healthy = new DynamicsModel(pendulumOpts({}), makeFastRng(1));
    const broken = new DynamicsModel(pendulumOpts({ angle_not_wrapped: true }), makeFastRng(1));
    expect(healthy.featureDim).toBe(4); // sin θ, cos θ, θ̇, a
    expect(broken.featureDim).toBe(3); // θ, θ̇, a
    // One transition across ±π, repeated: θ from 3.1 to −3.0168 is a change of +0.1664 wrapped, −6.1168 raw.
    for (const m of [healthy, broken]) for (let i = 0; i < 20; i++) m.add([3.1, 1.6], [0], [-3.0168, 1.6], 0, makeFastRng(i));
    // Training fits the normalisers; with every target equal, their mean is the target.
    for (const m of [healthy, broken]) m.train({ epochs: 1, batchSize: 8, learningRate: 0, weightDecay: 0, bootstrap: false }, makeFastRng(1));
    expect(healthy.outMean[0]).toBeCloseTo(-3.0168 - 3.1 + 2 * Math.PI, 9);
    expect(broken.outMean[0]).toBeCloseTo(-3.0168 - 3.1, 9);
    // Imagined: from θ = 3.1 the healthy model steps to −3.0168 (wrapped), the broken one to 3.1 + 0.1664… unwrapped would need the raw delta.
    const next = new Float64Array(2);
    healthy.step(Float64Array.of(3.1, 1.6), Float64Array.of(0), 1, null, { kind: 'mean' }, false, null, next);
    expect(next[0]).toBeGreaterThan(-Math.PI);
    expect(next[0]).toBeLessThan(-2.9);
    healthy.dispose();
    broken.dispose();
  });

  it('no_renormalize_in_rollout changes only fed-back steps; predict_state_not_delta regresses s′', () => {
    const opts = (bugs: Partial<typeof HEALTHY>): ModelOptions => ({ ...pendulumOpts(bugs), angleDims: [] });
    const healthy = new DynamicsModel(opts({}), makeFastRng(1));
    const broken = new DynamicsModel(opts({ no_renormalize_in_rollout: true }), makeFastRng(1));
    const notDelta = new DynamicsModel(opts({ predict_state_not_delta: true }), makeFastRng(1));
    for (const m of [healthy, broken, notDelta]) {
      fillLinear(m, 200, 5);
      m.train({ epochs: 3, batchSize: 32, learningRate: 1e-3, weightDecay: 0, bootstrap: false }, makeFastRng(3));
    }
    const states = Float64Array.of(10, -7);
    const actions = Float64Array.of(0.5);
    const out = (m: DynamicsModel, fedBack: boolean): number[] => {
      const next = new Float64Array(2);
      m.step(states, actions, 1, null, { kind: 'member', member: 0 }, fedBack, null, next);
      return Array.from(next);
    };
    expect(out(broken, false)).toEqual(out(healthy, false));
    expect(out(broken, true)).not.toEqual(out(healthy, true));
    expect(out(healthy, true)).toEqual(out(healthy, false));
    // The not-delta model's targets are next states: their mean is the mean next state, not the mean change.
    expect(Math.abs(notDelta.outMean[0] - healthy.outMean[0])).toBeGreaterThan(0);
    for (const m of [healthy, broken, notDelta]) m.dispose();
  });
});

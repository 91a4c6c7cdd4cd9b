// Planning through a learned model: on a toy 1-D env (s′ = s + a, reward −s′², known to the planner)
// one planning step from s = 1 pushes toward 0; the plan diagnostics and open-loop errors read the
// same rollouts (disagreement 0 with one member, error 0 for a perfect model of a constant state).

import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../src/agents/backend.ts';
import { DynamicsModel } from '../../../src/agents/mbrl-model.ts';
import { Imagination } from '../../../src/agents/mbrl-planner.ts';
import type { PlanningSpec } from '../../../src/envs/planning.ts';
import { makeFastRng } from '../../../src/envs/rng.ts';
import { TrajectoryOptimizer } from '../../../src/rl/trajectory-opt.ts';

beforeAll(async () => {
  await useBackend('wasm');
});

const TOY: PlanningSpec = {
  stateDim: 1,
  angleDims: [],
  shownComponent: 0,
  stateFromObs: (obs, off, out) => void (out[0] = obs[off]),
  reward: (_s, _a, next) => -(next[0] ** 2),
  terminated: () => false,
};

function toyModel(members: number): DynamicsModel {
  const model = new DynamicsModel(
    { stateDim: 1, actDim: 1, angleDims: [], members, hiddenSizes: [32, 32], activation: 'silu', gaussian: true, jsForward: false, bugs: { angle_not_wrapped: false, predict_state_not_delta: false, no_renormalize_in_rollout: false } },
    makeFastRng(1),
  );
  const rng = makeFastRng(2);
  for (let i = 0; i < 800; i++) {
    const s = rng.uniform(-2, 2);
    const a = rng.uniform(-0.5, 0.5);
    model.add([s], [a], [s + a], 0.1, rng);
  }
  model.train({ epochs: 30, batchSize: 64, learningRate: 3e-3, weightDecay: 0, bootstrap: true }, makeFastRng(3));
  return model;
}

describe('planning through a learned model', () => {
  for (const propagation of ['ts1', 'tsinf', 'mean'] as const) {
    it(`one CEM step on a toy env chooses the obviously better action (${propagation})`, () => {
      const model = toyModel(3);
      const imagination = new Imagination(model, TOY, { horizon: 4, particles: 2, propagation, sampleNoise: true, gamma: 1 }, makeFastRng(4));
      const opt = new TrajectoryOptimizer({ horizon: 4, actDim: 1, low: [-0.5], high: [0.5], population: 60, elites: 6, iterations: 4, alpha: 0.1, initialVariance: null, returnMeanElites: true });
      for (const [s, sign] of [[1, -1], [-1, 1]] as const) {
        opt.reset();
        imagination.beginPlan();
        const { plan } = opt.cem((pop, n, values) => imagination.evaluate([s], pop, n, values), makeFastRng(5));
        // From s = ±1 the best first move is the largest push toward 0.
        expect(plan[0] * sign, `s = ${s}`).toBeGreaterThan(0.35);
        const { predictedReturn } = imagination.planDiagnostics([s], plan);
        // Pushing by ~0.5 for two steps reaches 0: about −(0.5² + 0² + 0 + 0) imagined.
        expect(predictedReturn).toBeGreaterThan(-0.6);
        expect(predictedReturn).toBeLessThan(0);
        expect(imagination.firstGenerationStd).toBeGreaterThan(0);
      }
      model.dispose();
    });
  }

  it('ensemble disagreement is positive with several members and exactly 0 with one', () => {
    const plan = Float64Array.of(0.5, 0.5, 0.5, 0.5);
    const opts = { horizon: 4, particles: 1, propagation: 'ts1' as const, sampleNoise: false, gamma: 1 };
    const many = toyModel(4);
    const one = toyModel(1);
    // Far outside the data (|s| ≤ 2) the members disagree.
    expect(new Imagination(many, TOY, opts, makeFastRng(6)).planDiagnostics([6], plan).disagreement).toBeGreaterThan(0);
    expect(new Imagination(one, TOY, opts, makeFastRng(6)).planDiagnostics([6], plan).disagreement).toBe(0);
    many.dispose();
    one.dispose();
  });

  it('open-loop errors grow with k for an imperfect model and are pooled per k', () => {
    const model = toyModel(2);
    const imagination = new Imagination(model, TOY, { horizon: 4, particles: 1, propagation: 'mean', sampleNoise: false, gamma: 1 }, makeFastRng(7));
    // A real trajectory of the toy env.
    const T = 30;
    const actions = Array.from({ length: T }, (_, t) => 0.4 * Math.sin(t));
    const states = [1.5];
    for (const a of actions) states.push(states[states.length - 1] + a);
    const sums = new Float64Array(10);
    const counts = new Float64Array(10);
    imagination.openLoopErrors(states, actions, T, 10, sums, counts);
    expect(Array.from(counts)).toEqual(Array.from({ length: 10 }, (_, i) => T - i));
    const err = Array.from(sums, (s, i) => s / counts[i]);
    expect(err[0]).toBeLessThan(1e-3);
    expect(err[9]).toBeGreaterThan(err[0]);
    model.dispose();
  });
});

// CEM and random shooting (mbrl-lib's CEMOptimizer and TrajectoryOptimizer warm start) on objectives
// with a known optimum.

import { describe, expect, it } from 'vitest';
import { makeFastRng } from '../../../src/envs/rng.ts';
import { TrajectoryOptimizer, topK, truncatedNormal, type TrajectoryOptOptions } from '../../../src/rl/trajectory-opt.ts';

const H = 5;
const A = 2;
/** Optimum inside the box [−1, 1]², different per step and component. */
const TARGET = Float64Array.from({ length: H * A }, (_, i) => 0.8 * Math.sin(1.7 * i + 0.3));

/** −Σ (x − x*)² per candidate: a concave quadratic with its maximum 0 at TARGET. */
function quadratic(pop: Float64Array, n: number, values: Float64Array): void {
  for (let c = 0; c < n; c++) {
    let v = 0;
    for (let i = 0; i < H * A; i++) v -= (pop[c * H * A + i] - TARGET[i]) ** 2;
    values[c] = v;
  }
}

const OPTS: TrajectoryOptOptions = { horizon: H, actDim: A, low: [-1, -1], high: [1, 1], population: 200, elites: 20, iterations: 8, alpha: 0.1, initialVariance: null, returnMeanElites: true };

describe('trajectory optimisers', () => {
  it('CEM finds the optimum of a known quadratic', () => {
    const opt = new TrajectoryOptimizer({ ...OPTS, iterations: 15 });
    const { plan, bestValue } = opt.cem(quadratic, makeFastRng(1));
    for (let i = 0; i < H * A; i++) expect(Math.abs(plan[i] - TARGET[i]), `component ${i}`).toBeLessThan(0.02);
    expect(bestValue).toBeGreaterThan(-1e-3);
  });

  it('keeps every sample inside the bounds, even with the optimum outside them', () => {
    const opt = new TrajectoryOptimizer({ ...OPTS, low: [-0.5, 0], high: [0.5, 0.2] });
    let outside = 0;
    const edge = (pop: Float64Array, n: number, values: Float64Array): void => {
      for (let c = 0; c < n; c++) {
        values[c] = 0;
        for (let i = 0; i < H * A; i++) {
          const x = pop[c * H * A + i];
          if (i % 2 === 0 ? x < -0.5 || x > 0.5 : x < 0 || x > 0.2) outside++;
          values[c] += x; // pushes to the upper bounds
        }
      }
    };
    const { plan } = opt.cem(edge, makeFastRng(2));
    expect(outside).toBe(0);
    // mbrl-lib's sampler narrows as the mean nears a bound (its variance is capped by (distance / 2)²): it
    // creeps toward the bound, at the upper half of the range after 8 generations.
    for (let t = 0; t < H; t++) {
      expect(plan[t * A]).toBeGreaterThan(0.3);
      expect(plan[t * A + 1]).toBeGreaterThan(0.13);
    }
  });

  it('warm-starts from the previous plan shifted by one step, the new last step at the midpoint; reset forgets it', () => {
    const opt = new TrajectoryOptimizer({ ...OPTS, low: [0, -1], high: [2, 1] });
    expect(Array.from(opt.previous)).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    const { plan } = opt.cem(quadratic, makeFastRng(3));
    expect(Array.from(opt.previous.subarray(0, (H - 1) * A))).toEqual(Array.from(plan.subarray(A)));
    expect(Array.from(opt.previous.subarray((H - 1) * A))).toEqual([1, 0]);
    opt.reset();
    expect(Array.from(opt.previous)).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
  });

  it('random shooting returns the best of its uniform candidates', () => {
    const opt = new TrajectoryOptimizer({ ...OPTS, population: 2000 });
    let best = -Infinity;
    const spy = (pop: Float64Array, n: number, values: Float64Array): void => {
      quadratic(pop, n, values);
      for (let c = 0; c < n; c++) best = Math.max(best, values[c]);
    };
    const { plan, bestValue } = opt.randomShooting(spy, makeFastRng(4));
    expect(bestValue).toBe(best);
    const v = new Float64Array(1);
    quadratic(plan, 1, v);
    expect(v[0]).toBe(best);
    // Far from CEM's precision with the same budget of evaluations.
    expect(best).toBeLessThan(-0.05);
  });

  it('truncated normal draws stay within ±2; topK orders by value and treats NaN as −1e-10', () => {
    const rng = makeFastRng(5);
    for (let i = 0; i < 10000; i++) expect(Math.abs(truncatedNormal(rng))).toBeLessThanOrEqual(2);
    const out = new Int32Array(3);
    topK(Float64Array.of(-1, NaN, 5, 2, -3), 5, 3, out);
    expect(Array.from(out)).toEqual([2, 3, 1]);
  });
});

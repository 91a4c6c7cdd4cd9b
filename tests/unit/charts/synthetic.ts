// Synthetic TrainerBatch streams for chart tests, screenshots and the redraw benchmark.
// Test-only: the shipped page never shows fake data.

import { binValues } from '../../../src/diagnostics/histogram.ts';
import { HISTOGRAM, METRIC, layerKey, phaseKey } from '../../../src/diagnostics/metric-keys.ts';

/** The phases a PPO run reports (the model-based agent's plan and model_train are not among them). */
const PPO_PHASES = ['env', 'inference', 'update', 'diagnostics', 'messaging'] as const;
import type { EpisodeEnd, HistogramSnapshot, ScalarChunk, TrainerBatch, TrainerStatus } from '../../../src/workers/protocol.ts';

/** mulberry32: a tiny seeded generator so every synthetic run is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

export function status(envSteps: number, updates: number, wallS: number): TrainerStatus {
  return {
    running: true,
    envSteps,
    updates,
    wallS,
    episodes: 0,
    backend: 'cpu',
    backendReason: 'test',
    backendTimings: {},
    totalSteps: null,
    done: false,
  };
}

/** A batch holding `n` points of each key, at steps start+1…start+n (one update per point). */
export function scalarBatch(keys: string[], start: number, n: number, value: (key: string, i: number) => number): TrainerBatch {
  const scalars: ScalarChunk[] = keys.map((key) => {
    const step = new Float64Array(n);
    const update = new Float64Array(n);
    const wall = new Float64Array(n);
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const j = start + i + 1;
      step[i] = j;
      update[i] = j;
      wall[i] = j / 100;
      v[i] = value(key, start + i);
    }
    return { key, step, update, wall, value: v };
  });
  return { scalars, histograms: [], frames: [], episodes: [], alerts: [], errors: [], status: status(start + n, start + n, (start + n) / 100) };
}

export interface RunShape {
  seed: number;
  /** Collapse after this fraction of the run (lr_too_high-like), or never. */
  breakAt?: number;
  updates: number;
  /** Env steps per update (CleanRL PPO CartPole: 4 × 128). */
  stepsPerUpdate?: number;
  /** Updates per flushed batch. */
  updatesPerBatch?: number;
  histogramEvery?: number;
}

/** A PPO-on-CartPole-looking run as a list of flushed batches. */
export function syntheticPpoRun(shape: RunShape): TrainerBatch[] {
  const r = rng(shape.seed);
  const spu = shape.stepsPerUpdate ?? 512;
  const per = shape.updatesPerBatch ?? 4;
  const histEvery = shape.histogramEvery ?? 10;
  const layers = ['actor/0', 'actor/1', 'critic/0', 'critic/1'];
  const keys = [
    METRIC.learningRate, METRIC.sps, METRIC.policyLoss, METRIC.valueLoss, METRIC.entropy, METRIC.oldApproxKl, METRIC.approxKl,
    METRIC.clipfrac, METRIC.explainedVariance, METRIC.valueMean, METRIC.returnMean, METRIC.advantageMin, METRIC.advantageMax,
    METRIC.advantageMean, METRIC.advantageStd, METRIC.valueTargetMin, METRIC.valueTargetMax, METRIC.gradNorm, METRIC.numTensors,
    METRIC.randomBaseline,
    ...layers.map((l) => layerKey(METRIC.deadReluFrac, l)),
    ...layers.map((l) => layerKey(METRIC.activationStd, l)),
    ...PPO_PHASES.map((p) => phaseKey(p)),
  ];
  const batches: TrainerBatch[] = [];
  let wall = 0;
  let epStep = 0;
  let skill = 0;
  for (let u0 = 0; u0 < shape.updates; u0 += per) {
    const n = Math.min(per, shape.updates - u0);
    const cols = new Map<string, Float64Array[]>();
    for (const k of keys) cols.set(k, [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)]);
    const episodes: EpisodeEnd[] = [];
    const histograms: HistogramSnapshot[] = [];
    for (let i = 0; i < n; i++) {
      const u = u0 + i + 1;
      const t = u / shape.updates;
      const broken = shape.breakAt !== undefined && t > shape.breakAt;
      skill = broken ? Math.max(0.02, skill * 0.93) : Math.min(1, skill + 3 / shape.updates + 0.01 * gauss(r));
      skill = Math.max(0, skill);
      const step = u * spu;
      wall += spu / 9000;
      const meanLen = 18 + 480 * skill ** 1.5;
      // Episodes that finished during this update.
      while (epStep + meanLen * 0.3 < step) {
        const len = Math.max(8, Math.min(500, Math.round(meanLen * (1 + 0.35 * gauss(r)))));
        epStep += len / 4;
        episodes.push({ step: Math.round(epStep), envIndex: episodes.length % 4, return: len, length: len, terminated: len < 500, truncated: len >= 500, solved: len >= 500 });
      }
      const kl = broken ? 0.08 + 0.05 * Math.abs(gauss(r)) : 0.006 + 0.003 * Math.abs(gauss(r));
      const v: Record<string, number> = {
        [METRIC.learningRate]: 2.5e-4 * (1 - t) * (broken ? 30 : 1),
        [METRIC.sps]: 9000 + 300 * gauss(r),
        [METRIC.policyLoss]: -0.01 + 0.01 * gauss(r),
        [METRIC.valueLoss]: (broken ? 400 : 40) * Math.exp(-3 * t) + 2 * Math.abs(gauss(r)),
        [METRIC.entropy]: broken ? 0.05 + 0.05 * Math.abs(gauss(r)) : 0.69 - 0.25 * t + 0.01 * gauss(r),
        [METRIC.oldApproxKl]: kl * (1 + 0.5 * gauss(r)) - 0.002,
        [METRIC.approxKl]: kl,
        [METRIC.clipfrac]: broken ? 0.4 + 0.05 * gauss(r) : 0.08 + 0.03 * Math.abs(gauss(r)),
        [METRIC.explainedVariance]: broken ? -0.5 + 0.3 * gauss(r) : Math.min(0.98, 0.2 + 0.8 * t + 0.05 * gauss(r)),
        [METRIC.returnMean]: 10 + 80 * skill,
        [METRIC.valueMean]: (10 + 80 * skill) * (1 - Math.exp(-4 * t)),
        [METRIC.advantageMin]: -5 - 3 * Math.abs(gauss(r)),
        [METRIC.advantageMax]: 5 + 3 * Math.abs(gauss(r)),
        [METRIC.advantageMean]: 0.2 * gauss(r),
        [METRIC.advantageStd]: 2 + 0.3 * gauss(r),
        [METRIC.valueTargetMin]: 1,
        [METRIC.valueTargetMax]: 20 + 80 * skill,
        [METRIC.gradNorm]: (broken ? 30 : 0.6) * (1 + 0.3 * Math.abs(gauss(r))),
        [METRIC.numTensors]: broken ? 40 + u : 40,
        [METRIC.randomBaseline]: 22.3,
      };
      layers.forEach((l, li) => {
        v[layerKey(METRIC.deadReluFrac, l)] = Math.min(1, (broken ? 0.6 : 0.02) + 0.02 * li + 0.01 * Math.abs(gauss(r)));
        v[layerKey(METRIC.activationStd, l)] = 0.9 - 0.1 * li + 0.05 * gauss(r);
      });
      const phaseBase = { env: 30, inference: 12, update: 40, diagnostics: 5, messaging: 2 };
      for (const p of PPO_PHASES) v[phaseKey(p)] = phaseBase[p] * (1 + 0.1 * gauss(r));
      for (const k of keys) {
        const c = cols.get(k)!;
        c[0][i] = step;
        c[1][i] = u;
        c[2][i] = wall;
        c[3][i] = v[k];
      }
      if (u % histEvery === 0) {
        for (const [li, l] of layers.entries()) {
          const vals = new Float64Array(2000);
          const s = 0.3 + 0.2 * t * (li + 1);
          for (let j = 0; j < vals.length; j++) vals[j] = s * gauss(r) + (broken ? 0.5 * t : 0);
          const b = binValues(vals, 30);
          histograms.push({ key: layerKey(HISTOGRAM.weights, l), step, update: u, min: b.min, max: b.max, counts: b.counts });
        }
      }
    }
    const scalars: ScalarChunk[] = [...cols].map(([key, [step, update, w, value]]) => ({ key, step, update, wall: w, value }));
    const last = u0 + n;
    const alerts =
      shape.breakAt !== undefined && u0 < shape.breakAt * shape.updates + 6 && last >= shape.breakAt * shape.updates + 6
        ? [{ id: 'kl', step: last * spu, key: METRIC.approxKl, message: 'approx_kl above 0.05' }]
        : [];
    batches.push({ scalars, histograms, frames: [], episodes, alerts, errors: [], status: status(last * spu, last, wall) });
  }
  return batches;
}

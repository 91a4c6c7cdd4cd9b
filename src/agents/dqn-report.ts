// DQN's metrics: the statistics vector each gradient step leaves on the device, the snapshots its last
// step of a phase keeps for diagnostics, the one readback per training phase, the report window that
// accumulates phases between reports, and the scalars and histograms a report writes (CleanRL's names,
// src/diagnostics/metric-keys.ts).

import * as tf from '@tensorflow/tfjs';
import { AGENT_METRIC, HISTOGRAM, layerKey, METRIC, phaseKey } from '../diagnostics/metric-keys.ts';
import type { MetricSink } from '../diagnostics/sink.ts';
import { epsilonGreedyEntropy } from './dqn-policy.ts';
import { activationStd, deadReluFraction, flattenVariables, layerGradNorms, type Mlp } from './nets.ts';

/** Position of each statistic in a gradient step's vector (lossStatistics, then stepStatistics). */
const enum Stat {
  TdLoss,
  QMean,
  QMin,
  QMax,
  TargetMean,
  TargetMin,
  TargetMax,
  GradNorm,
  Count,
}

/** The loss-side statistics of a gradient step [GradNorm]; built inside the loss, whose intermediates tfjs frees. */
export function lossStatistics(loss: tf.Scalar, qTaken: tf.Tensor1D, tdTarget: tf.Tensor1D): tf.Tensor1D {
  return tf.stack([loss, tf.mean(qTaken), tf.min(qTaken), tf.max(qTaken), tf.mean(tdTarget), tf.min(tdTarget), tf.max(tdTarget)]) as tf.Tensor1D;
}

/** A gradient step's whole statistics vector [Stat.Count]: its loss statistics and the pre-clip grad norm. */
export function stepStatistics(lossStats: tf.Tensor1D, gradNorm: tf.Scalar): tf.Tensor1D {
  return tf.concat([lossStats, tf.reshape(gradNorm, [1])]) as tf.Tensor1D;
}

/** What a gradient step is asked to keep for the diagnostics. */
export interface SnapshotsDue {
  diagnostics: boolean;
  histograms: boolean;
}

/** Tensors kept from the last gradient step of a phase for diagnostics and histograms. */
export interface StepSnapshots {
  activations: tf.Tensor2D[];
  layerGradNorms?: tf.Tensor1D;
  gradients?: tf.Tensor1D;
  qValues?: tf.Tensor1D;
  tdTargets?: tf.Tensor1D;
}

/** Keep the forward pass's hidden activations and (for histograms) Q(s, a) past the loss's tidy scope. */
export function keepForwardSnapshots(snapshots: StepSnapshots, activations: tf.Tensor2D[], qTaken: tf.Tensor1D, due: SnapshotsDue): void {
  snapshots.activations = activations.map((a) => tf.keep(a));
  if (due.histograms) snapshots.qValues = tf.keep(qTaken);
}

/** Keep per-layer grad norms and (for histograms) the flat gradient and TD targets past the step's tidy. */
export function keepGradientSnapshots(snapshots: StepSnapshots, grads: readonly tf.Tensor[], tdTarget: tf.Tensor1D, due: SnapshotsDue): void {
  if (due.diagnostics) snapshots.layerGradNorms = tf.keep(layerGradNorms(grads));
  if (due.histograms) {
    snapshots.gradients = tf.keep(flattenVariables(grads));
    snapshots.tdTargets = tf.keep(tdTarget.clone());
  }
}

/** Snapshots of the last gradient step of a phase, read back. */
export interface PhaseDiagnostics {
  /** Histogram snapshots were taken (weights, gradients, activations, Q-values, TD targets). */
  histograms: boolean;
  layerGradNorms: Float32Array | null;
  activations: { name: string; values: Float32Array; width: number }[];
  weights: Float32Array | null;
  gradients: Float32Array | null;
  qValues: Float32Array | null;
  tdTargets: Float32Array | null;
}

/** What the agent measured since its last report (means over gradient steps, extremes over the window). */
export interface ReportWindow {
  gradientSteps: number;
  sums: Float64Array;
  qMin: number;
  qMax: number;
  targetMin: number;
  targetMax: number;
  timing: { env: number; inference: number; update: number; diagnostics: number };
  diagnostics: PhaseDiagnostics | null;
}

export function emptyWindow(): ReportWindow {
  return {
    gradientSteps: 0,
    sums: new Float64Array(Stat.Count),
    qMin: Infinity,
    qMax: -Infinity,
    targetMin: Infinity,
    targetMax: -Infinity,
    timing: { env: 0, inference: 0, update: 0, diagnostics: 0 },
    diagnostics: null,
  };
}

/** A finished training phase, its tensors still on the device. */
export interface Phase {
  /** One statistics vector per gradient step. */
  stats: tf.Tensor1D[];
  /** The network's new weights, flat (for the JS mirror or weight histograms); null: not wanted. */
  weights: tf.Tensor1D | null;
  snapshots: StepSnapshots | null;
  histograms: boolean;
  /** performance.now() when the phase began. */
  startedAt: number;
}

/**
 * Read a phase back in one transfer, dispose its tensors and accumulate it into the window. Returns the
 * new weights (null when not asked for).
 */
export async function readPhase(w: ReportWindow, phase: Phase, net: Mlp): Promise<Float32Array | null> {
  const named: [string, tf.Tensor][] = [['stats', tf.concat(phase.stats)]];
  if (phase.weights !== null) named.push(['weights', phase.weights]);
  const snapshots = phase.snapshots;
  const acts = snapshots?.activations ?? [];
  if (snapshots !== null) {
    const { layerGradNorms, gradients, qValues, tdTargets } = snapshots;
    for (const [k, t] of [['layerGradNorms', layerGradNorms], ['gradients', gradients], ['qValues', qValues], ['tdTargets', tdTargets]] as const) if (t) named.push([k, t]);
    acts.forEach((a, i) => named.push([`act${i}`, a]));
  }
  const flat = tf.tidy(() => tf.concat(named.map(([, t]) => tf.reshape(t, [-1]))));
  const data = (await flat.data()) as Float32Array;
  tf.dispose([flat, ...phase.stats, ...named.map(([, t]) => t)]);
  const parts = new Map<string, Float32Array>();
  let o = 0;
  for (const [k, t] of named) {
    parts.set(k, data.subarray(o, o + t.size));
    o += t.size;
  }

  const weights = parts.get('weights') ?? null;
  const diagnostics: PhaseDiagnostics | null =
    snapshots === null
      ? null
      : {
          histograms: phase.histograms,
          layerGradNorms: parts.get('layerGradNorms')?.slice() ?? null,
          activations: acts.map((a, i) => ({ name: net.hiddenLayerNames[i], values: parts.get(`act${i}`)!.slice(), width: a.shape[1] })),
          weights: phase.histograms && weights ? weights.slice() : null,
          gradients: parts.get('gradients')?.slice() ?? null,
          qValues: parts.get('qValues')?.slice() ?? null,
          tdTargets: parts.get('tdTargets')?.slice() ?? null,
        };
  accumulatePhase(w, parts.get('stats')!, phase.stats.length, phase.startedAt, diagnostics);
  return weights;
}

/** Statistics per gradient step (lossStatistics then stepStatistics; the js path writes the same order). */
export const STAT_COUNT = Stat.Count;

/**
 * Add a read-back phase to the window: `rows` holds `steps` statistics vectors [steps × STAT_COUNT];
 * `diagnostics`, when taken, are the snapshots of its last gradient step (both compute paths).
 */
export function accumulatePhase(w: ReportWindow, rows: Float32Array, steps: number, startedAt: number, diagnostics: PhaseDiagnostics | null): void {
  for (let g = 0; g < steps; g++) {
    const row = rows.subarray(g * Stat.Count, (g + 1) * Stat.Count);
    for (let k = 0; k < Stat.Count; k++) w.sums[k] += row[k];
    w.qMin = Math.min(w.qMin, row[Stat.QMin]);
    w.qMax = Math.max(w.qMax, row[Stat.QMax]);
    w.targetMin = Math.min(w.targetMin, row[Stat.TargetMin]);
    w.targetMax = Math.max(w.targetMax, row[Stat.TargetMax]);
  }
  w.gradientSteps += steps;
  const t0 = performance.now();
  w.timing.update += t0 - startedAt;
  if (diagnostics !== null) w.diagnostics = diagnostics;
  w.timing.diagnostics += performance.now() - t0;
}

/** Every key a DQN run on `net` reports, known before training starts. */
export function dqnMetricKeys(net: Mlp): string[] {
  const keys: string[] = [
    METRIC.episodicReturn,
    METRIC.episodicLength,
    AGENT_METRIC.epsilon,
    METRIC.entropy,
    METRIC.learningRate,
    METRIC.sps,
    METRIC.envSteps,
    METRIC.trainSteps,
    METRIC.wallS,
    METRIC.trainingIntensity,
    METRIC.tdLoss,
    METRIC.qValues,
    METRIC.qValuesMin,
    METRIC.qValuesMax,
    AGENT_METRIC.targetQMean,
    METRIC.valueTargetMin,
    METRIC.valueTargetMax,
    METRIC.gradNorm,
    METRIC.numTensors,
    METRIC.numBytes,
    ...(['env', 'inference', 'update', 'diagnostics'] as const).map(phaseKey),
  ];
  for (const layer of net.layers) keys.push(layerKey(METRIC.gradNorm, layer.name));
  for (const name of net.hiddenLayerNames) {
    keys.push(layerKey(METRIC.activationStd, name));
    if (net.activation === 'relu') keys.push(layerKey(METRIC.deadReluFrac, name));
  }
  return keys;
}

/** The agent's counters and schedule values at a report. */
export interface ReportState {
  envSteps: number;
  updates: number;
  trainSteps: number;
  epsilon: number;
  learningRate: number;
  numActions: number;
  batchSize: number;
  /** performance.now() when training started. */
  startTime: number | null;
}

/** Write the window's metrics at the current env step. */
export function reportWindow(sink: MetricSink, w: ReportWindow, s: ReportState, net: Mlp): void {
  const t0 = performance.now();
  sink.at(s.envSteps, s.updates);
  const put = (key: string, v: number): void => sink.scalar(key, v);
  put(AGENT_METRIC.epsilon, s.epsilon);
  put(METRIC.entropy, epsilonGreedyEntropy(s.epsilon, s.numActions));
  put(METRIC.learningRate, s.learningRate);
  if (w.gradientSteps > 0) {
    const mean = (k: Stat): number => w.sums[k] / w.gradientSteps;
    put(METRIC.tdLoss, mean(Stat.TdLoss));
    put(METRIC.qValues, mean(Stat.QMean));
    put(METRIC.qValuesMin, w.qMin);
    put(METRIC.qValuesMax, w.qMax);
    put(AGENT_METRIC.targetQMean, mean(Stat.TargetMean));
    put(METRIC.valueTargetMin, w.targetMin);
    put(METRIC.valueTargetMax, w.targetMax);
    put(METRIC.gradNorm, mean(Stat.GradNorm));
  }
  const d = w.diagnostics;
  if (d !== null) {
    if (d.layerGradNorms !== null) net.layers.forEach((layer, i) => put(layerKey(METRIC.gradNorm, layer.name), d.layerGradNorms![i]));
    for (const a of d.activations) {
      put(layerKey(METRIC.activationStd, a.name), activationStd(a.values));
      if (net.activation === 'relu') put(layerKey(METRIC.deadReluFrac, a.name), deadReluFraction(a.values, a.width));
    }
    if (d.histograms) reportHistograms(sink, d, net);
  }
  const mem = tf.memory();
  put(METRIC.numTensors, mem.numTensors);
  put(METRIC.numBytes, mem.numBytes);

  const wallS = (performance.now() - (s.startTime ?? performance.now())) / 1000;
  put(METRIC.envSteps, s.envSteps);
  put(METRIC.trainSteps, s.trainSteps);
  put(METRIC.trainingIntensity, s.envSteps > 0 ? (s.batchSize * s.trainSteps) / s.envSteps : 0);
  put(METRIC.wallS, wallS);
  put(METRIC.sps, wallS > 0 ? Math.floor(s.envSteps / wallS) : 0);
  w.timing.diagnostics += performance.now() - t0;
  for (const [phase, ms] of Object.entries(w.timing)) put(phaseKey(phase as 'env'), ms);
}

function reportHistograms(sink: MetricSink, d: PhaseDiagnostics, net: Mlp): void {
  // Flat parameter order [W0, b0, W1, b1, …]: one histogram per weight matrix, biases skipped.
  for (const [source, key] of [
    [d.weights, HISTOGRAM.weights],
    [d.gradients, HISTOGRAM.gradients],
  ] as const) {
    if (source === null) continue;
    let o = 0;
    for (const layer of net.layers) {
      const n = layer.inSize * layer.outSize;
      sink.histogram(layerKey(key, layer.name), source.subarray(o, o + n));
      o += n + layer.outSize;
    }
  }
  for (const a of d.activations) sink.histogram(layerKey(HISTOGRAM.activations, a.name), a.values);
  if (d.qValues !== null) sink.histogram(HISTOGRAM.qValues, d.qValues);
  if (d.tdTargets !== null) sink.histogram(HISTOGRAM.valueTargets, d.tdTargets);
}

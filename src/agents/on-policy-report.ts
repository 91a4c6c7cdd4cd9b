// The metrics every on-policy agent (PPO, VPG, A2C) reports, in DIAGNOSTICS.md's keys: the keys it
// announces, and what each report holds after the agent's own losses (value and return means, advantage
// and target statistics, per-layer diagnostics and histograms, memory, counters and timing).

import * as tf from '@tensorflow/tfjs';
import { HISTOGRAM, layerKey, METRIC, phaseKey } from '../diagnostics/metric-keys.ts';
import type { MetricSink } from '../diagnostics/sink.ts';
import { max, mean, min, std } from '../diagnostics/stats.ts';
import { activationStd, deadReluFraction } from './nets.ts';
import * as on from './on-policy.ts';
import type { ActorCritic, Timing } from './on-policy.ts';
import { POLICY_STD } from './policy-dist.ts';
import type { EpisodeReturnTracker } from './return-tracker.ts';

/** What an update reads back for the network reports (null where that report is not due). */
export interface UpdateTensors {
  /** Per-layer gradient norms. */
  layerGradNorms: Float32Array | null;
  /** All weights and all gradients, flat, for the histograms. */
  weights: Float32Array | null;
  gradients: Float32Array | null;
}

export interface LayerActivations {
  name: string;
  values: Float32Array;
  width: number;
}

/** Hidden outputs of each network on `rows` observations through the JS mirror: [rows × width] per hidden layer. */
export function jsActivations(nets: ActorCritic, obs: Float32Array, rows: number): LayerActivations[] {
  const out: LayerActivations[] = [];
  for (const [net, js] of [[nets.actor, nets.jsActor], [nets.critic, nets.jsCritic]] as const) {
    if (net === null || js === null) continue;
    const widths = net.layers.slice(0, -1).map((l) => l.outSize);
    const acts = widths.map((w) => new Float32Array(rows * w));
    js.forward(obs, rows, new Float64Array(rows * net.layers[net.layers.length - 1].outSize), acts);
    net.hiddenLayerNames.forEach((name, l) => out.push({ name, values: acts[l], width: widths[l] }));
  }
  return out;
}

/** The keys an on-policy agent reports: the common ones around the agent's `losses`, then per layer. */
export function metricKeys(losses: readonly string[], nets: ActorCritic, relu: boolean): string[] {
  const keys: string[] = [METRIC.episodicReturn, METRIC.episodicLength, METRIC.learningRate, METRIC.sps, METRIC.envSteps, METRIC.trainSteps, METRIC.wallS, ...losses];
  keys.push(METRIC.advantageMean, METRIC.advantageStd, METRIC.advantageMin, METRIC.advantageMax, METRIC.valueTargetMin, METRIC.valueTargetMax);
  keys.push(METRIC.gradNorm, METRIC.numTensors, METRIC.numBytes, ...(['env', 'inference', 'update', 'diagnostics'] as const).map(phaseKey));
  for (const net of on.networks(nets)) {
    for (const layer of net.layers) keys.push(layerKey(METRIC.gradNorm, layer.name));
    for (const name of net.hiddenLayerNames) {
      keys.push(layerKey(METRIC.activationStd, name));
      if (relu) keys.push(layerKey(METRIC.deadReluFrac, name));
    }
  }
  if (nets.logStd !== null) keys.push(POLICY_STD);
  return keys;
}

/** diagnostics/value_mean and return_mean over the states of the episodes that ended since the last report. */
export function valueMeans(sink: MetricSink, tracker: EpisodeReturnTracker): void {
  const seen = tracker.takeMeans();
  if (seen === null) return;
  sink.scalar(METRIC.valueMean, seen.valueMean);
  sink.scalar(METRIC.returnMean, seen.returnMean);
}

/** Advantage statistics and value-target extremes (in return units: × scale). */
export function targets(sink: MetricSink, advantages: Float64Array, returns: Float64Array, scale: number): void {
  sink.scalar(METRIC.advantageMean, mean(advantages));
  sink.scalar(METRIC.advantageStd, std(advantages));
  sink.scalar(METRIC.advantageMin, min(advantages));
  sink.scalar(METRIC.advantageMax, max(advantages));
  sink.scalar(METRIC.valueTargetMin, min(returns) * scale);
  sink.scalar(METRIC.valueTargetMax, max(returns) * scale);
}

export interface Histograms {
  /** Flat weights and gradients in nets.order (null: not read this update). */
  weights: Float32Array | null;
  gradients: Float32Array | null;
  advantages: Float64Array;
  /** Value targets in the critic's units, and the factor to return units. */
  returns: Float64Array;
  scale: number;
  /** PPO: π_new/π_old of the last epoch. */
  ratios?: Float32Array | null;
}

/** σ of a Gaussian policy, per-layer grad norms (actor then critic), activation statistics and the histograms that are due. */
export function networks(sink: MetricSink, nets: ActorCritic, relu: boolean, layerGradNorms: ArrayLike<number> | null, activations: readonly LayerActivations[] | null, histograms: Histograms | null): void {
  if (nets.logStd !== null) sink.scalar(POLICY_STD, mean(Array.from(nets.jsLogStd, Math.exp)));
  if (layerGradNorms !== null) {
    on.networks(nets).flatMap((n) => n.layers).forEach((layer, i) => sink.scalar(layerKey(METRIC.gradNorm, layer.name), layerGradNorms[i]));
  }
  for (const { name, values, width } of activations ?? []) {
    sink.scalar(layerKey(METRIC.activationStd, name), activationStd(values));
    if (relu) sink.scalar(layerKey(METRIC.deadReluFrac, name), deadReluFraction(values, width));
  }
  if (histograms === null) return;
  const h = histograms;
  if (h.weights !== null) layerHistograms(sink, HISTOGRAM.weights, nets, h.weights);
  if (h.gradients !== null) layerHistograms(sink, HISTOGRAM.gradients, nets, h.gradients);
  for (const a of activations ?? []) sink.histogram(layerKey(HISTOGRAM.activations, a.name), a.values);
  sink.histogram(HISTOGRAM.advantages, h.advantages);
  sink.histogram(HISTOGRAM.valueTargets, h.scale === 1 ? h.returns : h.returns.map((v) => v * h.scale));
  if (h.ratios) sink.histogram(HISTOGRAM.ratio, h.ratios);
}

/** Each layer's weight matrix (biases and log σ skipped) out of a flat vector in nets.order. */
function layerHistograms(sink: MetricSink, key: string, nets: ActorCritic, flat: Float32Array): void {
  let o = 0;
  for (const part of nets.order) {
    const net = part === 'actor' ? nets.actor : part === 'critic' ? nets.critic : null;
    if (part === 'logStd') o += nets.jsLogStd.length;
    for (const layer of net?.layers ?? []) {
      sink.histogram(layerKey(key, layer.name), flat.subarray(o, o + layer.inSize * layer.outSize));
      o += (layer.inSize + 1) * layer.outSize;
    }
  }
}

/** Memory, counters, wall time, SPS and the per-phase times: the tail of every report. */
export function progress(sink: MetricSink, p: { envSteps: number; trainSteps: number; startTime: number | null }, timing: Timing): void {
  const mem = tf.memory();
  sink.scalar(METRIC.numTensors, mem.numTensors);
  sink.scalar(METRIC.numBytes, mem.numBytes);
  const wallS = (performance.now() - (p.startTime ?? performance.now())) / 1000;
  sink.scalar(METRIC.envSteps, p.envSteps);
  sink.scalar(METRIC.trainSteps, p.trainSteps);
  sink.scalar(METRIC.wallS, wallS);
  sink.scalar(METRIC.sps, Math.floor(p.envSteps / wallS));
  for (const [phase, ms] of Object.entries(timing)) sink.scalar(phaseKey(phase as 'env'), ms);
}

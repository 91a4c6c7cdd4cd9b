// Diagnostics: pure functions on typed arrays, the metric catalogue and the health checks.
// Imports nothing from the rest of src/ (types from src/envs only), no tfjs, no DOM.

export * from './metric-keys.ts';
export * from './stats.ts';
export * from './histogram.ts';
export * from './smoothing.ts';
export * from './decimate.ts';
export * from './aggregate.ts';
export * from './health.ts';
export type { MetricSink } from './sink.ts';

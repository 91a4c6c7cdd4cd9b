// Messages between the training worker and the UI. The UI may `import type` from here only.

import type { ImaginationFrame } from '../diagnostics/imagination.ts';
import type { HealthText } from '../diagnostics/health-text.ts';
import type { EnvId, EpisodeStats } from '../envs/types.ts';
import type { BackendChoice, HyperValue, RunConfig } from '../config/run-config.ts';

/** Points of one scalar series since the last flush, columnar. */
export interface ScalarChunk {
  key: string;
  /** Env steps at each point. */
  step: Float64Array;
  /** Updates (gradient phases) completed at each point. */
  update: Float64Array;
  /** Seconds since the run started. */
  wall: Float64Array;
  value: Float64Array;
}

/** A histogram snapshot: `counts.length` equal-width bins over [min, max]. */
export interface HistogramSnapshot {
  key: string;
  step: number;
  update: number;
  min: number;
  max: number;
  counts: Float32Array;
}

/** The physical state of one watched sub-env, for the main thread's renderer. */
export interface RenderFrame {
  envId: EnvId;
  envIndex: number;
  state: Float64Array;
  /** The action last applied (torque arrow, car push), NaN when none. */
  lastAction: number;
  /** Return of the watched episode so far. */
  episodeReturn: number;
  episodeLength: number;
  /** The model-based agent's planning step that chose this step's action (only while the imagination view is on). */
  imagination?: ImaginationFrame;
}

export interface EpisodeEnd extends EpisodeStats {
  step: number;
}

export interface Alert {
  id: string;
  step: number;
  key: string;
  message: string;
  /** Set when the run's own settings produce this symptom by design (HealthAlert.expected): why. */
  expected?: string;
  /** `message` and `expected` as catalogue keys and parameters (HealthAlert.text), for the UI's language; absent in older run files. */
  text?: HealthText;
  expectedText?: HealthText;
}

export interface TrainerStatus {
  /** The training loop is going (after a pause, true until the update in progress has finished). */
  running: boolean;
  envSteps: number;
  updates: number;
  wallS: number;
  episodes: number;
  /** The backend tfjs is really using (checked with tf.getBackend()). */
  backend: string;
  /** Why this backend: e.g. "auto: wasm 5.5 ms/update vs cpu 12.5". */
  backendReason: string;
  /** Per-backend timing in ms measured by `auto` (empty when forced). */
  backendTimings: Record<string, { forwardMs: number; trainMs: number } | { error: string }>;
  /** `auto` trains on a safe backend while it times every candidate; the backend may still switch. */
  backendMeasuring?: boolean;
  totalSteps: number | null;
  done: boolean;
}

export interface TrainerError {
  message: string;
  stack?: string;
  /** Set when a metric went non-finite: the run paused there. */
  nonFinite?: { key: string; update: number; step: number };
}

/** One seed of a seed swarm beyond the run's own (init's `swarm`): what it reported since the last flush, as its own run. */
export interface SeedBatch {
  seed: number;
  scalars: ScalarChunk[];
  histograms: HistogramSnapshot[];
  episodes: EpisodeEnd[];
  alerts: Alert[];
  /** Its finished episodes released so far (TrainerStatus.episodes of this seed). */
  episodesReleased: number;
}

/** Train more seeds of the same config in the same worker as one batched PPO computation (src/agents/ppo-swarm.ts). */
export interface SwarmRequest {
  /** The seeds besides config.seed; each one's points come in TrainerBatch.seeds. */
  extraSeeds: number[];
}

/** Everything since the last flush; flushed at most ~30 times a second. */
export interface TrainerBatch {
  scalars: ScalarChunk[];
  histograms: HistogramSnapshot[];
  frames: RenderFrame[];
  episodes: EpisodeEnd[];
  alerts: Alert[];
  errors: TrainerError[];
  status: TrainerStatus;
  /** A seed swarm's other seeds, in SwarmRequest.extraSeeds order (absent for an ordinary run). */
  seeds?: SeedBatch[];
}

export type Speed = 'max' | 'watchable';

export interface InitResult {
  /** Metric keys this agent will produce (so the UI can lay out its charts up front). */
  metricKeys: string[];
  numEnvs: number;
  status: TrainerStatus;
  /** Hyperparameters this agent can change mid-run with setHyper (the others apply on restart). */
  liveKeys: string[];
}

/** A trained agent's networks as tfjs writes a model: model.json (topology + weights manifest) and weights.bin. */
export interface ModelFiles {
  modelJson: string;
  weights: ArrayBuffer;
}

/** Where a saved agent is read from: tf.io's IndexedDB store (indexeddb://key) or a file pair. */
export type ModelSource = { indexedDb: string } | { files: ModelFiles };

/** The Comlink-exposed API of src/workers/trainer.worker.ts. */
export interface TrainerApi {
  /** `swarm`: train config.seed and the extra seeds as one seed swarm (PPO, healthy, jsInference on, no target_kl; it throws otherwise). */
  init(config: RunConfig, swarm?: SwarmRequest): Promise<InitResult>;
  start(): Promise<void>;
  pause(): Promise<void>;
  /** Run exactly n updates, then pause. */
  step(nUpdates: number): Promise<void>;
  setSpeed(speed: Speed): Promise<void>;
  /** Turn frame streaming on/off and choose which sub-env to watch. */
  setRender(on: boolean, envIndex?: number): Promise<void>;
  /** Turn the model-based agent's imagination frames on/off (the view is on screen); they ride on the render frames. */
  setImagination(on: boolean): Promise<void>;
  /**
   * Change hyperparameters of the running agent without a restart; every key must be one of
   * InitResult.liveKeys and every value valid (override form, as in RunConfig.overrides), else it
   * throws and changes nothing. Resolves to the keys applied.
   */
  setHyper(values: Record<string, HyperValue>): Promise<string[]>;
  /**
   * Save the current run's trained networks with tf.io: into IndexedDB under `key` (resolves null), or,
   * with key null, as the model.json + weights.bin pair to download. Throws for an agent that cannot save.
   */
  saveModel(key: string | null): Promise<ModelFiles | null>;
  /** Delete a model saved under `key` (nothing if there is none). */
  removeModel(key: string): Promise<void>;
  /** Load a saved agent and let it act greedily, without training (start/pause/step drive it as a run). */
  watch(source: ModelSource): Promise<InitResult & { config: RunConfig }>;
  subscribe(callback: (batch: TrainerBatch) => void): Promise<void>;
  dispose(): Promise<void>;
}

export type { BackendChoice, ImaginationFrame };

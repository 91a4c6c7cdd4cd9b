// A run as the history keeps it: what defined it (config), what it measured (series at reduced
// resolution, thinned histograms, alerts), how it went (wall time, steps, final return, backend)
// and the learner's journal. The same shape is what a run file exports and imports.

import type { RunConfig } from '../config/run-config.ts';
import type { Alert, HistogramSnapshot, ScalarChunk } from '../workers/protocol.ts';

/** At most this many points per series key, kept by decimate.ts (evenly spaced plus min/max per bucket). */
export const MAX_POINTS_PER_KEY = 1000;
/** At most this many histogram snapshots per key (thinned evenly, the newest always kept). */
export const MAX_HISTOGRAMS_PER_KEY = 64;
/** At most this many alerts per run (the first ones: a symptom's onset is what matters). */
export const MAX_ALERTS = 200;
/** Points of the return sparkline in the history list. */
export const SPARKLINE_POINTS = 48;
/** Longest run name and journal answer. */
export const MAX_NAME_LENGTH = 200;
export const MAX_NOTE_LENGTH = 20_000;

/** One scalar metric: env step, update, wall seconds and value per point (equal lengths), as the worker sends them. */
export type StoredSeries = ScalarChunk;

/** Finished episodes, columnar (solved 0/1). */
export interface StoredEpisodes {
  step: Float64Array;
  return: Float64Array;
  length: Float64Array;
  solved: Float64Array;
  envIndex: Float64Array;
}

/** A kept histogram snapshot, as the worker sends it. */
export type StoredHistogram = HistogramSnapshot;

/** The learner's journal for one run: the prediction before Play and the account after. */
export interface RunNotes {
  expect: string;
  happened: string;
}

/** A trained agent's networks saved with tf.io under `key` (indexeddb://…). */
export interface SavedModelRef {
  key: string;
  savedAt: number;
}

/** What the history list shows, without the bulky series (the `runs` store). */
export interface RunMeta {
  id: string;
  name: string;
  /** ms since the epoch. */
  createdAt: number;
  config: RunConfig;
  backend: string;
  wallS: number;
  envSteps: number;
  updates: number;
  /** Mean return of the last (up to) 10 finished episodes; null before the first. */
  finalReturn: number | null;
  /** Mean episode return over SPARKLINE_POINTS equal stretches of the episodes (fewer for short runs). */
  sparkline: number[];
  alerts: Alert[];
  notes: RunNotes;
  model: SavedModelRef | null;
}

/** Everything kept of one run. */
export interface StoredRun extends RunMeta {
  scalars: StoredSeries[];
  episodes: StoredEpisodes;
  histograms: StoredHistogram[];
}

export const EPISODE_COLUMNS = ['step', 'return', 'length', 'solved', 'envIndex'] as const;
export const SERIES_COLUMNS = ['step', 'update', 'wall', 'value'] as const;

export function emptyEpisodes(): StoredEpisodes {
  return { step: new Float64Array(0), return: new Float64Array(0), length: new Float64Array(0), solved: new Float64Array(0), envIndex: new Float64Array(0) };
}

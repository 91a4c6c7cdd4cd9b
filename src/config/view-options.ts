// The values of the view settings a link keeps beside the run (src/config/url-codec.ts): how the
// charts draw (x axis, histogram view) and what the bug lab runs beside the page's run (compare mode,
// seeds). Defined here, below the UI, so the codec and the components read one list each.

/** x axis of every scalar chart: env steps, updates, or wall-clock seconds. */
export const X_AXES = ['step', 'update', 'wall'] as const;
export type XAxis = (typeof X_AXES)[number];

/** Histograms: offset snapshots ("ridgeline") or all on one baseline. */
export const HISTOGRAM_MODES = ['ridgeline', 'overlay'] as const;
export type HistogramMode = (typeof HISTOGRAM_MODES)[number];

/** healthy: the config minus its bugs beside it; variant: the config with one hyperparameter changed. */
export const COMPARE_KINDS = ['healthy', 'variant'] as const;
export type CompareKind = (typeof COMPARE_KINDS)[number];

/** Most seeds per configuration in the bug lab. */
export const MAX_SEEDS = 8;

/** The charts' EMA weight when a link gives none (TensorBoard's slider, 0 … 0.99). */
export const DEFAULT_SMOOTHING = 0.6;

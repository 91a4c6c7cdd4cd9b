// The detectors behind the health checks: one small state machine per check, fed one point at a time.
// Each returns a message when its condition holds, false when healthy, null when it cannot judge the point;
// the firing rule (fire once, re-arm after recovery) lives in HealthMonitor (health.ts).

import {
  DEAD_RELU_PATIENCE,
  DEAD_RELU_THRESHOLD,
  ENTROPY_COLLAPSE_FRACTION,
  ENTROPY_EARLY_FRACTION,
  ENTROPY_EARLY_STEPS,
  EV_FLAT_RETURNS,
  EV_NEGATIVE_MARGIN,
  EV_NEGATIVE_STREAK,
  GRAD_NORM_RECORD_FACTOR,
  GRAD_NORM_SPIKE_FACTOR,
  GRAD_NORM_WARMUP,
  KL_SPIKE_SINGLE,
  KL_SPIKE_THRESHOLD,
  KL_SPIKE_WINDOW,
  NAN_ALLOWED_KEYS,
  TENSOR_LEAK_STREAK,
  VALUE_BOUND_MARGIN,
  VALUE_RETURN_FACTOR,
  VALUE_RETURN_FLOOR,
  VALUE_RETURN_PATIENCE_STEPS,
  VALUE_RETURN_WARMUP_STEPS,
  type HealthCheckId,
  type HealthContext,
} from './health-checks.ts';
import type { HealthText, HealthTextKey } from './health-text.ts';
import { METRIC } from './metric-keys.ts';

/** A detector's verdict on one point: a message when its condition holds, false when healthy, null when it cannot judge. */
export type Verdict = HealthText | false | null;

const say = (key: HealthTextKey, params: HealthText['params']): HealthText => ({ key, params });

export interface Detector {
  id: HealthCheckId;
  watches(key: string): boolean;
  /** The series whose latch a point of `key` drives (the pair check drives one latch from two series). */
  latchKey(key: string): string;
  observe(key: string, step: number, value: number): Verdict;
}

const fmt = (v: number): string => (Number.isFinite(v) ? Number(v.toPrecision(3)).toString() : String(v));

/**
 * Bounds on any discounted sum of per-step rewards in [rMin, rMax] over an episode of any length ≥ 1,
 * widened to include 0: estimators start near 0, so a CartPole Q of 0.3 early on (true bound ≥ 1)
 * is ignorance, not a bug. What the check catches is values beyond what any return could reach.
 */
export function discountedReturnBounds(rewardRange: readonly [number, number], gamma: number): [number, number] {
  const [rMin, rMax] = rewardRange;
  const h = 1 / (1 - gamma);
  return [Math.min(0, rMin, rMin * h), Math.max(0, rMax, rMax * h)];
}

function perKey<S>(init: () => S): (key: string) => S {
  const states = new Map<string, S>();
  return (key) => {
    let s = states.get(key);
    if (s === undefined) {
      s = init();
      states.set(key, s);
    }
    return s;
  };
}

const same = (key: string): string => key;

/** A detector of one metric key. Non-finite points are non_finite's to report: it skips them (null). */
function oneKey(id: HealthCheckId, key: string, observe: (step: number, value: number) => Verdict): Detector {
  return { id, watches: (k) => k === key, latchKey: same, observe: (_key, step, value) => (Number.isFinite(value) ? observe(step, value) : null) };
}

function nonFinite(): Detector {
  return {
    id: 'non_finite',
    watches: () => true,
    latchKey: same,
    observe(key, _step, value) {
      if (Number.isFinite(value)) return false;
      if (Number.isNaN(value) && NAN_ALLOWED_KEYS.includes(key)) return null;
      return say('health.msg.nonFinite', { key, value: String(value) });
    },
  };
}

function entropyCollapse(ctx: HealthContext): Detector | null {
  const maxH = ctx.maxEntropy;
  if (maxH === undefined || !(maxH > 0)) return null;
  const earlyUntil = ctx.totalSteps != null && ctx.totalSteps > 0 ? ENTROPY_EARLY_FRACTION * ctx.totalSteps : ENTROPY_EARLY_STEPS;
  const limit = ENTROPY_COLLAPSE_FRACTION * maxH;
  return oneKey('entropy_collapse', METRIC.entropy, (step, value) => {
    if (step > earlyUntil) return null;
    if (value >= limit) return false;
    return say('health.msg.entropyCollapse', { value: fmt(value), percent: ENTROPY_COLLAPSE_FRACTION * 100, max: fmt(maxH) });
  });
}

function klSpike(): Detector {
  const recent: number[] = [];
  return oneKey('kl_spike', METRIC.approxKl, (_step, value) => {
    recent.push(value);
    if (recent.length > KL_SPIKE_WINDOW) recent.shift();
    if (value > KL_SPIKE_SINGLE) return say('health.msg.klSingle', { value: fmt(value), limit: KL_SPIKE_SINGLE });
    const median = [...recent].sort((a, b) => a - b)[Math.floor(recent.length / 2)];
    if (recent.length < KL_SPIKE_WINDOW || median <= KL_SPIKE_THRESHOLD) return false;
    return say('health.msg.klMedian', { value: fmt(median), limit: KL_SPIKE_THRESHOLD, window: KL_SPIKE_WINDOW });
  });
}

function explainedVarianceNegative(): Detector {
  let streak = 0;
  const latest = new Map<string, number>();
  const context = [METRIC.valueTargetMin, METRIC.valueTargetMax, METRIC.returnMean] as string[];
  /** The latest batch's value targets span less than EV_FLAT_RETURNS of |return_mean| (unknown: false). */
  const flatReturns = (): boolean => {
    const [lo, hi, mean] = context.map((k) => latest.get(k));
    if (lo === undefined || hi === undefined || mean === undefined) return false;
    return hi - lo < EV_FLAT_RETURNS * Math.abs(mean);
  };
  return {
    id: 'explained_variance_negative',
    watches: (key) => key === METRIC.explainedVariance || context.includes(key),
    latchKey: () => METRIC.explainedVariance,
    observe(key, _step, value) {
      if (key !== METRIC.explainedVariance) {
        if (Number.isFinite(value)) latest.set(key, value);
        return null;
      }
      if (!Number.isFinite(value) || flatReturns()) return null;
      streak = value < -EV_NEGATIVE_MARGIN ? streak + 1 : 0;
      if (streak < EV_NEGATIVE_STREAK) return false;
      return say('health.msg.evNegative', { streak, value: fmt(value), limit: -EV_NEGATIVE_MARGIN });
    },
  };
}

/** |v − r| beyond the floor and more than `factor` apart in magnitude, or of opposite signs. */
export function valueReturnMismatch(valueMean: number, returnMean: number, factor = VALUE_RETURN_FACTOR, floor = VALUE_RETURN_FLOOR): boolean {
  if (Math.abs(valueMean - returnMean) <= floor) return false;
  if (Math.sign(valueMean) !== Math.sign(returnMean)) return true;
  const a = Math.abs(valueMean);
  const b = Math.abs(returnMean);
  return Math.max(a, b) > factor * Math.min(a, b);
}

/**
 * Fires once value_mean and return_mean have mismatched at every report covering the last
 * VALUE_RETURN_PATIENCE_STEPS env steps after the warm-up. A report stands for the env steps since the
 * report before it, so the streak covers (step of the last report before it, step]; the warm-up's steps
 * do not count. Under a lasting mismatch it fires at the first report at or past warm-up + patience,
 * whatever the report cadence.
 */
function valueReturn(): Detector {
  const latest = new Map<string, { step: number; value: number }>();
  let lastJudged = 0; // step of the last update with both values
  let streakFrom = NaN; // step of the report before the current streak of mismatches (NaN: no streak)
  return {
    id: 'value_return_mismatch',
    watches: (key) => key === METRIC.valueMean || key === METRIC.returnMean,
    latchKey: () => METRIC.valueMean,
    observe(key, step, value) {
      latest.set(key, { step, value });
      const other = latest.get(key === METRIC.valueMean ? METRIC.returnMean : METRIC.valueMean);
      if (other === undefined || other.step !== step) return null; // judge once both of this update are in
      const v = key === METRIC.valueMean ? value : other.value;
      const r = key === METRIC.returnMean ? value : other.value;
      if (!Number.isFinite(v) || !Number.isFinite(r)) return null;
      const before = lastJudged;
      lastJudged = step;
      if (!valueReturnMismatch(v, r)) {
        streakFrom = NaN;
        return step <= VALUE_RETURN_WARMUP_STEPS ? null : false;
      }
      if (Number.isNaN(streakFrom)) streakFrom = before;
      const covered = step - Math.max(streakFrom, VALUE_RETURN_WARMUP_STEPS);
      if (step <= VALUE_RETURN_WARMUP_STEPS) return null;
      if (covered < VALUE_RETURN_PATIENCE_STEPS) return false;
      return say('health.msg.valueReturn', { value: fmt(v), factor: VALUE_RETURN_FACTOR, ret: fmt(r), steps: covered });
    },
  };
}

function boundsCheck(id: 'q_out_of_bounds' | 'value_out_of_bounds', keys: readonly string[], ctx: HealthContext): Detector | null {
  const { gamma, rewardRange } = ctx;
  if (gamma === undefined || rewardRange === undefined || !(gamma >= 0 && gamma < 1) || keys.length === 0) return null;
  const [lo, hi] = discountedReturnBounds(rewardRange, gamma);
  const margin = Math.max(VALUE_BOUND_MARGIN * (hi - lo), 1e-6 * Math.max(1, Math.abs(lo), Math.abs(hi)));
  // valueTargetsAreReturns: the latest batch's target range, read back at value_mean's scale (same update only).
  const targetKeys: string[] = id === 'value_out_of_bounds' && ctx.valueTargetsAreReturns ? [METRIC.valueTargetMin, METRIC.valueTargetMax] : [];
  const targets = new Map<string, { step: number; value: number }>();
  return {
    id,
    watches: (key) => keys.includes(key) || targetKeys.includes(key),
    latchKey: same,
    observe(key, step, value) {
      if (!Number.isFinite(value)) return null;
      if (targetKeys.includes(key)) targets.set(key, { step, value });
      if (!keys.includes(key)) return null;
      if (value >= lo - margin && value <= hi + margin) return false;
      if (key === METRIC.valueMean && targetKeys.length > 0) {
        const [tMin, tMax] = targetKeys.map((k) => targets.get(k));
        if (tMin?.step === step && tMax?.step === step && value >= tMin.value - margin && value <= tMax.value + margin) return false;
      }
      return say('health.msg.outOfBounds', { key, value: fmt(value), lo: fmt(lo), hi: fmt(hi) });
    },
  };
}

function deadRelu(): Detector {
  const state = perKey(() => ({ persist: 0 }));
  return {
    id: 'dead_relu',
    watches: (key) => key === METRIC.deadReluFrac || key.startsWith(METRIC.deadReluFrac + '/'),
    latchKey: same,
    observe(key, _step, value) {
      if (!Number.isFinite(value)) return null;
      const s = state(key);
      s.persist = value > DEAD_RELU_THRESHOLD ? s.persist + 1 : 0;
      if (s.persist < DEAD_RELU_PATIENCE) return false;
      const layer = key.slice(METRIC.deadReluFrac.length + 1);
      const params = { percent: fmt(value * 100), layer, limit: DEAD_RELU_THRESHOLD * 100 };
      return say(layer ? 'health.msg.deadRelu' : 'health.msg.deadReluNetwork', params);
    },
  };
}

/** Insert v into an ascending array (binary search). */
function insertSorted(a: number[], v: number): void {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  a.splice(lo, 0, v);
}

function gradNormSpike(): Detector {
  const sorted: number[] = [];
  return oneKey('grad_norm_spike', METRIC.gradNorm, (_step, value) => {
    const n = sorted.length;
    let verdict: Verdict = null;
    if (n >= GRAD_NORM_WARMUP) {
      const med = n % 2 === 1 ? sorted[n >> 1] : 0.5 * (sorted[(n >> 1) - 1] + sorted[n >> 1]);
      const record = sorted[n - 1];
      verdict =
        med > 0 && value > GRAD_NORM_SPIKE_FACTOR * med && value > GRAD_NORM_RECORD_FACTOR * record
          ? say('health.msg.gradSpike', { value: fmt(value), ratio: fmt(value / med), median: fmt(med), factor: GRAD_NORM_SPIKE_FACTOR, record: fmt(value / record) })
          : false;
    }
    insertSorted(sorted, value);
    return verdict;
  });
}

function tensorLeak(): Detector {
  let prev = NaN;
  let streak = 0;
  return oneKey('tensor_leak', METRIC.numTensors, (_step, value) => {
    streak = value > prev ? streak + 1 : 0;
    prev = value;
    if (streak < TENSOR_LEAK_STREAK) return false;
    return say('health.msg.tensorLeak', { streak, value: fmt(value) });
  });
}

export function makeDetectors(ctx: HealthContext): Detector[] {
  const valueKeys: string[] = [METRIC.valueMean];
  if (ctx.valueTargetsInRewardUnits) valueKeys.push(METRIC.valueTargetMin, METRIC.valueTargetMax);
  const all: (Detector | null)[] = [
    nonFinite(),
    entropyCollapse(ctx),
    klSpike(),
    explainedVarianceNegative(),
    valueReturn(),
    boundsCheck('q_out_of_bounds', [METRIC.qValues, METRIC.qValuesMin, METRIC.qValuesMax], ctx),
    boundsCheck('value_out_of_bounds', valueKeys, ctx),
    deadRelu(),
    gradNormSpike(),
    tensorLeak(),
  ];
  const enabled = ctx.checks;
  return all.filter((d): d is Detector => d !== null && (enabled === undefined || enabled.includes(d.id)));
}

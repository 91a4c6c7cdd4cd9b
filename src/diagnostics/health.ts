// Health checks of DIAGNOSTICS.md §4: symptom detectors over the metric history that name the likely bugs
// (ids of the bug catalogue, DIAGNOSTICS.md §3). Incremental: a HealthMonitor is fed one point at a time and
// returns each alert once; `checkHealth` replays a whole history through a fresh monitor.
//
// Firing rule (every detector): a detector keeps one latch per series it watches. It fires when its
// condition first holds, then stays silent until the condition has been false for REARM_AFTER consecutive
// points of that series ("recovered"), after which it may fire again. Points a detector cannot judge
// (non-finite values for the value checks, entropy after the early phase, warm-up) leave the latch as it is.

import { HEALTH_CHECKS, REARM_AFTER, type HealthCheckId, type HealthContext } from './health-checks.ts';
import { healthTextEn, type HealthText } from './health-text.ts';
import { makeDetectors, type Detector } from './health-detectors.ts';

export * from './health-checks.ts';
export * from './health-text.ts';
export { discountedReturnBounds, valueReturnMismatch } from './health-detectors.ts';

/** Points of one series, in the order they were reported (step non-decreasing). */
export interface MetricSeries {
  step: number[];
  value: number[];
}

/** A run's scalar history: series key (DIAGNOSTICS.md §1) → its points. Step is the env step (the charts' x). */
export type MetricHistory = Map<string, MetricSeries>;

/** An alert, assignable to the worker protocol's `Alert` ({id, step, key, message}) plus the likely causes. */
export interface HealthAlert {
  /** Which check fired. */
  id: HealthCheckId;
  /** Env step of the point that fired it. */
  step: number;
  /** The series that fired it. */
  key: string;
  /** Plain words, with the value and the threshold (English: the CLI's output). */
  message: string;
  /** The same message as a key and parameters, for the UI to say in its language. */
  text: HealthText;
  /** Bug ids (DIAGNOSTICS.md §3) that produce this symptom, most likely first. */
  causes: readonly string[];
  /** Set when the run's own settings produce this symptom by design (HealthContext.expected): why, in English. */
  expected?: string;
  /** The same reason as a key and parameters. */
  expectedText?: HealthText;
}

const CAUSES = new Map(HEALTH_CHECKS.map((c) => [c.id, c.causes]));

// ---- Monitor ----------------------------------------------------------------------------------

interface Latch {
  armed: boolean;
  /** Consecutive healthy points since it fired. */
  healthy: number;
}

/**
 * Incremental health checking: `push` every scalar point as it is reported (any order across keys, step
 * non-decreasing within a key; value_mean and return_mean of one update must share a step). Each call returns
 * only the alerts that fired on that point; `alerts` holds all so far. See the firing rule at the top of the file.
 */
export class HealthMonitor {
  private detectors: Detector[];
  private readonly byKey = new Map<string, Detector[]>();
  private readonly latches = new Map<string, Latch>();
  private readonly fired: HealthAlert[] = [];

  constructor(readonly context: HealthContext = {}) {
    this.detectors = makeDetectors(context);
  }

  /** Every alert fired so far, in firing order. */
  get alerts(): readonly HealthAlert[] {
    return this.fired;
  }

  /** Feed one point; returns the alerts it fired (usually none). */
  push(key: string, step: number, value: number): HealthAlert[] {
    let ds = this.byKey.get(key);
    if (ds === undefined) {
      ds = this.detectors.filter((d) => d.watches(key));
      this.byKey.set(key, ds);
    }
    let out: HealthAlert[] | undefined;
    for (const d of ds) {
      const verdict = d.observe(key, step, value);
      if (verdict === null) continue;
      const latchId = `${d.id}|${d.latchKey(key)}`;
      let latch = this.latches.get(latchId);
      if (latch === undefined) {
        latch = { armed: true, healthy: 0 };
        this.latches.set(latchId, latch);
      }
      if (verdict === false) {
        if (!latch.armed && ++latch.healthy >= REARM_AFTER) latch.armed = true;
        continue;
      }
      latch.healthy = 0;
      if (!latch.armed) continue;
      latch.armed = false;
      const alert: HealthAlert = { id: d.id, step, key: d.latchKey(key), message: healthTextEn(verdict), text: verdict, causes: CAUSES.get(d.id) ?? [] };
      const expected = this.context.expected?.[d.id];
      if (expected !== undefined) {
        alert.expected = healthTextEn(expected);
        alert.expectedText = expected;
      }
      this.fired.push(alert);
      (out ??= []).push(alert);
    }
    return out ?? [];
  }

  /** Forget everything (a new run). */
  reset(): void {
    this.detectors = makeDetectors(this.context);
    this.byKey.clear();
    this.latches.clear();
    this.fired.length = 0;
  }
}

/**
 * Run every check over a whole history: its points are replayed through a fresh HealthMonitor in step order
 * (ties: the Map's key order, then point order). Pure: same history and context, same alerts.
 */
export function checkHealth(history: MetricHistory, context: HealthContext = {}): HealthAlert[] {
  const points: { step: number; k: number; i: number; key: string; value: number }[] = [];
  let k = 0;
  for (const [key, s] of history) {
    if (s.step.length !== s.value.length) throw new Error(`${key}: ${s.step.length} steps for ${s.value.length} values`);
    for (let i = 0; i < s.step.length; i++) points.push({ step: s.step[i], k, i, key, value: s.value[i] });
    k++;
  }
  points.sort((a, b) => a.step - b.step || a.k - b.k || a.i - b.i);
  const monitor = new HealthMonitor(context);
  for (const p of points) monitor.push(p.key, p.step, p.value);
  return [...monitor.alerts];
}

// The shape of a bench measure (bench/results/latest.json): value = median over seeds, with its spread,
// the backend, and CleanRL's figure from the same invocation where it applies. Plus the machine.

import os from 'node:os';

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
  values: number[];
}

export interface Measure {
  id: string;
  what: string;
  value: number;
  unit: string;
  spread: Spread;
  backend: string;
  /** 1-, 5- and 15-minute load averages when the measure finished (a 2-core machine is busy above 2). */
  load_average: number[];
  /** CleanRL's figure in the same run, or why it is missing. */
  cleanrl: Spread | { skipped: string };
  /** Ours ÷ CleanRL's (throughput) or CleanRL's ÷ ours (time), so > 1 means faster than CleanRL; null without CleanRL. */
  speedup_vs_cleanrl: number | null;
  /** When this measure finished (ISO 8601). */
  date: string;
  [extra: string]: unknown;
}

export function summarise(values: readonly number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  const median = n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  const round = (v: number): number => (Number.isFinite(v) ? Number(v.toPrecision(4)) : v);
  return { median: round(median), min: round(s[0]), max: round(s[n - 1]), n, values: values.map(round) };
}

/** A measure over seeds; `higherIsBetter` says which way the CleanRL ratio goes. */
export function measure(id: string, what: string, unit: string, values: number[], backend: string, cleanrl: Spread | null, skipped: string | null, higherIsBetter: boolean): Measure {
  const spread = summarise(values);
  const ratio = cleanrl === null ? null : higherIsBetter ? spread.median / cleanrl.median : cleanrl.median / spread.median;
  return {
    id,
    what,
    value: spread.median,
    unit,
    spread,
    backend,
    load_average: os.loadavg().map((l) => Number(l.toFixed(2))),
    cleanrl: cleanrl ?? { skipped: skipped ?? 'not run' },
    speedup_vs_cleanrl: ratio === null || !Number.isFinite(ratio) ? null : Number(ratio.toFixed(2)),
    date: new Date().toISOString(),
  };
}

export function machineInfo(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory_gib: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    load_average: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

// Numbers for the counters and readouts: tabular, three significant digits like the charts.

/**
 * A counter: 312,000. What Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }) writes (rounded half
 * away from zero, "-0", "∞"), without it: the page's first Intl formatter costs ~15 ms of ICU set-up
 * in the task that starts the page (issue 14 goal 5).
 */
export function formatInt(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  if (!Number.isFinite(v)) return `${sign}∞`;
  // The shortest digits that read back as the number, as Intl writes them; from 1e21 on String() writes an exponent.
  const [mantissa, exponent] = String(Math.round(Math.abs(v))).split('e+');
  const digits = exponent === undefined ? mantissa : mantissa.replace('.', '').padEnd(Number(exponent) + 1, '0');
  return sign + digits.replace(/\B(?=(\d{3})+$)/g, ',');
}

/** An episode return: 187, 21.4, −0.018, 3.2e-4. */
export function formatReturn(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const a = Math.abs(v);
  let s: string;
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) s = v.toExponential(1).replace('e+', 'e');
  else if (a >= 100) s = formatInt(v);
  else s = String(Number(v.toPrecision(3)));
  return s.replace(/^-/, '−');
}

/** Wall time: 4.2 s, 41 s, 2 min 05 s. */
export function formatDuration(s: number): string {
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${s.toFixed(0)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.floor(s % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

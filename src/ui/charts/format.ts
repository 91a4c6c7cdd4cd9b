// Numbers as people read them on a chart: 3.2e-4, 0.018, 187, 312k steps, 2m 05s.

/** SI prefixes from 10^0 to 10^24, as d3-format's. */
const SI_PREFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];

/**
 * d3-format's `.3~s` for |v| ≥ 1: three significant digits, trailing zeros trimmed, an SI prefix, − for
 * minus (12.5k, 1.2M). Written out so the page's first load does without d3-format; tests/unit/charts/
 * numeric-scale.test.ts checks it against d3's.
 */
function si(v: number): string {
  const [mantissa, exp] = Math.abs(v).toExponential(2).split('e');
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  const p = Math.min(8, Math.floor(e / 3));
  const i = e - p * 3 + 1;
  const s = i >= digits.length ? digits.padEnd(i, '0') : `${digits.slice(0, i)}.${digits.slice(i)}`;
  return `${v < 0 ? '−' : ''}${s.includes('.') ? s.replace(/\.?0+$/, '') : s}${SI_PREFIXES[p]}`;
}

/** A metric value with about three significant digits; exponent form for very small or large. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  let s: string;
  if (a < 1e-3 || a >= 1e6) s = v.toExponential(1).replace(/\.0e/, 'e').replace('e+', 'e');
  else if (a >= 1000) s = Math.round(v).toString();
  else s = Number(v.toPrecision(3)).toString();
  return s.replace('-', '−');
}

/** A counter (env steps, updates): 950, 12.5k, 1.2M. */
export function formatCount(v: number): string {
  if (!Number.isFinite(v)) return '–';
  if (Math.abs(v) < 1000) return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(3)));
  return si(v).replace('G', 'B');
}

/** Seconds of wall time: 41s, 2m 05s, 1h 02m. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '–';
  if (s < 10) return `${Number(s.toPrecision(2))}s`;
  if (s < 60) return `${Math.round(s)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${String(m - h * 60).padStart(2, '0')}m`;
}

// Linear and log scales over numbers: the part of d3-scale the charts use (call, invert, domain,
// range, nice, ticks), with d3's arithmetic (ported from d3-scale 4 and d3-array 3, ISC licence) so
// axes and ticks land exactly where d3 put them. d3's own scales import d3-interpolate and d3-color
// for colour ranges these charts never draw: ~26 kB the page would otherwise load before its first
// paint. tests/unit/charts/numeric-scale.test.ts checks every method against d3 on random domains.

export interface NumericScale {
  /** The pixel of a value (NaN for NaN). */
  (x: number): number;
  /** The value at a pixel. */
  invert(y: number): number;
  domain(): number[];
  domain(d: readonly number[]): NumericScale;
  range(): number[];
  range(r: readonly number[]): NumericScale;
  /** Extend the domain to round values (linear: to the tick step for `count` ticks; log: to whole decades). */
  nice(count?: number): NumericScale;
  /** About `count` round values inside the domain. */
  ticks(count?: number): number[];
}

// ── d3-array's ticks ──

const E10 = Math.sqrt(50);
const E5 = Math.sqrt(10);
const E2 = Math.sqrt(2);

/** First and last tick as multiples of the step, and the step (negative: its reciprocal, for exact decimals). */
function tickSpec(start: number, stop: number, count: number): [number, number, number] {
  const step = (stop - start) / Math.max(0, count);
  const power = Math.floor(Math.log10(step));
  const error = step / Math.pow(10, power);
  const factor = error >= E10 ? 10 : error >= E5 ? 5 : error >= E2 ? 2 : 1;
  let i1: number;
  let i2: number;
  let inc: number;
  if (power < 0) {
    inc = Math.pow(10, -power) / factor;
    i1 = Math.round(start * inc);
    i2 = Math.round(stop * inc);
    if (i1 / inc < start) ++i1;
    if (i2 / inc > stop) --i2;
    inc = -inc;
  } else {
    inc = Math.pow(10, power) * factor;
    i1 = Math.round(start / inc);
    i2 = Math.round(stop / inc);
    if (i1 * inc < start) ++i1;
    if (i2 * inc > stop) --i2;
  }
  if (i2 < i1 && 0.5 <= count && count < 2) return tickSpec(start, stop, count * 2);
  return [i1, i2, inc];
}

/** About `count` round values from start to stop (either order), as d3.ticks. */
export function ticks(start: number, stop: number, count: number): number[] {
  if (!(count > 0)) return [];
  if (start === stop) return [start];
  const reverse = stop < start;
  const [i1, i2, inc] = reverse ? tickSpec(stop, start, count) : tickSpec(start, stop, count);
  if (!(i2 >= i1)) return [];
  const n = i2 - i1 + 1;
  const out = new Array<number>(n);
  for (let i = 0; i < n; ++i) {
    const k = reverse ? i2 - i : i1 + i;
    out[i] = inc < 0 ? k / -inc : k * inc;
  }
  return out;
}

// ── d3-scale's continuous scales (two-point domain and range, no clamping) ──

/** t in [0, 1] for x between a and b; 0.5 for an empty interval (NaN for a NaN one), as d3's normalize. */
function normalize(a: number, b: number): (x: number) => number {
  const d = b - a;
  if (!d) {
    const c = isNaN(d) ? NaN : 0.5;
    return () => c;
  }
  return (x) => (x - a) / d;
}

/** d3's bimap with interpolateNumber: x in [d0, d1] to [r0, r1]. */
function bimap([d0, d1]: readonly number[], [r0, r1]: readonly number[]): (x: number) => number {
  const t = d1 < d0 ? normalize(d1, d0) : normalize(d0, d1);
  const [a, b] = d1 < d0 ? [r1, r0] : [r0, r1];
  return (x) => {
    const u = t(x);
    return a * (1 - u) + b * u;
  };
}

type Fn = (x: number) => number;

interface Continuous {
  scale: NumericScale;
  getDomain(): number[];
  setDomain(d: readonly number[]): void;
  setTransform(transform: Fn, untransform: Fn): void;
}

function continuous(transform: Fn, untransform: Fn, domain: number[]): Continuous {
  let range = [0, 1];
  let output: Fn | null = null;
  let input: Fn | null = null;
  const scale = ((x: number) => {
    if (x !== x) return NaN;
    output ??= bimap(domain.map(transform), range);
    return output(transform(x));
  }) as NumericScale;
  scale.invert = (y) => {
    input ??= bimap(range, domain.map(transform));
    return untransform(input(y));
  };
  scale.range = ((r?: readonly number[]) => {
    if (r === undefined) return range.slice();
    range = Array.from(r);
    output = input = null;
    return scale;
  }) as NumericScale['range'];
  return {
    scale,
    getDomain: () => domain.slice(),
    setDomain(d) {
      domain = Array.from(d, Number);
      output = input = null;
    },
    setTransform(t, u) {
      transform = t;
      untransform = u;
      output = input = null;
    },
  };
}

const identity: Fn = (x) => x;

/** A linear scale, as d3.scaleLinear(). */
export function scaleLinear(): NumericScale {
  const c = continuous(identity, identity, [0, 1]);
  const { scale } = c;
  scale.domain = ((d?: readonly number[]) => {
    if (d === undefined) return c.getDomain();
    c.setDomain(d);
    return scale;
  }) as NumericScale['domain'];
  scale.ticks = (count = 10) => {
    const d = c.getDomain();
    return ticks(d[0], d[d.length - 1], count);
  };
  scale.nice = (count = 10) => {
    const d = c.getDomain();
    let i0 = 0;
    let i1 = d.length - 1;
    let start = d[i0];
    let stop = d[i1];
    let prestep: number | undefined;
    if (stop < start) {
      [start, stop] = [stop, start];
      [i0, i1] = [i1, i0];
    }
    for (let iter = 0; iter < 10; iter++) {
      const step = tickSpec(start, stop, count)[2];
      if (step === prestep) {
        d[i0] = start;
        d[i1] = stop;
        c.setDomain(d);
        return scale;
      } else if (step > 0) {
        start = Math.floor(start / step) * step;
        stop = Math.ceil(stop / step) * step;
      } else if (step < 0) {
        start = Math.ceil(start * step) / step;
        stop = Math.floor(stop * step) / step;
      } else {
        break;
      }
      prestep = step;
    }
    return scale;
  };
  return scale;
}

/** 10^x, exact for whole x (as d3's pow10). */
const pow10: Fn = (x) => (isFinite(x) ? +`1e${x}` : x < 0 ? 0 : x);
const reflect = (f: Fn): Fn => (x) => -f(-x);

/** A base-10 log scale, as d3.scaleLog() (a domain below zero is mirrored, as there). */
export function scaleLog(): NumericScale {
  const c = continuous(Math.log, Math.exp, [1, 10]);
  const { scale } = c;
  let logs: Fn = Math.log10;
  let pows: Fn = pow10;
  const rescale = (): void => {
    const negative = c.getDomain()[0] < 0;
    logs = negative ? reflect(Math.log10) : Math.log10;
    pows = negative ? reflect(pow10) : pow10;
    if (negative) c.setTransform((x) => -Math.log(-x), (x) => -Math.exp(-x));
    else c.setTransform(Math.log, Math.exp);
  };
  scale.domain = ((d?: readonly number[]) => {
    if (d === undefined) return c.getDomain();
    c.setDomain(d);
    rescale();
    return scale;
  }) as NumericScale['domain'];
  scale.ticks = (count = 10) => {
    const d = c.getDomain();
    let u = d[0];
    let v = d[d.length - 1];
    const r = v < u;
    if (r) [u, v] = [v, u];
    let i = logs(u);
    let j = logs(v);
    const n = +count;
    let z: number[] = [];
    if (j - i < n) {
      i = Math.floor(i);
      j = Math.ceil(j);
      if (u > 0) {
        for (; i <= j; ++i) {
          for (let k = 1; k < 10; ++k) {
            const t = i < 0 ? k / pows(-i) : k * pows(i);
            if (t < u) continue;
            if (t > v) break;
            z.push(t);
          }
        }
      } else {
        for (; i <= j; ++i) {
          for (let k = 9; k >= 1; --k) {
            const t = i > 0 ? k / pows(-i) : k * pows(i);
            if (t < u) continue;
            if (t > v) break;
            z.push(t);
          }
        }
      }
      if (z.length * 2 < n) z = ticks(u, v, n);
    } else {
      z = ticks(i, j, Math.min(j - i, n)).map(pows);
    }
    return r ? z.reverse() : z;
  };
  scale.nice = () => {
    const d = c.getDomain();
    let i0 = 0;
    let i1 = d.length - 1;
    if (d[i1] < d[i0]) [i0, i1] = [i1, i0];
    const x0 = d[i0];
    const x1 = d[i1];
    d[i0] = pows(Math.floor(logs(x0)));
    d[i1] = pows(Math.ceil(logs(x1)));
    return scale.domain(d);
  };
  return scale;
}

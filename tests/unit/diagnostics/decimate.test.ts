import { describe, expect, it } from 'vitest';
import { decimateMinMax } from '../../../src/diagnostics/decimate.ts';
import { normals, rng } from './rng.ts';

function series(n: number) {
  const x = new Float64Array(n);
  const y = normals(rng(9), n);
  for (let i = 0; i < n; i++) x[i] = i * 4; // env steps
  y[12_345] = -100;
  y[67_890] = 100;
  return { x, y };
}

describe('decimateMinMax', () => {
  it('reduces 1e5 points to ≤ 4·width and keeps the global min, max, first and last', () => {
    const { x, y } = series(100_000);
    const width = 300;
    const d = decimateMinMax(x, y, { width });
    expect(d.length).toBeLessThanOrEqual(4 * width);
    expect(d.length).toBeGreaterThan(width);
    const ys = Array.from(d.y.subarray(0, d.length));
    expect(Math.min(...ys)).toBe(-100);
    expect(Math.max(...ys)).toBe(100);
    expect(d.x[0]).toBe(x[0]);
    expect(d.x[d.length - 1]).toBe(x[x.length - 1]);
    for (let i = 1; i < d.length; i++) expect(d.x[i]).toBeGreaterThanOrEqual(d.x[i - 1]);
  });

  it('keeps every column’s extremes', () => {
    const { x, y } = series(20_000);
    const width = 50;
    const d = decimateMinMax(x, y, { width });
    const span = x[x.length - 1] - x[0];
    for (let c = 0; c < width; c++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < x.length; i++) {
        const col = Math.min(width - 1, Math.floor(((x[i] - x[0]) * width) / span));
        if (col === c) {
          lo = Math.min(lo, y[i]);
          hi = Math.max(hi, y[i]);
        }
      }
      let dlo = Infinity;
      let dhi = -Infinity;
      for (let i = 0; i < d.length; i++) {
        const col = Math.min(width - 1, Math.floor(((d.x[i] - x[0]) * width) / span));
        if (col === c) {
          dlo = Math.min(dlo, d.y[i]);
          dhi = Math.max(dhi, d.y[i]);
        }
      }
      expect([dlo, dhi]).toEqual([lo, hi]);
    }
  });

  it('passes a sparse series through unchanged', () => {
    const x = [0, 10, 20, 30];
    const y = [1, 3, 2, 5];
    const d = decimateMinMax(x, y, { width: 100 });
    expect(Array.from(d.x.subarray(0, d.length))).toEqual(x);
    expect(Array.from(d.y.subarray(0, d.length))).toEqual(y);
  });

  it('preserves NaN gaps as one NaN point between the finite runs', () => {
    const n = 1000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Float64Array.from({ length: n }, (_, i) => (i >= 400 && i < 450 ? NaN : Math.sin(i)));
    const d = decimateMinMax(x, y, { width: 20 });
    const ys = Array.from(d.y.subarray(0, d.length));
    const gaps = ys.filter((v) => Number.isNaN(v)).length;
    expect(gaps).toBe(1);
    const g = ys.findIndex((v) => Number.isNaN(v));
    expect(d.x[g]).toBe(400);
    expect(d.x[g - 1]).toBe(399);
    expect(d.x[g + 1]).toBe(450);
  });

  it('reuses caller buffers and grows them only when needed', () => {
    const { x, y } = series(10_000);
    const buf = { x: new Float64Array(4 * 100 + 2), y: new Float64Array(4 * 100 + 2) };
    const d = decimateMinMax(x, y, { width: 100 }, buf);
    expect(d.x).toBe(buf.x);
    expect(d.y).toBe(buf.y);
    const small = { x: new Float64Array(4), y: new Float64Array(4) };
    const d2 = decimateMinMax(x, y, { width: 100 }, small);
    expect(d2.length).toBe(d.length);
    expect(Array.from(d2.y.subarray(0, d2.length))).toEqual(Array.from(d.y.subarray(0, d.length)));
  });

  it('restricts to the visible x range plus one point on each side', () => {
    const x = Float64Array.from({ length: 100 }, (_, i) => i);
    const y = Float64Array.from({ length: 100 }, (_, i) => i * 2);
    const d = decimateMinMax(x, y, { width: 1000, xMin: 10.5, xMax: 20.5 });
    expect(Array.from(d.x.subarray(0, d.length))).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
  });

  it('honours the `length` of a buffer with spare capacity and handles empty input', () => {
    const x = new Float64Array(10).map((_, i) => i);
    const y = new Float64Array(10).map((_, i) => i);
    const d = decimateMinMax(x, y, { width: 10, length: 3 });
    expect(Array.from(d.x.subarray(0, d.length))).toEqual([0, 1, 2]);
    expect(decimateMinMax([], [], { width: 10 }).length).toBe(0);
  });
});

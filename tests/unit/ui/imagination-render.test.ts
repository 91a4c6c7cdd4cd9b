// The imagination view's geometry: the animation clock over CEM generations, the lines of one
// generation (candidates by return, elites, the plan only at the last), the past window, the y range
// that one exploded trajectory cannot flatten, and the sorted-errors scene.
import { describe, expect, it } from 'vitest';
import type { ImaginationFrame } from '../../../src/diagnostics/imagination.ts';
import { FINAL_HOLD_MS, GENERATION_MS, errorScene, generationAt, imaginationScene, valueDomain } from '../../../src/ui/render/imagination.ts';

function frame(over: Partial<ImaginationFrame> = {}): ImaginationFrame {
  const G = 3;
  const C = 4;
  const H = 5;
  const L = H + 1;
  const paths = new Float32Array(G * C * L);
  for (let g = 0; g < G; g++) for (let c = 0; c < C; c++) for (let t = 0; t < L; t++) paths[(g * C + c) * L + t] = 0.1 * c * t;
  return {
    component: 0,
    horizon: H,
    generations: G,
    candidates: C,
    paths,
    returns: Float32Array.from({ length: G * C }, (_, i) => i % C),
    elite: Uint8Array.from({ length: G * C }, (_, i) => (i % C === C - 1 ? 1 : 0)),
    plan: Float32Array.from({ length: L }, (_, t) => 0.3 * t),
    predicted: Float32Array.from([0, 0.1, 0.2]),
    actual: Float32Array.from([0, 0.05, 0.1]),
    errorAt: Float32Array.from([-1, 0, 1]),
    error: Float32Array.from([1e-4, 1e-2, 1e-3]),
    ...over,
  };
}

describe('generationAt', () => {
  it('shows every generation in turn, then holds the last, and loops', () => {
    expect(generationAt(0, 3)).toBe(0);
    expect(generationAt(GENERATION_MS + 1, 3)).toBe(1);
    expect(generationAt(2 * GENERATION_MS + FINAL_HOLD_MS - 1, 3)).toBe(2);
    expect(generationAt(2 * GENERATION_MS + FINAL_HOLD_MS, 3)).toBe(0);
    expect(generationAt(12345, 1)).toBe(0);
  });
});

describe('imaginationScene', () => {
  it('draws candidates low return first, elites over them, and the plan only at the last generation', () => {
    const f = frame();
    const first = imaginationScene(f, 0, 300, 150, '#000');
    const kinds = first.lines.map((l) => l.kind);
    expect(kinds).toEqual(['candidate', 'candidate', 'candidate', 'elite', 'actual', 'predicted']);
    const last = imaginationScene(f, 2, 300, 150, '#000');
    expect(last.lines.map((l) => l.kind)).toContain('plan');
    // Higher predicted return, more opaque colour.
    const alpha = (c: string): number => Number(/,\s*([\d.]+)\)$/.exec(c)?.[1] ?? 1);
    expect(alpha(first.lines[2].color)).toBeGreaterThan(alpha(first.lines[0].color));
  });

  it('puts now at step 0 with the executed window to its left and the horizon to its right', () => {
    const s = imaginationScene(frame(), 0, 300, 150, '#000');
    expect(s.xDomain).toEqual([-2, 5]);
    const actual = s.lines.find((l) => l.kind === 'actual')!;
    expect(actual.points[0]).toBeCloseTo(s.plot.left);
    expect(actual.points[4]).toBeCloseTo(s.nowX);
    const candidate = s.lines.find((l) => l.kind === 'candidate')!;
    expect(candidate.points[0]).toBeCloseTo(s.nowX);
    expect(candidate.points[candidate.points.length - 2]).toBeCloseTo(s.plot.left + s.plot.width);
  });

  it('keeps the y range to the bulk of the trajectories when one explodes', () => {
    const f = frame();
    const paths = Float32Array.from(f.paths);
    paths[5] = 1e6;
    const [lo, hi] = valueDomain({ ...f, paths });
    expect(hi).toBeLessThan(10);
    expect(lo).toBeLessThanOrEqual(0);
  });
});

describe('errorScene', () => {
  it('places the sorted errors on a log axis and marks the worst', () => {
    const s = errorScene(frame(), 200, 90);
    expect(s.points.length).toBe(6);
    expect(s.worst).toBe(1);
    expect(s.yDomain[0]).toBeCloseTo(-4);
    expect(s.yDomain[1]).toBeCloseTo(-2);
    // The worst error is the highest point (smallest y).
    expect(s.points[3]).toBeCloseTo(s.plot.top);
  });

  it('is empty before the model has been checked', () => {
    expect(errorScene(frame({ errorAt: new Float32Array(0), error: new Float32Array(0) }), 200, 90).points.length).toBe(0);
  });
});

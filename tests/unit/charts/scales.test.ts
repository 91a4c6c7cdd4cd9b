import { describe, expect, it } from 'vitest';
import { fitScales, padLinear, padLog } from '../../../src/ui/charts/scales.ts';
import { formatCount, formatSeconds, formatValue } from '../../../src/ui/charts/format.ts';

const view = { xAxis: 'step' as const, smoothing: 0, logY: false, width: 300, height: 160, episodeWindow: 20 };

describe('y domains', () => {
  it('starts where the data is unless zero matters', () => {
    expect(padLinear([400, 500], false)).toEqual([395, 505]);
    expect(padLinear([0, 100], true)[0]).toBe(0); // no padding below a zero baseline
    expect(padLinear([-100, 0], true)[1]).toBe(0);
    expect(padLinear([3, 3], false)).toEqual([2.7, 3.3]);
    expect(padLinear([0, 0], true)).toEqual([0, 1]);
  });

  it('keeps log extents positive', () => {
    const [a, b] = padLog([1e-4, 0.5]);
    expect(a).toBeGreaterThan(0);
    expect(a).toBeLessThan(1e-4);
    expect(b).toBeGreaterThan(0.5);
    expect(padLog([0, 0])[0]).toBeGreaterThan(0);
  });

  it('fits nice scales with tick labels that fit the left margin', () => {
    const s = fitScales({ x: [0, 150_000], y: [0.4, 0.69] }, view, false, false);
    expect(s.y.domain()[0]).toBeLessThanOrEqual(0.4);
    expect(s.y.domain()[0]).toBeGreaterThan(0.3); // not dragged to zero
    expect(s.plot.left).toBeGreaterThanOrEqual(26);
    expect(s.x.range()).toEqual([s.plot.left, 290]);
    expect(s.xTicks.map(s.xFormat)).toContain('50k');
    const log = fitScales({ x: [0, 1], y: [1e-5, 2] }, { ...view, logY: true }, true, false);
    expect(log.yTicks.every((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9)).toBe(true);
  });
});

describe('number formats', () => {
  it('uses sensible significant digits', () => {
    expect(formatValue(3.2e-4)).toBe('3.2e−4');
    expect(formatValue(0.018)).toBe('0.018');
    expect(formatValue(187.4)).toBe('187');
    expect(formatValue(-0.5)).toBe('−0.5');
    expect(formatValue(12345)).toBe('12345');
    expect(formatValue(2.5e7)).toBe('2.5e7');
    expect(formatValue(NaN)).toBe('NaN');
    expect(formatCount(312_000)).toBe('312k');
    expect(formatCount(950)).toBe('950');
    expect(formatCount(0.2)).toBe('0.2'); // fractional updates / steps on a short axis are not rounded away
    expect(formatSeconds(41)).toBe('41s');
    expect(formatSeconds(125)).toBe('2m 05s');
    expect(formatSeconds(3720)).toBe('1h 02m');
  });
});

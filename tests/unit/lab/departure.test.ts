import { describe, expect, it } from 'vitest';
import { firstDeparture, keyDeparture, seriesDeparture, valueAt, type RunSeries, type SeriesView } from '../../../src/ui/lab/departure.ts';
import { rng } from '../charts/synthetic.ts';

/** Points at steps 100, 200, … with values from `f(i)`. */
function series(n: number, f: (i: number) => number): SeriesView {
  const x = Float64Array.from({ length: n }, (_, i) => (i + 1) * 100);
  const y = Float64Array.from({ length: n }, (_, i) => f(i));
  return { x, y, length: n };
}

function runOf(map: Record<string, SeriesView>, alerts: RunSeries['alerts'] = []): RunSeries {
  return {
    seriesFor: (key) => Object.entries(map).filter(([k]) => k === key || k.startsWith(key + '/')).map(([k, view]) => ({ key: k, view })),
    alerts,
  };
}

describe('seriesDeparture', () => {
  const noise = rng(7);
  const healthy = series(200, () => 0.01 + 0.004 * noise());

  it('stays silent for a second sample of the same noise', () => {
    const other = rng(8);
    expect(seriesDeparture(healthy, series(200, () => 0.01 + 0.004 * other()))).toBeNull();
  });

  it('finds the first of `persist` consecutive points beyond k × the healthy spread, with its direction', () => {
    // Broken equals healthy until index 50, then sits 10× higher.
    const broken = series(200, (i) => (i < 50 ? healthy.y[i] : 0.1));
    const d = seriesDeparture(healthy, broken);
    expect(d).not.toBeNull();
    expect(d!.step).toBe(5100);
    expect(d!.direction).toBe('up');
    expect(seriesDeparture(healthy, series(200, (i) => (i < 50 ? healthy.y[i] : -0.1)))!.direction).toBe('down');
  });

  it('ignores a single outlier shorter than `persist`', () => {
    const broken = series(200, (i) => (i === 60 || i === 61 ? 5 : healthy.y[i]));
    expect(seriesDeparture(healthy, broken)).toBeNull();
    expect(seriesDeparture(healthy, broken, { persist: 2 })!.step).toBe(6100);
  });

  it('does not judge before the warm-up and treats a flat healthy series with a relative floor', () => {
    const flat = series(100, () => 50);
    const leak = series(100, (i) => 50 + i);
    // i = 0 is equal; warm-up needs 5 healthy points, so the first judged point is i = 4 (54 > 50 + 0.05).
    expect(seriesDeparture(flat, leak)!.step).toBe(500);
    expect(seriesDeparture(flat, series(100, () => 50.01))).toBeNull();
  });

  it('judges a still-rising healthy series by its noise around the trend, not by how far it rose', () => {
    // DQN-like Q-values: healthy climbs 0 → 80 with noise; broken climbs at a quarter of the rate.
    const a = rng(11);
    const b = rng(12);
    const rising = series(100, (i) => 0.8 * i + 2 * a());
    expect(seriesDeparture(rising, series(100, (i) => 0.8 * i + 2 * b()))).toBeNull();
    const slow = seriesDeparture(rising, series(100, (i) => 0.2 * i + 2 * b()));
    expect(slow).not.toBeNull();
    expect(slow!.direction).toBe('down');
    expect(slow!.step).toBeLessThan(3000);
  });

  it('judges no point beyond the healthy run\'s last one, so a verdict cannot flip as the lagging healthy run catches up', () => {
    const healthyFull = series(100, () => 1);
    const healthyEarly: SeriesView = { x: healthyFull.x, y: healthyFull.y, length: 40 };
    const broken = series(100, (i) => (i >= 60 ? 9 : 1));
    expect(seriesDeparture(healthyEarly, broken)).toBeNull();
    expect(seriesDeparture(healthyFull, broken)!.step).toBe(6100);
  });

  it('skips NaN but counts ±Inf as outside', () => {
    const h = series(50, () => 1);
    expect(seriesDeparture(h, series(50, () => NaN))).toBeNull();
    expect(seriesDeparture(h, series(50, (i) => (i >= 10 ? Infinity : 1)))!.step).toBe(1100);
  });
});

describe('keyDeparture and firstDeparture', () => {
  const flat = (v: number): SeriesView => series(100, () => v);

  it('uses per-layer series for a base key and takes the earliest', () => {
    const healthy = runOf({ 'diagnostics/dead_relu_frac/q/0': flat(0), 'diagnostics/dead_relu_frac/q/1': flat(0) });
    const broken = runOf({
      'diagnostics/dead_relu_frac/q/0': series(100, (i) => (i >= 40 ? 0.9 : 0)),
      'diagnostics/dead_relu_frac/q/1': series(100, (i) => (i >= 20 ? 0.9 : 0)),
    });
    const d = keyDeparture('diagnostics/dead_relu_frac', healthy, broken);
    expect(d).toMatchObject({ series: 'diagnostics/dead_relu_frac/q/1', step: 2100, via: 'spread', direction: 'up' });
  });

  it('takes an earlier health alert that only the broken run raised', () => {
    const healthy = runOf({ 'losses/approx_kl': flat(0.01) }, [{ id: 'kl_spike', step: 300, key: 'losses/entropy' }]);
    const broken = runOf({ 'losses/approx_kl': series(100, (i) => (i >= 30 ? 1 : 0.01)) }, [
      { id: 'kl_spike', step: 1500, key: 'losses/approx_kl', message: 'KL 0.3 above 0.05' },
    ]);
    expect(keyDeparture('losses/approx_kl', healthy, broken)).toMatchObject({ step: 1500, via: 'alert', message: 'KL 0.3 above 0.05', direction: null });
    // The same alert in the healthy run first does not count.
    const both = runOf({ 'losses/approx_kl': flat(0.01) }, [{ id: 'kl_spike', step: 1000, key: 'losses/approx_kl' }]);
    expect(keyDeparture('losses/approx_kl', both, broken)).toMatchObject({ step: 3100, via: 'spread' });
  });

  it('picks the watched key that departs first, ties by watch order, and reports every key', () => {
    const healthy = runOf({ a: flat(1), b: flat(1), c: flat(1) });
    const broken = runOf({ a: series(100, (i) => (i >= 50 ? 2 : 1)), b: series(100, (i) => (i >= 20 ? 0 : 1)), c: series(100, (i) => (i >= 20 ? 3 : 1)) });
    const { first, perKey } = firstDeparture(['a', 'c', 'b'], healthy, broken);
    expect(first).toMatchObject({ key: 'c', step: 2100, direction: 'up' });
    expect(perKey.get('b')).toMatchObject({ step: 2100, direction: 'down' });
    expect(perKey.get('a')!.step).toBe(5100);
    expect(firstDeparture(['missing'], healthy, broken).first).toBeNull();
  });

  it('valueAt takes the latest point at or before x', () => {
    const s = series(3, (i) => i * 10);
    expect(valueAt(s, 50)).toBeNaN();
    expect(valueAt(s, 250)).toBe(10);
    expect(valueAt(s, 300)).toBe(20);
  });
});

import fc from 'fast-check';
import { expect, it } from 'vitest';
import { formatDuration, formatInt, formatReturn } from '../../../src/ui/state/format.ts';

it('formats counters, returns and durations for the readouts', () => {
  expect(formatInt(312000)).toBe('312,000');
  expect(formatReturn(187)).toBe('187');
  expect(formatReturn(21.437)).toBe('21.4');
  expect(formatReturn(-0.0183)).toBe('−0.0183');
  expect(formatReturn(-1234.5)).toBe('−1,235');
  expect(formatReturn(3.2e-4)).toBe('3.2e-4');
  expect(formatReturn(NaN)).toBe('NaN');
  expect(formatReturn(-Infinity)).toBe('−∞');
  expect(formatDuration(4.21)).toBe('4.2 s');
  expect(formatDuration(41.4)).toBe('41 s');
  expect(formatDuration(125)).toBe('2 min 05 s');
  expect(formatDuration(3725)).toBe('1 h 02 min');
});

it('writes counters exactly as Intl.NumberFormat en-US with no fraction digits does (without building one at start-up)', () => {
  const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const edges = [0, -0, 0.5, -0.5, 0.49999999999999994, 1.5, 2.5, -2.5, 999.5, 1e21, 2 ** 53 + 2, 2 ** 66, -(2 ** 70), 1.7976931348623157e308, NaN, Infinity, -Infinity];
  for (const v of edges) expect(formatInt(v), String(v)).toBe(intl.format(v));
  fc.assert(
    fc.property(fc.oneof(fc.double(), fc.integer({ min: -1e9, max: 1e9 }).map((i) => i / 2), fc.integer()), (v) => formatInt(v) === intl.format(v)),
    { numRuns: 5000 },
  );
});

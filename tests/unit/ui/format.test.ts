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

// Hostile inputs shared by the fuzz tests: markup and script URLs, prototype keys, control and
// bidi characters, astral unicode, number edge cases and 1 MB values. Seeds are fixed so a failure
// reproduces (fast-check prints the seed and the shrunk counterexample).

import fc from 'fast-check';

export const MB = 1 << 20;

/** Strings an attacker or a broken file would try, short ones first. */
export const HOSTILE_SHORT: readonly string[] = [
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '</style><script>alert(1)</script>',
  '{@html x}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '\u0000',
  '\u202e\u2066evil',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀👩‍👩‍👧',
  '学习率',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x10',
  '1_000',
  ' 1 ',
  '1,',
  ',',
  '64,,64',
  '%E0%A4%A',
  '\n\r\t',
];

/** 1 MB values: plain, numeric, a huge int list, markup repeated. */
export const HOSTILE_HUGE: readonly string[] = ['x'.repeat(MB), '1'.repeat(MB), '64,'.repeat(MB / 3) + '64', '<b>'.repeat(MB / 3)];

/** Any text a field, a flag or a link could carry: random strings of every unit, numbers, hostile and huge. */
export function hostileText(huge = true): fc.Arbitrary<string> {
  const w = (arbitrary: fc.Arbitrary<string>, weight: number) => ({ arbitrary, weight });
  return fc.oneof(
    w(fc.string(), 20),
    w(fc.string({ unit: 'grapheme' }), 20),
    w(fc.string({ unit: 'binary' }), 20),
    w(fc.double().map(String), 20),
    w(fc.integer().map(String), 20),
    w(fc.array(fc.integer({ min: -5, max: 5000 }), { maxLength: 6 }).map((l) => l.join(',')), 20),
    w(fc.constantFrom(...HOSTILE_SHORT), 60),
    // About 1 case in 70: each costs milliseconds, and a hundred or so prove the point.
    ...(huge ? [w(fc.constantFrom(...HOSTILE_HUGE), 3)] : []),
  );
}

/** Messages shown to a person stay short whatever they were given. */
export const MAX_MESSAGE = 400;

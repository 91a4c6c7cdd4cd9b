// Fuzzing the run-file import (issue 15): parseRunFile (src/history/run-file.ts) reads whatever a user
// hands it. Starting from a real exported file, each case breaks it: a value anywhere replaced by a
// hostile one (markup, script URLs, 1 MB strings, NaN-like strings, huge numbers, objects with
// __proto__ / constructor keys, deep nesting), a key deleted or added, the text truncated or a byte
// changed. parseRunFile must never throw and never fail by accident (its catch-all message); it
// either returns a run whose every part is valid or names the problem in a short message.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateRunConfig } from '../../../src/config/resolve.ts';
import { parseRunFile, runToFile } from '../../../src/history/run-file.ts';
import { MAX_NAME_LENGTH, MAX_NOTE_LENGTH } from '../../../src/history/types.ts';
import { sampleRun } from '../history/fixtures.ts';
import { HOSTILE_HUGE, HOSTILE_SHORT } from './hostile.ts';

const FILE = runToFile(sampleRun());
const BASE = JSON.parse(FILE) as unknown;

type Path = (string | number)[];

/** Every path to a value in a JSON tree (the root excluded). */
function paths(v: unknown, at: Path = []): Path[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => [[...at, i], ...paths(x, [...at, i])]);
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => [[...at, k], ...paths(x, [...at, k])]);
  return [];
}
const PATHS = paths(BASE);

const w = (arbitrary: fc.Arbitrary<unknown>, weight: number) => ({ arbitrary, weight });
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  w(fc.constantFrom(...HOSTILE_SHORT), 8),
  w(fc.string(), 4),
  w(fc.double(), 4),
  w(fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53, 0.5, 'NaN', 'Infinity', null, true, false), 6),
  w(fc.constant(JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}')), 2),
  w(fc.constant(JSON.parse('{"toString":1,"valueOf":2,"length":3}')), 2),
  w(fc.constantFrom([], {}), 2),
  w(fc.array(fc.oneof(fc.double(), fc.string(), fc.constant(null)), { maxLength: 5 }), 2),
  // Costly ones (a few ms each), rarely: 1 MB strings, 30,000 entries, 2,000 levels deep.
  w(fc.constantFrom(HOSTILE_HUGE[0], HOSTILE_HUGE[1], Array.from({ length: 30_000 }, (_, i) => i), JSON.parse('['.repeat(2000) + ']'.repeat(2000))), 1),
);

type Mutation = { kind: 'set'; path: Path; value: unknown } | { kind: 'delete'; path: Path } | { kind: 'addKey'; path: Path; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom(...PATHS), value: hostileJson }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...PATHS) }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('addKey' as const),
      path: fc.constantFrom([], ...PATHS.filter((p) => typeof p[p.length - 1] === 'string')),
      key: fc.constantFrom('__proto__', 'constructor', 'prototype', 'extra', '<script>'),
      value: hostileJson,
    }),
    weight: 2,
  },
);

function apply(root: unknown, m: Mutation): unknown {
  const copy = JSON.parse(JSON.stringify(root)) as Record<string | number, unknown>;
  const parentPath = m.kind === 'addKey' ? m.path : m.path.slice(0, -1);
  let parent: unknown = copy;
  for (const k of parentPath) {
    if (typeof parent !== 'object' || parent === null) return copy; // an earlier mutation removed the way there
    parent = (parent as Record<string | number, unknown>)[k];
  }
  if (typeof parent !== 'object' || parent === null) return copy;
  const target = parent as Record<string | number, unknown>;
  // defineProperty: a key named __proto__ becomes an own data property, as JSON.parse makes it.
  const put = (k: string | number, v: unknown) => Object.defineProperty(target, k, { value: v, enumerable: true, writable: true, configurable: true });
  if (m.kind === 'set') put(m.path[m.path.length - 1], m.value);
  else if (m.kind === 'delete') delete target[m.path[m.path.length - 1]];
  else put(m.key, m.value);
  return copy;
}

/** A file text broken at the text level: truncated, or one character changed. */
const textEdit = fc.oneof(
  fc.nat({ max: FILE.length - 1 }).map((n) => FILE.slice(0, n)),
  fc.tuple(fc.nat({ max: FILE.length - 1 }), fc.string({ minLength: 1, maxLength: 3 })).map(([i, s]) => FILE.slice(0, i) + s + FILE.slice(i + 1)),
);

const fileText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => JSON.stringify(ms.reduce(apply, BASE))), weight: 8 },
  { arbitrary: textEdit, weight: 2 },
);

/** Checks what parseRunFile made of `text`; returns whether it was rejected. */
function checkOutcome(text: string): boolean {
  const r = parseRunFile(text);
  if (r.ok) {
    const run = r.run;
    expect(validateRunConfig(run.config)).toEqual([]);
    expect(typeof run.name === 'string' && run.name.length <= MAX_NAME_LENGTH).toBe(true);
    expect(run.notes.expect.length <= MAX_NOTE_LENGTH && run.notes.happened.length <= MAX_NOTE_LENGTH).toBe(true);
    for (const s of run.scalars) for (const c of [s.update, s.wall, s.value]) expect(c.length).toBe(s.step.length);
    expect(Object.getPrototypeOf(run.config.overrides)).toBe(Object.prototype);
  } else {
    expect(typeof r.error).toBe('string');
    // A problem named by the parser, not an exception it caught by accident.
    expect(r.error).not.toMatch(/^The run file could not be read/);
    expect(r.error.length).toBeLessThan(1200);
  }
  expect(Object.keys(Object.prototype)).toEqual([]);
  return !r.ok;
}

describe('run-file import under fuzzing', () => {
  it('the unbroken file reads back (so the mutations start from a valid file)', () => {
    expect(parseRunFile(FILE).ok).toBe(true);
    expect(PATHS.length).toBeGreaterThan(50);
  });

  it('never throws on 10,000 broken files; each is a valid run or a short, named problem', () => {
    let rejected = 0;
    fc.assert(
      fc.property(fileText, (text) => {
        if (checkOutcome(text)) rejected++;
      }),
      { seed: 1505, numRuns: 10_000 },
    );
    expect(rejected).toBeGreaterThan(5_000);
  });

  it('rejects a 1 MB name or note and a file of 1 MB of markup with a message, not a crash', () => {
    for (const path of [['run', 'name'], ['run', 'notes', 'expect'], ['run', 'config', 'preset'], ['run', 'scalars', 0, 'key']] as Path[]) {
      const r = parseRunFile(JSON.stringify(apply(BASE, { kind: 'set', path, value: HOSTILE_HUGE[0] })));
      expect(r.ok, path.join('.')).toBe(false);
      if (!r.ok) expect(r.error.length).toBeLessThan(300);
    }
    for (const text of HOSTILE_HUGE) {
      const r = parseRunFile(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.length).toBeLessThan(1200);
    }
  });
});

// Fuzzing the hyperparameter inputs (issue 15): every field of every agent's schema, fed random,
// malformed and hostile text through the one parser (schema.parseField, behind the URL's set.*, the
// CLI's --set and the panel) and the panel's reading of it (field-input.ts); the seed and budget
// inputs; and sanitizeConfig, which turns a config from a link or a file into one the worker accepts.
// No case may throw; each is either a value the schema accepts or a short message; fallbacks are valid.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bugsOf, BUG_IDS } from '../../../src/bugs/catalog.ts';
import { AGENT_CONFIGS } from '../../../src/config/presets.ts';
import { validateRunConfig } from '../../../src/config/resolve.ts';
import { AGENT_IDS, BACKEND_CHOICES, type RunConfig } from '../../../src/config/run-config.ts';
import { checkValue, parseField, type FieldSchema } from '../../../src/config/schema.ts';
import { ENV_IDS } from '../../../src/envs/registry.ts';
import { sanitizeConfig } from '../../../src/ui/state/config-edit.ts';
import { tIn } from '../../../src/ui/i18n/i18n.svelte.ts';
import { MAX_SEED, parseBudget, parseFieldInput, parseSeed } from '../../../src/ui/state/field-input.ts';
import { HOSTILE_SHORT, hostileText, MAX_MESSAGE } from './hostile.ts';

const FIELDS: readonly FieldSchema[] = Object.values(AGENT_CONFIGS).flatMap((spec) => spec?.fields ?? []);
const field = fc.constantFrom(...FIELDS);
const RUNS = 10_000;

describe('hyperparameter field inputs under fuzzing', () => {
  it(`parseField and parseFieldInput never throw on ${RUNS} inputs; a value passes its schema, an error is short`, () => {
    expect(FIELDS.length).toBeGreaterThan(40);
    fc.assert(
      fc.property(field, hostileText(), (f, text) => {
        for (const parsed of [parseField(f, text), parseFieldInput(f, text)]) {
          if ('value' in parsed) {
            expect(checkValue(f, parsed.value)).toBeNull();
            if (typeof parsed.value === 'string') expect(parsed.value.length).toBeLessThanOrEqual(text.length);
          } else {
            expect(typeof parsed.error).toBe('string');
            expect(parsed.error.length).toBeGreaterThan(5);
            expect(parsed.error.length).toBeLessThan(MAX_MESSAGE);
          }
        }
      }),
      { seed: 1501, numRuns: RUNS },
    );
  });

  it('accepts nothing hostile where a number, a switch or a list is expected, and names the field in the message', () => {
    for (const f of FIELDS) {
      for (const text of HOSTILE_SHORT) {
        const parsed = parseField(f, text);
        if ('value' in parsed) {
          // The few hostile strings that are values once trimmed (" 1 ", "-0", "1,"), never an enum option.
          expect(f.type).not.toBe('enum');
          expect(HOSTILE_SHORT.slice(0, 12)).not.toContain(text);
          continue;
        }
        expect(parsed.error).toContain(`'${f.key}'`);
      }
    }
  });

  it(`the seed and budget inputs never throw on ${RUNS} inputs and only accept what the URL accepts`, () => {
    fc.assert(
      fc.property(hostileText(), (text) => {
        const seed = parseSeed(text);
        if (seed.error === null) expect(Number.isInteger(seed.seed) && seed.seed >= 0 && seed.seed <= MAX_SEED).toBe(true);
        else expect(seed.error.length).toBeLessThan(MAX_MESSAGE);
        const budget = parseBudget(text);
        if (budget.error === null) expect(budget.steps === null || (Number.isSafeInteger(budget.steps) && budget.steps >= 1)).toBe(true);
        else expect(budget.error.length).toBeLessThan(MAX_MESSAGE);
      }),
      { seed: 1502, numRuns: RUNS },
    );
  });
});

describe('sanitizeConfig under fuzzing (a config from a link or an imported file)', () => {
  // Any JSON value an override could carry in a file, including objects that have no toString.
  const jsonValue = fc.oneof(
    hostileText(false),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(JSON.parse('{"toString":1,"valueOf":2}') as unknown),
    fc.array(fc.integer(), { maxLength: 4 }),
  );
  const key = fc.oneof(fc.constantFrom(...FIELDS.map((f) => f.key)), fc.constantFrom('__proto__', 'constructor', 'prototype'), hostileText(false));
  const config: fc.Arbitrary<RunConfig> = fc.record({
    env: fc.oneof(fc.constantFrom(...ENV_IDS), hostileText(false)),
    agent: fc.oneof(fc.constantFrom(...AGENT_IDS), hostileText(false)),
    preset: fc.oneof(fc.constantFrom('playground', 'cleanrl', 'zoo'), hostileText()),
    seed: fc.integer({ min: 0, max: MAX_SEED }),
    backend: fc.constantFrom(...BACKEND_CHOICES),
    // Object.fromEntries makes own "__proto__" keys, as JSON.parse does.
    overrides: fc.array(fc.tuple(key, jsonValue), { maxLength: 6 }).map((pairs) => Object.fromEntries(pairs)),
    bugs: fc.array(fc.oneof(fc.constantFrom(...BUG_IDS), hostileText(false)), { maxLength: 4 }),
    totalSteps: fc.option(fc.integer({ min: 1, max: 1e9 }), { nil: null }),
  }) as fc.Arbitrary<RunConfig>;

  it(`always returns a config the worker accepts, with a short note per fallback (${RUNS} configs)`, () => {
    fc.assert(
      fc.property(config, (input) => {
        const { config: out, notes } = sanitizeConfig(input);
        expect(ENV_IDS).toContain(out.env);
        expect(AGENT_IDS).toContain(out.agent);
        expect(validateRunConfig(out)).toEqual([]);
        for (const b of out.bugs) expect(bugsOf(out.agent)).toContain(b);
        expect(Object.getPrototypeOf(out.overrides)).toBe(Object.prototype);
        for (const n of notes) expect(tIn('en', n.key, n.params).length).toBeLessThan(MAX_MESSAGE);
        // Nothing was written onto the shared prototype.
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      { seed: 1503, numRuns: RUNS },
    );
  });
});

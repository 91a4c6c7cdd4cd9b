// The charts' own linear and log scales and SI counter format against d3's (which they replace in
// the page's first load): the same pixels, inverses, nice domains, ticks and labels, exactly, on
// random domains, ranges and values.
import * as d3 from 'd3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount } from '../../../src/ui/charts/format.ts';
import { scaleLinear, scaleLog, ticks } from '../../../src/ui/charts/numeric-scale.ts';

/** Positive doubles across the magnitudes charts see, 1e-9 … 1e10. */
const positive = fc.integer({ min: -9, max: 9 }).chain((e) => fc.double({ min: 1, max: 10, noNaN: true }).map((m) => m * 10 ** e));
/** Either sign, zero, and whole numbers (step counts). */
const value = fc.oneof(positive, positive.map((v) => -v), fc.constant(0), fc.integer({ min: -1e6, max: 1e7 }));
const pixels = fc.tuple(fc.integer({ min: -50, max: 2000 }), fc.integer({ min: -50, max: 2000 }));
const count = fc.integer({ min: 1, max: 20 });

describe('numeric scales match d3', () => {
  it('ticks: the same values as d3.ticks, in either order', () => {
    fc.assert(
      fc.property(value, value, count, (a, b, n) => {
        expect(ticks(a, b, n)).toEqual(d3.ticks(a, b, n));
      }),
      { numRuns: 2000 },
    );
    expect(ticks(3, 3, 5)).toEqual([3]);
    expect(ticks(0, 1, 0)).toEqual([]);
  });

  it('linear: pixels, inverses, nice domains and ticks', () => {
    fc.assert(
      fc.property(value, value, pixels, count, fc.array(value, { maxLength: 6 }), (a, b, [r0, r1], n, xs) => {
        const ours = scaleLinear().domain([a, b]).range([r0, r1]);
        const theirs = d3.scaleLinear().domain([a, b]).range([r0, r1]);
        for (const x of [a, b, ...xs]) expect(ours(x)).toBe(theirs(x));
        for (const y of [r0, r1, (r0 + r1) / 2]) expect(ours.invert(y)).toBe(theirs.invert(y));
        expect(ours.ticks(n)).toEqual(theirs.ticks(n));
        ours.nice(n);
        theirs.nice(n);
        expect(ours.domain()).toEqual(theirs.domain());
        expect(ours.ticks(n)).toEqual(theirs.ticks(n));
        expect(ours.ticks()).toEqual(theirs.ticks());
        for (const x of xs) expect(ours(x)).toBe(theirs(x));
      }),
      { numRuns: 1000 },
    );
  });

  it('log: pixels, inverses, whole-decade nice domains and ticks', () => {
    fc.assert(
      fc.property(positive, positive, pixels, count, fc.boolean(), (a, b, [r0, r1], n, negative) => {
        const d = negative ? [-a, -b] : [a, b];
        const ours = scaleLog().domain(d).range([r0, r1]);
        const theirs = d3.scaleLog().domain(d).range([r0, r1]);
        for (const x of [...d, (d[0] + d[1]) / 2]) expect(ours(x)).toBe(theirs(x));
        for (const y of [r0, r1, (r0 + r1) / 2]) expect(ours.invert(y)).toBe(theirs.invert(y));
        expect(ours.ticks(n)).toEqual(theirs.ticks(n));
        ours.nice();
        theirs.nice();
        expect(ours.domain()).toEqual(theirs.domain());
        expect(ours.ticks(n)).toEqual(theirs.ticks(n));
      }),
      { numRuns: 1000 },
    );
  });

  it('defaults and copies: domain [0, 1] / [1, 10], range [0, 1], getters return copies', () => {
    const lin = scaleLinear();
    expect(lin.domain()).toEqual([0, 1]);
    expect(lin.range()).toEqual([0, 1]);
    lin.domain().push(5);
    expect(lin.domain()).toEqual([0, 1]);
    expect(scaleLog().domain()).toEqual([1, 10]);
    expect(scaleLog().range([0, 100])(100)).toBe(d3.scaleLog().range([0, 100])(100));
    expect(lin.domain([2, 2]).range([0, 10])(7)).toBe(5); // an empty domain maps to the middle, as d3
    expect(lin(NaN)).toBeNaN();
  });

  it("formatCount: d3-format's .3~s from 1000 up (G as B), either sign", () => {
    const si = d3.format('.3~s');
    const big = fc.integer({ min: 3, max: 30 }).chain((e) => fc.double({ min: 1, max: 10, noNaN: true }).map((m) => m * 10 ** e));
    fc.assert(
      fc.property(fc.oneof(big, big.map((v) => -v), fc.integer({ min: 1000, max: 1e7 })), (v) => {
        expect(formatCount(v)).toBe(si(v).replace('G', 'B'));
      }),
      { numRuns: 3000 },
    );
    for (const v of [1000, 1234, 12_500, 999_499, 999_500, 1e6, 2.5e9, -45_600]) expect(formatCount(v)).toBe(si(v).replace('G', 'B'));
  });
});

// The seeded RNG: bit-exact with numpy's default_rng (values below printed by numpy 2.4.6:
//   g = np.random.default_rng(seed); g.random(), g.uniform(-0.05, 0.05), int(g.integers(n)), …).

import { describe, expect, it } from 'vitest';
import { makeFastRng, makeRng, seedSequenceState, type Rng } from '../../../src/envs/rng.ts';

type Op = 'random' | 'uniform' | 'integers3' | 'integers10' | 'integers1e9';
const NUMPY: Record<number, { ss: number[]; raw: string[]; seq: [Op, number][] }> = {
  0: {
    ss: [2968811710, 3677149159, 745650761, 2884920346],
    raw: ['11749869230777074271', '4976686463289251617'],
    seq: [
      ['random', 0.6369616873214543], ['random', 0.2697867137638703], ['uniform', -0.045902647606380534],
      ['integers3', 0], ['integers10', 0], ['random', 0.8132702392002724], ['integers1e9', 649415754],
      ['integers3', 2], ['random', 0.6066357757671799],
    ],
  },
  42: {
    ss: [3444837047, 2669555309, 2046530742, 3581440988],
    raw: ['14276969152011380360', '8095878257575067585'],
    seq: [
      ['random', 0.7739560485559633], ['random', 0.4388784397520523], ['uniform', 0.03585979199113824],
      ['integers3', 0], ['integers10', 6], ['random', 0.09417734788764953], ['integers1e9', 526478982],
      ['integers3', 2], ['random', 0.761139701990353],
    ],
  },
  // Above 2^32: the seed spans two 32-bit words.
  1099511627779: {
    ss: [2789635316, 1410910647, 811316306, 1804054328],
    raw: ['14271435802380633900', '18370326226487632705'],
    seq: [
      ['random', 0.7736560850714245], ['random', 0.9958573802012665], ['uniform', -0.0026821085396073613],
      ['integers3', 1], ['integers10', 0], ['random', 0.19565188972890957], ['integers1e9', 118839614],
      ['integers3', 1], ['random', 0.6656461911742392],
    ],
  },
};
/** The 10,011th random() of each seed, after the sequence above and 10,000 more random() draws. */
const AFTER_10000: Record<number, number> = { 0: 0.26593742808038556, 42: 0.9793461191526043, 1099511627779: 0.6428790354864105 };

function apply(rng: Rng, op: Op): number {
  switch (op) {
    case 'random':
      return rng.random();
    case 'uniform':
      return rng.uniform(-0.05, 0.05);
    case 'integers3':
      return rng.integers(3);
    case 'integers10':
      return rng.integers(10);
    case 'integers1e9':
      return rng.integers(1000000007);
  }
}

describe('makeRng is numpy default_rng (SeedSequence → PCG64)', () => {
  it.each(Object.keys(NUMPY).map(Number))('seed %i', (seed) => {
    const expected = NUMPY[seed];
    expect(Array.from(seedSequenceState(seed, 4))).toEqual(expected.ss);
    const raw = makeRng(seed);
    expect([raw.nextBigUint64().toString(), raw.nextBigUint64().toString()]).toEqual(expected.raw);
    const rng = makeRng(seed);
    for (const [op, value] of expected.seq) expect(apply(rng, op), op).toBe(value);
    for (let i = 0; i < 10000; i++) rng.random();
    expect(rng.random()).toBe(AFTER_10000[seed]);
  });

  it('rejects seeds numpy rejects', () => {
    expect(() => makeRng(-1)).toThrow(/non-negative/);
    expect(() => makeRng(1.5)).toThrow(/integer/);
    expect(() => makeRng(NaN)).toThrow();
  });
});

describe.each([
  ['makeRng', makeRng],
  ['makeFastRng', makeFastRng],
] as const)('%s', (_name, make) => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = make(5), b = make(5), c = make(6);
    const xa = Array.from({ length: 50 }, () => a.random());
    expect(Array.from({ length: 50 }, () => b.random())).toEqual(xa);
    expect(Array.from({ length: 50 }, () => c.random())).not.toEqual(xa);
  });

  it('draws uniforms in [0, 1) with the right mean and integers in range, each value about equally often', () => {
    const rng = make(123);
    const n = 60000;
    let sum = 0;
    const counts = new Array(6).fill(0);
    for (let i = 0; i < n; i++) {
      const u = rng.random();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      counts[rng.integers(6)]++;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.01);
    for (const k of counts) expect(Math.abs(k / n - 1 / 6)).toBeLessThan(0.01);
    for (let i = 0; i < 1000; i++) {
      const x = rng.uniform(-2, 3);
      expect(x >= -2 && x < 3).toBe(true);
    }
  });

  it('draws standard normals (mean 0, variance 1) and scales them', () => {
    const rng = make(7);
    const n = 40000;
    let s = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03);
    let m = 0;
    for (let i = 0; i < n; i++) m += rng.normal(10, 0.5);
    expect(Math.abs(m / n - 10)).toBeLessThan(0.02);
  });

  it('refuses an empty or non-integer integers() range', () => {
    const rng = make(1);
    expect(() => rng.integers(0)).toThrow(/integers/);
    expect(() => rng.integers(2.5)).toThrow(/integers/);
    expect(rng.integers(1)).toBe(0);
  });
});

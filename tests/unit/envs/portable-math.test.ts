// portable-math.ts: fdlibm's sin and cos for the small angles of CartPole, the same bits in every engine
// (Math.sin / Math.cos differ between Node 20 and Chromium by 1 ulp on some inputs; issue 14).
import { describe, expect, it } from 'vitest';
import { portableCos, portableSin } from '../../../src/envs/portable-math.ts';

/** Inputs where Node 20's Math (fdlibm) and Chromium 156's Math disagree, with fdlibm's results. */
const FDLIBM_SIN: [number, number][] = [
  [0.19430806778499113, 0.193087670144749],
  [0.16428878612807427, 0.16355073509030046],
  [0.028685007599081894, 0.02868107394840871],
];
const FDLIBM_COS: [number, number][] = [
  [-0.19841087859715079, 0.980381049909868],
  [0.1579428433480545, 0.9875529367333571],
  [0.08763004710545379, 0.9961629437694675],
];

function ulpDiff(a: number, b: number): number {
  const buf = new DataView(new ArrayBuffer(16));
  buf.setFloat64(0, a);
  buf.setFloat64(8, b);
  return Number(buf.getBigInt64(0) - buf.getBigInt64(8));
}

describe('portableSin / portableCos', () => {
  it("give fdlibm's bits where engines' Math differs", () => {
    for (const [x, y] of FDLIBM_SIN) expect(portableSin(x)).toBe(y);
    for (const [x, y] of FDLIBM_COS) expect(portableCos(x)).toBe(y);
  });

  it('stay within 1 ulp of Math on small angles, keep signs and zeros, and use Math beyond 0.3', () => {
    for (let i = 0; i <= 20_000; i++) {
      const x = -0.29 + (0.58 * i) / 20_000;
      expect(Math.abs(ulpDiff(portableSin(x), Math.sin(x)))).toBeLessThanOrEqual(1);
      expect(Math.abs(ulpDiff(portableCos(x), Math.cos(x)))).toBeLessThanOrEqual(1);
    }
    expect(Object.is(portableSin(-0), -0)).toBe(true);
    expect(portableCos(0)).toBe(1);
    expect(portableSin(1e-300)).toBe(1e-300);
    for (const x of [0.3, -0.5, 2, 100, NaN, Infinity]) {
      expect(Object.is(portableSin(x), Math.sin(x))).toBe(true);
      expect(Object.is(portableCos(x), Math.cos(x))).toBe(true);
    }
  });
});

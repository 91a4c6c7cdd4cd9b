// sin and cos that give the same bits in every JavaScript engine, for the env physics a seed's run depends on.
//
// Math.sin and Math.cos are implementation-defined: V8 11.3 (Node 20) computes them with fdlibm, the V8 of
// Chromium 156 does not, and the two differ by 1 ulp on ~1.7% of inputs in [−0.5, 0.5] (measured; exp, log
// and tanh differ too). CartPole's θ stays within ±12° before every step, so the same seed's trajectories
// parted between the CLI and the browser worker the first time a step's cos or sin rounded the other way
// (fast preset seed 1: update 69 of 176; seeds 1, 3 and 5 then solved at different steps, issue 14).
// These are fdlibm's __kernel_sin and __kernel_cos (the y = 0 tail, the |x| < 0.3 branch of the cosine),
// which is what fdlibm's sin and cos compute for such arguments: plain IEEE double arithmetic, the same
// everywhere, and bit for bit what Node 20 returns. Larger arguments fall back to Math (not reached by
// CartPole; Acrobot and Pendulum still use Math).

/** fdlibm's "|x| < 0.3" test on the high word (0x3FD33333): the largest argument the short polynomials cover. */
const SMALL = 0.2999999523162842;
/** 2⁻²⁷: below it fdlibm returns sin x = x (keeping −0) and cos x = 1. */
const TINY = 2 ** -27;

const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;

const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.08757232129817482790e-9;
const C6 = -1.13596475577881948265e-11;

/** sin(x), identical in every engine for |x| < 0.3 (fdlibm); Math.sin beyond. */
export function portableSin(x: number): number {
  if (!(Math.abs(x) < SMALL)) return Math.sin(x);
  if (Math.abs(x) < TINY) return x;
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  return x + v * (S1 + z * r);
}

/** cos(x), identical in every engine for |x| < 0.3 (fdlibm); Math.cos beyond. */
export function portableCos(x: number): number {
  if (!(Math.abs(x) < SMALL)) return Math.cos(x);
  if (Math.abs(x) < TINY) return 1;
  const z = x * x;
  const r = z * (C1 + z * (C2 + z * (C3 + z * (C4 + z * (C5 + z * C6)))));
  return 1 - (0.5 * z - z * r);
}

// Seeded random numbers for envs and agents. No Math.random anywhere.
//
// makeRng(seed) is bit-exact with numpy's `np.random.default_rng(seed)` (numpy ≥ 1.17,
// checked against numpy 2.4.6), which is what Gymnasium's `reset(seed=…)` uses
// (gymnasium.utils.seeding.np_random):
//   1. SeedSequence(seed): the seed's 32-bit words are hashed into a 4-word pool
//      (numpy/random/bit_generator.pyx: hashmix, mix, mix_entropy), and
//      generate_state(4, uint64) expands the pool into 4 uint64 words.
//   2. PCG64 (numpy/random/src/pcg64/pcg64.h): 128-bit LCG, state ← state·M + inc (mod 2^128),
//      output XSL-RR: rotr64(hi64 ^ lo64, state >> 122). Seeded by
//      pcg_setseq_128_srandom_r(initstate = w0·2^64 + w1, initseq = w2·2^64 + w3).
//   3. Generator.random() = (next_uint64 >> 11) · 2^-53; uniform(lo, hi) = lo + (hi − lo)·random();
//      integers(n) = Lemire's bounded draw on next_uint32, which uses the two halves of a
//      uint64 (low half first), exactly as random_bounded_uint64_fill does for ranges < 2^32.
// The 128-bit arithmetic runs on eight 16-bit limbs held in doubles (every partial sum stays
// below 2^53, so it is exact), which is ~10× faster than BigInt.
// normal() is NOT numpy-exact (numpy uses a 256-entry ziggurat); it is Marsaglia's polar
// method on this generator's uniforms.
//
// makeFastRng(seed) is xoshiro128** 1.1 (Blackman & Vigna), seeded by splitmix32 from the seed:
// pure 32-bit integer ops, for agents that draw millions of numbers (sampling, shuffling,
// initialisation) and need reproducibility, not numpy compatibility.

export interface Rng {
  /** A uniform double in [0, 1) with 53 random bits. */
  random(): number;
  /** A uniform double in [low, high): low + (high − low)·random(), as numpy computes it. */
  uniform(low: number, high: number): number;
  /** A uniform integer in {0, …, n − 1}; n a positive integer ≤ 2^32. */
  integers(n: number): number;
  /** A standard normal draw (mean 0, std 1), scaled: mean + std·z. */
  normal(mean?: number, std?: number): number;
  /** 32 random bits as an unsigned integer. */
  nextUint32(): number;
}

const TWO_POW_M53 = 1 / 9007199254740992;
const TWO_POW_32 = 4294967296;

function checkSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new Error(`RNG seed must be a non-negative safe integer (as numpy's SeedSequence requires); got ${seed}`);
  }
}

function checkBound(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
    throw new Error(`integers(n) needs an integer n in [1, 2^32]; got ${n}`);
  }
}

// ---------------------------------------------------------------------------
// SeedSequence (numpy/random/bit_generator.pyx), 32-bit unsigned arithmetic.

const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const POOL_SIZE = 4;

/** numpy's _int_to_uint32_array: little-endian 32-bit words, [0] for 0. */
function seedWords(seed: number): number[] {
  if (seed === 0) return [0];
  const words: number[] = [];
  let n = seed;
  while (n > 0) {
    words.push(n % TWO_POW_32);
    n = Math.floor(n / TWO_POW_32);
  }
  return words;
}

/** SeedSequence(seed).generate_state(nWords, uint32). */
export function seedSequenceState(seed: number, nWords: number): Uint32Array {
  checkSeed(seed);
  const entropy = seedWords(seed);
  let hashConst = INIT_A;
  const hashmix = (value: number): number => {
    let v = (value ^ hashConst) >>> 0;
    hashConst = Math.imul(hashConst, MULT_A) >>> 0;
    v = Math.imul(v, hashConst) >>> 0;
    return (v ^ (v >>> 16)) >>> 0;
  };
  const mix = (x: number, y: number): number => {
    const r = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
    return (r ^ (r >>> 16)) >>> 0;
  };
  const pool = new Uint32Array(POOL_SIZE);
  for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(i < entropy.length ? entropy[i] : 0);
  for (let src = 0; src < POOL_SIZE; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) {
      if (src !== dst) pool[dst] = mix(pool[dst], hashmix(pool[src]));
    }
  }
  for (let src = POOL_SIZE; src < entropy.length; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst], hashmix(entropy[src]));
  }
  const out = new Uint32Array(nWords);
  let h = INIT_B;
  for (let i = 0; i < nWords; i++) {
    let v = (pool[i % POOL_SIZE] ^ h) >>> 0;
    h = Math.imul(h, MULT_B) >>> 0;
    v = Math.imul(v, h) >>> 0;
    out[i] = (v ^ (v >>> 16)) >>> 0;
  }
  return out;
}

// ---------------------------------------------------------------------------
// PCG64 on 16-bit limbs: l0 is the least significant.

/** PCG_DEFAULT_MULTIPLIER_128 = 0x2360ED051FC65DA4_4385DF649FCCF645, as 16-bit limbs. */
const INV_65536 = 1 / 65536;
const M0 = 0xf645, M1 = 0x9fcc, M2 = 0xdf64, M3 = 0x4385, M4 = 0x5da4, M5 = 0x1fc6, M6 = 0xed05, M7 = 0x2360;

export class Pcg64 implements Rng {
  private s0 = 0; private s1 = 0; private s2 = 0; private s3 = 0;
  private s4 = 0; private s5 = 0; private s6 = 0; private s7 = 0;
  private i0 = 0; private i1 = 0; private i2 = 0; private i3 = 0;
  private i4 = 0; private i5 = 0; private i6 = 0; private i7 = 0;
  /** Output of the last step, as two 32-bit halves. */
  private outHi = 0;
  private outLo = 0;
  /** numpy's has_uint32 / uinteger: the unused high half of a uint64 kept for the next next_uint32. */
  private hasUint32 = false;
  private uinteger = 0;
  private readonly polar = new PolarNormal();

  constructor(seed: number) {
    // generate_state(4, uint64) is generate_state(8, uint32) viewed as uint64 (little-endian):
    // uint64 word k = w[2k] + w[2k+1]·2^32.
    const w = seedSequenceState(seed, 8);
    // initstate = seed[0]·2^64 + seed[1]; initseq = seed[2]·2^64 + seed[3] (uint64 words).
    const initstate = [w[1], w[0], w[3], w[2]]; // 32-bit words, most significant first
    const initseq = [w[5], w[4], w[7], w[6]];
    // inc = (initseq << 1) | 1
    const inc32 = [
      ((initseq[0] << 1) | (initseq[1] >>> 31)) >>> 0,
      ((initseq[1] << 1) | (initseq[2] >>> 31)) >>> 0,
      ((initseq[2] << 1) | (initseq[3] >>> 31)) >>> 0,
      ((initseq[3] << 1) | 1) >>> 0,
    ];
    this.i7 = inc32[0] >>> 16; this.i6 = inc32[0] & 0xffff;
    this.i5 = inc32[1] >>> 16; this.i4 = inc32[1] & 0xffff;
    this.i3 = inc32[2] >>> 16; this.i2 = inc32[2] & 0xffff;
    this.i1 = inc32[3] >>> 16; this.i0 = inc32[3] & 0xffff;
    // state = 0; step; state += initstate; step
    this.step();
    this.addToState(initstate);
    this.step();
  }

  private addToState(words: number[]): void {
    const add = [
      words[3] & 0xffff, words[3] >>> 16, words[2] & 0xffff, words[2] >>> 16,
      words[1] & 0xffff, words[1] >>> 16, words[0] & 0xffff, words[0] >>> 16,
    ];
    const s = [this.s0, this.s1, this.s2, this.s3, this.s4, this.s5, this.s6, this.s7];
    let carry = 0;
    for (let k = 0; k < 8; k++) {
      const v = s[k] + add[k] + carry;
      s[k] = v & 0xffff;
      carry = v >>> 16;
    }
    [this.s0, this.s1, this.s2, this.s3, this.s4, this.s5, this.s6, this.s7] = s;
  }

  /** state ← state·M + inc (mod 2^128); then XSL-RR output into outHi/outLo. */
  private step(): void {
    const a0 = this.s0, a1 = this.s1, a2 = this.s2, a3 = this.s3;
    const a4 = this.s4, a5 = this.s5, a6 = this.s6, a7 = this.s7;
    // Column sums of the 16×16-bit partial products (each < 2^32, ≤ 8 per column) plus inc;
    // sums stay below 2^53 and `& 0xffff` (ToInt32 is exact modulo 2^32) takes the low limb.
    let c = a0 * M0 + this.i0;
    const r0 = c & 0xffff; c = (c - r0) * INV_65536;
    c += a0 * M1 + a1 * M0 + this.i1;
    const r1 = c & 0xffff; c = (c - r1) * INV_65536;
    c += a0 * M2 + a1 * M1 + a2 * M0 + this.i2;
    const r2 = c & 0xffff; c = (c - r2) * INV_65536;
    c += a0 * M3 + a1 * M2 + a2 * M1 + a3 * M0 + this.i3;
    const r3 = c & 0xffff; c = (c - r3) * INV_65536;
    c += a0 * M4 + a1 * M3 + a2 * M2 + a3 * M1 + a4 * M0 + this.i4;
    const r4 = c & 0xffff; c = (c - r4) * INV_65536;
    c += a0 * M5 + a1 * M4 + a2 * M3 + a3 * M2 + a4 * M1 + a5 * M0 + this.i5;
    const r5 = c & 0xffff; c = (c - r5) * INV_65536;
    c += a0 * M6 + a1 * M5 + a2 * M4 + a3 * M3 + a4 * M2 + a5 * M1 + a6 * M0 + this.i6;
    const r6 = c & 0xffff; c = (c - r6) * INV_65536;
    c += a0 * M7 + a1 * M6 + a2 * M5 + a3 * M4 + a4 * M3 + a5 * M2 + a6 * M1 + a7 * M0 + this.i7;
    const r7 = c & 0xffff;
    this.s0 = r0; this.s1 = r1; this.s2 = r2; this.s3 = r3;
    this.s4 = r4; this.s5 = r5; this.s6 = r6; this.s7 = r7;
    // XSL-RR: x = hi64 ^ lo64, rotated right by the top 6 bits of the state.
    const xHi = ((r7 << 16) | r6) ^ ((r3 << 16) | r2);
    const xLo = ((r5 << 16) | r4) ^ ((r1 << 16) | r0);
    const rot = r7 >>> 10;
    if (rot === 0) {
      this.outHi = xHi >>> 0;
      this.outLo = xLo >>> 0;
    } else if (rot < 32) {
      this.outHi = ((xHi >>> rot) | (xLo << (32 - rot))) >>> 0;
      this.outLo = ((xLo >>> rot) | (xHi << (32 - rot))) >>> 0;
    } else if (rot === 32) {
      this.outHi = xLo >>> 0;
      this.outLo = xHi >>> 0;
    } else {
      const r = rot - 32;
      this.outHi = ((xLo >>> r) | (xHi << (32 - r))) >>> 0;
      this.outLo = ((xHi >>> r) | (xLo << (32 - r))) >>> 0;
    }
  }

  /** next_uint64 as [high 32 bits, low 32 bits]. */
  nextUint64(): [number, number] {
    this.step();
    return [this.outHi, this.outLo];
  }

  /** next_uint64 as a BigInt (tests and debugging; slow). */
  nextBigUint64(): bigint {
    this.step();
    return (BigInt(this.outHi) << 32n) | BigInt(this.outLo);
  }

  random(): number {
    this.step();
    // (x >> 11) · 2^-53 with x = outHi·2^32 + outLo
    return (this.outHi * 2097152 + (this.outLo >>> 11)) * TWO_POW_M53;
  }

  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  nextUint32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    this.step();
    this.hasUint32 = true;
    this.uinteger = this.outHi;
    return this.outLo;
  }

  integers(n: number): number {
    return lemireBounded(this, n);
  }

  normal(mean = 0, std = 1): number {
    return mean + std * this.polar.draw(this);
  }
}

/** numpy's bounded Lemire draw on 32-bit outputs for the range {0, …, n−1}. */
function lemireBounded(rng: Rng, n: number): number {
  checkBound(n);
  if (n === 1) return 0; // rng == 0: numpy draws nothing
  if (n === TWO_POW_32) return rng.nextUint32();
  // m = next_uint32 · n as a 64-bit product; the result is m >> 32, leftover m & 0xffffffff.
  let x = rng.nextUint32();
  let leftover = mulLow32(x, n);
  if (leftover < n) {
    const threshold = (TWO_POW_32 - n) % n;
    while (leftover < threshold) {
      x = rng.nextUint32();
      leftover = mulLow32(x, n);
    }
  }
  return mulHigh32(x, n);
}

function mulLow32(a: number, b: number): number {
  return Math.imul(a, b) >>> 0;
}

function mulHigh32(a: number, b: number): number {
  // (a·b) >> 32 exactly, from 16-bit halves of a.
  const aHi = a >>> 16, aLo = a & 0xffff;
  const lo = aLo * b; // < 2^48
  const hi = aHi * b; // < 2^48
  return Math.floor((hi + Math.floor(lo / 65536)) / 65536);
}

/** Marsaglia's polar method on a generator's random(); caches the second draw of each pair. */
class PolarNormal {
  private spare = NaN;

  draw(rng: Rng): number {
    const spare = this.spare;
    if (spare === spare) {
      // not NaN
      this.spare = NaN;
      return spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * rng.random() - 1;
      v = 2 * rng.random() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }
}

/** numpy's `np.random.default_rng(seed)`: SeedSequence → PCG64, bit-exact for random/uniform/integers. */
export function makeRng(seed: number): Pcg64 {
  return new Pcg64(seed);
}

// ---------------------------------------------------------------------------
// xoshiro128** 1.1, seeded with splitmix32.

export class Xoshiro128 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private readonly polar = new PolarNormal();

  constructor(seed: number) {
    checkSeed(seed);
    // splitmix32 over the seed's low and high words so that seeds above 2^32 differ too.
    let x = (seed >>> 0) ^ Math.imul(Math.floor(seed / TWO_POW_32) >>> 0, 0x85ebca6b);
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }

  nextUint32(): number {
    const b = this.b;
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    this.c ^= this.a;
    this.d ^= b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r;
  }

  random(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * TWO_POW_M53;
  }

  uniform(low: number, high: number): number {
    return low + (high - low) * this.random();
  }

  integers(n: number): number {
    return lemireBounded(this, n);
  }

  normal(mean = 0, std = 1): number {
    return mean + std * this.polar.draw(this);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A fast seeded generator (xoshiro128**) with the same interface, not numpy-compatible. */
export function makeFastRng(seed: number): Xoshiro128 {
  return new Xoshiro128(seed);
}

// AssemblyScript source of the `js` compute path's kernels (src/agents/js-mlp.ts): dense layer forward with
// bias and activation, its weight and input gradients, Adam, and a sum of squares, in wasm SIMD (f32x4) over
// float32 buffers in this module's memory. Pointers are byte offsets; every matrix is row-major, a layer's
// W is [in × out] (the tfjs variable's layout). Regenerate the embedded bytes (src/agents/mlp-kernel-wasm.ts)
// with `node scripts/build-kernel.mjs` after editing this file; nothing compiles it at install or test time.

/** out[r][j] = act(b[j] + Σ_i x[r][i]·w[i][j]) for `rows` rows; act 0 identity, 1 tanh, 2 ReLU. */
export function dense(x: usize, rows: i32, nIn: i32, nOut: i32, w: usize, b: usize, out: usize, act: i32): void {
  matmul(x, rows, nIn, nOut, w, b, out);
  activate(out, <usize>rows * <usize>nOut, act);
}

/** Bias b[j] (b = 0: none) as a vector of columns j … j + 3. */
// @ts-ignore: decorator
@inline function biasAt(b: usize, j: usize): v128 {
  return b == 0 ? f32x4.splat(0) : v128.load(b + j);
}

/** out[r][j] = b[j] + Σ_i x[r][i]·w[i][j] (b = 0: no bias). */
function matmul(x: usize, rows: i32, nIn: i32, nOut: i32, w: usize, b: usize, out: usize): void {
  const xs = (<usize>nIn) << 2;
  const os = (<usize>nOut) << 2;
  if ((nOut & 3) == 0) {
    let r = 0;
    // Four rows share each load of W; eight output columns (two vectors) per pass.
    for (; r + 4 <= rows; r += 4) {
      const x0 = x + <usize>r * xs;
      const o0 = out + <usize>r * os;
      let j: usize = 0;
      for (; j + 32 <= os; j += 32) {
        const b0 = biasAt(b, j);
        const b1 = biasAt(b, j + 16);
        let a00 = b0, a01 = b1, a10 = b0, a11 = b1, a20 = b0, a21 = b1, a30 = b0, a31 = b1;
        let wp = w + j;
        let xp = x0;
        for (let i = 0; i < nIn; i++) {
          const w0 = v128.load(wp);
          const w1 = v128.load(wp, 16);
          const s0 = v128.load32_splat(xp);
          const s1 = v128.load32_splat(xp + xs);
          const s2 = v128.load32_splat(xp + 2 * xs);
          const s3 = v128.load32_splat(xp + 3 * xs);
          a00 = f32x4.add(a00, f32x4.mul(s0, w0));
          a01 = f32x4.add(a01, f32x4.mul(s0, w1));
          a10 = f32x4.add(a10, f32x4.mul(s1, w0));
          a11 = f32x4.add(a11, f32x4.mul(s1, w1));
          a20 = f32x4.add(a20, f32x4.mul(s2, w0));
          a21 = f32x4.add(a21, f32x4.mul(s2, w1));
          a30 = f32x4.add(a30, f32x4.mul(s3, w0));
          a31 = f32x4.add(a31, f32x4.mul(s3, w1));
          wp += os;
          xp += 4;
        }
        v128.store(o0 + j, a00);
        v128.store(o0 + j, a01, 16);
        v128.store(o0 + os + j, a10);
        v128.store(o0 + os + j, a11, 16);
        v128.store(o0 + 2 * os + j, a20);
        v128.store(o0 + 2 * os + j, a21, 16);
        v128.store(o0 + 3 * os + j, a30);
        v128.store(o0 + 3 * os + j, a31, 16);
      }
      for (; j < os; j += 16) {
        const bj = biasAt(b, j);
        let a0 = bj, a1 = bj, a2 = bj, a3 = bj;
        let wp = w + j;
        let xp = x0;
        for (let i = 0; i < nIn; i++) {
          const wv = v128.load(wp);
          a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(xp), wv));
          a1 = f32x4.add(a1, f32x4.mul(v128.load32_splat(xp + xs), wv));
          a2 = f32x4.add(a2, f32x4.mul(v128.load32_splat(xp + 2 * xs), wv));
          a3 = f32x4.add(a3, f32x4.mul(v128.load32_splat(xp + 3 * xs), wv));
          wp += os;
          xp += 4;
        }
        v128.store(o0 + j, a0);
        v128.store(o0 + os + j, a1);
        v128.store(o0 + 2 * os + j, a2);
        v128.store(o0 + 3 * os + j, a3);
      }
    }
    for (; r < rows; r++) {
      const x0 = x + <usize>r * xs;
      const o0 = out + <usize>r * os;
      for (let j: usize = 0; j < os; j += 16) {
        let a = biasAt(b, j);
        let wp = w + j;
        let xp = x0;
        for (let i = 0; i < nIn; i++) {
          a = f32x4.add(a, f32x4.mul(v128.load32_splat(xp), v128.load(wp)));
          wp += os;
          xp += 4;
        }
        v128.store(o0 + j, a);
      }
    }
  } else {
    // Narrow heads (1 or 2 outputs): scalar.
    for (let r = 0; r < rows; r++) {
      const x0 = x + <usize>r * xs;
      const o0 = out + <usize>r * os;
      for (let j = 0; j < nOut; j++) {
        let s: f32 = b == 0 ? 0 : load<f32>(b + (<usize>j << 2));
        let wp = w + (<usize>j << 2);
        for (let i = 0; i < nIn; i++) {
          s += load<f32>(x0 + (<usize>i << 2)) * load<f32>(wp);
          wp += os;
        }
        store<f32>(o0 + (<usize>j << 2), s);
      }
    }
  }
}

/** act(out[k]) in place for k < n: 1 tanh, 2 ReLU, 0 nothing. */
function activate(out: usize, n: usize, act: i32): void {
  if (act == 1) {
    let k: usize = 0;
    for (; k + 4 <= n; k += 4) {
      const p = out + (k << 2);
      v128.store(p, tanh4(v128.load(p)));
    }
    for (; k < n; k++) {
      const p = out + (k << 2);
      store<f32>(p, f32x4.extract_lane(tanh4(f32x4.splat(load<f32>(p))), 0));
    }
  } else if (act == 2) {
    const zero = f32x4.splat(0);
    let k: usize = 0;
    for (; k + 4 <= n; k += 4) {
      const p = out + (k << 2);
      v128.store(p, f32x4.max(v128.load(p), zero));
    }
    for (; k < n; k++) {
      const p = out + (k << 2);
      const v = load<f32>(p);
      store<f32>(p, v > 0 ? v : 0);
    }
  }
}

/**
 * tanh of four floats: Eigen's rational approximation (generic_fast_tanh_float, as in TensorFlow's CPU
 * kernels): odd degree-13 over even degree-6 polynomial on x clamped to ±7.905, x itself below 4e-4. Within
 * 4e-7 of float32 tanh over [−12, 12] (checked against Math.tanh in tests/unit/agents/js-mlp.test.ts).
 */
function tanh4(x: v128): v128 {
  const c = f32x4.splat(7.90531110763549805);
  const xc = f32x4.min(f32x4.max(x, f32x4.neg(c)), c);
  const x2 = f32x4.mul(xc, xc);
  let p = f32x4.add(f32x4.mul(x2, f32x4.splat(-2.76076847742355e-16)), f32x4.splat(2.00018790482477e-13));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(-8.60467152213735e-11));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(5.12229709037114e-8));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(1.48572235717979e-5));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(6.37261928875436e-4));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(4.89352455891786e-3));
  p = f32x4.mul(xc, p);
  let q = f32x4.add(f32x4.mul(x2, f32x4.splat(1.19825839466702e-6)), f32x4.splat(1.18534705686654e-4));
  q = f32x4.add(f32x4.mul(x2, q), f32x4.splat(2.268434632439e-3));
  q = f32x4.add(f32x4.mul(x2, q), f32x4.splat(4.89352518554385e-3));
  const tiny = f32x4.lt(f32x4.abs(x), f32x4.splat(0.0004));
  return v128.bitselect(x, f32x4.div(p, q), tiny);
}

/** tanh of each of n floats at p, in place (the kernel's own approximation, for tests and callers that need it alone). */
export function tanhInPlace(p: usize, n: i32): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) v128.store(p + (<usize>k << 2), tanh4(v128.load(p + (<usize>k << 2))));
  for (; k < n; k++) {
    const a = p + (<usize>k << 2);
    store<f32>(a, f32x4.extract_lane(tanh4(f32x4.splat(load<f32>(a))), 0));
  }
}

/** dW[i][j] = Σ_r h[r][i]·dz[r][j] and db[j] = Σ_r dz[r][j] (overwritten). */
export function weightGrad(h: usize, dz: usize, rows: i32, nIn: i32, nOut: i32, dW: usize, db: usize): void {
  const hs = (<usize>nIn) << 2;
  const os = (<usize>nOut) << 2;
  if ((nOut & 3) == 0) {
    let i = 0;
    // Four inputs share each load of dz (one vector load of h's four, spread by shuffles); eight columns per pass.
    for (; i + 4 <= nIn; i += 4) {
      let j: usize = 0;
      for (; j + 32 <= os; j += 32) {
        let a00 = f32x4.splat(0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        let hp = h + (<usize>i << 2);
        let zp = dz + j;
        for (let r = 0; r < rows; r++) {
          const z0 = v128.load(zp);
          const z1 = v128.load(zp, 16);
          const hv = v128.load(hp);
          const s0 = i32x4.shuffle(hv, hv, 0, 0, 0, 0);
          const s1 = i32x4.shuffle(hv, hv, 1, 1, 1, 1);
          const s2 = i32x4.shuffle(hv, hv, 2, 2, 2, 2);
          const s3 = i32x4.shuffle(hv, hv, 3, 3, 3, 3);
          a00 = f32x4.add(a00, f32x4.mul(s0, z0));
          a01 = f32x4.add(a01, f32x4.mul(s0, z1));
          a10 = f32x4.add(a10, f32x4.mul(s1, z0));
          a11 = f32x4.add(a11, f32x4.mul(s1, z1));
          a20 = f32x4.add(a20, f32x4.mul(s2, z0));
          a21 = f32x4.add(a21, f32x4.mul(s2, z1));
          a30 = f32x4.add(a30, f32x4.mul(s3, z0));
          a31 = f32x4.add(a31, f32x4.mul(s3, z1));
          hp += hs;
          zp += os;
        }
        const d = dW + <usize>i * os + j;
        v128.store(d, a00);
        v128.store(d, a01, 16);
        v128.store(d + os, a10);
        v128.store(d + os, a11, 16);
        v128.store(d + 2 * os, a20);
        v128.store(d + 2 * os, a21, 16);
        v128.store(d + 3 * os, a30);
        v128.store(d + 3 * os, a31, 16);
      }
      for (; j < os; j += 16) {
        let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
        let hp = h + (<usize>i << 2);
        let zp = dz + j;
        for (let r = 0; r < rows; r++) {
          const zv = v128.load(zp);
          a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(hp), zv));
          a1 = f32x4.add(a1, f32x4.mul(v128.load32_splat(hp, 4), zv));
          a2 = f32x4.add(a2, f32x4.mul(v128.load32_splat(hp, 8), zv));
          a3 = f32x4.add(a3, f32x4.mul(v128.load32_splat(hp, 12), zv));
          hp += hs;
          zp += os;
        }
        const d = dW + <usize>i * os + j;
        v128.store(d, a0);
        v128.store(d + os, a1);
        v128.store(d + 2 * os, a2);
        v128.store(d + 3 * os, a3);
      }
    }
    for (; i < nIn; i++) {
      for (let j: usize = 0; j < os; j += 16) {
        let a = f32x4.splat(0);
        let hp = h + (<usize>i << 2);
        let zp = dz + j;
        for (let r = 0; r < rows; r++) {
          a = f32x4.add(a, f32x4.mul(v128.load32_splat(hp), v128.load(zp)));
          hp += hs;
          zp += os;
        }
        v128.store(dW + <usize>i * os + j, a);
      }
    }
    for (let j: usize = 0; j < os; j += 16) {
      let a = f32x4.splat(0);
      let zp = dz + j;
      for (let r = 0; r < rows; r++) {
        a = f32x4.add(a, v128.load(zp));
        zp += os;
      }
      v128.store(db + j, a);
    }
  } else {
    for (let i = 0; i < nIn; i++)
      for (let j = 0; j < nOut; j++) {
        let s: f32 = 0;
        for (let r = 0; r < rows; r++) s += load<f32>(h + <usize>r * hs + (<usize>i << 2)) * load<f32>(dz + <usize>r * os + (<usize>j << 2));
        store<f32>(dW + <usize>i * os + (<usize>j << 2), s);
      }
    for (let j = 0; j < nOut; j++) {
      let s: f32 = 0;
      for (let r = 0; r < rows; r++) s += load<f32>(dz + <usize>r * os + (<usize>j << 2));
      store<f32>(db + (<usize>j << 2), s);
    }
  }
}

/**
 * dh[r][i] = (Σ_j dz[r][j]·w[i][j]) · act'(h[r][i]), h the layer's input (the previous layer's activated
 * output): tanh 1 − h², ReLU 1 where h > 0, act 0 none. dz·wᵀ is matmul over wT, w transposed ([out × in])
 * into that scratch first, so the inner loop runs along contiguous columns like the forward pass.
 */
export function inputGrad(dz: usize, rows: i32, nIn: i32, nOut: i32, w: usize, wT: usize, dh: usize, h: usize, act: i32): void {
  for (let i = 0; i < nIn; i++)
    for (let j = 0; j < nOut; j++) store<f32>(wT + ((<usize>j * <usize>nIn + <usize>i) << 2), load<f32>(w + ((<usize>i * <usize>nOut + <usize>j) << 2)));
  matmul(dz, rows, nOut, nIn, wT, 0, dh);
  const n = <usize>rows * <usize>nIn;
  let k: usize = 0;
  if (act == 1) {
    const one = f32x4.splat(1);
    for (; k + 4 <= n; k += 4) {
      const hv = v128.load(h + (k << 2));
      const p = dh + (k << 2);
      v128.store(p, f32x4.mul(v128.load(p), f32x4.sub(one, f32x4.mul(hv, hv))));
    }
    for (; k < n; k++) {
      const hv = load<f32>(h + (k << 2));
      const p = dh + (k << 2);
      store<f32>(p, load<f32>(p) * (1 - hv * hv));
    }
  } else if (act == 2) {
    const zero = f32x4.splat(0);
    for (; k + 4 <= n; k += 4) {
      const p = dh + (k << 2);
      v128.store(p, v128.and(v128.load(p), f32x4.gt(v128.load(h + (k << 2)), zero)));
    }
    for (; k < n; k++) {
      const p = dh + (k << 2);
      if (!(load<f32>(h + (k << 2)) > 0)) store<f32>(p, 0);
    }
  }
}

/** Σ g[k]² over n floats, accumulated in float64. */
export function sumSquares(g: usize, n: i32): f64 {
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const v = v128.load(g + (<usize>k << 2));
    const a = f64x2.promote_low_f32x4(v);
    const b = f64x2.promote_low_f32x4(v8x16_hi(v));
    lo = f64x2.add(lo, f64x2.mul(a, a));
    hi = f64x2.add(hi, f64x2.mul(b, b));
  }
  let s = f64x2.extract_lane(lo, 0) + f64x2.extract_lane(lo, 1) + f64x2.extract_lane(hi, 0) + f64x2.extract_lane(hi, 1);
  for (; k < n; k++) {
    const x = <f64>load<f32>(g + (<usize>k << 2));
    s += x * x;
  }
  return s;
}

// @ts-ignore: decorator
@inline function v8x16_hi(v: v128): v128 {
  return i32x4.shuffle(v, v, 2, 3, 0, 1);
}

/**
 * torch.optim.Adam on n parameters with the gradient scaled by `scale` (clip_grad_norm_): m ← β1·m + (1 − β1)·g;
 * v ← β2·v + (1 − β2)·g²; p ← p − stepSize·m / (√v·invSqrtBc2 + ε), stepSize = lr/(1 − β1ᵗ); m and v
 * below 1e-30 in magnitude are stored as 0 (no denormals).
 */
export function adam(p: usize, g: usize, m: usize, v: usize, n: i32, scale: f32, beta1: f32, beta2: f32, stepSize: f32, invSqrtBc2: f32, eps: f32): void {
  const sc = f32x4.splat(scale);
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(1 - beta1);
  const b2 = f32x4.splat(beta2);
  const c2 = f32x4.splat(1 - beta2);
  const st = f32x4.splat(stepSize);
  const ib = f32x4.splat(invSqrtBc2);
  const ep = f32x4.splat(eps);
  const tiny = f32x4.splat(1e-30);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const o = <usize>k << 2;
    const gv = f32x4.mul(v128.load(g + o), sc);
    const mv0 = f32x4.add(f32x4.mul(b1, v128.load(m + o)), f32x4.mul(c1, gv));
    const vv0 = f32x4.add(f32x4.mul(b2, v128.load(v + o)), f32x4.mul(f32x4.mul(c2, gv), gv));
    // Moments below 1e-30 flush to 0: a dead unit's m and v decay geometrically into float32's denormal
    // range, where this loop ran 10–30× slower (wasm has no flush-to-zero mode). A step moves a parameter
    // by stepSize·m/(√v + ε): below 1e-30, with ε ≥ 1e-8, that is under float32's resolution of any |p| > 1e-15.
    const mv = v128.and(mv0, f32x4.ge(f32x4.abs(mv0), tiny));
    const vv = v128.and(vv0, f32x4.ge(vv0, tiny));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const den = f32x4.add(f32x4.mul(f32x4.sqrt(vv), ib), ep);
    v128.store(p + o, f32x4.sub(v128.load(p + o), f32x4.div(f32x4.mul(st, mv), den)));
  }
  for (; k < n; k++) {
    const o = <usize>k << 2;
    const gk = load<f32>(g + o) * scale;
    let mk = beta1 * load<f32>(m + o) + (1 - beta1) * gk;
    let vk = beta2 * load<f32>(v + o) + (1 - beta2) * gk * gk;
    if (Mathf.abs(mk) < 1e-30) mk = 0;
    if (vk < 1e-30) vk = 0;
    store<f32>(m + o, mk);
    store<f32>(v + o, vk);
    store<f32>(p + o, load<f32>(p + o) - (stepSize * mk) / (Mathf.sqrt(vk) * invSqrtBc2 + eps));
  }
}

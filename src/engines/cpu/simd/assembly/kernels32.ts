// AssemblyScript, not TypeScript: the float32 variants of kernels.ts (dense 2×2 gates and Pauli rotations, forward and
// adjoint) on f32 re/im arrays, four amplitudes per f32x4. Same semantics and argument order as kernels.ts; the JS
// kernels (../../kernels/*.ts, run on Float32Array) are the reference they are tested against. A 2×2 gate on one of
// the two lowest index bits mixes lanes of one vector: pairs (0,2),(1,3) for stride 2 and (0,1),(2,3) for stride 1,
// done as A⊙v + B⊙swap(v). Sums for gradients are kept in f32x4 for at most 64 iterations and then added into f64
// accumulators, so their rounding does not grow with the state.

const FLUSH = 63;

@inline function hsum(v: v128): f64 {
  return <f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1) + <f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3);
}

// (lane 0 + lane 2) or (lane 1 + lane 3), and (0 + 1) or (2 + 3), in f64
@inline function lanes02(v: v128): f64 { return <f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 2); }
@inline function lanes13(v: v128): f64 { return <f64>f32x4.extract_lane(v, 1) + <f64>f32x4.extract_lane(v, 3); }
@inline function lanes01(v: v128): f64 { return <f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1); }
@inline function lanes23(v: v128): f64 { return <f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3); }

@inline function swapPairs(v: v128, stride: i32): v128 {
  return stride == 1 ? v128.shuffle<f32>(v, v, 1, 0, 3, 2) : v128.shuffle<f32>(v, v, 2, 3, 0, 1);
}

// lane pattern (first member's value, second member's value) for the in-vector cases
@inline function pattern(first: f32, second: f32, stride: i32): v128 {
  return stride == 1 ? f32x4(first, second, first, second) : f32x4(first, first, second, second);
}

// ψ ← Uψ on `target` where the `controls` bits are all set. U = [[a, b], [c, d]].
export function mat2f(target: i32, controls: i32, nQubits: i32, reP: usize, imP: usize,
  ar: f32, ai: f32, br: f32, bi: f32, cr: f32, ci: f32, dr: f32, di: f32): void {
  const stride = 1 << (nQubits - 1 - target), dim = 1 << nQubits;
  if (controls == 0 && stride >= 4) {
    const Ar = f32x4.splat(ar), Ai = f32x4.splat(ai), Br = f32x4.splat(br), Bi = f32x4.splat(bi);
    const Cr = f32x4.splat(cr), Ci = f32x4.splat(ci), Dr = f32x4.splat(dr), Di = f32x4.splat(di);
    const sb = <usize>stride << 2;
    for (let base = 0; base < dim; base += 2 * stride) {
      const end = <usize>(base + stride) << 2;
      for (let o = <usize>base << 2; o < end; o += 16) {
        const xr = v128.load(reP + o), xi = v128.load(imP + o), yr = v128.load(reP + o + sb), yi = v128.load(imP + o + sb);
        v128.store(reP + o, f32x4.sub(f32x4.add(f32x4.mul(Ar, xr), f32x4.mul(Br, yr)), f32x4.add(f32x4.mul(Ai, xi), f32x4.mul(Bi, yi))));
        v128.store(imP + o, f32x4.add(f32x4.add(f32x4.mul(Ar, xi), f32x4.mul(Ai, xr)), f32x4.add(f32x4.mul(Br, yi), f32x4.mul(Bi, yr))));
        v128.store(reP + o + sb, f32x4.sub(f32x4.add(f32x4.mul(Cr, xr), f32x4.mul(Dr, yr)), f32x4.add(f32x4.mul(Ci, xi), f32x4.mul(Di, yi))));
        v128.store(imP + o + sb, f32x4.add(f32x4.add(f32x4.mul(Cr, xi), f32x4.mul(Ci, xr)), f32x4.add(f32x4.mul(Dr, yi), f32x4.mul(Di, yr))));
      }
    }
    return;
  }
  if (controls == 0 && dim >= 4) {
    // out = A⊙v + B⊙swap(v): the first member of a pair takes (a, b), the second (d, c)
    const Ar = pattern(ar, dr, stride), Ai = pattern(ai, di, stride), Br = pattern(br, cr, stride), Bi = pattern(bi, ci, stride);
    for (let o: usize = 0; o < (<usize>dim << 2); o += 16) {
      const vr = v128.load(reP + o), vi = v128.load(imP + o), sr = swapPairs(vr, stride), si = swapPairs(vi, stride);
      v128.store(reP + o, f32x4.sub(f32x4.add(f32x4.mul(Ar, vr), f32x4.mul(Br, sr)), f32x4.add(f32x4.mul(Ai, vi), f32x4.mul(Bi, si))));
      v128.store(imP + o, f32x4.add(f32x4.add(f32x4.mul(Ar, vi), f32x4.mul(Ai, vr)), f32x4.add(f32x4.mul(Br, si), f32x4.mul(Bi, sr))));
    }
    return;
  }
  for (let base = 0; base < dim; base += 2 * stride) {
    for (let i = base; i < base + stride; i++) {
      if ((i & controls) != controls) continue;
      const pi = <usize>i << 2, pj = <usize>(i + stride) << 2;
      const xr = load<f32>(reP + pi), xi = load<f32>(imP + pi), yr = load<f32>(reP + pj), yi = load<f32>(imP + pj);
      store<f32>(reP + pi, ar * xr - ai * xi + br * yr - bi * yi);
      store<f32>(imP + pi, ar * xi + ai * xr + br * yi + bi * yr);
      store<f32>(reP + pj, cr * xr - ci * xi + dr * yr - di * yi);
      store<f32>(imP + pj, cr * xi + ci * xr + dr * yi + di * yr);
    }
  }
}

// Backward step through U: ψ ← U†ψ, λ ← U†λ, env[0..8] (f64) += M with M_ab = Σ conj(λ_a)·ψ_b (λ after the gate,
// ψ before it). U is passed as U.
export function mat2Adjointf(target: i32, controls: i32, nQubits: i32, reP: usize, imP: usize, lreP: usize, limP: usize,
  envP: usize, ur: f32, ui: f32, vr: f32, vi: f32, wr: f32, wi: f32, zr: f32, zi: f32): void {
  // U† = [[conj u, conj w], [conj v, conj z]] with U = [[u, v], [w, z]]
  const ar = ur, ai = -ui, br = wr, bi = -wi, cr = vr, ci = -vi, dr = zr, di = -zi;
  const stride = 1 << (nQubits - 1 - target), dim = 1 << nQubits;
  let m00r = 0.0, m00i = 0.0, m01r = 0.0, m01i = 0.0, m10r = 0.0, m10i = 0.0, m11r = 0.0, m11i = 0.0;
  const zero = f32x4.splat(0);
  if (controls == 0 && stride >= 4) {
    const Ar = f32x4.splat(ar), Ai = f32x4.splat(ai), Br = f32x4.splat(br), Bi = f32x4.splat(bi);
    const Cr = f32x4.splat(cr), Ci = f32x4.splat(ci), Dr = f32x4.splat(dr), Di = f32x4.splat(di);
    let M00r = zero, M00i = zero, M01r = zero, M01i = zero, M10r = zero, M10i = zero, M11r = zero, M11i = zero;
    const sb = <usize>stride << 2;
    let count = 0;
    for (let base = 0; base < dim; base += 2 * stride) {
      const end = <usize>(base + stride) << 2;
      for (let o = <usize>base << 2; o < end; o += 16) {
        let xr = v128.load(reP + o), xi = v128.load(imP + o), yr = v128.load(reP + o + sb), yi = v128.load(imP + o + sb);
        const pr = f32x4.sub(f32x4.add(f32x4.mul(Ar, xr), f32x4.mul(Br, yr)), f32x4.add(f32x4.mul(Ai, xi), f32x4.mul(Bi, yi)));
        const pi = f32x4.add(f32x4.add(f32x4.mul(Ar, xi), f32x4.mul(Ai, xr)), f32x4.add(f32x4.mul(Br, yi), f32x4.mul(Bi, yr)));
        const qr = f32x4.sub(f32x4.add(f32x4.mul(Cr, xr), f32x4.mul(Dr, yr)), f32x4.add(f32x4.mul(Ci, xi), f32x4.mul(Di, yi)));
        const qi = f32x4.add(f32x4.add(f32x4.mul(Cr, xi), f32x4.mul(Ci, xr)), f32x4.add(f32x4.mul(Dr, yi), f32x4.mul(Di, yr)));
        v128.store(reP + o, pr); v128.store(imP + o, pi); v128.store(reP + o + sb, qr); v128.store(imP + o + sb, qi);
        xr = v128.load(lreP + o); xi = v128.load(limP + o); yr = v128.load(lreP + o + sb); yi = v128.load(limP + o + sb);
        M00r = f32x4.add(M00r, f32x4.add(f32x4.mul(xr, pr), f32x4.mul(xi, pi)));
        M00i = f32x4.add(M00i, f32x4.sub(f32x4.mul(xr, pi), f32x4.mul(xi, pr)));
        M01r = f32x4.add(M01r, f32x4.add(f32x4.mul(xr, qr), f32x4.mul(xi, qi)));
        M01i = f32x4.add(M01i, f32x4.sub(f32x4.mul(xr, qi), f32x4.mul(xi, qr)));
        M10r = f32x4.add(M10r, f32x4.add(f32x4.mul(yr, pr), f32x4.mul(yi, pi)));
        M10i = f32x4.add(M10i, f32x4.sub(f32x4.mul(yr, pi), f32x4.mul(yi, pr)));
        M11r = f32x4.add(M11r, f32x4.add(f32x4.mul(yr, qr), f32x4.mul(yi, qi)));
        M11i = f32x4.add(M11i, f32x4.sub(f32x4.mul(yr, qi), f32x4.mul(yi, qr)));
        v128.store(lreP + o, f32x4.sub(f32x4.add(f32x4.mul(Ar, xr), f32x4.mul(Br, yr)), f32x4.add(f32x4.mul(Ai, xi), f32x4.mul(Bi, yi))));
        v128.store(limP + o, f32x4.add(f32x4.add(f32x4.mul(Ar, xi), f32x4.mul(Ai, xr)), f32x4.add(f32x4.mul(Br, yi), f32x4.mul(Bi, yr))));
        v128.store(lreP + o + sb, f32x4.sub(f32x4.add(f32x4.mul(Cr, xr), f32x4.mul(Dr, yr)), f32x4.add(f32x4.mul(Ci, xi), f32x4.mul(Di, yi))));
        v128.store(limP + o + sb, f32x4.add(f32x4.add(f32x4.mul(Cr, xi), f32x4.mul(Ci, xr)), f32x4.add(f32x4.mul(Dr, yi), f32x4.mul(Di, yr))));
        if ((++count & FLUSH) == 0) {
          m00r += hsum(M00r); m00i += hsum(M00i); m01r += hsum(M01r); m01i += hsum(M01i);
          m10r += hsum(M10r); m10i += hsum(M10i); m11r += hsum(M11r); m11i += hsum(M11i);
          M00r = zero; M00i = zero; M01r = zero; M01i = zero; M10r = zero; M10i = zero; M11r = zero; M11i = zero;
        }
      }
    }
    m00r += hsum(M00r); m00i += hsum(M00i); m01r += hsum(M01r); m01i += hsum(M01i);
    m10r += hsum(M10r); m10i += hsum(M10i); m11r += hsum(M11r); m11i += hsum(M11i);
  } else if (controls == 0 && dim >= 4) {
    // lanes hold both members: D = conj(λ)⊙ψ gives M00 on first-member lanes and M11 on second-member lanes,
    // S = conj(λ)⊙swap(ψ) gives M01 on first-member lanes and M10 on second-member lanes
    const Ar = pattern(ar, dr, stride), Ai = pattern(ai, di, stride), Br = pattern(br, cr, stride), Bi = pattern(bi, ci, stride);
    let Dr = zero, Di = zero, Sr = zero, Si = zero;
    let count = 0;
    for (let o: usize = 0; o < (<usize>dim << 2); o += 16) {
      const vr = v128.load(reP + o), vi = v128.load(imP + o), sr = swapPairs(vr, stride), si = swapPairs(vi, stride);
      const pr = f32x4.sub(f32x4.add(f32x4.mul(Ar, vr), f32x4.mul(Br, sr)), f32x4.add(f32x4.mul(Ai, vi), f32x4.mul(Bi, si)));
      const pi = f32x4.add(f32x4.add(f32x4.mul(Ar, vi), f32x4.mul(Ai, vr)), f32x4.add(f32x4.mul(Br, si), f32x4.mul(Bi, sr)));
      v128.store(reP + o, pr); v128.store(imP + o, pi);
      const lr = v128.load(lreP + o), li = v128.load(limP + o), psr = swapPairs(pr, stride), psi = swapPairs(pi, stride);
      Dr = f32x4.add(Dr, f32x4.add(f32x4.mul(lr, pr), f32x4.mul(li, pi)));
      Di = f32x4.add(Di, f32x4.sub(f32x4.mul(lr, pi), f32x4.mul(li, pr)));
      Sr = f32x4.add(Sr, f32x4.add(f32x4.mul(lr, psr), f32x4.mul(li, psi)));
      Si = f32x4.add(Si, f32x4.sub(f32x4.mul(lr, psi), f32x4.mul(li, psr)));
      const lsr = swapPairs(lr, stride), lsi = swapPairs(li, stride);
      v128.store(lreP + o, f32x4.sub(f32x4.add(f32x4.mul(Ar, lr), f32x4.mul(Br, lsr)), f32x4.add(f32x4.mul(Ai, li), f32x4.mul(Bi, lsi))));
      v128.store(limP + o, f32x4.add(f32x4.add(f32x4.mul(Ar, li), f32x4.mul(Ai, lr)), f32x4.add(f32x4.mul(Br, lsi), f32x4.mul(Bi, lsr))));
      if ((++count & FLUSH) == 0 || o + 16 >= (<usize>dim << 2)) {
        if (stride == 1) {
          m00r += lanes02(Dr); m00i += lanes02(Di); m11r += lanes13(Dr); m11i += lanes13(Di);
          m01r += lanes02(Sr); m01i += lanes02(Si); m10r += lanes13(Sr); m10i += lanes13(Si);
        } else {
          m00r += lanes01(Dr); m00i += lanes01(Di); m11r += lanes23(Dr); m11i += lanes23(Di);
          m01r += lanes01(Sr); m01i += lanes01(Si); m10r += lanes23(Sr); m10i += lanes23(Si);
        }
        Dr = zero; Di = zero; Sr = zero; Si = zero;
      }
    }
  } else {
    for (let base = 0; base < dim; base += 2 * stride) {
      for (let i = base; i < base + stride; i++) {
        if ((i & controls) != controls) continue;
        const pi_ = <usize>i << 2, pj = <usize>(i + stride) << 2;
        let xr = load<f32>(reP + pi_), xi = load<f32>(imP + pi_), yr = load<f32>(reP + pj), yi = load<f32>(imP + pj);
        const pr = ar * xr - ai * xi + br * yr - bi * yi, pi = ar * xi + ai * xr + br * yi + bi * yr;
        const qr = cr * xr - ci * xi + dr * yr - di * yi, qi = cr * xi + ci * xr + dr * yi + di * yr;
        store<f32>(reP + pi_, pr); store<f32>(imP + pi_, pi); store<f32>(reP + pj, qr); store<f32>(imP + pj, qi);
        xr = load<f32>(lreP + pi_); xi = load<f32>(limP + pi_); yr = load<f32>(lreP + pj); yi = load<f32>(limP + pj);
        m00r += <f64>(xr * pr + xi * pi); m00i += <f64>(xr * pi - xi * pr);
        m01r += <f64>(xr * qr + xi * qi); m01i += <f64>(xr * qi - xi * qr);
        m10r += <f64>(yr * pr + yi * pi); m10i += <f64>(yr * pi - yi * pr);
        m11r += <f64>(yr * qr + yi * qi); m11i += <f64>(yr * qi - yi * qr);
        store<f32>(lreP + pi_, ar * xr - ai * xi + br * yr - bi * yi);
        store<f32>(limP + pi_, ar * xi + ai * xr + br * yi + bi * yr);
        store<f32>(lreP + pj, cr * xr - ci * xi + dr * yr - di * yi);
        store<f32>(limP + pj, cr * xi + ci * xr + dr * yi + di * yr);
      }
    }
  }
  store<f64>(envP, load<f64>(envP) + m00r); store<f64>(envP + 8, load<f64>(envP + 8) + m00i);
  store<f64>(envP + 16, load<f64>(envP + 16) + m01r); store<f64>(envP + 24, load<f64>(envP + 24) + m01i);
  store<f64>(envP + 32, load<f64>(envP + 32) + m10r); store<f64>(envP + 40, load<f64>(envP + 40) + m10i);
  store<f64>(envP + 48, load<f64>(envP + 48) + m11r); store<f64>(envP + 56, load<f64>(envP + 56) + m11i);
}

@inline function paritySignf(v: i32): f32 {
  return (popcnt<i32>(v) & 1) != 0 ? -1.0 : 1.0;
}

// Pauli rotations as in kernels.ts (κ's one nonzero part k, `imag`), four lanes x…x+3 (pivot bit clear) per vector:
// they map to the vector at (x⊕f) & ~3 with its lanes permuted by f & 3, and their signs follow z & 3 (`zLanes`).
@inline function permute(v: v128, f3: i32): v128 {
  if (f3 == 0) return v;
  if (f3 == 1) return v128.shuffle<f32>(v, v, 1, 0, 3, 2);
  if (f3 == 2) return v128.shuffle<f32>(v, v, 2, 3, 0, 1);
  return v128.shuffle<f32>(v, v, 3, 2, 1, 0);
}

@inline function zLanes(zMask: i32): v128 {
  return f32x4(1, paritySignf(1 & zMask), paritySignf(2 & zMask), paritySignf(3 & zMask));
}

@inline function runLengthf(zMask: i32, pivot: i32): i32 {
  const zl = zMask & (pivot - 1) & ~3;
  return zl != 0 ? zl & -zl : pivot;
}

@inline function pauliRotVectorf(imag: bool, flip: i32, zMask: i32, dim: i32, reP: usize, imP: usize, c: f32, k: f32): void {
  const pivot = 1 << (31 - clz<i32>(flip)), R = runLengthf(zMask, pivot), f3 = flip & 3;
  const fz = paritySignf(flip & zMask), C = f32x4.splat(c), LZ = zLanes(zMask);
  for (let base = 0; base < dim; base += 2 * pivot) {
    for (let run = base; run < base + pivot; run += R) {
      const sx = paritySignf(run & zMask);
      const KX = f32x4.mul(f32x4.splat(k * sx), LZ), KY = f32x4.mul(f32x4.splat(k * sx * fz), LZ);
      const end = <usize>(run + R) << 2;
      for (let px = <usize>run << 2; px < end; px += 16) {
        const py = <usize>((<i32>(px >> 2) ^ flip) & ~3) << 2;
        const xr = v128.load(reP + px), xi = v128.load(imP + px);
        const yr = permute(v128.load(reP + py), f3), yi = permute(v128.load(imP + py), f3);
        if (imag) {
          v128.store(reP + px, f32x4.sub(f32x4.mul(C, xr), f32x4.mul(KY, yi)));
          v128.store(imP + px, f32x4.add(f32x4.mul(C, xi), f32x4.mul(KY, yr)));
          v128.store(reP + py, permute(f32x4.sub(f32x4.mul(C, yr), f32x4.mul(KX, xi)), f3));
          v128.store(imP + py, permute(f32x4.add(f32x4.mul(C, yi), f32x4.mul(KX, xr)), f3));
        } else {
          v128.store(reP + px, f32x4.add(f32x4.mul(C, xr), f32x4.mul(KY, yr)));
          v128.store(imP + px, f32x4.add(f32x4.mul(C, xi), f32x4.mul(KY, yi)));
          v128.store(reP + py, permute(f32x4.add(f32x4.mul(C, yr), f32x4.mul(KX, xr)), f3));
          v128.store(imP + py, permute(f32x4.add(f32x4.mul(C, yi), f32x4.mul(KX, xi)), f3));
        }
      }
    }
  }
}

export function pauliRotf(flip: i32, zMask: i32, nQubits: i32, reP: usize, imP: usize, c: f32, k: f32, imag: i32): void {
  const dim = 1 << nQubits;
  if (flip >= 4) {
    if (imag != 0) pauliRotVectorf(true, flip, zMask, dim, reP, imP, c, k);
    else pauliRotVectorf(false, flip, zMask, dim, reP, imP, c, k);
    return;
  }
  const pivot = 1 << (31 - clz<i32>(flip)), fz = paritySignf(flip & zMask);
  for (let base = 0; base < dim; base += 2 * pivot) {
    for (let x = base; x < base + pivot; x++) {
      const y = x ^ flip, sx = paritySignf(x & zMask), a = k * sx * fz, b = k * sx;
      const px = <usize>x << 2, py = <usize>y << 2;
      const xr = load<f32>(reP + px), xi = load<f32>(imP + px), yr = load<f32>(reP + py), yi = load<f32>(imP + py);
      if (imag != 0) {
        store<f32>(reP + px, c * xr - a * yi); store<f32>(imP + px, c * xi + a * yr);
        store<f32>(reP + py, c * yr - b * xi); store<f32>(imP + py, c * yi + b * xr);
      } else {
        store<f32>(reP + px, c * xr + a * yr); store<f32>(imP + px, c * xi + a * yi);
        store<f32>(reP + py, c * yr + b * xr); store<f32>(imP + py, c * yi + b * xi);
      }
    }
  }
}

// Backward step: out[0..2] (f64) = (sr, 0) for real κ or (0, si) for imaginary κ (see kernels.ts), then ψ and λ
// uncomputed with the inverse rotation, whose c and k the caller passes.
@inline function pauliRotAdjointVectorf(imag: bool, flip: i32, zMask: i32, dim: i32, reP: usize, imP: usize, lreP: usize,
  limP: usize, c: f32, k: f32): f64 {
  const pivot = 1 << (31 - clz<i32>(flip)), R = runLengthf(zMask, pivot), f3 = flip & 3;
  const fz = paritySignf(flip & zMask), C = f32x4.splat(c), LZ = zLanes(zMask), zero = f32x4.splat(0);
  let S = zero, s = 0.0, count = 0;
  for (let base = 0; base < dim; base += 2 * pivot) {
    for (let run = base; run < base + pivot; run += R) {
      const sx = paritySignf(run & zMask);
      const SX = f32x4.mul(f32x4.splat(sx), LZ), SY = f32x4.mul(f32x4.splat(sx * fz), LZ);
      const KX = f32x4.mul(f32x4.splat(k), SX), KY = f32x4.mul(f32x4.splat(k), SY);
      const end = <usize>(run + R) << 2;
      for (let px = <usize>run << 2; px < end; px += 16) {
        const py = <usize>((<i32>(px >> 2) ^ flip) & ~3) << 2;
        const xr = v128.load(reP + px), xi = v128.load(imP + px);
        const yr = permute(v128.load(reP + py), f3), yi = permute(v128.load(imP + py), f3);
        const lxr = v128.load(lreP + px), lxi = v128.load(limP + px);
        const lyr = permute(v128.load(lreP + py), f3), lyi = permute(v128.load(limP + py), f3);
        if (imag) {
          S = f32x4.add(S, f32x4.add(f32x4.mul(SY, f32x4.sub(f32x4.mul(lxr, yi), f32x4.mul(lxi, yr))), f32x4.mul(SX, f32x4.sub(f32x4.mul(lyr, xi), f32x4.mul(lyi, xr)))));
          v128.store(reP + px, f32x4.sub(f32x4.mul(C, xr), f32x4.mul(KY, yi)));
          v128.store(imP + px, f32x4.add(f32x4.mul(C, xi), f32x4.mul(KY, yr)));
          v128.store(reP + py, permute(f32x4.sub(f32x4.mul(C, yr), f32x4.mul(KX, xi)), f3));
          v128.store(imP + py, permute(f32x4.add(f32x4.mul(C, yi), f32x4.mul(KX, xr)), f3));
          v128.store(lreP + px, f32x4.sub(f32x4.mul(C, lxr), f32x4.mul(KY, lyi)));
          v128.store(limP + px, f32x4.add(f32x4.mul(C, lxi), f32x4.mul(KY, lyr)));
          v128.store(lreP + py, permute(f32x4.sub(f32x4.mul(C, lyr), f32x4.mul(KX, lxi)), f3));
          v128.store(limP + py, permute(f32x4.add(f32x4.mul(C, lyi), f32x4.mul(KX, lxr)), f3));
        } else {
          S = f32x4.add(S, f32x4.add(f32x4.mul(SY, f32x4.add(f32x4.mul(lxr, yr), f32x4.mul(lxi, yi))), f32x4.mul(SX, f32x4.add(f32x4.mul(lyr, xr), f32x4.mul(lyi, xi)))));
          v128.store(reP + px, f32x4.add(f32x4.mul(C, xr), f32x4.mul(KY, yr)));
          v128.store(imP + px, f32x4.add(f32x4.mul(C, xi), f32x4.mul(KY, yi)));
          v128.store(reP + py, permute(f32x4.add(f32x4.mul(C, yr), f32x4.mul(KX, xr)), f3));
          v128.store(imP + py, permute(f32x4.add(f32x4.mul(C, yi), f32x4.mul(KX, xi)), f3));
          v128.store(lreP + px, f32x4.add(f32x4.mul(C, lxr), f32x4.mul(KY, lyr)));
          v128.store(limP + px, f32x4.add(f32x4.mul(C, lxi), f32x4.mul(KY, lyi)));
          v128.store(lreP + py, permute(f32x4.add(f32x4.mul(C, lyr), f32x4.mul(KX, lxr)), f3));
          v128.store(limP + py, permute(f32x4.add(f32x4.mul(C, lyi), f32x4.mul(KX, lxi)), f3));
        }
        if ((++count & FLUSH) == 0) {
          s += hsum(S);
          S = zero;
        }
      }
    }
  }
  return s + hsum(S);
}

export function pauliRotAdjointf(flip: i32, zMask: i32, nQubits: i32, reP: usize, imP: usize, lreP: usize, limP: usize,
  outP: usize, c: f32, k: f32, imag: i32): void {
  const dim = 1 << nQubits;
  let s = 0.0;
  if (flip >= 4) {
    s = imag != 0
      ? pauliRotAdjointVectorf(true, flip, zMask, dim, reP, imP, lreP, limP, c, k)
      : pauliRotAdjointVectorf(false, flip, zMask, dim, reP, imP, lreP, limP, c, k);
  } else {
    const pivot = 1 << (31 - clz<i32>(flip)), fz = paritySignf(flip & zMask);
    for (let base = 0; base < dim; base += 2 * pivot) {
      for (let x = base; x < base + pivot; x++) {
        const y = x ^ flip, sx = paritySignf(x & zMask), sy = sx * fz, a = k * sy, b = k * sx;
        const px = <usize>x << 2, py = <usize>y << 2;
        const xr = load<f32>(reP + px), xi = load<f32>(imP + px), yr = load<f32>(reP + py), yi = load<f32>(imP + py);
        const lxr = load<f32>(lreP + px), lxi = load<f32>(limP + px), lyr = load<f32>(lreP + py), lyi = load<f32>(limP + py);
        if (imag != 0) {
          s += <f64>(sy * (lxr * yi - lxi * yr) + sx * (lyr * xi - lyi * xr));
          store<f32>(reP + px, c * xr - a * yi); store<f32>(imP + px, c * xi + a * yr);
          store<f32>(reP + py, c * yr - b * xi); store<f32>(imP + py, c * yi + b * xr);
          store<f32>(lreP + px, c * lxr - a * lyi); store<f32>(limP + px, c * lxi + a * lyr);
          store<f32>(lreP + py, c * lyr - b * lxi); store<f32>(limP + py, c * lyi + b * lxr);
        } else {
          s += <f64>(sy * (lxr * yr + lxi * yi) + sx * (lyr * xr + lyi * xi));
          store<f32>(reP + px, c * xr + a * yr); store<f32>(imP + px, c * xi + a * yi);
          store<f32>(reP + py, c * yr + b * xr); store<f32>(imP + py, c * yi + b * xi);
          store<f32>(lreP + px, c * lxr + a * lyr); store<f32>(limP + px, c * lxi + a * lyi);
          store<f32>(lreP + py, c * lyr + b * lxr); store<f32>(limP + py, c * lyi + b * lxi);
        }
      }
    }
  }
  store<f64>(outP, imag != 0 ? 0.0 : s);
  store<f64>(outP + 8, imag != 0 ? s : 0.0);
}

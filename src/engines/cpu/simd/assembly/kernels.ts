// AssemblyScript (compiled to WebAssembly with SIMD by `npm run build:wasm`), not TypeScript: the hot kernels of the
// CPU engine on Float64 re/im arrays living in this module's linear memory, addressed by byte offsets. Semantics are
// exactly those of ../../kernels/{mat2,pauli}.ts (the JS reference kernels they are tested against); bit order as in
// src/circuit/bits.ts. f64x2 lanes hold two consecutive amplitudes, so vector paths need the two to share a pair
// structure (stride ≥ 2, and for Pauli rotations no flip or Z on the lowest bit); other cases run scalar.

// ---------------------------------------------------------------------------------------------------------------
// Dense 2×2 gate: ψ ← Uψ on `target` where the `controls` bits are all set. U = [[a, b], [c, d]].

export function mat2(target: i32, controls: i32, nQubits: i32, reP: usize, imP: usize,
  ar: f64, ai: f64, br: f64, bi: f64, cr: f64, ci: f64, dr: f64, di: f64): void {
  const stride = 1 << (nQubits - 1 - target), dim = 1 << nQubits;
  if (stride >= 2 && controls == 0) {
    const Ar = f64x2.splat(ar), Ai = f64x2.splat(ai), Br = f64x2.splat(br), Bi = f64x2.splat(bi);
    const Cr = f64x2.splat(cr), Ci = f64x2.splat(ci), Dr = f64x2.splat(dr), Di = f64x2.splat(di);
    const sb = <usize>stride << 3;
    for (let base = 0; base < dim; base += 2 * stride) {
      const end = <usize>(base + stride) << 3;
      for (let o = <usize>base << 3; o < end; o += 16) {
        const xr = v128.load(reP + o), xi = v128.load(imP + o), yr = v128.load(reP + o + sb), yi = v128.load(imP + o + sb);
        v128.store(reP + o, f64x2.sub(f64x2.add(f64x2.mul(Ar, xr), f64x2.mul(Br, yr)), f64x2.add(f64x2.mul(Ai, xi), f64x2.mul(Bi, yi))));
        v128.store(imP + o, f64x2.add(f64x2.add(f64x2.mul(Ar, xi), f64x2.mul(Ai, xr)), f64x2.add(f64x2.mul(Br, yi), f64x2.mul(Bi, yr))));
        v128.store(reP + o + sb, f64x2.sub(f64x2.add(f64x2.mul(Cr, xr), f64x2.mul(Dr, yr)), f64x2.add(f64x2.mul(Ci, xi), f64x2.mul(Di, yi))));
        v128.store(imP + o + sb, f64x2.add(f64x2.add(f64x2.mul(Cr, xi), f64x2.mul(Ci, xr)), f64x2.add(f64x2.mul(Dr, yi), f64x2.mul(Di, yr))));
      }
    }
    return;
  }
  for (let base = 0; base < dim; base += 2 * stride) {
    for (let i = base; i < base + stride; i++) {
      if ((i & controls) != controls) continue;
      const pi = <usize>i << 3, pj = <usize>(i + stride) << 3;
      const xr = load<f64>(reP + pi), xi = load<f64>(imP + pi), yr = load<f64>(reP + pj), yi = load<f64>(imP + pj);
      store<f64>(reP + pi, ar * xr - ai * xi + br * yr - bi * yi);
      store<f64>(imP + pi, ar * xi + ai * xr + br * yi + bi * yr);
      store<f64>(reP + pj, cr * xr - ci * xi + dr * yr - di * yi);
      store<f64>(imP + pj, cr * xi + ci * xr + dr * yi + di * yr);
    }
  }
}

// Backward step through U: env[0..4] += g, the generator environment [Im N00, Im N11, Re N01 − Re N10,
// Im N01 + Im N10] of N_ab = Σ conj(λ_a)·ψ_b with ψ, λ after the gate (../../kernels/mat2.ts), then ψ ← U†ψ, λ ← U†λ.
// U is passed as U (not U†).
export function mat2Adjoint(target: i32, controls: i32, nQubits: i32, reP: usize, imP: usize, lreP: usize, limP: usize,
  envP: usize, ur: f64, ui: f64, vr: f64, vi: f64, wr: f64, wi: f64, zr: f64, zi: f64): void {
  // U† = [[conj u, conj w], [conj v, conj z]] with U = [[u, v], [w, z]]
  const ar = ur, ai = -ui, br = wr, bi = -wi, cr = vr, ci = -vi, dr = zr, di = -zi;
  const stride = 1 << (nQubits - 1 - target), dim = 1 << nQubits;
  let g0 = 0.0, g1 = 0.0, g2 = 0.0, g3 = 0.0;
  if (stride >= 2 && controls == 0) {
    const Ar = f64x2.splat(ar), Ai = f64x2.splat(ai), Br = f64x2.splat(br), Bi = f64x2.splat(bi);
    const Cr = f64x2.splat(cr), Ci = f64x2.splat(ci), Dr = f64x2.splat(dr), Di = f64x2.splat(di);
    let G0 = f64x2.splat(0), G1 = f64x2.splat(0), G2 = f64x2.splat(0), G3 = f64x2.splat(0);
    const sb = <usize>stride << 3;
    for (let base = 0; base < dim; base += 2 * stride) {
      const end = <usize>(base + stride) << 3;
      for (let o = <usize>base << 3; o < end; o += 16) {
        const xr = v128.load(reP + o), xi = v128.load(imP + o), yr = v128.load(reP + o + sb), yi = v128.load(imP + o + sb);
        const lxr = v128.load(lreP + o), lxi = v128.load(limP + o), lyr = v128.load(lreP + o + sb), lyi = v128.load(limP + o + sb);
        G0 = f64x2.add(G0, f64x2.sub(f64x2.mul(lxr, xi), f64x2.mul(lxi, xr)));
        G1 = f64x2.add(G1, f64x2.sub(f64x2.mul(lyr, yi), f64x2.mul(lyi, yr)));
        G2 = f64x2.add(G2, f64x2.sub(f64x2.add(f64x2.mul(lxr, yr), f64x2.mul(lxi, yi)), f64x2.add(f64x2.mul(lyr, xr), f64x2.mul(lyi, xi))));
        G3 = f64x2.add(G3, f64x2.add(f64x2.sub(f64x2.mul(lxr, yi), f64x2.mul(lxi, yr)), f64x2.sub(f64x2.mul(lyr, xi), f64x2.mul(lyi, xr))));
        v128.store(reP + o, f64x2.sub(f64x2.add(f64x2.mul(Ar, xr), f64x2.mul(Br, yr)), f64x2.add(f64x2.mul(Ai, xi), f64x2.mul(Bi, yi))));
        v128.store(imP + o, f64x2.add(f64x2.add(f64x2.mul(Ar, xi), f64x2.mul(Ai, xr)), f64x2.add(f64x2.mul(Br, yi), f64x2.mul(Bi, yr))));
        v128.store(reP + o + sb, f64x2.sub(f64x2.add(f64x2.mul(Cr, xr), f64x2.mul(Dr, yr)), f64x2.add(f64x2.mul(Ci, xi), f64x2.mul(Di, yi))));
        v128.store(imP + o + sb, f64x2.add(f64x2.add(f64x2.mul(Cr, xi), f64x2.mul(Ci, xr)), f64x2.add(f64x2.mul(Dr, yi), f64x2.mul(Di, yr))));
        v128.store(lreP + o, f64x2.sub(f64x2.add(f64x2.mul(Ar, lxr), f64x2.mul(Br, lyr)), f64x2.add(f64x2.mul(Ai, lxi), f64x2.mul(Bi, lyi))));
        v128.store(limP + o, f64x2.add(f64x2.add(f64x2.mul(Ar, lxi), f64x2.mul(Ai, lxr)), f64x2.add(f64x2.mul(Br, lyi), f64x2.mul(Bi, lyr))));
        v128.store(lreP + o + sb, f64x2.sub(f64x2.add(f64x2.mul(Cr, lxr), f64x2.mul(Dr, lyr)), f64x2.add(f64x2.mul(Ci, lxi), f64x2.mul(Di, lyi))));
        v128.store(limP + o + sb, f64x2.add(f64x2.add(f64x2.mul(Cr, lxi), f64x2.mul(Ci, lxr)), f64x2.add(f64x2.mul(Dr, lyi), f64x2.mul(Di, lyr))));
      }
    }
    g0 = f64x2.extract_lane(G0, 0) + f64x2.extract_lane(G0, 1); g1 = f64x2.extract_lane(G1, 0) + f64x2.extract_lane(G1, 1);
    g2 = f64x2.extract_lane(G2, 0) + f64x2.extract_lane(G2, 1); g3 = f64x2.extract_lane(G3, 0) + f64x2.extract_lane(G3, 1);
  } else {
    for (let base = 0; base < dim; base += 2 * stride) {
      for (let i = base; i < base + stride; i++) {
        if ((i & controls) != controls) continue;
        const pi = <usize>i << 3, pj = <usize>(i + stride) << 3;
        const xr = load<f64>(reP + pi), xi = load<f64>(imP + pi), yr = load<f64>(reP + pj), yi = load<f64>(imP + pj);
        const lxr = load<f64>(lreP + pi), lxi = load<f64>(limP + pi), lyr = load<f64>(lreP + pj), lyi = load<f64>(limP + pj);
        g0 += lxr * xi - lxi * xr;
        g1 += lyr * yi - lyi * yr;
        g2 += lxr * yr + lxi * yi - (lyr * xr + lyi * xi);
        g3 += lxr * yi - lxi * yr + (lyr * xi - lyi * xr);
        store<f64>(reP + pi, ar * xr - ai * xi + br * yr - bi * yi);
        store<f64>(imP + pi, ar * xi + ai * xr + br * yi + bi * yr);
        store<f64>(reP + pj, cr * xr - ci * xi + dr * yr - di * yi);
        store<f64>(imP + pj, cr * xi + ci * xr + dr * yi + di * yr);
        store<f64>(lreP + pi, ar * lxr - ai * lxi + br * lyr - bi * lyi);
        store<f64>(limP + pi, ar * lxi + ai * lxr + br * lyi + bi * lyr);
        store<f64>(lreP + pj, cr * lxr - ci * lxi + dr * lyr - di * lyi);
        store<f64>(limP + pj, cr * lxi + ci * lxr + dr * lyi + di * lyr);
      }
    }
  }
  store<f64>(envP, load<f64>(envP) + g0); store<f64>(envP + 8, load<f64>(envP + 8) + g1);
  store<f64>(envP + 16, load<f64>(envP + 16) + g2); store<f64>(envP + 24, load<f64>(envP + 24) + g3);
}

// mat2Adjoint for U in SU(2), U = [[u, v], [−v̄, ū]] (products of rx, ry, rz: the HEP ansatz's Euler rotations), from
// u and v alone: U† = [[ū, −v], [v̄, u]] needs four coefficient registers instead of eight, which the vector loop,
// holding ψ, λ and four accumulators besides, would otherwise spill (about 10 % of its time). Other cases run
// mat2Adjoint with the full matrix.
export function mat2AdjointSU2(target: i32, controls: i32, nQubits: i32, reP: usize, imP: usize, lreP: usize,
  limP: usize, envP: usize, ur: f64, ui: f64, vr: f64, vi: f64): void {
  const stride = 1 << (nQubits - 1 - target), dim = 1 << nQubits;
  if (stride < 2 || controls != 0) {
    mat2Adjoint(target, controls, nQubits, reP, imP, lreP, limP, envP, ur, ui, vr, vi, -vr, vi, ur, -ui);
    return;
  }
  const Ur = f64x2.splat(ur), Ui = f64x2.splat(ui), Vr = f64x2.splat(vr), Vi = f64x2.splat(vi);
  let G0 = f64x2.splat(0), G1 = f64x2.splat(0), G2 = f64x2.splat(0), G3 = f64x2.splat(0);
  const sb = <usize>stride << 3;
  for (let base = 0; base < dim; base += 2 * stride) {
    const end = <usize>(base + stride) << 3;
    for (let o = <usize>base << 3; o < end; o += 16) {
      const xr = v128.load(reP + o), xi = v128.load(imP + o), yr = v128.load(reP + o + sb), yi = v128.load(imP + o + sb);
      const lxr = v128.load(lreP + o), lxi = v128.load(limP + o), lyr = v128.load(lreP + o + sb), lyi = v128.load(limP + o + sb);
      G0 = f64x2.add(G0, f64x2.sub(f64x2.mul(lxr, xi), f64x2.mul(lxi, xr)));
      G1 = f64x2.add(G1, f64x2.sub(f64x2.mul(lyr, yi), f64x2.mul(lyi, yr)));
      G2 = f64x2.add(G2, f64x2.sub(f64x2.add(f64x2.mul(lxr, yr), f64x2.mul(lxi, yi)), f64x2.add(f64x2.mul(lyr, xr), f64x2.mul(lyi, xi))));
      G3 = f64x2.add(G3, f64x2.add(f64x2.sub(f64x2.mul(lxr, yi), f64x2.mul(lxi, yr)), f64x2.sub(f64x2.mul(lyr, xi), f64x2.mul(lyi, xr))));
      // ψ ← (ū x − v y, v̄ x + u y), and λ alike
      v128.store(reP + o, f64x2.sub(f64x2.add(f64x2.mul(Ur, xr), f64x2.mul(Ui, xi)), f64x2.sub(f64x2.mul(Vr, yr), f64x2.mul(Vi, yi))));
      v128.store(imP + o, f64x2.sub(f64x2.sub(f64x2.mul(Ur, xi), f64x2.mul(Ui, xr)), f64x2.add(f64x2.mul(Vr, yi), f64x2.mul(Vi, yr))));
      v128.store(reP + o + sb, f64x2.add(f64x2.add(f64x2.mul(Vr, xr), f64x2.mul(Vi, xi)), f64x2.sub(f64x2.mul(Ur, yr), f64x2.mul(Ui, yi))));
      v128.store(imP + o + sb, f64x2.add(f64x2.sub(f64x2.mul(Vr, xi), f64x2.mul(Vi, xr)), f64x2.add(f64x2.mul(Ur, yi), f64x2.mul(Ui, yr))));
      v128.store(lreP + o, f64x2.sub(f64x2.add(f64x2.mul(Ur, lxr), f64x2.mul(Ui, lxi)), f64x2.sub(f64x2.mul(Vr, lyr), f64x2.mul(Vi, lyi))));
      v128.store(limP + o, f64x2.sub(f64x2.sub(f64x2.mul(Ur, lxi), f64x2.mul(Ui, lxr)), f64x2.add(f64x2.mul(Vr, lyi), f64x2.mul(Vi, lyr))));
      v128.store(lreP + o + sb, f64x2.add(f64x2.add(f64x2.mul(Vr, lxr), f64x2.mul(Vi, lxi)), f64x2.sub(f64x2.mul(Ur, lyr), f64x2.mul(Ui, lyi))));
      v128.store(limP + o + sb, f64x2.add(f64x2.sub(f64x2.mul(Vr, lxi), f64x2.mul(Vi, lxr)), f64x2.add(f64x2.mul(Ur, lyi), f64x2.mul(Ui, lyr))));
    }
  }
  store<f64>(envP, load<f64>(envP) + f64x2.extract_lane(G0, 0) + f64x2.extract_lane(G0, 1));
  store<f64>(envP + 8, load<f64>(envP + 8) + f64x2.extract_lane(G1, 0) + f64x2.extract_lane(G1, 1));
  store<f64>(envP + 16, load<f64>(envP + 16) + f64x2.extract_lane(G2, 0) + f64x2.extract_lane(G2, 1));
  store<f64>(envP + 24, load<f64>(envP + 24) + f64x2.extract_lane(G3, 0) + f64x2.extract_lane(G3, 1));
}

// ---------------------------------------------------------------------------------------------------------------
// Pauli rotation exp(−iφP): ψ'(x) = c·ψ(x) + κ·s(x⊕f)·ψ(x⊕f), s(x) = (−1)^{|x & z|} (see pauli.ts). κ = −i·i^{nY}·sin φ
// is real for odd nY and imaginary for even nY, so the caller passes its one nonzero part k and `imag`: each output
// then costs two products instead of four. Vector path (pivot ≥ 2): the lanes x, x+1 (pivot bit clear) map to the pair
// at (x⊕f) & ~1, swapped when f has bit 0; their signs differ by (−1)^{z & 1}; and the pair's sign is constant over
// runs of `runLength` indices, so it is computed once per run, not per pair.

@inline function paritySign(v: i32): f64 {
  return (popcnt<i32>(v) & 1) != 0 ? -1.0 : 1.0;
}

@inline function swapIf(v: v128, swap: bool): v128 {
  return swap ? f64x2.shuffle(v, v, 1, 0) : v;
}

// Indices from an even x on whose z-sign (bit 0 aside) stays that of x: up to the lowest z bit between 2 and the pivot.
@inline function runLength(zMask: i32, pivot: i32): i32 {
  const zl = zMask & (pivot - 1) & ~1;
  return zl != 0 ? zl & -zl : pivot;
}

@inline function pauliRotVector(imag: bool, swap: bool, flip: i32, zMask: i32, dim: i32, reP: usize, imP: usize, c: f64, k: f64): void {
  const pivot = 1 << (31 - clz<i32>(flip)), R = runLength(zMask, pivot);
  const fz = paritySign(flip & zMask), C = f64x2.splat(c), LZ = (zMask & 1) != 0 ? f64x2(1, -1) : f64x2.splat(1);
  for (let base = 0; base < dim; base += 2 * pivot) {
    for (let run = base; run < base + pivot; run += R) {
      const sx = paritySign(run & zMask);
      const KX = f64x2.mul(f64x2.splat(k * sx), LZ), KY = f64x2.mul(f64x2.splat(k * sx * fz), LZ);
      const end = <usize>(run + R) << 3;
      for (let px = <usize>run << 3; px < end; px += 16) {
        const py = <usize>((<i32>(px >> 3) ^ flip) & ~1) << 3;
        const xr = v128.load(reP + px), xi = v128.load(imP + px);
        const yr = swapIf(v128.load(reP + py), swap), yi = swapIf(v128.load(imP + py), swap);
        if (imag) {
          v128.store(reP + px, f64x2.sub(f64x2.mul(C, xr), f64x2.mul(KY, yi)));
          v128.store(imP + px, f64x2.add(f64x2.mul(C, xi), f64x2.mul(KY, yr)));
          v128.store(reP + py, swapIf(f64x2.sub(f64x2.mul(C, yr), f64x2.mul(KX, xi)), swap));
          v128.store(imP + py, swapIf(f64x2.add(f64x2.mul(C, yi), f64x2.mul(KX, xr)), swap));
        } else {
          v128.store(reP + px, f64x2.add(f64x2.mul(C, xr), f64x2.mul(KY, yr)));
          v128.store(imP + px, f64x2.add(f64x2.mul(C, xi), f64x2.mul(KY, yi)));
          v128.store(reP + py, swapIf(f64x2.add(f64x2.mul(C, yr), f64x2.mul(KX, xr)), swap));
          v128.store(imP + py, swapIf(f64x2.add(f64x2.mul(C, yi), f64x2.mul(KX, xi)), swap));
        }
      }
    }
  }
}

export function pauliRot(flip: i32, zMask: i32, nQubits: i32, reP: usize, imP: usize, c: f64, k: f64, imag: i32): void {
  const dim = 1 << nQubits;
  if (flip >= 2) {
    // each variant compiled apart, so the inner loop carries no test of `imag` or of the lane swap
    const swap = (flip & 1) != 0;
    if (imag != 0) {
      if (swap) pauliRotVector(true, true, flip, zMask, dim, reP, imP, c, k);
      else pauliRotVector(true, false, flip, zMask, dim, reP, imP, c, k);
    } else if (swap) pauliRotVector(false, true, flip, zMask, dim, reP, imP, c, k);
    else pauliRotVector(false, false, flip, zMask, dim, reP, imP, c, k);
    return;
  }
  // flip = 1: the partners share a vector; scalar
  const fz = paritySign(flip & zMask);
  for (let x = 0; x < dim; x += 2) {
    const y = x + 1, sx = paritySign(x & zMask), a = k * sx * fz, b = k * sx;
    const px = <usize>x << 3, py = <usize>y << 3;
    const xr = load<f64>(reP + px), xi = load<f64>(imP + px), yr = load<f64>(reP + py), yi = load<f64>(imP + py);
    if (imag != 0) {
      store<f64>(reP + px, c * xr - a * yi); store<f64>(imP + px, c * xi + a * yr);
      store<f64>(reP + py, c * yr - b * xi); store<f64>(imP + py, c * yi + b * xr);
    } else {
      store<f64>(reP + px, c * xr + a * yr); store<f64>(imP + px, c * xi + a * yi);
      store<f64>(reP + py, c * yr + b * xr); store<f64>(imP + py, c * yi + b * xi);
    }
  }
}

// Backward step: stores in out[0..2] (sr, 0) for real κ or (0, si) for imaginary κ, where sr + i·si = Σ conj(λ(x))s(y)ψ(y)
// + conj(λ(y))s(x)ψ(x) (λ, ψ after the gate; the caller needs only the part its nY selects), then uncomputes ψ and λ
// with the inverse rotation, whose c and k the caller passes.
@inline function pauliRotAdjointVector(imag: bool, swap: bool, flip: i32, zMask: i32, dim: i32, reP: usize, imP: usize, lreP: usize,
  limP: usize, c: f64, k: f64): f64 {
  const pivot = 1 << (31 - clz<i32>(flip)), R = runLength(zMask, pivot);
  const fz = paritySign(flip & zMask), C = f64x2.splat(c), LZ = (zMask & 1) != 0 ? f64x2(1, -1) : f64x2.splat(1);
  let S = f64x2.splat(0);
  for (let base = 0; base < dim; base += 2 * pivot) {
    for (let run = base; run < base + pivot; run += R) {
      const sx = paritySign(run & zMask);
      const SX = f64x2.mul(f64x2.splat(sx), LZ), SY = f64x2.mul(f64x2.splat(sx * fz), LZ);
      const KX = f64x2.mul(f64x2.splat(k), SX), KY = f64x2.mul(f64x2.splat(k), SY);
      const end = <usize>(run + R) << 3;
      for (let px = <usize>run << 3; px < end; px += 16) {
        const py = <usize>((<i32>(px >> 3) ^ flip) & ~1) << 3;
        const xr = v128.load(reP + px), xi = v128.load(imP + px);
        const yr = swapIf(v128.load(reP + py), swap), yi = swapIf(v128.load(imP + py), swap);
        const lxr = v128.load(lreP + px), lxi = v128.load(limP + px);
        const lyr = swapIf(v128.load(lreP + py), swap), lyi = swapIf(v128.load(limP + py), swap);
        if (imag) {
          S = f64x2.add(S, f64x2.add(f64x2.mul(SY, f64x2.sub(f64x2.mul(lxr, yi), f64x2.mul(lxi, yr))), f64x2.mul(SX, f64x2.sub(f64x2.mul(lyr, xi), f64x2.mul(lyi, xr)))));
          v128.store(reP + px, f64x2.sub(f64x2.mul(C, xr), f64x2.mul(KY, yi)));
          v128.store(imP + px, f64x2.add(f64x2.mul(C, xi), f64x2.mul(KY, yr)));
          v128.store(reP + py, swapIf(f64x2.sub(f64x2.mul(C, yr), f64x2.mul(KX, xi)), swap));
          v128.store(imP + py, swapIf(f64x2.add(f64x2.mul(C, yi), f64x2.mul(KX, xr)), swap));
          v128.store(lreP + px, f64x2.sub(f64x2.mul(C, lxr), f64x2.mul(KY, lyi)));
          v128.store(limP + px, f64x2.add(f64x2.mul(C, lxi), f64x2.mul(KY, lyr)));
          v128.store(lreP + py, swapIf(f64x2.sub(f64x2.mul(C, lyr), f64x2.mul(KX, lxi)), swap));
          v128.store(limP + py, swapIf(f64x2.add(f64x2.mul(C, lyi), f64x2.mul(KX, lxr)), swap));
        } else {
          S = f64x2.add(S, f64x2.add(f64x2.mul(SY, f64x2.add(f64x2.mul(lxr, yr), f64x2.mul(lxi, yi))), f64x2.mul(SX, f64x2.add(f64x2.mul(lyr, xr), f64x2.mul(lyi, xi)))));
          v128.store(reP + px, f64x2.add(f64x2.mul(C, xr), f64x2.mul(KY, yr)));
          v128.store(imP + px, f64x2.add(f64x2.mul(C, xi), f64x2.mul(KY, yi)));
          v128.store(reP + py, swapIf(f64x2.add(f64x2.mul(C, yr), f64x2.mul(KX, xr)), swap));
          v128.store(imP + py, swapIf(f64x2.add(f64x2.mul(C, yi), f64x2.mul(KX, xi)), swap));
          v128.store(lreP + px, f64x2.add(f64x2.mul(C, lxr), f64x2.mul(KY, lyr)));
          v128.store(limP + px, f64x2.add(f64x2.mul(C, lxi), f64x2.mul(KY, lyi)));
          v128.store(lreP + py, swapIf(f64x2.add(f64x2.mul(C, lyr), f64x2.mul(KX, lxr)), swap));
          v128.store(limP + py, swapIf(f64x2.add(f64x2.mul(C, lyi), f64x2.mul(KX, lxi)), swap));
        }
      }
    }
  }
  return f64x2.extract_lane(S, 0) + f64x2.extract_lane(S, 1);
}

export function pauliRotAdjoint(flip: i32, zMask: i32, nQubits: i32, reP: usize, imP: usize, lreP: usize, limP: usize,
  outP: usize, c: f64, k: f64, imag: i32): void {
  const dim = 1 << nQubits;
  let s = 0.0;
  if (flip >= 2) {
    const swap = (flip & 1) != 0;
    if (imag != 0)
      s = swap
        ? pauliRotAdjointVector(true, true, flip, zMask, dim, reP, imP, lreP, limP, c, k)
        : pauliRotAdjointVector(true, false, flip, zMask, dim, reP, imP, lreP, limP, c, k);
    else
      s = swap
        ? pauliRotAdjointVector(false, true, flip, zMask, dim, reP, imP, lreP, limP, c, k)
        : pauliRotAdjointVector(false, false, flip, zMask, dim, reP, imP, lreP, limP, c, k);
  } else {
    const fz = paritySign(flip & zMask);
    for (let x = 0; x < dim; x += 2) {
      const y = x + 1, sx = paritySign(x & zMask), sy = sx * fz, a = k * sy, b = k * sx;
      const px = <usize>x << 3, py = <usize>y << 3;
      const xr = load<f64>(reP + px), xi = load<f64>(imP + px), yr = load<f64>(reP + py), yi = load<f64>(imP + py);
      const lxr = load<f64>(lreP + px), lxi = load<f64>(limP + px), lyr = load<f64>(lreP + py), lyi = load<f64>(limP + py);
      if (imag != 0) {
        s += sy * (lxr * yi - lxi * yr) + sx * (lyr * xi - lyi * xr);
        store<f64>(reP + px, c * xr - a * yi); store<f64>(imP + px, c * xi + a * yr);
        store<f64>(reP + py, c * yr - b * xi); store<f64>(imP + py, c * yi + b * xr);
        store<f64>(lreP + px, c * lxr - a * lyi); store<f64>(limP + px, c * lxi + a * lyr);
        store<f64>(lreP + py, c * lyr - b * lxi); store<f64>(limP + py, c * lyi + b * lxr);
      } else {
        s += sy * (lxr * yr + lxi * yi) + sx * (lyr * xr + lyi * xi);
        store<f64>(reP + px, c * xr + a * yr); store<f64>(imP + px, c * xi + a * yi);
        store<f64>(reP + py, c * yr + b * xr); store<f64>(imP + py, c * yi + b * xi);
        store<f64>(lreP + px, c * lxr + a * lyr); store<f64>(limP + px, c * lxi + a * lyi);
        store<f64>(lreP + py, c * lyr + b * lxr); store<f64>(limP + py, c * lyi + b * lxi);
      }
    }
  }
  store<f64>(outP, imag != 0 ? 0.0 : s);
  store<f64>(outP + 8, imag != 0 ? s : 0.0);
}

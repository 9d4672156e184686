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

// Backward step through U: env[0..4] (f64) += g, the generator environment of ψ, λ after the gate (kernels.ts), then
// ψ ← U†ψ, λ ← U†λ. U is passed as U.
export function mat2Adjointf(target: i32, controls: i32, nQubits: i32, reP: usize, imP: usize, lreP: usize, limP: usize,
  envP: usize, ur: f32, ui: f32, vr: f32, vi: f32, wr: f32, wi: f32, zr: f32, zi: f32): void {
  // U† = [[conj u, conj w], [conj v, conj z]] with U = [[u, v], [w, z]]
  const ar = ur, ai = -ui, br = wr, bi = -wi, cr = vr, ci = -vi, dr = zr, di = -zi;
  const stride = 1 << (nQubits - 1 - target), dim = 1 << nQubits;
  let g0 = 0.0, g1 = 0.0, g2 = 0.0, g3 = 0.0;
  const zero = f32x4.splat(0);
  if (controls == 0 && stride >= 4) {
    const Ar = f32x4.splat(ar), Ai = f32x4.splat(ai), Br = f32x4.splat(br), Bi = f32x4.splat(bi);
    const Cr = f32x4.splat(cr), Ci = f32x4.splat(ci), Dr = f32x4.splat(dr), Di = f32x4.splat(di);
    let G0 = zero, G1 = zero, G2 = zero, G3 = zero;
    const sb = <usize>stride << 2;
    let count = 0;
    for (let base = 0; base < dim; base += 2 * stride) {
      const end = <usize>(base + stride) << 2;
      for (let o = <usize>base << 2; o < end; o += 16) {
        const xr = v128.load(reP + o), xi = v128.load(imP + o), yr = v128.load(reP + o + sb), yi = v128.load(imP + o + sb);
        const lxr = v128.load(lreP + o), lxi = v128.load(limP + o), lyr = v128.load(lreP + o + sb), lyi = v128.load(limP + o + sb);
        G0 = f32x4.add(G0, f32x4.sub(f32x4.mul(lxr, xi), f32x4.mul(lxi, xr)));
        G1 = f32x4.add(G1, f32x4.sub(f32x4.mul(lyr, yi), f32x4.mul(lyi, yr)));
        G2 = f32x4.add(G2, f32x4.sub(f32x4.add(f32x4.mul(lxr, yr), f32x4.mul(lxi, yi)), f32x4.add(f32x4.mul(lyr, xr), f32x4.mul(lyi, xi))));
        G3 = f32x4.add(G3, f32x4.add(f32x4.sub(f32x4.mul(lxr, yi), f32x4.mul(lxi, yr)), f32x4.sub(f32x4.mul(lyr, xi), f32x4.mul(lyi, xr))));
        v128.store(reP + o, f32x4.sub(f32x4.add(f32x4.mul(Ar, xr), f32x4.mul(Br, yr)), f32x4.add(f32x4.mul(Ai, xi), f32x4.mul(Bi, yi))));
        v128.store(imP + o, f32x4.add(f32x4.add(f32x4.mul(Ar, xi), f32x4.mul(Ai, xr)), f32x4.add(f32x4.mul(Br, yi), f32x4.mul(Bi, yr))));
        v128.store(reP + o + sb, f32x4.sub(f32x4.add(f32x4.mul(Cr, xr), f32x4.mul(Dr, yr)), f32x4.add(f32x4.mul(Ci, xi), f32x4.mul(Di, yi))));
        v128.store(imP + o + sb, f32x4.add(f32x4.add(f32x4.mul(Cr, xi), f32x4.mul(Ci, xr)), f32x4.add(f32x4.mul(Dr, yi), f32x4.mul(Di, yr))));
        v128.store(lreP + o, f32x4.sub(f32x4.add(f32x4.mul(Ar, lxr), f32x4.mul(Br, lyr)), f32x4.add(f32x4.mul(Ai, lxi), f32x4.mul(Bi, lyi))));
        v128.store(limP + o, f32x4.add(f32x4.add(f32x4.mul(Ar, lxi), f32x4.mul(Ai, lxr)), f32x4.add(f32x4.mul(Br, lyi), f32x4.mul(Bi, lyr))));
        v128.store(lreP + o + sb, f32x4.sub(f32x4.add(f32x4.mul(Cr, lxr), f32x4.mul(Dr, lyr)), f32x4.add(f32x4.mul(Ci, lxi), f32x4.mul(Di, lyi))));
        v128.store(limP + o + sb, f32x4.add(f32x4.add(f32x4.mul(Cr, lxi), f32x4.mul(Ci, lxr)), f32x4.add(f32x4.mul(Dr, lyi), f32x4.mul(Di, lyr))));
        if ((++count & FLUSH) == 0) {
          g0 += hsum(G0); g1 += hsum(G1); g2 += hsum(G2); g3 += hsum(G3);
          G0 = zero; G1 = zero; G2 = zero; G3 = zero;
        }
      }
    }
    g0 += hsum(G0); g1 += hsum(G1); g2 += hsum(G2); g3 += hsum(G3);
  } else if (controls == 0 && dim >= 4) {
    // lanes hold both members: D = conj(λ)⊙ψ gives N00 on first-member lanes and N11 on second-member lanes,
    // S = conj(λ)⊙swap(ψ) gives N01 on first-member lanes and N10 on second-member lanes (ψ, λ after the gate)
    const Ar = pattern(ar, dr, stride), Ai = pattern(ai, di, stride), Br = pattern(br, cr, stride), Bi = pattern(bi, ci, stride);
    let Di = zero, Sr = zero, Si = zero;
    let n00i = 0.0, n11i = 0.0, n01r = 0.0, n01i = 0.0, n10r = 0.0, n10i = 0.0;
    let count = 0;
    for (let o: usize = 0; o < (<usize>dim << 2); o += 16) {
      const vr = v128.load(reP + o), vi = v128.load(imP + o), sr = swapPairs(vr, stride), si = swapPairs(vi, stride);
      const lr = v128.load(lreP + o), li = v128.load(limP + o), lsr = swapPairs(lr, stride), lsi = swapPairs(li, stride);
      Di = f32x4.add(Di, f32x4.sub(f32x4.mul(lr, vi), f32x4.mul(li, vr)));
      Sr = f32x4.add(Sr, f32x4.add(f32x4.mul(lr, sr), f32x4.mul(li, si)));
      Si = f32x4.add(Si, f32x4.sub(f32x4.mul(lr, si), f32x4.mul(li, sr)));
      v128.store(reP + o, f32x4.sub(f32x4.add(f32x4.mul(Ar, vr), f32x4.mul(Br, sr)), f32x4.add(f32x4.mul(Ai, vi), f32x4.mul(Bi, si))));
      v128.store(imP + o, f32x4.add(f32x4.add(f32x4.mul(Ar, vi), f32x4.mul(Ai, vr)), f32x4.add(f32x4.mul(Br, si), f32x4.mul(Bi, sr))));
      v128.store(lreP + o, f32x4.sub(f32x4.add(f32x4.mul(Ar, lr), f32x4.mul(Br, lsr)), f32x4.add(f32x4.mul(Ai, li), f32x4.mul(Bi, lsi))));
      v128.store(limP + o, f32x4.add(f32x4.add(f32x4.mul(Ar, li), f32x4.mul(Ai, lr)), f32x4.add(f32x4.mul(Br, lsi), f32x4.mul(Bi, lsr))));
      if ((++count & FLUSH) == 0 || o + 16 >= (<usize>dim << 2)) {
        if (stride == 1) {
          n00i += lanes02(Di); n11i += lanes13(Di);
          n01r += lanes02(Sr); n01i += lanes02(Si); n10r += lanes13(Sr); n10i += lanes13(Si);
        } else {
          n00i += lanes01(Di); n11i += lanes23(Di);
          n01r += lanes01(Sr); n01i += lanes01(Si); n10r += lanes23(Sr); n10i += lanes23(Si);
        }
        Di = zero; Sr = zero; Si = zero;
      }
    }
    g0 = n00i; g1 = n11i; g2 = n01r - n10r; g3 = n01i + n10i;
  } else {
    for (let base = 0; base < dim; base += 2 * stride) {
      for (let i = base; i < base + stride; i++) {
        if ((i & controls) != controls) continue;
        const pi = <usize>i << 2, pj = <usize>(i + stride) << 2;
        const xr = load<f32>(reP + pi), xi = load<f32>(imP + pi), yr = load<f32>(reP + pj), yi = load<f32>(imP + pj);
        const lxr = load<f32>(lreP + pi), lxi = load<f32>(limP + pi), lyr = load<f32>(lreP + pj), lyi = load<f32>(limP + pj);
        g0 += <f64>(lxr * xi - lxi * xr);
        g1 += <f64>(lyr * yi - lyi * yr);
        g2 += <f64>(lxr * yr + lxi * yi - (lyr * xr + lyi * xi));
        g3 += <f64>(lxr * yi - lxi * yr + (lyr * xi - lyi * xr));
        store<f32>(reP + pi, ar * xr - ai * xi + br * yr - bi * yi);
        store<f32>(imP + pi, ar * xi + ai * xr + br * yi + bi * yr);
        store<f32>(reP + pj, cr * xr - ci * xi + dr * yr - di * yi);
        store<f32>(imP + pj, cr * xi + ci * xr + dr * yi + di * yr);
        store<f32>(lreP + pi, ar * lxr - ai * lxi + br * lyr - bi * lyi);
        store<f32>(limP + pi, ar * lxi + ai * lxr + br * lyi + bi * lyr);
        store<f32>(lreP + pj, cr * lxr - ci * lxi + dr * lyr - di * lyi);
        store<f32>(limP + pj, cr * lxi + ci * lxr + dr * lyi + di * lyr);
      }
    }
  }
  store<f64>(envP, load<f64>(envP) + g0); store<f64>(envP + 8, load<f64>(envP + 8) + g1);
  store<f64>(envP + 16, load<f64>(envP + 16) + g2); store<f64>(envP + 24, load<f64>(envP + 24) + g3);
}

// mat2Adjointf for U in SU(2) from u and v alone, as mat2AdjointSU2 in kernels.ts (four coefficient registers).
export function mat2AdjointSU2f(target: i32, controls: i32, nQubits: i32, reP: usize, imP: usize, lreP: usize,
  limP: usize, envP: usize, ur: f32, ui: f32, vr: f32, vi: f32): void {
  const stride = 1 << (nQubits - 1 - target), dim = 1 << nQubits;
  if (stride < 4 || controls != 0) {
    mat2Adjointf(target, controls, nQubits, reP, imP, lreP, limP, envP, ur, ui, vr, vi, -vr, vi, ur, -ui);
    return;
  }
  const zero = f32x4.splat(0), Ur = f32x4.splat(ur), Ui = f32x4.splat(ui), Vr = f32x4.splat(vr), Vi = f32x4.splat(vi);
  let G0 = zero, G1 = zero, G2 = zero, G3 = zero, g0 = 0.0, g1 = 0.0, g2 = 0.0, g3 = 0.0, count = 0;
  const sb = <usize>stride << 2;
  for (let base = 0; base < dim; base += 2 * stride) {
    const end = <usize>(base + stride) << 2;
    for (let o = <usize>base << 2; o < end; o += 16) {
      const xr = v128.load(reP + o), xi = v128.load(imP + o), yr = v128.load(reP + o + sb), yi = v128.load(imP + o + sb);
      const lxr = v128.load(lreP + o), lxi = v128.load(limP + o), lyr = v128.load(lreP + o + sb), lyi = v128.load(limP + o + sb);
      G0 = f32x4.add(G0, f32x4.sub(f32x4.mul(lxr, xi), f32x4.mul(lxi, xr)));
      G1 = f32x4.add(G1, f32x4.sub(f32x4.mul(lyr, yi), f32x4.mul(lyi, yr)));
      G2 = f32x4.add(G2, f32x4.sub(f32x4.add(f32x4.mul(lxr, yr), f32x4.mul(lxi, yi)), f32x4.add(f32x4.mul(lyr, xr), f32x4.mul(lyi, xi))));
      G3 = f32x4.add(G3, f32x4.add(f32x4.sub(f32x4.mul(lxr, yi), f32x4.mul(lxi, yr)), f32x4.sub(f32x4.mul(lyr, xi), f32x4.mul(lyi, xr))));
      v128.store(reP + o, f32x4.sub(f32x4.add(f32x4.mul(Ur, xr), f32x4.mul(Ui, xi)), f32x4.sub(f32x4.mul(Vr, yr), f32x4.mul(Vi, yi))));
      v128.store(imP + o, f32x4.sub(f32x4.sub(f32x4.mul(Ur, xi), f32x4.mul(Ui, xr)), f32x4.add(f32x4.mul(Vr, yi), f32x4.mul(Vi, yr))));
      v128.store(reP + o + sb, f32x4.add(f32x4.add(f32x4.mul(Vr, xr), f32x4.mul(Vi, xi)), f32x4.sub(f32x4.mul(Ur, yr), f32x4.mul(Ui, yi))));
      v128.store(imP + o + sb, f32x4.add(f32x4.sub(f32x4.mul(Vr, xi), f32x4.mul(Vi, xr)), f32x4.add(f32x4.mul(Ur, yi), f32x4.mul(Ui, yr))));
      v128.store(lreP + o, f32x4.sub(f32x4.add(f32x4.mul(Ur, lxr), f32x4.mul(Ui, lxi)), f32x4.sub(f32x4.mul(Vr, lyr), f32x4.mul(Vi, lyi))));
      v128.store(limP + o, f32x4.sub(f32x4.sub(f32x4.mul(Ur, lxi), f32x4.mul(Ui, lxr)), f32x4.add(f32x4.mul(Vr, lyi), f32x4.mul(Vi, lyr))));
      v128.store(lreP + o + sb, f32x4.add(f32x4.add(f32x4.mul(Vr, lxr), f32x4.mul(Vi, lxi)), f32x4.sub(f32x4.mul(Ur, lyr), f32x4.mul(Ui, lyi))));
      v128.store(limP + o + sb, f32x4.add(f32x4.sub(f32x4.mul(Vr, lxi), f32x4.mul(Vi, lxr)), f32x4.add(f32x4.mul(Ur, lyi), f32x4.mul(Ui, lyr))));
      if ((++count & FLUSH) == 0) {
        g0 += hsum(G0); g1 += hsum(G1); g2 += hsum(G2); g3 += hsum(G3);
        G0 = zero; G1 = zero; G2 = zero; G3 = zero;
      }
    }
  }
  g0 += hsum(G0); g1 += hsum(G1); g2 += hsum(G2); g3 += hsum(G3);
  store<f64>(envP, load<f64>(envP) + g0); store<f64>(envP + 8, load<f64>(envP + 8) + g1);
  store<f64>(envP + 16, load<f64>(envP + 16) + g2); store<f64>(envP + 24, load<f64>(envP + 24) + g3);
}

@inline function paritySignf(v: i32): f32 {
  return (popcnt<i32>(v) & 1) != 0 ? -1.0 : 1.0;
}

// Pauli rotations as in kernels.ts (κ's one nonzero part k, `imag`), four lanes x…x+3 (pivot bit clear) per vector:
// they map to the vector at (x⊕f) & ~3 with its lanes permuted by f & 3, and their signs follow z & 3 (`zLanes`).
@inline function permute(v: v128, f3: i32): v128 {
  if (f3 == 0) return v; // a literal 0 at the call site folds the whole function away
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

@inline function pauliRotVectorf(imag: bool, f3: i32, flip: i32, zMask: i32, dim: i32, reP: usize, imP: usize, c: f32, k: f32): void {
  const pivot = 1 << (31 - clz<i32>(flip)), R = runLengthf(zMask, pivot);
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
    // each variant compiled apart: no test of `imag`, and none of the lane order when flip leaves bits 0–1 alone
    const f3 = flip & 3;
    if (imag != 0) {
      if (f3 == 0) pauliRotVectorf(true, 0, flip, zMask, dim, reP, imP, c, k);
      else pauliRotVectorf(true, f3, flip, zMask, dim, reP, imP, c, k);
    } else if (f3 == 0) pauliRotVectorf(false, 0, flip, zMask, dim, reP, imP, c, k);
    else pauliRotVectorf(false, f3, flip, zMask, dim, reP, imP, c, k);
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
@inline function pauliRotAdjointVectorf(imag: bool, f3: i32, flip: i32, zMask: i32, dim: i32, reP: usize, imP: usize, lreP: usize,
  limP: usize, c: f32, k: f32): f64 {
  const pivot = 1 << (31 - clz<i32>(flip)), R = runLengthf(zMask, pivot);
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
    const f3 = flip & 3;
    if (imag != 0)
      s = f3 == 0
        ? pauliRotAdjointVectorf(true, 0, flip, zMask, dim, reP, imP, lreP, limP, c, k)
        : pauliRotAdjointVectorf(true, f3, flip, zMask, dim, reP, imP, lreP, limP, c, k);
    else
      s = f3 == 0
        ? pauliRotAdjointVectorf(false, 0, flip, zMask, dim, reP, imP, lreP, limP, c, k)
        : pauliRotAdjointVectorf(false, f3, flip, zMask, dim, reP, imP, lreP, limP, c, k);
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

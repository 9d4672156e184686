// Gate kernels of the cuda engine on batched states ψ [rows][dim] (row = blockIdx.y), the same ops as the CPU engine
// (src/engines/cpu/kernels, bit order of circuit/bits.ts: qubit q is index bit n−1−q). Each thread walks a
// grid-stride range of its row's pairs/amplitudes. Per-row gate data ("coefficients", computed on the host in Float64
// from θ) sit at coef[row·cs …]. Adjoint kernels uncompute ψ and λ and write per-thread partial sums of their gradient
// terms to partial[(row·T + t)·W + j] (T threads per row, W terms), which reduce.cuh sums: no atomics, so every
// result is deterministic.
#pragma once
#include "device.h"

/** The 2×2 matrix of one row, or its conjugate transpose. */
template <class R> struct M2 {
  R ar, ai, br, bi, cr, ci, dr, di;
};
template <class R> DEVT M2<R> load_m2(const R* u, int dagger) {
  if (!dagger) return {u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7]};
  return {u[0], -u[1], u[4], -u[5], u[2], -u[3], u[6], -u[7]};  // U† = [[a*, c*], [b*, d*]]
}
template <class R> DEVT void apply_m2(const M2<R>& m, Cx<R>& x, Cx<R>& y) {
  const Cx<R> p = {m.ar * x.re - m.ai * x.im + m.br * y.re - m.bi * y.im, m.ar * x.im + m.ai * x.re + m.br * y.im + m.bi * y.re};
  const Cx<R> q = {m.cr * x.re - m.ci * x.im + m.dr * y.re - m.di * y.im, m.cr * x.im + m.ci * x.re + m.dr * y.im + m.di * y.re};
  x = p;
  y = q;
}

/** ψ ← Uψ (U† when `dagger`) on the qubit of index bit `stride`, where all `controls` bits are 1. */
template <class R> DEVT void mat2(Cx<R>* psi, u32 dim, u32 stride, u32 controls, const R* coef, u32 cs, int dagger) {
  const u32 b = row_y();
  Cx<R>* s = psi + (u64)b * dim;
  const M2<R> m = load_m2(coef + (u64)b * cs, dagger);
  for (u32 k = thread_x(); k < dim / 2; k += threads_x()) {
    const u32 i = insert_zero(k, stride);
    if ((i & controls) != controls) continue;
    Cx<R> x = s[i], y = s[i | stride];
    apply_m2(m, x, y);
    s[i] = x;
    s[i | stride] = y;
  }
}

/**
 * One backward step through U: ψ ← U†ψ, then the environment M_ab = Σ conj(λ_a)·ψ_b (λ after the gate, ψ before
 * it; 8 partials [M00r, M00i, M01r, M01i, M10r, M10i, M11r, M11i]), then λ ← U†λ. As mat2AdjointStep (cpu/kernels/mat2.ts).
 */
template <class R>
DEVT void mat2_adjoint(Cx<R>* psi, Cx<R>* lam, u32 dim, u32 stride, u32 controls, const R* coef, u32 cs, double* partial) {
  const u32 b = row_y(), t = thread_x();
  Cx<R>* s = psi + (u64)b * dim;
  Cx<R>* l = lam + (u64)b * dim;
  const M2<R> m = load_m2(coef + (u64)b * cs, 1);
  R e[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (u32 k = t; k < dim / 2; k += threads_x()) {
    const u32 i = insert_zero(k, stride), j = i | stride;
    if ((i & controls) != controls) continue;
    Cx<R> p = s[i], q = s[j];
    apply_m2(m, p, q);
    s[i] = p;
    s[j] = q;
    Cx<R> x = l[i], y = l[j];
    e[0] += x.re * p.re + x.im * p.im; e[1] += x.re * p.im - x.im * p.re;
    e[2] += x.re * q.re + x.im * q.im; e[3] += x.re * q.im - x.im * q.re;
    e[4] += y.re * p.re + y.im * p.im; e[5] += y.re * p.im - y.im * p.re;
    e[6] += y.re * q.re + y.im * q.im; e[7] += y.re * q.im - y.im * q.re;
    apply_m2(m, x, y);
    l[i] = x;
    l[j] = y;
  }
  double* out = partial + ((u64)b * threads_x() + t) * 8;
  for (int j = 0; j < 8; j++) out[j] = e[j];
}

/**
 * Pauli rotation exp(−iφP), P|x⟩ = i^{nY}(−1)^{|x & zMask|}|x ⊕ flip⟩, in one pass over the pairs (x, x ⊕ flip) with the
 * `pivot` bit (the highest flip bit) clear. Row coefficients (cos φ, κr, κi), κ = −i·i^{nY} sin φ; `inverse` applies
 * exp(+iφP) (κ → −κ). As applyPauliRotInPlace (cpu/kernels/pauli.ts).
 */
template <class R> struct PauliPair {
  u32 x, y;
  R sx, sy;
};
template <class R> DEVT PauliPair<R> pauli_pair(u32 k, u32 flip, u32 zMask, u32 pivot) {
  const u32 x = insert_zero(k, pivot);
  const R sx = zsign<R>(x & zMask);
  return {x, x ^ flip, sx, sx * zsign<R>(flip & zMask)};
}
template <class R> DEVT void pauli_rotate(R c, R kr, R ki, R sx, R sy, Cx<R>& a, Cx<R>& b) {
  // a' = c·a + κ s(y)·b;  b' = c·b + κ s(x)·a
  const R ar = kr * sy, ai = ki * sy, br = kr * sx, bi = ki * sx;
  const Cx<R> na = {c * a.re + ar * b.re - ai * b.im, c * a.im + ar * b.im + ai * b.re};
  const Cx<R> nb = {c * b.re + br * a.re - bi * a.im, c * b.im + br * a.im + bi * a.re};
  a = na;
  b = nb;
}

template <class R> DEVT void pauli(Cx<R>* psi, u32 dim, u32 flip, u32 zMask, u32 pivot, const R* coef, u32 cs, int inverse) {
  const u32 b = row_y();
  Cx<R>* s = psi + (u64)b * dim;
  const R* u = coef + (u64)b * cs;
  const R c = u[0], kr = inverse ? -u[1] : u[1], ki = inverse ? -u[2] : u[2];
  for (u32 k = thread_x(); k < dim / 2; k += threads_x()) {
    const PauliPair<R> p = pauli_pair<R>(k, flip, zMask, pivot);
    pauli_rotate(c, kr, ki, p.sx, p.sy, s[p.x], s[p.y]);
  }
}

/**
 * Backward step: partials of Σ conj(λ(x))·s(y)ψ(y) + conj(λ(y))·s(x)ψ(x) = ⟨λ|P|ψ⟩/i^{nY} (re, im; λ and ψ after the
 * gate), then ψ and λ uncomputed with exp(+iφP). As pauliRotAdjointStep (cpu/kernels/pauli.ts).
 */
template <class R>
DEVT void pauli_adjoint(Cx<R>* psi, Cx<R>* lam, u32 dim, u32 flip, u32 zMask, u32 pivot, const R* coef, u32 cs, double* partial) {
  const u32 b = row_y(), t = thread_x();
  Cx<R>* s = psi + (u64)b * dim;
  Cx<R>* l = lam + (u64)b * dim;
  const R* u = coef + (u64)b * cs;
  const R c = u[0], kr = -u[1], ki = -u[2];
  R sr = 0, si = 0;
  for (u32 k = t; k < dim / 2; k += threads_x()) {
    const PauliPair<R> p = pauli_pair<R>(k, flip, zMask, pivot);
    Cx<R> x = s[p.x], y = s[p.y], lx = l[p.x], ly = l[p.y];
    sr += p.sy * (lx.re * y.re + lx.im * y.im) + p.sx * (ly.re * x.re + ly.im * x.im);
    si += p.sy * (lx.re * y.im - lx.im * y.re) + p.sx * (ly.re * x.im - ly.im * x.re);
    pauli_rotate(c, kr, ki, p.sx, p.sy, x, y);
    pauli_rotate(c, kr, ki, p.sx, p.sy, lx, ly);
    s[p.x] = x; s[p.y] = y; l[p.x] = lx; l[p.y] = ly;
  }
  double* out = partial + ((u64)b * threads_x() + t) * 2;
  out[0] = sr;
  out[1] = si;
}

/** e^{∓iφ(x)}, φ(x) = Σ_k c_k·(−1)^{|x & mask_k|}: the factor of a fused diagonal layer (conjugated when `dagger`). */
template <class R> DEVT Cx<R> diag_factor(u32 x, const u32* masks, u32 K, const R* c, int dagger) {
  R phi = 0;
  for (u32 k = 0; k < K; k++) phi += zsign<R>(x & masks[k]) * c[k];
  R sn, cs;
  sincos_r(phi, &sn, &cs);
  return {cs, dagger ? sn : -sn};
}
template <class R> DEVT void cmul(Cx<R>& a, const Cx<R>& f) {
  const Cx<R> r = {f.re * a.re - f.im * a.im, f.re * a.im + f.im * a.re};
  a = r;
}

/** ψ ← Dψ (D† when `dagger`) for the layer D = exp(−i Σ_k c_k Z_{mask_k}); c = the row's K coefficients. */
template <class R> DEVT void diag(Cx<R>* psi, u32 dim, const u32* masks, u32 K, const R* coef, u32 cs, int dagger) {
  const u32 b = row_y();
  Cx<R>* s = psi + (u64)b * dim;
  const R* c = coef + (u64)b * cs;
  for (u32 x = thread_x(); x < dim; x += threads_x()) cmul(s[x], diag_factor(x, masks, K, c, dagger));
}

/** Terms of a diagonal layer summed per adjoint pass (a register array per thread); more terms take more passes. */
#define DIAG_TERMS_PER_PASS 16

/**
 * Backward step through a diagonal layer for terms [first, first + count): partials of
 * S_k = Σ_x (−1)^{|x & mask_k|}·Im(conj(λ(x))ψ(x)) (= ∂L/∂c_k; the product is invariant under the layer's phases), and,
 * when `uncompute`, ψ ← D†ψ and λ ← D†λ. As DiagLayer.adjointStep (cpu/kernels/diag.ts).
 */
template <class R>
DEVT void diag_adjoint(Cx<R>* psi, Cx<R>* lam, u32 dim, const u32* masks, u32 K, const R* coef, u32 cs, u32 first, u32 count,
                       int uncompute, double* partial) {
  const u32 b = row_y(), t = thread_x();
  Cx<R>* s = psi + (u64)b * dim;
  Cx<R>* l = lam + (u64)b * dim;
  const R* c = coef + (u64)b * cs;
  R acc[DIAG_TERMS_PER_PASS];
#pragma unroll
  for (int j = 0; j < DIAG_TERMS_PER_PASS; j++) acc[j] = 0;
  for (u32 x = t; x < dim; x += threads_x()) {
    Cx<R> p = s[x], q = l[x];
    const R g = q.re * p.im - q.im * p.re;
#pragma unroll
    for (u32 j = 0; j < DIAG_TERMS_PER_PASS; j++)
      if (j < count) acc[j] += zsign<R>(x & masks[first + j]) * g;
    if (uncompute) {
      const Cx<R> f = diag_factor(x, masks, K, c, 1);
      cmul(p, f);
      cmul(q, f);
      s[x] = p;
      l[x] = q;
    }
  }
  double* out = partial + ((u64)b * threads_x() + t) * count;
#pragma unroll
  for (u32 j = 0; j < DIAG_TERMS_PER_PASS; j++)
    if (j < count) out[j] = acc[j];
}

/** Swaps two amplitudes field by field (an aggregate copy would go through local memory in the PTX). */
template <class R> DEVT void exchange(Cx<R>* a, Cx<R>* b) {
  const R ar = a->re, ai = a->im, br = b->re, bi = b->im;
  a->re = br;
  a->im = bi;
  b->re = ar;
  b->im = ai;
}

/** X on the qubit of index bit `stride` where all `controls` bits are 1 (self-inverse). */
template <class R> DEVT void flip(Cx<R>* psi, u32 dim, u32 stride, u32 controls) {
  Cx<R>* s = psi + (u64)row_y() * dim;
  for (u32 k = thread_x(); k < dim / 2; k += threads_x()) {
    const u32 i = insert_zero(k, stride);
    if ((i & controls) != controls) continue;
    exchange(s + i, s + (i | stride));
  }
}

/** Exchange the qubits of index bits ma and mb (self-inverse): each pair once, from the member with a = 1, b = 0. */
template <class R> DEVT void swap(Cx<R>* psi, u32 dim, u32 ma, u32 mb) {
  Cx<R>* s = psi + (u64)row_y() * dim;
  const u32 lo = ma < mb ? ma : mb, hi = ma < mb ? mb : ma;
  for (u32 k = thread_x(); k < dim / 4; k += threads_x()) {
    const u32 i = insert_zero(insert_zero(k, lo), hi) | ma;
    exchange(s + i, s + (i ^ ma ^ mb));
  }
}

/** A constant 4×4 unitary m (row-major, interleaved re/im) on index bits (m0, m1); local index 2·bit(m0) + bit(m1). */
template <class R> DEVT void mat4(Cx<R>* psi, u32 dim, u32 m0, u32 m1, const R* m) {
  Cx<R>* s = psi + (u64)row_y() * dim;
  const u32 lo = m0 < m1 ? m0 : m1, hi = m0 < m1 ? m1 : m0;
  for (u32 k = thread_x(); k < dim / 4; k += threads_x()) {
    const u32 i = insert_zero(insert_zero(k, lo), hi);
    const u32 idx[4] = {i, i | m1, i | m0, i | m0 | m1};
    Cx<R> v[4];
    for (int j = 0; j < 4; j++) v[j] = s[idx[j]];
    for (int r = 0; r < 4; r++) {
      R sr = 0, si = 0;
      for (int j = 0; j < 4; j++) {
        const R ur = m[2 * (4 * r + j)], ui = m[2 * (4 * r + j) + 1];
        sr += ur * v[j].re - ui * v[j].im;
        si += ur * v[j].im + ui * v[j].re;
      }
      s[idx[r]] = {sr, si};
    }
  }
}

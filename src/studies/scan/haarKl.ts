/**
 * The variance of KL(p‖q) over Haar-random n-qubit states, d = 2^n, with the loss as computed (losses/explicit.ts:
 * Σ p ln p − Σ p ln max(q, ε)). The Born vector q is Dirichlet(1, …, 1): q_x = E_x/S with E_x iid Exp(1), independent
 * of S = ΣE. By exchangeability, for f(q) = ln max(q, ε) and Σp² = Σ_x p(x)²,
 *   Var[KL] = Σp²·V₁ + (1 − Σp²)·C₁₂,  V₁ = Var f(q₁),  C₁₂ = Cov(f(q₁), f(q₂)),
 * with q₁ ~ Beta(1, d − 1) and q₂ | q₁ = (1 − q₁)·B, B ~ Beta(1, d − 2). Unclipped (ε = 0): V₁ = π²/6 − ψ₁(d) and
 * C₁₂ = −ψ₁(d), so Var = (π²/6)Σp² − ψ₁(d); [R]'s (π²/6)Σp² is its large-n limit. Clipped: both by quadrature.
 */
import { integrate } from '../../linalg/quadrature';

/** ψ₁(N), the trigamma function at an integer N ≥ 1: π²/6 − Σ_{k<N} 1/k², or its asymptotic series for N ≥ 10. */
export function trigammaInt(N: number): number {
  if (N < 10) {
    let s = Math.PI ** 2 / 6;
    for (let k = 1; k < N; k++) s -= 1 / (k * k);
    return s;
  }
  return 1 / N + 1 / (2 * N ** 2) + 1 / (6 * N ** 3) - 1 / (30 * N ** 5) + 1 / (42 * N ** 7);
}

/** Σ_x p(x)². */
export function collisionSum(p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i] * p[i];
  return s;
}

/** [R]'s large-n value (π²/6)Σp² (unclipped). */
export const klVarianceLargeN = (p: ArrayLike<number>): number => (Math.PI ** 2 / 6) * collisionSum(p);

/** The exact unclipped value (π²/6)Σp² − ψ₁(2^n). */
export const klVarianceHaar = (p: ArrayLike<number>, n: number): number => klVarianceLargeN(p) - trigammaInt(2 ** n);

/**
 * V₁ and C₁₂ (see the header) for d = 2^n and clipping ε > 0, by Gauss–Legendre quadrature. q₁ is written as
 * 1 − e^{−u/(d−1)} with u ~ Exp(1) (exact for Beta(1, d − 1)), integrated in s = ln u with a breakpoint at the clipping
 * kink q₁ = ε. C₁₂ = Cov(f(q₁), k(q₁)) with k(a) = E[f(q₂) | q₁ = a] − E[f(q₂) | q₁ = 0]
 * = ln(1 − a) + ∫_ε^{ε/(1−a)} P(B < τ)/τ dτ, which is O(1/d) and so computed without cancellation.
 */
export function clippedKlMoments(n: number, epsilon: number): { v1: number; c12: number } {
  const d = 2 ** n,
    m = d - 1;
  const qOf = (u: number) => -Math.expm1(-u / m);
  const f = (u: number) => Math.log(Math.max(qOf(u), epsilon));
  const cdfB = (t: number) => -Math.expm1((d - 2) * Math.log1p(-t)); // P(B < t), B ~ Beta(1, d − 2)
  const k = (u: number) => {
    const hi = Math.min(1, epsilon * Math.exp(u / m));
    return -u / m + (hi > epsilon ? integrate((t) => cdfB(t) / t, [epsilon, hi], 1, 16) : 0);
  };
  const sKink = Math.log(-m * Math.log1p(-epsilon)); // u where q₁ = ε
  const bp = [-50, ...(sKink > -50 && sKink < Math.log(60) ? [sKink] : []), Math.log(60)];
  const mean = (g: (u: number) => number) =>
    integrate(
      (s) => {
        const u = Math.exp(s);
        return g(u) * u * Math.exp(-u); // E_u[g] = ∫ g(u) e^{−u} du, du = u ds
      },
      bp,
      64,
      20,
    );
  const ef = mean(f),
    ek = mean(k);
  return { v1: mean((u) => (f(u) - ef) ** 2), c12: mean((u) => (f(u) - ef) * (k(u) - ek)) };
}

/** Var[KL] of Haar states with the loss's ε clipping (ε = 0: the unclipped exact value). */
export function klVarianceHaarClipped(p: ArrayLike<number>, n: number, epsilon: number): number {
  if (!(epsilon > 0)) return klVarianceHaar(p, n);
  const s2 = collisionSum(p),
    { v1, c12 } = clippedKlMoments(n, epsilon);
  return s2 * v1 + (1 - s2) * c12;
}

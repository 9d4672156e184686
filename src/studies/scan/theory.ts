/**
 * Closed forms the scan draws next to its measurements, each with what it assumes (bit order: circuit/bits.ts):
 *  - Haar product states (u_i Haar on each qubit; ansatz product-haar), data state |φ⟩ = Σ√p|x⟩: with s_i the Bloch
 *    vector of φ's qubit i, L_LQF = ½ − (1/2n)Σ r_i·s_i with r_i uniform on the sphere, so Var = Σ|s_i|²/(12n²)
 *    (1/(12n) for one data string); L_QF = 1 − Π c_i with c_i = |⟨x_i|u_i|0⟩|² ~ U[0, 1] for one data string x, so
 *    Var = 3^{−n} − 4^{−n};
 *  - the collision probability E Σ_x q(x)² of the model's Born distribution: 2/(2^n + 1) for Haar states (E q_x² =
 *    2/(d(d+1))), (2/3)^n for Haar product states, (3/4)^n for uniform RY angles (E[cos⁴ + sin⁴] of θ/2);
 *  - [O]'s bound (Pinsker, SCIENCE.md §4.2) on a visible observable O of a Haar state:
 *    E[(Tr Oρ_v − Tr O/D_v)²] ≤ 2‖O‖²(ln D_v − S_Page(D_v, D_h)).
 */
import { qubitMask } from '../../circuit/bits';
import { pageEntropy } from '../../state/page';

/** |s_i|² of |φ⟩ = Σ_x √p(x)|x⟩ for each qubit i: ⟨X_i⟩² + ⟨Z_i⟩² (⟨Y_i⟩ = 0 for real amplitudes). */
export function blochNormsSquared(p: ArrayLike<number>, n: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const m = qubitMask(i, n);
    let x = 0,
      z = 0;
    for (let k = 0; k < p.length; k++) {
      z += (k & m ? -1 : 1) * p[k];
      x += Math.sqrt(p[k] * p[k ^ m]);
    }
    return x * x + z * z;
  });
}

/** Var[L_LQF] over Haar product unitaries for data p [2^n]: Σ_i |s_i|²/(12n²). */
export function productHaarLqfVariance(p: ArrayLike<number>, n: number): number {
  return blochNormsSquared(p, n).reduce((a, b) => a + b, 0) / (12 * n * n);
}

/** Var[L_QF] over Haar product unitaries when p is one string (3^{−n} − 4^{−n}); null for any other data. */
export function productHaarQfVariance(p: ArrayLike<number>, n: number): number | null {
  let support = 0;
  for (let k = 0; k < p.length; k++) if (p[k] > 0) support++;
  return support === 1 ? 3 ** -n - 4 ** -n : null;
}

/** E Σ_x q(x)² of the scan's model distribution where a closed form exists: Haar states, product-haar, product (RY); else null. */
export function collisionProbability(ansatz: string, n: number, haarDepth: boolean): number | null {
  if (haarDepth || ansatz === 'haar') return 2 / (2 ** n + 1);
  if (ansatz === 'product-haar') return (2 / 3) ** n;
  if (ansatz === 'product') return 0.75 ** n;
  return null;
}

/** [O]'s bound 2‖O‖²(ln D_v − S_Page(D_v, D_h)) on E[(Tr Oρ_v − Tr O/D_v)²] for a Haar state on D_v·D_h dimensions. */
export function ortizVarianceBound(normSquared: number, dVisible: number, dHidden: number): number {
  return 2 * normSquared * (Math.log(dVisible) - pageEntropy(dVisible, dHidden));
}

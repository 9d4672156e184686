/**
 * The Lie-algebraic variance of a loss ℓ = Tr(A·W B W†) + const over a deep circuit, W Haar on the dynamical Lie
 * group, when A lies in ig ⊕ ℝ·I (Ragone et al., "A Lie algebraic theory of barren plateaus for deep parameterized
 * quantum circuits", Nat. Commun. 15, 7172 (2024), Thm 1; Fontana et al., Nat. Commun. 15, 7171 (2024)):
 *   Var ℓ = Σ_j P_j(A)·P_j(B)/dim g_j over the simple ideals g_j, with P_j(H) = ‖projection of H on g_j‖²_HS
 * (the centre contributes nothing). For the scan's data-free costs (zz, cerezo-local, cerezo-global) A = C†OC and
 * B = |ψ₀⟩⟨ψ₀| (ψ₀: the fixed gates before the first parameter applied to |0…0⟩); for lqf and qf, which read U†|φ⟩,
 * A = H_L or |0…0⟩⟨0…0| and B = C†|φ⟩⟨φ|C (clifford.ts). Pauli coordinates: ⟨P/√d, H⟩ = Tr(PH)/√d, d = 2^n.
 */
import { Circuit } from '../../circuit/circuit';
import { NotSupportedError } from '../../errors';
import { againstFrame, pauliFrame, throughFrame } from './clifford';
import { Dla, dynamicalLieAlgebra } from './lieClosure';
import { expectation, Pauli, pauliKey, SignedPauli } from './pauli';

export const LIE_LOSSES = ['zz', 'cerezo-local', 'cerezo-global', 'lqf', 'qf'] as const;
export type LieLoss = (typeof LIE_LOSSES)[number];

export interface LiePrediction {
  dla: Dla;
  /** The predicted Var[ℓ]; null when it does not apply (`note` says why). */
  variance: number | null;
  note?: string;
}

/** Z-strings with coefficients: the traceless part of a loss's diagonal observable, before any frame. */
function diagonalObservable(loss: LieLoss, n: number): { p: SignedPauli; c: number }[] {
  const z = (mask: number) => ({ x: 0, z: mask, sign: 1 });
  switch (loss) {
    case 'zz':
      return [{ p: z(0b11 << (n - 2)), c: 1 }];
    case 'cerezo-local':
    case 'lqf':
      return Array.from({ length: n }, (_, q) => ({ p: z(1 << (n - 1 - q)), c: 1 / (2 * n) }));
    case 'cerezo-global':
    case 'qf':
      return Array.from({ length: 2 ** n - 1 }, (_, s) => ({ p: z(s + 1), c: 1 / 2 ** n }));
  }
}

/**
 * Var ℓ predicted for `loss` on `circuit`: `initial` is ψ₀ (re, im) [2^n] for the data-free costs, `data` is φ's
 * amplitudes √p [2^n] for lqf/qf. Returns the DLA with a null variance when the observable leaves ig ⊕ ℝI or the DLA
 * could not be decomposed.
 */
export function lieVariance(
  circuit: Circuit,
  loss: LieLoss,
  state: { initial?: { re: ArrayLike<number>; im: ArrayLike<number> }; data?: ArrayLike<number> },
  cap = 4096,
): LiePrediction {
  const n = circuit.nQubits,
    d = 2 ** n;
  const frame = pauliFrame(circuit);
  const dla = dynamicalLieAlgebra(frame.generators, n, cap);
  if (!dla.complete) return { dla, variance: null, note: `DLA larger than ${cap} Pauli strings` };
  if (!dla.ideals)
    return { dla, variance: null, note: 'a component of the DLA is too large to split into simple ideals' };
  const quantum = loss === 'lqf' || loss === 'qf';
  if (quantum && frame.prefix.length)
    throw new NotSupportedError(`lieVariance: ${loss} with fixed gates before the first parameter`);
  // A: Pauli coordinates a_P·√d (A = Σ a_P P); B: ⟨χ|P|χ⟩/√d
  const index = new Map(dla.basis.map((p, i) => [pauliKey(p, n), i]));
  const a = new Float64Array(dla.basis.length);
  for (const { p, c } of diagonalObservable(loss, n)) {
    const q = quantum ? p : throughFrame(p, frame.frame, n);
    const i = index.get(pauliKey(q, n));
    if (i === undefined)
      return {
        dla,
        variance: null,
        note: "the observable is not in the DLA (plus identity): Ragone et al.'s formula does not apply",
      };
    a[i] += q.sign * c * Math.sqrt(d);
  }
  const b = new Float64Array(dla.basis.length);
  const re = quantum ? Float64Array.from(state.data!, Math.sqrt) : state.initial!.re,
    im = quantum ? new Float64Array(d) : state.initial!.im;
  dla.basis.forEach((p: Pauli, i) => {
    const q = quantum ? againstFrame({ ...p, sign: 1 }, frame.frame, n) : { ...p, sign: 1 };
    b[i] = (q.sign * expectation(q, re, im)) / Math.sqrt(d);
  });
  let variance = 0;
  for (const ideal of dla.ideals) {
    const pa = purity(ideal.component, ideal.vectors, a),
      pb = purity(ideal.component, ideal.vectors, b);
    variance += (pa * pb) / ideal.dim;
  }
  return { dla, variance };
}

/** ‖projection on the ideal‖² of a vector given in Pauli coordinates (indices into the basis). */
function purity(component: readonly number[], vectors: Float64Array[] | null, v: Float64Array): number {
  if (!vectors) return component.reduce((s, i) => s + v[i] * v[i], 0);
  return vectors.reduce((s, w) => s + component.reduce((t, i, j) => t + w[j] * v[i], 0) ** 2, 0);
}

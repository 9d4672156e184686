/**
 * Classical generative models of binary images used as baselines next to quantum ones: what a fitted model must offer
 * so that a comparison can judge it like a Born machine — exact Z-correlators ⟨Z_a⟩ = Σ_x q(x)(−1)^{x·a} for any masks
 * (bit rows, any n), the distribution q [2^n] where it fits (n ≤ 20, like the state vector), and seeded samples at any n.
 * Bit order: qubit 0 first (bitRows.ts); Z eigenvalue +1 for bit 0.
 */
import { BitRows } from '../../data/bitRows';
import { Rng } from '../../rng';

/** Largest n whose q [2^n] is built (the state vector's limit, models/iqp/circuit.ts). */
export const CLASSICAL_DISTRIBUTION_QUBITS = 20;

export interface ClassicalModel {
  /** Short name for reports, e.g. "Chow–Liu tree". */
  label: string;
  nQubits: number;
  /** Free parameters (probabilities) of the fitted model. */
  nParams: number;
  /** Exact ⟨Z_a⟩ for every row of `masks`, [masks.rows]. */
  correlators(masks: BitRows): Float64Array;
  /** q(x) for every basis index x (qubit 0 = most significant bit), [2^n]; null for n > 20. */
  distribution(): Float64Array | null;
  /** `count` independent samples. */
  sample(count: number, rng: Rng): BitRows;
}

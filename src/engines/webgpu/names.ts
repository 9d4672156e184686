/**
 * Names and attributes of plateau's own tfjs kernels (registered for the webgpu backend by registerPlateauKernels).
 * All act on the tensor engine's packed state S = [2 (re, im), batch, 2^n], float32, qubit 0 = most significant bit;
 * masks are bit masks over the basis index (circuit/bits.ts). Each kernel has a generic tf-op twin in
 * engines/tensor/ops.ts (or losses/walsh.ts) that it is tested against.
 */
import * as tf from '@tensorflow/tfjs';

/** ψ ← Uψ on one target, U a real 4×4 embedding per row ([B or 1, 4, 4]), only where all `controls` bits are 1. */
export const PlateauApplyMat2 = 'PlateauApplyMat2';
export interface ApplyMat2Attrs extends tf.NamedAttrMap {
  target: number;
  nQubits: number;
  controls: number;
  /** Apply Uᵀ instead of U (the state's cotangent). */
  transposed: boolean;
}

/** [B or 1, 4, 4] partial sums of dL/dU: Σ over amplitude pairs of cot ⊗ ψ, reduced by the kernel in chunks. */
export const PlateauMat2Outer = 'PlateauMat2Outer';

/** y[…, i] = x[…, map(i)], map(i) = i ⊕ flip where (i & controls) = controls and |i & parity| is odd (parity 0: always). */
export const PlateauBitPermute = 'PlateauBitPermute';
export interface BitPermuteAttrs extends tf.NamedAttrMap {
  controls: number;
  flip: number;
  parity: number;
}

/** ψ ← e^{−i·sign·φ}ψ with φ(b, x) = Σ_k coef[b, k]·(−1)^{|x & masks[k]|}: a fused diagonal layer. */
export const PlateauPhase = 'PlateauPhase';
export interface PhaseAttrs extends tf.NamedAttrMap {
  /** +1 forward, −1 for the adjoint (the state's cotangent). */
  sign: number;
}
/** dL/dcoef of PlateauPhase from its output y and cotangent: Σ_x (dy_re·y_im − dy_im·y_re)·(−1)^{|x & mask_k|}. */
export const PlateauPhaseCoefGrad = 'PlateauPhaseCoefGrad';

/** ψ ← cos φ·ψ + sin φ·R ψ, R ψ(x) = i^ρ·(−1)^{|(x ⊕ signXor) & zMask|}·ψ(x ⊕ flip): exp(−iφP) of a Pauli string. */
export const PlateauPauliRotation = 'PlateauPauliRotation';
export interface PauliRotationAttrs extends tf.NamedAttrMap {
  flip: number;
  zMask: number;
  /** flip for the forward map; 0 for its transpose. */
  signXor: number;
  rho: number;
}
/** dL/dφ of PlateauPauliRotation, [B or 1, 1]. */
export const PlateauPauliPhiGrad = 'PlateauPauliPhiGrad';

/** Born probabilities |ψ|² = re² + im², [2, B, D] → [B, D]. */
export const PlateauBornProbs = 'PlateauBornProbs';
/** dL/dS of PlateauBornProbs: 2·S·dy. */
export const PlateauBornProbsGrad = 'PlateauBornProbsGrad';

/** Unnormalised Walsh–Hadamard transform of every row of [B, 2^n] (symmetric, so its own gradient). */
export const PlateauWalsh = 'PlateauWalsh';

export const PLATEAU_KERNEL_NAMES = [
  PlateauApplyMat2,
  PlateauMat2Outer,
  PlateauBitPermute,
  PlateauPhase,
  PlateauPhaseCoefGrad,
  PlateauPauliRotation,
  PlateauPauliPhiGrad,
  PlateauBornProbs,
  PlateauBornProbsGrad,
  PlateauWalsh,
] as const;

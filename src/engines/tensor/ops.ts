/**
 * The tensor engine's gate ops on the packed state S = [2 (re, im), batch, 2^n], each behind one function with two
 * implementations chosen by `fast`: plateau's webgpu kernels (engines/webgpu, one pass over the state, no 2^n tables)
 * or generic tf ops that run on every backend. test/engines/webgpu checks one against the other, values and gradients.
 * Generic forms: a one-qubit gate is two rank-5 transposes and one batched [B, 4, 4] @ [B, 4, ·] matMul (no broadcast,
 * whose gradient tfjs gets wrong); a diagonal layer is [B, K] @ [K, 2^n] plus cos/sin; permutations are gathers with
 * an inverse-gather gradient (wasm has no gather gradient).
 */
import * as tf from '@tensorflow/tfjs';
import {
  PlateauApplyMat2,
  PlateauBitPermute,
  PlateauBornProbs,
  PlateauPauliRotation,
  PlateauPhase,
} from '../webgpu/names';
import { TensorOp } from './program';
import { permuteLastAxis } from './permute';

export type Packed = tf.Tensor3D; // [2, B, D]
type Op<K extends TensorOp['op']> = Extract<TensorOp, { op: K }>;

const run = (name: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap) =>
  tf.engine().runKernel(name, inputs, attrs) as Packed;

/** ψ ← Uψ on the op's target (only where its control bits are set), U a real 4×4 embedding per row [B, 4, 4]. */
export function applyMat2(s: Packed, u: tf.Tensor3D, op: Op<'mat2'>, n: number, fast: boolean): Packed {
  if (fast)
    return run(
      PlateauApplyMat2,
      { state: s, u },
      { target: op.target, nQubits: n, controls: op.controls, transposed: false },
    );
  const [, B, D] = s.shape;
  const H = 2 ** op.target,
    L = 2 ** (n - 1 - op.target);
  const x = tf.reshape(tf.transpose(tf.reshape(s, [2, B, H, 2, L]), [1, 0, 3, 2, 4]), [B, 4, H * L]);
  const y = tf.matMul(u, x);
  const next = tf.reshape(tf.transpose(tf.reshape(y, [B, 2, 2, H, L]), [1, 0, 3, 2, 4]), [2, B, D]) as Packed;
  return op.controlMask ? (tf.add(s, tf.mul(op.controlMask, tf.sub(next, s))) as Packed) : next;
}

/** ψ ← (cos φ·re + sin φ·im, cos φ·im − sin φ·re): multiplication by e^{−iφ}. */
function phaseMul(s: Packed, cos: tf.Tensor, sin: tf.Tensor): Packed {
  const [re, im] = tf.unstack(s);
  return tf.stack([tf.add(tf.mul(re, cos), tf.mul(im, sin)), tf.sub(tf.mul(im, cos), tf.mul(re, sin))]) as Packed;
}

/**
 * A fused diagonal layer e^{−iφ}, φ(b, x) = Σ_k coef[b, k]·(−1)^{|x & mask_k|}; `coef` [B, K] is null for a layer of
 * constant angles (its values are in the program).
 */
export function applyDiag(s: Packed, coef: tf.Tensor2D | null, op: Op<'diag'>, fast: boolean): Packed {
  if (fast) return run(PlateauPhase, { state: s, coef: coef ?? op.constCoef!, masks: op.masks! }, { sign: 1 });
  if (!coef) return phaseMul(s, op.constant!.cos, op.constant!.sin);
  const phi = tf.matMul(coef, op.table!); // [B, D]
  return phaseMul(s, tf.cos(phi), tf.sin(phi));
}

/** y[…, i] = x[…, map(i)] for the op's involutive bit map. */
export function permute(s: Packed, op: Op<'perm'>, fast: boolean): Packed {
  if (fast) return run(PlateauBitPermute, { x: s }, { controls: op.controls, flip: op.flip, parity: op.parity });
  const [, B, D] = s.shape;
  return tf.reshape(permuteLastAxis(tf.reshape(s, [2 * B, D]), op.perm!, op.inverse!), [2, B, D]);
}

/** exp(−iφP) with φ [B, 1]: cos φ·ψ + sin φ·i^ρ·(−1)^{|(x ⊕ flip) & zMask|}·ψ(x ⊕ flip). */
export function pauliRotation(s: Packed, phi: tf.Tensor2D, op: Op<'pauli'>, fast: boolean): Packed {
  if (fast)
    return run(
      PlateauPauliRotation,
      { state: s, phi },
      { flip: op.flip, zMask: op.zMask, signXor: op.flip, rho: op.rho },
    );
  const [, B, D] = s.shape;
  const c = tf.cos(phi),
    sn = tf.sin(phi); // [B, 1]
  const g = tf.reshape(permuteLastAxis(tf.reshape(s, [2 * B, D]), op.perm!, op.perm!), [2, B, D]);
  const [gr, gi] = tf.unstack(tf.mul(g, op.sign!));
  const rot = [
    [gr, gi],
    [tf.neg(gi), gr],
    [tf.neg(gr), tf.neg(gi)],
    [gi, tf.neg(gr)],
  ][op.rho];
  const [re, im] = tf.unstack(s);
  return tf.stack([tf.add(tf.mul(c, re), tf.mul(sn, rot[0])), tf.add(tf.mul(c, im), tf.mul(sn, rot[1]))]) as Packed;
}

/** Born probabilities re² + im²: [2, B, D] → [B, D]. */
export function bornProbsPacked(s: Packed, fast: boolean): tf.Tensor2D {
  if (fast) return run(PlateauBornProbs, { state: s }, {}) as tf.Tensor as tf.Tensor2D;
  return tf.sum(tf.square(s), 0) as tf.Tensor2D;
}

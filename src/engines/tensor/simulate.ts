/**
 * The tensor engine: gates as tf ops on a packed state S = [2 (re, im), batch, 2^n], gradients by the tfjs tape.
 * It runs on every backend and is the GPU path, so it keeps the op count low: all one-qubit matrices of a circuit
 * come from one batched cos/sin and a chain of [B·G, 4, 4] matMuls; a one-qubit gate is two rank-5 transposes and one
 * batched [B, 4, 4] @ [B, 4, ·] matMul (no broadcast, whose gradient tfjs gets wrong); a diagonal layer is one
 * [B, K] @ [K, 2^n] matMul plus cos/sin; permutations are gathers with an inverse-gather gradient. No tensor exceeds
 * rank 5 except the reshape/transpose pair of a 4×4 gate (rank 7; wasm computes transposes right at any rank).
 */
import * as tf from '@tensorflow/tfjs';
import { Complex } from '../../complex/complex';
import { TensorProgram } from './program';
import { permuteLastAxis } from './permute';

type Packed = tf.Tensor3D; // [2, B, D]

/** Per-row real 4×4 embeddings of every fused one-qubit op, [B, G, 4, 4]. */
function mat2Embeddings(prog: TensorProgram, theta: tf.Tensor2D): tf.Tensor4D | null {
  const { nMat2: G, maxFactors: m } = prog;
  if (G === 0) return null;
  const B = theta.shape[0];
  const angles = tf.add(tf.matMul(theta, prog.factorW), prog.factorB); // [B, F]
  const c = tf.expandDims(tf.cos(angles), 2), s = tf.expandDims(tf.sin(angles), 2);
  const e = tf.add(tf.add(prog.k0, tf.mul(c, prog.k1)), tf.mul(s, prog.k2)); // [B, F, 16], F = m·G (factor-major)
  const byFactor = tf.reshape(e, [B, m, G * 16]);
  let u = tf.reshape(tf.slice(byFactor, [0, 0, 0], [B, 1, G * 16]), [B * G, 4, 4]);
  for (let j = 1; j < m; j++) {
    const f = tf.reshape(tf.slice(byFactor, [0, j, 0], [B, 1, G * 16]), [B * G, 4, 4]);
    u = tf.matMul(f, u); // U = F_{m−1} ⋯ F_0
  }
  return tf.reshape(u, [B, G, 4, 4]);
}

/** ψ ← Uψ on `target` with per-row U [B, 4, 4] (real embedding). */
function applyMat2(s: Packed, u: tf.Tensor3D, target: number, n: number): Packed {
  const [, B, D] = s.shape;
  const H = 2 ** target, L = 2 ** (n - 1 - target);
  const x = tf.reshape(tf.transpose(tf.reshape(s, [2, B, H, 2, L]), [1, 0, 3, 2, 4]), [B, 4, H * L]);
  const y = tf.matMul(u, x);
  return tf.reshape(tf.transpose(tf.reshape(y, [B, 2, 2, H, L]), [1, 0, 3, 2, 4]), [2, B, D]);
}

function applyMat4(s: Packed, e: tf.Tensor2D, q0: number, q1: number, n: number): Packed {
  const [, B, D] = s.shape;
  const hi = Math.min(q0, q1), lo = Math.max(q0, q1);
  const shape = [2, B, 2 ** hi, 2, 2 ** (lo - hi - 1), 2, 2 ** (n - 1 - lo)];
  const a0 = q0 < q1 ? 3 : 5, a1 = q0 < q1 ? 5 : 3;
  const perm = [0, a0, a1, 1, 2, 4, 6];
  const x = tf.transpose(tf.reshape(s, shape), perm);
  const y = tf.reshape(tf.matMul(e, tf.reshape(x, [8, -1])), x.shape);
  const inv = perm.map((_, k) => perm.indexOf(k));
  return tf.reshape(tf.transpose(y, inv), [2, B, D]);
}

/** ψ ← (cos φ·re + sin φ·im, cos φ·im − sin φ·re): multiplication by e^{−iφ}. */
function applyPhase(s: Packed, cos: tf.Tensor, sin: tf.Tensor): Packed {
  const [re, im] = tf.unstack(s);
  return tf.stack([tf.add(tf.mul(re, cos), tf.mul(im, sin)), tf.sub(tf.mul(im, cos), tf.mul(re, sin))]) as Packed;
}

function permutePacked(s: Packed, perm: tf.Tensor1D, inverse: tf.Tensor1D): Packed {
  const [, B, D] = s.shape;
  return tf.reshape(permuteLastAxis(tf.reshape(s, [2 * B, D]), perm, inverse), [2, B, D]);
}

/** |0…0⟩ for every row, or the given initial state(s) broadcast to the batch. */
function initialState(B: number, D: number, init?: Complex<tf.Tensor2D>): Packed {
  if (!init) return tf.reshape(tf.concat([tf.oneHot(tf.zeros([B], 'int32'), D).toFloat(), tf.zeros([B, D])]), [2, B, D]);
  const s = tf.stack([init.re, init.im]) as Packed;
  return s.shape[1] === B ? s : (tf.tile(s, [1, B, 1]) as Packed);
}

/** θ [B, P] → packed state [2, B, 2^n]. Call inside tf.tidy (the engine wrapper does). */
export function simulatePacked(prog: TensorProgram, theta: tf.Tensor2D, init?: Complex<tf.Tensor2D>): Packed {
  const { nQubits: n, dim: D, nParams: P } = prog.plan;
  const B = theta.shape[0];
  const th = P === 0 ? tf.zeros([B, 1]) as tf.Tensor2D : theta;
  const u = mat2Embeddings(prog, th);
  const diag = prog.diagW.shape[1]! > 0 ? tf.add(tf.matMul(th, prog.diagW), prog.diagB) : null; // [B, K]
  const pauli = prog.pauliW.shape[1]! > 0 ? tf.add(tf.matMul(th, prog.pauliW), prog.pauliB) : null; // [B, R]
  let s = initialState(B, D, init);
  for (const op of prog.ops) {
    switch (op.op) {
      case 'mat2': {
        const ug = tf.reshape(tf.slice(u!, [0, op.index, 0, 0], [B, 1, 4, 4]), [B, 4, 4]) as tf.Tensor3D;
        const next = applyMat2(s, ug, op.target, n);
        s = op.controlMask ? (tf.add(s, tf.mul(op.controlMask, tf.sub(next, s))) as Packed) : next;
        break;
      }
      case 'diag': {
        if (op.constant) {
          s = applyPhase(s, op.constant.cos, op.constant.sin);
          break;
        }
        const phi = tf.matMul(tf.slice(diag!, [0, op.coefIndex], [B, op.count]), op.table); // [B, D]
        s = applyPhase(s, tf.cos(phi), tf.sin(phi));
        break;
      }
      case 'perm':
        s = permutePacked(s, op.perm, op.inverse);
        break;
      case 'pauli': {
        const phi = tf.slice(pauli!, [0, op.slot], [B, 1]);
        const c = tf.cos(phi), sn = tf.sin(phi); // [B, 1]
        const [gr, gi] = tf.unstack(tf.mul(permutePacked(s, op.perm, op.perm), op.sign));
        // sin φ · i^ρ · (gr + i·gi)
        const rot = [[gr, gi], [tf.neg(gi), gr], [tf.neg(gr), tf.neg(gi)], [gi, tf.neg(gr)]][op.rho];
        const [re, im] = tf.unstack(s);
        s = tf.stack([tf.add(tf.mul(c, re), tf.mul(sn, rot[0])), tf.add(tf.mul(c, im), tf.mul(sn, rot[1]))]) as Packed;
        break;
      }
      case 'mat4':
        s = applyMat4(s, op.embedding, op.q0, op.q1, n);
        break;
    }
  }
  return s;
}

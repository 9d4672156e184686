/**
 * The tensor engine: gates as tf ops on a packed state S = [2 (re, im), batch, 2^n], gradients by the tfjs tape.
 * It runs on every backend and is the GPU path, so it keeps the op count low: all one-qubit matrices of a circuit
 * come from one batched cos/sin and a chain of [B·G, 4, 4] matMuls, and each gate is one op of ops.ts (a webgpu kernel
 * in a `fast` program, generic tf ops otherwise). No tensor exceeds rank 6 (the webgpu backend's limit; wasm computes
 * elementwise ops wrongly above it).
 */
import * as tf from '@tensorflow/tfjs';
import { Complex } from '../../complex/complex';
import { TensorProgram } from './program';
import { applyDiag, applyMat2, Packed, pauliRotation, permute } from './ops';

/** Per-row real 4×4 embeddings of every fused one-qubit op, [B, G, 4, 4]. */
function mat2Embeddings(prog: TensorProgram, theta: tf.Tensor2D): tf.Tensor4D | null {
  const { nMat2: G, maxFactors: m } = prog;
  if (G === 0) return null;
  const B = theta.shape[0];
  const angles = tf.add(tf.matMul(theta, prog.factorW), prog.factorB); // [B, F]
  const c = tf.expandDims(tf.cos(angles), 2),
    s = tf.expandDims(tf.sin(angles), 2);
  const e = tf.add(tf.add(prog.k0, tf.mul(c, prog.k1)), tf.mul(s, prog.k2)); // [B, F, 16], F = m·G (factor-major)
  const byFactor = tf.reshape(e, [B, m, G * 16]);
  let u = tf.reshape(tf.slice(byFactor, [0, 0, 0], [B, 1, G * 16]), [B * G, 4, 4]);
  for (let j = 1; j < m; j++) {
    const f = tf.reshape(tf.slice(byFactor, [0, j, 0], [B, 1, G * 16]), [B * G, 4, 4]);
    u = tf.matMul(f, u); // U = F_{m−1} ⋯ F_0
  }
  return tf.reshape(u, [B, G, 4, 4]);
}

/** A constant two-qubit gate (real 8×8 embedding) on (q0, q1); the batch and the bits above both qubits share an axis. */
function applyMat4(s: Packed, e: tf.Tensor2D, q0: number, q1: number, n: number): Packed {
  const [, B, D] = s.shape;
  const hi = Math.min(q0, q1),
    lo = Math.max(q0, q1);
  const shape = [2, B * 2 ** hi, 2, 2 ** (lo - hi - 1), 2, 2 ** (n - 1 - lo)];
  const a0 = q0 < q1 ? 2 : 4,
    a1 = q0 < q1 ? 4 : 2;
  const perm = [0, a0, a1, 1, 3, 5];
  const x = tf.transpose(tf.reshape(s, shape), perm);
  const y = tf.reshape(tf.matMul(e, tf.reshape(x, [8, -1])), x.shape);
  const inv = perm.map((_, k) => perm.indexOf(k));
  return tf.reshape(tf.transpose(y, inv), [2, B, D]);
}

/** |0…0⟩ for every row, or the given initial state(s) broadcast to the batch. */
function initialState(B: number, D: number, init?: Complex<tf.Tensor2D>): Packed {
  if (!init)
    return tf.reshape(tf.concat([tf.oneHot(tf.zeros([B], 'int32'), D).toFloat(), tf.zeros([B, D])]), [2, B, D]);
  const s = tf.stack([init.re, init.im]) as Packed;
  return s.shape[1] === B ? s : (tf.tile(s, [1, B, 1]) as Packed);
}

/** θ [B, P] → packed state [2, B, 2^n]. Call inside tf.tidy (the engine wrapper does). */
export function simulatePacked(prog: TensorProgram, theta: tf.Tensor2D, init?: Complex<tf.Tensor2D>): Packed {
  const { nQubits: n, dim: D, nParams: P } = prog.plan;
  const B = theta.shape[0];
  const th = P === 0 ? (tf.zeros([B, 1]) as tf.Tensor2D) : theta;
  const u = mat2Embeddings(prog, th);
  const diag = prog.diagW.shape[1]! > 0 ? tf.add(tf.matMul(th, prog.diagW), prog.diagB) : null; // [B, K]
  const pauli = prog.pauliW.shape[1]! > 0 ? tf.add(tf.matMul(th, prog.pauliW), prog.pauliB) : null; // [B, R]
  let s = initialState(B, D, init);
  // Without a gradient tape nothing needs the intermediate states: free each one as soon as the next exists, so a
  // forward-only pass (sampling, parameter shift, evaluation) holds O(1) states instead of one per gate.
  const free = !tf.engine().isTapeOn();
  const step = (f: () => Packed) => {
    if (!free) return void (s = f());
    const prev = s;
    s = tf.tidy(f);
    prev.dispose();
  };
  for (const op of prog.ops) {
    switch (op.op) {
      case 'mat2':
        step(() =>
          applyMat2(
            s,
            tf.reshape(tf.slice(u!, [0, op.index, 0, 0], [B, 1, 4, 4]), [B, 4, 4]) as tf.Tensor3D,
            op,
            n,
            prog.fast,
          ),
        );
        break;
      case 'diag': {
        const constant = op.constant !== null || op.constCoef !== null;
        step(() =>
          applyDiag(
            s,
            constant ? null : (tf.slice(diag!, [0, op.coefIndex], [B, op.count]) as tf.Tensor2D),
            op,
            prog.fast,
          ),
        );
        break;
      }
      case 'perm':
        step(() => permute(s, op, prog.fast));
        break;
      case 'pauli':
        step(() => pauliRotation(s, tf.slice(pauli!, [0, op.slot], [B, 1]) as tf.Tensor2D, op, prog.fast));
        break;
      case 'mat4':
        step(() => applyMat4(s, op.embedding, op.q0, op.q1, n));
        break;
    }
  }
  return s;
}

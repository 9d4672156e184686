/**
 * A Plan made ready for the tensor engine: the constant tensors it needs (real 4×4 embeddings of every one-qubit
 * factor, ±1 tables of diagonal layers, permutation indices, sign tables of Pauli rotations) and the linear maps
 * θ → factor angles and θ → diagonal coefficients, so that all gate matrices of a circuit come from a few batched ops.
 * A `fast` program (webgpu with plateau's kernels, engines/webgpu) keeps bit masks instead of the 2^n-long tables,
 * which its kernels evaluate on the fly: at n = 24 each table would take 64 MB.
 *
 * Real embedding of a complex 2×2 U = A + iB acting on (re, im): rows/cols ordered (part, bit), [[A, −B], [B, A]].
 */
import * as tf from '@tensorflow/tfjs';
import { popcount } from '../../circuit/bits';
import { Mat2, Mat4 } from '../../circuit/complex2';
import { Plan, PlanOp } from '../../circuit/plan';
import { permutationTables } from './permute';
import { fastKernelsActive } from '../webgpu/register';

/** Generic-path tensors are null in a fast program; `masks`/`constCoef` are null in a generic one. */
export type TensorOp =
  | { op: 'mat2'; index: number; target: number; controls: number; controlMask: tf.Tensor | null }
  | {
      op: 'diag';
      table: tf.Tensor2D | null;
      coefIndex: number;
      count: number;
      constant: { cos: tf.Tensor; sin: tf.Tensor } | null;
      /** Term masks [K] (int32) and, for a layer of constant angles, its coefficients [1, K]. */
      masks: tf.Tensor1D | null;
      constCoef: tf.Tensor2D | null;
    }
  /** y[i] = x[perm[i]]; perm is an involution: i ⊕ flip where (i & controls) = controls and |i & parity| is odd. */
  | {
      op: 'perm';
      perm: tf.Tensor1D | null;
      inverse: tf.Tensor1D | null;
      controls: number;
      flip: number;
      parity: number;
    }
  | {
      op: 'pauli';
      perm: tf.Tensor1D | null;
      sign: tf.Tensor | null;
      flip: number;
      zMask: number;
      rho: 0 | 1 | 2 | 3;
      weight: number;
      slot: number;
    }
  | { op: 'mat4'; q0: number; q1: number; embedding: tf.Tensor2D };

export interface TensorProgram {
  plan: Plan;
  /** Ops run as plateau's webgpu kernels (engines/webgpu) rather than generic tf ops. */
  fast: boolean;
  ops: TensorOp[];
  /** Factor angles ω_f·a_f = θ @ factorW + factorB, [P, F] and [F]; F = maxFactors × nMat2 (padded, identity). */
  factorW: tf.Tensor2D;
  factorB: tf.Tensor1D;
  /** Real embeddings: E_f = K0 + cos·K1 + sin·K2, each [F, 16]. */
  k0: tf.Tensor2D;
  k1: tf.Tensor2D;
  k2: tf.Tensor2D;
  maxFactors: number;
  nMat2: number;
  /** Diagonal-term coefficients c = θ @ diagW + diagB, [P, K] and [K] over all diagonal layers. */
  diagW: tf.Tensor2D;
  diagB: tf.Tensor1D;
  /** Pauli-rotation angles φ = θ @ pauliW + pauliB. */
  pauliW: tf.Tensor2D;
  pauliB: tf.Tensor1D;
  tensors: tf.Tensor[];
}

export function embed2(u: Mat2 | Float64Array, out: Float32Array, offset: number): void {
  for (let r = 0; r < 2; r++)
    for (let c = 0; c < 2; c++) {
      const a = u[2 * (2 * r + c)],
        b = u[2 * (2 * r + c) + 1];
      out[offset + 4 * r + c] = a; // re ← A re
      out[offset + 4 * r + c + 2] = -b; // re ← −B im
      out[offset + 4 * (r + 2) + c] = b; // im ← B re
      out[offset + 4 * (r + 2) + c + 2] = a; // im ← A im
    }
}

function embed4(m: Mat4): Float32Array {
  const out = new Float32Array(64);
  for (let r = 0; r < 4; r++)
    for (let c = 0; c < 4; c++) {
      const a = m[2 * (4 * r + c)],
        b = m[2 * (4 * r + c) + 1];
      out[8 * r + c] = a;
      out[8 * r + c + 4] = -b;
      out[8 * (r + 4) + c] = b;
      out[8 * (r + 4) + c + 4] = a;
    }
  return out;
}

const IDENTITY2 = Float64Array.from([1, 0, 0, 0, 0, 0, 1, 0]);

export function prepareTensorProgram(plan: Plan, opts: { fast?: boolean } = {}): TensorProgram {
  const fast = opts.fast ?? fastKernelsActive();
  const { nParams: P, dim, nQubits: n } = plan;
  const tensors: tf.Tensor[] = [];
  // Kept: programs are cached across calls and may first be built inside a caller's tf.tidy.
  const keep = <T extends tf.Tensor>(t: T): T => (tensors.push(tf.keep(t)), t);
  // θ → slot value: a_s = scale·θ[p] + offset; any linear combination of slots is again θ @ W + b.
  const linear = (rows: { slot: number; w: number }[][]): { W: tf.Tensor2D; b: tf.Tensor1D } => {
    const W = new Float32Array(Math.max(P, 1) * rows.length),
      b = new Float32Array(rows.length);
    rows.forEach((terms, j) =>
      terms.forEach(({ slot, w }) => {
        const s = plan.slots[slot];
        if (s.param !== null) W[s.param * rows.length + j] += w * s.scale;
        b[j] += w * s.offset;
      }),
    );
    return { W: keep(tf.tensor2d(W, [Math.max(P, 1), rows.length])), b: keep(tf.tensor1d(b)) };
  };

  const mat2Ops = plan.ops.filter((o): o is Extract<PlanOp, { op: 'mat2' }> => o.op === 'mat2');
  const G = mat2Ops.length,
    maxFactors = Math.max(1, ...mat2Ops.map((o) => o.factors.length));
  const F = G * maxFactors;
  const k0 = new Float32Array(F * 16),
    k1 = new Float32Array(F * 16),
    k2 = new Float32Array(F * 16);
  const factorRows: { slot: number; w: number }[][] = [];
  for (let j = 0; j < maxFactors; j++)
    mat2Ops.forEach((o, g) => {
      const f = o.factors[j],
        idx = j * G + g;
      if (!f) {
        embed2(IDENTITY2, k0, idx * 16);
        factorRows.push([]);
        return;
      }
      embed2(f.form.k0, k0, idx * 16);
      embed2(f.form.k1, k1, idx * 16);
      embed2(f.form.k2, k2, idx * 16);
      factorRows.push(f.slot >= 0 ? [{ slot: f.slot, w: f.form.omega }] : []);
    });
  const fl = linear(factorRows);

  const diagRows: { slot: number; w: number }[][] = [];
  const pauliRows: { slot: number; w: number }[][] = [];
  let mat2Index = 0;
  const ops = plan.ops.map((op): TensorOp => {
    switch (op.op) {
      case 'mat2': {
        let controlMask: tf.Tensor | null = null;
        if (op.controls && !fast) {
          const m = new Float32Array(dim);
          for (let i = 0; i < dim; i++) m[i] = (i & op.controls) === op.controls ? 1 : 0;
          controlMask = keep(tf.tensor(m, [1, 1, dim]));
        }
        return { op: 'mat2', index: mat2Index++, target: op.target, controls: op.controls, controlMask };
      }
      case 'diag': {
        const K = op.terms.length;
        const coefIndex = diagRows.length;
        op.terms.forEach((t) => diagRows.push([{ slot: t.slot, w: t.weight }]));
        const isConstant = op.terms.every((t) => plan.slots[t.slot].param === null);
        if (fast) {
          const masks = keep(
            tf.tensor1d(
              op.terms.map((t) => t.mask),
              'int32',
            ),
          );
          const constCoef = isConstant
            ? keep(
                tf.tensor2d(
                  op.terms.map((t) => t.weight * plan.slots[t.slot].offset),
                  [1, K],
                ),
              )
            : null;
          return { op: 'diag', table: null, coefIndex, count: K, constant: null, masks, constCoef };
        }
        const table = new Float32Array(K * dim);
        op.terms.forEach((t, k) => {
          for (let i = 0; i < dim; i++) table[k * dim + i] = popcount(i & t.mask) & 1 ? -1 : 1;
        });
        let constant: { cos: tf.Tensor; sin: tf.Tensor } | null = null;
        if (isConstant) {
          const phi = new Float64Array(dim);
          op.terms.forEach((t, k) => {
            const c = t.weight * plan.slots[t.slot].offset;
            for (let i = 0; i < dim; i++) phi[i] += c * table[k * dim + i];
          });
          constant = {
            cos: keep(tf.tensor2d(Float32Array.from(phi, Math.cos), [1, dim])),
            sin: keep(tf.tensor2d(Float32Array.from(phi, Math.sin), [1, dim])),
          };
        }
        return {
          op: 'diag',
          table: keep(tf.tensor2d(table, [K, dim])),
          coefIndex,
          count: K,
          constant,
          masks: null,
          constCoef: null,
        };
      }
      case 'flip':
      case 'swap': {
        // CX/X: flip the target where the controls are set; SWAP: flip both bits where they differ (odd parity).
        const bit = (q: number) => 1 << (n - 1 - q);
        const bits =
          op.op === 'flip'
            ? { controls: op.controls, flip: bit(op.target), parity: 0 }
            : { controls: 0, flip: bit(op.a) | bit(op.b), parity: bit(op.a) | bit(op.b) };
        if (fast) return { op: 'perm', perm: null, inverse: null, ...bits };
        const map = (i: number) =>
          (i & bits.controls) === bits.controls && (bits.parity === 0 || popcount(i & bits.parity) & 1)
            ? i ^ bits.flip
            : i;
        const { perm, inverse } = permutationTables(dim, map);
        return {
          op: 'perm',
          perm: keep(tf.tensor1d(perm, 'int32')),
          inverse: keep(tf.tensor1d(inverse, 'int32')),
          ...bits,
        };
      }
      case 'pauli': {
        const slot = pauliRows.push([{ slot: op.slot, w: op.weight }]) - 1;
        const common = {
          op: 'pauli' as const,
          flip: op.flip,
          zMask: op.zMask,
          rho: ((op.nY + 3) % 4) as 0 | 1 | 2 | 3,
          weight: op.weight,
          slot,
        };
        if (fast) return { ...common, perm: null, sign: null };
        const { perm } = permutationTables(dim, (i) => i ^ op.flip);
        const sign = new Float32Array(dim);
        for (let x = 0; x < dim; x++) sign[x] = popcount((x ^ op.flip) & op.zMask) & 1 ? -1 : 1;
        return { ...common, perm: keep(tf.tensor1d(perm, 'int32')), sign: keep(tf.tensor(sign, [1, 1, dim])) };
      }
      case 'mat4':
        return { op: 'mat4', q0: op.q0, q1: op.q1, embedding: keep(tf.tensor2d(embed4(op.m), [8, 8])) };
    }
  });
  const dl = linear(diagRows),
    pl = linear(pauliRows);
  return {
    plan,
    fast,
    ops,
    maxFactors,
    nMat2: G,
    factorW: fl.W,
    factorB: fl.b,
    k0: keep(tf.tensor2d(k0, [F, 16])),
    k1: keep(tf.tensor2d(k1, [F, 16])),
    k2: keep(tf.tensor2d(k2, [F, 16])),
    diagW: dl.W,
    diagB: dl.b,
    pauliW: pl.W,
    pauliB: pl.b,
    tensors,
  };
}

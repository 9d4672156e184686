/**
 * Parameter-shift gradients, independent of autodiff: every occurrence of a parameter in the circuit is shifted on
 * its own and the exact derivative is rebuilt from a few loss evaluations (Schuld et al. 2019; the four-term rule for
 * controlled rotations, whose generator has eigenvalues {0, ±½}, from Anselmetti et al. 2021):
 *   two-term   exp(−iaG), G eigenvalues ±r:   f'(a) = r·[f(a + π/4r) − f(a − π/4r)]
 *   four-term  controlled rotations:          f'(a) = d₊[f(a+π/2) − f(a−π/2)] − d₋[f(a+3π/2) − f(a−3π/2)],
 *                                             d± = (√2 ± 1)/(4√2)
 * A parameter shared by several gates (or scaled, θ·s) gets Σ_occ s·f'(a_occ). Shift rules hold for quantities
 * linear in the probabilities, so a nonlinear loss L(p) is differentiated by the chain rule
 * ∂L/∂θ = Σ_x (∂L/∂p_x)·∂p_x/∂θ: ∂L/∂p at the unshifted point by autodiff of the (classical) loss, ∂p/∂θ by shifts.
 * Rows of all shifted circuits are simulated in batches, so the cost is one batched forward pass per chunk.
 */
import * as tf from '@tensorflow/tfjs';
import { Angle, Circuit, Gate, isParamRef } from '../circuit/circuit';
import { EngineChoice, probs as engineProbs } from '../engines/engine';
import { StateBatch } from '../complex/complex';

/** A per-row objective of Born probabilities: [rows, 2^n] → [rows]. */
export type ProbsObjective = (probs: tf.Tensor2D) => tf.Tensor1D;

interface ShiftTerm {
  shift: number;
  coef: number;
}

const TWO_TERM = (r: number): ShiftTerm[] => [
  { shift: Math.PI / (4 * r), coef: r },
  { shift: -Math.PI / (4 * r), coef: -r },
];
const DP = (Math.SQRT2 + 1) / (4 * Math.SQRT2),
  DM = (Math.SQRT2 - 1) / (4 * Math.SQRT2);
const FOUR_TERM: ShiftTerm[] = [
  { shift: Math.PI / 2, coef: DP },
  { shift: -Math.PI / 2, coef: -DP },
  { shift: (3 * Math.PI) / 2, coef: -DM },
  { shift: (-3 * Math.PI) / 2, coef: DM },
];

/** Shift rule of the k-th angle of a gate. */
function shiftRule(g: Gate, k: number): ShiftTerm[] {
  const controlled = (g.controls?.length ?? 0) > 0 || ['crx', 'cry', 'crz'].includes(g.kind);
  switch (g.kind) {
    case 'pauli':
      return TWO_TERM(1);
    case 'p':
    case 'cp':
      return TWO_TERM(0.5); // generator |1⟩⟨1|: eigenvalues {0, 1}, controlled or not
    case 'u3':
      // u3(θ, φ, λ) = p(φ)·RY(θ)·p(λ): the phase angles keep the two-term rule under control
      return k === 0 && controlled ? FOUR_TERM : TWO_TERM(0.5);
    default:
      return controlled ? FOUR_TERM : TWO_TERM(0.5);
  }
}

interface Occurrence {
  param: number;
  scale: number;
  rule: ShiftTerm[];
}

/** The circuit with one fresh parameter per occurrence, and what each occurrence came from. */
function expandOccurrences(c: Circuit): { circuit: Circuit; occ: Occurrence[] } {
  const occ: Occurrence[] = [];
  const gates = c.gates.map((g): Gate => {
    if (!g.params) return g;
    const params = g.params.map((a: Angle, k): Angle => {
      if (!isParamRef(a)) return a;
      occ.push({ param: a.p, scale: a.scale ?? 1, rule: shiftRule(g, k) });
      return { p: occ.length - 1 };
    });
    return { ...g, params };
  });
  return { circuit: { ...c, nParams: occ.length, gates }, occ };
}

/** Max rows of 2^n amplitudes simulated at once (bounds memory at ~64 MB of float32 probabilities). */
const MAX_CHUNK_ELEMENTS = 1 << 24;

export interface ParamShiftOptions {
  engine?: EngineChoice;
  init?: StateBatch;
  /**
   * Replaces every probability batch (unshifted and shifted) before use, e.g. by a shot histogram (losses/shots.ts):
   * then ∂L/∂p is taken at the estimated point and each shifted circuit is estimated on its own, as [R] trained.
   */
  estimate?: (probs: tf.Tensor2D) => tf.Tensor2D;
}

/**
 * ∂f/∂θ [batch, nParams] by parameter shifts, where f is applied row-wise to the Born probabilities of
 * circuit(θ_b). Not differentiable itself.
 */
export function paramShiftGrad(
  circuit: Circuit,
  theta: tf.Tensor2D,
  objective: ProbsObjective,
  opts: ParamShiftOptions = {},
): tf.Tensor2D {
  const { circuit: ex, occ } = expandOccurrences(circuit);
  const [B, P] = theta.shape;
  const th = theta.arraySync();
  // ∂L/∂p at the unshifted point, [B, 2^n]
  const est = opts.estimate ?? ((p: tf.Tensor2D) => p);
  const dLdp = tf.tidy(() =>
    tf.grad((p: tf.Tensor) => tf.sum(objective(p as tf.Tensor2D)))(est(engineProbs(circuit, theta, opts))),
  );
  const rows: number[][] = [];
  const meta: { b: number; param: number; weight: number }[] = [];
  for (let b = 0; b < B; b++) {
    const base = occ.map((o) => o.scale * th[b][o.param]);
    occ.forEach((o, j) => {
      for (const t of o.rule) {
        const r = base.slice();
        r[j] += t.shift;
        rows.push(r);
        meta.push({ b, param: o.param, weight: o.scale * t.coef });
      }
    });
  }
  const g = dLdp.dataSync(),
    dim = 2 ** circuit.nQubits;
  dLdp.dispose();
  // Each shifted row r belongs to batch entry meta[r].b; contract its probabilities with that entry's ∂L/∂p.
  const values = evaluateRows(
    ex,
    rows,
    (p, start) => {
      const rowsG = new Float32Array(p.shape[0] * dim);
      for (let r = 0; r < p.shape[0]; r++)
        rowsG.set(g.subarray(meta[start + r].b * dim, (meta[start + r].b + 1) * dim), r * dim);
      return tf.sum(tf.mul(est(p), tf.tensor2d(rowsG, p.shape)), 1) as tf.Tensor1D;
    },
    opts,
  );
  const grad = new Float32Array(B * P);
  meta.forEach((m, i) => (grad[m.b * P + m.param] += m.weight * values[i]));
  return tf.tensor2d(grad, [B, P]);
}

/**
 * f(probs of circuit(θ_r)) for host rows θ_r, in chunks; f also receives the index of the chunk's first row. An
 * initial state must be shared by all rows ([1, 2^n]).
 */
export function evaluateRows(
  circuit: Circuit,
  rows: number[][],
  objective: (probs: tf.Tensor2D, firstRow: number) => tf.Tensor1D,
  opts: { engine?: EngineChoice; init?: StateBatch },
): Float32Array {
  const out = new Float32Array(rows.length);
  if (rows.length === 0) return out;
  const chunk = Math.max(1, Math.floor(MAX_CHUNK_ELEMENTS / 2 ** circuit.nQubits));
  const width = Math.max(circuit.nParams, 0);
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const v = tf.tidy(() => {
      const t = tf.tensor2d(part.flat(), [part.length, width]);
      return objective(engineProbs(circuit, t, opts), start);
    });
    out.set(v.dataSync(), start);
    v.dispose();
  }
  return out;
}

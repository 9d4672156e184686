/**
 * Gradient and Lipschitz scaling with the number of hidden qubits ([O] SCIENCE.md §4.3): for random all-Pauli
 * circuits on n_v + n_h qubits and the visible objective f(θ) = ⟨Z_0⟩ (Z on visible qubit 0, ‖O‖ = 1), per-draw
 * gradients come from one tf.grad of Σ_b f(θ_b) over a batch θ [B, P]. Reported per n_h: Var_b ‖∇f‖_∞, the mean over
 * components of Var_b ∂_k f, Var_b of one component (the last gate with an X or Y on visible qubit 0: it does not
 * commute with Z_0, so its derivative is not identically zero), and the Lipschitz constants max_b ‖∇f‖_∞, ‖∇f‖₂;
 * then exponential fits in n_h (expected: variance ∝ 2^{−n_h}, i.e. log2 slope ≈ −1).
 */
import * as tf from '@tensorflow/tfjs';
import { hiddenUnitModel, initialParams, visibleProbs } from '../../models/hiddenUnit';
import { createRng, deriveSeed } from '../../rng';
import { zExpectations } from '../../state/born';
import { exponentialFit, ExponentialFit } from '../fits';

export interface GradientRow {
  nHidden: number;
  nParams: number;
  draws: number;
  varInfNorm: number;
  meanComponentVar: number;
  singleComponentVar: number;
  /** The Pauli term of that component, e.g. "XZ@0,3". */
  singleComponent: string;
  meanInfNorm: number;
  /** Empirical Lipschitz constants over the draws. */
  lipschitzInf: number;
  lipschitz2: number;
}

export interface GradientScan {
  rows: GradientRow[];
  fits: {
    varInfNorm: ExponentialFit;
    meanComponentVar: ExponentialFit;
    singleComponentVar: ExponentialFit;
    lipschitzInf: ExponentialFit;
  } | null;
}

const variance = (v: number[]) => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1);
};

/** ∇θ ⟨Z_0⟩_visible for every row of θ [B, P] at once: [B, P] on the host. */
export function visibleZGradients(
  model: ReturnType<typeof hiddenUnitModel>,
  theta: Float32Array,
  batch: number,
): Float32Array {
  const P = model.circuit.nParams;
  return tf.tidy(() => {
    const f = (t: tf.Tensor) => tf.sum(zExpectations(visibleProbs(model, t as tf.Tensor2D), [[0]])) as tf.Scalar;
    return tf
      .grad(f)(tf.tensor2d(theta, [batch, P]))
      .dataSync() as Float32Array;
  });
}

export function gradientScan(opts: {
  nVisible: number;
  nHidden: number[];
  draws: number;
  layers: number;
  seed: number;
}): GradientScan {
  const rows = opts.nHidden.map((nh): GradientRow => {
    const model = hiddenUnitModel({
      nVisible: opts.nVisible,
      nHidden: nh,
      ansatz: { kind: 'all-pauli', layers: opts.layers },
      seed: deriveSeed(opts.seed, 'order', nh),
    });
    const P = model.circuit.nParams,
      B = opts.draws;
    const g = visibleZGradients(model, initialParams(model, createRng(deriveSeed(opts.seed, 'grad', nh)), B), B);
    const inf: number[] = [],
      two: number[] = [];
    for (let b = 0; b < B; b++) {
      let m = 0,
        s = 0;
      for (let k = 0; k < P; k++) {
        const v = g[b * P + k];
        m = Math.max(m, Math.abs(v));
        s += v * v;
      }
      inf.push(m);
      two.push(Math.sqrt(s));
    }
    const gates = model.circuit.gates;
    let single = 0;
    gates.forEach((gt, i) => {
      const at = gt.qubits.indexOf(0);
      if (gt.kind === 'pauli' && at >= 0 && gt.pauli![at] !== 'Z') single = i;
    });
    const singleParam = (gates[single].params![0] as { p: number }).p;
    let compVar = 0;
    for (let k = 0; k < P; k++) compVar += variance(Array.from({ length: B }, (_, b) => g[b * P + k]));
    return {
      nHidden: nh,
      nParams: P,
      draws: B,
      varInfNorm: variance(inf),
      meanComponentVar: compVar / P,
      singleComponentVar: variance(Array.from({ length: B }, (_, b) => g[b * P + singleParam])),
      singleComponent: `${gates[single].pauli}@${gates[single].qubits.join(',')}`,
      meanInfNorm: inf.reduce((a, b) => a + b, 0) / B,
      lipschitzInf: Math.max(...inf),
      lipschitz2: Math.max(...two),
    };
  });
  const x = rows.map((r) => r.nHidden);
  const fits =
    rows.length >= 3
      ? {
          varInfNorm: exponentialFit(
            x,
            rows.map((r) => r.varInfNorm),
          ),
          meanComponentVar: exponentialFit(
            x,
            rows.map((r) => r.meanComponentVar),
          ),
          singleComponentVar: exponentialFit(
            x,
            rows.map((r) => r.singleComponentVar),
          ),
          lipschitzInf: exponentialFit(
            x,
            rows.map((r) => r.lipschitzInf),
          ),
        }
      : null;
  return { rows, fits };
}

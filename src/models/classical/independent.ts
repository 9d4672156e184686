/**
 * The independent-pixel model: q(x) = Π_i x̄_i^{x_i} (1 − x̄_i)^{1−x_i}, each pixel on with its frequency in the
 * training data (the maximum-likelihood product distribution). Its correlators factorise exactly:
 * ⟨Z_a⟩ = Π_{i∈a} (1 − 2x̄_i). It reproduces every 1-body statistic and none of the pixel correlations: the floor any
 * model of shower images must beat.
 */
import { BitRows, emptyRows, getBit, setBit, WeightedRows } from '../../data/bitRows';
import { dataMoments } from '../../data/rowStats';
import { ShapeError } from '../../errors';
import { Rng } from '../../rng';
import { CLASSICAL_DISTRIBUTION_QUBITS, ClassicalModel } from './model';

export interface IndependentPixels extends ClassicalModel {
  /** P(pixel i = 1), [n]. */
  mean: Float64Array;
}

/** Fits the product distribution to weighted rows (normalised weights). */
export function fitIndependentPixels(data: WeightedRows): IndependentPixels {
  const { mean } = dataMoments(data), n = mean.length;
  return {
    label: 'independent pixels', nQubits: n, nParams: n, mean,
    correlators(masks: BitRows): Float64Array {
      if (masks.nQubits !== n) throw new ShapeError(`independent pixels: masks have ${masks.nQubits} qubits, the model ${n}`);
      const out = new Float64Array(masks.rows);
      for (let r = 0; r < masks.rows; r++) {
        let z = 1;
        for (let q = 0; q < n; q++) if (getBit(masks, r, q)) z *= 1 - 2 * mean[q];
        out[r] = z;
      }
      return out;
    },
    distribution(): Float64Array | null {
      if (n > CLASSICAL_DISTRIBUTION_QUBITS) return null;
      const p = new Float64Array(2 ** n).fill(1);
      for (let x = 0; x < p.length; x++) for (let q = 0; q < n; q++) p[x] *= (x >>> (n - 1 - q)) & 1 ? mean[q] : 1 - mean[q];
      return p;
    },
    sample(count: number, rng: Rng): BitRows {
      const out = emptyRows(n, count);
      for (let r = 0; r < count; r++) for (let q = 0; q < n; q++) if (rng.uniform() < mean[q]) setBit(out, r, q);
      return out;
    },
  };
}

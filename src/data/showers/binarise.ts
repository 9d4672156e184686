/**
 * Binarisation of pooled calorimeter images by the rule of Rudolph et al., arXiv:2305.02881 (§ on HEP data): a pixel
 * is 1 when its deposit exceeds a tenth of the mean deposit. "Mean deposit" is ambiguous, so three variants are offered:
 *  - 'event'  : mean over the pixels of the same event (threshold_e = f · Σ_q d_eq / n);
 *  - 'pixel'  : mean of that pixel over the dataset (threshold_q = f · Σ_e d_eq / N);
 *  - 'dataset': mean over all pixels and events (one threshold f · Σ d / (N n)).
 * Comparison is strict (">"); f = 0.1 by default. Pixel q is qubit q, the most significant bit first.
 */
import { ConfigError } from '../../errors';

export type BinariseRule = 'event' | 'pixel' | 'dataset';
export const BINARISE_RULES: readonly BinariseRule[] = ['event', 'pixel', 'dataset'];

export interface Binarised {
  /** One basis index per event, [N]. */
  indices: Uint32Array;
  /** The thresholds used: [N] for 'event', [n] for 'pixel', [1] for 'dataset'. */
  thresholds: Float64Array;
}

/** Binarises N pooled images of n pixels ([N][n] row-major). */
export function binarise(pixels: ArrayLike<number>, nPixels: number, rule: BinariseRule = 'event', fraction = 0.1): Binarised {
  if (!BINARISE_RULES.includes(rule)) throw new ConfigError(`binarise: rule must be one of ${BINARISE_RULES.join(', ')}, got "${rule}"`);
  if (!(fraction >= 0)) throw new ConfigError(`binarise: threshold fraction must be ≥ 0, got ${fraction}`);
  if (!Number.isInteger(nPixels) || nPixels < 1 || nPixels > 30) throw new ConfigError(`binarise: ${nPixels} pixels (need 1..30 qubits)`);
  const N = pixels.length / nPixels;
  if (!Number.isInteger(N) || N < 1) throw new ConfigError(`binarise: ${pixels.length} values are not a whole number of ${nPixels}-pixel images`);
  let thresholds: Float64Array;
  if (rule === 'event') {
    thresholds = new Float64Array(N);
    for (let e = 0; e < N; e++) {
      let s = 0;
      for (let q = 0; q < nPixels; q++) s += pixels[e * nPixels + q];
      thresholds[e] = (fraction * s) / nPixels;
    }
  } else if (rule === 'pixel') {
    thresholds = new Float64Array(nPixels);
    for (let e = 0; e < N; e++) for (let q = 0; q < nPixels; q++) thresholds[q] += pixels[e * nPixels + q];
    for (let q = 0; q < nPixels; q++) thresholds[q] *= fraction / N;
  } else {
    let s = 0;
    for (let i = 0; i < pixels.length; i++) s += pixels[i];
    thresholds = Float64Array.of((fraction * s) / pixels.length);
  }
  const indices = new Uint32Array(N);
  for (let e = 0; e < N; e++) {
    let idx = 0;
    for (let q = 0; q < nPixels; q++) {
      const th = rule === 'event' ? thresholds[e] : rule === 'pixel' ? thresholds[q] : thresholds[0];
      idx = idx * 2 + (pixels[e * nPixels + q] > th ? 1 : 0);
    }
    indices[e] = idx;
  }
  return { indices, thresholds };
}

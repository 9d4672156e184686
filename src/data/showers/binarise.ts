/**
 * Binarisation of pooled calorimeter images by the rule of Rudolph et al., arXiv:2305.02881 (§ on HEP data): a pixel
 * is 1 when its deposit exceeds a tenth of the mean deposit. "Mean deposit" is ambiguous, so three variants are offered:
 *  - 'event'  : mean over the pixels of the same event (threshold_e = f · Σ_q d_eq / n);
 *  - 'pixel'  : mean of that pixel over the dataset (threshold_q = f · Σ_e d_eq / N);
 *  - 'dataset': mean over all pixels and events (one threshold f · Σ d / (N n)).
 * Comparison is strict (">"); f = 0.1 by default. Pixel q is qubit q, the most significant bit first. `binarise` gives
 * basis indices (n ≤ 30), `binariseRows` packed bit rows of any width (8×8 images and beyond), from the same comparison.
 */
import { ConfigError } from '../../errors';
import { BitRows, emptyRows, setBit } from '../bitRows';

export type BinariseRule = 'event' | 'pixel' | 'dataset';
export const BINARISE_RULES: readonly BinariseRule[] = ['event', 'pixel', 'dataset'];

export interface Binarised {
  /** One basis index per event, [N]. */
  indices: Uint32Array;
  /** The thresholds used: [N] for 'event', [n] for 'pixel', [1] for 'dataset'. */
  thresholds: Float64Array;
}

/** Checks the inputs and computes the thresholds: [N] for 'event', [n] for 'pixel', [1] for 'dataset'. */
function thresholdsOf(pixels: ArrayLike<number>, nPixels: number, rule: BinariseRule, fraction: number, maxPixels: number): { N: number; thresholds: Float64Array } {
  if (!BINARISE_RULES.includes(rule)) throw new ConfigError(`binarise: rule must be one of ${BINARISE_RULES.join(', ')}, got "${rule}"`);
  if (!(fraction >= 0)) throw new ConfigError(`binarise: threshold fraction must be ≥ 0, got ${fraction}`);
  if (!Number.isInteger(nPixels) || nPixels < 1 || nPixels > maxPixels) throw new ConfigError(`binarise: ${nPixels} pixels (need ${Number.isFinite(maxPixels) ? `1..${maxPixels} qubits; binariseRows takes any width` : 'a positive integer'})`);
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
  return { N, thresholds };
}

/** Calls bit(e, q) for every pixel of every event that is above its threshold (the one comparison both outputs share). */
function forEachSetPixel(pixels: ArrayLike<number>, nPixels: number, rule: BinariseRule, N: number, thresholds: Float64Array, bit: (e: number, q: number) => void): void {
  for (let e = 0; e < N; e++)
    for (let q = 0; q < nPixels; q++) {
      const th = rule === 'event' ? thresholds[e] : rule === 'pixel' ? thresholds[q] : thresholds[0];
      if (pixels[e * nPixels + q] > th) bit(e, q);
    }
}

/** Binarises N pooled images of n ≤ 30 pixels ([N][n] row-major) into basis indices. */
export function binarise(pixels: ArrayLike<number>, nPixels: number, rule: BinariseRule = 'event', fraction = 0.1): Binarised {
  const { N, thresholds } = thresholdsOf(pixels, nPixels, rule, fraction, 30);
  const indices = new Uint32Array(N);
  forEachSetPixel(pixels, nPixels, rule, N, thresholds, (e, q) => (indices[e] += 2 ** (nPixels - 1 - q)));
  return { indices, thresholds };
}

/** Binarises N pooled images of any width into packed bit rows (bitRows.ts; pixel q = qubit q): the same thresholds
 * and comparison as `binarise`, so for n ≤ 30 `fromIndices(binarise(…).indices, n)` equals these rows. */
export function binariseRows(pixels: ArrayLike<number>, nPixels: number, rule: BinariseRule = 'event', fraction = 0.1): { rows: BitRows; thresholds: Float64Array } {
  const { N, thresholds } = thresholdsOf(pixels, nPixels, rule, fraction, Infinity);
  const rows = emptyRows(nPixels, N);
  forEachSetPixel(pixels, nPixels, rule, N, thresholds, (e, q) => setBit(rows, e, q));
  return { rows, thresholds };
}

/**
 * Shot sampling from Born probabilities with plateau's seeded RNG (not tf.multinomial, whose stream differs between
 * backends): inverse-CDF with binary search in Float64. Same seed and probabilities → same shots on every backend.
 */
import { Rng } from '../rng';
import { ShapeError } from '../errors';

/** `shots` basis indices drawn from one distribution `p` (need not be normalised; it is rescaled). */
export function sampleIndices(p: ArrayLike<number>, shots: number, rng: Rng): Uint32Array {
  if (!Number.isInteger(shots) || shots < 0)
    throw new ShapeError(`sampleIndices: shots must be a non-negative integer, got ${shots}`);
  const cdf = new Float64Array(p.length);
  let acc = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i];
    if (!(v >= 0)) throw new ShapeError(`sampleIndices: probability ${i} is ${v}`);
    cdf[i] = acc += v;
  }
  if (!(acc > 0)) throw new ShapeError('sampleIndices: probabilities sum to zero');
  const out = new Uint32Array(shots);
  for (let s = 0; s < shots; s++) {
    const u = rng.uniform() * acc;
    let lo = 0,
      hi = p.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    out[s] = lo;
  }
  return out;
}

/** Histogram of indices over `dim` outcomes. */
export function countIndices(indices: ArrayLike<number>, dim: number): Uint32Array {
  const c = new Uint32Array(dim);
  for (let i = 0; i < indices.length; i++) c[indices[i]]++;
  return c;
}

/**
 * Shots for every row of a batch of distributions [batch·dim] (row-major): counts [batch][dim] and, if asked,
 * the raw indices per row.
 */
export function sampleBatch(
  probs: Float32Array | Float64Array,
  dim: number,
  shots: number,
  rng: Rng,
): { counts: Uint32Array; indices: Uint32Array[] } {
  const batch = probs.length / dim;
  const counts = new Uint32Array(batch * dim);
  const indices: Uint32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const idx = sampleIndices(probs.subarray(b * dim, (b + 1) * dim), shots, rng);
    counts.set(countIndices(idx, dim), b * dim);
    indices.push(idx);
  }
  return { counts, indices };
}

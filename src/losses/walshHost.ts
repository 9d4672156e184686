/**
 * The Walsh–Hadamard butterflies on Float64 rows, without tfjs: what walsh.ts wraps as a tf op, and what host code
 * (data statistics, metrics, spectra) calls directly. Kept apart so that `plateau data` does not load tfjs.
 */

/** In-place unnormalised WHT of every length-`dim` row of `v`. */
export function walshHadamardInPlace(v: Float64Array, dim: number): void {
  for (let off = 0; off < v.length; off += dim)
    for (let h = 1; h < dim; h <<= 1)
      for (let i = off; i < off + dim; i += 2 * h)
        for (let j = i; j < i + h; j++) {
          const a = v[j],
            b = v[j + h];
          v[j] = a + b;
          v[j + h] = a - b;
        }
}

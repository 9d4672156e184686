/**
 * The Walsh–Hadamard butterflies on Float64 rows, without tfjs: what walsh.ts wraps as a tf op, and what host code
 * (data statistics, metrics, spectra) calls directly. Kept apart so that `plateau data` does not load tfjs. Rows of
 * 64 to 2^20 run in the CPU engine's wasm SIMD module (simd/assembly/walsh.ts): 6× faster than the JS loops at
 * n = 16, 3× at n = 12.
 */

import { simdWalsh } from '../engines/cpu/kernelSet';

/** In-place unnormalised WHT of every length-`dim` row of `v`: the SIMD kernel when built, else `walshHadamardJs`. */
export function walshHadamardInPlace(v: Float64Array, dim: number): void {
  const simd = dim >= 64 ? simdWalsh(dim) : null;
  if (simd) simd(v);
  else walshHadamardJs(v, dim);
}

/** The JS butterflies: the reference the SIMD kernel is tested against, and the fallback. */
export function walshHadamardJs(v: Float64Array, dim: number): void {
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

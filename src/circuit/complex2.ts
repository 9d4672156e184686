/**
 * Small dense complex matrices in plain numbers (row-major, interleaved re/im): the 2×2 and 4×4 gate matrices that
 * compiled plans and the CPU engine use. No tfjs here. A `Mat2` is [u00r,u00i,u01r,u01i,u10r,u10i,u11r,u11i].
 */
export type Mat2 = Float64Array; // length 8
export type Mat4 = Float64Array; // length 32

export function mat2(entries: readonly (readonly [number, number])[]): Mat2 {
  const m = new Float64Array(8);
  entries.forEach(([re, im], k) => {
    m[2 * k] = re;
    m[2 * k + 1] = im;
  });
  return m;
}

/** c = a · b for square complex matrices of dimension d (interleaved). */
export function matMul(a: Float64Array, b: Float64Array, d: number, out: Float64Array = new Float64Array(2 * d * d)): Float64Array {
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let re = 0;
      let im = 0;
      for (let k = 0; k < d; k++) {
        const ar = a[2 * (i * d + k)], ai = a[2 * (i * d + k) + 1];
        const br = b[2 * (k * d + j)], bi = b[2 * (k * d + j) + 1];
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      out[2 * (i * d + j)] = re;
      out[2 * (i * d + j) + 1] = im;
    }
  return out;
}

/** Conjugate transpose of a d×d complex matrix. */
export function dagger(a: Float64Array, d: number): Float64Array {
  const out = new Float64Array(2 * d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      out[2 * (j * d + i)] = a[2 * (i * d + j)];
      out[2 * (j * d + i) + 1] = -a[2 * (i * d + j) + 1];
    }
  return out;
}

export function identity(d: number): Float64Array {
  const out = new Float64Array(2 * d * d);
  for (let i = 0; i < d; i++) out[2 * (i * d + i)] = 1;
  return out;
}

/** max |(A†A − I)_ij|: how far a matrix is from unitary. */
export function unitarityError(a: Float64Array, d: number): number {
  const p = matMul(dagger(a, d), a, d);
  const id = identity(d);
  let err = 0;
  for (let k = 0; k < p.length; k++) err = Math.max(err, Math.abs(p[k] - id[k]));
  return err;
}

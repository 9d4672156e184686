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
export function matMul(
  a: Float64Array,
  b: Float64Array,
  d: number,
  out: Float64Array = new Float64Array(2 * d * d),
): Float64Array {
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let re = 0;
      let im = 0;
      for (let k = 0; k < d; k++) {
        const ar = a[2 * (i * d + k)],
          ai = a[2 * (i * d + k) + 1];
        const br = b[2 * (k * d + j)],
          bi = b[2 * (k * d + j) + 1];
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      out[2 * (i * d + j)] = re;
      out[2 * (i * d + j) + 1] = im;
    }
  return out;
}

/** out = a·b for 2×2 complex matrices, unrolled (the CPU engine calls this per op and batch row). `out` may not alias. */
export function mul2(a: Mat2, b: Mat2, out: Mat2): Mat2 {
  const a0 = a[0],
    a1 = a[1],
    a2 = a[2],
    a3 = a[3],
    a4 = a[4],
    a5 = a[5],
    a6 = a[6],
    a7 = a[7];
  const b0 = b[0],
    b1 = b[1],
    b2 = b[2],
    b3 = b[3],
    b4 = b[4],
    b5 = b[5],
    b6 = b[6],
    b7 = b[7];
  out[0] = a0 * b0 - a1 * b1 + a2 * b4 - a3 * b5;
  out[1] = a0 * b1 + a1 * b0 + a2 * b5 + a3 * b4;
  out[2] = a0 * b2 - a1 * b3 + a2 * b6 - a3 * b7;
  out[3] = a0 * b3 + a1 * b2 + a2 * b7 + a3 * b6;
  out[4] = a4 * b0 - a5 * b1 + a6 * b4 - a7 * b5;
  out[5] = a4 * b1 + a5 * b0 + a6 * b5 + a7 * b4;
  out[6] = a4 * b2 - a5 * b3 + a6 * b6 - a7 * b7;
  out[7] = a4 * b3 + a5 * b2 + a6 * b7 + a7 * b6;
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

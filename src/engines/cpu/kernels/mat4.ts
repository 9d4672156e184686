/** A constant 4×4 unitary on qubits (q0, q1), in place; local index = 2·bit(q0) + bit(q1). */
import type { Real } from './real';
import { Mat4 } from '../../../circuit/complex2';

export function applyMat4InPlace(q0: number, q1: number, m: Mat4, re: Real, im: Real, nQubits: number): void {
  const m0 = 1 << (nQubits - 1 - q0),
    m1 = 1 << (nQubits - 1 - q1),
    dim = re.length;
  const idx = [0, m1, m0, m0 | m1];
  const xr = new Float64Array(4),
    xi = new Float64Array(4);
  for (let i = 0; i < dim; i++) {
    if (i & (m0 | m1)) continue;
    for (let k = 0; k < 4; k++) {
      xr[k] = re[i + idx[k]];
      xi[k] = im[i + idx[k]];
    }
    for (let r = 0; r < 4; r++) {
      let sr = 0,
        si = 0;
      for (let k = 0; k < 4; k++) {
        const ur = m[2 * (4 * r + k)],
          ui = m[2 * (4 * r + k) + 1];
        sr += ur * xr[k] - ui * xi[k];
        si += ur * xi[k] + ui * xr[k];
      }
      re[i + idx[r]] = sr;
      im[i + idx[r]] = si;
    }
  }
}

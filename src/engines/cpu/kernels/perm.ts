/** Permutation gates on one state vector, in place: X with controls (x, cx, ccx) and SWAP. Self-inverse. */
import type { Real } from './real';

/** Flip `target` on amplitudes whose `controls` bits are all 1. */
export function applyFlipInPlace(target: number, controls: number, re: Real, im: Real, nQubits: number): void {
  const stride = 1 << (nQubits - 1 - target),
    dim = re.length;
  for (let base = 0; base < dim; base += 2 * stride) {
    const end = base + stride;
    for (let i = base; i < end; i++) {
      if ((i & controls) !== controls) continue;
      const j = i + stride;
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
}

/** Exchange qubits a and b. */
export function applySwapInPlace(a: number, b: number, re: Real, im: Real, nQubits: number): void {
  const ma = 1 << (nQubits - 1 - a),
    mb = 1 << (nQubits - 1 - b),
    dim = re.length;
  for (let i = 0; i < dim; i++) {
    // visit each pair once, from the member with bit a = 1 and bit b = 0
    if ((i & ma) === 0 || (i & mb) !== 0) continue;
    const j = i ^ ma ^ mb;
    let t = re[i];
    re[i] = re[j];
    re[j] = t;
    t = im[i];
    im[i] = im[j];
    im[j] = t;
  }
}

/**
 * The host Walsh–Hadamard transform: the SIMD kernel (in its own wasm instance) against the JS butterflies, bit for
 * bit (the same additions in the same order per element, tiles or not; rows staged in chunks), and the JS butterflies against the dense
 * definition x̂_A = Σ_x (−1)^{|A ∧ x|} x_x.
 */
import { simdWalsh } from '../../src/engines/cpu/kernelSet';
import { walshHadamardInPlace, walshHadamardJs } from '../../src/losses/walshHost';
import { popcount } from '../../src/circuit/bits';
import { createRng } from '../../src/rng';

const random = (len: number, seed: string) => {
  const rng = createRng(seed);
  return Float64Array.from({ length: len }, () => rng.normal());
};

test('JS butterflies equal the dense transform (n = 1…6, two rows)', () => {
  for (let n = 1; n <= 6; n++) {
    const dim = 2 ** n,
      x = random(2 * dim, `d${n}`),
      v = x.slice();
    walshHadamardJs(v, dim);
    for (let r = 0; r < 2; r++)
      for (let a = 0; a < dim; a++) {
        let s = 0;
        for (let k = 0; k < dim; k++) s += (popcount(a & k) & 1 ? -1 : 1) * x[r * dim + k];
        expect(v[r * dim + a]).toBeCloseTo(s, 10);
      }
  }
});

test('the SIMD kernel equals the JS butterflies bit for bit, below, at and above its tile (2^13)', () => {
  expect(simdWalsh(2 ** 21)).toBeNull(); // longer rows stay in JS
  for (const n of [1, 2, 3, 6, 12, 13, 14, 16, 20])
    for (const rows of n === 20 ? [2] : [1, 3, 40]) {
      const simd = simdWalsh(2 ** n);
      expect(simd).not.toBeNull();
      const dim = 2 ** n,
        x = random(rows * dim, `s${n}.${rows}`),
        a = x.slice(),
        b = x.slice();
      walshHadamardJs(a, dim);
      simd!(b);
      expect(Buffer.from(b.buffer).equals(Buffer.from(a.buffer))).toBe(true);
    }
});

test('walshHadamardInPlace takes the SIMD kernel for long rows and agrees with the JS one', () => {
  const dim = 2 ** 10,
    x = random(2 * dim, 'w'),
    a = x.slice();
  walshHadamardInPlace(x, dim);
  walshHadamardJs(a, dim);
  expect(Array.from(x)).toEqual(Array.from(a));
});

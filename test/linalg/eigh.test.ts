/** Hermitian eigensolver against known spectra: diagonal, 2×2 closed form, U·diag(λ)·U† with a random unitary. */
import { eigHermitian, eigvalsHermitian } from '../../src/linalg/eigh';
import { createRng } from '../../src/rng';
import { randomUnitary } from '../helpers/randomCircuit';
import { maxAbsDiff } from '../helpers/backends';

/** U·diag(λ)·U† in plain loops, row-major re/im. */
function fromSpectrum(lambda: number[], u: [number, number][][]): { re: Float64Array; im: Float64Array } {
  const d = lambda.length,
    re = new Float64Array(d * d),
    im = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++)
      for (let k = 0; k < d; k++) {
        // U_ik λ_k conj(U_jk)
        const [ar, ai] = u[i][k],
          [br, bi] = u[j][k];
        re[i * d + j] += lambda[k] * (ar * br + ai * bi);
        im[i * d + j] += lambda[k] * (ai * br - ar * bi);
      }
  return { re, im };
}

test('diagonal matrix: its diagonal, sorted', () => {
  const d = 5,
    diag = [3, -1, 2, 0.5, -7],
    re = new Float64Array(d * d);
  diag.forEach((v, k) => (re[k * d + k] = v));
  expect(Array.from(eigvalsHermitian(re, null, d))).toEqual([...diag].sort((a, b) => a - b));
});

test('2×2 Hermitian: λ = (a + b)/2 ± √(((a − b)/2)² + |h|²)', () => {
  const a = 0.3,
    b = -1.2,
    h = [0.7, -0.4];
  const ev = eigvalsHermitian([a, h[0], h[0], b], [0, h[1], -h[1], 0], 2);
  const r = Math.sqrt(((a - b) / 2) ** 2 + h[0] ** 2 + h[1] ** 2);
  expect(ev[0]).toBeCloseTo((a + b) / 2 - r, 12);
  expect(ev[1]).toBeCloseTo((a + b) / 2 + r, 12);
});

test.each([
  [4, 1],
  [16, 2],
  [64, 3],
])('random Hermitian d=%i from known eigenvalues (seed %i), with degeneracies', (d, seed) => {
  const rng = createRng(`eig${seed}`);
  const lambda = Array.from({ length: d }, () => Math.round(8 * rng.normal()) / 4); // repeated values occur
  const u = randomUnitary(rng, d);
  const { re, im } = fromSpectrum(lambda, u);
  const eig = eigHermitian(re, im, d, { vectors: true });
  expect(
    maxAbsDiff(
      eig.values,
      [...lambda].sort((x, y) => x - y),
    ),
  ).toBeLessThan(1e-10);
  // H·v_k = λ_k v_k and V†V = I
  const vr = eig.vectorsRe!,
    vi = eig.vectorsIm!;
  let resid = 0,
    ortho = 0;
  for (let k = 0; k < d; k++)
    for (let i = 0; i < d; i++) {
      let sr = 0,
        si = 0;
      for (let j = 0; j < d; j++) {
        sr += re[i * d + j] * vr[j * d + k] - im[i * d + j] * vi[j * d + k];
        si += re[i * d + j] * vi[j * d + k] + im[i * d + j] * vr[j * d + k];
      }
      resid = Math.max(resid, Math.hypot(sr - eig.values[k] * vr[i * d + k], si - eig.values[k] * vi[i * d + k]));
    }
  for (let k = 0; k < d; k++)
    for (let l = 0; l < d; l++) {
      let sr = 0,
        si = 0;
      for (let i = 0; i < d; i++) {
        sr += vr[i * d + k] * vr[i * d + l] + vi[i * d + k] * vi[i * d + l];
        si += vr[i * d + k] * vi[i * d + l] - vi[i * d + k] * vr[i * d + l];
      }
      ortho = Math.max(ortho, Math.hypot(sr - (k === l ? 1 : 0), si));
    }
  expect(resid).toBeLessThan(1e-9);
  expect(ortho).toBeLessThan(1e-10);
});

test('a wrong spectrum is detected (the check can fail)', () => {
  const rng = createRng('eig-neg');
  const { re, im } = fromSpectrum([1, 2, 3, 4], randomUnitary(rng, 4));
  expect(maxAbsDiff(eigvalsHermitian(re, im, 4), [1, 2, 3, 4.01])).toBeGreaterThan(1e-3);
});

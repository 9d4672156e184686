/**
 * Quantum Boltzmann machine against a plain Float64 reference: H from Kronecker products of Pauli matrices,
 * e^{−H} by a power series after scaling (e^{−H} = (e^{−H/2^k})^{2^k}), partial trace by index loops. Also: visible
 * probabilities sum to 1, gradients equal finite differences, training keeps numTensors flat.
 */
import * as tf from '@tensorflow/tfjs';
import { qbmHamiltonian, qbmModel, qbmState, qbmVisibleProbs, qbmVisibleState } from '../../src/models/qbm';
import { createRng } from '../../src/rng';
import { scoped } from '../../src/tfutil';
import { describeEachBackend, maxAbsDiff } from '../helpers/backends';
import { centralPartial } from '../reference/centralDiff';

interface CM { re: number[][]; im: number[][] }
const P2: Record<string, CM> = {
  I: { re: [[1, 0], [0, 1]], im: [[0, 0], [0, 0]] },
  X: { re: [[0, 1], [1, 0]], im: [[0, 0], [0, 0]] },
  Y: { re: [[0, 0], [0, 0]], im: [[0, -1], [1, 0]] },
  Z: { re: [[1, 0], [0, -1]], im: [[0, 0], [0, 0]] },
};
const zeros = (d: number) => Array.from({ length: d }, () => new Array(d).fill(0));
function kron(a: CM, b: CM): CM {
  const da = a.re.length, db = b.re.length, out = { re: zeros(da * db), im: zeros(da * db) };
  for (let i = 0; i < da; i++) for (let j = 0; j < da; j++) for (let k = 0; k < db; k++) for (let l = 0; l < db; l++) {
    out.re[i * db + k][j * db + l] = a.re[i][j] * b.re[k][l] - a.im[i][j] * b.im[k][l];
    out.im[i * db + k][j * db + l] = a.re[i][j] * b.im[k][l] + a.im[i][j] * b.re[k][l];
  }
  return out;
}
function mul(a: CM, b: CM): CM {
  const d = a.re.length, out = { re: zeros(d), im: zeros(d) };
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) {
    out.re[i][j] += a.re[i][k] * b.re[k][j] - a.im[i][k] * b.im[k][j];
    out.im[i][j] += a.re[i][k] * b.im[k][j] + a.im[i][k] * b.re[k][j];
  }
  return out;
}
function denseH(n: number, terms: { pauli: string; qubits: number[] }[], theta: number[]): CM {
  const d = 2 ** n, h = { re: zeros(d), im: zeros(d) };
  terms.forEach((t, i) => {
    const letters = Array.from({ length: n }, (_, q) => (t.qubits.includes(q) ? t.pauli[t.qubits.indexOf(q)] : 'I'));
    const p = letters.map((l) => P2[l]).reduce(kron);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) {
      h.re[a][b] += theta[i] * p.re[a][b];
      h.im[a][b] += theta[i] * p.im[a][b];
    }
  });
  return h;
}
function denseGibbs(h: CM): CM {
  const d = h.re.length, k = 10, s = 2 ** k;
  const a = { re: h.re.map((r) => r.map((x) => -x / s)), im: h.im.map((r) => r.map((x) => -x / s)) };
  let e: CM = { re: zeros(d).map((r, i) => r.map((_, j) => (i === j ? 1 : 0))), im: zeros(d) }, term = e;
  for (let m = 1; m < 20; m++) {
    term = mul(term, a);
    term = { re: term.re.map((r) => r.map((x) => x / m)), im: term.im.map((r) => r.map((x) => x / m)) };
    e = { re: e.re.map((r, i) => r.map((x, j) => x + term.re[i][j])), im: e.im.map((r, i) => r.map((x, j) => x + term.im[i][j])) };
  }
  for (let m = 0; m < k; m++) e = mul(e, e);
  const z = e.re.reduce((acc, r, i) => acc + r[i], 0);
  return { re: e.re.map((r) => r.map((x) => x / z)), im: e.im.map((r) => r.map((x) => x / z)) };
}

describeEachBackend('quantum Boltzmann machine', () => {
  const m = qbmModel({ nVisible: 2, nHidden: 1 });
  const rng = createRng('qbm'), theta = [0, 1].map(() => m.terms.map(() => 0.4 * rng.normal()));

  test('H(θ) and ρ = e^{−H}/Z equal the Kronecker/series reference; ρ_v equals the index-loop partial trace', () => {
    const out = scoped(() => {
      const t = tf.tensor2d(theta);
      const h = qbmHamiltonian(m, t), st = qbmState(m, t), rv = qbmVisibleState(m, t);
      return { h: [h.re.arraySync(), h.im.arraySync()], rho: [st.rho.re.arraySync(), st.rho.im.arraySync()], rv: [rv.re.arraySync(), rv.im.arraySync()], p: qbmVisibleProbs(m, t).arraySync() } as Record<string, number[][][][] | number[][]>;
    });
    theta.forEach((th, b) => {
      const h = denseH(3, m.terms, th), rho = denseGibbs(h);
      expect(maxAbsDiff((out.h as number[][][][])[0][b].flat(), h.re.flat())).toBeLessThan(1e-5);
      expect(maxAbsDiff((out.h as number[][][][])[1][b].flat(), h.im.flat())).toBeLessThan(1e-5);
      expect(maxAbsDiff((out.rho as number[][][][])[0][b].flat(), rho.re.flat())).toBeLessThan(2e-5);
      expect(maxAbsDiff((out.rho as number[][][][])[1][b].flat(), rho.im.flat())).toBeLessThan(2e-5);
      // ρ_v[a, a'] = Σ_h ρ[(a, h), (a', h)] (hidden = least significant qubit)
      const rv = [0, 1, 2, 3].map((a) => [0, 1, 2, 3].map((c) => rho.re[2 * a][2 * c] + rho.re[2 * a + 1][2 * c + 1]));
      expect(maxAbsDiff((out.rv as number[][][][])[0][b].flat(), rv.flat())).toBeLessThan(2e-5);
      const p = (out.p as number[][])[b];
      expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
      expect(maxAbsDiff(p, [0, 1, 2, 3].map((a) => rv[a][a]))).toBeLessThan(2e-5);
    });
  });

  test('gradient of a visible KL equals finite differences; training steps keep numTensors flat', () => {
    const target = tf.tensor2d([[0.5, 0, 0, 0.5]]);
    const f = (t: tf.Tensor) => tf.sum(tf.mul(target, tf.neg(tf.log(tf.maximum(qbmVisibleProbs(m, t as tf.Tensor2D), 1e-6))))) as tf.Scalar;
    const th = theta[0];
    const g = tf.tidy(() => tf.grad(f)(tf.tensor2d([th])).dataSync());
    for (const k of [0, 4, 20, m.terms.length - 1]) {
      const fd = centralPartial((r) => tf.tidy(() => f(tf.tensor2d([r])).dataSync()[0]), th, k, 1e-2);
      expect(Math.abs(g[k] - fd)).toBeLessThan(3e-3);
    }
    const v = tf.variable(tf.tensor2d([th])), opt = tf.train.adam(0.05);
    const step = () => tf.tidy(() => void opt.minimize(() => f(v)));
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([v, target]);
    opt.dispose();
  });
});

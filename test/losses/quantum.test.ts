/**
 * Quantum losses against a dense reference (the full unitary built column by column, χ = U†φ by a conjugate-transpose
 * product, marginals by plain loops), both routes of L_QF, faithfulness of L_LQF and the parity example of SCIENCE.md §3.3.
 */
import * as tf from '@tensorflow/tfjs';
import { simulate } from '../../src/engines/engine';
import {
  dataState,
  localFidelityOfCircuit,
  quantumFidelityLoss,
  quantumFidelityOfCircuit,
} from '../../src/losses/quantum';
import { mmdLoss, pSigma } from '../../src/losses/mmd';
import { productAnsatz } from '../../src/circuit/ansatz/product';
import { createRng } from '../../src/rng';
import { describeEachBackend, expectNoLeak } from '../helpers/backends';
import { randomCircuit } from '../helpers/randomCircuit';
import { randomDists, refQuantum } from './reference';

describeEachBackend('quantum losses', () => {
  test.each([
    [2, 1],
    [3, 2],
    [4, 3],
  ])('n = %i: L_QF (overlap and U†φ routes) and L_LQF equal the dense reference', (n, seed) => {
    const rng = createRng(`ql${seed}`),
      circuit = randomCircuit(rng, n, 25, 4);
    const rows = Array.from({ length: 3 }, () => Array.from({ length: 4 }, () => 4 * (rng.uniform() - 0.5)));
    const data = randomDists(`qd${seed}`, n, 1, 0.3)[0];
    const theta = tf.tensor2d(rows),
      d = tf.tensor2d([data]);
    const overlap = tf.tidy(() => {
      const phi = dataState(d);
      return quantumFidelityLoss(simulate(circuit, theta), phi).arraySync();
    });
    const viaInverse = tf.tidy(() => quantumFidelityOfCircuit(circuit, theta, d).arraySync());
    const lqf = tf.tidy(() => localFidelityOfCircuit(circuit, theta, d).arraySync());
    rows.forEach((row, b) => {
      const ref = refQuantum(circuit, row, data);
      expect(Math.abs(overlap[b] - ref.qf)).toBeLessThan(1e-5);
      expect(Math.abs(viaInverse[b] - ref.qf)).toBeLessThan(1e-5);
      expect(Math.abs(lqf[b] - ref.lqf)).toBeLessThan(1e-5);
    });
    tf.dispose([theta, d]);
  });

  test('faithfulness: L_LQF = 0 exactly when the fidelity is 1, and L_LQF ≤ L_QF ≤ n·L_LQF', () => {
    const n = 5,
      circuit = productAnsatz(n),
      rng = createRng('faith');
    const star = Array.from({ length: n }, () => Math.PI * rng.uniform()); // RY(θ) with θ ∈ [0, π]: amplitudes ≥ 0
    const data = Array.from({ length: 2 ** n }, (_, x) =>
      star.reduce((s, t, q) => s * ((x >> (n - 1 - q)) & 1 ? Math.sin(t / 2) : Math.cos(t / 2)) ** 2, 1),
    );
    const rows = [
      star,
      ...Array.from({ length: 40 }, (_, k) => star.map((t) => t + (k < 20 ? 1e-2 * k : 3) * rng.normal())),
    ];
    const theta = tf.tensor2d(rows),
      d = tf.tensor2d([data]);
    const qf = quantumFidelityOfCircuit(circuit, theta, d).arraySync(),
      lqf = localFidelityOfCircuit(circuit, theta, d).arraySync();
    expect(Math.abs(qf[0])).toBeLessThan(1e-6);
    expect(Math.abs(lqf[0])).toBeLessThan(1e-6);
    for (let b = 1; b < rows.length; b++) {
      expect(lqf[b]).toBeLessThanOrEqual(qf[b] + 1e-6);
      expect(qf[b]).toBeLessThanOrEqual(n * lqf[b] + 1e-6);
    }
    tf.dispose([theta, d]);
  });

  test('parity: LQF = QF = ½ between |+⟩^n and the even-parity state, for every n, where MMD is only p_σ^n', () => {
    for (const n of [3, 5, 7]) {
      const circuit = productAnsatz(n),
        theta = tf.fill([1, n], Math.PI / 2) as tf.Tensor2D;
      const even = Array.from({ length: 2 ** n }, (_, x) =>
        x.toString(2).split('1').length % 2 === 1 ? 2 / 2 ** n : 0,
      );
      const d = tf.tensor2d([even]);
      expect(localFidelityOfCircuit(circuit, theta, d).dataSync()[0]).toBeCloseTo(0.5, 5);
      expect(quantumFidelityOfCircuit(circuit, theta, d).dataSync()[0]).toBeCloseTo(0.5, 5);
      const u = tf.fill([1, 2 ** n], 1 / 2 ** n) as tf.Tensor2D;
      expect(mmdLoss(u, d, [1]).dataSync()[0]).toBeCloseTo(pSigma(1) ** n, 6);
      tf.dispose([theta, d, u]);
    }
  });

  test('no tensors leak', () => {
    const circuit = productAnsatz(3),
      theta = tf.tensor2d([[0.1, 0.2, 0.3]]),
      d = tf.tensor2d(randomDists('leak', 3, 1));
    expectNoLeak(() => localFidelityOfCircuit(circuit, theta, d).dispose());
    expectNoLeak(() => quantumFidelityOfCircuit(circuit, theta, d).dispose());
    expectNoLeak(() =>
      tf
        .grad((t: tf.Tensor) => tf.sum(localFidelityOfCircuit(circuit, t as tf.Tensor2D, d)))(theta)
        .dispose(),
    );
    tf.dispose([theta, d]);
  });
});

/**
 * The CPU engine's float32 option against its float64 default: states, losses (MMD, KL) and gradients of the HEP
 * ansatz at n = 8, 12, 16 (batch 64 at n = 12, so the rows run on worker threads in float32 too) and of random circuits
 * with every gate kind (forced fusion included), and float32 gradients against finite differences of the dense
 * reference. Measured here: state ‖δψ‖/‖ψ‖ ≈ 5e-7, losses ≈ 1e-7 relative, gradients ‖δg‖/‖g‖ ≈ 1e-6 (bench and the
 * closing note repeat them); the bounds below leave a factor ~10, far below what a gradient-variance study resolves.
 */
import * as tf from '@tensorflow/tfjs';
import { hepAnsatz } from '../../../src/circuit/ansatz/hep';
import { Circuit } from '../../../src/circuit/circuit';
import { cpuEngine } from '../../../src/engines/engine';
import { Precision, setCpuPrecision } from '../../../src/engines/cpu/kernelSet';
import { mmdLoss } from '../../../src/losses/mmd';
import { createRng } from '../../../src/rng';
import { denseProbs } from '../../reference/dense';
import { centralDiff } from '../../reference/centralDiff';
import { maxAbsDiff } from '../../helpers/backends';
import { randomCircuit } from '../../helpers/randomCircuit';

const l2 = (x: ArrayLike<number>, y?: ArrayLike<number>) =>
  Math.sqrt(Array.from(x).reduce((s, v, i) => s + (v - (y ? y[i] : 0)) ** 2, 0));
const rel = (x: ArrayLike<number>, y: ArrayLike<number>) => l2(x, y) / l2(y);

interface Run {
  state: number[];
  mmd: number;
  kl: number;
  grad: Float32Array;
}

function run(c: Circuit, theta: tf.Tensor2D, q: tf.Tensor2D, precision: Precision): Run {
  setCpuPrecision(precision);
  try {
    return tf.tidy(() => {
      const s = cpuEngine.simulate(c, theta);
      const mmd = (t: tf.Tensor) => tf.sum(mmdLoss(cpuEngine.probs(c, t as tf.Tensor2D), q, [c.nQubits / 4]));
      // KL(q‖p) with p clipped at 1e-12 (the form the trainer uses for explicit losses)
      const kl = tf.sum(tf.mul(q, tf.log(tf.div(tf.add(q, 1e-30), tf.maximum(cpuEngine.probs(c, theta), 1e-12)))));
      return {
        state: [...s.re.dataSync(), ...s.im.dataSync()],
        mmd: mmd(theta).dataSync()[0],
        kl: kl.dataSync()[0],
        grad: tf.grad(mmd)(theta).dataSync() as Float32Array,
      };
    });
  } finally {
    setCpuPrecision(null);
  }
}

function target(n: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => {
    const t = tf.pow(tf.randomUniform([1, 2 ** n], 0, 1, 'float32', seed), 8);
    return tf.div(t, tf.sum(t)) as tf.Tensor2D;
  });
}

describe('float32 against float64', () => {
  test.each([
    [8, 8],
    [12, 64],
    [16, 2],
  ])('HEP n = %i, batch %i: states, MMD, KL and gradients agree', (n, batch) => {
    const c = hepAnsatz(n, 4),
      q = target(n, n);
    const theta = tf.randomUniform([batch, c.nParams], 0, 2 * Math.PI, 'float32', n) as tf.Tensor2D;
    const a = run(c, theta, q, 'float64'),
      b = run(c, theta, q, 'float32');
    expect(rel(b.state, a.state)).toBeLessThan(5e-6);
    expect(Math.abs(b.mmd - a.mmd) / Math.abs(a.mmd)).toBeLessThan(2e-6);
    expect(Math.abs(b.kl - a.kl) / Math.abs(a.kl)).toBeLessThan(2e-6);
    expect(rel(b.grad, a.grad)).toBeLessThan(2e-5);
    tf.dispose([q, theta]);
  });

  test.each(['off', '2', '3'])(
    'random circuits with every gate kind (fusion %s): states and gradients agree',
    (fuse) => {
      process.env.PLATEAU_FUSE = fuse;
      try {
        const rng = createRng(`p32${fuse}`);
        const c = randomCircuit(rng, 6, 60, 6),
          q = target(6, 1);
        const theta = tf.tensor2d([0, 1, 2].map(() => Array.from({ length: 6 }, () => 4 * (rng.uniform() - 0.5))));
        const a = run(c, theta, q, 'float64'),
          b = run(c, theta, q, 'float32');
        expect(rel(b.state, a.state)).toBeLessThan(5e-6);
        expect(rel(b.grad, a.grad)).toBeLessThan(2e-5);
        tf.dispose([q, theta]);
      } finally {
        delete process.env.PLATEAU_FUSE;
      }
    },
  );

  test('float32 gradients = finite differences of the float64 dense reference', () => {
    const rng = createRng('p32fd');
    const c = randomCircuit(rng, 5, 40, 5),
      w = Array.from({ length: 32 }, () => rng.normal());
    const theta = Array.from({ length: 5 }, () => 3 * rng.normal());
    const want = centralDiff((t) => denseProbs(c, t).reduce((s, p, x) => s + w[x] * p, 0), theta);
    setCpuPrecision('float32');
    try {
      const wt = tf.tensor1d(w);
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(cpuEngine.probs(c, t as tf.Tensor2D), wt)))(
        tf.tensor2d([theta]),
      );
      expect(maxAbsDiff(g.dataSync(), want)).toBeLessThan(1e-5);
      tf.dispose([g, wt]);
    } finally {
      setCpuPrecision(null);
    }
  });
});

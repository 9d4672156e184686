/**
 * Gradients: autodiff through each engine on each backend (webgpu: the tensor engine) = parameter shift = central finite
 * differences of the Float64 dense reference, on random circuits with every gate kind, shared and scaled parameters,
 * batch 1 and 3. Parameter shift and finite differences read synchronously, so on webgpu only autodiff is checked.
 */
import * as tf from '@tensorflow/tfjs';
import { getEngine } from '../../src/engines/engine';
import { paramShiftGrad } from '../../src/gradients/paramShift';
import { finiteDiffGrad } from '../../src/gradients/finiteDiff';
import { createRng } from '../../src/rng';
import { denseProbs, denseState } from '../reference/dense';
import { describeEach, maxAbsDiff, relErr } from '../helpers/backends';
import { randomCircuit } from '../helpers/randomCircuit';
import { centralDiff } from '../reference/centralDiff';

/** A nonlinear per-row objective of probabilities: f(p) = Σ w_x p_x + Σ v_x p_x². */
function weights(dim: number, seed: string): { w: number[]; v: number[] } {
  const rng = createRng(seed);
  return { w: Array.from({ length: dim }, () => rng.normal()), v: Array.from({ length: dim }, () => rng.normal()) };
}

const cases: [number, number, number][] = [
  [1, 1, 1],
  [2, 3, 2],
  [3, 1, 3],
  [4, 3, 4],
  [5, 1, 5],
];

describeEach('gradients', {}, ({ engine: engineName, values, webgpu }) => {
  const engine = getEngine(engineName);

  test.each(cases)('n=%i batch=%i seed=%i: autodiff = parameter shift = finite differences', async (n, batch, seed) => {
    const rng = createRng(`grad${seed}`);
    const circuit = randomCircuit(rng, n, 30, 6);
    const theta = Array.from({ length: batch }, () => Array.from({ length: 6 }, () => 4 * (rng.uniform() - 0.5)));
    const { w, v } = weights(2 ** n, `w${seed}`);
    const fDense = (row: number[]) => denseProbs(circuit, row).reduce((s, p, x) => s + w[x] * p + v[x] * p * p, 0);
    const ref = theta.flatMap((row) => centralDiff(fDense, row));
    const wt = tf.tensor1d(w),
      vt = tf.tensor1d(v);
    const objective = (p: tf.Tensor2D) => tf.sum(tf.add(tf.mul(p, wt), tf.mul(tf.square(p), vt)), 1) as tf.Tensor1D;
    const [g] = await values(() => [
      tf.grad((t: tf.Tensor) => tf.sum(objective(engine.probs(circuit, t as tf.Tensor2D))))(tf.tensor2d(theta)),
    ]);
    expect(relErr(g, ref)).toBeLessThan(1e-3);
    // parameter shift and finite differences read θ and ∂L/∂p synchronously (host backends only): not on webgpu
    if (!webgpu) {
      const [ps, fd] = await values(() => [
        paramShiftGrad(circuit, tf.tensor2d(theta), objective, { engine: engineName }),
        finiteDiffGrad((t) => objective(engine.probs(circuit, t)), tf.tensor2d(theta)),
      ]);
      expect(relErr(ps, ref)).toBeLessThan(1e-3);
      expect(relErr(fd, ref)).toBeLessThan(1e-2); // float32 forward: O(1e-7/h) rounding
    }
    tf.dispose([wt, vt]);
  });

  test.each([
    [3, 7],
    [4, 8],
  ])('amplitude gradients, n=%i seed=%i: autodiff = finite differences', async (n, seed) => {
    const rng = createRng(`amp${seed}`);
    const circuit = randomCircuit(rng, n, 25, 5);
    const theta = [
      Array.from({ length: 5 }, () => 4 * (rng.uniform() - 0.5)),
      Array.from({ length: 5 }, () => 4 * (rng.uniform() - 0.5)),
    ];
    const { w, v } = weights(2 ** n, `a${seed}`);
    // f(ψ) = Σ w_x Re ψ_x + v_x Im ψ_x: sensitive to phases, so it checks the amplitude op and not only |ψ|²
    const fDense = (row: number[]) => denseState(circuit, row).reduce((s, [re, im], x) => s + w[x] * re + v[x] * im, 0);
    const ref = theta.flatMap((row) => centralDiff(fDense, row));
    const [g] = await values(() => [
      tf.grad((t: tf.Tensor) => {
        const s = engine.simulate(circuit, t as tf.Tensor2D);
        return tf.add(tf.sum(tf.mul(s.re, tf.tensor1d(w))), tf.sum(tf.mul(s.im, tf.tensor1d(v))));
      })(tf.tensor2d(theta)),
    ]);
    expect(maxAbsDiff(g, ref)).toBeLessThan(2e-4);
  });
});

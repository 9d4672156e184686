/**
 * The IQP estimator against plateau's state-vector engines on the same circuit (one `pauli` X-string rotation per
 * generator): with every z enumerated, ⟨Z_a⟩ and MMD² (every mask, kernel-weighted) equal zExpectations and mmdLoss of
 * the engine's Born probabilities to 1e-6, and so do their gradients; on both estimator paths (cpu, tensor), every engine
 * and every backend (webgpu: the tensor engine and the tensor path; the cpu path reads θ synchronously). The closed form
 * (≤ 2-body) against the same reference, its gradient against central differences.
 */
import * as tf from '@tensorflow/tfjs';
import { fromIndices, weighted } from '../../../src/data/bitRows';
import { probs } from '../../../src/engines/engine';
import { mmdLoss } from '../../../src/losses/mmd';
import { iqpCircuit } from '../../../src/models/iqp/circuit';
import { exactCorrelators } from '../../../src/models/iqp/closedForm';
import { Generators, generatorsFromLists, iqpGenerators } from '../../../src/models/iqp/generators';
import { exactMmdDraw, iqpMmd, modelCorrelators } from '../../../src/models/iqp/mmd';
import { allRows } from '../../../src/models/iqp/tables';
import { createRng } from '../../../src/rng';
import { zExpectations } from '../../../src/state/born';
import { centralDiff } from '../../reference/centralDiff';
import { describeEach, expectNoLeak, maxAbsDiff } from '../../helpers/backends';

const SETS: [string, () => Generators][] = [
  ['all ≤2-body, n=5', () => iqpGenerators({ topology: 'all' }, 5)],
  ['line ≤3-body, n=6', () => iqpGenerators({ topology: 'line', maxBody: 3 }, 6)],
  ['grid 2×3', () => iqpGenerators({ topology: 'grid', rows: 2, cols: 3 }, 6)],
  ['ragged custom, n=4', () => generatorsFromLists(4, [[0], [1, 3], [0, 1, 2, 3], [2]])],
];

const thetaOf = (m: number, seed: string) => {
  const rng = createRng(seed);
  return Array.from({ length: m }, () => 2 * Math.PI * rng.uniform());
};

/** Random data as weighted basis-index rows and as a dense [1, 2^n] distribution. */
function randomData(n: number, seed: string) {
  const rng = createRng(seed), idx = Array.from({ length: 12 }, () => rng.int(2 ** n)), p = new Float32Array(2 ** n);
  idx.forEach((x) => (p[x] += 1 / idx.length));
  return { rows: weighted(fromIndices(idx, n)), dense: p };
}

/** All non-empty subsets as qubit lists, in the order exactMmdDraw enumerates them (basis index 1 … 2^n − 1). */
const subsets = (n: number) => Array.from({ length: 2 ** n - 1 }, (_, i) => [...Array(n).keys()].filter((q) => ((i + 1) >>> (n - 1 - q)) & 1));

describeEach('IQP estimator vs the state-vector engines', {}, ({ engine, values, webgpu }) => {
  // the estimator's cpu path reads θ on the host: on webgpu only its tensor path runs
  for (const [label, make] of SETS)
    for (const path of webgpu ? (['tensor'] as const) : (['cpu', 'tensor'] as const))
      test(`${label}, ${path} path: ⟨Z_a⟩ for every a, and MMD² with its gradient, to 1e-6`, async () => {
        const g = make(), n = g.nQubits, circuit = iqpCircuit(g), th = thetaOf(g.count, label), sigmas = [0.3, n / 4];
        const data = randomData(n, `d-${label}`), draw = exactMmdDraw(g, data.rows, sigmas);
        const theta = tf.tensor2d([th]), p = tf.tensor2d(data.dense, [1, 2 ** n]);
        const [ref, got] = await values(() => [zExpectations(probs(circuit, theta, { engine }), subsets(n)), modelCorrelators(theta, draw, path)]);
        expect(maxAbsDiff(got, ref)).toBeLessThan(1e-6);
        const f = (useIqp: boolean) =>
          values(() => {
            const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => tf.sum(useIqp ? iqpMmd(t as tf.Tensor2D, draw, path) : mmdLoss(probs(circuit, t as tf.Tensor2D, { engine }), p, sigmas)))(theta);
            return [value, grad];
          });
        const [[v], gr] = await f(true), [[vr], grr] = await f(false);
        expect(Math.abs(v - vr)).toBeLessThan(1e-6);
        expect(maxAbsDiff(gr, grr)).toBeLessThan(1e-6);
        expectNoLeak(() => tf.dispose(tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(iqpMmd(t as tf.Tensor2D, draw, path)))(theta))));
        tf.dispose([theta, p]);
      });

  test('the closed form (≤ 2-body, no z sampling) equals the engine, and its gradient central differences', async () => {
    for (const [label, make] of SETS.filter(([l]) => !l.includes('3-body') && !l.includes('custom'))) {
      const g = make(), n = g.nQubits, th = thetaOf(g.count, `cf-${label}`), masks = allRows(n);
      const [ref] = await values(() => [zExpectations(probs(iqpCircuit(g), tf.tensor2d([th]), { engine }), [[], ...subsets(n)])]);
      expect(maxAbsDiff(exactCorrelators(g, th, masks).values, ref)).toBeLessThan(1e-6);
      const dq = Array.from({ length: masks.rows }, (_, i) => Math.cos(i));
      const f = (x: number[]) => exactCorrelators(g, x, masks).values.reduce((s, v, i) => s + dq[i] * v, 0);
      expect(maxAbsDiff(exactCorrelators(g, th, masks, dq).grad!, centralDiff(f, th, 1e-6))).toBeLessThan(1e-7);
    }
  });
});

/** The host evaluation metrics equal the tensor losses (TVD, KL, MMD) and brute-force correlators. */
import * as tf from '@tensorflow/tfjs';
import { resolveTrainConfig } from '../../src/config/train';
import { buildProblem } from '../../src/train/problem';
import { evaluateModel } from '../../src/train/metrics';
import { klLoss, tvdLoss } from '../../src/losses/explicit';
import { mmdLoss } from '../../src/losses/mmd';
import { createRng } from '../../src/rng';

test('evaluateModel = tensor losses and a brute-force k-body error', async () => {
  const problem = buildProblem(
    resolveTrainConfig({
      name: 'm',
      data: { synthetic: 'random-strings', n: 5, count: 9, seed: 2 },
      model: { ansatz: 'product' },
      loss: 'tvd',
      steps: 1,
      eval: { sigmas: [0.3, 1, 'n/4', 'n'], kBody: 2 },
    }),
  );
  if (problem.kind !== 'exact') throw new Error('a product ansatz builds an exact problem');
  const rng = createRng(8),
    q = Float64Array.from({ length: 32 }, () => rng.uniform() ** 2);
  const z = q.reduce((a, b) => a + b, 0);
  q.forEach((v, i) => (q[i] = v / z));
  const m = evaluateModel(problem, q);
  const p = problem.trainProbs;
  const [qt, pt] = [tf.tensor2d(Array.from(q), [1, 32]), tf.tensor2d(Array.from(p), [1, 32])];
  expect(m.tvd_train).toBeCloseTo(tvdLoss(qt, pt).dataSync()[0], 5);
  expect(m.kl_train).toBeCloseTo(klLoss(qt, pt).dataSync()[0], 4);
  for (const [s, v] of [
    [0.3, m.mmd['σ=0.3']],
    [1, m.mmd['σ=1']],
    [1.25, m.mmd['σ=n/4']],
    [5, m.mmd['σ=n']],
  ] as [number, number][])
    expect(v).toBeCloseTo(mmdLoss(qt, pt, [s]).dataSync()[0], 6);
  // brute force: Σ over subsets of size 1..2 of (⟨Z_A⟩_q − ⟨Z_A⟩_p)²
  let ref = 0;
  for (let a = 1; a < 32; a++) {
    const size = a.toString(2).split('1').length - 1;
    if (size > 2) continue;
    let zq = 0,
      zp = 0;
    for (let x = 0; x < 32; x++) {
      const sign = (a & x).toString(2).split('1').length % 2 === 1 ? 1 : -1;
      zq += sign * q[x];
      zp += sign * p[x];
    }
    ref += (zq - zp) ** 2;
  }
  expect(m.kbody_error).toBeCloseTo(ref, 10);
  expect(m.mass_on_train_support).toBeCloseTo(
    Array.from(p).reduce((s, v, x) => s + (v > 0 ? q[x] : 0), 0),
    12,
  );
  tf.dispose([qt, pt]);
});

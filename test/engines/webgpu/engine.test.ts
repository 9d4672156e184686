/**
 * The tensor engine on webgpu (software adapter): its fast program (plateau's kernels) against the generic program on
 * the same backend and against the dense reference, for states, probabilities and MMD gradients; tensors stay flat
 * over training steps; the backend report names the adapter; dataSync fails with a one-line hint.
 */
import * as tf from '@tensorflow/tfjs';
import { backendReport } from '../../../src/backend/backend';
import { hepAnsatz } from '../../../src/circuit/ansatz/hep';
import { hardwareEfficientAnsatz } from '../../../src/circuit/ansatz/hardwareEfficient';
import { compilePlan } from '../../../src/circuit/plan';
import { Circuit } from '../../../src/circuit/circuit';
import { probs, selectEngine, simulate, tensorEngine } from '../../../src/engines/engine';
import { bornProbsPacked } from '../../../src/engines/tensor/ops';
import { prepareTensorProgram } from '../../../src/engines/tensor/program';
import { simulatePacked } from '../../../src/engines/tensor/simulate';
import { fastKernelsActive } from '../../../src/engines/webgpu/register';
import { mmdLoss } from '../../../src/losses/mmd';
import { createRng } from '../../../src/rng';
import { maxAbsDiff, relErr } from '../../helpers/backends';
import { randomCircuit } from '../../helpers/randomCircuit';
import { denseProbs } from '../../reference/dense';
import { describeWebgpu } from '../../helpers/webgpu';

const circuits = (): Circuit[] => [
  hepAnsatz(6, 2),
  hardwareEfficientAnsatz({ nQubits: 5, layers: 2, topology: 'ring', rotations: ['rx', 'rz'], entangler: 'rzz' }),
  hardwareEfficientAnsatz({ nQubits: 4, layers: 2, topology: 'line', rotations: ['ry'], entangler: 'cx' }),
  randomCircuit(createRng('webgpu-engine'), 5, 60, 8),
];

describeWebgpu('tensor engine on webgpu', () => {
  test('the backend report names the software adapter; the tensor engine runs plateau kernels', async () => {
    const r = await backendReport();
    expect(r.backend).toBe('webgpu');
    expect(r.adapter?.software).toBe(true);
    expect(r.device).toMatch(/llvmpipe.*\(software renderer, not a GPU\) via Dawn$/);
    expect(fastKernelsActive()).toBe(true);
    expect(selectEngine('auto')).toBe('tensor');
  });

  test.each(circuits().map((c) => [c.name, c]))('fast = generic = dense reference: %s', async (_name, c) => {
    const rng = createRng(`webgpu-${c.name}`);
    const B = 3,
      D = 2 ** c.nQubits;
    const theta = tf.tensor2d(
      Array.from({ length: B * c.nParams }, () => 6 * rng.uniform()),
      [B, c.nParams],
    );
    const q = tf.tensor2d(
      Array.from({ length: D }, () => 1 / D),
      [1, D],
    );
    const generic = prepareTensorProgram(compilePlan(c), { fast: false });
    const gProbs = (t: tf.Tensor) => bornProbsPacked(simulatePacked(generic, t as tf.Tensor2D), false);
    const loss = (p: (t: tf.Tensor) => tf.Tensor2D) => (t: tf.Tensor) => tf.sum(mmdLoss(p(t), q, [0.3, 2]));
    const [pf, pg, sf, gf, gg] = tf.tidy(() => [
      probs(c, theta),
      gProbs(theta),
      simulate(c, theta).re,
      tf.grad(loss((t) => tensorEngine.probs(c, t as tf.Tensor2D)))(theta),
      tf.grad(loss(gProbs))(theta),
    ]);
    const [pfv, pgv, sfv, gfv, ggv, thv] = await Promise.all([pf, pg, sf, gf, gg, theta].map((t) => t.data()));
    expect(maxAbsDiff(pfv, pgv)).toBeLessThan(2e-6);
    expect(relErr(gfv, ggv)).toBeLessThan(1e-4);
    expect(sfv.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    for (let b = 0; b < B; b++) {
      const ref = denseProbs(c, Array.from(thv.slice(b * c.nParams, (b + 1) * c.nParams)));
      expect(maxAbsDiff(pfv.slice(b * D, (b + 1) * D), ref)).toBeLessThan(2e-6);
    }
    tf.dispose([pf, pg, sf, gf, gg, theta, q, ...generic.tensors]);
  });

  test('training steps keep the number of live tensors flat', async () => {
    const c = hepAnsatz(5, 2);
    const theta = tf.variable(tf.randomUniform([2, c.nParams], 0, 6, 'float32', 3));
    const q = tf.tensor2d(
      Array.from({ length: 32 }, () => 1 / 32),
      [1, 32],
    );
    const opt = tf.train.adam(0.05);
    const step = () => opt.minimize(() => tf.sum(mmdLoss(probs(c, theta as tf.Tensor2D), q, [1])) as tf.Scalar, true)!;
    const first = step();
    const losses = [await first.data()];
    first.dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) {
      const l = step();
      losses.push(await l.data());
      l.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(losses[4][0]).toBeLessThan(losses[0][0]);
    tf.dispose([theta, q]);
    opt.dispose();
  });

  test('dataSync on GPU memory is a one-line error pointing to data()', () => {
    const t = tf.tidy(() => tf.square(tf.randomNormal([2, 64])));
    expect(() => t.dataSync()).toThrow(
      /^dataSync\/arraySync cannot read GPU memory on the webgpu backend in Node; use `await tensor.data\(\)`/,
    );
    t.dispose();
  });
});

/**
 * The two engines agree on states, probabilities and gradients at sizes past the dense reference (cpu and wasm: the
 * cpu engine cannot run on webgpu, where engines/webgpu/engine.test.ts checks the tensor engine's two programs).
 */
import * as tf from '@tensorflow/tfjs';
import { cpuEngine, tensorEngine } from '../../src/engines/engine';
import { hepAnsatz } from '../../src/circuit/ansatz/hep';
import { hardwareEfficientAnsatz } from '../../src/circuit/ansatz/hardwareEfficient';
import { mcCleanAnsatz } from '../../src/circuit/ansatz/mcclean';
import { createRng } from '../../src/rng';
import { describeEach, maxAbsDiff, relErr, TEST_BACKENDS } from '../helpers/backends';
import { randomCircuit } from '../helpers/randomCircuit';

const circuits = () => [
  hepAnsatz(8, 3),
  hardwareEfficientAnsatz({ nQubits: 9, layers: 3, topology: 'ring', rotations: ['rx', 'rz'], entangler: 'rzz' }),
  mcCleanAnsatz(8, 6, createRng(2)),
  randomCircuit(createRng('agree'), 8, 80, 10),
];

describeEach('cpu engine = tensor engine', { engines: 'auto', backends: TEST_BACKENDS }, ({ values }) => {
  test.each(circuits().map((c) => [c.name, c]))('%s', async (_name, c) => {
    const rng = createRng(`agree-${c.name}`);
    const theta = tf.tensor2d(
      Array.from({ length: 3 * c.nParams }, () => 6 * rng.uniform()),
      [3, c.nParams],
    );
    const w = tf.randomNormal([1, 2 ** c.nQubits], 0, 1, 'float32', 4);
    const loss = (e: typeof cpuEngine) => (t: tf.Tensor) =>
      tf.sum(tf.mul(tf.sqrt(tf.add(e.probs(c, t as tf.Tensor2D), 1e-3)), w));
    const [are, aim, bre, bim, pa, pb, ga, gb] = await values(() => {
      const a = cpuEngine.simulate(c, theta),
        b = tensorEngine.simulate(c, theta);
      return [
        a.re,
        a.im,
        b.re,
        b.im,
        cpuEngine.probs(c, theta),
        tensorEngine.probs(c, theta),
        tf.grad(loss(cpuEngine))(theta),
        tf.grad(loss(tensorEngine))(theta),
      ];
    });
    expect(maxAbsDiff(are, bre)).toBeLessThan(2e-5);
    expect(maxAbsDiff(aim, bim)).toBeLessThan(2e-5);
    expect(maxAbsDiff(pa, pb)).toBeLessThan(2e-5);
    expect(relErr(ga, gb)).toBeLessThan(1e-3);
    tf.dispose([theta, w]);
  });
});

/** The two engines agree on states, probabilities and gradients at sizes past the dense reference (cpu and wasm). */
import * as tf from '@tensorflow/tfjs';
import { cpuEngine, tensorEngine } from '../../src/engines/engine';
import { hepAnsatz } from '../../src/circuit/ansatz/hep';
import { hardwareEfficientAnsatz } from '../../src/circuit/ansatz/hardwareEfficient';
import { mcCleanAnsatz } from '../../src/circuit/ansatz/mcclean';
import { createRng } from '../../src/rng';
import { describeEachBackend, maxAbsDiff, relErr } from '../helpers/backends';
import { randomCircuit } from '../helpers/randomCircuit';

const circuits = () => [
  hepAnsatz(8, 3),
  hardwareEfficientAnsatz({ nQubits: 9, layers: 3, topology: 'ring', rotations: ['rx', 'rz'], entangler: 'rzz' }),
  mcCleanAnsatz(8, 6, createRng(2)),
  randomCircuit(createRng('agree'), 8, 80, 10),
];

describeEachBackend('cpu engine = tensor engine', () => {
  test.each(circuits().map((c) => [c.name, c]))('%s', (_name, c) => {
    const rng = createRng(`agree-${c.name}`);
    const theta = tf.tensor2d(Array.from({ length: 3 * c.nParams }, () => 6 * rng.uniform()), [3, c.nParams]);
    const w = tf.randomNormal([1, 2 ** c.nQubits], 0, 1, 'float32', 4);
    const loss = (e: typeof cpuEngine) => (t: tf.Tensor) => tf.sum(tf.mul(tf.sqrt(tf.add(e.probs(c, t as tf.Tensor2D), 1e-3)), w));
    tf.tidy(() => {
      const a = cpuEngine.simulate(c, theta), b = tensorEngine.simulate(c, theta);
      expect(maxAbsDiff(a.re.dataSync(), b.re.dataSync())).toBeLessThan(2e-5);
      expect(maxAbsDiff(a.im.dataSync(), b.im.dataSync())).toBeLessThan(2e-5);
      expect(maxAbsDiff(cpuEngine.probs(c, theta).dataSync(), tensorEngine.probs(c, theta).dataSync())).toBeLessThan(2e-5);
      const ga = tf.grad(loss(cpuEngine))(theta), gb = tf.grad(loss(tensorEngine))(theta);
      expect(relErr(ga.dataSync(), gb.dataSync())).toBeLessThan(1e-3);
    });
    tf.dispose([theta, w]);
  });
});

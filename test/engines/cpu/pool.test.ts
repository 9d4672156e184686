/** Batched CPU-engine calls on worker threads give bit-identical states and gradients to one thread. */
import * as tf from '@tensorflow/tfjs';
import { cpuEngine } from '../../../src/engines/engine';
import { hepAnsatz } from '../../../src/circuit/ansatz/hep';
import { threadsFor } from '../../../src/engines/cpu/pool';
import { prepareProgram } from '../../../src/engines/cpu/prepare';
import { compilePlan } from '../../../src/circuit/plan';

test('PLATEAU_THREADS=2 and =1 agree bit for bit (batch 128, n = 9)', () => {
  const c = hepAnsatz(9, 3);
  const theta = tf.randomUniform([128, c.nParams], 0, 6.3, 'float32', 3) as tf.Tensor2D;
  const run = () =>
    tf.tidy(() => {
      const { value, grad } = tf.valueAndGrad((t: tf.Tensor) =>
        tf.sum(tf.sqrt(tf.add(cpuEngine.probs(c, t as tf.Tensor2D), 1e-3))),
      )(theta);
      const s = cpuEngine.simulate(c, theta);
      return [...value.dataSync(), ...grad.dataSync(), ...s.re.dataSync(), ...s.im.dataSync()];
    });
  const saved = process.env.PLATEAU_THREADS;
  try {
    process.env.PLATEAU_THREADS = '2';
    expect(threadsFor(prepareProgram(compilePlan(c)), 128)).toBe(2);
    const two = run();
    process.env.PLATEAU_THREADS = '1';
    expect(threadsFor(prepareProgram(compilePlan(c)), 128)).toBe(1);
    expect(run()).toEqual(two);
  } finally {
    if (saved === undefined) delete process.env.PLATEAU_THREADS;
    else process.env.PLATEAU_THREADS = saved;
    theta.dispose();
  }
});

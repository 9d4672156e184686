/**
 * The cuda engine on a real NVIDIA GPU (the driver's libcuda.so.1; PLATEAU_CUDA_LIBRARY unset): skipped, saying why,
 * on machines without one. There it checks argument packing through the real driver, states, probabilities and
 * gradients against the CPU engine in both precisions, a device-reduced loss, and flat GPU memory across steps.
 */
import * as tf from '@tensorflow/tfjs';
import { hepAnsatz } from '../../../src/circuit/ansatz/hep';
import { cpuEngine, cudaEngine, Engine } from '../../../src/engines/engine';
import { cudaStatus, setCudaPrecision } from '../../../src/engines/cuda/device';
import { arg } from '../../../src/engines/cuda/args';
import { session } from '../../../src/engines/cuda/runtime';
import { resolveLoss } from '../../../src/losses/registry';
import { maxAbsDiff, relErr } from '../../helpers/backends';

const why = process.env.PLATEAU_CUDA_LIBRARY
  ? 'PLATEAU_CUDA_LIBRARY is set (this suite is for the real driver)'
  : ((s) => (s.ok ? null : s.why))(cudaStatus());
if (why) console.warn(`skipping the real-GPU cuda suite: ${why}`);

(why ? describe.skip : describe)(`cuda engine on a GPU${why ? ` (skipped: ${why})` : ''}`, () => {
  beforeAll(() => tf.setBackend('cpu'));
  afterEach(() => setCudaPrecision(null));

  test('kernel arguments arrive as packed', () => {
    const d = session().driver,
      out = d.alloc(40, 'probe');
    d.launch('probe_args', [1, 1], 32, [
      arg.buf(out),
      arg.i32(-7),
      arg.f64(Math.PI),
      arg.u32(3000000000),
      arg.f32(-0.375),
      arg.u64(2n ** 50n + 1n),
    ]);
    const got = new BigUint64Array(5);
    d.download(got, out);
    d.free(out);
    expect([BigInt.asIntN(64, got[0]), got[2], got[4]]).toEqual([-7n, 3000000000n, 2n ** 50n + 1n]);
  });

  test.each(['complex64', 'complex128'] as const)(
    '%s: states, probabilities, gradients = cpu engine at n = 10',
    (precision) => {
      setCudaPrecision(precision);
      const c = hepAnsatz(10, 3),
        theta = tf.randomUniform([2, c.nParams], -3, 3, 'float32', 1) as tf.Tensor2D,
        w = tf.randomNormal([1, 1024], 0, 1, 'float32', 2);
      const L = (e: Engine) => (t: tf.Tensor) => tf.sum(tf.mul(e.probs(c, t as tf.Tensor2D), w));
      tf.tidy(() => {
        expect(
          maxAbsDiff(cudaEngine.simulate(c, theta).re.dataSync(), cpuEngine.simulate(c, theta).re.dataSync()),
        ).toBeLessThan(1e-5);
        expect(maxAbsDiff(cudaEngine.probs(c, theta).dataSync(), cpuEngine.probs(c, theta).dataSync())).toBeLessThan(
          1e-5,
        );
        expect(relErr(tf.grad(L(cudaEngine))(theta).dataSync(), tf.grad(L(cpuEngine))(theta).dataSync())).toBeLessThan(
          1e-3,
        );
      });
      tf.dispose([theta, w]);
    },
  );

  test('device MMD and its gradient = tfjs MMD on cpu-engine probabilities; GPU memory flat across steps', () => {
    const c = hepAnsatz(10, 2),
      theta = tf.randomUniform([4, c.nParams], -3, 3, 'float32', 3) as tf.Tensor2D;
    const p = tf.softmax(tf.randomNormal([1, 1024], 0, 2, 'float32', 4)) as tf.Tensor2D,
      loss = resolveLoss({ loss: 'mmd', sigmas: [1, 2.5] }, 10);
    const step = (e: 'cuda' | 'cpu') =>
      tf.tidy(() =>
        tf
          .grad((t: tf.Tensor) => tf.sum(loss.ofCircuit(c, t as tf.Tensor2D, p, { engine: e })))(theta)
          .dataSync(),
      );
    expect(relErr(step('cuda'), step('cpu'))).toBeLessThan(1e-3);
    const bytes = session().driver.liveBytes;
    for (let i = 0; i < 3; i++) step('cuda');
    expect(session().driver.liveBytes).toBe(bytes);
    tf.dispose([theta, p]);
  });
});

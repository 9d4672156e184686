import * as tf from '@tensorflow/tfjs';
import { useHostCuda } from './test/helpers/cudaHost';
import { cpuEngine, cudaEngine, selectEngine } from './src/engines/engine';
import { hepAnsatz } from './src/circuit/ansatz/hep';
(async () => {
  await tf.setBackend('cpu');
  console.log(useHostCuda());
  console.log(selectEngine('auto'));
  const c = hepAnsatz(4, 2);
  const theta = tf.randomUniform([3, c.nParams], 0, 6, 'float32', 1) as tf.Tensor2D;
  const a = cpuEngine.probs(c, theta).dataSync(), b = cudaEngine.probs(c, theta).dataSync();
  let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i])); console.log('probs diff', m, a.slice(0,4), b.slice(0,4));
  const w = tf.randomNormal([1, 16], 0, 1, 'float32', 4);
  const L = (e: typeof cpuEngine) => (t: tf.Tensor) => tf.sum(tf.mul(e.probs(c, t as tf.Tensor2D), w));
  const ga = tf.grad(L(cpuEngine))(theta).dataSync(), gb = tf.grad(L(cudaEngine))(theta).dataSync();
  m = 0; for (let i = 0; i < ga.length; i++) m = Math.max(m, Math.abs(ga[i] - gb[i])); console.log('grad diff', m, ga.slice(0,4), gb.slice(0,4));
})();

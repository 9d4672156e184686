/**
 * `npm start`: a short QCBM fit on an embedded default (2×2 bars-and-stripes, 4 qubits, HEP ansatz, multi-bandwidth
 * MMD, Adam), printing loss and TVD as it goes. The full trainer (configs, checkpoints, plots) replaces this demo.
 */
import { Command } from 'commander';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src/backend/backend';
import { hepAnsatz } from '../src/circuit/ansatz/hep';
import { probs, selectEngine, EngineChoice } from '../src/engines/engine';
import { mmdLoss } from '../src/losses/mmd';
import { createRng } from '../src/rng';
import { toBitstring } from '../src/circuit/bits';
import { PlateauError } from '../src/errors';

/** 2×2 bars and stripes, pixels read row by row: 0000, 0011, 1100, 0101, 1010, 1111. */
const BARS_AND_STRIPES_2X2 = [0b0000, 0b0011, 0b1100, 0b0101, 0b1010, 0b1111];

async function main(argv: string[]): Promise<void> {
  const opts = new Command()
    .option('--backend <name>', 'tfjs backend (auto, tensorflow, webgpu, wasm, cpu)', process.env.PLATEAU_BACKEND || 'auto')
    .option('--engine <name>', 'simulator engine (auto, cpu, tensor)', 'auto')
    .option('--steps <n>', 'Adam steps', (v) => parseInt(v, 10), 300)
    .option('--seed <n>', 'seed', (v) => parseInt(v, 10), 7)
    .parse(argv, { from: 'user' })
    .opts<{ backend: string; engine: EngineChoice; steps: number; seed: number }>();
  const report = await initBackend(opts.backend);
  const n = 4, circuit = hepAnsatz(n, 2), engine = selectEngine(opts.engine);
  console.log(`plateau demo: ${circuit.name}, ${circuit.nParams} parameters, backend ${report.backend} (${report.device}), engine ${engine}`);
  const target = new Float32Array(2 ** n);
  for (const x of BARS_AND_STRIPES_2X2) target[x] = 1 / BARS_AND_STRIPES_2X2.length;
  const rng = createRng(opts.seed);
  const theta = tf.variable(tf.tensor2d(Float32Array.from({ length: circuit.nParams }, () => 2 * Math.PI * rng.uniform()), [1, circuit.nParams]));
  const q = tf.tensor2d(target, [1, 2 ** n]);
  const sigmas = [0.25, 1, 4];
  const opt = tf.train.adam(0.05);
  // Values are read with `await data()`: the only read the webgpu backend has in Node.
  const read = async (t: tf.Tensor) => {
    const v = await t.data();
    t.dispose();
    return v;
  };
  const tvd = async () => (await read(tf.tidy(() => tf.sum(tf.abs(tf.sub(probs(circuit, theta as tf.Tensor2D, { engine }), q))))))[0];
  for (let step = 1; step <= opts.steps; step++) {
    const loss = opt.minimize(() => tf.sum(mmdLoss(probs(circuit, theta as tf.Tensor2D, { engine }), q, sigmas)) as tf.Scalar, true)!;
    if (step % 50 === 0 || step === 1) console.log(`step ${String(step).padStart(4)}  MMD ${(await read(loss))[0].toExponential(3)}  TVD (Σ|p−q|) ${(await tvd()).toFixed(4)}`);
    else loss.dispose();
  }
  const p = await read(tf.tidy(() => probs(circuit, theta as tf.Tensor2D, { engine })));
  console.log('\nbitstring  model   data');
  [...p.keys()].sort((a, b) => p[b] - p[a]).slice(0, 8).forEach((x) => console.log(`${toBitstring(x, n)}       ${p[x].toFixed(3)}   ${target[x].toFixed(3)}`));
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof PlateauError ? `error: ${e.message}` : e);
    process.exit(e instanceof PlateauError ? 2 : 1);
  },
);

/**
 * Jest setup: production mode silences tfjs's "install the node backend" banner in suites that never pick a backend;
 * fast-check draws from one fixed seed, so a run of `npm test` is the same run every time (PLATEAU_FUZZ_SEED=N explores
 * other inputs; a failure prints the seed and path that reproduce it).
 */
import * as tf from '@tensorflow/tfjs';
import * as fc from 'fast-check';

tf.enableProdMode();
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(process.env.PLATEAU_FUZZ_SEED ?? 20261206) });

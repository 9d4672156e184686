/** The loss registry: specs as data (objects, JSON strings, bare names), bandwidth expressions, one-line errors. */
import * as tf from '@tensorflow/tfjs';
import { LOSS_NAMES, parseLossSpec, resolveLoss } from '../../src/losses/registry';
import { parseBandwidth, resolveBandwidth } from '../../src/losses/bandwidth';
import { klLoss, tvdLoss } from '../../src/losses/explicit';
import { mmdLoss } from '../../src/losses/mmd';
import { localFidelityOfCircuit } from '../../src/losses/quantum';
import { hepAnsatz } from '../../src/circuit/ansatz/hep';
import { ConfigError } from '../../src/errors';
import { randomDists } from './reference';

test('bandwidth expressions resolve against n; malformed ones are rejected', () => {
  const n = 12;
  const ok: [string | number, number][] = [
    [0.5, 0.5],
    ['0.5', 0.5],
    ['n', 12],
    ['n/4', 3],
    ['0.25n', 3],
    ['0.25*n', 3],
    [' 2n/3 ', 8],
    ['1e-2', 0.01],
    ['10n', 120],
    ['.5n', 6],
  ];
  for (const [expr, sigma] of ok) expect(resolveBandwidth(expr, n)).toBeCloseTo(sigma, 12);
  for (const bad of ['n/0', '-1', 0, -2, 'm', 'n**2', '', 'n/4/2', '4/n', 'NaN', Infinity, '0n']) {
    expect(parseBandwidth(bad)).toBeNull();
    expect(() => resolveBandwidth(bad, n, 'loss.sigmas.0')).toThrow(ConfigError);
  }
  expect(() => resolveBandwidth('n/x', n, 'loss.sigmas.1')).toThrow('loss.sigmas.1: malformed bandwidth "n/x"');
});

test('specs parse from objects, JSON strings and bare names, with defaults left to resolveLoss', () => {
  expect(parseLossSpec('lqf')).toEqual({ loss: 'lqf' });
  expect(parseLossSpec(' {"loss": "kl", "epsilon": 1e-6} ')).toEqual({ loss: 'kl', epsilon: 1e-6 });
  expect(parseLossSpec({ loss: 'mmd', sigmas: [0.01, 'n/4', 'n'] })).toEqual({
    loss: 'mmd',
    sigmas: [0.01, 'n/4', 'n'],
  });
  expect(parseLossSpec({ loss: 'renyi', alpha: 2 })).toEqual({ loss: 'renyi', alpha: 2 });
  expect(LOSS_NAMES).toEqual(['kl', 'rkl', 'js', 'tvd', 'fidelity', 'renyi', 'mmd', 'qf', 'lqf']);
});

test.each([
  [{ loss: 'klx' }, 'run.json: loss: unknown loss "klx" (known: kl, rkl, js, tvd, fidelity, renyi, mmd, qf, lqf)'],
  [{ lose: 'kl' }, 'run.json: loss: unknown loss undefined'],
  [
    { loss: 'mmd', sigmas: [1, 'n/0'] },
    'run.json: loss: sigmas.1: malformed bandwidth (expected a positive number, or "n", "n/4", "0.25n", "0.25*n", "2n/3") (got "n/0")',
  ],
  [{ loss: 'mmd', sigmas: [] }, 'run.json: loss: sigmas: Too small: expected array to have >=1 items (got [])'],
  [{ loss: 'mmd' }, 'run.json: loss: sigmas: Invalid input'],
  [{ loss: 'kl', epsilon: -1 }, 'run.json: loss: epsilon: Too small: expected number to be >=0 (got -1)'],
  [{ loss: 'kl', eps: 1e-6 }, 'run.json: loss: eps: unknown key'],
  [{ loss: 'renyi' }, 'run.json: loss: alpha: Invalid input'],
  [{ loss: 'tvd', convention: 'third' }, 'run.json: loss: convention: Invalid option'],
  ['{"loss": "kl",', 'run.json: loss: not valid JSON'],
  [42, 'run.json: loss: expected an object with a "loss" key or a loss name, got 42'],
])('%j is a one-line ConfigError', (raw, msg) => {
  let err: unknown;
  try {
    resolveLoss(raw, 4, 'run.json: loss');
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as Error).message).toContain(msg);
  expect((err as Error).message).not.toContain('\n');
});

test('resolved losses compute what the direct functions compute, and say what they read', () => {
  const n = 4,
    q = tf.tensor2d(randomDists('rq', n, 2)),
    p = tf.tensor2d(randomDists('rp', n, 1));
  const mmd = resolveLoss({ loss: 'mmd', sigmas: [0.01, 'n/4', 'n'] }, n);
  expect(mmd.sigmas).toEqual([0.01, 1, 4]);
  expect(mmd.label).toBe('MMD σ∈{0.01, 1, 4}');
  expect(mmd.needsAmplitudes).toBe(false);
  expect(Array.from(mmd.ofProbs(q, p).dataSync())).toEqual(Array.from(mmdLoss(q, p, [0.01, 1, 4]).dataSync()));
  const kl = resolveLoss({ loss: 'kl', epsilon: 1e-3 }, n);
  expect(Array.from(kl.ofProbs(q, p).dataSync())).toEqual(Array.from(klLoss(q, p, { epsilon: 1e-3 }).dataSync()));
  const tvd = resolveLoss('tvd', n);
  expect(tvd.label).toBe('TVD Σ|p−q|');
  expect(Array.from(tvd.ofProbs(q, p).dataSync())).toEqual(Array.from(tvdLoss(q, p).dataSync()));
  for (const name of ['qf', 'lqf']) {
    const r = resolveLoss(name, n);
    expect(r.needsAmplitudes).toBe(true);
    expect(r.reads).toBe('inverse');
  }
  const c = hepAnsatz(n, 1),
    theta = tf.randomUniform([2, c.nParams], 0, 6, 'float32', 3) as tf.Tensor2D;
  expect(Array.from(resolveLoss('lqf', n).ofCircuit(c, theta, p).dataSync())).toEqual(
    Array.from(localFidelityOfCircuit(c, theta, p).dataSync()),
  );
  tf.dispose([q, p, theta]);
});

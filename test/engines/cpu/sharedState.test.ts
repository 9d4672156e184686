/**
 * One state shared with a helper thread (pool.ts forwardState/adjointState): the helper runs the second half of every
 * tiled run's tiles on the calling thread's shared wasm memory. Against the one-thread walk of the same program (bit
 * for bit: the halves' sums are added in one order either way) and against the op-by-op walk (to rounding), for HEP
 * and a random circuit of every gate kind, in float64 and float32.
 */
import { adjointInWorkspace } from '../../../src/engines/cpu/adjoint';
import { forwardInWorkspace } from '../../../src/engines/cpu/forward';
import { jsKernels, simdKernels, KernelSet } from '../../../src/engines/cpu/kernelSet';
import { adjointState, forwardState, sharedRunCount } from '../../../src/engines/cpu/pool';
import { prepareProgram } from '../../../src/engines/cpu/prepare';
import { compilePlan } from '../../../src/circuit/plan';
import { Circuit } from '../../../src/circuit/circuit';
import { hepAnsatz } from '../../../src/circuit/ansatz/hep';
import { setExecutionPolicy } from '../../../src/execution';
import { createRng } from '../../../src/rng';
import { randomCircuit } from '../../helpers/randomCircuit';
import { maxAbsDiff } from '../../helpers/backends';

afterAll(() => setExecutionPolicy({ threads: undefined }));

/** ψ and the gradient of Σ_x cos(x)|ψ_x|², by `walk`, with `threads` threads. */
function run(K: KernelSet, c: Circuit, threads: number, walk: 'state' | 'plain') {
  setExecutionPolicy({ threads });
  const prog = prepareProgram(compilePlan(c)),
    rng = createRng('shared'),
    theta = Float64Array.from({ length: c.nParams }, () => 6 * rng.uniform() - 3);
  const { ws } = walk === 'state' ? forwardState(K, prog, theta) : forwardInWorkspace(K, prog, theta);
  const psi = { re: Array.from(ws.re), im: Array.from(ws.im) };
  for (let x = 0; x < ws.re.length; x++) {
    ws.lre[x] = 2 * Math.cos(x) * ws.re[x];
    ws.lim[x] = 2 * Math.cos(x) * ws.im[x];
  }
  const grad = walk === 'state' ? adjointState(K, prog, theta, ws) : adjointInWorkspace(K, prog, theta, ws);
  return { psi, grad: Array.from(grad) };
}

const circuits: [string, Circuit][] = [
  ['HEP, n = 14, L = 2', hepAnsatz(14, 2)],
  ['random, n = 14', randomCircuit(createRng('s14'), 14, 90, 10)],
];

describe.each([
  ['float64', 1e-12],
  ['float32', 2e-5],
] as const)('%s', (precision, tol) => {
  const K = simdKernels(precision)!;
  test.each(circuits)('%s: with a helper, alone, and op by op', (_, c) => {
    const before = sharedRunCount(),
      two = run(K, c, 2, 'state'),
      shared = sharedRunCount() - before,
      one = run(K, c, 1, 'state'),
      plain = run(K, c, 1, 'plain');
    expect(shared).toBeGreaterThan(0);
    expect(sharedRunCount() - before).toBe(shared); // none without the helper
    expect(two.psi).toEqual(one.psi);
    expect(two.grad).toEqual(one.grad);
    const scale = Math.max(...plain.grad.map(Math.abs));
    expect(maxAbsDiff(two.psi.re, plain.psi.re)).toBeLessThan(tol);
    expect(maxAbsDiff(two.psi.im, plain.psi.im)).toBeLessThan(tol);
    expect(maxAbsDiff(two.grad, plain.grad) / scale).toBeLessThan(10 * tol);
  });
});

test('JS kernels (PLATEAU_SIMD=0) walk the same tiles on one thread: no helper, same numbers as op by op', () => {
  const c = hepAnsatz(14, 1),
    before = sharedRunCount();
  const halves = run(jsKernels, c, 2, 'state'),
    plain = run(jsKernels, c, 1, 'plain');
  expect(sharedRunCount()).toBe(before);
  expect(maxAbsDiff(halves.psi.re, plain.psi.re)).toBeLessThan(1e-12);
  const scale = Math.max(...plain.grad.map(Math.abs));
  expect(maxAbsDiff(halves.grad, plain.grad) / scale).toBeLessThan(1e-11);
});

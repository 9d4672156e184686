/**
 * Cache blocking (tiles.ts) against the op-by-op walk: states and gradients of random circuits (every gate kind:
 * controls above and below the tile, Pauli strings with Z above it) and of the HEP ansatz, with tiny tiles so that
 * most ops fall in tiled runs, on both kernel sets and in both precisions.
 */
import { adjoint } from '../../../src/engines/cpu/adjoint';
import { forward, HostState } from '../../../src/engines/cpu/forward';
import { jsKernels, jsKernels32, simdKernels, KernelSet } from '../../../src/engines/cpu/kernelSet';
import { prepareProgram } from '../../../src/engines/cpu/prepare';
import { setTiling, tileSegments } from '../../../src/engines/cpu/tiles';
import { compilePlan } from '../../../src/circuit/plan';
import { Circuit } from '../../../src/circuit/circuit';
import { hepAnsatz } from '../../../src/circuit/ansatz/hep';
import { createRng } from '../../../src/rng';
import { randomCircuit } from '../../helpers/randomCircuit';
import { maxAbsDiff } from '../../helpers/backends';

afterAll(() => setTiling(null));

const sets: [string, KernelSet, number][] = [
  ['js float64', jsKernels, 1e-12],
  ['simd float64', simdKernels('float64')!, 1e-12],
  ['js float32', jsKernels32, 2e-5],
  ['simd float32', simdKernels('float32')!, 2e-5],
];

/** ψ and the gradient of Σ_x w_x |ψ_x|² for a batch of two rows, with tiles of 2^bits (bits = 0: none). */
function run(K: KernelSet, c: Circuit, bits: number): { psi: HostState; grad: Float64Array; tiled: number } {
  setTiling(bits ? { bits, minQubits: 0 } : { bits: 3, minQubits: 99 });
  const prog = prepareProgram(compilePlan(c)),
    rng = createRng('tiles'),
    theta = Float64Array.from({ length: 2 * c.nParams }, () => 6 * rng.uniform() - 3);
  const psi = forward(K, prog, theta, 2);
  const w = Float64Array.from({ length: psi.re.length }, (_, x) => Math.cos(x));
  const lambda = { re: K.alloc(w.length), im: K.alloc(w.length) };
  for (let x = 0; x < w.length; x++) {
    lambda.re[x] = 2 * w[x] * psi.re[x];
    lambda.im[x] = 2 * w[x] * psi.im[x];
  }
  const grad = adjoint(K, prog, theta, 2, psi, lambda);
  return { psi, grad, tiled: tileSegments(prog).filter((s) => s.tiled).length };
}

const circuits: [string, Circuit][] = [
  ['random, n = 6', randomCircuit(createRng('t6'), 6, 80, 8)],
  ['random, n = 7', randomCircuit(createRng('t7'), 7, 120, 8)],
  ['HEP, n = 7, L = 2', hepAnsatz(7, 2)],
];

describe.each(sets)('%s', (_, K, tol) => {
  test.each(circuits)('%s: tiled runs equal the op-by-op walk', (__, c) => {
    const base = run(K, c, 0);
    expect(base.tiled).toBe(0);
    for (const bits of [2, 3, 4]) {
      const t = run(K, c, bits);
      expect(t.tiled).toBeGreaterThan(0);
      expect(maxAbsDiff(Array.from(t.psi.re), Array.from(base.psi.re))).toBeLessThan(tol);
      expect(maxAbsDiff(Array.from(t.psi.im), Array.from(base.psi.im))).toBeLessThan(tol);
      const scale = Math.max(...base.grad.map(Math.abs));
      expect(maxAbsDiff(Array.from(t.grad), Array.from(base.grad)) / scale).toBeLessThan(10 * tol);
    }
  });
});

test('segments: only runs of two or more tile-local ops are tiled, and none below minQubits', () => {
  const prog = prepareProgram(compilePlan(hepAnsatz(8, 1)));
  setTiling({ bits: 4, minQubits: 0 });
  const segs = tileSegments(prog);
  expect(segs[0].from).toBe(0);
  expect(segs[segs.length - 1].to).toBe(prog.ops.length);
  segs.forEach((s, i) => {
    if (i > 0) expect(s.from).toBe(segs[i - 1].to);
    if (s.tiled) expect(s.to - s.from).toBeGreaterThanOrEqual(2);
  });
  expect(segs.some((s) => s.tiled)).toBe(true);
  setTiling({ bits: 4, minQubits: 9 });
  expect(tileSegments(prog)).toEqual([{ from: 0, to: prog.ops.length, tiled: false, bits: 4 }]);
});

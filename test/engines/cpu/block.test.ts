/**
 * Dense-block kernels (2 and 3 qubits): the JS kernel against the dense reference's expanded matrix, the adjoint step's
 * uncompute and environment against plain sums, and the SIMD variant (both lane layouts: bit 0 in or out of the
 * block) against the JS one, on every placement of the block at n = 3…7.
 */
import { applyBlockInPlace, blockAdjointStep } from '../../../src/engines/cpu/kernels/block';
import { jsKernels, simdKernels, KernelSet } from '../../../src/engines/cpu/kernelSet';
import { createRng, Rng } from '../../../src/rng';
import { C, expand } from '../../reference/dense';
import { randomUnitary } from '../../helpers/randomCircuit';
import { maxAbsDiff } from '../../helpers/backends';

const masksOf = (qs: number[], n: number) => qs.map((q) => 1 << (n - 1 - q));
const flat = (m: C[][]) => Float64Array.from(m.flat(2));
const randomState = (rng: Rng, dim: number) => Array.from({ length: dim }, () => [rng.normal(), rng.normal()] as C);

/** All sorted k-subsets of 0…n−1. */
function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  for (let first = 0; first < n; first++)
    for (const rest of subsets(n, k - 1)) if (rest.every((q) => q > first)) out.push([first, ...rest]);
  return out;
}

const placements = [3, 4, 5, 7].flatMap((n) =>
  [2, 3].flatMap((k) => subsets(n, k).map((qs) => [n, qs] as [number, number[]])),
);

describe('JS block kernel against the dense reference', () => {
  test.each(placements)('n = %i, qubits %j', (n, qs) => {
    const rng = createRng(`blk${n}${qs}`),
      dim = 2 ** n;
    const u = randomUnitary(rng, 2 ** qs.length),
      psi = randomState(rng, dim);
    const U = expand(u, qs, [], n);
    const want = U.map((row) =>
      row.reduce(
        (s, x, k) => [s[0] + x[0] * psi[k][0] - x[1] * psi[k][1], s[1] + x[0] * psi[k][1] + x[1] * psi[k][0]],
        [0, 0],
      ),
    );
    const re = Float64Array.from(psi.map((x) => x[0])),
      im = Float64Array.from(psi.map((x) => x[1]));
    applyBlockInPlace(masksOf(qs, n), flat(u), re, im);
    expect(maxAbsDiff([...re, ...im], [...want.map((x) => x[0]), ...want.map((x) => x[1])])).toBeLessThan(1e-12);
  });
});

describe('JS block adjoint step', () => {
  test.each(placements.filter(([n]) => n <= 5))('n = %i, qubits %j: uncomputes ψ, λ and sums conj(λ_a)ψ_b', (n, qs) => {
    const rng = createRng(`adj${n}${qs}`),
      dim = 2 ** n,
      d = 2 ** qs.length,
      masks = masksOf(qs, n);
    const u = flat(randomUnitary(rng, d)),
      psi = randomState(rng, dim),
      lam = randomState(rng, dim);
    const [re, im, lre, lim] = [
      psi.map((x) => x[0]),
      psi.map((x) => x[1]),
      lam.map((x) => x[0]),
      lam.map((x) => x[1]),
    ].map((a) => Float64Array.from(a));
    const after = [re.slice(), im.slice(), lre.slice(), lim.slice()];
    const env = new Float64Array(2 * d * d);
    blockAdjointStep(masks, u, re, im, lre, lim, env);
    // applying U again restores both states
    const [r2, i2, l2, m2] = [re, im, lre, lim].map((a) => a.slice());
    applyBlockInPlace(masks, u, r2, i2);
    applyBlockInPlace(masks, u, l2, m2);
    expect(
      maxAbsDiff(
        [...r2, ...i2, ...l2, ...m2],
        after.flatMap((a) => [...a]),
      ),
    ).toBeLessThan(1e-12);
    // M_ab = Σ over x with block bits a (for λ after) and b (for ψ before) of the same group
    const want = new Float64Array(2 * d * d),
      local = (x: number) => qs.reduce((j, q) => 2 * j + ((x >> (n - 1 - q)) & 1), 0);
    const rest = (x: number) => x & ~masks.reduce((a, m) => a | m, 0);
    for (let x = 0; x < dim; x++)
      for (let y = 0; y < dim; y++)
        if (rest(x) === rest(y)) {
          const a = local(x),
            b = local(y),
            lr = after[2][x],
            li = after[3][x];
          want[2 * (a * d + b)] += lr * re[y] + li * im[y];
          want[2 * (a * d + b) + 1] += lr * im[y] - li * re[y];
        }
    expect(maxAbsDiff(env, want)).toBeLessThan(1e-10);
  });
});

const simd = simdKernels();

describe('SIMD block kernels against the JS ones', () => {
  test.each(placements)('n = %i, qubits %j', (n, qs) => {
    const rng = createRng(`simd${n}${qs}`),
      dim = 2 ** n,
      d = 2 ** qs.length,
      masks = masksOf(qs, n);
    const u = flat(randomUnitary(rng, d)),
      start = Array.from({ length: 4 }, () => Float64Array.from({ length: dim }, () => rng.normal()));
    const run = (K: KernelSet) => {
      const ws = K.workspace(dim);
      [ws.re, ws.im, ws.lre, ws.lim].forEach((a, k) => a.set(start[k]));
      ws.blockEnv.fill(0);
      K.block(masks, u, ws.re, ws.im, n);
      K.blockAdjoint(masks, u, ws, n);
      return [...ws.re, ...ws.im, ...ws.lre, ...ws.lim, ...ws.blockEnv.subarray(0, 2 * d * d)];
    };
    expect(simd).not.toBeNull();
    expect(maxAbsDiff(run(simd!), run(jsKernels))).toBeLessThan(1e-11);
  });
});

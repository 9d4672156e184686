/**
 * Reduced states and entropies against plain references: a partial trace written with index loops, product states
 * (zero entropy), Bell/GHZ/W states (known entropies), Haar-random states (Monte Carlo mean purity and entropy vs the
 * closed forms of Lubkin and Page), gradients of the purity against finite differences, relative entropy.
 */
import * as tf from '@tensorflow/tfjs';
import {
  purity,
  reducedDensityMatrix,
  renyi2Entropy,
  traceDistance,
  traceDistanceToMaximallyMixed,
  vonNeumannEntropy,
} from '../../src/state/entanglement';
import { haarPurity, maximallyMixedDistanceBound, pageEntropy } from '../../src/state/page';
import { quantumRelativeEntropy } from '../../src/state/relativeEntropy';
import { simulate } from '../../src/engines/engine';
import { hardwareEfficientAnsatz } from '../../src/circuit/ansatz/hardwareEfficient';
import { createRng } from '../../src/rng';
import { scoped } from '../../src/tfutil';
import { tidyComplex } from '../../src/complex/matrix';
import { describeEachBackend, expectNoLeak, maxAbsDiff } from '../helpers/backends';
import { centralPartial } from '../reference/centralDiff';

interface Amps {
  re: number[];
  im: number[];
}
const bit = (x: number, q: number, n: number) => (x >> (n - 1 - q)) & 1;

function haarState(rng: ReturnType<typeof createRng>, n: number): Amps {
  const re = Array.from({ length: 2 ** n }, () => rng.normal()),
    im = Array.from({ length: 2 ** n }, () => rng.normal());
  const norm = Math.sqrt(re.reduce((s, x, k) => s + x * x + im[k] * im[k], 0));
  return { re: re.map((x) => x / norm), im: im.map((x) => x / norm) };
}

/** ρ_A[a, a'] = Σ_{x, x' agreeing outside A} ψ_x conj(ψ_x') with a = bits of x on A (keep order). */
function densePartialTrace(psi: Amps, keep: number[], n: number): { re: number[][]; im: number[][] } {
  const dA = 2 ** keep.length,
    re = Array.from({ length: dA }, () => new Array(dA).fill(0)),
    im = Array.from({ length: dA }, () => new Array(dA).fill(0));
  const rest = [...Array(n).keys()].filter((q) => !keep.includes(q));
  const idx = (x: number, qs: number[]) => qs.reduce((a, q) => 2 * a + bit(x, q, n), 0);
  for (let x = 0; x < 2 ** n; x++)
    for (let y = 0; y < 2 ** n; y++) {
      if (idx(x, rest) !== idx(y, rest)) continue;
      const a = idx(x, keep),
        b = idx(y, keep);
      re[a][b] += psi.re[x] * psi.re[y] + psi.im[x] * psi.im[y];
      im[a][b] += psi.im[x] * psi.re[y] - psi.re[x] * psi.im[y];
    }
  return { re, im };
}

const toBatch = (states: Amps[]) => ({
  re: tf.tensor2d(states.map((s) => s.re)),
  im: tf.tensor2d(states.map((s) => s.im)),
});

describeEachBackend('entanglement', () => {
  test.each([[[0]], [[2, 0]], [[3, 1, 4]], [[1, 2]], [[4, 3, 2, 1, 0]]])(
    'ρ_A for A = %j equals the index-loop partial trace',
    (keep) => {
      const n = 5,
        rng = createRng(`rdm${keep.join('')}`),
        states = [haarState(rng, n), haarState(rng, n)];
      const out = tf.tidy(() => {
        const rho = reducedDensityMatrix(toBatch(states), keep);
        return [rho.re.arraySync(), rho.im.arraySync()] as number[][][][];
      });
      states.forEach((s, b) => {
        const ref = densePartialTrace(s, keep, n);
        expect(maxAbsDiff(out[0][b].flat(), ref.re.flat())).toBeLessThan(1e-6);
        expect(maxAbsDiff(out[1][b].flat(), ref.im.flat())).toBeLessThan(1e-6);
      });
    },
  );

  test('product states: purity 1, entropies 0; Bell, GHZ, W: known entropies', () => {
    const rng = createRng('prod');
    // product of three random single-qubit states, built by Kronecker products here
    const qubits = [0, 1, 2].map(() => haarState(rng, 1));
    const prod: Amps = { re: [1], im: [0] };
    for (const q of qubits) {
      const re: number[] = [],
        im: number[] = [];
      prod.re.forEach((ar, i) =>
        q.re.forEach((br, j) => {
          const ai = prod.im[i],
            bi = q.im[j];
          re.push(ar * br - ai * bi);
          im.push(ar * bi + ai * br);
        }),
      );
      prod.re = re;
      prod.im = im;
    }
    const s = Math.SQRT1_2,
      t = 1 / Math.sqrt(3);
    // (|000⟩ + |110⟩)/√2: a Bell pair on qubits 0, 1; qubit 2 in |0⟩
    const bell3: Amps = { re: [s, 0, 0, 0, 0, 0, s, 0], im: new Array(8).fill(0) };
    const ghz: Amps = { re: [s, 0, 0, 0, 0, 0, 0, s], im: new Array(8).fill(0) };
    const w: Amps = { re: [0, t, t, 0, t, 0, 0, 0], im: new Array(8).fill(0) };
    const batch = toBatch([prod, bell3, ghz, w]);
    const [pur, s1, s01, s2] = scoped(() => {
      const r0 = reducedDensityMatrix(batch, [0]);
      const r01 = reducedDensityMatrix(batch, [0, 1]);
      const r2 = reducedDensityMatrix(batch, [2]);
      return [purity(r0).arraySync(), vonNeumannEntropy(r0), vonNeumannEntropy(r01), vonNeumannEntropy(r2)] as [
        number[],
        Float64Array,
        Float64Array,
        Float64Array,
      ];
    });
    const h3 = -(1 / 3) * Math.log(1 / 3) - (2 / 3) * Math.log(2 / 3);
    expect(pur[0]).toBeCloseTo(1, 5);
    expect(maxAbsDiff(s1, [0, Math.LN2, Math.LN2, h3])).toBeLessThan(1e-5);
    expect(maxAbsDiff(s01, [0, 0, Math.LN2, h3])).toBeLessThan(1e-5);
    expect(maxAbsDiff(s2, [0, 0, Math.LN2, h3])).toBeLessThan(1e-5);
    const r = tf.tidy(() => renyi2Entropy(reducedDensityMatrix(batch, [0])).arraySync());
    expect(r[2]).toBeCloseTo(Math.LN2, 5); // maximally mixed qubit: Rényi-2 = von Neumann = ln 2
    expect(r[3]).toBeCloseTo(-Math.log(1 / 9 + 4 / 9), 5); // W: eigenvalues 1/3, 2/3
    tf.dispose([batch.re, batch.im]);
  });

  test('Haar-random states: mean purity within 2% of (d_A + d_B)/(d_A d_B + 1), mean entropy near Page', () => {
    const n = 6,
      rng = createRng('haar'),
      states = Array.from({ length: 400 }, () => haarState(rng, n));
    const batch = toBatch(states);
    for (const k of [1, 2, 3]) {
      const keep = [...Array(k).keys()].map((q) => (q * 2) % n); // non-contiguous subsets
      const [p, ent] = scoped(() => {
        const rho = reducedDensityMatrix(batch, keep);
        return [purity(rho).arraySync(), vonNeumannEntropy(rho)] as [number[], Float64Array];
      });
      const dA = 2 ** k,
        dB = 2 ** (n - k);
      const meanP = p.reduce((a, b) => a + b, 0) / p.length,
        meanS = ent.reduce((a, b) => a + b, 0) / ent.length;
      expect(Math.abs(meanP / haarPurity(dA, dB) - 1)).toBeLessThan(0.02);
      expect(Math.abs(meanS - pageEntropy(dA, dB))).toBeLessThan(0.02);
    }
    tf.dispose([batch.re, batch.im]);
  });

  test('trace distances: ½Σ|λ − 1/d| and ½‖ρ − σ‖₁ on known cases', () => {
    const s = Math.SQRT1_2;
    const batch = toBatch([
      { re: [1, 0, 0, 0], im: [0, 0, 0, 0] },
      { re: [s, 0, 0, s], im: [0, 0, 0, 0] },
      { re: [s, 0, s, 0], im: [0, 0, 0, 0] },
    ]);
    const [tmm, tpair] = scoped(() => {
      const rho = reducedDensityMatrix(batch, [0]);
      const zero = {
        re: tf.tensor3d([
          [
            [1, 0],
            [0, 0],
          ],
        ]),
        im: tf.zeros([1, 2, 2]) as tf.Tensor3D,
      };
      return [traceDistanceToMaximallyMixed(rho), traceDistance(rho, zero)];
    });
    expect(maxAbsDiff(tmm, [0.5, 0, 0.5])).toBeLessThan(1e-6); // |0⟩, Bell half, |+⟩
    expect(maxAbsDiff(tpair, [0, 0.5, s])).toBeLessThan(1e-6); // T(|+⟩, |0⟩) = √(1 − ½)
    tf.dispose([batch.re, batch.im]);
  });

  test('purity of a simulated state is differentiable: autodiff = finite differences; no leak', () => {
    const c = hardwareEfficientAnsatz({ nQubits: 4, layers: 2 });
    const rng = createRng('pgrad'),
      th = Array.from({ length: c.nParams }, () => 3 * rng.normal());
    const f = (t: tf.Tensor) =>
      tf.sum(purity(reducedDensityMatrix(simulate(c, t as tf.Tensor2D), [1, 3]))) as tf.Scalar;
    const g = tf.tidy(() =>
      tf
        .grad(f)(tf.tensor2d([th]))
        .dataSync(),
    );
    const h = 1e-2;
    for (const p of [0, 5, c.nParams - 1]) {
      const fd = centralPartial((r) => tf.tidy(() => f(tf.tensor2d([r])).dataSync()[0]), th, p, h);
      expect(Math.abs(g[p] - fd)).toBeLessThan(2e-3);
    }
    expectNoLeak(() => tf.tidy(() => void tf.grad(f)(tf.tensor2d([th]))));
  });

  test('quantum relative entropy: value vs eigen formulas, gradient vs finite differences', () => {
    const rng = createRng('qre'),
      n = 3;
    const psi = [haarState(rng, n), haarState(rng, n)],
      phi = haarState(rng, n);
    const rho = tidyComplex(() => reducedDensityMatrix(toBatch(psi), [0, 1]));
    const sigma = tidyComplex(() => reducedDensityMatrix(toBatch([phi]), [0, 1]));
    // S(σ‖σ) = 0; S(σ‖I/4) = ln 4 − S(σ)
    const mm = {
      re: tf.mul(tf.eye(4), 0.25).reshape([1, 4, 4]) as tf.Tensor3D,
      im: tf.zeros([1, 4, 4]) as tf.Tensor3D,
    };
    const self = tf.tidy(() => quantumRelativeEntropy(sigma, sigma).dataSync()[0]);
    const toMM = tf.tidy(() => quantumRelativeEntropy(sigma, mm).dataSync()[0]);
    expect(self).toBeCloseTo(0, 4);
    expect(toMM).toBeCloseTo(Math.log(4) - vonNeumannEntropy(sigma)[0], 4);
    // derivative along ρ(x) = (1 − x)ρ₀ + x·I/4 (stays a full-rank density matrix)
    const along = (x: tf.Tensor) => {
      const r = {
        re: tf.add(tf.mul(rho.re, tf.sub(1, x)), tf.mul(mm.re, x)) as tf.Tensor3D,
        im: tf.mul(rho.im, tf.sub(1, x)) as tf.Tensor3D,
      };
      return tf.sum(quantumRelativeEntropy(sigma, r)) as tf.Scalar;
    };
    const x0 = 0.3,
      h = 1e-3;
    const ad = tf.tidy(() => tf.grad(along)(tf.scalar(x0)).dataSync()[0]);
    const fd = tf.tidy(
      () => (along(tf.scalar(x0 + h)).dataSync()[0] - along(tf.scalar(x0 - h)).dataSync()[0]) / (2 * h),
    );
    expect(Math.abs(ad - fd)).toBeLessThan(1e-2 * Math.max(1, Math.abs(fd)));
    expect(Math.abs(fd)).toBeGreaterThan(1e-2);
    tf.dispose([rho.re, rho.im, sigma.re, sigma.im, mm.re, mm.im]);
  });
});

test('closed forms: Page and Haar purity at small dimensions; the bound', () => {
  // d_A = d_B = 2: S = 1/3 + 1/4 − 1/4 = 1/3; purity 4/5
  expect(pageEntropy(2, 2)).toBeCloseTo(1 / 3, 12);
  expect(pageEntropy(2, 8)).toBeCloseTo(pageEntropy(8, 2), 12);
  expect(pageEntropy(16, 2 ** 12)).toBeCloseTo(Math.log(16) - 16 / (2 * 2 ** 12), 4);
  expect(haarPurity(2, 2)).toBeCloseTo(0.8, 12);
  expect(maximallyMixedDistanceBound(2, 8)).toBeCloseTo(0.25, 12);
  expect(() => pageEntropy(0, 2)).toThrow('positive integers');
});

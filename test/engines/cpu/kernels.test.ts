/**
 * The SIMD (wasm) kernel sets against the JS kernel sets, in float64 and in float32: every target (in float32 the two
 * lowest bits mix lanes of one vector), controls, Pauli masks with and without the low bits.
 */
import * as tf from '@tensorflow/tfjs';
import {
  jsKernels,
  jsKernels32,
  simdKernels,
  KernelSet,
  Precision,
  Real,
  Workspace,
} from '../../../src/engines/cpu/kernelSet';
import { cpuEngine } from '../../../src/engines/engine';
import { createRng, Rng } from '../../../src/rng';
import { maxAbsDiff } from '../../helpers/backends';
import { randomCircuit } from '../../helpers/randomCircuit';
import { prepareProgram } from '../../../src/engines/cpu/prepare';
import { compilePlan } from '../../../src/circuit/plan';
import { Circuit, Gate } from '../../../src/circuit/circuit';
import { hepAnsatz } from '../../../src/circuit/ansatz/hep';

const simd = simdKernels();

test('SIMD kernels are built and load (npm test builds them first)', () => {
  expect(simd).not.toBeNull();
});

function fill(rng: Rng, ws: Workspace, src?: Real[]): Real[] {
  const arrays = [ws.re, ws.im, ws.lre, ws.lim];
  arrays.forEach((a, k) => (src ? a.set(src[k]) : a.forEach((_, i) => (a[i] = rng.normal()))));
  return arrays.map((a) => a.slice());
}

/** Runs `f` on the JS and on the SIMD kernel set of a precision from the same random start; returns both end states. */
function both(
  n: number,
  seed: string,
  f: (K: KernelSet, ws: ReturnType<KernelSet['workspace']>) => number[],
  precision: Precision = 'float64',
): [number[], number[]] {
  const rng = createRng(seed);
  const js = precision === 'float32' ? jsKernels32 : jsKernels,
    sk = simdKernels(precision)!;
  const wj = js.workspace(2 ** n);
  const start = fill(rng, wj);
  wj.env.fill(0);
  const rj = f(js, wj).concat(...[wj.re, wj.im, wj.lre, wj.lim, wj.env].map((a) => Array.from(a)));
  const ws = sk.workspace(2 ** n);
  fill(rng, ws, start);
  ws.env.fill(0);
  const rs = f(sk, ws).concat(...[ws.re, ws.im, ws.lre, ws.lim, ws.env].map((a) => Array.from(a)));
  return [rj, rs];
}

const m = Float64Array.from([0.6, 0.1, 0.3, 0.2, -0.3, 0.2, 0.6, -0.1]);

describe.each([1, 2, 3, 5, 7])('n = %i', (n) => {
  test('mat2 and its adjoint step, every target, with and without controls', () => {
    for (let t = 0; t < n; t++)
      for (const controls of [0, n > 1 ? 1 << (n - 1 - ((t + 1) % n)) : 0]) {
        const [a, b] = both(n, `m${n}${t}`, (K, ws) => {
          K.mat2(t, controls, m, ws.re, ws.im, n);
          K.mat2Adjoint(t, controls, m, ws, n);
          return [];
        });
        expect(maxAbsDiff(a, b)).toBeLessThan(1e-12);
      }
  });

  test('Pauli rotation and its adjoint step, random masks', () => {
    const rng = createRng(`p${n}`);
    for (let k = 0; k < 12; k++) {
      const flip = 1 + rng.int(2 ** n - 1),
        zMask = rng.int(2 ** n),
        nY = rng.int(4);
      const [a, b] = both(n, `p${n}${k}`, (K, ws) => {
        K.pauliRot(flip, zMask, nY, 0.7, ws.re, ws.im, n);
        return [K.pauliRotAdjoint(flip, zMask, nY, 0.4, ws, n)];
      });
      expect(maxAbsDiff(a, b)).toBeLessThan(1e-12);
    }
  });
});

/** U = RZ(c)·RY(b)·RZ(a) ∈ SU(2): the SIMD kernels' SU(2) adjoint reads its first row only. */
function euler(a: number, b: number, c: number): Float64Array {
  const [cb, sb] = [Math.cos(b / 2), Math.sin(b / 2)];
  const e = (phi: number): [number, number] => [Math.cos(phi), Math.sin(phi)];
  const [u0r, u0i] = e(-(a + c) / 2),
    [v0r, v0i] = e((a - c) / 2);
  // [[e^{−i(a+c)/2} cos, −e^{i(a−c)/2} sin], [e^{−i(a−c)/2} sin, e^{i(a+c)/2} cos]]
  return Float64Array.from([cb * u0r, cb * u0i, -sb * v0r, -sb * v0i, sb * v0r, -sb * v0i, cb * u0r, -cb * u0i]);
}

describe.each(['float64', 'float32'] as const)('2×2 adjoint step of an SU(2) gate, %s', (precision) => {
  test('the SU(2) kernel equals the general one, every target, with and without controls', () => {
    const tol = precision === 'float64' ? 1e-12 : 2e-5,
      u = euler(0.3, 1.1, -0.7);
    for (const n of [1, 2, 3, 6])
      for (let t = 0; t < n; t++)
        for (const controls of [0, n > 1 ? 1 << (n - 1 - ((t + 1) % n)) : 0]) {
          const [a, b] = both(
            n,
            `su${n}${t}${controls}`,
            (K, ws) => {
              K.mat2(t, controls, u, ws.re, ws.im, n);
              K.mat2Adjoint(t, controls, u, ws, n, K.name === 'simd');
              return [];
            },
            precision,
          );
          expect(maxAbsDiff(a, b)).toBeLessThan(tol);
        }
  });
});

/**
 * Every mask shape the vector paths treat apart, in both precisions: the HEP entangler Y_i X_{i+1} at every i (its
 * flip has bit 0 for the last pair), flips whose low bits permute the lanes of one vector, z bits below and above the
 * pivot, each nY (κ real or imaginary), and angles where sin φ = 0.
 */
describe.each(['float64', 'float32'] as const)('Pauli rotations, structured masks, %s', (precision) => {
  const n = 6,
    tol = precision === 'float64' ? 1e-12 : 2e-5;
  const bit = (q: number) => 1 << (n - 1 - q);
  const cases: [number, number, number][] = [];
  for (let i = 0; i + 1 < n; i++) cases.push([bit(i) | bit(i + 1), bit(i), 1]);
  for (const flip of [1, 2, 3, 5, 6, 7, 12, 13, 33, 63])
    for (const zMask of [0, 1, 2, 3, 4, 6, 9, 16, 40, 63]) cases.push([flip, zMask, (flip + zMask) % 4]);
  test.each([0.7, 0, Math.PI])('φ = %f', (phi) => {
    for (const [flip, zMask, nY] of cases)
      for (const y of [nY, (nY + 1) % 4]) {
        const [a, b] = both(
          n,
          `s${flip}.${zMask}.${y}`,
          (K, ws) => {
            K.pauliRot(flip, zMask, y, phi, ws.re, ws.im, n);
            return [K.pauliRotAdjoint(flip, zMask, y, phi + 0.3, ws, n), K.pauliRotAdjoint(flip, zMask, y, phi, ws, n)];
          },
          precision,
        );
        expect(maxAbsDiff(a, b)).toBeLessThan(tol);
      }
  });
});

describe.each([2, 3, 4, 6, 7])('float32, n = %i', (n) => {
  // f32 rounding differs with the order of operations; sums of 2^n terms of O(1) carry ~1e-7·2^n/2 of it
  const tol = 1e-5 * Math.max(1, 2 ** n / 16);
  test('mat2 and its adjoint step, every target, with and without controls', () => {
    for (let t = 0; t < n; t++)
      for (const controls of [0, 1 << (n - 1 - ((t + 1) % n))]) {
        const [a, b] = both(
          n,
          `f${n}${t}`,
          (K, ws) => {
            K.mat2(t, controls, m, ws.re, ws.im, n);
            K.mat2Adjoint(t, controls, m, ws, n);
            return [];
          },
          'float32',
        );
        expect(maxAbsDiff(a, b)).toBeLessThan(tol);
      }
  });

  test('Pauli rotation and its adjoint step, random masks', () => {
    const rng = createRng(`fp${n}`);
    for (let k = 0; k < 12; k++) {
      const flip = 1 + rng.int(2 ** n - 1),
        zMask = rng.int(2 ** n),
        nY = rng.int(4);
      const [a, b] = both(
        n,
        `fp${n}${k}`,
        (K, ws) => {
          K.pauliRot(flip, zMask, nY, 0.7, ws.re, ws.im, n);
          return [K.pauliRotAdjoint(flip, zMask, nY, 0.4, ws, n)];
        },
        'float32',
      );
      expect(maxAbsDiff(a, b)).toBeLessThan(tol);
    }
  });
});

test('CPU engine: states and gradients equal under both kernel sets', () => {
  const c = randomCircuit(createRng('ks'), 7, 60, 6);
  const theta = tf.randomUniform([3, 6], -3, 3, 'float32', 5) as tf.Tensor2D;
  const run = () =>
    tf.tidy(() => {
      const p = cpuEngine.probs(c, theta);
      const g = tf.grad((t: tf.Tensor) => tf.sum(tf.sqrt(tf.add(cpuEngine.probs(c, t as tf.Tensor2D), 0.01))))(theta);
      return [...p.dataSync(), ...g.dataSync()];
    });
  const withSimd = run();
  process.env.PLATEAU_SIMD = '0';
  try {
    expect(maxAbsDiff(run(), withSimd)).toBeLessThan(1e-6);
  } finally {
    delete process.env.PLATEAU_SIMD;
  }
  theta.dispose();
});

test('prepared 2×2 ops are marked SU(2) exactly when every factor is a rotation', () => {
  const p = (i: number) => ({ p: i });
  const mat2Flags = (gates: Gate[], c: Circuit = { nQubits: 2, nParams: 3, gates }) =>
    prepareProgram(compilePlan(c))
      .ops.filter((o) => o.op === 'mat2')
      .map((o) => (o as { su2: boolean }).su2);
  expect(mat2Flags([{ kind: 'euler', qubits: [0], params: [p(0), p(1), p(2)] }])).toEqual([true]);
  expect(
    mat2Flags([
      { kind: 'rx', qubits: [1], params: [p(0)] },
      { kind: 'ry', qubits: [1], params: [p(1)] },
    ]),
  ).toEqual([true]);
  expect(
    mat2Flags([
      { kind: 'h', qubits: [0] },
      { kind: 'ry', qubits: [0], params: [p(0)] },
    ]),
  ).toEqual([false]);
  expect(mat2Flags([{ kind: 'u3', qubits: [0], params: [p(0), p(1), p(2)] }])).toEqual([false]);
  const hep = hepAnsatz(4, 2),
    flags = mat2Flags(hep.gates, hep);
  expect(flags.length).toBeGreaterThan(0);
  expect(flags.every(Boolean)).toBe(true);
});

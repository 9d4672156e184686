/**
 * The DLA machinery against dense matrices and brute force: Pauli products and expectations, every Clifford
 * conjugation rule (both directions), the DLA dimensions of known circuits (so(2n) for free fermions, su(2)^n for
 * product states, su(2^n) for the hardware-efficient line), the split of so(4) into su(2) ⊕ su(2), and the
 * Lie-algebraic variance against Haar formulas, closed forms and the scan's own Monte Carlo over deep circuits.
 */
import { initBackend } from '../../../src/backend/backend';
import { Gate } from '../../../src/circuit/circuit';
import { createRng } from '../../../src/rng';
import { conjugate, pauliFrame } from '../../../src/studies/dla/clifford';
import { dynamicalLieAlgebra } from '../../../src/studies/dla/lieClosure';
import { expectation, multiply, Pauli, pauliLabel } from '../../../src/studies/dla/pauli';
import { lieVariance } from '../../../src/studies/dla/variance';
import { scanCircuit } from '../../../src/studies/scan/ansatz';
import { computePoint } from '../../../src/studies/scan/compute';
import { scanDistribution } from '../../../src/studies/scan/datasets';
import { scanPoints } from '../../../src/studies/scan/points';
import { resolveScanSpec } from '../../../src/studies/scan/spec';
import { productHaarLqfVariance } from '../../../src/studies/scan/theory';

type C = [number, number];
type M = C[][];
const mul = (a: M, b: M): M =>
  a.map((row) =>
    b[0].map((_, j) =>
      row.reduce<C>(
        (s, x, k) => [s[0] + x[0] * b[k][j][0] - x[1] * b[k][j][1], s[1] + x[0] * b[k][j][1] + x[1] * b[k][j][0]],
        [0, 0],
      ),
    ),
  );
const kron = (a: M, b: M): M =>
  a.flatMap((ra) =>
    b.map((rb) => ra.flatMap((x) => rb.map((y): C => [x[0] * y[0] - x[1] * y[1], x[0] * y[1] + x[1] * y[0]]))),
  );
const dag = (a: M): M => a[0].map((_, j) => a.map((row): C => [row[j][0], -row[j][1]]));
const scale = (a: M, s: C): M =>
  a.map((row) => row.map((x): C => [x[0] * s[0] - x[1] * s[1], x[0] * s[1] + x[1] * s[0]]));
const close = (a: M, b: M) =>
  a.every((row, i) => row.every((x, j) => Math.abs(x[0] - b[i][j][0]) < 1e-12 && Math.abs(x[1] - b[i][j][1]) < 1e-12));
const r = Math.SQRT1_2;
const ONE: Record<string, M> = {
  I: [
    [
      [1, 0],
      [0, 0],
    ],
    [
      [0, 0],
      [1, 0],
    ],
  ],
  X: [
    [
      [0, 0],
      [1, 0],
    ],
    [
      [1, 0],
      [0, 0],
    ],
  ],
  Y: [
    [
      [0, 0],
      [0, -1],
    ],
    [
      [0, 1],
      [0, 0],
    ],
  ],
  Z: [
    [
      [1, 0],
      [0, 0],
    ],
    [
      [0, 0],
      [-1, 0],
    ],
  ],
};
/** Dense P (qubit 0 is the left factor, bits.ts). */
const dense = (p: Pauli, n: number): M => [...pauliLabel(p, n)].map((c) => ONE[c]).reduce((a, b) => kron(a, b));
const allPaulis = (n: number): Pauli[] =>
  Array.from({ length: 4 ** n }, (_, k) => ({ x: k >> n, z: k & ((1 << n) - 1) }));

const GATES: Record<string, M> = {
  i: ONE.I,
  x: ONE.X,
  y: ONE.Y,
  z: ONE.Z,
  h: [
    [
      [r, 0],
      [r, 0],
    ],
    [
      [r, 0],
      [-r, 0],
    ],
  ],
  s: [
    [
      [1, 0],
      [0, 0],
    ],
    [
      [0, 0],
      [0, 1],
    ],
  ],
  sdg: [
    [
      [1, 0],
      [0, 0],
    ],
    [
      [0, 0],
      [0, -1],
    ],
  ],
  cx: [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 0, 1],
    [0, 0, 1, 0],
  ].map((row) => row.map((v): C => [v, 0])),
  cz: [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, -1],
  ].map((row) => row.map((v): C => [v, 0])),
  swap: [
    [1, 0, 0, 0],
    [0, 0, 1, 0],
    [0, 1, 0, 0],
    [0, 0, 0, 1],
  ].map((row) => row.map((v): C => [v, 0])),
};

test('Pauli products PQ = i^k R and expectations ⟨ψ|P|ψ⟩ agree with dense matrices (all pairs on 2 qubits)', () => {
  const ps = allPaulis(2),
    rng = createRng('pauli');
  const psi = Array.from({ length: 4 }, () => [rng.normal(), rng.normal()]),
    nrm = Math.hypot(...psi.flat());
  const re = psi.map((c) => c[0] / nrm),
    im = psi.map((c) => c[1] / nrm);
  for (const a of ps) {
    for (const b of ps) {
      const { r: rr, k } = multiply(a, b);
      expect(
        close(
          mul(dense(a, 2), dense(b, 2)),
          scale(
            dense(rr, 2),
            [
              [1, 0],
              [0, 1],
              [-1, 0],
              [0, -1],
            ][k] as C,
          ),
        ),
      ).toBe(true);
    }
    const m = dense(a, 2);
    let e = 0;
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++)
        e += (re[i] * m[i][j][0] - -im[i] * m[i][j][1]) * re[j] - (re[i] * m[i][j][1] + -im[i] * m[i][j][0]) * im[j];
    expect(expectation(a, re, im)).toBeCloseTo(e, 12);
  }
});

test.each(Object.keys(GATES))(
  'Clifford rule of "%s": G†PG and GPG† match dense matrices for every Pauli on 2 qubits',
  (kind) => {
    const two = GATES[kind].length === 4;
    for (const qubits of two
      ? [
          [0, 1],
          [1, 0],
        ]
      : [[0], [1]]) {
      // dense gate on 2 qubits: one-qubit gates as kron with I; two-qubit gates with qubits (1, 0) by swapping
      let G = two ? GATES[kind] : qubits[0] === 0 ? kron(GATES[kind], ONE.I) : kron(ONE.I, GATES[kind]);
      if (two && qubits[0] === 1) G = mul(mul(GATES.swap, GATES[kind]), GATES.swap);
      const g: Gate = { kind: kind as Gate['kind'], qubits };
      for (const p of allPaulis(2)) {
        const back = conjugate({ ...p, sign: 1 }, g, 2, true),
          fwd = conjugate({ ...p, sign: 1 }, g, 2, false);
        expect(close(mul(mul(dag(G), dense(p, 2)), G), scale(dense(back, 2), [back.sign, 0]))).toBe(true);
        expect(close(mul(mul(G, dense(p, 2)), dag(G)), scale(dense(fwd, 2), [fwd.sign, 0]))).toBe(true);
      }
    }
  },
);

const frameOf = (ansatz: Parameters<typeof scanCircuit>[0], n: number, layers: number) =>
  pauliFrame(scanCircuit(ansatz, n, layers, 1).circuit!);

test('DLA dimensions: free fermions n(2n−1) (so(2n)), Haar product states 3n (su(2)^n), hardware-efficient line 4^n − 1', () => {
  for (const n of [2, 3, 4, 5, 6])
    expect(dynamicalLieAlgebra(frameOf('fermion-line', n, 2).generators, n).basis).toHaveLength(n * (2 * n - 1));
  for (const n of [2, 4]) {
    const d = dynamicalLieAlgebra(frameOf('product-haar', n, 0).generators, n);
    expect(d.basis).toHaveLength(3 * n);
    expect(d.ideals!.map((i) => i.dim)).toEqual(Array(n).fill(3));
  }
  for (const n of [2, 3])
    expect(dynamicalLieAlgebra(frameOf('hea-line', n, 2).generators, n).basis).toHaveLength(4 ** n - 1);
  // so(4) = su(2) ⊕ su(2): one anticommutation component, two simple ideals; so(6) ≅ su(4) is simple
  expect(dynamicalLieAlgebra(frameOf('fermion-line', 2, 2).generators, 2).ideals!.map((i) => i.dim)).toEqual([3, 3]);
  expect(dynamicalLieAlgebra(frameOf('fermion-line', 3, 2).generators, 3).ideals!.map((i) => i.dim)).toEqual([15]);
  // a RY-only product circuit is abelian: all centre, no simple ideal
  const ry = dynamicalLieAlgebra(frameOf('product', 3, 0).generators, 3);
  expect([ry.basis.length, ry.centre, ry.ideals!.length]).toEqual([3, 3, 0]);
});

test('pauliFrame refuses what has no single-Pauli generator', () => {
  const c = {
    nQubits: 2,
    nParams: 1,
    gates: [
      { kind: 'ry' as const, qubits: [0], params: [{ p: 0 }] },
      { kind: 'rx' as const, qubits: [1], params: [{ p: 0 }] },
    ],
  };
  expect(() => pauliFrame(c)).toThrow('parameter 0 drives two gates');
  expect(() =>
    pauliFrame({
      nQubits: 1,
      nParams: 1,
      gates: [
        { kind: 'ry', qubits: [0], params: [{ p: 0 }] },
        { kind: 't', qubits: [0] },
      ],
    }),
  ).toThrow('not a Clifford gate');
});

test('Lie-algebraic variance: su(2^n) gives the Haar value 1/(2^n+1) for McClean (RY(π/4) prefix absorbed); product states give Σ|s_i|²/(12n²); ZZ is outside so(2n)', () => {
  const n = 3,
    mc = scanCircuit('mcclean', n, 12, 1).circuit!;
  const prefix = {
    re: Float64Array.from({ length: 8 }, (_, k) =>
      [0, 1, 2].reduce((a, q) => a * ((k >> (2 - q)) & 1 ? Math.sin(Math.PI / 8) : Math.cos(Math.PI / 8)), 1),
    ),
    im: new Float64Array(8),
  };
  expect(lieVariance(mc, 'zz', { initial: prefix }).variance).toBeCloseTo(1 / 9, 12);
  const p = scanDistribution('random:3', 3, 3);
  expect(lieVariance(scanCircuit('product-haar', 3, 0, 1).circuit!, 'lqf', { data: p }).variance).toBeCloseTo(
    productHaarLqfVariance(p, 3),
    12,
  );
  const zero = { re: Float64Array.from({ length: 8 }, (_, k) => (k === 0 ? 1 : 0)), im: new Float64Array(8) };
  const f = lieVariance(scanCircuit('fermion-line', 3, 6, 1).circuit!, 'zz', { initial: zero });
  expect(f.variance).toBeNull();
  expect(f.note).toContain('not in the DLA');
  expect(
    lieVariance(scanCircuit('fermion-line', 3, 6, 1).circuit!, 'cerezo-local', { initial: zero }).variance,
  ).toBeCloseTo(1 / 60, 12); // 1/(4n(2n−1))
});

test("Lie-algebraic variance against the scan's Monte Carlo over deep free-fermion circuits (4n layers, 3000 draws): n = 2 (so(4) split: 1/12, not 1/24) and n = 3", async () => {
  await initBackend('cpu');
  const spec = resolveScanSpec({
    ansatz: 'fermion-line',
    losses: ['cerezo-local'],
    depths: ['4n'],
    qubits: [2, 3],
    draws: 3000,
    gradients: false,
    bootstrap: 0,
    seed: 5,
  });
  const [v2, v3] = scanPoints(spec).map((pt) => computePoint(spec, pt).entries[0].lossVar.value);
  expect(Math.abs(v2 / (1 / 12) - 1)).toBeLessThan(0.08);
  expect(Math.abs(v3 / (1 / 60) - 1)).toBeLessThan(0.08);
});

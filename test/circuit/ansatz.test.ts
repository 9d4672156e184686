/** Ansatz builders: shapes, parameter layout, and the HEP ansatz's Pauli-rotation form against its literal gates. */
import { Circuit, Gate } from '../../src/circuit/circuit';
import { hepAnsatz, hepParamCount } from '../../src/circuit/ansatz/hep';
import { productAnsatz } from '../../src/circuit/ansatz/product';
import { hardwareEfficientAnsatz } from '../../src/circuit/ansatz/hardwareEfficient';
import { mcCleanAnsatz } from '../../src/circuit/ansatz/mcclean';
import { liuWangAnsatz } from '../../src/circuit/ansatz/liuWang';
import { topologyPairs } from '../../src/circuit/ansatz/topology';
import { validateCircuit } from '../../src/circuit/circuit';
import { createRng } from '../../src/rng';
import { denseState } from '../reference/dense';

/** The HEP ansatz written literally as in [R] Eq. 53: W = ∏ CX RY CX. */
function literalHep(n: number, L: number): Circuit {
  const gates: Gate[] = [];
  let p = 0;
  const rot = () => {
    for (let q = 0; q < n; q++) {
      gates.push(
        { kind: 'rz', qubits: [q], params: [{ p: p++ }] },
        { kind: 'ry', qubits: [q], params: [{ p: p++ }] },
        { kind: 'rz', qubits: [q], params: [{ p: p++ }] },
      );
    }
  };
  rot();
  for (let l = 0; l < L; l++) {
    for (let i = 0; i + 1 < n; i++)
      gates.push(
        { kind: 'cx', qubits: [i, i + 1] },
        { kind: 'ry', qubits: [i], params: [{ p: p++ }] },
        { kind: 'cx', qubits: [i, i + 1] },
      );
    rot();
  }
  return { nQubits: n, nParams: p, gates };
}

test.each([
  [2, 1],
  [3, 2],
  [4, 2],
])('HEP ansatz n=%i L=%i equals its literal CX·RY·CX form', (n, L) => {
  const c = hepAnsatz(n, L),
    lit = literalHep(n, L);
  expect(c.nParams).toBe(hepParamCount(n, L));
  expect(lit.nParams).toBe(c.nParams);
  const rng = createRng(`hep${n}${L}`);
  const theta = Array.from({ length: c.nParams }, () => 2 * Math.PI * rng.uniform());
  const a = denseState(c, theta),
    b = denseState(lit, theta);
  a.forEach((x, i) => {
    expect(x[0]).toBeCloseTo(b[i][0], 10);
    expect(x[1]).toBeCloseTo(b[i][1], 10);
  });
});

test('HEP parameter count matches the torch peer (3n(L+1) + L(n−1))', () => {
  expect(hepParamCount(12, 4)).toBe(224);
  expect(hepParamCount(16, 4)).toBe(300);
});

test('product ansatz gives the product state ⊗ RY(θ_q)|0⟩', () => {
  const c = productAnsatz(3);
  const theta = [0.3, 1.1, 2.0];
  const amp = denseState(c, theta);
  const single = theta.map((t) => [Math.cos(t / 2), Math.sin(t / 2)]);
  for (let x = 0; x < 8; x++) {
    const expected = single[0][(x >> 2) & 1] * single[1][(x >> 1) & 1] * single[2][x & 1];
    expect(amp[x][0]).toBeCloseTo(expected, 12);
  }
});

test('hardware-efficient ansatz: parameter count and topologies', () => {
  expect(topologyPairs('line', 4)).toEqual([
    [0, 1],
    [1, 2],
    [2, 3],
  ]);
  expect(topologyPairs('ring', 4)).toEqual([
    [0, 1],
    [1, 2],
    [2, 3],
    [3, 0],
  ]);
  expect(topologyPairs('all', 3)).toEqual([
    [0, 1],
    [0, 2],
    [1, 2],
  ]);
  const c = hardwareEfficientAnsatz({
    nQubits: 4,
    layers: 2,
    topology: 'ring',
    rotations: ['ry', 'rz'],
    entangler: 'rzz',
  });
  expect(c.nParams).toBe(3 * 4 * 2 + 2 * 4);
  validateCircuit(c);
  expect(() => hardwareEfficientAnsatz({ nQubits: 3, layers: 1, topology: 'star' as never })).toThrow(
    /unknown topology "star"/,
  );
});

test('McClean layers are reproducible by seed and differ between seeds', () => {
  const a = mcCleanAnsatz(5, 4, createRng(3)),
    b = mcCleanAnsatz(5, 4, createRng(3)),
    c = mcCleanAnsatz(5, 4, createRng(4));
  expect(a).toEqual(b);
  expect(a.gates.map((g) => g.kind)).not.toEqual(c.gates.map((g) => g.kind));
  expect(a.nParams).toBe(20);
});

test('Liu–Wang ansatz: parameter count with trimmed first and last layers', () => {
  const c = liuWangAnsatz(4, 2, [
    [0, 1],
    [1, 2],
    [1, 3],
  ]);
  // layers+1 rotation layers of 3 per qubit, minus the first layer's leading and the last layer's trailing RZ
  expect(c.nParams).toBe(4 * (3 * 3 - 2));
  validateCircuit(c);
});

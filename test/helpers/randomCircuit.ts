/** Random circuits over every gate kind, for cross-checks against the dense reference. */
import { Angle, Circuit, ComplexEntry, Gate, GateKind } from '../../src/circuit/circuit';
import { Rng } from '../../src/rng';

const ONE_Q: GateKind[] = [
  'i',
  'x',
  'y',
  'z',
  'h',
  's',
  'sdg',
  't',
  'tdg',
  'sx',
  'sxdg',
  'rx',
  'ry',
  'rz',
  'p',
  'u3',
  'euler',
];
const TWO_Q: GateKind[] = ['cx', 'cy', 'cz', 'ch', 'swap', 'crx', 'cry', 'crz', 'cp', 'rxx', 'ryy', 'rzz'];
const N_PARAMS: Partial<Record<GateKind, number>> = {
  rx: 1,
  ry: 1,
  rz: 1,
  p: 1,
  u3: 3,
  euler: 3,
  crx: 1,
  cry: 1,
  crz: 1,
  cp: 1,
  rxx: 1,
  ryy: 1,
  rzz: 1,
  pauli: 1,
};

function pick<T>(rng: Rng, xs: readonly T[]): T {
  return xs[rng.int(xs.length)];
}

function distinct(rng: Rng, n: number, k: number): number[] {
  const qs = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [qs[i], qs[j]] = [qs[j], qs[i]];
  }
  return qs.slice(0, k);
}

/** Haar-ish random unitary by Gram–Schmidt on a complex Gaussian matrix. */
export function randomUnitary(rng: Rng, d: number): ComplexEntry[][] {
  const cols: ComplexEntry[][] = [];
  for (let j = 0; j < d; j++) {
    let v: ComplexEntry[] = Array.from({ length: d }, () => [rng.normal(), rng.normal()] as ComplexEntry);
    for (const u of cols) {
      let pr = 0,
        pi = 0; // ⟨u|v⟩
      for (let i = 0; i < d; i++) {
        pr += u[i][0] * v[i][0] + u[i][1] * v[i][1];
        pi += u[i][0] * v[i][1] - u[i][1] * v[i][0];
      }
      v = v.map((x, i) => [x[0] - (pr * u[i][0] - pi * u[i][1]), x[1] - (pr * u[i][1] + pi * u[i][0])] as ComplexEntry);
    }
    const norm = Math.sqrt(v.reduce((s, x) => s + x[0] ** 2 + x[1] ** 2, 0));
    cols.push(v.map((x) => [x[0] / norm, x[1] / norm] as ComplexEntry));
  }
  return Array.from({ length: d }, (_, i) => cols.map((col) => col[i]));
}

export function randomCircuit(rng: Rng, nQubits: number, nGates: number, nParams: number): Circuit {
  const angle = (): Angle =>
    nParams > 0 && rng.uniform() < 0.8
      ? rng.uniform() < 0.3
        ? { p: rng.int(nParams), scale: -1.5 + 3 * rng.uniform() }
        : { p: rng.int(nParams) }
      : 2 * Math.PI * rng.uniform();
  const gates: Gate[] = [];
  for (let k = 0; k < nGates; k++) {
    const r = rng.uniform();
    let g: Gate;
    if (nQubits >= 2 && r < 0.35) {
      const kind = pick(rng, TWO_Q);
      g = { kind, qubits: distinct(rng, nQubits, 2) };
    } else if (nQubits >= 2 && r < 0.45) {
      const len = 1 + rng.int(Math.min(nQubits, 4));
      const qubits = distinct(rng, nQubits, len);
      g = { kind: 'pauli', qubits, pauli: qubits.map(() => pick(rng, ['I', 'X', 'Y', 'Z'])).join('') };
    } else if (nQubits >= 2 && r < 0.5) {
      g = { kind: 'unitary', qubits: distinct(rng, nQubits, 2), matrix: randomUnitary(rng, 4) };
    } else if (r < 0.55) {
      g = { kind: 'unitary', qubits: distinct(rng, nQubits, 1), matrix: randomUnitary(rng, 2) };
    } else {
      const kind = pick(rng, ONE_Q);
      const nCtl = nQubits >= 2 && rng.uniform() < 0.2 ? 1 + rng.int(Math.min(2, nQubits - 1)) : 0;
      const qs = distinct(rng, nQubits, 1 + nCtl);
      g = { kind, qubits: [qs[0]], ...(nCtl ? { controls: qs.slice(1) } : {}) };
    }
    const np = N_PARAMS[g.kind] ?? 0;
    if (np) g.params = Array.from({ length: np }, angle);
    gates.push(g);
  }
  return { nQubits, nParams, gates, name: `random-${nQubits}` };
}

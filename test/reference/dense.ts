/**
 * Dense-matrix reference simulator for tests, written plainly and independently of src/: textbook gate matrices,
 * each gate expanded to a full 2^n × 2^n matrix by acting on basis states, states evolved by matrix–vector products in
 * Float64. Qubit 0 is the most significant bit. Only for n ≤ 8.
 */
export type C = [number, number];
export type CMatrix = C[][];

const c = (re: number, im = 0): C => [re, im];
const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const cadd = (a: C, b: C): C => [a[0] + b[0], a[1] + b[1]];
const cexp = (phi: number): C => [Math.cos(phi), Math.sin(phi)];

export function matmul(a: CMatrix, b: CMatrix): CMatrix {
  return a.map((row) => b[0].map((_, j) => row.reduce((acc, x, k) => cadd(acc, cmul(x, b[k][j])), c(0))));
}

function kron(a: CMatrix, b: CMatrix): CMatrix {
  const out: CMatrix = [];
  for (let i = 0; i < a.length; i++)
    for (let k = 0; k < b.length; k++) {
      const row: C[] = [];
      for (let j = 0; j < a.length; j++) for (let l = 0; l < b.length; l++) row.push(cmul(a[i][j], b[k][l]));
      out.push(row);
    }
  return out;
}

const I: CMatrix = [
  [c(1), c(0)],
  [c(0), c(1)],
];
const X: CMatrix = [
  [c(0), c(1)],
  [c(1), c(0)],
];
const Y: CMatrix = [
  [c(0), c(0, -1)],
  [c(0, 1), c(0)],
];
const Z: CMatrix = [
  [c(1), c(0)],
  [c(0), c(-1)],
];
const H: CMatrix = [
  [c(Math.SQRT1_2), c(Math.SQRT1_2)],
  [c(Math.SQRT1_2), c(-Math.SQRT1_2)],
];
const PAULI: Record<string, CMatrix> = { I, X, Y, Z };

const rx = (t: number): CMatrix => [
  [c(Math.cos(t / 2)), c(0, -Math.sin(t / 2))],
  [c(0, -Math.sin(t / 2)), c(Math.cos(t / 2))],
];
const ry = (t: number): CMatrix => [
  [c(Math.cos(t / 2)), c(-Math.sin(t / 2))],
  [c(Math.sin(t / 2)), c(Math.cos(t / 2))],
];
const rz = (t: number): CMatrix => [
  [cexp(-t / 2), c(0)],
  [c(0), cexp(t / 2)],
];
const phase = (t: number): CMatrix => [
  [c(1), c(0)],
  [c(0), cexp(t)],
];

/** Matrix of a gate on its own qubits (targets only; controls handled by `expand`). Local index: first qubit MSB. */
export function localMatrix(kind: string, a: number[], pauli?: string, matrix?: C[][]): CMatrix {
  switch (kind) {
    case 'i':
      return I;
    case 'x':
    case 'cx':
      return X;
    case 'y':
    case 'cy':
      return Y;
    case 'z':
    case 'cz':
      return Z;
    case 'h':
    case 'ch':
      return H;
    case 's':
      return phase(Math.PI / 2);
    case 'sdg':
      return phase(-Math.PI / 2);
    case 't':
      return phase(Math.PI / 4);
    case 'tdg':
      return phase(-Math.PI / 4);
    case 'sx':
      return [
        [c(0.5, 0.5), c(0.5, -0.5)],
        [c(0.5, -0.5), c(0.5, 0.5)],
      ];
    case 'sxdg':
      return [
        [c(0.5, -0.5), c(0.5, 0.5)],
        [c(0.5, 0.5), c(0.5, -0.5)],
      ];
    case 'rx':
    case 'crx':
      return rx(a[0]);
    case 'ry':
    case 'cry':
      return ry(a[0]);
    case 'rz':
    case 'crz':
      return rz(a[0]);
    case 'p':
    case 'cp':
      return phase(a[0]);
    case 'euler':
      return matmul(rz(a[2]), matmul(ry(a[1]), rz(a[0])));
    case 'u3': {
      const [t, f, l] = a;
      return [
        [c(Math.cos(t / 2)), cmul(cexp(l), c(-Math.sin(t / 2)))],
        [cmul(cexp(f), c(Math.sin(t / 2))), cmul(cexp(f + l), c(Math.cos(t / 2)))],
      ];
    }
    case 'swap':
      return [
        [c(1), c(0), c(0), c(0)],
        [c(0), c(0), c(1), c(0)],
        [c(0), c(1), c(0), c(0)],
        [c(0), c(0), c(0), c(1)],
      ];
    case 'rxx':
      return pauliExp('XX', a[0] / 2);
    case 'ryy':
      return pauliExp('YY', a[0] / 2);
    case 'rzz':
      return pauliExp('ZZ', a[0] / 2);
    case 'pauli':
      return pauliExp(pauli!, a[0]);
    case 'unitary':
      return matrix!;
    default:
      throw new Error(`dense reference: no matrix for ${kind}`);
  }
}

/** exp(−iθP) = cos θ·I − i sin θ·P for a Pauli string P. */
function pauliExp(p: string, theta: number): CMatrix {
  const P = [...p].map((l) => PAULI[l]).reduce(kron);
  return P.map((row, i) => row.map((x, j) => cadd(c(i === j ? Math.cos(theta) : 0), cmul(c(0, -Math.sin(theta)), x))));
}

/** Full 2^n matrix of `m` acting on `targets` (first target = MSB of m's index) where all `controls` are 1. */
export function expand(m: CMatrix, targets: number[], controls: number[], n: number): CMatrix {
  const dim = 2 ** n,
    k = targets.length;
  const bit = (x: number, q: number) => (x >> (n - 1 - q)) & 1;
  const U: CMatrix = Array.from({ length: dim }, () => Array.from({ length: dim }, () => c(0)));
  for (let x = 0; x < dim; x++) {
    if (!controls.every((q) => bit(x, q) === 1)) {
      U[x][x] = c(1);
      continue;
    }
    let local = 0;
    for (const q of targets) local = 2 * local + bit(x, q);
    for (let j = 0; j < 2 ** k; j++) {
      let y = x;
      targets.forEach((q, t) => {
        const b = (j >> (k - 1 - t)) & 1;
        y = (y & ~(1 << (n - 1 - q))) | (b << (n - 1 - q));
      });
      U[y][x] = m[j][local];
    }
  }
  return U;
}

export interface RefGate {
  kind: string;
  qubits: number[];
  params?: (number | { p: number; scale?: number })[];
  controls?: number[];
  pauli?: string;
  matrix?: C[][];
}

const CONTROLLED_2Q = new Set(['cx', 'cy', 'cz', 'ch', 'crx', 'cry', 'crz', 'cp']);

/** Full matrix of one gate for parameter values θ. */
export function gateMatrix(g: RefGate, theta: number[], n: number): CMatrix {
  const a = (g.params ?? []).map((x) => (typeof x === 'number' ? x : (x.scale ?? 1) * theta[x.p]));
  const m = localMatrix(g.kind, a, g.pauli, g.matrix);
  if (CONTROLLED_2Q.has(g.kind)) return expand(m, [g.qubits[1]], [g.qubits[0]], n);
  return expand(m, g.qubits, g.controls ?? [], n);
}

/** ψ = U_last ⋯ U_1 |init⟩ (default |0…0⟩). */
export function denseState(circuit: { nQubits: number; gates: RefGate[] }, theta: number[], init?: C[]): C[] {
  const n = circuit.nQubits,
    dim = 2 ** n;
  let psi: C[] = init ? init.map((x) => [x[0], x[1]] as C) : Array.from({ length: dim }, (_, i) => c(i === 0 ? 1 : 0));
  for (const g of circuit.gates) {
    const U = gateMatrix(g, theta, n);
    psi = U.map((row) => row.reduce((acc, x, k) => cadd(acc, cmul(x, psi[k])), c(0)));
  }
  return psi;
}

export function denseProbs(circuit: { nQubits: number; gates: RefGate[] }, theta: number[], init?: C[]): number[] {
  return denseState(circuit, theta, init).map(([re, im]) => re * re + im * im);
}

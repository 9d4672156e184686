/**
 * Circuits as plain JSON data: a register size, a parameter count and a list of gates whose angles are constants or
 * references to columns of the parameter matrix θ [batch, nParams]. No tfjs here; engines compile this description.
 *
 * Conventions: qubit order as in bits.ts; rotations R_P(θ) = exp(−iθP/2) (rx, ry, rz, rxx, ryy, rzz, crx, cry, crz);
 * `pauli` is exp(−iθP) for a Pauli string P (no ½, as in [O]); p(λ) = diag(1, e^{iλ}); euler(a, b, c) =
 * RZ(c)·RY(b)·RZ(a) (a acts first); u3(θ, φ, λ) = p(φ)·RY(θ)·p(λ) (Qiskit's U3, global phase included).
 */
import { ConfigError, ShapeError } from '../errors';
import { MAX_QUBITS } from './bits';

/** θ[·, p] · scale (scale defaults to 1). */
export interface ParamRef {
  p: number;
  scale?: number;
}
export type Angle = number | ParamRef;
export type ComplexEntry = [number, number];

export const FIXED_1Q = ['i', 'x', 'y', 'z', 'h', 's', 'sdg', 't', 'tdg', 'sx', 'sxdg'] as const;
export const PARAM_1Q = ['rx', 'ry', 'rz', 'p', 'u3', 'euler'] as const;
export const FIXED_2Q = ['cx', 'cy', 'cz', 'ch', 'swap'] as const;
export const PARAM_2Q = ['crx', 'cry', 'crz', 'cp', 'rxx', 'ryy', 'rzz'] as const;
export type Fixed1Kind = (typeof FIXED_1Q)[number];
export type Param1Kind = (typeof PARAM_1Q)[number];
export type Fixed2Kind = (typeof FIXED_2Q)[number];
export type Param2Kind = (typeof PARAM_2Q)[number];
export type GateKind = Fixed1Kind | Param1Kind | Fixed2Kind | Param2Kind | 'unitary' | 'pauli';

export interface Gate {
  kind: GateKind;
  /** Target qubits (for controlled two-qubit kinds such as cx: [control, target]). */
  qubits: number[];
  /** Angles, as many as the kind takes (GATE_ARITY). */
  params?: Angle[];
  /** Extra control qubits; allowed on one-qubit kinds and 1-qubit `unitary` (CCX = x with two controls). */
  controls?: number[];
  /** For `pauli`: one letter of I/X/Y/Z per target qubit. */
  pauli?: string;
  /** For `unitary`: a 2×2 or 4×4 unitary of [re, im] entries, rows first. */
  matrix?: ComplexEntry[][];
}

export interface Circuit {
  nQubits: number;
  nParams: number;
  gates: Gate[];
  /** Free-form name for reports, e.g. "hep-n12-L4". */
  name?: string;
}

/** Number of targets and angles of each kind ('n' = as many targets as the Pauli string has letters). */
export const GATE_ARITY: Record<GateKind, { targets: number | 'n'; params: number }> = {
  ...Object.fromEntries(FIXED_1Q.map((k) => [k, { targets: 1, params: 0 }])),
  rx: { targets: 1, params: 1 },
  ry: { targets: 1, params: 1 },
  rz: { targets: 1, params: 1 },
  p: { targets: 1, params: 1 },
  u3: { targets: 1, params: 3 },
  euler: { targets: 1, params: 3 },
  ...Object.fromEntries(FIXED_2Q.map((k) => [k, { targets: 2, params: 0 }])),
  ...Object.fromEntries(PARAM_2Q.map((k) => [k, { targets: 2, params: 1 }])),
  unitary: { targets: 'n', params: 0 },
  pauli: { targets: 'n', params: 1 },
} as Record<GateKind, { targets: number | 'n'; params: number }>;

const ONE_QUBIT_KINDS = new Set<GateKind>([...FIXED_1Q, ...PARAM_1Q]);

export function isParamRef(a: Angle): a is ParamRef {
  return typeof a === 'object';
}

/** Throws a ShapeError/ConfigError naming the first gate that is not well formed for this register. */
export function validateCircuit(c: Circuit): void {
  const where = c.name ? `circuit "${c.name}"` : 'circuit';
  if (!Number.isInteger(c.nQubits) || c.nQubits < 1 || c.nQubits > MAX_QUBITS)
    throw new ShapeError(`${where}: nQubits must be an integer in 1..${MAX_QUBITS}, got ${c.nQubits}`);
  if (!Number.isInteger(c.nParams) || c.nParams < 0)
    throw new ShapeError(`${where}: nParams must be a non-negative integer, got ${c.nParams}`);
  c.gates.forEach((g, i) => validateGate(g, c, `${where}, gate ${i} (${g.kind})`));
}

function validateGate(g: Gate, c: Circuit, where: string): void {
  const arity = GATE_ARITY[g.kind];
  if (!arity)
    throw new ConfigError(`${where}: unknown gate kind "${g.kind}" (known: ${Object.keys(GATE_ARITY).join(', ')})`);
  let targets = arity.targets;
  if (g.kind === 'pauli') {
    if (!g.pauli || !/^[IXYZ]+$/.test(g.pauli))
      throw new ConfigError(`${where}: pauli must be a string of I/X/Y/Z, got "${g.pauli}"`);
    targets = g.pauli.length;
  }
  if (g.kind === 'unitary') {
    const d = g.matrix?.length ?? 0;
    if (d !== 2 && d !== 4) throw new ConfigError(`${where}: matrix must be 2×2 or 4×4`);
    if (!g.matrix!.every((row) => row.length === d && row.every((e) => e.length === 2 && e.every(Number.isFinite))))
      throw new ConfigError(`${where}: matrix must be ${d}×${d} of finite [re, im] entries`);
    targets = d === 2 ? 1 : 2;
  }
  if (g.qubits.length !== targets)
    throw new ShapeError(`${where}: expects ${targets} target qubit(s), got ${g.qubits.length}`);
  const all = [...g.qubits, ...(g.controls ?? [])];
  for (const q of all)
    if (!Number.isInteger(q) || q < 0 || q >= c.nQubits)
      throw new ShapeError(`${where}: qubit ${q} out of range for a ${c.nQubits}-qubit register`);
  if (new Set(all).size !== all.length)
    throw new ShapeError(`${where}: qubits must be distinct, got [${all.join(', ')}]`);
  if (g.controls?.length && !(ONE_QUBIT_KINDS.has(g.kind) || (g.kind === 'unitary' && targets === 1)))
    throw new ConfigError(`${where}: controls are allowed on one-qubit gates only`);
  const params = g.params ?? [];
  if (params.length !== arity.params)
    throw new ShapeError(`${where}: expects ${arity.params} angle(s), got ${params.length}`);
  for (const a of params) {
    if (isParamRef(a)) {
      if (!Number.isInteger(a.p) || a.p < 0 || a.p >= c.nParams)
        throw new ShapeError(`${where}: parameter index ${a.p} out of range (circuit has ${c.nParams} parameters)`);
      if (a.scale !== undefined && !Number.isFinite(a.scale)) throw new ConfigError(`${where}: scale must be finite`);
    } else if (!Number.isFinite(a)) throw new ConfigError(`${where}: constant angle must be finite, got ${a}`);
  }
}

const SELF_INVERSE = new Set<GateKind>(['i', 'x', 'y', 'z', 'h', 'cx', 'cy', 'cz', 'ch', 'swap']);
const DAGGER_OF: Partial<Record<GateKind, GateKind>> = {
  s: 'sdg',
  sdg: 's',
  t: 'tdg',
  tdg: 't',
  sx: 'sxdg',
  sxdg: 'sx',
};

function negate(a: Angle): Angle {
  return isParamRef(a) ? { p: a.p, scale: -(a.scale ?? 1) } : -a;
}

/** U(θ)† as a circuit on the same parameters: gates reversed, each inverted (angles negated, matrices daggered). */
export function inverseCircuit(c: Circuit): Circuit {
  const gates = [...c.gates].reverse().map((g): Gate => {
    if (SELF_INVERSE.has(g.kind)) return g;
    const dual = DAGGER_OF[g.kind];
    if (dual) return { ...g, kind: dual };
    const ps = g.params ?? [];
    switch (g.kind) {
      case 'euler':
        return { ...g, params: [negate(ps[2]), negate(ps[1]), negate(ps[0])] };
      case 'u3':
        return { ...g, params: [negate(ps[0]), negate(ps[2]), negate(ps[1])] };
      case 'unitary':
        return {
          ...g,
          matrix: g.matrix!.map((_, i) => g.matrix!.map((row) => [row[i][0], -row[i][1]] as ComplexEntry)),
        };
      default:
        return { ...g, params: ps.map(negate) };
    }
  });
  return { ...c, gates, name: c.name ? `${c.name}†` : undefined };
}

/** Parameters referenced by the circuit, in order of first use (a circuit may leave some unused). */
export function usedParams(c: Circuit): number[] {
  const seen = new Set<number>();
  for (const g of c.gates) for (const a of g.params ?? []) if (isParamRef(a)) seen.add(a.p);
  return [...seen];
}

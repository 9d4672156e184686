/**
 * Compiles a Circuit into an engine-neutral plan: a list of ops over angle slots, with
 *  - consecutive one-qubit gates on a qubit fused into one 2×2 op (their trig factors kept, so gradients survive),
 *  - runs of diagonal gates (rz, p, z, s, t, cz, cp, crz, rzz, Z-strings) fused into one phase layer
 *    D = exp(−i Σ_k w_k a_k Z_{mask_k}),
 *  - X/Y Pauli rotations exp(−i w a P) as one op, permutations (x with controls, swap) as index maps.
 * Gates are reordered only across gates on disjoint qubits or across commuting diagonal gates. No tfjs here.
 */
import { ConfigError } from '../errors';
import { maskOf, qubitMask } from './bits';
import { Angle, Circuit, Gate, isParamRef, validateCircuit } from './circuit';
import { Mat2, Mat4 } from './complex2';
import { FIXED_MATRICES, FactorKind, TrigForm, trigForm } from './factors';

/** An angle value a = scale·θ[param] + offset, or the constant `offset` when param is null. */
export interface AngleSlot {
  param: number | null;
  scale: number;
  offset: number;
}

export interface Factor {
  kind: FactorKind;
  form: TrigForm;
  /** Slot index of the angle (unused for fixed factors). */
  slot: number;
}

/** Phase term of a diagonal layer: exp(−i·weight·a_slot·Z_mask) (mask 0 is a global phase). */
export interface DiagTerm {
  mask: number;
  weight: number;
  slot: number;
}

export type PlanOp =
  /** U = factors[m−1] ⋯ factors[0] on `target`, applied where all `controls` bits are 1. */
  | { op: 'mat2'; target: number; controls: number; factors: Factor[] }
  | { op: 'diag'; terms: DiagTerm[] }
  /** exp(−i·weight·a·P), P|x⟩ = i^{nY}(−1)^{|x & zMask|}|x ⊕ flip⟩ (flip ≠ 0). */
  | { op: 'pauli'; flip: number; zMask: number; nY: number; weight: number; slot: number }
  /** X on `target` where all `controls` bits are 1 (x, cx, ccx). */
  | { op: 'flip'; target: number; controls: number }
  | { op: 'swap'; a: number; b: number }
  /** A constant 4×4 unitary on (q0, q1), q0 the more significant of the pair in its own index. */
  | { op: 'mat4'; q0: number; q1: number; m: Mat4 };

export interface Plan {
  nQubits: number;
  nParams: number;
  dim: number;
  slots: AngleSlot[];
  ops: PlanOp[];
}

const DIAGONAL_1Q: Partial<Record<string, number>> = {
  z: Math.PI,
  s: Math.PI / 2,
  sdg: -Math.PI / 2,
  t: Math.PI / 4,
  tdg: -Math.PI / 4,
};

export function compilePlan(circuit: Circuit): Plan {
  validateCircuit(circuit);
  return new Compiler(circuit).run();
}

interface Pending {
  factors: Factor[];
  diagonal: boolean;
}

class Compiler {
  private readonly n: number;
  private readonly slots: AngleSlot[] = [];
  private readonly constSlots = new Map<number, number>();
  private readonly ops: PlanOp[] = [];
  private readonly pending = new Map<number, Pending>();
  private diagTerms: DiagTerm[] = [];
  private diagSupport = 0;

  constructor(private readonly circuit: Circuit) {
    this.n = circuit.nQubits;
  }

  run(): Plan {
    for (const g of this.circuit.gates) this.gate(g);
    for (const q of [...this.pending.keys()]) this.flushQubit(q);
    this.emitDiag();
    const { nQubits, nParams } = this.circuit;
    return { nQubits, nParams, dim: 2 ** nQubits, slots: this.slots, ops: this.ops };
  }

  private slot(a: Angle): number {
    if (isParamRef(a)) {
      this.slots.push({ param: a.p, scale: a.scale ?? 1, offset: 0 });
      return this.slots.length - 1;
    }
    let s = this.constSlots.get(a);
    if (s === undefined) {
      s = this.slots.push({ param: null, scale: 0, offset: a }) - 1;
      this.constSlots.set(a, s);
    }
    return s;
  }

  private factor(kind: FactorKind, angle: Angle, fixed?: Mat2): Factor {
    return { kind, form: trigForm(kind, fixed), slot: kind === 'fixed' ? -1 : this.slot(angle) };
  }

  /** The trig factors of a one-qubit kind, in the order they act. */
  private oneQubitFactors(g: Gate): Factor[] {
    const ps = g.params ?? [];
    switch (g.kind) {
      case 'rx':
      case 'ry':
      case 'rz':
      case 'p':
        return [this.factor(g.kind, ps[0])];
      case 'euler':
        return [this.factor('rz', ps[0]), this.factor('ry', ps[1]), this.factor('rz', ps[2])];
      case 'u3':
        return [this.factor('p', ps[2]), this.factor('ry', ps[0]), this.factor('p', ps[1])];
      case 'unitary':
        return [this.factor('fixed', 0, Float64Array.from(g.matrix!.flat(2)))];
      default: {
        const phase = DIAGONAL_1Q[g.kind];
        if (phase !== undefined) return [this.factor('p', phase)];
        return [this.factor('fixed', 0, FIXED_MATRICES[g.kind])];
      }
    }
  }

  private gate(g: Gate): void {
    const [q0, q1] = g.qubits;
    const n = this.n;
    switch (g.kind) {
      case 'i':
        if (!g.controls?.length) return;
        break;
      case 'cx':
        return this.other([q0, q1], { op: 'flip', target: q1, controls: qubitMask(q0, n) });
      case 'cy':
      case 'ch':
      case 'crx':
      case 'cry':
      case 'crz':
      case 'cz':
      case 'cp': {
        const base = { cy: 'y', ch: 'h', crx: 'rx', cry: 'ry', crz: 'rz', cz: 'z', cp: 'p' }[g.kind] as Gate['kind'];
        return this.gate({ kind: base, qubits: [q1], controls: [q0], params: g.params });
      }
      case 'swap':
        return this.other([q0, q1], { op: 'swap', a: q0, b: q1 });
      case 'rxx':
        return this.gate({ kind: 'pauli', pauli: 'XX', qubits: g.qubits, params: [half(g.params![0])] });
      case 'ryy':
        return this.gate({ kind: 'pauli', pauli: 'YY', qubits: g.qubits, params: [half(g.params![0])] });
      case 'rzz':
        return this.gate({ kind: 'pauli', pauli: 'ZZ', qubits: g.qubits, params: [half(g.params![0])] });
      case 'pauli':
        return this.pauli(g);
      case 'unitary':
        if (g.qubits.length === 2)
          return this.other([q0, q1], { op: 'mat4', q0, q1, m: Float64Array.from(g.matrix!.flat(2)) });
        break;
    }
    const factors = this.oneQubitFactors(g);
    const diagonal = factors.every((f) => f.kind === 'rz' || f.kind === 'p');
    const controls = g.controls ?? [];
    if (controls.length === 0) return this.oneQubit(q0, factors, diagonal);
    if (diagonal) return this.addDiag([q0, ...controls], controlledTerms(factorTerms(factors, q0, n), controls, n));
    if (g.kind === 'x') return this.other([q0, ...controls], { op: 'flip', target: q0, controls: maskOf(controls, n) });
    this.other([q0, ...controls], { op: 'mat2', target: q0, controls: maskOf(controls, n), factors });
  }

  private pauli(g: Gate): void {
    const letters = g.pauli!;
    let flip = 0,
      zMask = 0,
      nY = 0;
    g.qubits.forEach((q, k) => {
      const m = qubitMask(q, this.n);
      if (letters[k] === 'X' || letters[k] === 'Y') flip |= m;
      if (letters[k] === 'Z' || letters[k] === 'Y') zMask |= m;
      if (letters[k] === 'Y') nY++;
    });
    const support = g.qubits.filter((_, k) => letters[k] !== 'I');
    const slot = this.slot(g.params![0]);
    if (flip === 0) return this.addDiag(support, [{ mask: zMask, weight: 1, slot }]);
    this.other(support, { op: 'pauli', flip, zMask, nY, weight: 1, slot });
  }

  private oneQubit(q: number, factors: Factor[], diagonal: boolean): void {
    const p = this.pending.get(q);
    if (p) {
      p.factors.push(...factors);
      p.diagonal &&= diagonal;
    } else this.pending.set(q, { factors, diagonal });
  }

  /** Flushes pending one-qubit work on q: diagonal-only work joins the phase layer, the rest is emitted. */
  private flushQubit(q: number): void {
    const p = this.pending.get(q);
    if (!p) return;
    this.pending.delete(q);
    if (p.diagonal) return this.addDiagTerms(factorTerms(p.factors, q, this.n), qubitMask(q, this.n));
    if (this.diagSupport & qubitMask(q, this.n)) this.emitDiag();
    this.ops.push({ op: 'mat2', target: q, controls: 0, factors: p.factors });
  }

  private addDiag(qubits: number[], terms: DiagTerm[]): void {
    for (const q of qubits) {
      const p = this.pending.get(q);
      if (p) this.flushQubit(q);
    }
    this.addDiagTerms(terms, maskOf(qubits, this.n));
  }

  private addDiagTerms(terms: DiagTerm[], support: number): void {
    this.diagTerms.push(...terms);
    this.diagSupport |= support;
  }

  private emitDiag(): void {
    if (this.diagTerms.length) this.ops.push({ op: 'diag', terms: this.diagTerms });
    this.diagTerms = [];
    this.diagSupport = 0;
  }

  /** Any op that is neither one-qubit nor diagonal: everything pending on its qubits goes first. */
  private other(qubits: number[], op: PlanOp): void {
    for (const q of qubits) this.flushQubit(q);
    if (this.diagSupport & maskOf(qubits, this.n)) this.emitDiag();
    this.ops.push(op);
  }
}

function half(a: Angle): Angle {
  return isParamRef(a) ? { p: a.p, scale: (a.scale ?? 1) / 2 } : a / 2;
}

/** Diagonal trig factors (rz, p) of one qubit as phase terms. rz(a) = exp(−i(a/2)Z); p(a) = exp(−i(−a/2 + (a/2)Z)). */
function factorTerms(factors: Factor[], q: number, n: number): DiagTerm[] {
  const m = qubitMask(q, n);
  return factors.flatMap((f): DiagTerm[] => {
    if (f.kind === 'rz') return [{ mask: m, weight: 0.5, slot: f.slot }];
    if (f.kind === 'p')
      return [
        { mask: 0, weight: -0.5, slot: f.slot },
        { mask: m, weight: 0.5, slot: f.slot },
      ];
    throw new ConfigError(`compilePlan: factor ${f.kind} is not diagonal`);
  });
}

/**
 * Terms of a diagonal gate applied only where every control is 1: multiply by Π_c (1 − Z_c)/2, i.e. each term
 * splits into 2^{|C|} terms over subsets S of the controls with weight w·(−1)^{|S|}/2^{|C|} and mask ⊕ mask(S).
 */
function controlledTerms(terms: DiagTerm[], controls: number[], n: number): DiagTerm[] {
  const out: DiagTerm[] = [];
  const k = controls.length;
  for (const t of terms)
    for (let s = 0; s < 1 << k; s++) {
      let mask = t.mask,
        sign = 1;
      for (let j = 0; j < k; j++)
        if (s & (1 << j)) {
          mask ^= qubitMask(controls[j], n);
          sign = -sign;
        }
      out.push({ mask, weight: (t.weight * sign) / (1 << k), slot: t.slot });
    }
  return out;
}

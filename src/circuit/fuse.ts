/**
 * Gate fusion, a pass over a compiled Plan: runs of ops on at most `maxQubits` (2 or 3) qubits become one dense block
 * (a 2^k × 2^k matrix per batch row, one pass over the state instead of one per op). Diagonal layers take part term by
 * term: each phase term is a gate on its mask's qubits, and terms commute, so a block absorbs the phases on its qubits
 * and what is left of a layer stays one diagonal op. Ops move only past ops on disjoint qubits, so the fused plan is the
 * same unitary; a block keeps its ops (on a k-qubit register, in the plan's angle slots), so engines evaluate its
 * matrix and the matrix's derivatives per row, and gradients stay exact. The engine's cost model decides whether a
 * block beats its ops applied one by one: a pass costs the larger of its arithmetic and its memory traffic, so a dense
 * block (more arithmetic, one pass) pays where passes stream from memory and not where the kernels are compute-bound.
 * No tfjs.
 */
import { popcount } from './bits';
import { DiagTerm, Plan, PlanOp } from './plan';

/** Ops of a fused block, on a k-qubit register: qubit j is `qubits[j]` (sorted ascending, so local bits keep order). */
export interface BlockOp {
  op: 'block';
  qubits: number[];
  ops: PlanOp[];
}

export type FusedOp = PlanOp | BlockOp;

export interface FusedPlan extends Omit<Plan, 'ops'> {
  ops: FusedOp[];
}

/** An engine's time per amplitude for each kind of pass, in units of its one-qubit dense gate's arithmetic. */
export type FuseCosts = Record<PlanOp['op'] | 'block2' | 'block3', number>;

export interface FuseOptions {
  /** Largest block: 2 (4×4) or 3 (8×8). */
  maxQubits: 2 | 3;
  /** The arithmetic of each kind of pass (FuseCosts). */
  costs: FuseCosts;
  /** The memory traffic of one pass, in the same units: a pass costs max(arithmetic, passCost). */
  passCost: number;
}

interface Unit {
  /** The op, or one term of a diagonal layer (as a one-term diag op). */
  op: PlanOp;
  /** Qubits the unit acts on, as a bit set over qubit numbers (bit q = qubit q). */
  support: number;
  /** Index of the diagonal layer it came from (terms of one layer re-merge), or −1. */
  layer: number;
}

/** The plan with runs of small ops fused into blocks where the cost model says it pays. */
export function fusePlan(plan: Plan, opts: FuseOptions): FusedPlan {
  // blocks are 4×4 or 8×8: a one-qubit register has nothing to widen a block to, and its ops are one pass each anyway
  if (plan.nQubits < 2) return plan;
  const n = plan.nQubits,
    units = toUnits(plan);
  const done = new Uint8Array(units.length),
    out: FusedOp[] = [];
  const fits = (s: number) => popcount(s) <= opts.maxQubits;
  for (let i = 0; i < units.length; i++) {
    if (done[i]) continue;
    done[i] = 1;
    if (!fits(units[i].support)) {
      out.push(units[i].op);
      continue;
    }
    // grow a block from unit i: later units join when their qubits fit and nothing skipped so far touches them; the
    // block takes in new qubits only through units on several qubits (entanglers), so blocks form around them
    const members = [i],
      all = 2 ** n - 1;
    let support = units[i].support,
      blocked = 0;
    for (let j = i + 1; j < units.length && blocked !== all; j++) {
      if (done[j]) continue;
      const u = units[j];
      const grows = (u.support & ~support) !== 0;
      if (
        (u.support & blocked) === 0 &&
        fits(support | u.support) &&
        (!grows || popcount(u.support) >= 2 || support === 0)
      ) {
        members.push(j);
        support |= u.support;
        done[j] = 1;
      } else {
        blocked |= u.support;
        if (popcount(support) === opts.maxQubits && (support & ~blocked) === 0) break;
      }
    }
    out.push(
      ...emit(
        members.map((k) => units[k]),
        support,
        n,
        opts,
      ),
    );
  }
  return { ...plan, ops: mergeDiagonals(out) };
}

function toUnits(plan: Plan): Unit[] {
  const n = plan.nQubits,
    units: Unit[] = [];
  const bitsOf = (mask: number) => {
    let s = 0;
    for (let q = 0; q < n; q++) if (mask & (1 << (n - 1 - q))) s |= 1 << q;
    return s;
  };
  plan.ops.forEach((op, k) => {
    if (op.op === 'diag')
      for (const t of op.terms) units.push({ op: { op: 'diag', terms: [t] }, support: bitsOf(t.mask), layer: k });
    else units.push({ op, support: bitsOf(indexMaskOf(op, n)), layer: -1 });
  });
  return units;
}

/** The index bits an op reads or writes (targets and controls). */
export function indexMaskOf(op: PlanOp, n: number): number {
  const m = (q: number) => 1 << (n - 1 - q);
  switch (op.op) {
    case 'mat2':
    case 'flip':
      return m(op.target) | op.controls;
    case 'pauli':
      return op.flip | op.zMask;
    case 'diag':
      return op.terms.reduce((a, t) => a | t.mask, 0);
    case 'swap':
      return m(op.a) | m(op.b);
    case 'mat4':
      return m(op.q0) | m(op.q1);
  }
}

/** Modelled time of a fused plan per amplitude (FuseOptions' units). */
export function planCost(plan: FusedPlan, costs: FuseCosts, passCost: number): number {
  return plan.ops.reduce(
    (s, op) =>
      s + Math.max(op.op === 'block' ? costs[op.qubits.length === 3 ? 'block3' : 'block2'] : costs[op.op], passCost),
    0,
  );
}

/** A block of units as one op, or the units one by one when fusing would not pay (or there is nothing to fuse). */
function emit(units: Unit[], support: number, n: number, opts: FuseOptions): FusedOp[] {
  const passes = units.filter((u) => u.op.op !== 'diag');
  const diagonal = units.length > passes.length;
  if (passes.length === 0) return units.map((u) => u.op);
  const k = Math.max(2, popcount(support)),
    { costs, passCost } = opts;
  const time = (arithmetic: number) => Math.max(arithmetic, passCost);
  const separate = passes.reduce((s, u) => s + time(costs[u.op.op]), 0) + (diagonal ? time(costs.diag) : 0);
  const fused = time(k === 3 ? costs.block3 : costs.block2);
  if (passes.length + (diagonal ? 1 : 0) < 2 || fused >= separate) return units.map((u) => u.op);
  let qs: number[] = [];
  for (let q = 0; q < n; q++) if (support & (1 << q)) qs.push(q);
  // a block on 1 qubit (diagonal terms around a 2×2) is widened to 2 so the 4×4 kernels apply
  if (qs.length < 2)
    qs = [...qs, ...[...Array(n).keys()].filter((q) => !qs.includes(q)).slice(0, 2 - qs.length)].sort((a, b) => a - b);
  return [{ op: 'block', qubits: qs, ops: mergeDiagonals(units.map((u) => localOp(u.op, qs, n))) as PlanOp[] }];
}

/** Adjacent diagonal ops become one (their terms commute). */
function mergeDiagonals(ops: FusedOp[]): FusedOp[] {
  const out: FusedOp[] = [];
  for (const op of ops) {
    const last = out[out.length - 1];
    if (op.op === 'diag' && last?.op === 'diag')
      out[out.length - 1] = { op: 'diag', terms: [...last.terms, ...op.terms] };
    else out.push(op);
  }
  return out;
}

/** Maps index masks between an n-qubit register and a block's k-qubit register (qubits `qs`, ascending). */
function maskMap(qs: number[], n: number, toLocal: boolean): (mask: number) => number {
  const k = qs.length;
  return (mask) => {
    let out = 0;
    qs.forEach((q, j) => {
      const g = 1 << (n - 1 - q),
        l = 1 << (k - 1 - j);
      if (mask & (toLocal ? g : l)) out |= toLocal ? l : g;
    });
    return out;
  };
}

function mapOp(op: PlanOp, qubit: (q: number) => number, mask: (m: number) => number): PlanOp {
  switch (op.op) {
    case 'mat2':
      return { ...op, target: qubit(op.target), controls: mask(op.controls) };
    case 'flip':
      return { ...op, target: qubit(op.target), controls: mask(op.controls) };
    case 'pauli':
      return { ...op, flip: mask(op.flip), zMask: mask(op.zMask) };
    case 'diag':
      return { op: 'diag', terms: op.terms.map((t): DiagTerm => ({ ...t, mask: mask(t.mask) })) };
    case 'swap':
      return { op: 'swap', a: qubit(op.a), b: qubit(op.b) };
    case 'mat4':
      return { ...op, q0: qubit(op.q0), q1: qubit(op.q1) };
  }
}

/** An op of the n-qubit plan on the block's register. */
function localOp(op: PlanOp, qs: number[], n: number): PlanOp {
  return mapOp(op, (q) => qs.indexOf(q), maskMap(qs, n, true));
}

/** A block's ops back on the n-qubit register: for engines without blocks, and for tests. */
export function unfuseBlock(b: BlockOp, n: number): PlanOp[] {
  return b.ops.map((op) => mapOp(op, (j) => b.qubits[j], maskMap(b.qubits, n, false)));
}

/**
 * Cache blocking for large states. A run of consecutive ops that each act within aligned tiles of 2^bits amplitudes
 * (2×2 gates on the low qubits, with controls anywhere; Pauli rotations whose flips are all low, with Z anywhere) is
 * applied a tile at a time: all of the run's ops on one tile while it sits in L2, then the next tile. One pass over the
 * state from memory per run instead of one per op. Index bits above the tile are constant on a tile: a control there
 * selects whole tiles, a Z there flips the sign of the rotation angle (κ is odd in φ). Each amplitude sees the same
 * ops in the same order, so states agree with the op-by-op walk to rounding (bit for bit unless a gate's controls all
 * lie above the tile, whose tiles then take the vector kernel), and gradient sums are added tile by tile.
 */
import { zSign } from '../../circuit/bits';
import type { KernelSet, Real, Workspace } from './kernelSet';
import type { CpuOp, CpuProgram } from './program';

export interface Tiling {
  /** log2 of the tile's amplitudes: 2^14 × 8 B × 4 arrays (ψ and λ, re and im) = 512 KiB, half this machine's L2. */
  bits: number;
  /** Registers below this run op by op: their states fit the last-level cache, where the kernels are compute-bound. */
  minQubits: number;
}

// measured here on HEP L = 4 (forward / adjoint ms, op by op → tiled): n = 20 171/498 → 145/364, n = 22 982/2649 →
// 580/1695; n = 18 27/84 → 26/74; n = 16 unchanged (its 2 MB of ψ and λ stay in L3)
const DEFAULT_TILING: Tiling = { bits: 14, minQubits: 18 };
let tiling: Tiling = DEFAULT_TILING;

/** The tiling in force. */
export function currentTiling(): Tiling {
  return tiling;
}

/** Overrides the tiling (tests, bench); null restores the default. */
export function setTiling(t: Tiling | null): void {
  tiling = t ?? DEFAULT_TILING;
}

/** Ops [from, to) of a program; `tiled` runs go a tile at a time. */
export interface Segment {
  from: number;
  to: number;
  tiled: boolean;
  bits: number;
}

/** Segments per program and tiling (keyed by 1024·bits + minQubits: this runs once per row of every sweep). */
const cache = new WeakMap<CpuProgram, Map<number, Segment[]>>();

/** Whether `op` acts within tiles of 2^bits amplitudes of an n-qubit state. */
function tileLocal(op: CpuOp, n: number, bits: number): boolean {
  if (op.op === 'mat2') return op.target >= n - bits;
  if (op.op === 'pauli') return op.flip < 2 ** bits;
  return false;
}

/** The program cut into tiled runs (two or more tile-local ops) and op-by-op stretches; one untiled segment if small. */
export function tileSegments(prog: CpuProgram, t: Tiling = tiling): Segment[] {
  const { bits, minQubits } = t,
    n = prog.plan.nQubits,
    key = 1024 * bits + minQubits;
  let byKey = cache.get(prog);
  if (!byKey) cache.set(prog, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  const segments: Segment[] = [];
  const push = (from: number, to: number, tiled: boolean) => {
    const last = segments[segments.length - 1];
    if (last && !last.tiled && !tiled) last.to = to;
    else segments.push({ from, to, tiled, bits });
  };
  if (n < minQubits || n <= bits) push(0, prog.ops.length, false);
  else
    for (let k = 0; k < prog.ops.length;) {
      let end = k;
      while (end < prog.ops.length && tileLocal(prog.ops[end], n, bits)) end++;
      if (end - k >= 2) push(k, end, true);
      else push(k, Math.max(end, k + 1), false);
      k = Math.max(end, k + 1);
    }
  byKey.set(key, segments);
  return segments;
}

/** Forward of a tiled run on (re, im), with the row's angle slots. */
export function forwardTiled(
  K: KernelSet,
  prog: CpuProgram,
  seg: Segment,
  angles: Float64Array,
  re: Real,
  im: Real,
): void {
  updateRun(prog, seg, angles);
  forwardTiles(K, prog, seg, angles, re, im, 0, re.length / 2 ** seg.bits);
}

/** Evaluates the 2×2 matrices of a run's ops for a row (update() before forwardTiles or adjointTiles). */
export function updateRun(prog: CpuProgram, seg: Segment, angles: Float64Array): void {
  for (let k = seg.from; k < seg.to; k++) {
    const op = prog.ops[k];
    if (op.op === 'mat2') op.eval.update(angles);
  }
}

/** Tiles [t0, t1) of a tiled run's forward (their share, when threads split the tiles). */
export function forwardTiles(
  K: KernelSet,
  prog: CpuProgram,
  seg: Segment,
  angles: Float64Array,
  re: Real,
  im: Real,
  t0: number,
  t1: number,
): void {
  const n = prog.plan.nQubits,
    m = seg.bits,
    T = 2 ** m,
    low = T - 1,
    shift = n - m;
  for (let o = t0 * T; o < t1 * T; o += T) {
    const r = re.subarray(o, o + T),
      i = im.subarray(o, o + T);
    for (let k = seg.from; k < seg.to; k++) {
      const op = prog.ops[k];
      if (op.op === 'mat2') {
        const hi = op.controls & ~low;
        if ((o & hi) === hi) K.mat2(op.target - shift, op.controls & low, op.eval.u, r, i, m);
      } else if (op.op === 'pauli') {
        const phi = zSign(o, op.zMask) * op.weight * angles[op.slot];
        K.pauliRot(op.flip, op.zMask & low, op.nY, phi, r, i, m);
      }
    }
  }
}

/**
 * Backward walk of a tiled run: ψ and λ (ws) uncomputed a tile at a time, each op's environment summed over the tiles
 * and turned into its gradients once the run is done.
 */
export function adjointTiled(
  K: KernelSet,
  prog: CpuProgram,
  seg: Segment,
  angles: Float64Array,
  ws: Workspace,
  slotGrad: Float64Array,
): void {
  const acc = new Float64Array(4 * (seg.to - seg.from));
  updateRun(prog, seg, angles);
  adjointTiles(K, prog, seg, angles, ws, 0, ws.re.length / 2 ** seg.bits, acc);
  tiledGradients(prog, seg, acc, slotGrad);
}

/**
 * Tiles [t0, t1) of a tiled run's backward walk: adds each op's environment over those tiles into `acc` (4 per op of
 * the run: a 2×2 gate's generator environment, a Pauli rotation's Im⟨λ|P|ψ⟩ in its first entry).
 */
export function adjointTiles(
  K: KernelSet,
  prog: CpuProgram,
  seg: Segment,
  angles: Float64Array,
  ws: Workspace,
  t0: number,
  t1: number,
  acc: Float64Array,
): void {
  const n = prog.plan.nQubits,
    m = seg.bits,
    T = 2 ** m,
    low = T - 1,
    shift = n - m;
  const { env } = ws;
  for (let o = t0 * T; o < t1 * T; o += T) {
    const tile: Workspace = {
      re: ws.re.subarray(o, o + T),
      im: ws.im.subarray(o, o + T),
      lre: ws.lre.subarray(o, o + T),
      lim: ws.lim.subarray(o, o + T),
      env,
      blockEnv: ws.blockEnv,
    };
    for (let k = seg.to - 1; k >= seg.from; k--) {
      const op = prog.ops[k],
        a = 4 * (k - seg.from);
      if (op.op === 'mat2') {
        const hi = op.controls & ~low;
        if ((o & hi) !== hi) continue;
        env.fill(0);
        K.mat2Adjoint(op.target - shift, op.controls & low, op.eval.u, tile, m, op.su2);
        for (let j = 0; j < 4; j++) acc[a + j] += env[j];
      } else if (op.op === 'pauli') {
        const s = zSign(o, op.zMask);
        acc[a] += s * K.pauliRotAdjoint(op.flip, op.zMask & low, op.nY, s * op.weight * angles[op.slot], tile, m);
      }
    }
  }
}

/** The gradients of a tiled run's ops from their environments summed over all tiles (after updateRun). */
export function tiledGradients(prog: CpuProgram, seg: Segment, acc: Float64Array, slotGrad: Float64Array): void {
  const { plan } = prog;
  for (let k = seg.from; k < seg.to; k++) {
    const op = prog.ops[k],
      g = acc.subarray(4 * (k - seg.from), 4 * (k - seg.from) + 4);
    if (op.op === 'mat2') {
      for (let j = 0; j < op.factors.length; j++) {
        const slot = op.factors[j].slot;
        if (slot >= 0 && plan.slots[slot].param !== null) slotGrad[slot] += op.eval.generatorDot(j, g);
      }
    } else if (op.op === 'pauli') slotGrad[op.slot] += op.weight * g[0];
  }
}

/** Passes over the state a forward walk of `prog` makes: one per tiled run, one per other op. */
export function passCount(prog: CpuProgram, t: Tiling = tiling): number {
  return tileSegments(prog, t).reduce((p, s) => p + (s.tiled ? 1 : s.to - s.from), 0);
}

/**
 * Forward simulation on the CPU engine: batch rows one after another in a one-row workspace (each row's state stays
 * in cache), every op in place on Float64 re/im; results are copied out to arrays laid out [batch][2^n].
 */
import { applyMat4InPlace } from './kernels/mat4';
import { applyFlipInPlace, applySwapInPlace } from './kernels/perm';
import { KernelSet, Real, Workspace } from './kernelSet';
import { workspaceEpoch } from './epoch';
import { CpuOp, CpuProgram, diagCoefficients, rowAngles } from './program';
import { forwardTiled, tileSegments } from './tiles';

export interface HostState {
  re: Real;
  im: Real;
}

/** Applies one op to one state, with that row's angle slots. */
export function applyOp(K: KernelSet, op: CpuOp, angles: Float64Array, re: Real, im: Real, n: number): void {
  switch (op.op) {
    case 'mat2':
      return K.mat2(op.target, op.controls, op.eval.update(angles), re, im, n);
    case 'block':
      return K.block(op.masks, op.eval.update(angles), re, im, n);
    case 'diag':
      op.layer.setCoefficients(diagCoefficients(op, angles));
      return op.layer.apply(re, im);
    case 'pauli':
      return K.pauliRot(op.flip, op.zMask, op.nY, op.weight * angles[op.slot], re, im, n);
    case 'flip':
      return applyFlipInPlace(op.target, op.controls, re, im, n);
    case 'swap':
      return applySwapInPlace(op.a, op.b, re, im, n);
    case 'mat4':
      return applyMat4InPlace(op.q0, op.q1, op.m, re, im, n);
  }
}

/**
 * ψ_b = U(θ_b)·init_b for every row b. `theta` is row-major [batch, nParams]; `init` (optional) holds one state per
 * row or a single state shared by all rows; the default is |0…0⟩.
 */
export function forward(
  K: KernelSet,
  prog: CpuProgram,
  theta: ArrayLike<number>,
  batch: number,
  init?: HostState,
): HostState {
  const dim = prog.plan.dim;
  const out: HostState = { re: K.alloc(batch * dim), im: K.alloc(batch * dim) };
  forwardRows(K, prog, theta, init, 0, batch, out);
  return out;
}

/** Rows [from, to) of `forward`, written into `out` ([batch][2^n] arrays, e.g. shared with worker threads). */
export function forwardRows(
  K: KernelSet,
  prog: CpuProgram,
  theta: ArrayLike<number>,
  init: HostState | undefined,
  from: number,
  to: number,
  out: HostState,
): void {
  const dim = prog.plan.dim;
  const angles = new Float64Array(prog.plan.slots.length);
  for (let b = from; b < to; b++) {
    const { re, im } = K.workspace(dim);
    forwardRow(K, prog, theta, init, b, angles, re, im);
    out.re.set(re, b * dim);
    out.im.set(im, b * dim);
  }
}

/**
 * One row's forward left in the kernel set's workspace, not copied out: the memory-lean path for a single state (at
 * n = 24 a copy is 256 MB). The returned epoch tells the caller later whether the workspace still holds this ψ.
 */
export function forwardInWorkspace(
  K: KernelSet,
  prog: CpuProgram,
  theta: ArrayLike<number>,
  init?: HostState,
): { ws: Workspace; epoch: number } {
  const ws = K.workspace(prog.plan.dim);
  forwardRow(K, prog, theta, init, 0, new Float64Array(prog.plan.slots.length), ws.re, ws.im);
  return { ws, epoch: workspaceEpoch() };
}

function forwardRow(
  K: KernelSet,
  prog: CpuProgram,
  theta: ArrayLike<number>,
  init: HostState | undefined,
  b: number,
  angles: Float64Array,
  re: Real,
  im: Real,
): void {
  const n = prog.plan.nQubits;
  startRow(prog.plan.dim, init, b, re, im);
  rowAngles(prog.plan, theta, b, angles);
  for (const seg of tileSegments(prog))
    if (seg.tiled) forwardTiled(K, prog, seg, angles, re, im);
    else for (let k = seg.from; k < seg.to; k++) applyOp(K, prog.ops[k], angles, re, im, n);
}

/** Row b's initial state into (re, im): its row of `init`, the single shared state, or |0…0⟩. */
export function startRow(dim: number, init: HostState | undefined, b: number, re: Real, im: Real): void {
  if (init) {
    const off = init.re.length === dim ? 0 : b * dim;
    re.set(init.re.subarray(off, off + dim));
    im.set(init.im.subarray(off, off + dim));
  } else {
    re.fill(0);
    im.fill(0);
    re[0] = 1;
  }
}

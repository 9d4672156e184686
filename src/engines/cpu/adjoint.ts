/**
 * Adjoint (reverse-mode) gradients on the CPU engine with O(1) stored states: from ψ = U(θ)|init⟩ and the seed
 * λ = ∂L/∂Re ψ + i ∂L/∂Im ψ (for a loss of probabilities, λ = 2·dy⊙ψ), walk the ops backwards, uncomputing ψ and λ
 * with each op's inverse, and collect ∂L/∂a = Re⟨λ|∂U|ψ_before⟩ for each angle, chained to θ by the slot's scale.
 */
import { dagger } from '../../circuit/complex2';
import { HostState } from './forward';
import { applyMat4InPlace } from './kernels/mat4';
import { applyFlipInPlace, applySwapInPlace } from './kernels/perm';
import { KernelSet, Workspace } from './kernelSet';
import { touchWorkspace } from './epoch';
import { CpuOp, CpuProgram, diagCoefficients, rowAngles } from './program';
import { adjointTiled, tileSegments } from './tiles';

/** ∂L/∂θ [batch, nParams] (row-major) from the final states ψ and seeds λ, both [batch][2^n] (left unchanged). */
export function adjoint(
  K: KernelSet,
  prog: CpuProgram,
  theta: ArrayLike<number>,
  batch: number,
  psi: HostState,
  lambda: HostState,
): Float64Array {
  const grad = new Float64Array(batch * prog.plan.nParams);
  adjointRows(K, prog, theta, psi, lambda, 0, batch, grad);
  return grad;
}

/** Rows [from, to) of `adjoint`, accumulated into `grad` (zeroed by the caller). */
export function adjointRows(
  K: KernelSet,
  prog: CpuProgram,
  theta: ArrayLike<number>,
  psi: HostState,
  lambda: HostState,
  from: number,
  to: number,
  grad: Float64Array,
): void {
  const { plan } = prog;
  const { dim, nParams } = plan;
  const angles = new Float64Array(plan.slots.length);
  const slotGrad = new Float64Array(plan.slots.length);
  for (let b = from; b < to; b++) {
    const ws = K.workspace(dim);
    const sl = (a: HostState['re']) => a.subarray(b * dim, (b + 1) * dim);
    ws.re.set(sl(psi.re));
    ws.im.set(sl(psi.im));
    ws.lre.set(sl(lambda.re));
    ws.lim.set(sl(lambda.im));
    rowAngles(plan, theta, b, angles);
    slotGrad.fill(0);
    adjointSweep(K, prog, angles, ws, slotGrad);
    plan.slots.forEach((s, k) => {
      if (s.param !== null) grad[b * nParams + s.param] += s.scale * slotGrad[k];
    });
  }
}

/**
 * ∂L/∂θ [1, nParams] for a single row whose ψ (forwardInWorkspace) and seed λ are already in the workspace; ψ and λ
 * are uncomputed in place, so the workspace no longer holds ψ afterwards (the epoch moves on).
 */
export function adjointInWorkspace(
  K: KernelSet,
  prog: CpuProgram,
  theta: ArrayLike<number>,
  ws: Workspace,
): Float64Array {
  const { plan } = prog;
  const angles = rowAngles(plan, theta, 0),
    slotGrad = new Float64Array(plan.slots.length),
    grad = new Float64Array(plan.nParams);
  touchWorkspace();
  adjointSweep(K, prog, angles, ws, slotGrad);
  plan.slots.forEach((s, k) => {
    if (s.param !== null) grad[s.param] += s.scale * slotGrad[k];
  });
  return grad;
}

/**
 * One row's backward walk: from ψ, λ after the program (in ws), adds ∂L/∂a_s for every angle slot s into `slotGrad`
 * and leaves ψ, λ uncomputed to before the program. Blocks read their environment and hand it to their evaluator.
 * Large states walk runs of tile-local ops a cache tile at a time (tiles.ts).
 */
export function adjointSweep(
  K: KernelSet,
  prog: CpuProgram,
  angles: Float64Array,
  ws: Workspace,
  slotGrad: Float64Array,
): void {
  const segments = tileSegments(prog);
  for (let s = segments.length - 1; s >= 0; s--) {
    const seg = segments[s];
    if (seg.tiled) adjointTiled(K, prog, seg, angles, ws, slotGrad);
    else for (let k = seg.to - 1; k >= seg.from; k--) adjointOp(K, prog, prog.ops[k], angles, ws, slotGrad);
  }
}

/** The backward step of one op over the whole state in ws (see adjointSweep). */
export function adjointOp(
  K: KernelSet,
  prog: CpuProgram,
  op: CpuOp,
  angles: Float64Array,
  ws: Workspace,
  slotGrad: Float64Array,
): void {
  const { plan } = prog,
    n = plan.nQubits;
  const { re, im, lre, lim, env } = ws;
  switch (op.op) {
    case 'mat2': {
      env.fill(0);
      K.mat2Adjoint(op.target, op.controls, op.eval.update(angles), ws, n, op.su2);
      for (let j = 0; j < op.factors.length; j++) {
        const slot = op.factors[j].slot;
        if (slot >= 0 && plan.slots[slot].param !== null) slotGrad[slot] += op.eval.generatorDot(j, env);
      }
      break;
    }
    case 'block': {
      const u = op.eval.update(angles);
      ws.blockEnv.fill(0);
      K.blockAdjoint(op.masks, u, ws, n);
      op.eval.addGradients(angles, ws.blockEnv, slotGrad);
      break;
    }
    case 'diag': {
      op.layer.setCoefficients(diagCoefficients(op, angles));
      op.layer.adjointStep(re, im, lre, lim, op.grad);
      op.terms.forEach((t, j) => (slotGrad[t.slot] += t.weight * op.grad[j]));
      break;
    }
    case 'pauli':
      slotGrad[op.slot] += op.weight * K.pauliRotAdjoint(op.flip, op.zMask, op.nY, op.weight * angles[op.slot], ws, n);
      break;
    case 'flip':
      applyFlipInPlace(op.target, op.controls, re, im, n);
      applyFlipInPlace(op.target, op.controls, lre, lim, n);
      break;
    case 'swap':
      applySwapInPlace(op.a, op.b, re, im, n);
      applySwapInPlace(op.a, op.b, lre, lim, n);
      break;
    case 'mat4': {
      const ud = dagger(op.m, 4);
      applyMat4InPlace(op.q0, op.q1, ud, re, im, n);
      applyMat4InPlace(op.q0, op.q1, ud, lre, lim, n);
      break;
    }
  }
}

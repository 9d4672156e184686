/**
 * prepareProgram: a Plan (fused or not) made ready for the CPU engine (program.ts), its dense blocks with their
 * evaluators (blockEval.ts). Apart from program.ts because a block's evaluator runs the block's ops as a small CPU
 * program itself, through the forward and adjoint sweeps that use program.ts: wired here, no two of these modules
 * need each other at load time.
 */
import { FusedPlan } from '../../circuit/fuse';
import { Plan } from '../../circuit/plan';
import { BlockEval } from './blockEval';
import { CpuProgram, prepareOps } from './program';

export function prepareProgram(plan: Plan | FusedPlan): CpuProgram {
  return prepareOps(plan, (op) => new BlockEval(op, plan));
}

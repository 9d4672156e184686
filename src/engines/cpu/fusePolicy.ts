/**
 * When the CPU engine fuses (circuit/fuse.ts), and how large its blocks are: the plan with the least modelled time
 * among unfused, ≤ 2-qubit and ≤ 3-qubit blocks. The costs are this engine's kernels measured against its SIMD 2×2
 * gate (`npm run bench -- --only fusion` prints them; AMD EPYC, wasm SIMD, n = 14…22): a Pauli rotation 0.8–1.1
 * (modelled as 1), a dense 4×4 block 3–3.7, an 8×8 block 8–11 (no FMA in wasm SIMD: the 2×2 already runs at the multiply
 * limit), while the JS kernels — diagonal layers 3–9, CX/X 2–3, SWAP 2, constant 4×4 gates 18–30 — are what fusion
 * removes. A pass's memory traffic costs about one 2×2 gate from main memory. In float32 blocks run the JS kernel, so
 * `auto` does not fuse there. `PLATEAU_FUSE` overrides: `off`, or `2` / `3` to fuse every run of ops into blocks of at
 * most that many qubits.
 */
import { FuseCosts, FusedPlan, fusePlan, planCost } from '../../circuit/fuse';
import { Plan } from '../../circuit/plan';
import { cpuPrecision, Precision } from './kernelSet';
import { executionPolicy, type FuseChoice } from '../../execution';

export const CPU_FUSE_COSTS: FuseCosts = {
  mat2: 1,
  pauli: 1,
  diag: 6,
  flip: 2.5,
  swap: 2,
  mat4: 25,
  block2: 3.6,
  block3: 10,
};

/** Memory traffic of one pass in 2×2-gate units: the 2×2 is compute-bound in cache and about even from memory. */
export function cpuPassCost(nQubits: number): number {
  return nQubits <= 18 ? 0.5 : 1;
}

export type { FuseChoice };

/** The execution policy's fusion choice (PLATEAU_FUSE=off|2|3, default the cost model). */
export function fuseChoice(): FuseChoice {
  return executionPolicy().fuse;
}

/** The plan the CPU engine runs for `plan`. */
export function fuseForCpu(
  plan: Plan,
  choice: FuseChoice = fuseChoice(),
  precision: Precision = cpuPrecision(),
): FusedPlan {
  if (choice === 'off' || (choice === 'auto' && precision === 'float32')) return plan;
  if (choice !== 'auto') return fusePlan(plan, { maxQubits: choice, costs: CPU_FUSE_COSTS, passCost: 1e9 });
  const passCost = cpuPassCost(plan.nQubits);
  const candidates: FusedPlan[] = [
    plan,
    ...([2, 3] as const).map((maxQubits) => fusePlan(plan, { maxQubits, costs: CPU_FUSE_COSTS, passCost })),
  ];
  return candidates.reduce((best, p) =>
    planCost(p, CPU_FUSE_COSTS, passCost) < planCost(best, CPU_FUSE_COSTS, passCost) ? p : best,
  );
}

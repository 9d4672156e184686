/**
 * Host memory the CPU engine holds for a forward and gradient of `rows` states: one workspace (ψ, λ, re and im) per
 * thread that runs rows, and for a batch the ψ and λ arenas (arena.ts; a single state stays in its workspace, op.ts).
 * Also the one hard limit: a workspace lives in a wasm memory, which cannot exceed 4 GiB.
 */
import { Precision } from './kernelSet';

export const WASM_MEMORY_LIMIT = 2 ** 32;

export interface CpuMemory {
  /** Bytes of one thread's workspace (a wasm memory when SIMD kernels run). */
  workspace: number;
  /** Bytes of all workspaces and kept arrays together. */
  total: number;
}

export function cpuEngineMemory(nQubits: number, rows: number, precision: Precision, threads: number): CpuMemory {
  const bytes = precision === 'float32' ? 4 : 8,
    dim = 2 ** nQubits;
  const workspace = 4 * bytes * dim;
  const used = Math.max(1, Math.min(threads, rows));
  const kept = rows > 1 ? 4 * bytes * dim * rows : 0;
  return { workspace, total: used * workspace + kept };
}

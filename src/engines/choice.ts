/**
 * The automatic engine choice with its reason, shared by selectEngine and the backend report (through
 * backendHooks.ts: the backend imports no engine). Order: `cuda` when the NVIDIA driver's libcuda and a GPU are present and the tfjs
 * backend holds tensors on the host (the cuda ops read θ synchronously); else `tensor` on GPU backends; else `cpu`.
 */
import type { EngineDecision } from '../backend/backend';
import { cudaPrecision, cudaStatus } from './cuda/device';

/** tfjs backends whose tensors can be read synchronously: the ones the cuda engine runs beside. */
const HOST_BACKENDS = new Set(['cpu', 'wasm', 'tensorflow']);

export type { EngineDecision };

/** Why the cuda engine cannot run beside `backend` (unknown before a backend is started: not held against it), or null. */
export function cudaUnavailable(backend: string | undefined): string | null {
  const s = cudaStatus();
  if (!s.ok) return s.why;
  if (backend && !HOST_BACKENDS.has(backend))
    return `it needs a host tfjs backend (cpu, wasm or tensorflow), not ${backend}`;
  return null;
}

export function autoEngine(backend: string, gpuBackend: boolean): EngineDecision {
  const s = cudaStatus(),
    notCuda = cudaUnavailable(backend);
  if (s.ok && !notCuda) {
    const d = s.devices[0];
    return {
      name: 'cuda',
      why: `cuda: ${d.name} (compute ${d.capability}, driver ${s.driverVersion}, ${s.library}), ${cudaPrecision()} states`,
    };
  }
  if (gpuBackend) return { name: 'tensor', why: `tensor: tf ops on the ${backend} GPU backend; not cuda: ${notCuda}` };
  return { name: 'cpu', why: `cpu: host kernels beside the ${backend} backend; not cuda: ${notCuda}` };
}

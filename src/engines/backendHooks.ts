/**
 * What the engines add to starting a tfjs backend (backend/backend.ts calls these hooks; it imports no engine): the
 * automatic order skips webgpu where the cuda engine runs, webgpu gets plateau's WGSL kernels once it starts, and the
 * backend report names the engine `auto` runs beside it. engine.ts installs them when it loads.
 */
import { BackendHooks, setBackendHooks } from '../backend/backend';
import { executionPolicy } from '../execution';
import { autoEngine } from './choice';
import { cudaStatus } from './cuda/device';
import { registerPlateauKernels } from './webgpu/register';

export const ENGINE_BACKEND_HOOKS: BackendHooks = {
  skipInAuto: (backend) =>
    backend === 'webgpu' && cudaStatus().ok
      ? 'the cuda engine runs the circuits on the GPU and needs a host backend beside it'
      : null,
  started: (backend) => {
    // PLATEAU_WEBGPU_KERNELS=0 keeps the tensor engine on generic tf ops (to compare, or to rule the kernels out).
    if (backend === 'webgpu' && executionPolicy().webgpuKernels) registerPlateauKernels();
  },
  engineDecision: autoEngine,
};

/** Installs the engines' backend hooks (idempotent). */
export function installBackendHooks(): void {
  setBackendHooks(ENGINE_BACKEND_HOOKS);
}

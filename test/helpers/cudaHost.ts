/**
 * The cuda engine on the host emulation of the driver (src/engines/cuda/host/driver.cpp, built here with the system's
 * C++ compiler): sets PLATEAU_CUDA_LIBRARY to it, so that the engine's whole path (FFI, launches, kernels) runs
 * without a GPU. Suites skip with the one-line reason when no compiler is found.
 */
import { buildHostLibrary, findCxx } from '../../src/engines/cuda/build';
import { resetCudaForTests } from '../../src/engines/cuda/device';

export type HostCuda = { ok: true; library: string } | { ok: false; why: string };

let cached: HostCuda | null = null;

/** Builds (once per source version; cached in the temp folder) and selects the host emulation library. */
export function useHostCuda(): HostCuda {
  if (!cached) {
    const cxx = findCxx();
    if (!cxx) cached = { ok: false, why: 'no C++ compiler (c++, g++ or clang++) to build the host emulation of the CUDA driver' };
    else {
      try {
        cached = { ok: true, library: buildHostLibrary(cxx) };
      } catch (e) {
        cached = { ok: false, why: `the host emulation did not build: ${String((e as Error).message).split('\n')[0]}` };
      }
    }
  }
  if (cached.ok) {
    process.env.PLATEAU_CUDA_LIBRARY = cached.library;
    resetCudaForTests();
  }
  return cached;
}

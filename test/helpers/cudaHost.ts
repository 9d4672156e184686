/**
 * The cuda engine on the host emulation of the driver (src/engines/cuda/host/driver.cpp, built here with the system's
 * C++ compiler): sets PLATEAU_CUDA_LIBRARY to it, so that the engine's whole path (FFI, launches, kernels) runs
 * without a GPU. Suites skip with the one-line reason when no compiler is found.
 */
import { buildHostLibrary, findCxx } from '../../src/engines/cuda/build';
import { resetCudaForTests } from '../../src/engines/cuda/device';

export type HostCuda = { ok: true; library: string } | { ok: false; why: string };

let cached: HostCuda | null = null;

/** Builds (once per source version; cached in the temp folder), selects and resets (1 GPU, 1 GiB) the host emulation. */
export function useHostCuda(): HostCuda {
  if (!cached) {
    const cxx = findCxx();
    if (!cxx)
      cached = {
        ok: false,
        why: 'no C++ compiler (c++, g++ or clang++) to build the host emulation of the CUDA driver',
      };
    else {
      // a compiler that is present but fails is a test failure (the sources are broken), not a reason to skip
      cached = { ok: true, library: buildHostLibrary(cxx) };
    }
  }
  if (cached.ok) {
    process.env.PLATEAU_CUDA_LIBRARY = cached.library;
    resetCudaForTests();
    // the library's state lives as long as the worker process, across test files: start each from the same one
    fakeHooks(cached.library).reset(1, 2 ** 30);
  }
  return cached;
}

/** A describe block on the host emulation of the CUDA driver, or a skipped one with the reason printed once. */
export function describeHostCuda(name: string, fn: () => void): void {
  const h = useHostCuda();
  if (!h.ok) {
    console.warn(`skipping "${name}": ${h.why}`);
    describe.skip(`${name} (skipped: ${h.why})`, fn);
    return;
  }
  describe(`${name} [cuda engine on the host emulation]`, () => {
    beforeAll(() => useHostCuda());
    fn();
  });
}

/** The host emulation's test hooks (plateau_fake_* in host/driver.cpp), through koffi. */
export function fakeHooks(library: string) {
  const koffi = require('koffi');
  const lib = koffi.load(library);
  return {
    reset: lib.func('void plateau_fake_reset(int devices, uint64_t totalBytes)') as (
      devices: number,
      total: number,
    ) => void,
    fail: lib.func('void plateau_fake_fail(const char *fn, int code)') as (fn: string, code: number) => void,
    liveBytes: lib.func('uint64_t plateau_fake_live_bytes()') as () => number,
    liveAllocations: lib.func('int plateau_fake_live_allocations()') as () => number,
    launches: lib.func('long plateau_fake_launches()') as () => number,
    lastLaunch: ((f) => () => {
      const d = new Uint32Array(6);
      f(d);
      return Array.from(d);
    })(lib.func('void plateau_fake_last_launch(_Out_ uint32_t *dims)')),
    kernelLaunches: lib.func('long plateau_fake_kernel_launches(const char *name)') as (name: string) => number,
    kernelNames: () => (lib.func('const char *plateau_fake_kernel_names()')() as string).split(' '),
  };
}

/**
 * The cuda engine's session with the GPU: whether CUDA can be used here (cudaStatus: cheap when there is no driver,
 * cached), the opened device (context + the PTX module, once per process), the state precision, and grow-only scratch
 * buffers by role, so that a training loop allocates nothing after its first step. releaseCuda() frees them all.
 */
import { ConfigError } from '../../errors';
import { CUDA_PRECISIONS, type CudaPrecision, executionPolicy, setExecutionPolicy } from '../../execution';
import { CudaDriver, cudaLibraryName, DeviceBuffer, DeviceInfo, findLibrary } from './driver';
import { CudaError } from './cudaError';

export { CUDA_PRECISIONS, type CudaPrecision };

/** The state precision: the execution policy's (setCudaPrecision, else PLATEAU_CUDA_PRECISION, else complex64). */
export function cudaPrecision(): CudaPrecision {
  return executionPolicy().cudaPrecision;
}

/** Sets the cuda engine's state precision for this process (null: back to PLATEAU_CUDA_PRECISION). */
export function setCudaPrecision(p: CudaPrecision | null): void {
  if (p !== null && !(CUDA_PRECISIONS as readonly string[]).includes(p))
    throw new ConfigError(`cuda precision "${p}" is not one of ${CUDA_PRECISIONS.join(', ')}`);
  setExecutionPolicy({ cudaPrecision: p ?? undefined });
}

export type CudaStatus =
  | { ok: true; library: string; driverVersion: string; devices: DeviceInfo[] }
  | { ok: false; why: string; library?: string; driverVersion?: string };

let status: CudaStatus | null = null;
let driver: CudaDriver | null = null;

/**
 * Whether the cuda engine can run: the driver library loads, cuInit succeeds and there is a GPU. The first call costs
 * a file lookup (and, where libcuda exists, loading it); the answer is cached for the process.
 */
export function cudaStatus(): CudaStatus {
  if (status) return status;
  const name = cudaLibraryName();
  const found = findLibrary(name);
  if (!found) {
    status = {
      ok: false,
      why: process.env.PLATEAU_CUDA_LIBRARY
        ? `PLATEAU_CUDA_LIBRARY=${name} does not exist`
        : `no ${name} (the NVIDIA driver's CUDA library) on this machine`,
    };
    return status;
  }
  try {
    driver ??= CudaDriver.open(name);
    const { driverVersion, devices } = driver.init();
    status = devices.length
      ? { ok: true, library: found, driverVersion, devices }
      : { ok: false, why: `${name} (driver ${driverVersion}) reports no GPU`, library: found, driverVersion };
  } catch (e) {
    status = { ok: false, why: (e as Error).message.replace(/^cuda: /, ''), library: found };
  }
  return status;
}

/** Grow-only device buffers by role, reused across calls. */
export class Scratch {
  private readonly bufs = new Map<string, DeviceBuffer>();
  constructor(private readonly drv: CudaDriver) {}
  /** A buffer of at least `bytes` for `role` (its contents are whatever was left there). */
  get(role: string, bytes: number): DeviceBuffer {
    const have = this.bufs.get(role);
    if (have && have.bytes >= bytes && !have.freed) return have;
    if (have) this.drv.free(have);
    this.bufs.delete(role);
    const b = this.drv.alloc(bytes, role);
    this.bufs.set(role, b);
    return b;
  }
  release(): void {
    for (const b of this.bufs.values()) this.drv.free(b);
    this.bufs.clear();
  }
}

export interface CudaSession {
  driver: CudaDriver;
  device: DeviceInfo;
  scratch: Scratch;
  /** Bumped by releaseCuda, so that programs re-upload their constants. */
  epoch: number;
}

let session: CudaSession | null = null;
let epoch = 0;
const releaseHooks = new Set<() => void>();

/** The open device (GPU 0: its primary context and the PTX module), or a one-line CudaError saying why not. */
export function cudaSession(ptx: () => string): CudaSession {
  if (session) return session;
  const s = cudaStatus();
  if (!s.ok) throw new CudaError(`cuda engine unavailable: ${s.why}`);
  driver!.open(0, ptx());
  session = { driver: driver!, device: s.devices[0], scratch: new Scratch(driver!), epoch };
  return session;
}

/** Registers a function that frees device memory held outside the scratch (cached states, program constants). */
export function onCudaRelease(f: () => void): void {
  releaseHooks.add(f);
}

/** Frees every device buffer plateau holds (they are re-made on next use). */
export function releaseCuda(): void {
  if (!session) return;
  for (const f of releaseHooks) f();
  session.scratch.release();
  session.epoch = ++epoch;
}

/** Forgets the cached status and driver (tests that swap PLATEAU_CUDA_LIBRARY). */
export function resetCudaForTests(): void {
  releaseCuda();
  status = null;
  driver = null;
  session = null;
}

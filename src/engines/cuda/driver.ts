/**
 * The CUDA driver API through koffi (FFI; no CUDA toolkit, no compiled addon of ours): the library is `libcuda.so.1`
 * of the NVIDIA driver, or PLATEAU_CUDA_LIBRARY (tests load the host emulation, host/driver.cpp). Loaded lazily and
 * only on request. This file owns the bookkeeping: every CUresult becomes one line naming the call and its arguments,
 * device buffers are counted (live buffers and bytes), allocations that cannot fit are refused before they are made
 * with the size needed, and kernel arguments are packed into one native block whose slot pointers never change.
 */
import * as fs from 'fs';
import * as path from 'path';
import { packArgs, KernelArg, ARG_SLOTS } from './args';
import { CudaError, cudaErrorMessage, formatBytes } from './cudaError';

export { CudaError } from './cudaError';

/** The library to load: PLATEAU_CUDA_LIBRARY, else the driver's libcuda.so.1 (found by the dynamic loader). */
export function cudaLibraryName(env: NodeJS.ProcessEnv = process.env): string {
  return env.PLATEAU_CUDA_LIBRARY || 'libcuda.so.1';
}

const LIB_DIRS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib64',
  '/usr/lib',
  '/lib64',
  '/lib/x86_64-linux-gnu',
  '/usr/local/nvidia/lib64',
  '/usr/lib/wsl/lib',
];

/**
 * Where the dynamic loader would find `name` (LD_LIBRARY_PATH, the usual folders, the ld.so cache), or null: a cheap
 * check before loading koffi, so machines without the NVIDIA driver pay nothing.
 */
export function findLibrary(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (name.includes('/')) return fs.existsSync(name) ? name : null;
  for (const d of [...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...LIB_DIRS])
    if (fs.existsSync(path.join(d, name))) return path.join(d, name);
  try {
    return fs.readFileSync('/etc/ld.so.cache').includes(name) ? `${name} (ld.so cache)` : null;
  } catch {
    return null;
  }
}

/** koffi: PLATEAU_KOFFI_NODE (the offline bundle ships its native module alone), else the npm package. */
type Koffi = typeof import('koffi');
export function loadKoffi(env: NodeJS.ProcessEnv = process.env): Koffi {
  return env.PLATEAU_KOFFI_NODE ? require(env.PLATEAU_KOFFI_NODE) : require('koffi');
}

/** C declarations of the driver entry points used (cuda.h names; the _v2 symbols are what cuda.h maps to). */
const DECLS = {
  cuInit: 'int cuInit(uint32_t flags)',
  cuDriverGetVersion: 'int cuDriverGetVersion(_Out_ int *v)',
  cuDeviceGetCount: 'int cuDeviceGetCount(_Out_ int *n)',
  cuDeviceGet: 'int cuDeviceGet(_Out_ int *dev, int ordinal)',
  cuDeviceGetName: 'int cuDeviceGetName(_Out_ uint8_t *name, int len, int dev)',
  cuDeviceTotalMem: 'int cuDeviceTotalMem_v2(_Out_ size_t *bytes, int dev)',
  cuDeviceGetAttribute: 'int cuDeviceGetAttribute(_Out_ int *v, int attrib, int dev)',
  cuDevicePrimaryCtxRetain: 'int cuDevicePrimaryCtxRetain(_Out_ void **ctx, int dev)',
  cuCtxSetCurrent: 'int cuCtxSetCurrent(void *ctx)',
  cuCtxSynchronize: 'int cuCtxSynchronize()',
  cuModuleLoadData: 'int cuModuleLoadData(_Out_ void **mod, const char *image)',
  cuModuleGetFunction: 'int cuModuleGetFunction(_Out_ void **fn, void *mod, const char *name)',
  cuMemGetInfo: 'int cuMemGetInfo_v2(_Out_ size_t *free, _Out_ size_t *total)',
  cuMemAlloc: 'int cuMemAlloc_v2(_Out_ uint64_t *ptr, size_t bytes)',
  cuMemFree: 'int cuMemFree_v2(uint64_t ptr)',
  cuMemcpyHtoD: 'int cuMemcpyHtoD_v2(uint64_t dst, const void *src, size_t bytes)',
  cuMemcpyDtoH: 'int cuMemcpyDtoH_v2(_Out_ void *dst, uint64_t src, size_t bytes)',
  cuMemcpyDtoD: 'int cuMemcpyDtoD_v2(uint64_t dst, uint64_t src, size_t bytes)',
  cuMemsetD8: 'int cuMemsetD8_v2(uint64_t dst, uint8_t value, size_t bytes)',
  cuLaunchKernel:
    'int cuLaunchKernel(void *fn, uint32_t gx, uint32_t gy, uint32_t gz, uint32_t bx, uint32_t by, uint32_t bz, uint32_t shared, void *stream, void *params, void *extra)',
  cuGetErrorName: 'int cuGetErrorName(int code, _Out_ const char **name)',
  cuGetErrorString: 'int cuGetErrorString(int code, _Out_ const char **text)',
} as const;
type Fn = (...args: unknown[]) => number;
export type DriverCalls = Record<keyof typeof DECLS, Fn>;

export interface DeviceInfo {
  ordinal: number;
  name: string;
  totalBytes: number;
  /** Compute capability, e.g. "9.0". */
  capability: string;
}

/** A device allocation. `bytes` is what was asked for; `freed` once returned to the driver. */
export interface DeviceBuffer {
  readonly ptr: bigint;
  readonly bytes: number;
  readonly label: string;
  freed: boolean;
}

export type Dim2 = readonly [number, number];

export class CudaDriver {
  private readonly live = new Set<DeviceBuffer>();
  private liveTotal = 0;
  private readonly functions = new Map<string, unknown>();
  private module: unknown = null;
  private readonly argView: DataView;
  private readonly argPointers: unknown;
  /** The native argument block (kept referenced: argPointers point into it). */
  readonly argBlock: unknown;
  launches = 0;

  private constructor(
    readonly library: string,
    koffi: Koffi,
    readonly calls: DriverCalls,
  ) {
    // Slot i of the argument block lives at base + 8i; the pointer array that cuLaunchKernel reads is filled once.
    const block = (this.argBlock = koffi.alloc('uint64_t', ARG_SLOTS));
    this.argPointers = koffi.alloc('uint64_t', ARG_SLOTS);
    const base = BigInt(koffi.address(block)),
      pointers = new BigUint64Array(koffi.view(this.argPointers, 8 * ARG_SLOTS));
    for (let i = 0; i < ARG_SLOTS; i++) pointers[i] = base + BigInt(8 * i);
    this.argView = new DataView(koffi.view(block, 8 * ARG_SLOTS));
  }

  /** Loads the library and declares the entry points; a CudaError (one line) when either is impossible. */
  static open(library: string = cudaLibraryName()): CudaDriver {
    let koffi: Koffi;
    try {
      koffi = loadKoffi();
    } catch (e) {
      throw new CudaError(`cuda: the FFI module koffi cannot be loaded (${firstLine(e)})`);
    }
    let lib: { func(decl: string): Fn };
    try {
      lib = koffi.load(library);
    } catch (e) {
      throw new CudaError(`cuda: ${library} cannot be loaded (${firstLine(e)})`);
    }
    const calls = {} as DriverCalls;
    for (const [k, decl] of Object.entries(DECLS)) {
      try {
        calls[k as keyof typeof DECLS] = lib.func(decl);
      } catch (e) {
        throw new CudaError(`cuda: ${library} lacks ${decl.split('(')[0].split(' ').pop()} (${firstLine(e)})`);
      }
    }
    return new CudaDriver(library, koffi, calls);
  }

  /** Throws the one-line CudaError of a failed call (named with its arguments by `what`). */
  check(code: number, what: string): void {
    if (code === 0) return;
    const name: (string | null)[] = [null],
      text: (string | null)[] = [null];
    try {
      if (this.calls.cuGetErrorName(code, name) !== 0) name[0] = null;
      if (this.calls.cuGetErrorString(code, text) !== 0) text[0] = null;
    } catch {
      /* the table in cudaErrorMessage names it */
    }
    throw new CudaError(cudaErrorMessage(what, code, name[0], text[0]), code);
  }

  /** cuInit, then every device's name, memory and compute capability. */
  init(): { driverVersion: string; devices: DeviceInfo[] } {
    this.check(this.calls.cuInit(0), 'cuInit(0)');
    const v = [0],
      n = [0];
    this.check(this.calls.cuDriverGetVersion(v), 'cuDriverGetVersion');
    this.check(this.calls.cuDeviceGetCount(n), 'cuDeviceGetCount');
    const devices: DeviceInfo[] = [];
    for (let i = 0; i < n[0]; i++) {
      const dev = [0],
        bytes = [0],
        major = [0],
        minor = [0],
        name = new Uint8Array(256);
      this.check(this.calls.cuDeviceGet(dev, i), `cuDeviceGet(${i})`);
      this.check(this.calls.cuDeviceGetName(name, name.length, dev[0]), `cuDeviceGetName(${i})`);
      this.check(this.calls.cuDeviceTotalMem(bytes, dev[0]), `cuDeviceTotalMem(${i})`);
      this.check(this.calls.cuDeviceGetAttribute(major, 75, dev[0]), `cuDeviceGetAttribute(major, ${i})`);
      this.check(this.calls.cuDeviceGetAttribute(minor, 76, dev[0]), `cuDeviceGetAttribute(minor, ${i})`);
      const end = name.indexOf(0);
      devices.push({
        ordinal: i,
        name: Buffer.from(name.subarray(0, end < 0 ? name.length : end)).toString('utf8'),
        totalBytes: Number(bytes[0]),
        capability: `${major[0]}.${minor[0]}`,
      });
    }
    return { driverVersion: `${Math.floor(v[0] / 1000)}.${(v[0] % 1000) / 10}`, devices };
  }

  /** Makes device `ordinal`'s primary context current and loads the PTX module (JIT-compiled by the driver). */
  open(ordinal: number, ptx: string): void {
    const ctx = [null];
    this.check(this.calls.cuDevicePrimaryCtxRetain(ctx, ordinal), `cuDevicePrimaryCtxRetain(${ordinal})`);
    this.check(this.calls.cuCtxSetCurrent(ctx[0]), 'cuCtxSetCurrent');
    const mod = [null];
    this.check(this.calls.cuModuleLoadData(mod, ptx), `cuModuleLoadData(PTX, ${ptx.length} bytes)`);
    this.module = mod[0];
  }

  private fn(name: string): unknown {
    let f = this.functions.get(name);
    if (f === undefined) {
      if (this.module === null) throw new CudaError(`cuda: kernel ${name} requested before the module was loaded`);
      const out = [null];
      this.check(this.calls.cuModuleGetFunction(out, this.module, name), `cuModuleGetFunction(${name})`);
      f = out[0];
      this.functions.set(name, f);
    }
    return f;
  }

  /** Free and total device memory in bytes. */
  memInfo(): { free: number; total: number } {
    const free = [0],
      total = [0];
    this.check(this.calls.cuMemGetInfo(free, total), 'cuMemGetInfo');
    return { free: Number(free[0]), total: Number(total[0]) };
  }

  /** A device buffer of `bytes`, refused before allocating (with the size needed) when it cannot fit. */
  alloc(bytes: number, label: string): DeviceBuffer {
    if (!(Number.isSafeInteger(bytes) && bytes > 0))
      throw new CudaError(`cuda: ${label}: cannot allocate ${bytes} bytes`);
    const { free, total } = this.memInfo();
    if (bytes > free)
      throw new CudaError(
        `cuda: ${label} needs ${formatBytes(bytes)} of GPU memory, but only ${formatBytes(free)} of ${formatBytes(total)} is free (plateau holds ${formatBytes(this.liveTotal)})`,
      );
    const out = [0];
    this.check(this.calls.cuMemAlloc(out, bytes), `cuMemAlloc(${label}, ${formatBytes(bytes)})`);
    const buf: DeviceBuffer = { ptr: BigInt(out[0]), bytes, label, freed: false };
    this.live.add(buf);
    this.liveTotal += bytes;
    return buf;
  }

  free(buf: DeviceBuffer): void {
    if (buf.freed) return;
    this.check(this.calls.cuMemFree(buf.ptr), `cuMemFree(${buf.label})`);
    buf.freed = true;
    this.live.delete(buf);
    this.liveTotal -= buf.bytes;
  }

  /** Buffers and bytes plateau holds on the device now. */
  get liveBuffers(): number {
    return this.live.size;
  }
  get liveBytes(): number {
    return this.liveTotal;
  }

  upload(dst: DeviceBuffer, src: ArrayBufferView, byteOffset = 0): void {
    this.bounds(dst, byteOffset, src.byteLength, 'upload');
    this.check(
      this.calls.cuMemcpyHtoD(dst.ptr + BigInt(byteOffset), src, src.byteLength),
      `cuMemcpyHtoD(${dst.label}, ${formatBytes(src.byteLength)})`,
    );
  }

  download(dst: ArrayBufferView, src: DeviceBuffer, byteOffset = 0): void {
    this.bounds(src, byteOffset, dst.byteLength, 'download');
    this.check(
      this.calls.cuMemcpyDtoH(dst, src.ptr + BigInt(byteOffset), dst.byteLength),
      `cuMemcpyDtoH(${src.label}, ${formatBytes(dst.byteLength)})`,
    );
  }

  copy(dst: DeviceBuffer, src: DeviceBuffer, bytes: number): void {
    this.bounds(dst, 0, bytes, 'copy');
    this.bounds(src, 0, bytes, 'copy');
    this.check(
      this.calls.cuMemcpyDtoD(dst.ptr, src.ptr, bytes),
      `cuMemcpyDtoD(${dst.label} ← ${src.label}, ${formatBytes(bytes)})`,
    );
  }

  zero(dst: DeviceBuffer): void {
    this.check(this.calls.cuMemsetD8(dst.ptr, 0, dst.bytes), `cuMemsetD8(${dst.label})`);
  }

  private bounds(b: DeviceBuffer, offset: number, bytes: number, what: string): void {
    if (b.freed) throw new CudaError(`cuda: ${what} on ${b.label}, which was freed`);
    if (offset < 0 || offset + bytes > b.bytes)
      throw new CudaError(`cuda: ${what} of ${bytes} bytes at ${offset} overruns ${b.label} (${b.bytes} bytes)`);
  }

  /** Launches kernel `name` on a grid [gx, rows] of `block`-thread blocks with the given arguments (asynchronous). */
  launch(name: string, grid: Dim2, block: number, args: readonly KernelArg[]): void {
    const f = this.fn(name);
    for (const a of args)
      if (a.kind === 'buffer' && a.buffer.freed)
        throw new CudaError(`cuda: ${name}: argument ${a.buffer.label} was freed`);
    packArgs(args, this.argView);
    this.launches++;
    this.check(
      this.calls.cuLaunchKernel(f, grid[0], grid[1], 1, block, 1, 1, 0, null, this.argPointers, null),
      `cuLaunchKernel(${name}, grid ${grid[0]}×${grid[1]}, block ${block})`,
    );
  }

  /** Waits for every queued kernel and copy; an asynchronous kernel failure surfaces here. */
  sync(what = 'cuCtxSynchronize'): void {
    this.check(this.calls.cuCtxSynchronize(), what);
  }
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0];
}

/**
 * The CPU engine's hot kernels behind one interface, in two variants tested against each other: `js` (plain
 * TypeScript, kernels/*.ts) and `simd` (WebAssembly built from simd/assembly, simdSet.ts), each in two precisions:
 * float64 (the default) and float32 (half the bytes, twice the lanes; `PLATEAU_CPU_PRECISION=float32` or
 * setCpuPrecision). A variant also owns the per-row workspace the kernels run on: for `simd` these arrays are views
 * into the wasm module's memory, so the other (JS) kernels work on the same arrays unchanged. `PLATEAU_SIMD=0` forces
 * the JS variant.
 */
import { Mat2 } from '../../circuit/complex2';
import type { Real } from './kernels/real';
import { applyBlockInPlace, blockAdjointStep } from './kernels/block';
import { applyMat2InPlace, mat2AdjointStep } from './kernels/mat2';
import { applyPauliRotInPlace, pauliRotAdjointStep } from './kernels/pauli';
import { arrayOffsets, makeSimdKernels, WasmExports, WORKER_SCRATCH, workspaceAt } from './simdSet';
import { touchWorkspace } from './epoch';
import { CpuPrecision, executionPolicy, setExecutionPolicy } from '../../execution';

export type { Real };
export type Precision = CpuPrecision;

export interface Workspace {
  re: Real;
  im: Real;
  lre: Real;
  lim: Real;
  /** 8 accumulators of the 2×2 gradient environment. */
  env: Float64Array;
  /** 2·4^k accumulators of a dense block's environment (k ≤ 3), interleaved complex, row-major. */
  blockEnv: Float64Array;
}

export interface KernelSet {
  readonly name: 'js' | 'simd';
  readonly precision: Precision;
  /** A state array of this set's precision. */
  alloc(len: number): Real;
  mat2(target: number, controls: number, m: Mat2, re: Real, im: Real, nQubits: number): void;
  /**
   * The adjoint step of a 2×2 gate (kernels/mat2.ts). `su2`: U is in SU(2) (every factor a rotation rx, ry, rz), so a
   * kernel may rebuild U† from its first row (the SIMD kernels do: fewer registers); the result is the same up to
   * rounding.
   */
  mat2Adjoint(target: number, controls: number, m: Mat2, ws: Workspace, nQubits: number, su2?: boolean): void;
  pauliRot(flip: number, zMask: number, nY: number, phi: number, re: Real, im: Real, nQubits: number): void;
  /** ψ ← Uψ for a dense 2^k × 2^k block on the qubits of index masks m_0 > m_1 > … (kernels/block.ts). */
  block(masks: readonly number[], u: Float64Array, re: Real, im: Real, nQubits: number): void;
  /** Uncomputes ψ, λ (ws) with U† and adds the block's environment to ws.blockEnv. */
  blockAdjoint(masks: readonly number[], u: Float64Array, ws: Workspace, nQubits: number): void;
  /** Returns Im⟨λ|P|ψ⟩ and uncomputes ψ, λ (ws) with exp(+iφP). */
  pauliRotAdjoint(flip: number, zMask: number, nY: number, phi: number, ws: Workspace, nQubits: number): number;
  /** Arrays for one row of 2^n amplitudes; contents are undefined. Valid until the next call. */
  workspace(dim: number): Workspace;
}

function makeJsKernels(precision: Precision): KernelSet {
  let ws: Workspace | null = null;
  const Arr = precision === 'float32' ? Float32Array : Float64Array,
    bytes = Arr.BYTES_PER_ELEMENT;
  return {
    name: 'js',
    precision,
    alloc: (len) => new Arr(len),
    mat2: applyMat2InPlace,
    mat2Adjoint: (t, c, m, s, n) => mat2AdjointStep(t, c, m, s.re, s.im, s.lre, s.lim, n, s.env),
    pauliRot: (f, z, nY, phi, re, im) => applyPauliRotInPlace(f, z, nY, phi, re, im),
    pauliRotAdjoint: (f, z, nY, phi, s) => pauliRotAdjointStep(f, z, nY, phi, s.re, s.im, s.lre, s.lim),
    block: (masks, u, re, im) => applyBlockInPlace(masks, u, re, im),
    blockAdjoint: (masks, u, s) => blockAdjointStep(masks, u, s.re, s.im, s.lre, s.lim, s.blockEnv),
    workspace(dim) {
      touchWorkspace();
      if (!ws || ws.re.length !== dim) {
        const at = arrayOffsets(0, dim, bytes),
          buf = new ArrayBuffer(at[3] + bytes * dim),
          a = (k: number) => new Arr(buf, at[k], dim);
        ws = { re: a(0), im: a(1), lre: a(2), lim: a(3), env: new Float64Array(8), blockEnv: new Float64Array(128) };
      }
      return ws;
    },
  };
}

export const jsKernels: KernelSet = makeJsKernels('float64');
export const jsKernels32: KernelSet = makeJsKernels('float32');

let simd: { float64: KernelSet; float32: KernelSet } | null | undefined;
let simdMemory: WebAssembly.Memory | null = null;

/** The shared memory of the SIMD kernel sets (their workspace), once they are loaded; helpers attach to it. */
export function simdSharedMemory(): WebAssembly.Memory | null {
  return simd ? simdMemory : null;
}

let attached: { memory: WebAssembly.Memory; sets: Partial<Record<Precision, KernelSet>>; w: WasmExports } | null = null;

/**
 * A helper thread's SIMD kernel set on another thread's shared memory (simdSharedMemory there), with its own scratch
 * area, and a workspace over that thread's arrays.
 */
export function attachedKernels(
  memory: WebAssembly.Memory,
  precision: Precision,
  offsets: number[],
  dim: number,
): { K: KernelSet; ws: Workspace } {
  if (!attached || attached.memory !== memory) {
    const mod = simdModule();
    if (!mod) throw new Error(`CPU engine helper: ${simdMissing}`);
    attached = { memory, sets: {}, w: simdInstance(mod, memory) as unknown as WasmExports };
  }
  const K = (attached.sets[precision] ??= makeSimdKernels(attached.w, precision, WORKER_SCRATCH));
  return { K, ws: workspaceAt(attached.w, precision, offsets, dim, WORKER_SCRATCH) };
}
let simdMissing = '';
let wasmModule: WebAssembly.Module | null | undefined;

/** The compiled wasm module of the SIMD kernels (engine kernels and bench's bandwidth probes), or null. */
export function simdModule(): WebAssembly.Module | null {
  if (wasmModule !== undefined) return wasmModule;
  wasmModule = null;
  let bytes: Buffer;
  try {
    bytes = Buffer.from(
      (require('./simd/kernels.generated') as { KERNELS_WASM_BASE64: string }).KERNELS_WASM_BASE64,
      'base64',
    );
  } catch {
    simdMissing = 'SIMD kernels not built (run `npm run build:engine`)';
    return null;
  }
  try {
    wasmModule = new WebAssembly.Module(bytes);
  } catch (e) {
    simdMissing = `SIMD kernels failed to load: ${String((e as Error).message ?? e).split('\n')[0]}`;
  }
  return wasmModule;
}

/**
 * An instance of the SIMD module on a memory of its own, or on `memory` (a worker thread running kernels on the calling
 * thread's workspace). The module imports its memory, shared, of at most 4 GiB.
 */
export function simdInstance(mod: WebAssembly.Module, memory?: WebAssembly.Memory): Record<string, unknown> {
  const mem = memory ?? new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
  return new WebAssembly.Instance(mod, { env: { memory: mem } }).exports;
}

/**
 * The SIMD kernel set of a precision, or null when the wasm module was not built or cannot be instantiated here. Both
 * precisions share one instance (and so its memory: a workspace of either precision replaces the other's).
 */
export function simdKernels(precision: Precision = 'float64'): KernelSet | null {
  if (simd === undefined) {
    simd = null;
    const mod = simdModule();
    if (!mod) return null;
    try {
      simdMemory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
      const w = simdInstance(mod, simdMemory) as unknown as WasmExports;
      simd = { float64: makeSimdKernels(w, 'float64'), float32: makeSimdKernels(w, 'float32') };
    } catch (e) {
      simdMissing = `SIMD kernels failed to load: ${String((e as Error).message ?? e).split('\n')[0]}`;
    }
  }
  return simd ? simd[precision] : null;
}

let walshInstance: { memory: WebAssembly.Memory; walsh(v: number, dim: number, rows: number): void } | null | undefined;

/** The most f64 a SIMD transform stages in its instance at once (8 MiB): wasm memory grows but never shrinks. */
const WALSH_STAGE = 1 << 20;

/**
 * The SIMD Walsh–Hadamard transform (simd/assembly/walsh.ts) of every length-`dim` row of `v`, in place, or null when
 * the SIMD kernels are not built or are turned off (PLATEAU_SIMD=0), or rows are longer than the 8 MiB stage (n > 20;
 * the JS loops are memory-bound there too). Rows are staged through the instance a chunk at a time; it is an instance
 * of its own, so its memory never touches the engine's workspace (which may hold a state waiting for its gradient).
 */
export function simdWalsh(dim: number): ((v: Float64Array) => void) | null {
  if (!executionPolicy().simd || dim > WALSH_STAGE) return null;
  if (walshInstance === undefined) {
    const mod = simdModule();
    walshInstance = mod ? (simdInstance(mod) as unknown as typeof walshInstance) : null;
  }
  const w = walshInstance;
  if (!w) return null;
  const chunk = dim * Math.floor(WALSH_STAGE / dim);
  return (v) => {
    const need = 8 * Math.min(chunk, v.length),
      have = w.memory.buffer.byteLength;
    if (need > have) w.memory.grow(Math.ceil((need - have) / 65536));
    const stage = new Float64Array(w.memory.buffer, 0, need / 8);
    for (let at = 0; at < v.length; at += chunk) {
      const part = v.subarray(at, Math.min(at + chunk, v.length));
      stage.set(part);
      w.walsh(0, dim, part.length / dim);
      part.set(stage.subarray(0, part.length));
    }
  };
}

/** Sets the CPU engine's state precision for what follows (null: back to PLATEAU_CPU_PRECISION, default float64). */
export function setCpuPrecision(p: Precision | null): void {
  setExecutionPolicy({ cpuPrecision: p ?? undefined });
}

/** The CPU engine's state precision: the execution policy's (setCpuPrecision, else PLATEAU_CPU_PRECISION, else float64). */
export function cpuPrecision(): Precision {
  return executionPolicy().cpuPrecision;
}

/** The kernel set the engine uses: SIMD when built and not disabled by PLATEAU_SIMD=0, else JS; in `precision`. */
export function activeKernels(precision: Precision = cpuPrecision()): KernelSet {
  const js = precision === 'float32' ? jsKernels32 : jsKernels;
  if (!executionPolicy().simd) return js;
  return simdKernels(precision) ?? js;
}

/** Which CPU kernels run, and why not SIMD when they are JS: for reports and benchmark lines. */
export function kernelsReport(): string {
  const k = activeKernels(),
    p = k.precision === 'float32' ? 'float32' : 'float64';
  if (k.name === 'simd') return `simd (wasm ${k.precision === 'float32' ? 'f32x4' : 'f64x2'})`;
  return !executionPolicy().simd ? `js ${p} (SIMD off: PLATEAU_SIMD=0)` : `js ${p} (${simdMissing})`;
}

/**
 * The CPU engine's hot kernels behind one interface, in two variants tested against each other: `js` (plain
 * TypeScript, kernels/*.ts) and `simd` (WebAssembly f64x2 built from simd/assembly/kernels.ts). A variant also owns
 * the per-row workspace the kernels run on: for `simd` these arrays are views into the wasm module's memory, so the
 * other (JS) kernels — diagonal layers, permutations, 4×4 gates — work on the same arrays unchanged.
 * `PLATEAU_SIMD=0` forces the JS variant.
 */
import { Mat2 } from '../../circuit/complex2';
import { applyMat2InPlace, mat2AdjointStep } from './kernels/mat2';
import { applyPauliRotInPlace, imTimesIPow, kappa, pauliRotAdjointStep } from './kernels/pauli';

export interface Workspace {
  re: Float64Array;
  im: Float64Array;
  lre: Float64Array;
  lim: Float64Array;
  /** 8 accumulators of the 2×2 gradient environment. */
  env: Float64Array;
}

export interface KernelSet {
  readonly name: 'js' | 'simd';
  mat2(target: number, controls: number, m: Mat2, re: Float64Array, im: Float64Array, nQubits: number): void;
  mat2Adjoint(target: number, controls: number, m: Mat2, ws: Workspace, nQubits: number): void;
  pauliRot(flip: number, zMask: number, nY: number, phi: number, re: Float64Array, im: Float64Array, nQubits: number): void;
  /** Returns Im⟨λ|P|ψ⟩ and uncomputes ψ, λ (ws) with exp(+iφP). */
  pauliRotAdjoint(flip: number, zMask: number, nY: number, phi: number, ws: Workspace, nQubits: number): number;
  /** Arrays for one row of 2^n amplitudes; contents are undefined. Valid until the next call. */
  workspace(dim: number): Workspace;
}

let jsWorkspace: Workspace | null = null;

export const jsKernels: KernelSet = {
  name: 'js',
  mat2: applyMat2InPlace,
  mat2Adjoint: (t, c, m, ws, n) => mat2AdjointStep(t, c, m, ws.re, ws.im, ws.lre, ws.lim, n, ws.env),
  pauliRot: (f, z, nY, phi, re, im) => applyPauliRotInPlace(f, z, nY, phi, re, im),
  pauliRotAdjoint: (f, z, nY, phi, ws) => pauliRotAdjointStep(f, z, nY, phi, ws.re, ws.im, ws.lre, ws.lim),
  workspace(dim) {
    if (!jsWorkspace || jsWorkspace.re.length !== dim) {
      const a = () => new Float64Array(dim);
      jsWorkspace = { re: a(), im: a(), lre: a(), lim: a(), env: new Float64Array(8) };
    }
    return jsWorkspace;
  },
};

interface WasmExports {
  memory: WebAssembly.Memory;
  mat2(t: number, c: number, n: number, re: number, im: number, ...m: number[]): void;
  mat2Adjoint(t: number, c: number, n: number, re: number, im: number, lre: number, lim: number, env: number, ...m: number[]): void;
  pauliRot(f: number, z: number, n: number, re: number, im: number, c: number, kr: number, ki: number): void;
  pauliRotAdjoint(f: number, z: number, n: number, re: number, im: number, lre: number, lim: number, out: number, c: number, kr: number, ki: number): void;
}

/** Layout of the wasm workspace: env (8 f64) at 0, a 2-f64 result at 64, then re, im, lre, lim from 128. */
const ARRAYS_AT = 128;

function makeSimdKernels(w: WasmExports): KernelSet {
  let ws: Workspace | null = null;
  let out: Float64Array;
  const ptr = (a: Float64Array) => a.byteOffset;
  return {
    name: 'simd',
    mat2: (t, c, m, re, im, n) => w.mat2(t, c, n, ptr(re), ptr(im), m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7]),
    mat2Adjoint: (t, c, m, s, n) =>
      w.mat2Adjoint(t, c, n, ptr(s.re), ptr(s.im), ptr(s.lre), ptr(s.lim), ptr(s.env), m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7]),
    pauliRot(f, z, nY, phi, re, im, n) {
      const [kr, ki] = kappa(nY, Math.sin(phi));
      w.pauliRot(f, z, n, ptr(re), ptr(im), Math.cos(phi), kr, ki);
    },
    pauliRotAdjoint(f, z, nY, phi, s, n) {
      const [kr, ki] = kappa(nY, -Math.sin(phi));
      w.pauliRotAdjoint(f, z, n, ptr(s.re), ptr(s.im), ptr(s.lre), ptr(s.lim), 64, Math.cos(phi), kr, ki);
      return imTimesIPow(nY, out[0], out[1]);
    },
    workspace(dim) {
      if (ws && ws.re.length === dim && ws.re.buffer === w.memory.buffer) return ws;
      const need = ARRAYS_AT + 4 * 8 * dim, have = w.memory.buffer.byteLength;
      if (need > have) w.memory.grow(Math.ceil((need - have) / 65536));
      const buf = w.memory.buffer, arr = (k: number) => new Float64Array(buf, ARRAYS_AT + k * 8 * dim, dim);
      ws = { env: new Float64Array(buf, 0, 8), re: arr(0), im: arr(1), lre: arr(2), lim: arr(3) };
      out = new Float64Array(buf, 64, 2);
      return ws;
    },
  };
}

let simd: KernelSet | null | undefined;
let simdMissing = '';
let wasmModule: WebAssembly.Module | null | undefined;

/** The compiled wasm module of the SIMD kernels (engine kernels and bench's bandwidth probes), or null. */
export function simdModule(): WebAssembly.Module | null {
  if (wasmModule !== undefined) return wasmModule;
  wasmModule = null;
  let bytes: Buffer;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    bytes = Buffer.from((require('./simd/kernels.generated') as { KERNELS_WASM_BASE64: string }).KERNELS_WASM_BASE64, 'base64');
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

/** The SIMD kernel set, or null when the wasm module was not built or cannot be instantiated here. */
export function simdKernels(): KernelSet | null {
  if (simd !== undefined) return simd;
  simd = null;
  const mod = simdModule();
  if (!mod) return null;
  try {
    simd = makeSimdKernels(new WebAssembly.Instance(mod, {}).exports as unknown as WasmExports);
  } catch (e) {
    simdMissing = `SIMD kernels failed to load: ${String((e as Error).message ?? e).split('\n')[0]}`;
  }
  return simd;
}

/** The kernel set the engine uses: SIMD when built and not disabled by PLATEAU_SIMD=0, else JS. */
export function activeKernels(): KernelSet {
  if (process.env.PLATEAU_SIMD === '0') return jsKernels;
  return simdKernels() ?? jsKernels;
}

/** Which CPU kernels run, and why not SIMD when they are JS: for reports and benchmark lines. */
export function kernelsReport(): string {
  const k = activeKernels();
  if (k.name === 'simd') return 'simd (wasm f64x2)';
  return process.env.PLATEAU_SIMD === '0' ? 'js (PLATEAU_SIMD=0)' : `js (${simdMissing})`;
}

/**
 * The CPU engine's hot kernels behind one interface, in two variants tested against each other: `js` (plain
 * TypeScript, kernels/*.ts) and `simd` (WebAssembly f64x2 built from simd/assembly/kernels.ts). A variant also owns
 * the per-row workspace the kernels run on: for `simd` these arrays are views into the wasm module's memory, so the
 * other (JS) kernels — diagonal layers, permutations, 4×4 gates — work on the same arrays unchanged.
 * `PLATEAU_SIMD=0` forces the JS variant.
 */
import { Mat2 } from '../../circuit/complex2';
import { applyBlockInPlace, blockAdjointStep } from './kernels/block';
import { applyMat2InPlace, mat2AdjointStep } from './kernels/mat2';
import { applyPauliRotInPlace, imTimesIPow, kappa, pauliRotAdjointStep } from './kernels/pauli';

export interface Workspace {
  re: Float64Array;
  im: Float64Array;
  lre: Float64Array;
  lim: Float64Array;
  /** 8 accumulators of the 2×2 gradient environment. */
  env: Float64Array;
  /** 2·4^k accumulators of a dense block's environment (k ≤ 3), interleaved complex, row-major. */
  blockEnv: Float64Array;
}

export interface KernelSet {
  readonly name: 'js' | 'simd';
  mat2(target: number, controls: number, m: Mat2, re: Float64Array, im: Float64Array, nQubits: number): void;
  mat2Adjoint(target: number, controls: number, m: Mat2, ws: Workspace, nQubits: number): void;
  pauliRot(flip: number, zMask: number, nY: number, phi: number, re: Float64Array, im: Float64Array, nQubits: number): void;
  /** ψ ← Uψ for a dense 2^k × 2^k block on the qubits of index masks m_0 > m_1 > … (kernels/block.ts). */
  block(masks: readonly number[], u: Float64Array, re: Float64Array, im: Float64Array, nQubits: number): void;
  /** Uncomputes ψ, λ (ws) with U† and adds the block's environment to ws.blockEnv. */
  blockAdjoint(masks: readonly number[], u: Float64Array, ws: Workspace, nQubits: number): void;
  /** Returns Im⟨λ|P|ψ⟩ and uncomputes ψ, λ (ws) with exp(+iφP). */
  pauliRotAdjoint(flip: number, zMask: number, nY: number, phi: number, ws: Workspace, nQubits: number): number;
  /** Arrays for one row of 2^n amplitudes; contents are undefined. Valid until the next call. */
  workspace(dim: number): Workspace;
}

let jsWorkspace: Workspace | null = null;
let epoch = 0;

/**
 * A counter bumped whenever a workspace is handed out (or its contents are consumed): a caller that left a state in
 * the workspace compares it with the value it saw to know whether the state is still there.
 */
export function workspaceEpoch(): number {
  return epoch;
}

export function touchWorkspace(): void {
  epoch++;
}

export const jsKernels: KernelSet = {
  name: 'js',
  mat2: applyMat2InPlace,
  mat2Adjoint: (t, c, m, ws, n) => mat2AdjointStep(t, c, m, ws.re, ws.im, ws.lre, ws.lim, n, ws.env),
  pauliRot: (f, z, nY, phi, re, im) => applyPauliRotInPlace(f, z, nY, phi, re, im),
  pauliRotAdjoint: (f, z, nY, phi, ws) => pauliRotAdjointStep(f, z, nY, phi, ws.re, ws.im, ws.lre, ws.lim),
  block: (masks, u, re, im) => applyBlockInPlace(masks, u, re, im),
  blockAdjoint: (masks, u, ws) => blockAdjointStep(masks, u, ws.re, ws.im, ws.lre, ws.lim, ws.blockEnv),
  workspace(dim) {
    epoch++;
    if (!jsWorkspace || jsWorkspace.re.length !== dim) {
      const at = arrayOffsets(0, dim), buf = new ArrayBuffer(at[3] + 8 * dim), a = (k: number) => new Float64Array(buf, at[k], dim);
      jsWorkspace = { re: a(0), im: a(1), lre: a(2), lim: a(3), env: new Float64Array(8), blockEnv: new Float64Array(128) };
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
  block(k: number, m0: number, m1: number, m2: number, n: number, re: number, im: number, coef: number): void;
  blockAdjoint(k: number, m0: number, m1: number, m2: number, n: number, re: number, im: number, lre: number, lim: number, coef: number, env: number): void;
}

/**
 * Layout of the wasm memory (bytes): the 2×2 env (8 f64) at 0, a 2-f64 result at 64, a block's coefficients (64 pairs
 * of f64x2) at 1024 and its environment accumulators (as many) at 3072, then re, im, lre, lim from 8192.
 */
const OUT_AT = 64, COEF_AT = 1024, BLOCK_ENV_AT = 3072, ARRAYS_AT = 8192;

/**
 * Gap between the workspace's arrays: 17 cache lines, so re, im, lre and lim do not start at the same offset modulo
 * 4 KiB. Otherwise a load from lre[x] right after a store to re[x] (the adjoint kernels do this every iteration) is
 * taken for a dependence on that store ("4K aliasing") and stalls.
 */
const ARRAY_GAP = 17 * 64;

/** Byte offsets of the workspace's four arrays of `dim` f64 after `start`. */
function arrayOffsets(start: number, dim: number): number[] {
  return [0, 1, 2, 3].map((k) => start + k * (8 * dim + ARRAY_GAP));
}

/** (U†)_rc or U_rc as [re, im]. */
function entry(u: Float64Array, d: number, r: number, c: number, dagger: boolean): [number, number] {
  const k = 2 * (dagger ? c * d + r : r * d + c);
  return [u[k], dagger ? -u[k + 1] : u[k + 1]];
}

/**
 * The coefficients of U (or U† when `dagger`) in the block kernels' layouts (simd/blockSource.ts): 'A' (bit 0 not in
 * the block) per (r, c) the lanes (Re, Re), (Im, Im); 'B' per (pair row q, pair column p) the lane pairs Ar, Ai, Br, Bi.
 */
function blockCoefficients(u: Float64Array, d: number, dagger: boolean, bit0: boolean, out: Float64Array): void {
  if (!bit0) {
    for (let r = 0; r < d; r++)
      for (let c = 0; c < d; c++) {
        const [re, im] = entry(u, d, r, c, dagger), o = 4 * (r * d + c);
        out[o] = out[o + 1] = re;
        out[o + 2] = out[o + 3] = im;
      }
    return;
  }
  const P = d / 2;
  for (let q = 0; q < P; q++)
    for (let p = 0; p < P; p++) {
      const o = 8 * (q * P + p);
      const a0 = entry(u, d, 2 * q, 2 * p, dagger), a1 = entry(u, d, 2 * q + 1, 2 * p + 1, dagger);
      const b0 = entry(u, d, 2 * q, 2 * p + 1, dagger), b1 = entry(u, d, 2 * q + 1, 2 * p, dagger);
      out.set([a0[0], a1[0], a0[1], a1[1], b0[0], b1[0], b0[1], b1[1]], o);
    }
}

/** Adds the block kernels' environment accumulators (layout 'A' or 'B', see blockCoefficients) into M (interleaved). */
function addBlockEnv(acc: Float64Array, d: number, bit0: boolean, m: Float64Array): void {
  if (!bit0) {
    for (let e = 0; e < d * d; e++) {
      m[2 * e] += acc[4 * e] + acc[4 * e + 1];
      m[2 * e + 1] += acc[4 * e + 2] + acc[4 * e + 3];
    }
    return;
  }
  const P = d / 2, at = (r: number, c: number) => 2 * (r * d + c);
  for (let p = 0; p < P; p++)
    for (let q = 0; q < P; q++) {
      const o = 8 * (p * P + q);
      const e00 = at(2 * p, 2 * q), e11 = at(2 * p + 1, 2 * q + 1), e01 = at(2 * p, 2 * q + 1), e10 = at(2 * p + 1, 2 * q);
      m[e00] += acc[o]; m[e11] += acc[o + 1]; m[e00 + 1] += acc[o + 2]; m[e11 + 1] += acc[o + 3];
      m[e01] += acc[o + 4]; m[e10] += acc[o + 5]; m[e01 + 1] += acc[o + 6]; m[e10 + 1] += acc[o + 7];
    }
}

function makeSimdKernels(w: WasmExports): KernelSet {
  let ws: Workspace | null = null;
  let out: Float64Array, coef: Float64Array, benv: Float64Array;
  const ptr = (a: Float64Array) => a.byteOffset;
  const views = () => {
    out = new Float64Array(w.memory.buffer, OUT_AT, 2);
    coef = new Float64Array(w.memory.buffer, COEF_AT, 256);
    benv = new Float64Array(w.memory.buffer, BLOCK_ENV_AT, 256);
  };
  if (w.memory.buffer.byteLength < ARRAYS_AT) w.memory.grow(1);
  views();
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
      w.pauliRotAdjoint(f, z, n, ptr(s.re), ptr(s.im), ptr(s.lre), ptr(s.lim), OUT_AT, Math.cos(phi), kr, ki);
      return imTimesIPow(nY, out[0], out[1]);
    },
    block(masks, u, re, im, n) {
      const k = masks.length;
      blockCoefficients(u, 1 << k, false, masks[k - 1] === 1, coef);
      w.block(k, masks[0], masks[1], masks[2] ?? 0, n, ptr(re), ptr(im), COEF_AT);
    },
    blockAdjoint(masks, u, s, n) {
      const k = masks.length, d = 1 << k, bit0 = masks[k - 1] === 1;
      blockCoefficients(u, d, true, bit0, coef);
      benv.fill(0, 0, 4 * d * d);
      w.blockAdjoint(k, masks[0], masks[1], masks[2] ?? 0, n, ptr(s.re), ptr(s.im), ptr(s.lre), ptr(s.lim), COEF_AT, BLOCK_ENV_AT);
      addBlockEnv(benv, d, bit0, s.blockEnv);
    },
    workspace(dim) {
      epoch++;
      if (ws && ws.re.length === dim && ws.re.buffer === w.memory.buffer) return ws;
      const at = arrayOffsets(ARRAYS_AT, dim), need = at[3] + 8 * dim, have = w.memory.buffer.byteLength;
      if (need > have) w.memory.grow(Math.ceil((need - have) / 65536));
      const buf = w.memory.buffer, arr = (k: number) => new Float64Array(buf, at[k], dim);
      ws = { env: new Float64Array(buf, 0, 8), re: arr(0), im: arr(1), lre: arr(2), lim: arr(3), blockEnv: new Float64Array(128) };
      views();
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

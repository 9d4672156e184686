/**
 * The SIMD kernel sets (wasm built from simd/assembly: f64x2 kernels for float64, f32x4 for float32) over one wasm
 * instance, whose memory also holds the workspace, so the JS kernels (diagonal layers, permutations, 4×4 gates, and
 * float32 blocks) work on the same arrays unchanged. Memory layout, block coefficient layouts and the workspace's
 * anti-aliasing gap live here.
 */
import { kappa, imTimesIPow } from './kernels/pauli';
import { applyBlockInPlace, blockAdjointStep } from './kernels/block';
import type { KernelSet, Precision, Real, Workspace } from './kernelSet';
import { touchWorkspace } from './epoch';

/** Each kernel comes in two precisions with one signature (f-suffixed: float32); pointers are byte offsets. */
type Mat2Kernel = (t: number, c: number, n: number, re: number, im: number, ...m: number[]) => void;
/** `m`: U's 8 reals, or for the SU(2) variant its first row's 4. */
type Mat2AdjointKernel = (
  t: number,
  c: number,
  n: number,
  re: number,
  im: number,
  lre: number,
  lim: number,
  env: number,
  ...m: number[]
) => void;
type PauliKernel = (
  f: number,
  z: number,
  n: number,
  re: number,
  im: number,
  c: number,
  k: number,
  imag: number,
) => void;
type PauliAdjointKernel = (
  f: number,
  z: number,
  n: number,
  re: number,
  im: number,
  lre: number,
  lim: number,
  out: number,
  c: number,
  k: number,
  imag: number,
) => void;

export interface WasmExports {
  memory: WebAssembly.Memory;
  mat2: Mat2Kernel;
  mat2f: Mat2Kernel;
  mat2Adjoint: Mat2AdjointKernel;
  mat2Adjointf: Mat2AdjointKernel;
  mat2AdjointSU2: Mat2AdjointKernel;
  mat2AdjointSU2f: Mat2AdjointKernel;
  pauliRot: PauliKernel;
  pauliRotf: PauliKernel;
  pauliRotAdjoint: PauliAdjointKernel;
  pauliRotAdjointf: PauliAdjointKernel;
  block(k: number, m0: number, m1: number, m2: number, n: number, re: number, im: number, coef: number): void;
  blockAdjoint(
    k: number,
    m0: number,
    m1: number,
    m2: number,
    n: number,
    re: number,
    im: number,
    lre: number,
    lim: number,
    coef: number,
    env: number,
  ): void;
}

/**
 * Layout of the wasm memory (bytes): per thread that runs kernels on it, a scratch area (the calling thread's at 0, a
 * helper's at WORKER_SCRATCH): the 2×2 env (8 f64) at +0, a 2-f64 result at +64, a block's coefficients (64 pairs of
 * f64x2) at +1024 and its environment accumulators (as many) at +3072; then re, im, lre, lim from 16384.
 */
const OUT_AT = 64,
  COEF_AT = 1024,
  BLOCK_ENV_AT = 3072,
  ARRAYS_AT = 16384;
export const WORKER_SCRATCH = 8192;

/**
 * Gap between the workspace's arrays: 17 cache lines, so re, im, lre and lim do not start at the same offset modulo
 * 4 KiB. Otherwise a load from lre[x] right after a store to re[x] (the adjoint kernels do this every iteration) is
 * taken for a dependence on that store ("4K aliasing") and stalls.
 */
const ARRAY_GAP = 17 * 64;

/** Byte offsets of the workspace's four arrays of `dim` elements of `bytes` each after `start`. */
export function arrayOffsets(start: number, dim: number, bytes = 8): number[] {
  return [0, 1, 2, 3].map((k) => start + k * (bytes * dim + ARRAY_GAP));
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
        const [re, im] = entry(u, d, r, c, dagger),
          o = 4 * (r * d + c);
        out[o] = out[o + 1] = re;
        out[o + 2] = out[o + 3] = im;
      }
    return;
  }
  const P = d / 2;
  for (let q = 0; q < P; q++)
    for (let p = 0; p < P; p++) {
      const o = 8 * (q * P + p);
      const a0 = entry(u, d, 2 * q, 2 * p, dagger),
        a1 = entry(u, d, 2 * q + 1, 2 * p + 1, dagger);
      const b0 = entry(u, d, 2 * q, 2 * p + 1, dagger),
        b1 = entry(u, d, 2 * q + 1, 2 * p, dagger);
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
  const P = d / 2,
    at = (r: number, c: number) => 2 * (r * d + c);
  for (let p = 0; p < P; p++)
    for (let q = 0; q < P; q++) {
      const o = 8 * (p * P + q);
      const e00 = at(2 * p, 2 * q),
        e11 = at(2 * p + 1, 2 * q + 1),
        e01 = at(2 * p, 2 * q + 1),
        e10 = at(2 * p + 1, 2 * q);
      m[e00] += acc[o];
      m[e11] += acc[o + 1];
      m[e00 + 1] += acc[o + 2];
      m[e11 + 1] += acc[o + 3];
      m[e01] += acc[o + 4];
      m[e10] += acc[o + 5];
      m[e01 + 1] += acc[o + 6];
      m[e10 + 1] += acc[o + 7];
    }
}

/** The SIMD kernel set of one precision over the instance `w` (float32 blocks run the JS kernel on its arrays). */
export function makeSimdKernels(w: WasmExports, precision: Precision, scratch = 0): KernelSet {
  let ws: Workspace | null = null;
  let out: Float64Array, coef: Float64Array, benv: Float64Array;
  const ptr = (a: Real | Float64Array) => a.byteOffset;
  const OUT = scratch + OUT_AT,
    COEF = scratch + COEF_AT,
    BENV = scratch + BLOCK_ENV_AT;
  const views = () => {
    out = new Float64Array(w.memory.buffer, OUT, 2);
    coef = new Float64Array(w.memory.buffer, COEF, 256);
    benv = new Float64Array(w.memory.buffer, BENV, 256);
  };
  if (w.memory.buffer.byteLength < ARRAYS_AT) w.memory.grow(1);
  views();
  const f32 = precision === 'float32';
  const mat2 = f32 ? w.mat2f : w.mat2,
    mat2Adjoint = f32 ? w.mat2Adjointf : w.mat2Adjoint,
    mat2AdjointSU2 = f32 ? w.mat2AdjointSU2f : w.mat2AdjointSU2;
  const pauliRot = f32 ? w.pauliRotf : w.pauliRot,
    pauliRotAdjoint = f32 ? w.pauliRotAdjointf : w.pauliRotAdjoint;
  const bytes = f32 ? 4 : 8,
    Arr = f32 ? Float32Array : Float64Array;
  return {
    name: 'simd',
    precision,
    alloc: (len) => new Arr(len),
    mat2: (t, c, m, re, im, n) => mat2(t, c, n, ptr(re), ptr(im), m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7]),
    mat2Adjoint: (t, c, m, s, n, su2) =>
      su2
        ? mat2AdjointSU2(t, c, n, ptr(s.re), ptr(s.im), ptr(s.lre), ptr(s.lim), ptr(s.env), m[0], m[1], m[2], m[3])
        : mat2Adjoint(
            t,
            c,
            n,
            ptr(s.re),
            ptr(s.im),
            ptr(s.lre),
            ptr(s.lim),
            ptr(s.env),
            m[0],
            m[1],
            m[2],
            m[3],
            m[4],
            m[5],
            m[6],
            m[7],
          ),
    pauliRot(f, z, nY, phi, re, im, n) {
      const [kr, ki] = kappa(nY, Math.sin(phi)),
        imag = nY % 2 === 0;
      pauliRot(f, z, n, ptr(re), ptr(im), Math.cos(phi), imag ? ki : kr, imag ? 1 : 0);
    },
    pauliRotAdjoint(f, z, nY, phi, s, n) {
      const [kr, ki] = kappa(nY, -Math.sin(phi)),
        imag = nY % 2 === 0;
      pauliRotAdjoint(
        f,
        z,
        n,
        ptr(s.re),
        ptr(s.im),
        ptr(s.lre),
        ptr(s.lim),
        OUT,
        Math.cos(phi),
        imag ? ki : kr,
        imag ? 1 : 0,
      );
      return imTimesIPow(nY, out[0], out[1]);
    },
    block(masks, u, re, im, n) {
      if (f32) return applyBlockInPlace(masks, u, re, im);
      const k = masks.length;
      blockCoefficients(u, 1 << k, false, masks[k - 1] === 1, coef);
      w.block(k, masks[0], masks[1], masks[2] ?? 0, n, ptr(re), ptr(im), COEF);
    },
    blockAdjoint(masks, u, s, n) {
      if (f32) return blockAdjointStep(masks, u, s.re, s.im, s.lre, s.lim, s.blockEnv);
      const k = masks.length,
        d = 1 << k,
        bit0 = masks[k - 1] === 1;
      blockCoefficients(u, d, true, bit0, coef);
      benv.fill(0, 0, 4 * d * d);
      w.blockAdjoint(k, masks[0], masks[1], masks[2] ?? 0, n, ptr(s.re), ptr(s.im), ptr(s.lre), ptr(s.lim), COEF, BENV);
      addBlockEnv(benv, d, bit0, s.blockEnv);
    },
    workspace(dim) {
      touchWorkspace();
      if (ws && ws.re.length === dim && ws.re.buffer === w.memory.buffer) return ws;
      const at = arrayOffsets(ARRAYS_AT, dim, bytes),
        need = at[3] + bytes * dim,
        have = w.memory.buffer.byteLength;
      if (need > have) w.memory.grow(Math.ceil((need - have) / 65536));
      const buf = w.memory.buffer,
        arr = (k: number) => new Arr(buf, at[k], dim);
      ws = {
        env: new Float64Array(buf, scratch, 8),
        re: arr(0),
        im: arr(1),
        lre: arr(2),
        lim: arr(3),
        blockEnv: new Float64Array(128),
      };
      views();
      return ws;
    },
  };
}

/**
 * A workspace over arrays that another thread laid out in the shared memory of `w` (byte offsets of re, im, lre, lim),
 * with this thread's own env at `scratch`: how a helper thread runs kernels on the calling thread's state.
 */
export function workspaceAt(
  w: WasmExports,
  precision: Precision,
  offsets: number[],
  dim: number,
  scratch: number,
): Workspace {
  const buf = w.memory.buffer,
    Arr = precision === 'float32' ? Float32Array : Float64Array,
    arr = (k: number) => new Arr(buf, offsets[k], dim);
  return {
    env: new Float64Array(buf, scratch, 8),
    re: arr(0),
    im: arr(1),
    lre: arr(2),
    lim: arr(3),
    blockEnv: new Float64Array(128),
  };
}

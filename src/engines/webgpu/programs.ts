/**
 * WGSL compute programs of plateau's webgpu kernels, in tfjs-backend-webgpu's program format (WebGPUProgram): tfjs
 * prepends bindings (`result`, one read-only array per variable name), a `uniforms` struct (shapes, then the fields
 * listed in `uniforms`) and `_start`, which calls `main(index)` with the flat invocation index. Sizes and bit positions
 * are uniforms, so one compiled pipeline serves every n, batch and target. Amplitude pairs (i0, i0 + 2^k) are
 * enumerated by inserting a zero bit at k into the pair index; a chunked reduction gives one workgroup per
 * (row, chunk) and sums in workgroup memory, and the caller adds the chunks.
 */

/** The fields of tfjs-backend-webgpu's WebGPUProgram that plateau sets. */
export interface GpuProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  variableNames: string[];
  workgroupSize: [number, number, number];
  uniforms: string;
  getUserCode(): string;
}

/** Uniform values in the order of `GpuProgram.uniforms`. */
export type Uniforms = { type: 'int32' | 'float32'; data: number[] }[];

export const ELEMENTWISE_WG = 256;
export const REDUCE_WG = 64;
/** Terms of a diagonal layer reduced per PlateauPhaseCoefGrad dispatch (private accumulators). */
export const PHASE_TERMS_PER_PASS = 32;

const PAIR_BASE = `
fn pairBase(r : i32, k : i32) -> i32 {
  let lo = r & ((1 << u32(k)) - 1);
  return ((r >> u32(k)) << u32(k + 1)) | lo;
}
fn parityOdd(v : i32) -> bool { return (countOneBits(v) & 1) == 1; }
fn reduceAngle(a : f32) -> f32 {
  // WGSL guarantees cos/sin accuracy only on [−π, π].
  return a - 6.283185307179586 * round(a * 0.15915494309189535);
}`;

export function program(
  key: string,
  outputShape: number[],
  variableNames: string[],
  uniforms: string,
  threads: number,
  wg: number,
  body: string,
): GpuProgram {
  return {
    outputShape,
    shaderKey: `plateau_${key}`,
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.max(1, Math.ceil(threads / wg)), 1, 1],
    variableNames,
    workgroupSize: [wg, 1, 1],
    uniforms,
    getUserCode: () => `${PAIR_BASE}\n${body}`,
  };
}

/** Per-row U (or Uᵀ) on the pairs of bit `k` = n−1−target: one invocation per pair. */
export function mat2Program(B: number, D: number): GpuProgram {
  return program(
    'mat2',
    [2, B, D],
    ['psi', 'umat'],
    'nPairs : i32, logL : i32, logD : i32, plane : i32, controls : i32, transposed : i32, matRows : i32,',
    (B * D) / 2,
    ELEMENTWISE_WG,
    `
fn matRow(m : i32, r : i32) -> vec4<f32> {
  if (uniforms.transposed == 1) { return vec4<f32>(umat[m + r], umat[m + 4 + r], umat[m + 8 + r], umat[m + 12 + r]); }
  return vec4<f32>(umat[m + 4 * r], umat[m + 4 * r + 1], umat[m + 4 * r + 2], umat[m + 4 * r + 3]);
}
fn main(index : i32) {
  if (index >= uniforms.nPairs) { return; }
  let o0 = pairBase(index, uniforms.logL);
  let o1 = o0 + (1 << u32(uniforms.logL));
  let p = uniforms.plane;
  let v = vec4<f32>(psi[o0], psi[o1], psi[p + o0], psi[p + o1]);
  var w = v;
  let i0 = o0 & ((1 << u32(uniforms.logD)) - 1);
  if ((i0 & uniforms.controls) == uniforms.controls) {
    let m = select(0, o0 >> u32(uniforms.logD), uniforms.matRows > 1) * 16;
    w = vec4<f32>(dot(matRow(m, 0), v), dot(matRow(m, 1), v), dot(matRow(m, 2), v), dot(matRow(m, 3), v));
  }
  result[o0] = w.x;
  result[o1] = w.y;
  result[p + o0] = w.z;
  result[p + o1] = w.w;
}`,
  );
}

/** Reduction geometry: chunks per row so that each workgroup has ≥ 16 items per lane and there are ≤ 65535 groups. */
export function chunking(itemsPerRow: number, rows: number): { chunk: number; nChunks: number; nGroups: number } {
  let nChunks = 1;
  while (itemsPerRow / (nChunks * 2) >= REDUCE_WG * 16 && rows * nChunks * 2 <= 65535) nChunks *= 2;
  return { chunk: itemsPerRow / nChunks, nChunks, nGroups: rows * nChunks };
}

/** Σ over the pairs of one (row, chunk) of cot ⊗ ψ: [nGroups, 16]. */
export function mat2OuterProgram(nGroups: number): GpuProgram {
  return program(
    'mat2outer',
    [nGroups, 16],
    ['psi', 'cot'],
    'logL : i32, logD : i32, plane : i32, controls : i32, chunk : i32, nChunks : i32, nGroups : i32,',
    nGroups * REDUCE_WG,
    REDUCE_WG,
    `
var<workgroup> part : array<vec4<f32>, ${4 * REDUCE_WG}>;
fn main(index : i32) {
  let wg = index / ${REDUCE_WG};
  let lane = index % ${REDUCE_WG};
  let valid = wg < uniforms.nGroups;
  let start = wg * uniforms.chunk;
  let stop = select(start, start + uniforms.chunk, valid);
  let L = 1 << u32(uniforms.logL);
  let p = uniforms.plane;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  for (var r = start + lane; r < stop; r = r + ${REDUCE_WG}) {
    let o0 = pairBase(r, uniforms.logL);
    if (((o0 & ((1 << u32(uniforms.logD)) - 1)) & uniforms.controls) == uniforms.controls) {
      let o1 = o0 + L;
      let v = vec4<f32>(psi[o0], psi[o1], psi[p + o0], psi[p + o1]);
      let g = vec4<f32>(cot[o0], cot[o1], cot[p + o0], cot[p + o1]);
      a0 = a0 + g.x * v;
      a1 = a1 + g.y * v;
      a2 = a2 + g.z * v;
      a3 = a3 + g.w * v;
    }
  }
  part[4 * lane] = a0;
  part[4 * lane + 1] = a1;
  part[4 * lane + 2] = a2;
  part[4 * lane + 3] = a3;
  workgroupBarrier();
  for (var s = ${REDUCE_WG / 2}; s > 0; s = s >> 1u) {
    if (lane < s) {
      for (var k = 0; k < 4; k = k + 1) { part[4 * lane + k] = part[4 * lane + k] + part[4 * (lane + s) + k]; }
    }
    workgroupBarrier();
  }
  if (valid && lane < 4) {
    let a = part[lane];
    result[wg * 16 + 4 * lane] = a.x;
    result[wg * 16 + 4 * lane + 1] = a.y;
    result[wg * 16 + 4 * lane + 2] = a.z;
    result[wg * 16 + 4 * lane + 3] = a.w;
  }
}`,
  );
}

/** Gather along the last axis through a bit map (an involution, so it is its own gradient). */
export function bitPermuteProgram(shape: number[]): GpuProgram {
  const total = shape.reduce((a, b) => a * b, 1);
  return program(
    'bitperm',
    shape,
    ['src'],
    'total : i32, rowMask : i32, controls : i32, flip : i32, parity : i32,',
    total,
    ELEMENTWISE_WG,
    `
fn main(index : i32) {
  if (index >= uniforms.total) { return; }
  let i = index & uniforms.rowMask;
  var j = i;
  if ((i & uniforms.controls) == uniforms.controls && (uniforms.parity == 0 || parityOdd(i & uniforms.parity))) { j = i ^ uniforms.flip; }
  result[index] = src[index - i + j];
}`,
  );
}

/** Diagonal layer: φ from the term masks, then multiplication by e^{−i·sign·φ}; one invocation per amplitude. */
export function phaseProgram(B: number, D: number): GpuProgram {
  return program(
    'phase',
    [2, B, D],
    ['psi', 'coef', 'masks'],
    'total : i32, logD : i32, nTerms : i32, coefRows : i32, phaseSign : f32,',
    B * D,
    ELEMENTWISE_WG,
    `
fn main(index : i32) {
  if (index >= uniforms.total) { return; }
  let x = index & ((1 << u32(uniforms.logD)) - 1);
  let cb = select(0, index >> u32(uniforms.logD), uniforms.coefRows > 1) * uniforms.nTerms;
  var ph = 0.0;
  for (var k = 0; k < uniforms.nTerms; k = k + 1) {
    let c = coef[cb + k];
    ph = select(ph + c, ph - c, parityOdd(x & masks[k]));
  }
  ph = reduceAngle(uniforms.phaseSign * ph);
  let cs = cos(ph);
  let sn = sin(ph);
  let re = psi[index];
  let im = psi[uniforms.total + index];
  result[index] = re * cs + im * sn;
  result[uniforms.total + index] = im * cs - re * sn;
}`,
  );
}

/** Σ over one (row, chunk) of (dy_re·y_im − dy_im·y_re)·(−1)^{|x & mask_k|} for up to 32 terms k0 … k0+kCount−1. */
export function phaseCoefGradProgram(nGroups: number, kCount: number): GpuProgram {
  const T = PHASE_TERMS_PER_PASS;
  return program(
    'phasegrad',
    [nGroups, kCount],
    ['y', 'cot', 'masks'],
    'logD : i32, plane : i32, chunk : i32, nGroups : i32, k0 : i32, kCount : i32,',
    nGroups * REDUCE_WG,
    REDUCE_WG,
    `
var<workgroup> part : array<f32, ${T * REDUCE_WG}>;
fn main(index : i32) {
  let wg = index / ${REDUCE_WG};
  let lane = index % ${REDUCE_WG};
  let valid = wg < uniforms.nGroups;
  let start = wg * uniforms.chunk;
  let stop = select(start, start + uniforms.chunk, valid);
  let p = uniforms.plane;
  var acc : array<f32, ${T}>;
  for (var k = 0; k < ${T}; k = k + 1) { acc[k] = 0.0; }
  for (var e = start + lane; e < stop; e = e + ${REDUCE_WG}) {
    let x = e & ((1 << u32(uniforms.logD)) - 1);
    let g = cot[e] * y[p + e] - cot[p + e] * y[e];
    for (var k = 0; k < uniforms.kCount; k = k + 1) {
      acc[k] = acc[k] + select(g, -g, parityOdd(x & masks[uniforms.k0 + k]));
    }
  }
  for (var k = 0; k < ${T}; k = k + 1) { part[${T} * lane + k] = acc[k]; }
  workgroupBarrier();
  for (var s = ${REDUCE_WG / 2}; s > 0; s = s >> 1u) {
    if (lane < s) {
      for (var k = 0; k < ${T}; k = k + 1) { part[${T} * lane + k] = part[${T} * lane + k] + part[${T} * (lane + s) + k]; }
    }
    workgroupBarrier();
  }
  if (valid && lane < uniforms.kCount) { result[wg * uniforms.kCount + lane] = part[lane]; }
}`,
  );
}

const PAULI_R = `
fn pauliR(e : i32, x : i32) -> vec2<f32> {
  let src = e - x + (x ^ uniforms.flip);
  let sg = select(1.0, -1.0, parityOdd((x ^ uniforms.signXor) & uniforms.zMask));
  let g = sg * vec2<f32>(psi[src], psi[uniforms.plane + src]);
  switch (uniforms.rho) {
    case 1: { return vec2<f32>(-g.y, g.x); }
    case 2: { return -g; }
    case 3: { return vec2<f32>(g.y, -g.x); }
    default: { return g; }
  }
}
fn angle(e : i32) -> f32 { return reduceAngle(phi[select(0, e >> u32(uniforms.logD), uniforms.phiRows > 1)]); }`;
const PAULI_UNIFORMS = 'logD : i32, plane : i32, flip : i32, zMask : i32, signXor : i32, rho : i32, phiRows : i32,';

/** exp(−iφP): cos φ·ψ + sin φ·Rψ, one invocation per amplitude. */
export function pauliProgram(B: number, D: number): GpuProgram {
  return program(
    'pauli',
    [2, B, D],
    ['psi', 'phi'],
    `${PAULI_UNIFORMS} total : i32,`,
    B * D,
    ELEMENTWISE_WG,
    `${PAULI_R}
fn main(index : i32) {
  if (index >= uniforms.total) { return; }
  let a = angle(index);
  let r = pauliR(index, index & ((1 << u32(uniforms.logD)) - 1));
  result[index] = cos(a) * psi[index] + sin(a) * r.x;
  result[uniforms.plane + index] = cos(a) * psi[uniforms.plane + index] + sin(a) * r.y;
}`,
  );
}

/** Σ over one (row, chunk) of cot · (−sin φ·ψ + cos φ·Rψ): [nGroups, 1]. */
export function pauliPhiGradProgram(nGroups: number): GpuProgram {
  return program(
    'pauligrad',
    [nGroups, 1],
    ['psi', 'cot', 'phi'],
    `${PAULI_UNIFORMS} chunk : i32, nGroups : i32,`,
    nGroups * REDUCE_WG,
    REDUCE_WG,
    `${PAULI_R}
var<workgroup> part : array<f32, ${REDUCE_WG}>;
fn main(index : i32) {
  let wg = index / ${REDUCE_WG};
  let lane = index % ${REDUCE_WG};
  let valid = wg < uniforms.nGroups;
  let start = wg * uniforms.chunk;
  let stop = select(start, start + uniforms.chunk, valid);
  let p = uniforms.plane;
  var acc = 0.0;
  for (var e = start + lane; e < stop; e = e + ${REDUCE_WG}) {
    let a = angle(e);
    let r = pauliR(e, e & ((1 << u32(uniforms.logD)) - 1));
    acc = acc + cot[e] * (cos(a) * r.x - sin(a) * psi[e]) + cot[p + e] * (cos(a) * r.y - sin(a) * psi[p + e]);
  }
  part[lane] = acc;
  workgroupBarrier();
  for (var s = ${REDUCE_WG / 2}; s > 0; s = s >> 1u) {
    if (lane < s) { part[lane] = part[lane] + part[lane + s]; }
    workgroupBarrier();
  }
  if (valid && lane == 0) { result[wg] = part[0]; }
}`,
  );
}

/** |ψ|² per amplitude: [2, B, D] → [B, D]. */
export function bornProgram(B: number, D: number): GpuProgram {
  return program(
    'born',
    [B, D],
    ['psi'],
    'total : i32,',
    B * D,
    ELEMENTWISE_WG,
    `
fn main(index : i32) {
  if (index >= uniforms.total) { return; }
  let re = psi[index];
  let im = psi[uniforms.total + index];
  result[index] = re * re + im * im;
}`,
  );
}

/** 2·ψ·dy: [2, B, D]. */
export function bornGradProgram(B: number, D: number): GpuProgram {
  return program(
    'borngrad',
    [2, B, D],
    ['psi', 'cot'],
    'total : i32,',
    B * D,
    ELEMENTWISE_WG,
    `
fn main(index : i32) {
  if (index >= uniforms.total) { return; }
  let g = 2.0 * cot[index];
  result[index] = g * psi[index];
  result[uniforms.total + index] = g * psi[uniforms.total + index];
}`,
  );
}

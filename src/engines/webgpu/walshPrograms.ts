/**
 * WGSL programs of the Walsh–Hadamard transform (PlateauWalsh): the low 9 butterfly rounds of every 512-value tile in
 * workgroup memory, then one pass per further bit (pairs (i0, i0 + 2^k), one invocation each). The transform of a row
 * of 2^n values takes 1 + max(0, n − 9) passes over memory. Program format: programs.ts.
 */
import { ELEMENTWISE_WG, GpuProgram, program } from './programs';

export const WALSH_TILE = 512;

/** The low log2(tile) butterfly rounds of a WHT in workgroup memory, one workgroup per tile of ≤ 512 values. */
export function walshLocalProgram(B: number, D: number): GpuProgram {
  const tile = Math.min(D, WALSH_TILE),
    nTiles = (B * D) / tile;
  const wg = WALSH_TILE / 2;
  return program(
    'walshlocal',
    [B, D],
    ['src'],
    'tile : i32, nTiles : i32,',
    nTiles * wg,
    wg,
    `
var<workgroup> buf : array<f32, ${WALSH_TILE}>;
fn main(index : i32) {
  let wg = index / ${wg};
  let lane = index % ${wg};
  let valid = wg < uniforms.nTiles;
  let base = wg * uniforms.tile;
  if (valid && lane < uniforms.tile) { buf[lane] = src[base + lane]; }
  if (valid && lane + ${wg} < uniforms.tile) { buf[lane + ${wg}] = src[base + lane + ${wg}]; }
  workgroupBarrier();
  for (var h = 1; h < uniforms.tile; h = h << 1u) {
    if (lane < (uniforms.tile >> 1u)) {
      let i0 = pairBase(lane, i32(countTrailingZeros(u32(h))));
      let a = buf[i0];
      let c = buf[i0 + h];
      buf[i0] = a + c;
      buf[i0 + h] = a - c;
    }
    workgroupBarrier();
  }
  if (valid && lane < uniforms.tile) { result[base + lane] = buf[lane]; }
  if (valid && lane + ${wg} < uniforms.tile) { result[base + lane + ${wg}] = buf[lane + ${wg}]; }
}`,
  );
}

/** One butterfly round of a WHT on bit k ≥ log2(512), one invocation per pair. */
export function walshRoundProgram(B: number, D: number): GpuProgram {
  return program(
    'walshround',
    [B, D],
    ['src'],
    'nPairs : i32, k : i32,',
    (B * D) / 2,
    ELEMENTWISE_WG,
    `
fn main(index : i32) {
  if (index >= uniforms.nPairs) { return; }
  let i0 = pairBase(index, uniforms.k);
  let i1 = i0 + (1 << u32(uniforms.k));
  let a = src[i0];
  let c = src[i1];
  result[i0] = a + c;
  result[i1] = a - c;
}`,
  );
}

/**
 * The machine's bandwidth roofline, measured the way STREAM does: copy (a[i] = b[i], 16 bytes per element) and triad
 * (a[i] = b[i] + s·c[i], 24 bytes), in wasm SIMD (the probes of simd/assembly/stream.ts, in a wasm instance of their
 * own so the engine's memory does not grow) and in plain JS loops, on arrays that fit in cache or far exceed it.
 * Workloads compare their effective bandwidth with the copy roofline at their own working set (`copyAt`): an in-place
 * gate reads and writes each byte of the state once, as copy does.
 */
import { simdInstance, simdModule } from '../engines/cpu/kernelSet';

export type StreamKernel = 'copy' | 'triad';
export type StreamImpl = 'simd' | 'js';

export interface RooflinePoint {
  bench: 'roofline';
  kernel: StreamKernel;
  impl: StreamImpl;
  /** Bytes per array. */
  array_bytes: number;
  where: 'cache' | 'memory';
  gb_per_s: number;
}

/** Array lengths (f64): 32 KiB per array (L1/L2), and 64 MiB per array (beyond any L3 of today's CPUs). */
export const IN_CACHE_LEN = 1 << 12;
export const OUT_OF_CACHE_LEN = 1 << 23;

const BYTES_PER_ELEMENT: Record<StreamKernel, number> = { copy: 16, triad: 24 };

interface StreamExports {
  memory: WebAssembly.Memory;
  streamCopy(dst: number, src: number, len: number): void;
  streamTriad(a: number, b: number, c: number, s: number, len: number): void;
}

function jsCopy(a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i] = b[i];
}

function jsTriad(a: Float64Array, b: Float64Array, c: Float64Array, s: number): void {
  for (let i = 0; i < a.length; i++) a[i] = b[i] + s * c[i];
}

/** One kernel on three arrays of `len` f64 (copy uses two); returns a function that runs it once. */
function runner(kernel: StreamKernel, impl: StreamImpl, len: number): (() => void) | null {
  if (impl === 'js') {
    const a = new Float64Array(len).fill(0),
      b = new Float64Array(len).fill(1),
      c = new Float64Array(len).fill(2);
    return kernel === 'copy' ? () => jsCopy(a, b) : () => jsTriad(a, b, c, 0.5);
  }
  const mod = simdModule();
  if (!mod) return null;
  const w = simdInstance(mod) as unknown as StreamExports;
  const bytes = 8 * len,
    base = 1024,
    need = base + 3 * bytes;
  if (need > w.memory.buffer.byteLength) w.memory.grow(Math.ceil((need - w.memory.buffer.byteLength) / 65536));
  const [pa, pb, pc] = [0, 1, 2].map((k) => base + k * bytes);
  new Float64Array(w.memory.buffer, pa, len).fill(0); // touch every page before timing
  new Float64Array(w.memory.buffer, pb, len).fill(1);
  new Float64Array(w.memory.buffer, pc, len).fill(2);
  return kernel === 'copy' ? () => w.streamCopy(pa, pb, len) : () => w.streamTriad(pa, pb, pc, 0.5, len);
}

/** Median bandwidth (GB/s) over repetitions of ≥ 2 ms each (small arrays run many times per repetition). */
export function streamBandwidth(kernel: StreamKernel, impl: StreamImpl, len: number, budgetMs = 300): number | null {
  const run = runner(kernel, impl, len);
  if (!run) return null;
  // warm-up: page faults, and the JIT tiers of the JS loops (V8 optimises a hot closure after a few calls)
  for (let k = 0, t0 = performance.now(); k < 8 || performance.now() - t0 < 30; k++) run();
  let inner = 1;
  for (let t = 0; t < 2; inner *= 2) {
    const t0 = performance.now();
    for (let k = 0; k < inner; k++) run();
    t = performance.now() - t0;
    if (t >= 2) break;
  }
  const rates: number[] = [];
  const start = performance.now();
  while (rates.length < 5 || (rates.length < 50 && performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    for (let k = 0; k < inner; k++) run();
    rates.push((inner * len * BYTES_PER_ELEMENT[kernel]) / ((performance.now() - t0) * 1e6));
  }
  rates.sort((x, y) => x - y);
  return Number(rates[rates.length >> 1].toPrecision(4));
}

/** Copy and triad, SIMD and JS, in cache and out of cache. */
export function measureRoofline(): RooflinePoint[] {
  const out: RooflinePoint[] = [];
  for (const [where, len] of [
    ['cache', IN_CACHE_LEN],
    ['memory', OUT_OF_CACHE_LEN],
  ] as const)
    for (const impl of ['simd', 'js'] as const)
      for (const kernel of ['copy', 'triad'] as const) {
        const gb = streamBandwidth(kernel, impl, len);
        if (gb !== null) out.push({ bench: 'roofline', kernel, impl, array_bytes: 8 * len, where, gb_per_s: gb });
      }
  return out;
}

const copyCache = new Map<string, number | null>();

/**
 * The copy roofline at a working set of `bytes` (split over source and destination), measured once per size and
 * implementation: the bandwidth a workload touching that many bytes per pass could reach at best.
 */
export function copyAt(bytes: number, impl: StreamImpl): number | null {
  const len = Math.max(4, 2 ** Math.round(Math.log2(bytes / 16)));
  const key = `${impl}/${len}`;
  if (!copyCache.has(key)) copyCache.set(key, streamBandwidth('copy', impl, len, 200));
  return copyCache.get(key)!;
}

/**
 * Device-side benchmarks of the cuda engine (bench's gate workload): one dense one-qubit gate on a 2^n complex64
 * state, and the bandwidth roofline it is held against, a device-to-device copy of the same number of bytes. Both
 * count one read and one write of the state; the clock stops after cuCtxSynchronize. Timings: bench/workloads.ts timeIt.
 */
import { arg } from './args';
import { Launcher } from './launch';
import { session } from './runtime';

/** The bench's gate (bench/workloads.ts GATE), as complex64 coefficients of one row. */
const GATE = Float32Array.from([0.6, 0.1, 0.3, 0.2, -0.3, 0.2, 0.6, -0.1]);
const REPEATS = 10;

export interface DeviceTiming {
  /** Milliseconds per call of `run`. */
  time(run: () => void): Promise<{ ms_median: number; ms_min: number; reps: number }>;
}

/** Per-gate timing of mat2 over targets {0, n/2, n−1}, REPEATS rounds per timed call; bytes moved per gate. */
export async function cudaGateTiming(n: number, timeIt: DeviceTiming['time']) {
  const s = session(),
    dim = 2 ** n,
    L = new Launcher(s, 'complex64', 1, dim);
  const psi = s.driver.alloc(L.stateBytes, 'bench state'),
    coef = s.driver.alloc(GATE.byteLength, 'bench gate');
  try {
    s.driver.upload(coef, GATE);
    L.each('basis0', dim, [arg.buf(psi), arg.u32(dim)]);
    const targets = [0, n >> 1, n - 1].map((q) => 2 ** (n - 1 - q));
    const t = await timeIt(() => {
      for (let r = 0; r < REPEATS; r++)
        for (const stride of targets)
          L.each('mat2', dim / 2, [
            arg.buf(psi),
            arg.u32(dim),
            arg.u32(stride),
            arg.u32(0),
            arg.buf(coef),
            arg.u32(8),
            arg.i32(0),
          ]);
      s.driver.sync();
    });
    const per = REPEATS * targets.length;
    return { ms_median: t.ms_median / per, ms_min: t.ms_min / per, reps: t.reps, bytes: 2 * L.stateBytes };
  } finally {
    s.driver.free(psi);
    s.driver.free(coef);
  }
}

/** Timing of a device-to-device copy of a 2^n complex64 state (REPEATS per timed call); bytes moved per copy. */
export async function cudaCopyTiming(n: number, timeIt: DeviceTiming['time']) {
  const s = session(),
    bytes = 8 * 2 ** n;
  const a = s.driver.alloc(bytes, 'copy source'),
    b = s.driver.alloc(bytes, 'copy target');
  try {
    s.driver.zero(a);
    const t = await timeIt(() => {
      for (let r = 0; r < REPEATS; r++) s.driver.copy(b, a, bytes);
      s.driver.sync();
    });
    return { ms_median: t.ms_median / REPEATS, ms_min: t.ms_min / REPEATS, reps: t.reps, bytes: 2 * bytes };
  } finally {
    s.driver.free(a);
    s.driver.free(b);
  }
}

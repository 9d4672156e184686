/**
 * bench's figures against the machine (issue 21), on small sizes: the roofline's stream probes, and the CPU engine's
 * sweep figures — passes counted from the very program the engine runs, adjoint over forward, the share of the copy
 * roofline — printed in snake_case as every bench line (src/bench/keys.ts). Timings are only checked to be positive
 * and finite: speed is shown by `npm run bench`, not by tests.
 */
import { streamBandwidth } from '../../src/bench/roofline';
import { cpuSweepFigures } from '../../src/bench/sweeps';
import { snakeCaseKeys } from '../../src/bench/keys';
import { hepAnsatz } from '../../src/circuit/ansatz/hep';
import { hardwareEfficientAnsatz } from '../../src/circuit/ansatz/hardwareEfficient';
import { passCount, setTiling } from '../../src/engines/cpu/tiles';
import { cpuProgram } from '../../src/engines/engine';

const positive = (x: number | null) => x !== null && Number.isFinite(x) && x > 0;

test('stream probes: copy and triad bandwidths in JS, and in wasm SIMD where the kernels are built', () => {
  for (const kernel of ['copy', 'triad'] as const) {
    expect(positive(streamBandwidth(kernel, 'js', 1 << 10, 10))).toBe(true);
    const simd = streamBandwidth(kernel, 'simd', 1 << 10, 10);
    if (simd !== null) expect(positive(simd)).toBe(true);
  }
});

test.each([
  ['HEP', hepAnsatz(6, 2), 1],
  ['hardware-efficient (CX ladders)', hardwareEfficientAnsatz({ nQubits: 6, layers: 2 }), 3],
])(
  '%s sweeps: the engine program’s passes, adjoint over forward, the roofline share; snake_case keys',
  async (_name, circuit, batch) => {
    const s = await cpuSweepFigures(circuit, batch, 20);
    expect(s.passes_forward).toBe(cpuProgram(circuit).ops.length);
    expect(s.passes_per_step).toBe(3 * s.passes_forward);
    for (const x of [s.forward_ms, s.adjoint_ms, s.adjoint_over_forward, s.gb_per_s_forward, s.gb_per_s_adjoint])
      expect(positive(x)).toBe(true);
    expect(Math.abs(s.adjoint_over_forward / (s.adjoint_ms / s.forward_ms) - 1)).toBeLessThan(0.01); // both rounded to ≥ 3 digits
    expect(Math.abs(s.adjoint_over_forward_min / (s.adjoint_ms_min / s.forward_ms_min) - 1)).toBeLessThan(0.01);
    expect(s.forward_ms_min).toBeLessThanOrEqual(s.forward_ms);
    expect(s.adjoint_ms_min).toBeLessThanOrEqual(s.adjoint_ms);
    if (s.roofline_forward_gb_per_s !== null) expect(positive(s.pct_roofline_forward)).toBe(true);
    expect(snakeCaseKeys(s)).toEqual(s);
  },
);

test('sweeps count a tiled run as one pass over the state', async () => {
  const circuit = hepAnsatz(6, 2);
  setTiling({ bits: 3, minQubits: 0 });
  try {
    const s = await cpuSweepFigures(circuit, 1, 20);
    expect(s.passes_forward).toBe(passCount(cpuProgram(circuit)));
    expect(s.passes_forward).toBeLessThan(cpuProgram(circuit).ops.length);
  } finally {
    setTiling(null);
  }
});

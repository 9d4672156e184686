/**
 * The `fusion` bench workload. What each kind of pass costs the CPU engine, relative to its dense one-qubit gate at the
 * same n: the table the engine's fusion cost model (engines/cpu/fusePolicy.ts) is calibrated from; kernels run on a
 * unit-norm state with unitary matrices (a non-unitary matrix applied over and over would reach subnormal numbers and
 * time those). Then whole circuits unfused and fused: passes and sweep times.
 */
import { activeKernels } from '../engines/cpu/kernelSet';
import { DiagLayer } from '../engines/cpu/kernels/diag';
import { applyFlipInPlace, applySwapInPlace } from '../engines/cpu/kernels/perm';
import { applyMat4InPlace } from '../engines/cpu/kernels/mat4';
import { CPU_FUSE_COSTS } from '../engines/cpu/fusePolicy';
import { timeIt } from './workloads';
import { cpuSweepFigures } from './sweeps';
import { hepAnsatz } from '../circuit/ansatz/hep';
import { hardwareEfficientAnsatz } from '../circuit/ansatz/hardwareEfficient';
import { executionPolicy, setExecutionPolicy } from '../execution';

/** The d-point discrete Fourier transform, a unitary with no zero entries. */
function dft(d: number): Float64Array {
  const u = new Float64Array(2 * d * d);
  for (let r = 0; r < d; r++)
    for (let c = 0; c < d; c++) {
      u[2 * (r * d + c)] = Math.cos((2 * Math.PI * r * c) / d) / Math.sqrt(d);
      u[2 * (r * d + c) + 1] = Math.sin((2 * Math.PI * r * c) / d) / Math.sqrt(d);
    }
  return u;
}

export interface KernelCostResult {
  bench: 'fusion';
  qubits: number;
  kernels: string;
  mat2_us: number;
  /** Time of each pass kind over the 2×2 gate's, forward and (…_adjoint) backward; `model` is what fusePolicy assumes. */
  relative: Record<string, number>;
  model: Record<string, number>;
}

export async function kernelCosts(n: number): Promise<KernelCostResult> {
  const K = activeKernels(),
    dim = 2 ** n,
    ws = K.workspace(dim),
    h = n >> 1;
  for (const a of [ws.re, ws.im, ws.lre, ws.lim]) for (let i = 0; i < dim; i++) a[i] = Math.sin(i) / Math.sqrt(dim / 2);
  const masks = (qs: number[]) => qs.map((q) => 2 ** (n - 1 - q));
  const u2 = dft(2),
    u4 = dft(4),
    u8 = dft(8);
  // a layer of Z on every qubit and ZZ on every neighbour pair (an RZ layer and an RZZ layer fused)
  const layer = new DiagLayer(
    [
      ...Array.from({ length: n }, (_, q) => 2 ** (n - 1 - q)),
      ...Array.from({ length: n - 1 }, (_, q) => 3 * 2 ** (n - 2 - q)),
    ],
    n,
  );
  layer.setCoefficients(Float64Array.from({ length: 2 * n - 1 }, (_, i) => Math.sin(i)));
  const kernels: Record<string, () => void> = {
    mat2: () => K.mat2(h, 0, u2, ws.re, ws.im, n),
    pauli: () => K.pauliRot(3 * 2 ** (n - 2 - h), 2 ** (n - 1 - h), 1, 0.3, ws.re, ws.im, n),
    diag: () => layer.apply(ws.re, ws.im),
    flip: () => applyFlipInPlace(h, 2 ** (n - h), ws.re, ws.im, n),
    swap: () => applySwapInPlace(h, h + 1, ws.re, ws.im, n),
    mat4: () => applyMat4InPlace(h, h + 1, u4, ws.re, ws.im, n),
    block2: () => K.block(masks([h - 1, h]), u4, ws.re, ws.im, n),
    block3: () => K.block(masks([h - 1, h, h + 1]), u8, ws.re, ws.im, n),
    mat2_adjoint: () => K.mat2Adjoint(h, 0, u2, ws, n),
    block2_adjoint: () => K.blockAdjoint(masks([h - 1, h]), u4, ws, n),
    block3_adjoint: () => K.blockAdjoint(masks([h - 1, h, h + 1]), u8, ws, n),
  };
  const ms: Record<string, number> = {};
  for (const [name, run] of Object.entries(kernels))
    ms[name] = (await timeIt(run, { budgetMs: 400, minReps: 5, maxReps: 50 })).ms_median;
  const relative = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, Number((v / ms.mat2).toPrecision(3))]));
  return {
    bench: 'fusion',
    qubits: n,
    kernels: K.name,
    mat2_us: Number((ms.mat2 * 1000).toPrecision(4)),
    relative,
    model: { ...CPU_FUSE_COSTS },
  };
}

export interface FusionCompareResult {
  bench: 'fusion';
  circuit: string;
  qubits: number;
  /** PLATEAU_FUSE setting: off, 2, 3, or auto (what the engine runs by default). */
  fuse: string;
  passes_forward: number;
  forward_ms: number;
  adjoint_ms: number;
}

/**
 * One circuit's forward and adjoint sweeps (sweeps.ts) unfused, fused into blocks of ≤ 2 and ≤ 3 qubits, and as the
 * engine's cost model chooses: HEP (whose kernels are compute-bound, so fusing costs time) and a hardware-efficient
 * ansatz with CX ladders (whose CX, a JS kernel, fusion removes).
 */
export async function fusionCompare(n: number, batch = 1): Promise<FusionCompareResult[]> {
  const circuits = [hepAnsatz(n, 4), hardwareEfficientAnsatz({ nQubits: n, layers: 4 })];
  const out: FusionCompareResult[] = [];
  const saved = executionPolicy().fuse;
  try {
    for (const c of circuits)
      for (const fuse of ['off', 2, 3, 'auto'] as const) {
        setExecutionPolicy({ fuse });
        const s = await cpuSweepFigures(c, batch, 800);
        out.push({
          bench: 'fusion',
          circuit: c.name ?? '',
          qubits: n,
          fuse: String(fuse),
          passes_forward: s.passes_forward,
          forward_ms: s.forward_ms,
          adjoint_ms: s.adjoint_ms,
        });
      }
  } finally {
    setExecutionPolicy({ fuse: saved });
  }
  return out;
}

/**
 * Memory a scan point needs, checked for every point before a scan allocates anything: the engine's arrays for the
 * largest batch of rows (compute.ts drawChunks) and the loss side, float32 [rows, 2^n] arrays that tfjs and the
 * host hold at the peak of a loss with its gradient. That count, 18, was measured when a single MMD step at n = 22–24
 * peaked at about 17 of them beyond the engine's workspace and the process's own ~250 MB (`npm run bench -- --only mem
 * --mem-qubits 24`); since the exact MMD runs as one host op that step needs about 8, but 18 is kept for the batched
 * scan path: `bench --only scanvar --scanvar-qubits 20 --scanvar-draws 64` peaks at 565 MB against 780 MB printed.
 * Available memory is memory.ts's budget (PLATEAU_MEMORY_LIMIT, else a share of the free memory and a cgroup's room);
 * on the wasm backend the loss arrays must also fit the backend's 4 GiB heap.
 */
import * as tf from '@tensorflow/tfjs';
import { ConfigError } from '../../errors';
import { selectEngine } from '../../engines/engine';
import { cpuPrecision } from '../../engines/cpu/kernelSet';
import { cpuEngineMemory, WASM_MEMORY_LIMIT } from '../../engines/cpu/memory';
import { threadCount } from '../../engines/cpu/pool';
import { compilePlan } from '../../circuit/plan';
import { drawChunks, PointHooks } from './compute';
import { scanCircuit } from './ansatz';
import { scanPoints } from './points';
import { ScanSpec } from './spec';
import { memoryBudget } from '../../memory';

const LOSS_ARRAYS = 18;
const PROCESS_BYTES = 300 * 2 ** 20;

export interface PointMemory {
  n: number;
  rows: number;
  engine: string;
  engineBytes: number;
  lossBytes: number;
  total: number;
  /** Why the point cannot run whatever the machine, or null. */
  limit: string | null;
}

const gib = (b: number) => `${(b / 2 ** 30).toFixed(b < 2 ** 30 ? 2 : 1)} GiB`;

/** The memory one point at n qubits needs with this spec, on the active backend. */
export function pointMemory(spec: ScanSpec, n: number, layers: number | null, hooks: PointHooks = {}): PointMemory {
  // an IQP point holds no state vector (its masks and gradients are sized with the spec: pointMemory.ts)
  if (spec.ansatz === 'iqp')
    return { n, rows: spec.draws, engine: 'none', engineBytes: 0, lossBytes: 0, total: PROCESS_BYTES, limit: null };
  const dim = 2 ** n,
    rows = Math.max(
      ...drawChunks(spec.draws, n, spec.circuits, hooks.maxBatchAmplitudes).map((c) => c.rows[1] - c.rows[0]),
    );
  const engine = layers === null ? 'none' : selectEngine(spec.engine);
  let engineBytes = 0,
    limit: string | null = null;
  if (engine === 'cpu') {
    const m = cpuEngineMemory(n, rows, cpuPrecision(), threadCount());
    engineBytes = m.total;
    if (m.workspace + 8192 > WASM_MEMORY_LIMIT)
      limit = `its CPU workspace (${gib(m.workspace)}) exceeds the 4 GiB of a wasm memory`;
  } else if (engine === 'tensor') {
    // the tfjs tape keeps every op's state: (re, im) float32 per op and row
    const ops = compilePlan(scanCircuit(spec.ansatz, n, layers ?? 0, spec.seed, 0).circuit!).ops.length;
    engineBytes = ops * rows * dim * 8;
  }
  const lossBytes = LOSS_ARRAYS * 4 * rows * dim;
  if (!limit && tf.getBackend() === 'wasm' && lossBytes + (engine === 'tensor' ? engineBytes : 0) > WASM_MEMORY_LIMIT)
    limit = `its loss arrays (${gib(lossBytes)}) exceed the 4 GiB heap of the wasm backend`;
  return { n, rows, engine, engineBytes, lossBytes, total: PROCESS_BYTES + engineBytes + lossBytes, limit };
}

/** Memory this process may use, and where that figure comes from: the one budget of memory.ts. */
export function availableMemory(): { bytes: number; source: string } {
  const b = memoryBudget();
  return { bytes: b.native, source: b.source };
}

/**
 * Refuses, before anything is allocated, a scan with a point that would not fit: one line with the point, what it
 * needs, and what is available (`concurrent` points at once: --workers).
 */
export function checkScanMemory(spec: ScanSpec, concurrent = 1, hooks: PointHooks = {}): void {
  const avail = availableMemory();
  for (const p of scanPoints(spec)) {
    const m = pointMemory(spec, p.n, p.layers, hooks);
    const parts = `${m.engine === 'none' ? '' : `engine ${m.engine} ${gib(m.engineBytes)}, `}loss arrays ${gib(m.lossBytes)}, ${m.rows} row${m.rows === 1 ? '' : 's'} per batch`;
    if (m.limit)
      throw new ConfigError(
        `scan point n = ${p.n} cannot run here: ${m.limit} (it needs about ${gib(m.total)}: ${parts})`,
      );
    if (m.total * concurrent > avail.bytes)
      throw new ConfigError(
        `scan point n = ${p.n} needs about ${gib(m.total)}${concurrent > 1 ? ` × ${concurrent} workers` : ''} (${parts}); ${gib(avail.bytes)} available (${avail.source}). ` +
          'Lower the qubits or --workers, or set PLATEAU_MEMORY_LIMIT if this machine has more',
      );
  }
}

/**
 * The points of a scan and their relative cost. A point is one (n, depth): one circuit, one θ matrix [draws, P]
 * (seeded by deriveSeed(seed, "theta", n, layers), so no shard layout can change it), evaluated for every loss,
 * dataset and shot budget. Jobs take cost-balanced slices of the scan's task list (tasks.ts, studies/tasks/plan.ts).
 */
import { Depth, resolveDepth, scanCircuit } from './ansatz';
import { DATA_FREE_LOSSES } from './losses';
import { ScanSpec } from './spec';

export interface ScanPoint {
  /** Position in the canonical order (qubits ascending, then depths as listed). */
  index: number;
  n: number;
  depth: Depth;
  /** Resolved layers; null for Haar states. */
  layers: number | null;
}

/** All points of a spec in canonical order. */
export function scanPoints(spec: ScanSpec): ScanPoint[] {
  const out: ScanPoint[] = [];
  for (const n of spec.qubits)
    for (const depth of spec.depths)
      out.push({ index: out.length, n, depth, layers: spec.ansatz === 'iqp' ? null : resolveDepth(depth, n) });
  return out;
}

/** Loss evaluations at a point: (loss × datasets it reads) × shot budgets. */
export function evaluationsPerPoint(spec: ScanSpec): number {
  const dataFree = spec.losses.filter((l) => (DATA_FREE_LOSSES as readonly string[]).includes(l.loss)).length;
  return (dataFree + (spec.losses.length - dataFree) * spec.datasets.length) * spec.shots.length;
}

/**
 * Relative cost of a point: draws × 2^n × (gates + 1) × evaluations, times 3 with gradients (adjoint sweep), and the
 * 2·occurrences parameter-shift circuits when gradients come from shots.
 */
export function pointCost(spec: ScanSpec, p: ScanPoint): number {
  if (spec.ansatz === 'iqp')
    return (
      spec.draws *
      (spec.iqp?.masks ?? 1000) *
      p.n *
      spec.losses.length *
      spec.datasets.length *
      (spec.gradients ? 2 : 1)
    );
  const c = scanCircuit(spec.ansatz, p.n, p.layers, spec.seed).circuit;
  const gates = c ? c.gates.length : 0;
  const shotGrad = spec.gradients && c && spec.shots.some((s) => s !== 'exact') ? 2 * c.nParams : 0;
  return (
    spec.draws * 2 ** p.n * (gates + 1) * evaluationsPerPoint(spec) * (spec.gradients && c ? 3 : 1) * (1 + shotGrad)
  );
}

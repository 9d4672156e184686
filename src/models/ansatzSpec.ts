/**
 * Ansätze named as data, for configs, scans and command lines: `{"ansatz": "hep", "layers": "log2n"}`,
 * `{"ansatz": "hea", "layers": 3, "topology": "ring"}`, `{"ansatz": "liu-wang", "layers": 10, "tree": "chow-liu"}`, ….
 * Layer counts may be numbers or expressions in n ("n", "2n", "n/2", "log2n" = ⌈log₂ n⌉; circuit/ansatz/depth.ts).
 * `buildAnsatz(spec, n, ctx)` makes the circuit; the Chow–Liu tree is computed from the data distribution.
 */
import { z } from 'zod';
import { Circuit } from '../circuit/circuit';
import { allPauliAnsatz } from '../circuit/ansatz/allPauli';
import { hardwareEfficientAnsatz } from '../circuit/ansatz/hardwareEfficient';
import { hepAnsatz } from '../circuit/ansatz/hep';
import { liuWangAnsatz } from '../circuit/ansatz/liuWang';
import { mcCleanAnsatz } from '../circuit/ansatz/mcclean';
import { productAnsatz } from '../circuit/ansatz/product';
import { TOPOLOGIES, topologyPairs } from '../circuit/ansatz/topology';
import { LAYER_SYNTAX, resolveLayerCount } from '../circuit/ansatz/depth';
import { chowLiuTree } from '../data/stats';
import { QubitMap } from '../data/dataset';
import { ConfigError, zodConfigError } from '../errors';
import { createRng } from '../rng';
import { iqpCircuit } from './iqp/circuit';
import { iqpGeneratorsOf, iqpSpecSchema } from './iqp/spec';

/** A layer count as data: an integer or an expression in n (circuit/ansatz/depth.ts). */
export const layersSchema = z.union([
  z.number().int().nonnegative(),
  z.string().refine((v) => layerExpression(v), `expected ${LAYER_SYNTAX}`),
]);
const qubitPair = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);

export const ansatzSpecSchema = z.discriminatedUnion('ansatz', [
  z.strictObject({ ansatz: z.literal('product') }),
  z.strictObject({ ansatz: z.literal('hep'), layers: layersSchema }),
  z.strictObject({
    ansatz: z.literal('hea'),
    layers: layersSchema,
    topology: z.enum(TOPOLOGIES).optional(),
    rotations: z.array(z.enum(['rx', 'ry', 'rz', 'euler'])).min(1).optional(),
    entangler: z.enum(['cx', 'cz', 'rzz']).optional(),
  }),
  z.strictObject({ ansatz: z.literal('mcclean'), layers: layersSchema, seed: z.union([z.number(), z.string()]).optional() }),
  z.strictObject({ ansatz: z.literal('liu-wang'), layers: layersSchema, tree: z.union([z.enum(['chow-liu', 'line']), z.array(qubitPair)]).optional() }),
  z.strictObject({ ansatz: z.literal('all-pauli'), layers: layersSchema.optional(), seed: z.union([z.number(), z.string()]).optional() }),
  iqpSpecSchema,
]);
export type AnsatzSpec = z.infer<typeof ansatzSpecSchema>;
export const ANSATZ_NAMES = ['product', 'hep', 'hea', 'mcclean', 'liu-wang', 'all-pauli', 'iqp'] as const;

/** True for a layer expression that circuit/ansatz/depth.ts resolves. */
function layerExpression(v: string): boolean {
  try {
    resolveLayerCount(v, 2);
    return true;
  } catch {
    return false;
  }
}


/**
 * The scan's names for hardware-efficient circuits, read the same way in training configs: "hea-line" and "hea-ring"
 * are {"ansatz": "hea", "topology": "line" | "ring"} with the default rotations and entangler (what the scan builds).
 */
function withScanAnsatzNames(raw: unknown): unknown {
  const name = (raw as { ansatz?: unknown } | null)?.ansatz;
  if (name !== 'hea-line' && name !== 'hea-ring') return raw;
  const topology = name === 'hea-line' ? 'line' : 'ring';
  const given = (raw as { topology?: unknown }).topology;
  return { ...(raw as object), ansatz: 'hea', topology: given ?? topology };
}

export function parseAnsatzSpec(raw: unknown, where = 'model'): AnsatzSpec {
  const r = ansatzSpecSchema.safeParse(withScanAnsatzNames(raw));
  if (r.success) return r.data;
  const name = (raw as { ansatz?: unknown } | null)?.ansatz;
  if (typeof name !== 'string' || !(ANSATZ_NAMES as readonly string[]).includes(name))
    throw new ConfigError(`${where}.ansatz: unknown ansatz ${JSON.stringify(name)} (known: ${ANSATZ_NAMES.join(', ')}; hea-line and hea-ring as in scan)`);
  throw zodConfigError(r.error, where, raw);
}

/**
 * Layers and an upper bound on the gates of an ansatz on n qubits, without building it: what the memory check
 * (memory.ts) needs before a circuit of `layers: 1e6` is made. Every layered ansatz here has at most 4n gates per layer
 * plus a 4n-gate frame (measured: hep 1.8n, hea ≤ 3n, all-Pauli ≤ 3n per layer).
 */
export function ansatzSize(spec: AnsatzSpec, nQubits: number): { layers: number; gates: number } {
  if (spec.ansatz === 'product' || spec.ansatz === 'iqp') return { layers: 0, gates: spec.ansatz === 'product' ? 3 * nQubits : nQubits * nQubits };
  const layers = resolveLayerCount(spec.layers ?? 1, nQubits);
  return { layers, gates: (layers + 1) * 4 * nQubits };
}

/**
 * The circuit of an ansatz on n qubits. `data` (the target distribution, [2^n]) is needed for a Chow–Liu tree; `seed`
 * fixes random gate choices (McClean, all-Pauli) when the spec gives none.
 */
export function buildAnsatz(spec: AnsatzSpec, nQubits: number, ctx: { data?: ArrayLike<number>; seed?: number | string; qubitMap?: QubitMap } = {}): Circuit {
  switch (spec.ansatz) {
    case 'iqp': // the state-vector form of an IQP model (models/iqp/circuit.ts); large n trains without it
      return iqpCircuit(iqpGeneratorsOf(spec, nQubits, ctx.qubitMap));
    case 'product':
      return productAnsatz(nQubits);
    case 'hep':
      return hepAnsatz(nQubits, resolveLayerCount(spec.layers, nQubits));
    case 'hea':
      return hardwareEfficientAnsatz({ nQubits, layers: resolveLayerCount(spec.layers, nQubits), topology: spec.topology, rotations: spec.rotations, entangler: spec.entangler });
    case 'mcclean':
      return mcCleanAnsatz(nQubits, resolveLayerCount(spec.layers, nQubits), createRng(`mcclean/${spec.seed ?? ctx.seed ?? 0}`));
    case 'all-pauli':
      return allPauliAnsatz({ nQubits, layers: resolveLayerCount(spec.layers ?? 1, nQubits) }, createRng(`all-pauli/${spec.seed ?? ctx.seed ?? 0}`));
    case 'liu-wang': {
      const tree = spec.tree ?? 'chow-liu';
      let edges: [number, number][];
      if (tree === 'line') edges = topologyPairs('line', nQubits);
      else if (tree === 'chow-liu') {
        if (!ctx.data) throw new ConfigError('liu-wang ansatz: a Chow–Liu tree needs the data distribution');
        edges = chowLiuTree(ctx.data);
      } else edges = tree;
      for (const [a, b] of edges)
        if (a >= nQubits || b >= nQubits || a === b) throw new ConfigError(`liu-wang ansatz: edge [${a}, ${b}] is not two distinct qubits of ${nQubits}`);
      return liuWangAnsatz(nQubits, resolveLayerCount(spec.layers, nQubits), edges);
    }
  }
}

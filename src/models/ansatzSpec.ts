/**
 * Ansätze named as data, for configs, scans and command lines: `{"ansatz": "hep", "layers": "log2n"}`,
 * `{"ansatz": "hea", "layers": 3, "topology": "ring"}`, `{"ansatz": "liu-wang", "layers": 10, "tree": "chow-liu"}`, ….
 * Layer counts may be numbers or expressions in n ("n", "2n", "n/2", "log2n" = ⌈log₂ n⌉; circuit/ansatz/depth.ts).
 * `buildAnsatz(spec, n, ctx)` makes the circuit through the registry (ansatzRegistry.ts), which holds the names; this
 * file holds what is a config's own: the options schema, the Chow–Liu tree from the data, the IQP generators.
 */
import { z } from 'zod';
import { Circuit } from '../circuit/circuit';
import { Entangler, Rotation } from '../circuit/ansatz/hardwareEfficient';
import { Topology, TOPOLOGIES, topologyPairs } from '../circuit/ansatz/topology';
import { LAYER_SYNTAX, resolveLayerCount } from '../circuit/ansatz/depth';
import { chowLiuTree } from '../data/stats';
import { QubitMap } from '../data/dataset';
import { ConfigError, zodConfigError } from '../errors';
import { ansatzFor, ansatzNames, buildCircuit, findAnsatz, gateStream } from './ansatzRegistry';
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
/** The names a config takes (hea-line and hea-ring are stored as hea with their topology). */
export const ANSATZ_NAMES = ansatzNames('config');

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
 * A registry alias read as its canonical form: "hea-line" and "hea-ring" are {"ansatz": "hea", "topology": "line" |
 * "ring"} with the default rotations and entangler (what a scan builds); a topology given explicitly wins.
 */
function withAliasesResolved(raw: unknown): unknown {
  const alias = findAnsatz((raw as { ansatz?: unknown } | null)?.ansatz)?.aliasOf;
  if (!alias) return raw;
  const given = (raw as { topology?: unknown }).topology;
  return { ...(raw as object), ansatz: alias.name, topology: given ?? alias.topology };
}

export function parseAnsatzSpec(raw: unknown, where = 'model'): AnsatzSpec {
  const r = ansatzSpecSchema.safeParse(withAliasesResolved(raw));
  if (r.success) return r.data;
  const name = (raw as { ansatz?: unknown } | null)?.ansatz;
  ansatzFor(name, 'config', `${where}.ansatz`); // an unknown name, or not one for configs
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
  const e = ansatzFor(spec.ansatz, 'config', 'model.ansatz');
  const o: { ansatz: string; layers?: number | string; seed?: number | string; topology?: Topology; rotations?: Rotation[]; entangler?: Entangler } = spec;
  return buildCircuit(e, nQubits, {
    layers: e.layers === 'none' ? 0 : resolveLayerCount(o.layers ?? 1, nQubits),
    topology: o.topology, rotations: o.rotations, entangler: o.entangler,
    gates: gateStream(e, o.seed ?? ctx.seed ?? 0),
    edges: spec.ansatz === 'liu-wang' ? liuWangEdges(spec.tree ?? 'chow-liu', nQubits, ctx.data) : undefined,
    generators: spec.ansatz === 'iqp' ? iqpGeneratorsOf(spec, nQubits, ctx.qubitMap) : undefined, // the state-vector form of an IQP model; large n trains without it
  });
}

/** The edges of a Liu–Wang tree: the data's Chow–Liu tree, a line, or edges given as data (checked against n). */
function liuWangEdges(tree: 'chow-liu' | 'line' | [number, number][], nQubits: number, data?: ArrayLike<number>): [number, number][] {
  let edges: [number, number][];
  if (tree === 'line') edges = topologyPairs('line', nQubits);
  else if (tree === 'chow-liu') {
    if (!data) throw new ConfigError('liu-wang ansatz: a Chow–Liu tree needs the data distribution');
    edges = chowLiuTree(data);
  } else edges = tree;
  for (const [a, b] of edges)
    if (a >= nQubits || b >= nQubits || a === b) throw new ConfigError(`liu-wang ansatz: edge [${a}, ${b}] is not two distinct qubits of ${nQubits}`);
  return edges;
}

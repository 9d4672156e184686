/**
 * Ansätze named as data, for configs, scans and command lines: `{"ansatz": "hep", "layers": "log2n"}`,
 * `{"ansatz": "hea", "layers": 3, "topology": "ring"}`, `{"ansatz": "liu-wang", "layers": 10, "tree": "chow-liu"}`, ….
 * Layer counts may be numbers or the expressions of [R]'s depth grid, "n" and "log2n" (rounded, at least 1).
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
import { chowLiuTree } from '../data/stats';
import { ConfigError } from '../errors';
import { createRng } from '../rng';

const layers = z.union([z.number().int().nonnegative(), z.enum(['n', 'log2n'])]);
const qubitPair = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);

export const ansatzSpecSchema = z.discriminatedUnion('ansatz', [
  z.strictObject({ ansatz: z.literal('product') }),
  z.strictObject({ ansatz: z.literal('hep'), layers }),
  z.strictObject({
    ansatz: z.literal('hea'),
    layers,
    topology: z.enum(TOPOLOGIES).optional(),
    rotations: z.array(z.enum(['rx', 'ry', 'rz', 'euler'])).min(1).optional(),
    entangler: z.enum(['cx', 'cz', 'rzz']).optional(),
  }),
  z.strictObject({ ansatz: z.literal('mcclean'), layers, seed: z.union([z.number(), z.string()]).optional() }),
  z.strictObject({ ansatz: z.literal('liu-wang'), layers, tree: z.union([z.enum(['chow-liu', 'line']), z.array(qubitPair)]).optional() }),
  z.strictObject({ ansatz: z.literal('all-pauli'), layers: layers.optional(), seed: z.union([z.number(), z.string()]).optional() }),
]);
export type AnsatzSpec = z.infer<typeof ansatzSpecSchema>;
export const ANSATZ_NAMES = ['product', 'hep', 'hea', 'mcclean', 'liu-wang', 'all-pauli'] as const;

/** A layer count for n qubits: numbers as given, "n" → n, "log2n" → max(1, round(log₂ n)). */
export function resolveLayers(l: number | 'n' | 'log2n', n: number): number {
  if (l === 'n') return n;
  if (l === 'log2n') return Math.max(1, Math.round(Math.log2(n)));
  return l;
}

export function parseAnsatzSpec(raw: unknown, where = 'model'): AnsatzSpec {
  const r = ansatzSpecSchema.safeParse(raw);
  if (r.success) return r.data;
  const name = (raw as { ansatz?: unknown } | null)?.ansatz;
  if (typeof name !== 'string' || !(ANSATZ_NAMES as readonly string[]).includes(name))
    throw new ConfigError(`${where}.ansatz: unknown ansatz ${JSON.stringify(name)} (known: ${ANSATZ_NAMES.join(', ')})`);
  const i = r.error.issues[0];
  throw new ConfigError(`${where}${i.path.length ? '.' + i.path.join('.') : ''}: ${i.message}`);
}

/**
 * The circuit of an ansatz on n qubits. `data` (the target distribution, [2^n]) is needed for a Chow–Liu tree; `seed`
 * fixes random gate choices (McClean, all-Pauli) when the spec gives none.
 */
export function buildAnsatz(spec: AnsatzSpec, nQubits: number, ctx: { data?: ArrayLike<number>; seed?: number | string } = {}): Circuit {
  switch (spec.ansatz) {
    case 'product':
      return productAnsatz(nQubits);
    case 'hep':
      return hepAnsatz(nQubits, resolveLayers(spec.layers, nQubits));
    case 'hea':
      return hardwareEfficientAnsatz({ nQubits, layers: resolveLayers(spec.layers, nQubits), topology: spec.topology, rotations: spec.rotations, entangler: spec.entangler });
    case 'mcclean':
      return mcCleanAnsatz(nQubits, resolveLayers(spec.layers, nQubits), createRng(`mcclean/${spec.seed ?? ctx.seed ?? 0}`));
    case 'all-pauli':
      return allPauliAnsatz({ nQubits, layers: resolveLayers(spec.layers ?? 1, nQubits) }, createRng(`all-pauli/${spec.seed ?? ctx.seed ?? 0}`));
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
      return liuWangAnsatz(nQubits, resolveLayers(spec.layers, nQubits), edges);
    }
  }
}

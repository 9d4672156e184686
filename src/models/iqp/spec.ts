/**
 * The IQP model as config data: `{"ansatz": "iqp", "generators": "grid", "maxBody": 2}` (grid from the data's pixel map,
 * or "grid": "8x8"), `"all"`, `"line"`, or `"erdos-renyi"` with `"degree"` or `"edgeProbability"` (and `"seed"`).
 * The Monte-Carlo sample counts belong to the loss (`{"loss": "mmd", "sigmas": [...], "samples": {"a": 1000, "z": 1000}}`).
 */
import { z } from 'zod';
import { QubitMap } from '../../data/dataset';
import { parseGrid } from '../../data/showers/pool';
import { ConfigError } from '../../errors';
import { Generators, IQP_TOPOLOGIES, iqpGenerators } from './generators';

export const iqpSpecSchema = z.strictObject({
  ansatz: z.literal('iqp'),
  generators: z.enum(IQP_TOPOLOGIES).optional(),
  maxBody: z.number().int().min(1).max(8).optional(),
  grid: z.string().regex(/^\d+\s*[x×]\s*\d+$/, 'expected RxC, e.g. "8x8"').optional(),
  degree: z.number().positive().optional(),
  edgeProbability: z.number().min(0).max(1).optional(),
  seed: z.union([z.number(), z.string()]).optional(),
});
export type IqpSpec = z.infer<typeof iqpSpecSchema>;

/** Default sample counts of the Monte-Carlo MMD (per estimate). */
export const DEFAULT_IQP_SAMPLES = { a: 1000, z: 1000 } as const;

/**
 * The generators of an IQP spec on n qubits. Topology "grid" takes its rows × cols from `grid`, else from the data's
 * pixel map. Default topology: "grid" for pixel data, "all" otherwise.
 */
export function iqpGeneratorsOf(spec: IqpSpec, nQubits: number, qubitMap?: QubitMap): Generators {
  const pixels = qubitMap?.kind === 'pixels' ? qubitMap : null;
  const topology = spec.generators ?? (pixels ? 'grid' : 'all');
  let rows: number | undefined, cols: number | undefined;
  if (topology === 'grid') {
    const g = spec.grid ? parseGrid(spec.grid) : pixels;
    if (!g) throw new ConfigError('model: generators "grid" needs "grid": "RxC" (the data have no pixel map)');
    ({ rows, cols } = g);
  }
  return iqpGenerators({ topology, maxBody: spec.maxBody, rows, cols, degree: spec.degree, edgeProbability: spec.edgeProbability, seed: spec.seed }, nQubits);
}

/**
 * Datasets named as data, for configs and scans: a folder or CSV made by `npm run data` (`{"path": "data/showers-n9"}`)
 * or a synthetic target of the papers (`{"synthetic": "bars-and-stripes", "rows": 3, "cols": 3}`,
 * `{"synthetic": "random-strings", "n": 8, "count": "n2", "seed": 1}`, …). Relative paths resolve against the working
 * directory, then the project root (paths.ts), so presets work from anywhere and in the offline bundle.
 */
import * as path from 'path';
import { z } from 'zod';
import { ConfigError, zodConfigError } from '../errors';
import { resolveProjectPath } from '../paths';
import { Dataset } from './dataset';
import { loadDataset } from './store';
import { barsAndStripesDataset, cardinalityDataset, evenParityDataset, ghzDataset, liuWangGaussianDataset, randomStringsDataset } from './synthetic';

const n = z.number().int().min(1).max(26);
const pathSchema = z.strictObject({ path: z.string().min(1) });
const syntheticSchema = z.discriminatedUnion('synthetic', [
    z.strictObject({ synthetic: z.literal('bars-and-stripes'), rows: z.number().int().min(1), cols: z.number().int().min(1) }),
    z.strictObject({ synthetic: z.literal('ghz'), n }),
    z.strictObject({ synthetic: z.literal('random-strings'), n, count: z.union([z.number().int().min(1), z.enum(['n', 'n2'])]), seed: z.number().int().default(1) }),
    z.strictObject({ synthetic: z.literal('cardinality'), n, k: z.number().int().nonnegative().optional() }),
    z.strictObject({ synthetic: z.literal('parity'), n }),
    z.strictObject({ synthetic: z.literal('liu-wang-gaussian'), n }),
]);
export const SYNTHETIC_NAMES = ['bars-and-stripes', 'ghz', 'random-strings', 'cardinality', 'parity', 'liu-wang-gaussian'] as const;
export const dataSpecSchema = z.union([pathSchema, syntheticSchema]);
export type DataSpec = z.infer<typeof dataSpecSchema>;

/** The dataset a spec names; a relative path is looked up in `baseDir` (default: the working directory, then the project root). */
export function resolveData(spec: DataSpec, opts: { baseDir?: string } = {}): Dataset {
  if ('path' in spec) return loadDataset(opts.baseDir ? path.resolve(opts.baseDir, spec.path) : resolveProjectPath(spec.path));
  switch (spec.synthetic) {
    case 'bars-and-stripes':
      return barsAndStripesDataset(spec.rows, spec.cols);
    case 'ghz':
      return ghzDataset(spec.n);
    case 'random-strings': {
      const count = spec.count === 'n' ? spec.n : spec.count === 'n2' ? Math.min(spec.n * spec.n, 2 ** spec.n) : spec.count;
      return randomStringsDataset(spec.n, count, spec.seed);
    }
    case 'cardinality':
      return cardinalityDataset(spec.n, spec.k);
    case 'parity':
      return evenParityDataset(spec.n);
    case 'liu-wang-gaussian':
      return liuWangGaussianDataset(spec.n);
  }
}

export function parseDataSpec(raw: unknown, where = 'data'): DataSpec {
  const o = (raw ?? {}) as Record<string, unknown>;
  if (typeof raw !== 'object' || !('path' in o || 'synthetic' in o))
    throw new ConfigError(`${where}: expected {"path": …} or {"synthetic": …}, got ${JSON.stringify(raw)}`);
  if ('synthetic' in o && !(SYNTHETIC_NAMES as readonly unknown[]).includes(o.synthetic))
    throw new ConfigError(`${where}.synthetic: unknown dataset ${JSON.stringify(o.synthetic)} (known: ${SYNTHETIC_NAMES.join(', ')})`);
  const r = ('path' in o ? pathSchema : syntheticSchema).safeParse(raw);
  if (r.success) return r.data;
  throw zodConfigError(r.error, where, raw);
}

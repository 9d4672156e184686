/**
 * The loss-comparison spec ([R]'s HEP protocol): one JSON file naming a grid of datasets × depths × shot
 * budgets × losses × seeds and the training settings every run shares. Validated with zod; unknown keys are refused
 * with their dotted path, and the parts that the trainer owns (data, loss, model, optimiser, schedule, …) are checked
 * by the trainer's own parsers so that a compare spec accepts exactly what a training run does.
 */
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { layersSchema } from '../../models/ansatzSpec';
import { readJsonObject } from '../../fsutil';
import { checkName } from '../../names';
import { DataSpec, parseDataSpec } from '../../data/spec';
import { ConfigError, zodConfigError } from '../../errors';
import { projectRoot } from '../../paths';
import { LossSpec, parseLossSpec } from '../../losses/registry';
import { referenceSchema } from './reference';
import { withShotsRead } from '../../vocabulary';

const ID = /^[\w.+-]+$/;
const layerValue = layersSchema;
export type LayerValue = z.infer<typeof layerValue>;

/** Keys of a training config that a comparison sets for all its runs (the grid sets data, model layers, loss, shots). */
const trainSchema = z.strictObject({
  steps: z.number().int().positive(),
  optimizer: z.unknown().optional(),
  schedule: z.unknown().optional(),
  init: z.unknown().optional(),
  testFraction: z.number().min(0).max(0.9).optional(),
  eval: z.unknown().optional(),
  checkpoint: z.unknown().optional(),
  engine: z.enum(['auto', 'cpu', 'tensor']).optional(),
  /** Gradient of the exact (shots = null) runs; runs with shots always use parameter shifts, as [R] trained. */
  exactGradient: z.enum(['autodiff', 'parameter-shift']).default('autodiff'),
});

const specSchema = z.strictObject({
  schemaVersion: z.literal(1).default(1),
  name: z.string().regex(ID, 'letters, digits, . _ + - only'),
  description: z.string().optional(),
  /** Master seed; each run's seed is derived from it, the dataset, the depth and the seed index. */
  seed: z.number().int().default(1),
  /** Initialisations per grid cell. */
  seeds: z.number().int().min(1).max(1000),
  /** Qubit counts substituted for "{n}" in data paths. */
  qubits: z.array(z.number().int().min(1).max(26)).min(1).optional(),
  data: z.array(z.record(z.string(), z.unknown())).min(1),
  /** The ansatz without its layer count (the grid's `layers` fills it in). */
  model: z.record(z.string(), z.unknown()).default({ ansatz: 'hep' }),
  layers: z.array(layerValue).min(1).default(['log2n']),
  shots: z.array(z.number().int().positive().nullable()).min(1).default([null]),
  losses: z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).min(1),
  train: trainSchema,
  report: z
    .strictObject({
      metric: z.enum(['tvd_train', 'tvd_test']).default('tvd_train'),
      topK: z.number().int().min(1).max(64).default(15),
      reference: referenceSchema.optional(),
    })
    .default({ metric: 'tvd_train', topK: 15 }),
  out: z.string().optional(),
});

export interface CompareData {
  id: string;
  spec: DataSpec;
}

export interface CompareLoss {
  id: string;
  /** Display name (defaults to the loss registry's label once n is known). */
  label?: string;
  spec: LossSpec;
}

/** A validated comparison: every default filled in. */
export interface CompareSpec {
  schemaVersion: 1;
  name: string;
  description?: string;
  seed: number;
  seeds: number;
  data: CompareData[];
  model: Record<string, unknown>;
  layers: LayerValue[];
  shots: (number | null)[];
  losses: CompareLoss[];
  train: z.infer<typeof trainSchema>;
  report: z.infer<typeof specSchema>['report'];
  out: string;
}

function dataId(spec: DataSpec): string {
  if ('path' in spec) return path.basename(spec.path.replace(/[\\/]+$/, '')).replace(/\.[^.]*$/, '') || 'data';
  const { synthetic, ...rest } = spec;
  return [synthetic, ...Object.values(rest).map(String)].join('-');
}

function uniqueIds<T extends { id: string }>(items: T[], where: string, key: string): void {
  const seen = new Map<string, number>();
  items.forEach((it, i) => {
    if (!ID.test(it.id))
      throw new ConfigError(
        `${where}: ${key}.${i}.id: ${JSON.stringify(it.id)} may hold letters, digits, . _ + - only`,
      );
    if (seen.has(it.id))
      throw new ConfigError(
        `${where}: ${key}.${i}.id: duplicate id "${it.id}" (also ${key}.${seen.get(it.id)}); give each an "id"`,
      );
    seen.set(it.id, i);
  });
}

function parseData(raw: Record<string, unknown>[], qubits: number[] | undefined, where: string): CompareData[] {
  const out: CompareData[] = [];
  raw.forEach((entry, i) => {
    const { id, ...rest } = entry;
    if (id !== undefined && typeof id !== 'string')
      throw new ConfigError(`${where}: data.${i}.id: expected a string, got ${JSON.stringify(id)}`);
    const templated = JSON.stringify(rest).includes('{n}');
    if (templated && !qubits) throw new ConfigError(`${where}: data.${i}: "{n}" needs a "qubits" list to substitute`);
    for (const n of templated ? qubits! : [null]) {
      const filled =
        n === null ? rest : (JSON.parse(JSON.stringify(rest).split('{n}').join(String(n))) as Record<string, unknown>);
      const spec = parseDataSpec(filled, `${where}: data.${i}`);
      out.push({ id: id === undefined ? dataId(spec) : n === null ? id : `${id}-n${n}`, spec });
    }
  });
  if (qubits && !raw.some((e) => JSON.stringify(e).includes('{n}')))
    throw new ConfigError(`${where}: qubits: no data entry contains "{n}" to substitute`);
  uniqueIds(out, where, 'data');
  return out;
}

function parseLosses(raw: (string | Record<string, unknown>)[], where: string): CompareLoss[] {
  const out = raw.map((entry, i): CompareLoss => {
    // a text entry is a loss as every command writes it ("lqf", "mmd(n/4)"); its id, which names run folders, is the
    // text made file-safe ("mmd-n-4")
    const { id, label, ...rest } =
      typeof entry === 'string'
        ? {
            id: entry.replace(/[^\w.+-]+/g, '-').replace(/^-+|-+$/g, ''),
            ...parseLossSpec(entry, `${where}: losses.${i}`),
          }
        : entry;
    if (id !== undefined && typeof id !== 'string')
      throw new ConfigError(`${where}: losses.${i}.id: expected a string, got ${JSON.stringify(id)}`);
    if (label !== undefined && typeof label !== 'string')
      throw new ConfigError(`${where}: losses.${i}.label: expected a string, got ${JSON.stringify(label)}`);
    const spec = parseLossSpec(rest, `${where}: losses.${i}`);
    return { id: (id as string | undefined) ?? spec.loss, ...(label ? { label: label as string } : {}), spec };
  });
  uniqueIds(out, where, 'losses');
  return out;
}

function noDuplicates<T>(values: T[], where: string, key: string): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    const s = JSON.stringify(v);
    if (seen.has(s)) throw new ConfigError(`${where}: ${key}.${i}: ${s} appears twice`);
    seen.add(s);
  });
}

/** Validates a raw comparison spec; `where` (usually the file name) prefixes every message. */
export function parseCompareSpec(raw: unknown, where = 'compare spec'): CompareSpec {
  const r = specSchema.safeParse(withShotsRead(raw, `${where}: `));
  if (!r.success) throw zodConfigError(r.error, where, raw);
  const s = r.data;
  if ('layers' in s.model) throw new ConfigError(`${where}: model.layers: set depths with the top-level "layers" list`);
  noDuplicates(s.layers, where, 'layers');
  noDuplicates(s.shots, where, 'shots');
  if (s.qubits) noDuplicates(s.qubits, where, 'qubits');
  return {
    schemaVersion: 1,
    name: s.name,
    ...(s.description ? { description: s.description } : {}),
    seed: s.seed,
    seeds: s.seeds,
    data: parseData(s.data, s.qubits, where),
    model: s.model,
    layers: s.layers,
    shots: s.shots,
    losses: parseLosses(s.losses, where),
    train: s.train,
    report: s.report,
    out: s.out ?? `runs/compare/${s.name}`,
  };
}

/** Presets shipped in models/compare/ (found from the project root: a checkout, its compiled dist/cli, or a bundle). */
export const COMPARE_PRESET_DIR = path.join(projectRoot(), 'models', 'compare');

/** The raw spec of a file or a preset name (one-line errors for missing files, unknown presets, bad JSON). */
export function readCompareInput(o: { config?: string; preset?: string; presetDir?: string }): {
  raw: unknown;
  file: string;
} {
  if (Boolean(o.config) === Boolean(o.preset))
    throw new ConfigError('give exactly one of --config FILE, --preset NAME');
  const dir = o.presetDir ?? COMPARE_PRESET_DIR;
  const file = o.config ?? path.join(dir, `${checkName(o.preset!, '--preset')}.json`);
  if (o.preset && !fs.existsSync(file)) {
    const known = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    throw new ConfigError(`unknown compare preset "${o.preset}" (known: ${known.join(', ')})`);
  }
  return { raw: readJsonObject(file, 'a comparison spec'), file };
}

/**
 * The spec of the IQP-on-showers study (`npm run iqp-hep`): which pixel grids, how the showers are made (the data
 * recipe of `npm run data -- showers`), how the IQP model and — where 2^n fits — the state-vector QCBM are trained (any
 * training-config keys, checked by the trainer's own resolver), and how every model is judged on the held-out events.
 * Validated with zod; unknown keys are refused with their dotted path.
 */
import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { applyOverrides } from '../../config/overrides';
import { resolveTrainConfig } from '../../config/train';
import { parseGrid } from '../../data/showers/pool';
import { BINARISE_RULES } from '../../data/showers/binarise';
import { GEOMETRY_NAMES } from '../../data/showers/config';
import { ConfigError, zodConfigError } from '../../errors';
import { readJsonFile } from '../../fsutil';
import { parseBandwidth } from '../../losses/bandwidth';
import { projectRoot } from '../../paths';

const bandwidth = z
  .union([z.number().positive(), z.string()])
  .refine((b) => parseBandwidth(b) !== null, 'a positive number or "n", "n/4", "0.25n", …');
const grid = z.string().refine((g) => {
  try {
    parseGrid(g);
    return true;
  } catch {
    return false;
  }
}, 'expected RxC, e.g. "8x8"');
/** Training-config keys a model of the study may set; name, seed, data, testFraction and out are the study's. */
const trainKeys = z
  .record(z.string(), z.unknown())
  .refine(
    (o) => !['name', 'seed', 'data', 'testFraction', 'out'].some((k) => k in o),
    'name, seed, data, testFraction and out are set by the study',
  );

const specSchema = z.strictObject({
  name: z.string().regex(/^[\w.+-]+$/, 'letters, digits, . _ + - only'),
  description: z.string().optional(),
  seed: z.number().int().default(1),
  grids: z.array(grid).min(1),
  /** The showers, as `npm run data -- showers` makes them (one set of showers, pooled onto each grid). */
  data: z
    .strictObject({
      events: z.number().int().min(100).default(10000),
      seed: z.number().int().default(1),
      geometry: z.enum(GEOMETRY_NAMES).default('clic'),
      rule: z.enum(BINARISE_RULES).default('event'),
      fraction: z.number().min(0).default(0.1),
    })
    .prefault({}),
  /** Held-out share of the events (the trainer's seeded split; the baselines are fitted on the same training part). */
  testFraction: z.number().gt(0).max(0.9).default(0.2),
  /** The IQP model's training config (model.ansatz must be "iqp"). */
  iqp: trainKeys,
  /** The state-vector QCBM's training config, trained on grids of at most `maxQubits` pixels; null for none. */
  qcbm: z
    .strictObject({ maxQubits: z.number().int().min(1).max(20).default(16), train: trainKeys })
    .nullable()
    .default(null),
  eval: z
    .strictObject({
      /** MMD bandwidths of the held-out comparison (σ, not σ²; "n/4" etc. resolved per grid). */
      sigmas: z.array(bandwidth).min(1).default([1, 2, 'n/4', 'n']),
      /** Masks a ~ P_σ per bandwidth, shared by all models (paired comparison). */
      masks: z.number().int().min(10).default(2000),
      /** IQP masks heavier than this go through the Monte-Carlo z route (unbiased), lighter ones the closed form. */
      exactMaskWeight: z.number().int().min(1).max(20).default(10),
      /** z samples per heavy mask of the Monte-Carlo route. */
      zSamples: z.number().int().min(2).default(20000),
      /** Samples drawn from each model for its top images. */
      samples: z.number().int().min(1).default(10000),
      topK: z.number().int().min(1).max(32).default(10),
    })
    .prefault({}),
  out: z.string().optional(),
});

export type IqpHepSpec = z.infer<typeof specSchema>;

/** Validates a spec; the model configs are test-resolved by the trainer at every grid size so errors surface first. */
export function resolveIqpHepSpec(raw: unknown, where = 'spec'): IqpHepSpec {
  const r = specSchema.safeParse(raw);
  if (!r.success) throw zodConfigError(r.error, where, raw);
  const s = r.data;
  if ((s.iqp.model as { ansatz?: unknown } | undefined)?.ansatz !== 'iqp')
    throw new ConfigError(`${where}: iqp.model.ansatz must be "iqp"`);
  const probe = (train: Record<string, unknown>, key: string) =>
    resolveTrainConfig({ ...train, name: 'probe', data: { path: '.' } }, `${where}: ${key}`);
  probe(s.iqp, 'iqp');
  if (s.qcbm) {
    const c = probe(s.qcbm.train, 'qcbm.train');
    if (c.model.ansatz === 'iqp')
      throw new ConfigError(`${where}: qcbm.train.model: the QCBM is a state-vector circuit, not "iqp"`);
  }
  return s;
}

export const PRESET_DIR = path.join(projectRoot(), 'models', 'iqp-hep');

/** A spec from a file or a preset of models/iqp-hep/, with `--set key.path=value` overrides. */
export function loadIqpHepSpec(o: { config?: string; preset?: string; set?: string[] }): IqpHepSpec {
  if (!!o.config === !!o.preset) throw new ConfigError('give exactly one of --config FILE or --preset NAME');
  const file = o.config ?? path.join(PRESET_DIR, `${o.preset}.json`);
  if (o.preset && !fs.existsSync(file)) {
    const known = fs
      .readdirSync(PRESET_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    throw new ConfigError(`unknown preset "${o.preset}" (known: ${known.join(', ')})`);
  }
  return resolveIqpHepSpec(applyOverrides(readJsonFile(file), o.set ?? []), file);
}

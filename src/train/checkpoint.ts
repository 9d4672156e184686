/**
 * Checkpoints of a training run: parameters, optimiser state, RNG state and step, tied to the run's resolved config by
 * a hash. Written atomically (temp file + rename), so a kill during the write leaves the previous checkpoint intact;
 * a corrupt file or one from another config is refused with a one-line error.
 */
import { canonicalHash } from '../canonical';
import * as fs from 'fs';
import { z } from 'zod';
import { ConfigError, zodConfigError } from '../errors';
import { writeJsonAtomic } from '../fsutil';
import { isRngState, RngState } from '../rng';

export const CHECKPOINT_FORMAT = 'plateau-checkpoint/1';

const checkpointSchema = z
  .object({
    format: z.literal(CHECKPOINT_FORMAT),
    configHash: z.string(),
    step: z.number().int().nonnegative(),
    evaluations: z.number().int().nonnegative(),
    theta: z.array(z.number()),
    optimizer: z.object({ name: z.string(), state: z.unknown() }).strict(),
    rng: z.custom<RngState>(
      isRngState,
      'not a random-number state (alea: s0, s1, s2 in [0, 1) and an integer carry c)',
    ),
    savedAt: z.string(),
  })
  .strict();

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  configHash: string;
  /** Updates done so far; training resumes with update number `step`. */
  step: number;
  /** Objective evaluations spent so far. */
  evaluations: number;
  theta: number[];
  optimizer: { name: string; state: unknown };
  rng: RngState;
  savedAt: string;
}

/**
 * SHA-256 of the canonical JSON of a resolved config (canonical.ts): its identity. Keys that cannot change the numbers
 * (`out`, `description`) are left out, so a run folder can be moved and still resumed.
 */
export function configHash(config: unknown): string {
  if (config && typeof config === 'object' && !Array.isArray(config)) {
    const { out: _o, description: _d, ...rest } = config as Record<string, unknown>;
    void _o;
    void _d;
    config = rest;
  }
  return canonicalHash(config);
}

export function saveCheckpoint(file: string, c: Omit<Checkpoint, 'format' | 'savedAt'>): void {
  writeJsonAtomic(file, { format: CHECKPOINT_FORMAT, ...c, savedAt: new Date().toISOString() });
}

/**
 * Loads and checks a checkpoint against the run it resumes: its config hash, parameter count, step count (a step past
 * the run's end is refused) and optimizer. A folder, bad JSON or a malformed field is refused with the field named.
 */
export function loadCheckpoint(
  file: string,
  expect: { configHash: string; nParams: number; steps?: number; optimizer?: string },
): Checkpoint {
  if (!fs.existsSync(file)) throw new ConfigError(`${file}: no checkpoint to resume from`);
  if (fs.statSync(file).isDirectory()) throw new ConfigError(`${file}: is a folder, not a checkpoint`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${file}: corrupt checkpoint (${(e as Error).message.split('\n')[0]})`);
  }
  const r = checkpointSchema.safeParse(raw);
  if (!r.success) throw zodConfigError(r.error, `${file}: not a plateau checkpoint`, raw);
  if (r.data.configHash !== expect.configHash)
    throw new ConfigError(
      `${file}: checkpoint belongs to a different config (hash ${r.data.configHash.slice(0, 12)}…, this run ${expect.configHash.slice(0, 12)}…)`,
    );
  if (r.data.theta.length !== expect.nParams || !r.data.theta.every(Number.isFinite))
    throw new ConfigError(
      `${file}: checkpoint has ${r.data.theta.length} parameters (finite expected), the model ${expect.nParams}`,
    );
  if (expect.steps !== undefined && r.data.step > expect.steps)
    throw new ConfigError(
      `${file}: step ${r.data.step} is past the end of this run (${expect.steps} steps); not a checkpoint of this run`,
    );
  if (expect.optimizer !== undefined && r.data.optimizer.name !== expect.optimizer)
    throw new ConfigError(
      `${file}: optimizer: the checkpoint holds ${r.data.optimizer.name} state, the run uses ${expect.optimizer}`,
    );
  return r.data as Checkpoint;
}

/**
 * The training-run config: one JSON file (a preset in models/ or the user's), validated with zod so that unknown keys
 * and bad values are refused with the dotted path of the offending key, then resolved into a complete object (every
 * default filled in) whose hash identifies the run for checkpoints. `loss` is one loss, or a curriculum
 * `{"phases": [{…loss, "steps": 300}, …]}` whose steps add up to the run's.
 */
import { z } from 'zod';
import { BACKEND_NAMES } from '../backend/names';
import { parseDataSpec, DataSpec } from '../data/spec';
import { ENGINE_NAMES } from '../engines/engine';
import { ConfigError, zodConfigError } from '../errors';
import { jsonKind } from '../fsutil';
import { LossSpec, parseLossSpec } from '../losses/registry';
import { AnsatzSpec, parseAnsatzSpec } from '../models/ansatzSpec';
import { PAPER_SCHEDULE, scheduleSchema, Schedule } from './schedule';
import { withShotsRead } from '../vocabulary';

const FREE_OPTIMIZERS = ['spsa', 'nelder-mead', 'cma-es'] as const;

const optimizerSchema = z.discriminatedUnion('name', [
  z.strictObject({
    name: z.literal('adam'),
    beta1: z.number().min(0).max(1).optional(),
    beta2: z.number().min(0).max(1).optional(),
    epsilon: z.number().positive().optional(),
  }),
  z.strictObject({ name: z.literal('sgd'), momentum: z.number().min(0).max(1).optional() }),
  z.strictObject({ name: z.literal('lbfgs'), memory: z.number().int().min(1).optional() }),
  z.strictObject({ name: z.literal('spsa'), a: z.number().positive().optional(), c: z.number().positive().optional() }),
  z.strictObject({ name: z.literal('nelder-mead'), step: z.number().positive().optional() }),
  z.strictObject({
    name: z.literal('cma-es'),
    sigma0: z.number().positive().optional(),
    popSize: z.number().int().min(2).optional(),
  }),
]);
export type OptimizerSpec = z.infer<typeof optimizerSchema>;

const initSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('uniform'), low: z.number().default(0), high: z.number().default(2 * Math.PI) }),
  z.strictObject({ kind: z.literal('normal'), mean: z.number().default(0), std: z.number().positive() }),
  z.strictObject({ kind: z.literal('zeros') }),
  // IQP models only (models/iqp/init.ts): uniform on [−ε, ε] (default ε = 1/√degree), and from the data's moments
  z.strictObject({ kind: z.literal('small-angle'), epsilon: z.number().min(0).optional() }),
  z.strictObject({ kind: z.literal('data'), noise: z.number().min(0).optional() }),
]);

const bandwidth = z.union([z.number().positive(), z.string()]);

const rawSchema = z.strictObject({
  schemaVersion: z.literal(1).default(1),
  name: z
    .string()
    .regex(/^[\w.+-]+$/, 'letters, digits, . _ + - only')
    .max(100, 'at most 100 characters (it names the run folder)'),
  description: z.string().optional(),
  seed: z.number().int().default(1),
  backend: z.enum([...BACKEND_NAMES, 'auto']).default('auto'),
  engine: z.enum([...ENGINE_NAMES, 'auto']).default('auto'),
  data: z.unknown(),
  testFraction: z.number().min(0).max(0.9).default(0.2),
  model: z.unknown(),
  hidden: z.number().int().min(0).default(0),
  init: initSchema.default({ kind: 'uniform', low: 0, high: 2 * Math.PI }),
  loss: z.unknown(),
  shots: z.number().int().positive().nullable().default(null),
  gradient: z.enum(['autodiff', 'parameter-shift']).default('autodiff'),
  optimizer: optimizerSchema.default({ name: 'adam' }),
  schedule: scheduleSchema.default(PAPER_SCHEDULE),
  steps: z.number().int().positive().optional(),
  eval: z
    .strictObject({
      every: z.number().int().positive().default(10),
      sigmas: z.array(bandwidth).default([0.25, 1, 'n/4', 'n']),
      kBody: z.number().int().min(1).default(2),
      topK: z.number().int().min(1).default(15),
    })
    .default({ every: 10, sigmas: [0.25, 1, 'n/4', 'n'], kBody: 2, topK: 15 }),
  checkpoint: z.strictObject({ every: z.number().int().positive().default(50) }).default({ every: 50 }),
  out: z.string().trim().min(1, 'empty path').optional(),
});

export interface LossPhase {
  loss: LossSpec;
  steps: number;
}

/** A fully resolved run config: no optional field is read after this. */
export interface TrainConfig {
  schemaVersion: 1;
  name: string;
  description?: string;
  seed: number;
  backend: (typeof BACKEND_NAMES)[number] | 'auto';
  engine: (typeof ENGINE_NAMES)[number] | 'auto';
  data: DataSpec;
  testFraction: number;
  model: AnsatzSpec;
  hidden: number;
  init: z.infer<typeof initSchema>;
  phases: LossPhase[];
  shots: number | null;
  gradient: 'autodiff' | 'parameter-shift' | 'none';
  optimizer: OptimizerSpec;
  schedule: Schedule;
  steps: number;
  eval: { every: number; sigmas: (number | string)[]; kBody: number; topK: number };
  checkpoint: { every: number };
  out: string;
}

export function isGradientFree(o: OptimizerSpec): boolean {
  return (FREE_OPTIMIZERS as readonly string[]).includes(o.name);
}

/** The learning rate is where a newcomer looks for it least: it belongs to the schedule, so say so. */
function withLearningRateHint(e: ConfigError, raw: unknown): ConfigError {
  const optimizer = (raw as { optimizer?: unknown } | null)?.optimizer;
  const lr =
    typeof optimizer === 'object' &&
    optimizer !== null &&
    Object.keys(optimizer).some((k) => /^(lr|learningRate|learning_rate)$/.test(k));
  return lr
    ? new ConfigError(
        `${e.message} (the learning rate is schedule.lr0 of the exponential schedule, or schedule.lr with "kind": "constant")`,
      )
    : e;
}

/** Validates and completes a raw config (`where` names the file for messages). */
export function resolveTrainConfig(raw: unknown, where = 'config'): TrainConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigError(`${where}: expected a JSON object (a run config), got ${jsonKind(raw)}`);
  const r = rawSchema.safeParse(withShotsRead(raw, `${where}: `));
  if (!r.success) throw withLearningRateHint(zodConfigError(r.error, where, raw), raw);
  const c = r.data;
  const data = parseDataSpec(c.data, `${where}: data`);
  const model = parseAnsatzSpec(c.model, `${where}: model`);
  const phases = resolvePhases(c.loss, c.steps, where);
  const steps = phases.reduce((s, p) => s + p.steps, 0);
  const free = isGradientFree(c.optimizer);
  if (model.ansatz === 'iqp') checkIqp(c, phases, where);
  if (c.shots !== null && !free && c.gradient === 'autodiff')
    throw new ConfigError(
      `${where}: shots: finite shots need "gradient": "parameter-shift" (autodiff through samples is undefined) or a gradient-free optimizer`,
    );
  if (c.shots !== null && c.optimizer.name === 'lbfgs')
    throw new ConfigError(
      `${where}: optimizer: lbfgs needs exact losses (its line search fails on shot noise); use adam or sgd with shots`,
    );
  if (model.ansatz !== 'iqp') {
    if (c.init.kind === 'small-angle' || c.init.kind === 'data')
      throw new ConfigError(
        `${where}: init: "${c.init.kind}" is an initialisation of IQP models ("model": {"ansatz": "iqp"})`,
      );
    for (const p of phases)
      if (p.loss.loss === 'mmd' && p.loss.samples)
        throw new ConfigError(
          `${where}: loss: "samples" sets the Monte-Carlo counts of IQP models; the ${model.ansatz} ansatz reads exact probabilities or shots`,
        );
  }
  for (const p of phases)
    if (c.hidden > 0 && (p.loss.loss === 'qf' || p.loss.loss === 'lqf'))
      throw new ConfigError(
        `${where}: loss: "${p.loss.loss}" compares full states and is undefined for a model with hidden qubits`,
      );
  return {
    schemaVersion: 1,
    name: c.name,
    ...(c.description ? { description: c.description } : {}),
    seed: c.seed,
    backend: c.backend,
    engine: c.engine,
    data,
    testFraction: c.testFraction,
    model,
    hidden: c.hidden,
    init: c.init,
    phases,
    shots: c.shots,
    gradient: free ? 'none' : c.gradient,
    optimizer: c.optimizer,
    schedule: c.schedule,
    steps,
    eval: c.eval,
    checkpoint: c.checkpoint,
    out: c.out ?? `runs/${c.name}`,
  };
}

/** IQP models train on the Monte-Carlo MMD alone: no 2^n probabilities, no shots of a state vector, no hidden qubits. */
function checkIqp(c: z.infer<typeof rawSchema>, phases: LossPhase[], where: string): void {
  for (const p of phases)
    if (p.loss.loss !== 'mmd')
      throw new ConfigError(
        `${where}: loss: the iqp ansatz trains with the Monte-Carlo MMD ("loss": "mmd"); "${p.loss.loss}" needs the model's 2^n probabilities`,
      );
  if (c.shots !== null)
    throw new ConfigError(
      `${where}: shots: the iqp ansatz estimates the MMD from Monte-Carlo samples (set "samples": {"a": …, "z": …} in the loss), not from shots`,
    );
  if (c.hidden > 0) throw new ConfigError(`${where}: hidden: the iqp ansatz has no hidden qubits`);
  if (c.gradient !== 'autodiff')
    throw new ConfigError(`${where}: gradient: the iqp ansatz differentiates its Monte-Carlo estimator ("autodiff")`);
  if (c.optimizer.name === 'lbfgs')
    throw new ConfigError(
      `${where}: optimizer: lbfgs needs exact losses; the IQP MMD is a Monte-Carlo estimate (use adam or sgd)`,
    );
}

function resolvePhases(loss: unknown, steps: number | undefined, where: string): LossPhase[] {
  if (loss && typeof loss === 'object' && 'phases' in loss) {
    const ph = (loss as { phases: unknown }).phases;
    if (!Array.isArray(ph) || ph.length === 0)
      throw new ConfigError(`${where}: loss.phases: expected a non-empty list`);
    const out = ph.map((p, i) => {
      const { steps: s, ...spec } = (p ?? {}) as { steps?: unknown };
      if (!(Number.isInteger(s) && (s as number) > 0))
        throw new ConfigError(
          `${where}: loss.phases.${i}.steps: expected a positive integer, got ${JSON.stringify(s)}`,
        );
      return { loss: parseLossSpec(spec, `${where}: loss.phases.${i}`), steps: s as number };
    });
    const total = out.reduce((a, p) => a + p.steps, 0);
    if (steps !== undefined && steps !== total)
      throw new ConfigError(`${where}: steps: ${steps} differs from the phases' total ${total}`);
    return out;
  }
  if (steps === undefined) throw new ConfigError(`${where}: steps: required (or give loss.phases with steps)`);
  return [{ loss: parseLossSpec(loss, `${where}: loss`), steps }];
}

/** The phase active at update t (0-based) and where it starts. */
export function phaseAt(phases: LossPhase[], t: number): { index: number; start: number } {
  let start = 0;
  for (let i = 0; i < phases.length; i++) {
    if (t < start + phases[i].steps) return { index: i, start };
    start += phases[i].steps;
  }
  return { index: phases.length - 1, start: start - phases[phases.length - 1].steps };
}

/**
 * The training loop: curriculum phases, learning-rate schedule, exact evaluations every k steps (JSONL), atomic
 * checkpoints every k steps and on request (SIGINT/SIGTERM set `shouldStop`), resume that repeats the uninterrupted
 * run number for number, and a NaN guard that stops with the step number and checkpoints the last good state.
 * Tensors live only inside each evaluation (the objectives dispose theirs); numTensors stays flat across steps.
 * IQP problems (problem.ts) plug in their Monte-Carlo objective, initialisations and, past 20 qubits, correlator
 * metrics instead of the exact ones; everything else — schedule, checkpoints, resume, NaN guard — is shared.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { phaseAt } from '../config/train';
import { EngineChoice } from '../engines/engine';
import { visibleDistribution } from '../models/sampling';
import { ConfigError, NumericalError } from '../errors';
import { appendLineDurable, makeDir, writeFileAtomic } from '../fsutil';
import { faultPoint } from '../faults';
import { createRng, Rng, RngState } from '../rng';
import { configHash, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { initialIqpTheta } from '../models/iqp/init';
import { CorrelatorMetrics, iqpEvaluator } from './iqpMetrics';
import { iqpObjective } from './iqpObjective';
import { EvalMetrics, evaluateModel } from './metrics';
import { Objective, stepFault } from './objective';
import { phaseObjective } from './objectives';
import { createOptimizer } from './optimizers/factory';
import { ExactProblem, nParamsOf, TrainingProblem } from './problem';
import { learningRate } from './schedule';

export const METRICS_FILE = 'metrics.jsonl';
export const CHECKPOINT_FILE = 'checkpoint.json';

/** One line of metrics.jsonl: the exact metrics, or (IQP past 20 qubits) the correlator metrics, with the step's numbers. */
export type EvalRecord = EvalStep & (EvalMetrics | CorrelatorMetrics);

export interface EvalStep {
  /** Updates done. */
  step: number;
  phase: number;
  /** The loss the last update was computed from (a shot estimate when training with shots). */
  loss: number | null;
  grad_norm: number | null;
  lr: number;
  evaluations: number;
  seconds: number;
}

export interface TrainOptions {
  runDir: string;
  engine?: EngineChoice;
  resume?: boolean;
  onProgress?(p: { step: number; steps: number; loss: number; tvd: number | null; phase: number }): void;
  /** Checked after every update; true saves a checkpoint and returns with status 'interrupted'. */
  shouldStop?(): boolean;
}

export interface TrainResult {
  status: 'finished' | 'interrupted';
  step: number;
  theta: Float64Array;
  /** Model distribution at the end, [2^n_v]; null for IQP models past 20 qubits (no 2^n vector exists). */
  q: Float64Array | null;
  last: EvalRecord;
  seconds: number;
}

function initialTheta(problem: TrainingProblem): Float64Array {
  const { init, seed } = problem.config,
    rng = createRng(`init/${seed}`);
  if (problem.kind === 'iqp') return initialIqpTheta(problem.generators, init, rng, problem.trainRows);
  if (init.kind === 'small-angle' || init.kind === 'data')
    throw new ConfigError(`init: "${init.kind}" is an initialisation of IQP models`);
  return Float64Array.from({ length: problem.circuit.nParams }, () =>
    init.kind === 'uniform'
      ? init.low + (init.high - init.low) * rng.uniform()
      : init.kind === 'normal'
        ? init.mean + init.std * rng.normal()
        : 0,
  );
}

/** The exact view of a problem (IQP models have one up to 20 qubits), or null. */
const exactOf = (p: TrainingProblem): ExactProblem | null => (p.kind === 'exact' ? p : p.exact);

/**
 * Keeps the metric lines of steps ≤ `step` (those a resumed run will not write again). A torn last line (the process
 * died while appending it) is dropped with a warning; a malformed line elsewhere means the file is not ours: refused.
 * A line past `latest` (the checkpoint's step plus one checkpoint interval: the most a kill between an evaluation and
 * its checkpoint leaves) means checkpoint and metrics are not of one run: refused, nothing rewritten.
 */
function truncateMetrics(file: string, step: number, latest: number, ckptFile: string): void {
  if (!fs.existsSync(file)) return;
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const keep: string[] = [];
  lines.forEach((l, i) => {
    let rec: { step?: unknown };
    try {
      rec = JSON.parse(l) as { step?: unknown };
    } catch {
      if (i === lines.length - 1)
        return void process.stderr.write(
          `${file}: dropped a torn last line (${l.length} characters) left by an interrupted write\n`,
        );
      throw new ConfigError(`${file}:${i + 1}: not a metrics line (malformed JSON); cannot resume from this folder`);
    }
    if (typeof rec.step !== 'number')
      throw new ConfigError(
        `${file}:${i + 1}: a metrics line without a numeric "step"; cannot resume from this folder`,
      );
    if (rec.step > latest)
      throw new ConfigError(
        `${file}:${i + 1}: a metrics line of step ${rec.step}, but ${ckptFile} is at step ${step}; the checkpoint is behind its metrics (not of this run), so it is not resumed`,
      );
    if (rec.step <= step) keep.push(l);
  });
  writeFileAtomic(file, keep.map((l) => `${l}\n`).join(''));
}

export async function train(problem: TrainingProblem, opts: TrainOptions): Promise<TrainResult> {
  const { config } = problem,
    engine = opts.engine ?? config.engine;
  const hash = configHash(config),
    P = nParamsOf(problem),
    exact = exactOf(problem);
  const metricsFile = path.join(opts.runDir, METRICS_FILE),
    ckptFile = path.join(opts.runDir, CHECKPOINT_FILE);
  const optimizer = createOptimizer(config.optimizer, P, config.seed);
  let theta = initialTheta(problem),
    step = 0,
    rng: Rng = createRng(`shots/${config.seed}`),
    evaluations = 0;
  if (opts.resume) {
    const c = loadCheckpoint(ckptFile, {
      configHash: hash,
      nParams: P,
      steps: config.steps,
      optimizer: optimizer.name,
    });
    theta = Float64Array.from(c.theta);
    step = c.step;
    evaluations = c.evaluations;
    try {
      optimizer.setState(c.optimizer.state);
    } catch (e) {
      throw new ConfigError(`${ckptFile}: optimizer: ${(e as Error).message.split('\n')[0]}`);
    }
    rng = createRng(`shots/${config.seed}`, c.rng as RngState);
    truncateMetrics(metricsFile, step, step + config.checkpoint.every, ckptFile);
  } else if (fs.existsSync(ckptFile) || fs.existsSync(metricsFile)) {
    throw new ConfigError(
      `${opts.runDir}: already holds a run; resume it with --resume ${opts.runDir} or choose another --out`,
    );
  }
  makeDir(opts.runDir);
  const checkpoint = (s: number, th: Float64Array, optState: unknown, rngState: RngState, evals: number) =>
    saveCheckpoint(ckptFile, {
      configHash: hash,
      step: s,
      evaluations: evals,
      theta: Array.from(th),
      optimizer: { name: optimizer.name, state: optState },
      rng: rngState,
    });

  const target =
    problem.kind === 'exact'
      ? tf.tensor2d(Float32Array.from(problem.trainProbs), [1, problem.trainProbs.length])
      : null;
  const objectives = new Map<number, Objective>();
  const objectiveFor = (phase: number) => {
    if (!objectives.has(phase))
      objectives.set(
        phase,
        problem.kind === 'iqp'
          ? iqpObjective(problem, phase, { rng })
          : phaseObjective(problem, phase, { engine, rng, target: target! }),
      );
    return objectives.get(phase)!;
  };
  const correlators = problem.kind === 'iqp' && !exact ? iqpEvaluator(problem) : null;
  /** The model distribution where one exists (exact problems, IQP up to 20 qubits). */
  const distribution = async (): Promise<Float64Array | null> =>
    exact ? visibleDistribution(exact.circuit, theta, exact.visibleQubits, engine) : null;
  const metricsOf = (q: Float64Array | null): EvalMetrics | CorrelatorMetrics =>
    q && exact ? evaluateModel(exact, q) : correlators!(theta);
  const t0 = performance.now();
  let lastYield = t0;
  let last: EvalRecord | null = null,
    lastLoss: number | null = null,
    lastGrad: number | null = null;
  const evaluate = async (s: number, phase: number, lr: number): Promise<EvalRecord> => {
    const rec: EvalRecord = {
      step: s,
      phase,
      loss: lastLoss,
      grad_norm: lastGrad,
      lr,
      evaluations,
      seconds: (performance.now() - t0) / 1000,
      ...metricsOf(await distribution()),
    };
    appendLineDurable(metricsFile, JSON.stringify(rec));
    return rec;
  };

  try {
    if (step === 0 && !opts.resume) last = await evaluate(0, 0, learningRate(config.schedule, 0));
    while (step < config.steps) {
      const { index: phase } = phaseAt(config.phases, step);
      const lr = learningRate(config.schedule, step);
      // rng is shared by the objectives; a phase change rebuilds none of its state
      const before = { theta: theta.slice(), opt: optimizer.getState(), rng: rng.state() };
      const info = await optimizer.step(theta, objectiveFor(phase), lr);
      const fault = stepFault(info, theta);
      if (fault) {
        checkpoint(step, before.theta, before.opt, before.rng, evaluations);
        throw new NumericalError(
          `step ${step + 1}: ${fault}; stopped, last good state checkpointed at step ${step} in ${ckptFile}`,
        );
      }
      step++;
      evaluations += info.evaluations;
      lastLoss = info.loss;
      lastGrad = info.gradNorm ?? null;
      faultPoint('train:step');
      const stop = opts.shouldStop?.() ?? false;
      if (step % config.eval.every === 0 || step === config.steps) last = await evaluate(step, phase, lr);
      if (step % config.checkpoint.every === 0 || step === config.steps || stop)
        checkpoint(step, theta, optimizer.getState(), rng.state(), evaluations);
      opts.onProgress?.({
        step,
        steps: config.steps,
        loss: info.loss,
        tvd: last?.metrics === 'exact' ? last.tvd_train : null,
        phase,
      });
      if (stop) return await finish('interrupted');
      if (performance.now() - lastYield > 20) {
        await new Promise((r) => setImmediate(r)); // lets signal handlers run (every ~20 ms, not every step)
        lastYield = performance.now();
      }
    }
    return await finish('finished');
  } finally {
    target?.dispose();
  }

  async function finish(status: TrainResult['status']): Promise<TrainResult> {
    const q = await distribution();
    if (!last || last.step !== step) last = { ...(last ?? ({} as EvalRecord)), step, ...metricsOf(q) };
    return { status, step, theta, q, last, seconds: (performance.now() - t0) / 1000 };
  }
}

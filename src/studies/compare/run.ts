/**
 * One run of a comparison, in this process: its folder's state (finished with the same config hash → reused, never
 * redone; a checkpoint → resumed with the trainer's exact resume; a folder of another config → refused), training,
 * and the end-of-run files the report reads: summary.json (final exact metrics, precision/recall of high-probability
 * images on the held-out split, the probabilities of the top bitstrings of data and model) and params.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BackendReport } from '../../backend/backend';
import { toBitstring } from '../../circuit/bits';
import { empiricalDistribution } from '../../data/dataset';
import { topK } from '../../data/plots';
import { ConfigError } from '../../errors';
import { writeJsonAtomic } from '../../fsutil';
import { lockDir } from '../../lock';
import { CHECKPOINT_FILE, METRICS_FILE, train } from '../../train/trainer';
import { buildProblem, ExactProblem } from '../../train/problem';
import { writeRunInfo } from '../../train/report';
import { TrainResult } from '../../train/trainer';
import { RunKey, RunPlan } from './grid';
import { highProbabilityPR } from './precision';

export const SUMMARY_FILE = 'summary.json';
export const RUN_SUMMARY_FORMAT = 'plateau-compare-run/1';

/** What summary.json of a finished run holds. */
export interface RunSummary {
  format: typeof RUN_SUMMARY_FORMAT;
  id: string;
  configHash: string;
  status: 'finished';
  key: RunKey;
  steps: number;
  /** Wall seconds of the session that finished the run (the whole run unless it was resumed). */
  seconds: number;
  final: {
    tvd_train: number;
    tvd_test: number;
    kl_train: number;
    kl_test: number;
    mmd: Record<string, number>;
    kbody_error: number;
    mass_on_train_support: number;
    precision: number;
    recall: number;
    prK: number;
  };
  /**
   * The top-k bitstrings of the whole dataset, of its training split and of the model, with p̃ of the whole dataset
   * (`data`), of the splits and the model's q; most probable data first.
   */
  top: { index: number; bitstring: string; data: number; train: number; test: number; model: number }[];
  /** Pixel layout of image data (rows × cols, row-major, pixel q = qubit q), else null. */
  image: { rows: number; cols: number } | null;
  finishedAt: string;
}

export type RunState =
  | { kind: 'finished'; summary: RunSummary }
  | { kind: 'resumable' }
  | { kind: 'fresh' }
  | { kind: 'conflict'; reason: string; damaged?: boolean };

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** The state of a run's folder against its planned config. */
export function runState(plan: RunPlan): RunState {
  const dir = plan.runDir;
  if (!fs.existsSync(dir)) return { kind: 'fresh' };
  const info = readJson(path.join(dir, 'run.json')) as { configHash?: string } | null;
  if (info && info.configHash !== plan.hash)
    return {
      kind: 'conflict',
      reason: `${dir} holds a run of another config (hash ${String(info.configHash).slice(0, 12)}…, planned ${plan.hash.slice(0, 12)}…); delete it or give the comparison another "out"`,
    };
  const summary = readJson(path.join(dir, SUMMARY_FILE)) as RunSummary | null;
  if (
    summary &&
    summary.format === RUN_SUMMARY_FORMAT &&
    summary.configHash === plan.hash &&
    summary.status === 'finished'
  ) {
    // a summary edited or written by a bug: its numbers would enter the report's medians as nulls
    const bad = (['tvd_train', 'tvd_test'] as const).find(
      (k) => typeof summary.final?.[k] !== 'number' || !Number.isFinite(summary.final[k]),
    );
    if (bad)
      return {
        kind: 'conflict',
        damaged: true,
        reason: `${path.join(dir, SUMMARY_FILE)}: final.${bad} is ${JSON.stringify(summary.final?.[bad])}, not a number; the summary is damaged: delete it to redo the run (its checkpoint is reused)`,
      };
    return { kind: 'finished', summary };
  }
  if (info && fs.existsSync(path.join(dir, CHECKPOINT_FILE))) return { kind: 'resumable' };
  return { kind: 'fresh' };
}

export function readRunSummary(plan: RunPlan): RunSummary | null {
  const s = runState(plan);
  if (s.kind === 'conflict' && s.damaged) throw new ConfigError(s.reason);
  return s.kind === 'finished' ? s.summary : null;
}

export interface RunOutcome {
  id: string;
  status: 'reused' | 'trained' | 'interrupted';
  step: number;
  seconds: number;
}

function finalSummary(plan: RunPlan, problem: ExactProblem, result: TrainResult, topKCount: number): RunSummary {
  const { trainProbs, testProbs, nVisible } = problem,
    q = result.q!,
    all = empiricalDistribution(problem.dataset);
  const pr = highProbabilityPR(q, testProbs, topKCount);
  const idx = [...new Set([all, trainProbs, q].flatMap((d) => topK(d, topKCount)).map((e) => e.index))];
  const top = idx
    .map((i) => ({
      index: i,
      bitstring: toBitstring(i, nVisible),
      data: all[i],
      train: trainProbs[i],
      test: testProbs[i],
      model: q[i],
    }))
    .sort((a, b) => b.data - a.data || b.model - a.model || a.index - b.index);
  const map = problem.dataset.card.qubitMap;
  const l = result.last;
  if (l.metrics === 'correlators') throw new ConfigError(`${plan.id}: no exact metrics to compare`);
  return {
    format: RUN_SUMMARY_FORMAT,
    id: plan.id,
    configHash: plan.hash,
    status: 'finished',
    key: plan.key,
    steps: result.step,
    seconds: result.seconds,
    final: {
      tvd_train: l.tvd_train,
      tvd_test: l.tvd_test,
      kl_train: l.kl_train,
      kl_test: l.kl_test,
      mmd: l.mmd,
      kbody_error: l.kbody_error,
      mass_on_train_support: l.mass_on_train_support,
      precision: pr.precision,
      recall: pr.recall,
      prK: pr.k,
    },
    top,
    image: map.kind === 'pixels' ? { rows: map.rows, cols: map.cols } : null,
    finishedAt: new Date().toISOString(),
  };
}

/**
 * Trains one run (or reuses/resumes it). `shouldStop` is polled after every update: true checkpoints and returns
 * 'interrupted'. The backend must already be initialised (its report goes into run.json).
 */
export async function executeRun(
  plan: RunPlan,
  o: { backend: BackendReport; baseDir: string; topK: number; compare: string; shouldStop?: () => boolean },
): Promise<RunOutcome> {
  const early = runState(plan);
  if (early.kind === 'finished') return { id: plan.id, status: 'reused', step: early.summary.steps, seconds: 0 };
  if (early.kind === 'conflict') throw new ConfigError(early.reason);
  // another process (a second invocation, an orphaned worker) may be training this run: refuse, never train it twice
  const lock = lockDir(plan.runDir, 'run folder');
  try {
    return await executeLocked(plan, o);
  } finally {
    lock.release();
  }
}

async function executeLocked(
  plan: RunPlan,
  o: { backend: BackendReport; baseDir: string; topK: number; compare: string; shouldStop?: () => boolean },
): Promise<RunOutcome> {
  const state = runState(plan); // again, under the lock: it may have finished meanwhile
  if (state.kind === 'finished') return { id: plan.id, status: 'reused', step: state.summary.steps, seconds: 0 };
  if (state.kind === 'conflict') throw new ConfigError(state.reason);
  const problem = buildProblem(plan.config, { baseDir: o.baseDir });
  if (problem.kind !== 'exact')
    throw new ConfigError(
      `${plan.id}: loss comparisons train state-vector circuits; IQP models train one at a time with plateau train (model.ansatz "iqp")`,
    );
  if (state.kind === 'fresh') {
    // a folder killed before its first checkpoint: its partial metrics would block a fresh start
    for (const f of [METRICS_FILE, CHECKPOINT_FILE, SUMMARY_FILE])
      fs.rmSync(path.join(plan.runDir, f), { force: true });
    writeRunInfo(plan.runDir, plan.config, o.backend, {
      compare: o.compare,
      key: plan.key,
      nParams: problem.circuit.nParams,
      circuit: problem.circuit.name,
      dataset: problem.dataset.card.name,
    });
  }
  const result = await train(problem, {
    runDir: plan.runDir,
    resume: state.kind === 'resumable',
    shouldStop: o.shouldStop,
  });
  if (result.status !== 'finished')
    return { id: plan.id, status: 'interrupted', step: result.step, seconds: result.seconds };
  writeJsonAtomic(path.join(plan.runDir, 'params.json'), {
    step: result.step,
    nParams: problem.circuit.nParams,
    theta: Array.from(result.theta),
    circuit: problem.circuit,
  });
  writeJsonAtomic(path.join(plan.runDir, SUMMARY_FILE), finalSummary(plan, problem, result, o.topK));
  return { id: plan.id, status: 'trained', step: result.step, seconds: result.seconds };
}

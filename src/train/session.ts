/**
 * A training session as the CLI runs it: config from a preset in models/, a file, or a run folder being resumed;
 * command-line overrides; backend start; run folder; progress bar on stderr (plain lines when not a terminal);
 * SIGINT/SIGTERM → checkpoint and exit 130/143 (signals.ts); final report and optional model save. The run folder is
 * claimed (outputDir.ts) and locked (lock.ts) before anything is written into it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SingleBar } from 'cli-progress';
import { BackendReport, initBackend } from '../backend/backend';
import { applyOverrides } from '../config/overrides';
import { readJsonObject } from '../fsutil';
import { resolveTrainConfig, TrainConfig } from '../config/train';
import { ConfigError } from '../errors';
import { projectRoot } from '../paths';
import { saveModel } from '../models/saved';
import { buildProblem, cardOf, nParamsOf } from './problem';
import { writeFinalReport, writeRunInfo } from './report';
import { CHECKPOINT_FILE, METRICS_FILE, train, TrainResult } from './trainer';
import { TrainingProblem } from './problem';
import { DirLock, lockDir } from '../lock';
import { claimOutputDir } from '../outputDir';
import { checkName } from '../names';
import { stopOnSignals } from '../signals';

export interface SessionOptions {
  config?: string;
  preset?: string;
  resume?: string;
  set: string[];
  out?: string;
  backend?: string;
  quiet?: boolean;
  saveModel?: string;
  /** Move a non-empty --out folder aside instead of refusing. */
  force?: boolean;
  /** Folder of presets (default: models/ of the project). */
  presetDir?: string;
}

export const PRESET_DIR = path.join(projectRoot(), 'models');

/** The resolved config and the raw one it came from (after overrides), which run.json keeps for --resume. */
export function loadConfig(o: SessionOptions): { config: TrainConfig; input: object } {
  const sources = [o.config, o.preset, o.resume].filter(Boolean).length;
  if (sources !== 1) throw new ConfigError('give exactly one of --config FILE, --preset NAME, --resume RUN_DIR');
  if (o.resume) {
    if (o.set.length || o.out || o.force) throw new ConfigError('--resume continues a run as it was configured; --set/--out/--force cannot change it');
    const run = readJsonObject(path.join(o.resume, 'run.json'), 'a run record') as { input?: object };
    if (!run.input || typeof run.input !== 'object') throw new ConfigError(`${o.resume}/run.json: no "input" config to resume from`);
    return { config: resolveTrainConfig({ ...run.input, out: o.resume }, `${o.resume}/run.json`), input: run.input };
  }
  const file = o.config ?? path.join(o.presetDir ?? PRESET_DIR, `${checkName(o.preset!, '--preset')}.json`);
  if (o.preset && !fs.existsSync(file)) {
    const known = fs.readdirSync(o.presetDir ?? PRESET_DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    throw new ConfigError(`unknown preset "${o.preset}" (known: ${known.join(', ')})`);
  }
  if (o.out !== undefined && o.out.trim() === '') throw new ConfigError('--out: empty path');
  const input = applyOverrides(readJsonObject(file, 'a run config'), [...o.set, ...(o.out !== undefined ? [`out=${o.out}`] : [])]) as object;
  return { config: resolveTrainConfig(input, file), input };
}

function progress(quiet: boolean, steps: number) {
  if (quiet) return { update: () => {}, stop: () => {} };
  if (!process.stderr.isTTY) {
    let next = 0;
    return {
      update: (p: { step: number; loss: number; tvd: number | null }) => {
        if (p.step < next && p.step !== steps) return;
        next = p.step + Math.max(1, Math.ceil(steps / 10));
        process.stderr.write(`step ${p.step}/${steps}  loss ${p.loss.toExponential(3)}  TVD ${p.tvd?.toFixed(4) ?? '—'}\n`);
      },
      stop: () => {},
    };
  }
  const bar = new SingleBar({ format: 'step {value}/{total} |{bar}| loss {loss} | TVD {tvd} | ETA {eta_formatted}', stream: process.stderr, hideCursor: true });
  bar.start(steps, 0, { loss: '—', tvd: '—' });
  return {
    update: (p: { step: number; loss: number; tvd: number | null }) => bar.update(p.step, { loss: p.loss.toExponential(3), tvd: p.tvd?.toFixed(4) ?? '—' }),
    stop: () => bar.stop(),
  };
}

export interface SessionResult {
  result: TrainResult;
  table: string;
  runDir: string;
  backend: BackendReport;
  /** The signal that interrupted the run, if one did. */
  signal: NodeJS.Signals | null;
}

export async function runSession(o: SessionOptions): Promise<SessionResult> {
  const { config, input } = loadConfig(o);
  const modelDir = o.saveModel === undefined ? null : path.join(PRESET_DIR, checkName(o.saveModel, '--save-model'));
  if (modelDir && fs.existsSync(modelDir) && !o.force) throw new ConfigError(`--save-model ${o.saveModel}: ${modelDir} exists; choose another name, or add --force to replace its model.json`);
  const backend = await initBackend(o.backend ?? (config.backend === 'auto' ? process.env.PLATEAU_BACKEND || 'auto' : config.backend));
  const problem = buildProblem(config);
  const runDir = path.resolve(config.out);
  const lock = o.resume ? lockDir(runDir, 'run folder') : claimRunDir(runDir, config.out, o.force ?? false);
  try {
    if (!o.resume) writeRunInfo(runDir, config, backend, { input, nParams: nParamsOf(problem), circuit: problem.kind === 'iqp' ? problem.generators.name : problem.circuit.name, dataset: cardOf(problem).name });
    return await trainInSession(o, config, problem, runDir, backend);
  } finally {
    lock.release();
  }
}

/** True for a folder that holds a plateau training run (its run.json). */
export function isRunDir(dir: string): boolean {
  try {
    const run = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) as { configHash?: unknown; config?: unknown };
    return typeof run.configHash === 'string' && typeof run.config === 'object';
  } catch {
    return false;
  }
}

/**
 * Claims the folder of a new run, before anything is written: a folder holding another run (with a checkpoint) or
 * anything else non-empty is refused (--force moves it aside); a run folder killed before its first checkpoint is
 * restarted cleanly (only its own metrics and run.json are replaced).
 */
function claimRunDir(runDir: string, shown: string, force: boolean): DirLock {
  const resumable = fs.existsSync(path.join(runDir, CHECKPOINT_FILE));
  const { lock, state } = claimOutputDir(runDir, { flag: '--out', what: 'run folder', force, ownedBy: (d) => isRunDir(d) && !resumable });
  if (state.kind === 'moved') process.stderr.write(`moved the folder that was at ${shown} aside to ${state.to}\n`);
  if (state.kind === 'owned') fs.rmSync(path.join(runDir, METRICS_FILE), { force: true }); // stranded before its first checkpoint
  return lock;
}

async function trainInSession(o: SessionOptions, config: TrainConfig, problem: TrainingProblem, runDir: string, backend: BackendReport): Promise<SessionResult> {
  const stop = stopOnSignals((sig) => process.stderr.write(`\n${sig}: checkpointing at the end of this step (again to exit at once)\n`));
  const bar = progress(o.quiet ?? false, config.steps);
  try {
    const result = await train(problem, { runDir, resume: Boolean(o.resume), onProgress: bar.update, shouldStop: () => stop.signal !== null });
    bar.stop();
    const table = await writeFinalReport(runDir, problem, result);
    const exact = problem.kind === 'exact' ? problem : problem.exact;
    if (result.status === 'finished' && o.saveModel) {
      if (!exact) throw new ConfigError(`--save-model: a saved model is a state-vector circuit; this ${problem.nVisible}-qubit IQP model has none (its generators and θ are in ${path.join(config.out, 'params.json')})`);
      saveModel(path.join(PRESET_DIR, o.saveModel), {
        name: o.saveModel, circuit: exact.circuit, theta: Array.from(result.theta), visibleQubits: exact.visibleQubits,
        dataCard: exact.dataset.card, loss: config.phases, metrics: { ...result.last }, trainedWith: { config, backend: backend.backend, device: backend.device, run: config.out },
      });
    }
    return { result, table, runDir, backend, signal: stop.signal };
  } finally {
    bar.stop();
    stop.dispose();
  }
}

/**
 * A training session as the CLI runs it: config from a preset in models/, a file, or a run folder being resumed;
 * command-line overrides; backend start; run folder; progress bar on stderr (plain lines when not a terminal);
 * SIGINT/SIGTERM → checkpoint and exit 130/143 (signals.ts); final report and optional model save. The run folder is
 * claimed (outputDir.ts) and locked (lock.ts) before anything is written into it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SingleBar } from 'cli-progress';
import { BackendReport, initBackend, isGpuBackend } from '../backend/backend';
import { applyOverrides } from '../config/overrides';
import { readJsonObject } from '../fsutil';
import { resolveTrainConfig, TrainConfig } from '../config/train';
import { ConfigError } from '../errors';
import { projectRoot } from '../paths';
import { saveModel, savedModelDir } from '../models/saved';
import { buildProblem, cardOf, nParamsOf } from './problem';
import { writeFinalReport, writeRunInfo } from './report';
import { CHECKPOINT_FILE, METRICS_FILE, train, TrainResult } from './trainer';
import { TrainingProblem } from './problem';
import { DirLock, LOCK_FILE, lockDir } from '../lock';
import { configHash } from './checkpoint';
import { claimOutputDir } from '../outputDir';
import { checkName } from '../names';
import { stopOnSignals } from '../signals';
import { executionPolicy } from '../execution';

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
  /** Values of the shortcut flags (`--steps 500` → steps: "500"), applied before `set`; messages name the flag. */
  shortcuts?: Partial<Record<ShortcutKey, string>>;
}

/** Config keys with a flag of their own (`--steps N` = `--set steps=N`). */
export const SHORTCUT_KEYS = ['steps', 'seed', 'shots', 'loss', 'engine'] as const;
export type ShortcutKey = (typeof SHORTCUT_KEYS)[number];

/** One override and the flag it came from, so that a bad value is reported as the user typed it. */
interface Override {
  set: string;
  flag: string;
}

export const PRESET_DIR = path.join(projectRoot(), 'models');

/**
 * The resolved config and the raw one it came from (after overrides), which run.json keeps for --resume, and notices
 * (one line each) about what a flag implied.
 */
export function loadConfig(o: SessionOptions): { config: TrainConfig; input: object; notices: string[] } {
  const sources = [o.config, o.preset, o.resume].filter(Boolean).length;
  if (sources !== 1) throw new ConfigError('give exactly one of --config FILE, --preset NAME, --resume RUN_DIR');
  if (o.resume) {
    if (o.set.length || o.out || o.force)
      throw new ConfigError('--resume continues a run as it was configured; --set/--out/--force cannot change it');
    const run = readJsonObject(path.join(o.resume, 'run.json'), 'a run record') as { input?: object };
    if (!run.input || typeof run.input !== 'object')
      throw new ConfigError(`${o.resume}/run.json: no "input" config to resume from`);
    return {
      config: resolveTrainConfig({ ...run.input, out: o.resume }, `${o.resume}/run.json`),
      input: run.input,
      notices: [],
    };
  }
  const file = o.config ?? path.join(o.presetDir ?? PRESET_DIR, `${checkName(o.preset!, '--preset')}.json`);
  if (o.preset && !fs.existsSync(file)) {
    const known = fs
      .readdirSync(o.presetDir ?? PRESET_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    throw new ConfigError(`unknown preset "${o.preset}" (known: ${known.join(', ')})`);
  }
  if (o.out !== undefined && o.out.trim() === '') throw new ConfigError('--out: empty path');
  const overrides: Override[] = [
    ...SHORTCUT_KEYS.filter((k) => o.shortcuts?.[k] !== undefined).map((k) => ({
      set: `${k}=${o.shortcuts![k]}`,
      flag: `--${k} ${o.shortcuts![k]}`,
    })),
    ...o.set.map((s) => ({ set: s, flag: `--set ${s}` })),
    ...(o.out ? [{ set: `out=${o.out}`, flag: `--out ${o.out}` }] : []),
  ];
  const input = applyOverrides(
    readJsonObject(file, 'a run config'),
    overrides.map((x) => x.set),
  ) as Record<string, unknown>;
  const notices = shotsImplyParameterShift(input, o);
  try {
    return { config: resolveTrainConfig(input, file), input, notices };
  } catch (e) {
    throw e instanceof ConfigError ? blameFlag(e, file, overrides) : e;
  }
}

/**
 * `--shots N` asks for [R]'s finite-shot training, whose gradients are parameter shifts estimated from the shots: it
 * sets "gradient": "parameter-shift" unless the config or a --set chose a gradient, or the optimizer needs none.
 */
function shotsImplyParameterShift(input: Record<string, unknown>, o: SessionOptions): string[] {
  const shots = o.shortcuts?.shots;
  if (shots === undefined || !(Number(shots) >= 1)) return []; // exact, or a bad value that validation refuses
  if (input.gradient !== undefined && input.gradient !== 'autodiff') return [];
  if (o.set.some((s) => s.startsWith('gradient='))) return [];
  const optimizer = (input.optimizer as { name?: unknown } | undefined)?.name;
  if (optimizer === 'spsa' || optimizer === 'nelder-mead' || optimizer === 'cma-es') return [];
  input.gradient = 'parameter-shift';
  return [
    `--shots ${shots.trim()}: gradients by parameter shift, each shifted circuit estimated from ${shots.trim()} shots (gradient=parameter-shift)`,
  ];
}

/**
 * A config error caused by a flag names the flag as typed (`--steps abc: …`, `--set optimizer.lr=0.05: …`) instead of
 * the preset file the flag was applied to: the key in the message is matched against the overridden keys.
 */
function blameFlag(e: ConfigError, file: string, overrides: Override[]): ConfigError {
  const m = e.message.startsWith(`${file}: `)
    ? /^([\w.-]+)(?::|\.)\s?(.*)$/s.exec(e.message.slice(file.length + 2))
    : null;
  if (!m) return e;
  const key = m[1];
  const related = (k: string) => k.split('.')[0] === key.split('.')[0]; // optimizer.lr=… can break optimizer.name
  const culprit = [...overrides].reverse().find((x) => related(x.set.slice(0, x.set.indexOf('='))));
  return culprit ? new ConfigError(`${culprit.flag}: ${e.message.slice(file.length + 2)}`) : e;
}

function progress(quiet: boolean, steps: number) {
  if (quiet) return { update: () => {}, stop: () => {} };
  if (!process.stderr.isTTY) {
    let next = 0;
    return {
      update: (p: { step: number; loss: number; tvd: number | null }) => {
        if (p.step < next && p.step !== steps) return;
        next = p.step + Math.max(1, Math.ceil(steps / 10));
        process.stderr.write(
          `step ${p.step}/${steps}  loss ${p.loss.toExponential(3)}  TVD ${p.tvd?.toFixed(4) ?? '—'}\n`,
        );
      },
      stop: () => {},
    };
  }
  const bar = new SingleBar({
    format: 'step {value}/{total} |{bar}| loss {loss} | TVD {tvd} | ETA {eta_formatted}',
    stream: process.stderr,
    hideCursor: true,
  });
  bar.start(steps, 0, { loss: '—', tvd: '—' });
  return {
    update: (p: { step: number; loss: number; tvd: number | null }) =>
      bar.update(p.step, { loss: p.loss.toExponential(3), tvd: p.tvd?.toFixed(4) ?? '—' }),
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
  /** The model.json written for --save-model. */
  savedModel?: string;
}

export async function runSession(o: SessionOptions): Promise<SessionResult> {
  const { config, input, notices } = loadConfig(o);
  for (const line of notices) process.stderr.write(`${line}\n`);
  const place = o.resume
    ? null
    : placeRun(config, { explicitOut: o.out !== undefined || 'out' in input, force: o.force ?? false });
  if (place) config.out = place.dir;
  const resume = Boolean(o.resume) || place?.resume === true;
  const modelDir = o.saveModel === undefined ? null : savedModelDir(checkName(o.saveModel, '--save-model'));
  if (modelDir && fs.existsSync(modelDir) && !o.force)
    throw new ConfigError(
      `--save-model ${o.saveModel}: ${modelDir} exists; choose another name, or add --force to replace its model.json`,
    );
  const backend = await initBackend(
    o.backend ?? (config.backend === 'auto' ? executionPolicy().backend : config.backend),
  );
  if (config.engine === 'tensor' && !isGpuBackend(backend.backend))
    process.stderr.write(
      `warning: --engine tensor runs the circuit as tf ops on the ${backend.backend} backend, one op at a time on the CPU: often 10–100× slower than the cpu engine that auto picks here\n`,
    );
  const problem = buildProblem(config);
  const runDir = path.resolve(config.out);
  const lock = resume ? lockDir(runDir, 'run folder') : claimRunDir(runDir, config.out, o.force ?? false);
  if (place) process.stderr.write(`${place.note}\n`); // once the folder is ours
  try {
    if (!resume)
      writeRunInfo(runDir, config, backend, {
        input,
        nParams: nParamsOf(problem),
        circuit: problem.kind === 'iqp' ? problem.generators.name : problem.circuit.name,
        dataset: cardOf(problem).name,
      });
    return await trainInSession({ ...o, resume: resume ? runDir : undefined }, config, problem, runDir, backend);
  } finally {
    lock.release();
  }
}

/** What a folder holds for a run of config hash `hash`. */
type Occupant = { kind: 'free' } | { kind: 'resumable'; step: number } | { kind: 'taken'; why: string };

function occupant(dir: string, hash: string): Occupant {
  if (!fs.existsSync(dir)) return { kind: 'free' };
  if (!fs.statSync(dir).isDirectory()) return { kind: 'taken', why: 'is a file' };
  if (fs.readdirSync(dir).every((f) => f === LOCK_FILE)) return { kind: 'free' };
  if (!isRunDir(dir)) return { kind: 'taken', why: 'holds something else' };
  const run = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) as { configHash: string };
  const summary = (() => {
    try {
      return JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')) as { status?: string };
    } catch {
      return null;
    }
  })();
  if (run.configHash !== hash) return { kind: 'taken', why: 'holds a run of another config' };
  if (summary?.status === 'finished') return { kind: 'taken', why: "holds this config's finished run" };
  if (!fs.existsSync(path.join(dir, CHECKPOINT_FILE))) return { kind: 'free' }; // stopped before its first checkpoint: restarted
  const step = (JSON.parse(fs.readFileSync(path.join(dir, CHECKPOINT_FILE), 'utf8')) as { step?: number }).step ?? 0;
  return { kind: 'resumable', step };
}

/**
 * Where a new run goes, so that running the same command again does what users expect: a folder holding an unfinished
 * run of the same config (same hash: the config without its out and description) is resumed; otherwise the default
 * runs/<name> is used when free, else runs/<name>-2, -3, … (an explicit --out or "out" is used as given, and claimed
 * by the usual rules; --force moves what is there aside). Returns the folder and one line saying which happened.
 */
export function placeRun(
  config: TrainConfig,
  o: { explicitOut: boolean; force: boolean },
): { dir: string; resume: boolean; note: string } {
  const hash = configHash(config),
    base = config.out;
  const first = occupant(base, hash);
  if (first.kind === 'resumable' && !o.force)
    return {
      dir: base,
      resume: true,
      note: `resuming the unfinished run in ${base} from step ${first.step} (same config; --force starts afresh, moving it aside)`,
    };
  if (first.kind === 'free' || o.explicitOut || o.force)
    return { dir: base, resume: false, note: `new run in ${base}` };
  for (let k = 2; ; k++) {
    const dir = `${base}-${k}`,
      here = occupant(dir, hash);
    if (here.kind === 'resumable')
      return { dir, resume: true, note: `resuming the unfinished run in ${dir} from step ${here.step} (same config)` };
    if (here.kind === 'free')
      return {
        dir,
        resume: false,
        note: `new run in ${dir} (${base} ${'why' in first ? first.why : ''}; --out DIR chooses the folder, --force reuses ${base} and moves its run aside)`,
      };
  }
}

/** True for a folder that holds a plateau training run (its run.json). */
export function isRunDir(dir: string): boolean {
  try {
    const run = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')) as {
      configHash?: unknown;
      config?: unknown;
    };
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
  const { lock, state } = claimOutputDir(runDir, {
    flag: '--out',
    what: 'run folder',
    force,
    ownedBy: (d) => isRunDir(d) && !resumable,
  });
  if (state.kind === 'moved') process.stderr.write(`moved the folder that was at ${shown} aside to ${state.to}\n`);
  if (state.kind === 'owned') fs.rmSync(path.join(runDir, METRICS_FILE), { force: true }); // stranded before its first checkpoint
  return lock;
}

async function trainInSession(
  o: SessionOptions,
  config: TrainConfig,
  problem: TrainingProblem,
  runDir: string,
  backend: BackendReport,
): Promise<SessionResult> {
  const stop = stopOnSignals((sig) =>
    process.stderr.write(`\n${sig}: checkpointing at the end of this step (again to exit at once)\n`),
  );
  const bar = progress(o.quiet ?? false, config.steps);
  try {
    const result = await train(problem, {
      runDir,
      resume: Boolean(o.resume),
      onProgress: bar.update,
      shouldStop: () => stop.signal !== null,
    });
    bar.stop();
    const table = await writeFinalReport(runDir, problem, result);
    let savedModel: string | undefined;
    const exact = problem.kind === 'exact' ? problem : problem.exact;
    if (result.status === 'finished' && o.saveModel) {
      if (!exact)
        throw new ConfigError(
          `--save-model: a saved model is a state-vector circuit; this ${problem.nVisible}-qubit IQP model has none (its generators and θ are in ${path.join(config.out, 'params.json')})`,
        );
      savedModel = saveModel(savedModelDir(o.saveModel), {
        name: o.saveModel,
        circuit: exact.circuit,
        theta: Array.from(result.theta),
        visibleQubits: exact.visibleQubits,
        dataCard: exact.dataset.card,
        loss: config.phases,
        metrics: { ...result.last },
        trainedWith: { config, backend: backend.backend, device: backend.device, run: config.out },
      });
    }
    return { result, table, runDir, backend, signal: stop.signal, savedModel };
  } finally {
    bar.stop();
    stop.dispose();
  }
}

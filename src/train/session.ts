/**
 * A training session as the CLI runs it: config from a preset in models/, a file, or a run folder being resumed;
 * command-line overrides; backend start; run folder; progress bar on stderr (plain lines when not a terminal);
 * SIGINT/SIGTERM → checkpoint and exit 130/143 (a second signal exits at once); final report and optional model save.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SingleBar } from 'cli-progress';
import { BackendReport, initBackend } from '../backend/backend';
import { applyOverrides } from '../config/overrides';
import { readJsonFile } from '../fsutil';
import { resolveTrainConfig, TrainConfig } from '../config/train';
import { ConfigError } from '../errors';
import { projectRoot } from '../paths';
import { saveModel } from '../models/saved';
import { buildProblem, cardOf, nParamsOf } from './problem';
import { writeFinalReport, writeRunInfo } from './report';
import { train, TrainResult } from './trainer';

export interface SessionOptions {
  config?: string;
  preset?: string;
  resume?: string;
  set: string[];
  out?: string;
  backend?: string;
  quiet?: boolean;
  saveModel?: string;
  /** Folder of presets (default: models/ of the project). */
  presetDir?: string;
}

export const PRESET_DIR = path.join(projectRoot(), 'models');

/** The resolved config and the raw one it came from (after overrides), which run.json keeps for --resume. */
export function loadConfig(o: SessionOptions): { config: TrainConfig; input: object } {
  const sources = [o.config, o.preset, o.resume].filter(Boolean).length;
  if (sources !== 1) throw new ConfigError('give exactly one of --config FILE, --preset NAME, --resume RUN_DIR');
  if (o.resume) {
    if (o.set.length || o.out) throw new ConfigError('--resume continues a run as it was configured; --set/--out cannot change it');
    const run = readJsonFile(path.join(o.resume, 'run.json')) as { input?: object };
    if (!run.input) throw new ConfigError(`${o.resume}/run.json: no "input" config to resume from`);
    return { config: resolveTrainConfig({ ...run.input, out: o.resume }, `${o.resume}/run.json`), input: run.input };
  }
  const file = o.config ?? path.join(o.presetDir ?? PRESET_DIR, `${o.preset}.json`);
  if (o.preset && !fs.existsSync(file)) {
    const known = fs.readdirSync(o.presetDir ?? PRESET_DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    throw new ConfigError(`unknown preset "${o.preset}" (known: ${known.join(', ')})`);
  }
  const input = applyOverrides(readJsonFile(file), [...o.set, ...(o.out ? [`out=${o.out}`] : [])]) as object;
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

export async function runSession(o: SessionOptions): Promise<{ result: TrainResult; table: string; runDir: string; backend: BackendReport }> {
  const { config, input } = loadConfig(o);
  const backend = await initBackend(o.backend ?? (config.backend === 'auto' ? process.env.PLATEAU_BACKEND || 'auto' : config.backend));
  const problem = buildProblem(config);
  const runDir = path.resolve(config.out);
  if (!o.resume) {
    if (fs.existsSync(path.join(runDir, 'checkpoint.json'))) throw new ConfigError(`${config.out}: already holds a run; resume it with --resume ${config.out} or choose another --out`);
    writeRunInfo(runDir, config, backend, { input, nParams: nParamsOf(problem), circuit: problem.kind === 'iqp' ? problem.generators.name : problem.circuit.name, dataset: cardOf(problem).name });
  }
  let stop = false;
  const onSignal = (sig: NodeJS.Signals) => {
    if (stop) process.exit(sig === 'SIGINT' ? 130 : 143);
    stop = true;
    process.stderr.write(`\n${sig}: checkpointing at the end of this step (again to exit at once)\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const bar = progress(o.quiet ?? false, config.steps);
  try {
    const result = await train(problem, { runDir, resume: Boolean(o.resume), onProgress: bar.update, shouldStop: () => stop });
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
    return { result, table, runDir, backend };
  } finally {
    bar.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

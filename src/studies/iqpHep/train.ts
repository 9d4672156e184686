/**
 * One trained model of the study, through the one trainer (train/trainer.ts) in `<out>/runs/<id>`: a finished run
 * (its checkpoint at the last step, same config hash) is reused, an interrupted one resumes exactly, a folder of
 * another config is refused. Returns the problem (its seeded train/test split is the one every model is judged on),
 * θ, and the model distribution where 2^n fits.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BackendReport } from '../../backend/backend';
import { resolveTrainConfig } from '../../config/train';
import { ConfigError } from '../../errors';
import { visibleDistribution } from '../../models/sampling';
import { configHash, loadCheckpoint } from '../../train/checkpoint';
import { buildProblem, nParamsOf, TrainingProblem } from '../../train/problem';
import { readMetrics, writeFinalReport, writeRunInfo } from '../../train/report';
import { CHECKPOINT_FILE, METRICS_FILE, train } from '../../train/trainer';

export interface TrainedModel {
  id: string;
  runDir: string;
  problem: TrainingProblem;
  theta: Float64Array;
  /** q [2^n] where the state vector fits (n ≤ 20), else null. */
  q: Float64Array | null;
  status: 'trained' | 'reused' | 'interrupted';
  /** Wall seconds of the training session that finished the run. */
  seconds: number;
}

export interface TrainRequest {
  id: string;
  /** Training-config keys of the spec (model, init, loss, optimizer, schedule, steps, eval, …). */
  train: Record<string, unknown>;
  seed: number;
  dataDir: string;
  testFraction: number;
  runsDir: string;
}

export async function trainStudyModel(
  r: TrainRequest,
  o: { backend: BackendReport; shouldStop?: () => boolean; log: (line: string) => void },
): Promise<TrainedModel> {
  const runDir = path.join(r.runsDir, r.id);
  const config = resolveTrainConfig(
    {
      ...r.train,
      name: r.id,
      seed: r.seed,
      data: { path: path.resolve(r.dataDir) },
      testFraction: r.testFraction,
      out: runDir,
    },
    r.id,
  );
  const problem = buildProblem(config),
    P = nParamsOf(problem),
    ckpt = path.join(runDir, CHECKPOINT_FILE),
    hash = configHash(config);
  let resume = false;
  if (fs.existsSync(ckpt)) {
    let c;
    try {
      c = loadCheckpoint(ckpt, { configHash: hash, nParams: P });
    } catch (e) {
      throw e instanceof ConfigError
        ? new ConfigError(`${e.message}: ${runDir} was trained with other settings; choose another --out`)
        : e;
    }
    if (c.step === config.steps) {
      const theta = Float64Array.from(c.theta),
        last = readMetrics(runDir).at(-1);
      return {
        id: r.id,
        runDir,
        problem,
        theta,
        q: await distributionOf(problem, theta),
        status: 'reused',
        seconds: last?.seconds ?? NaN,
      };
    }
    resume = true;
  } else {
    fs.mkdirSync(runDir, { recursive: true });
    fs.rmSync(path.join(runDir, METRICS_FILE), { force: true }); // stranded before its first checkpoint
    writeRunInfo(runDir, config, o.backend, {
      study: 'iqp-hep',
      nParams: P,
      circuit: problem.kind === 'iqp' ? problem.generators.name : problem.circuit.name,
    });
  }
  let next = 0;
  const every = Math.max(1, Math.ceil(config.steps / 10)),
    t0 = performance.now();
  const result = await train(problem, {
    runDir,
    resume,
    shouldStop: o.shouldStop,
    onProgress: (p) => {
      if (p.step < next && p.step !== p.steps) return;
      next = p.step + every;
      o.log(
        `${r.id}: step ${p.step}/${p.steps}  loss ${p.loss.toExponential(3)}${p.tvd !== null ? `  TVD(train) ${p.tvd.toFixed(3)}` : ''}  ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
    },
  });
  if (result.status === 'finished') await writeFinalReport(runDir, problem, result); // params.json, summary.json, training-curve
  return {
    id: r.id,
    runDir,
    problem,
    theta: result.theta,
    q: result.q,
    status: result.status === 'finished' ? 'trained' : 'interrupted',
    seconds: result.seconds,
  };
}

async function distributionOf(problem: TrainingProblem, theta: Float64Array): Promise<Float64Array | null> {
  const exact = problem.kind === 'exact' ? problem : problem.exact;
  return exact ? visibleDistribution(exact.circuit, theta, exact.visibleQubits) : null;
}

/**
 * The IQP-on-showers study, grid by grid: the showers (data.ts), the IQP model and — where 2^n fits — the QCBM trained
 * by the one trainer (train.ts), the independent-pixel and Chow–Liu baselines fitted to the same training events, and
 * everything judged on the same held-out events with the same masks (evaluate.ts); then the report. Every model
 * shares the trainer's seeded split (splitWide = splitDataset's events at n ≤ 30; checked here where both exist).
 */
import * as path from 'path';
import { BackendReport } from '../../backend/backend';
import { indexOf, WeightedRows } from '../../data/bitRows';
import { ConfigError } from '../../errors';
import { writeJsonAtomic } from '../../fsutil';
import { fitChowLiu } from '../../models/classical/chowLiu';
import { fitIndependentPixels } from '../../models/classical/independent';
import {
  classicalCandidate,
  Candidate,
  distributionCandidate,
  iqpCandidate,
  trainingEventsCandidate,
} from './candidates';
import { studyDataset } from './data';
import { evaluateGrid, GridEvaluation } from './evaluate';
import { writeIqpHepReport } from './report';
import { IqpHepSpec } from './spec';
import { trainStudyModel, TrainedModel } from './train';

export const STUDY = 'iqp-hep';
export const STUDY_FILE = 'study.json';

export interface RunSummary {
  grid: string;
  id: string;
  status: TrainedModel['status'];
  seconds: number;
  runDir: string;
}

export interface IqpHepResult {
  grids: GridEvaluation[];
  runs: RunSummary[];
  /** True when a signal stopped training (runs are checkpointed; the same command continues). */
  interrupted: boolean;
  files: string[];
}

export async function runIqpHepStudy(
  spec: IqpHepSpec,
  outDir: string,
  o: { backend: BackendReport; log: (line: string) => void; shouldStop?: () => boolean },
): Promise<IqpHepResult> {
  writeJsonAtomic(path.join(outDir, STUDY_FILE), { study: STUDY, spec });
  const runsDir = path.join(outDir, 'runs'),
    grids: GridEvaluation[] = [],
    runs: RunSummary[] = [],
    t0 = performance.now();
  for (const grid of spec.grids) {
    const data = await studyDataset(spec, grid, outDir, o.log);
    const request = (id: string, train: Record<string, unknown>) => ({
      id,
      train,
      seed: spec.seed,
      dataDir: data.dir,
      testFraction: spec.testFraction,
      runsDir,
    });
    const trained: TrainedModel[] = [await trainStudyModel(request(`iqp-${grid}`, spec.iqp), o)];
    const n = data.data.card.nQubits;
    if (spec.qcbm && n <= spec.qcbm.maxQubits && trained[0].status !== 'interrupted')
      trained.push(await trainStudyModel(request(`qcbm-${grid}`, spec.qcbm.train), o));
    for (const t of trained)
      runs.push({ grid, id: t.id, status: t.status, seconds: t.seconds, runDir: path.relative(outDir, t.runDir) });
    if (trained.some((t) => t.status === 'interrupted')) return { grids, runs, interrupted: true, files: [] };

    const iqp = trained[0].problem;
    if (iqp.kind !== 'iqp') throw new ConfigError(`${trained[0].id}: not an IQP run`);
    const { trainRows, testRows, generators } = iqp;
    const candidates: Candidate[] = [
      trainingEventsCandidate(trainRows),
      classicalCandidate('independent', fitIndependentPixels(trainRows)),
      classicalCandidate('chow-liu', fitChowLiu(trainRows)),
      iqpCandidate(
        `IQP (${generators.count} generators: ${String((spec.iqp.model as { generators?: string }).generators ?? 'default')} ≤2-body; init ${iqp.config.init.kind})`,
        generators,
        trained[0].theta,
        trained[0].q,
        spec.eval,
      ),
    ];
    const qcbm = trained[1];
    if (qcbm) {
      if (qcbm.problem.kind !== 'exact' || !qcbm.q)
        throw new ConfigError(`${qcbm.id}: the QCBM must be a state-vector circuit`);
      sameSplit(qcbm.problem.testProbs, testRows, qcbm.id);
      candidates.push(
        distributionCandidate('qcbm', `QCBM (${qcbm.problem.circuit.name})`, qcbm.problem.circuit.nParams, qcbm.q),
      );
    }
    const N = data.data.weights.reduce((a, b) => a + b, 0),
      nTrain = Math.ceil((1 - spec.testFraction) * N);
    o.log(
      `${grid}: judging ${candidates.length} models on ${N - nTrain} held-out events (${spec.eval.sigmas.length} bandwidths × ${spec.eval.masks} masks, 1- and 2-body correlators)`,
    );
    const e = evaluateGrid(grid, testRows, { train: nTrain, test: N - nTrain }, candidates, {
      ...spec.eval,
      seed: spec.seed,
    });
    o.log(`${grid}: judged in ${e.models.reduce((s, m) => s + m.seconds, 0).toFixed(1)} s`);
    grids.push(e);
  }
  const files = await writeIqpHepReport(spec, outDir, {
    grids,
    runs,
    seconds: (performance.now() - t0) / 1000,
    backend: o.backend,
  });
  return { grids, runs, interrupted: false, files };
}

/** The QCBM's held-out distribution must be the IQP run's held-out rows: one split for every model. */
function sameSplit(testProbs: Float64Array, testRows: WeightedRows, id: string): void {
  const p = new Float64Array(testProbs.length);
  for (let r = 0; r < testRows.rows.rows; r++) p[indexOf(testRows.rows, r)] += testRows.weights[r];
  const worst = p.reduce((m, v, x) => Math.max(m, Math.abs(v - testProbs[x])), 0);
  if (worst > 1e-9)
    throw new ConfigError(
      `${id}: its held-out split differs from the IQP run's (max |Δp| = ${worst.toExponential(2)}); the comparison needs one split`,
    );
}

/**
 * `npm run qbm`: runs qbm/compute.ts (gradient scaling of hidden-coupled vs visible terms, training runs), summarises
 * it (summarise: the CSV rows, the fits and the median of each training cell, plain data) and renders results.json,
 * CSV tables, two charts and the text table.
 */
import * as path from 'path';
import { BackendReport } from '../../backend/backend';
import { writeFileAtomic, writeJsonAtomic } from '../../fsutil';
import { toCsv } from '../../report/csv';
import { lineChart, savePlot, VegaLiteSpec } from '../../report/plot';
import { createProgress } from '../../report/progress';
import { formatFit } from '../fits';
import { qbmStudy, qbmWork, QbmGradientRow, QbmResults, QbmTrainRow } from './compute';
import { QbmStudyOptions } from './spec';

export type { QbmStudyOptions } from './spec';

export interface QbmSummary {
  /** gradients.csv */
  gradientRows: QbmGradientRow[];
  fits: QbmResults['scan']['fits'];
  /** training.csv: one row per run, without its loss history */
  trainingRows: Omit<QbmTrainRow, 'history'>[];
  /** Median final KL and TVD of each (n_h, objective) over the seeds (the lower middle value of an even count). */
  medians: { nHidden: number; objective: 'kl' | 'qre'; kl: number; tvd: number }[];
}

const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];

export function summarise(o: QbmStudyOptions, { scan, train }: QbmResults): QbmSummary {
  return {
    gradientRows: scan.rows,
    fits: scan.fits,
    trainingRows: train.map(({ history: _h, ...r }) => r),
    medians: o.trainHidden.flatMap((nh) =>
      (['kl', 'qre'] as const).map((objective) => {
        const rs = train.filter((r) => r.nHidden === nh && r.objective === objective);
        return { nHidden: nh, objective, kl: med(rs.map((r) => r.kl)), tvd: med(rs.map((r) => r.tvd)) };
      }),
    ),
  };
}

export const gradientVarianceChart = (o: QbmStudyOptions, rows: QbmGradientRow[]): VegaLiteSpec =>
  lineChart({
    title: `QBM: variance of ∂⟨Z_0⟩/∂θ_i vs hidden qubits (n_v = ${o.nVisible}, θ ~ U[−${o.width}, ${o.width}], ${o.draws} draws)`,
    xLabel: 'hidden qubits n_h',
    yLabel: 'mean variance over terms',
    logY: true,
    series: [
      {
        name: 'terms touching hidden qubits',
        points: rows.filter((r) => r.nHidden > 0).map((r) => ({ x: r.nHidden, y: r.meanVarHidden })),
      },
      { name: 'purely visible terms', points: rows.map((r) => ({ x: r.nHidden, y: r.meanVarVisible })) },
    ],
  });

export const trainingChart = (o: QbmStudyOptions, train: QbmTrainRow[]): VegaLiteSpec =>
  lineChart({
    title: 'QBM training curves (first seed)',
    xLabel: 'Adam step',
    yLabel: 'loss',
    logY: true,
    series: train
      .filter((r) => r.seed === o.seed)
      .map((r) => ({
        name: `${r.objective}, n_h=${r.nHidden}`,
        points: r.history.map((y, x) => ({ x, y: Math.max(y, 1e-7) })),
      })),
  });

const slopeCI = (f: { log2Slope: number; log2SlopeCI: number[] }) =>
  `log2 slope ${f.log2Slope.toFixed(2)} [${f.log2SlopeCI.map((v) => v.toFixed(2)).join(', ')}]`;
const orDash = (x: number, fmt: (x: number) => string) => (Number.isNaN(x) ? '—' : fmt(x));

export function qbmText(
  o: QbmStudyOptions,
  backend: BackendReport,
  seconds: number,
  s: QbmSummary,
  outDir: string,
): string {
  return [
    `backend ${backend.backend}, ${seconds.toFixed(1)} s`,
    '',
    'n_h  terms  meanVar(hidden-coupled)  meanVar(visible)  max|∂| hidden  max|∂| visible',
    ...s.gradientRows.map(
      (r) =>
        `${String(r.nHidden).padStart(3)}  ${String(r.terms).padStart(5)}  ${orDash(r.meanVarHidden, (x) => x.toExponential(2)).padStart(23)}  ${r.meanVarVisible.toExponential(2).padStart(16)}  ${orDash(r.maxAbsGradHidden, (x) => x.toFixed(3)).padStart(13)}  ${r.maxAbsGradVisible.toFixed(3).padStart(14)}`,
    ),
    ...(s.fits
      ? [
          `fit hidden-coupled: ${formatFit(s.fits.hidden)}; ${slopeCI(s.fits.hidden)}`,
          `fit purely visible: ${formatFit(s.fits.visible)}; ${slopeCI(s.fits.visible)}`,
        ]
      : []),
    '',
    `training (n_v = ${o.trainVisible}, target ½|0…0⟩⟨0…0| + ½|1…1⟩⟨1…1| as a distribution, ${o.steps} Adam steps, ${o.seeds} seeds): median final KL / TVD`,
    ...s.medians.map(
      (m) =>
        `  n_h=${m.nHidden}  objective ${m.objective.padEnd(3)}  KL ${m.kl.toExponential(2)}  TVD ${m.tvd.toFixed(4)}`,
    ),
    `files in ${outDir}`,
  ].join('\n');
}

export async function runQbmStudy(
  o: QbmStudyOptions,
  outDir: string,
  backend: BackendReport,
  opts: { quiet?: boolean } = {},
): Promise<string> {
  const t0 = Date.now();
  const progress = createProgress(qbmWork(o), { quiet: opts.quiet, title: 'qbm', lines: true });
  const results = await qbmStudy(o, (units, label) => progress.tick(units, label));
  progress.stop();
  const seconds = (Date.now() - t0) / 1000,
    s = summarise(o, results);
  writeJsonAtomic(path.join(outDir, 'results.json'), {
    study: 'qbm',
    options: o,
    backend,
    seconds,
    gradients: results.scan,
    training: results.train,
  });
  writeFileAtomic(path.join(outDir, 'gradients.csv'), toCsv(s.gradientRows.map((r) => ({ ...r }))));
  writeFileAtomic(path.join(outDir, 'training.csv'), toCsv(s.trainingRows.map((r) => ({ ...r }))));
  await savePlot(gradientVarianceChart(o, s.gradientRows), path.join(outDir, 'gradient-variance'));
  await savePlot(trainingChart(o, results.train), path.join(outDir, 'training'));
  return qbmText(o, backend, seconds, s, outDir);
}

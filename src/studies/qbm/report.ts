/** `npm run qbm`: QBM gradient scaling (hidden-coupled vs visible terms) and training runs; JSON, CSV, plots, table. */
import * as path from 'path';
import { BackendReport } from '../../backend/backend';
import { writeFileAtomic, writeJsonAtomic } from '../../fsutil';
import { toCsv } from '../../report/csv';
import { lineChart, savePlot } from '../../report/plot';
import { formatFit } from '../fits';
import { qbmGradientScan, qbmTrain, QbmTrainRow } from './compute';
import { createProgress } from '../../report/progress';

export interface QbmStudyOptions {
  nVisible: number;
  nHidden: number[];
  draws: number;
  width: number;
  trainVisible: number;
  trainHidden: number[];
  steps: number;
  lr: number;
  seeds: number;
  seed: number;
}

export async function runQbmStudy(o: QbmStudyOptions, outDir: string, backend: BackendReport, opts: { quiet?: boolean } = {}): Promise<string> {
  const t0 = Date.now();
  // rough relative costs: e^{−H} of a 2^n × 2^n Hamiltonian per draw or step (8^n), for the progress lines and their ETA
  const dense = (n: number) => 8 ** n, scanWork = o.draws * o.nHidden.reduce((s, nh) => s + dense(o.nVisible + nh), 0);
  const runWork = (nh: number) => o.steps * dense(o.trainVisible + nh);
  const progress = createProgress(scanWork + 2 * o.seeds * o.trainHidden.reduce((s, nh) => s + runWork(nh), 0), { quiet: opts.quiet, title: 'qbm', lines: true });
  const scan = qbmGradientScan({ nVisible: o.nVisible, nHidden: o.nHidden, draws: o.draws, width: o.width, seed: o.seed });
  progress.tick(scanWork, 'gradient variances');
  const train: QbmTrainRow[] = [];
  for (const nh of o.trainHidden)
    for (const objective of ['kl', 'qre'] as const)
      for (let s = 0; s < o.seeds; s++) {
        train.push(await qbmTrain({ nVisible: o.trainVisible, nHidden: nh, objective, steps: o.steps, lr: o.lr, width: o.width, seed: o.seed + s }));
        progress.tick(runWork(nh), `training n_h = ${nh}, ${objective}, seed ${s + 1}/${o.seeds}`);
      }
  progress.stop();
  const seconds = (Date.now() - t0) / 1000;
  writeJsonAtomic(path.join(outDir, 'results.json'), { study: 'qbm', options: o, backend, seconds, gradients: scan, training: train });
  writeFileAtomic(path.join(outDir, 'gradients.csv'), toCsv(scan.rows.map((r) => ({ ...r }))));
  writeFileAtomic(path.join(outDir, 'training.csv'), toCsv(train.map(({ history: _h, ...r }) => ({ ...r }))));
  await savePlot(lineChart({
    title: `QBM: variance of ∂⟨Z_0⟩/∂θ_i vs hidden qubits (n_v = ${o.nVisible}, θ ~ U[−${o.width}, ${o.width}], ${o.draws} draws)`, xLabel: 'hidden qubits n_h', yLabel: 'mean variance over terms', logY: true,
    series: [
      { name: 'terms touching hidden qubits', points: scan.rows.filter((r) => r.nHidden > 0).map((r) => ({ x: r.nHidden, y: r.meanVarHidden })) },
      { name: 'purely visible terms', points: scan.rows.map((r) => ({ x: r.nHidden, y: r.meanVarVisible })) },
    ],
  }), path.join(outDir, 'gradient-variance'));
  await savePlot(lineChart({
    title: 'QBM training curves (first seed)', xLabel: 'Adam step', yLabel: 'loss', logY: true,
    series: train.filter((r) => r.seed === o.seed).map((r) => ({ name: `${r.objective}, n_h=${r.nHidden}`, points: r.history.map((y, x) => ({ x, y: Math.max(y, 1e-7) })) })),
  }), path.join(outDir, 'training'));
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor((v.length - 1) / 2)];
  return [
    `backend ${backend.backend}, ${seconds.toFixed(1)} s`,
    '', 'n_h  terms  meanVar(hidden-coupled)  meanVar(visible)  max|∂| hidden  max|∂| visible',
    ...scan.rows.map((r) => `${String(r.nHidden).padStart(3)}  ${String(r.terms).padStart(5)}  ${(Number.isNaN(r.meanVarHidden) ? '—' : r.meanVarHidden.toExponential(2)).padStart(23)}  ${r.meanVarVisible.toExponential(2).padStart(16)}  ${(Number.isNaN(r.maxAbsGradHidden) ? '—' : r.maxAbsGradHidden.toFixed(3)).padStart(13)}  ${r.maxAbsGradVisible.toFixed(3).padStart(14)}`),
    ...(scan.fits ? [`fit hidden-coupled: ${formatFit(scan.fits.hidden)}; log2 slope ${scan.fits.hidden.log2Slope.toFixed(2)} [${scan.fits.hidden.log2SlopeCI.map((v) => v.toFixed(2)).join(', ')}]`,
      `fit purely visible: ${formatFit(scan.fits.visible)}; log2 slope ${scan.fits.visible.log2Slope.toFixed(2)} [${scan.fits.visible.log2SlopeCI.map((v) => v.toFixed(2)).join(', ')}]`] : []),
    '', `training (n_v = ${o.trainVisible}, target ½|0…0⟩⟨0…0| + ½|1…1⟩⟨1…1| as a distribution, ${o.steps} Adam steps, ${o.seeds} seeds): median final KL / TVD`,
    ...o.trainHidden.flatMap((nh) => (['kl', 'qre'] as const).map((obj) => {
      const rs = train.filter((r) => r.nHidden === nh && r.objective === obj);
      return `  n_h=${nh}  objective ${obj.padEnd(3)}  KL ${med(rs.map((r) => r.kl)).toExponential(2)}  TVD ${med(rs.map((r) => r.tvd)).toFixed(4)}`;
    })),
    `files in ${outDir}`,
  ].join('\n');
}

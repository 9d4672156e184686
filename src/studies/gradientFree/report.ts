/**
 * `npm run gradient-free`: runs gradientFree/compute.ts, summarises the cells (summarise: one plain row per model and
 * optimiser), and renders results.json, results.csv, two bar charts and the text table.
 */
import * as path from 'path';
import { BackendReport } from '../../backend/backend';
import { writeFileAtomic, writeJsonAtomic } from '../../fsutil';
import { groupedBars } from '../../report/charts';
import { toCsv } from '../../report/csv';
import { savePlot, VegaLiteSpec } from '../../report/plot';
import { createProgress } from '../../report/progress';
import { CellResult, gradientFreeStudy, gradientFreeWork } from './compute';
import { GradientFreeOptions, OptimizerName } from './spec';

const TASK = 'KL(p*‖q), p* = ½|0…0⟩ + ½|1…1⟩ on the visible bits; success: TVD Σ|p−q| < threshold';

/** One row per (model, optimiser): the rows of results.csv and of the text table. */
export type GradientFreeSummary = {
  model: string;
  optimizer: OptimizerName;
  nParams: number;
  successRate: number;
  medianKL: number;
  meanKL: number;
  medianTVD: number;
  evaluations: number;
}[];

export function summarise(cells: CellResult[]): GradientFreeSummary {
  return cells.map((c) => ({
    model: c.model,
    optimizer: c.optimizer,
    nParams: c.nParams,
    successRate: c.successRate,
    medianKL: c.kl.median,
    meanKL: c.kl.mean,
    medianTVD: c.tvd.median,
    evaluations: c.runs[0]?.evaluations ?? 0,
  }));
}

export const successChart = (o: GradientFreeOptions, cells: CellResult[]): VegaLiteSpec =>
  groupedBars({
    title: `Success rate over ${o.seeds} seeds (TVD < ${o.successTvd})`,
    yLabel: 'success rate',
    groupLabel: 'model',
    rows: cells.map((c) => ({ group: c.model, series: c.optimizer, y: c.successRate })),
  });

export const finalKlChart = (cells: CellResult[]): VegaLiteSpec =>
  groupedBars({
    title: 'Final exact KL(p*‖q): median, bar = min..max over seeds',
    yLabel: 'KL (nats)',
    groupLabel: 'model',
    rows: cells.map((c) => ({
      group: c.model,
      series: c.optimizer,
      y: Math.max(c.kl.median, 1e-6),
      lo: Math.max(c.kl.min, 1e-6),
      hi: Math.max(c.kl.max, 1e-6),
    })),
    logY: true,
  });

export function gradientFreeText(
  o: GradientFreeOptions,
  backend: BackendReport,
  seconds: number,
  rows: GradientFreeSummary,
  outDir: string,
): string {
  return [
    `backend ${backend.backend}, ${seconds.toFixed(1)} s; n_v = ${o.nVisible}, n_h = ${o.nHidden.join(', ')}, all-Pauli layers = ${o.layers}, ${o.seeds} seeds, ${o.evaluations} evaluations per gradient-free run, Adam ${o.adamSteps} steps (lr ${o.lr}), shots ${o.shots || 'exact'}`,
    '',
    `${'model'.padEnd(34)} ${'optimizer'.padEnd(12)} params  success  median KL  median TVD`,
    ...rows.map(
      (r) =>
        `${r.model.padEnd(34)} ${r.optimizer.padEnd(12)} ${String(r.nParams).padStart(6)}  ${r.successRate.toFixed(2).padStart(7)}  ${r.medianKL.toExponential(2).padStart(9)}  ${r.medianTVD.toFixed(3).padStart(10)}`,
    ),
    `files in ${outDir}`,
  ].join('\n');
}

export async function runGradientFreeStudy(
  o: GradientFreeOptions,
  outDir: string,
  backend: BackendReport,
  opts: { quiet?: boolean } = {},
): Promise<string> {
  const t0 = Date.now();
  const progress = createProgress(gradientFreeWork(o), { quiet: opts.quiet, title: 'gradient-free', lines: true });
  const cells = await gradientFreeStudy(o, (units, label) => progress.tick(units, label));
  progress.stop();
  const seconds = (Date.now() - t0) / 1000,
    rows = summarise(cells);
  writeJsonAtomic(path.join(outDir, 'results.json'), {
    study: 'gradient-free',
    options: o,
    backend,
    seconds,
    task: TASK,
    cells,
  });
  writeFileAtomic(path.join(outDir, 'results.csv'), toCsv(rows));
  await savePlot(successChart(o, cells), path.join(outDir, 'success-rate'));
  await savePlot(finalKlChart(cells), path.join(outDir, 'final-kl'));
  return gradientFreeText(o, backend, seconds, rows, outDir);
}

/**
 * `npm run remedies`: runs remedies/compute.ts, summarises the results (summarise: one plain row per n_h and remedy),
 * and renders results.json, results.csv, two bar charts and the text table.
 */
import * as path from 'path';
import { BackendReport } from '../../backend/backend';
import { writeFileAtomic, writeJsonAtomic } from '../../fsutil';
import { groupedBars } from '../../report/charts';
import { toCsv } from '../../report/csv';
import { savePlot, VegaLiteSpec } from '../../report/plot';
import { createProgress } from '../../report/progress';
import { remediesStudy, remediesWork, RemedyResult } from './compute';
import { RemedyName, RemedyOptions } from './spec';

const TASK = 'KL(p*‖q), p* = ½ on 0…0 and 1…1 of the visible bits; success: TVD Σ|p−q| < threshold';

/** One row per (n_h, remedy): the rows of results.csv and of the text table. */
export type RemediesSummary = {
  nHidden: number;
  remedy: RemedyName;
  nParams: number;
  successRate: number;
  startKL: number;
  medianKL: number;
  meanKL: number;
  maxKL: number;
  medianTVD: number;
}[];

export function summarise(res: RemedyResult[]): RemediesSummary {
  return res.map((r) => ({
    nHidden: r.nHidden,
    remedy: r.remedy,
    nParams: r.nParams,
    successRate: r.successRate,
    startKL: r.startKl,
    medianKL: r.kl.median,
    meanKL: r.kl.mean,
    maxKL: r.kl.max,
    medianTVD: r.tvd.median,
  }));
}

const group = (o: RemedyOptions, nh: number) => `n_v=${o.nVisible}, n_h=${nh}, L=${o.layers}`;

export const successChart = (o: RemedyOptions, res: RemedyResult[]): VegaLiteSpec =>
  groupedBars({
    title: `Success rate over ${o.seeds} seeds (TVD < ${o.successTvd})`,
    yLabel: 'success rate',
    groupLabel: 'model',
    rows: res.map((r) => ({ group: group(o, r.nHidden), series: r.remedy, y: r.successRate })),
  });

export const finalKlChart = (o: RemedyOptions, res: RemedyResult[]): VegaLiteSpec =>
  groupedBars({
    title: 'Final exact KL: median, bar = min..max over seeds',
    yLabel: 'KL (nats)',
    groupLabel: 'model',
    logY: true,
    rows: res.map((r) => ({
      group: group(o, r.nHidden),
      series: r.remedy,
      y: Math.max(r.kl.median, 1e-6),
      lo: Math.max(r.kl.min, 1e-6),
      hi: Math.max(r.kl.max, 1e-6),
    })),
  });

export function remediesText(
  o: RemedyOptions,
  backend: BackendReport,
  seconds: number,
  rows: RemediesSummary,
  outDir: string,
): string {
  return [
    `backend ${backend.backend}, ${seconds.toFixed(1)} s; n_v=${o.nVisible}, n_h=${o.nHidden.join(', ')}, L=${o.layers}, ${o.seeds} seeds, ${o.pretrainSteps} pretraining + ${o.steps} task steps (${o.optimizer ?? 'adam'}, lr ${o.lr}), shots ${o.shots || 'exact'}`,
    '',
    'n_h  remedy                 params  success  KL at task start  median KL  median TVD',
    ...rows.map(
      (r) =>
        `${String(r.nHidden).padStart(3)}  ${r.remedy.padEnd(22)} ${String(r.nParams).padStart(6)}  ${r.successRate.toFixed(2).padStart(7)}  ${r.startKL.toFixed(3).padStart(16)}  ${r.medianKL.toExponential(2).padStart(9)}  ${r.medianTVD.toFixed(3).padStart(10)}`,
    ),
    `files in ${outDir}`,
  ].join('\n');
}

export async function runRemediesStudy(
  o: RemedyOptions,
  outDir: string,
  backend: BackendReport,
  opts: { quiet?: boolean } = {},
): Promise<string> {
  const t0 = Date.now();
  const progress = createProgress(remediesWork(o), { quiet: opts.quiet, title: 'remedies', lines: true });
  const res = await remediesStudy(o, (units, label) => progress.tick(units, label));
  progress.stop();
  const seconds = (Date.now() - t0) / 1000,
    rows = summarise(res);
  writeJsonAtomic(path.join(outDir, 'results.json'), {
    study: 'remedies',
    options: o,
    backend,
    seconds,
    task: TASK,
    results: res,
  });
  writeFileAtomic(path.join(outDir, 'results.csv'), toCsv(rows));
  await savePlot(successChart(o, res), path.join(outDir, 'success-rate'));
  await savePlot(finalKlChart(o, res), path.join(outDir, 'final-kl'));
  return remediesText(o, backend, seconds, rows, outDir);
}

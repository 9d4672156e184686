/** `npm run remedies`: runs studies/remedies/compute.ts; writes results.json, results.csv and bar charts; returns a table. */
import * as path from 'path';
import { BackendReport } from '../../backend/backend';
import { writeFileAtomic, writeJsonAtomic } from '../../fsutil';
import { groupedBars } from '../../report/charts';
import { toCsv } from '../../report/csv';
import { savePlot } from '../../report/plot';
import { createProgress } from '../../report/progress';
import { remediesStudy, remediesWork, RemedyOptions } from './compute';

export async function runRemediesStudy(o: RemedyOptions, outDir: string, backend: BackendReport, opts: { quiet?: boolean } = {}): Promise<string> {
  const t0 = Date.now();
  const progress = createProgress(remediesWork(o), { quiet: opts.quiet, title: 'remedies', lines: true });
  const res = await remediesStudy(o, (units, label) => progress.tick(units, label));
  progress.stop();
  const seconds = (Date.now() - t0) / 1000;
  writeJsonAtomic(path.join(outDir, 'results.json'), { study: 'remedies', options: o, backend, seconds, task: 'KL(p*‖q), p* = ½ on 0…0 and 1…1 of the visible bits; success: TVD Σ|p−q| < threshold', results: res });
  const rows = res.map((r) => ({ nHidden: r.nHidden, remedy: r.remedy, nParams: r.nParams, successRate: r.successRate, startKL: r.startKl, medianKL: r.kl.median, meanKL: r.kl.mean, maxKL: r.kl.max, medianTVD: r.tvd.median }));
  writeFileAtomic(path.join(outDir, 'results.csv'), toCsv(rows));
  const group = (nh: number) => `n_v=${o.nVisible}, n_h=${nh}, L=${o.layers}`;
  await savePlot(groupedBars({ title: `Success rate over ${o.seeds} seeds (TVD < ${o.successTvd})`, yLabel: 'success rate', groupLabel: 'model', rows: res.map((r) => ({ group: group(r.nHidden), series: r.remedy, y: r.successRate })) }), path.join(outDir, 'success-rate'));
  await savePlot(groupedBars({ title: 'Final exact KL: median, bar = min..max over seeds', yLabel: 'KL (nats)', groupLabel: 'model', logY: true, rows: res.map((r) => ({ group: group(r.nHidden), series: r.remedy, y: Math.max(r.kl.median, 1e-6), lo: Math.max(r.kl.min, 1e-6), hi: Math.max(r.kl.max, 1e-6) })) }), path.join(outDir, 'final-kl'));
  return [
    `backend ${backend.backend}, ${seconds.toFixed(1)} s; n_v=${o.nVisible}, n_h=${o.nHidden.join(', ')}, L=${o.layers}, ${o.seeds} seeds, ${o.pretrainSteps} pretraining + ${o.steps} task steps (${o.optimizer ?? 'adam'}, lr ${o.lr}), shots ${o.shots || 'exact'}`,
    '', 'n_h  remedy                 params  success  KL at task start  median KL  median TVD',
    ...rows.map((r) => `${String(r.nHidden).padStart(3)}  ${r.remedy.padEnd(22)} ${String(r.nParams).padStart(6)}  ${r.successRate.toFixed(2).padStart(7)}  ${r.startKL.toFixed(3).padStart(16)}  ${r.medianKL.toExponential(2).padStart(9)}  ${r.medianTVD.toFixed(3).padStart(10)}`),
    `files in ${outDir}`,
  ].join('\n');
}

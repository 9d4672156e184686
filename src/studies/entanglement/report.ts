/**
 * `npm run entanglement`: runs the [O] studies of entanglement/compute.ts and hidden/gradients.ts, then summarises them
 * (summarise: the numbers of the CSV tables and the text table, plain data) and renders results.json (with the
 * BackendReport), CSV tables, PNG/SVG plots and a short text table into one folder.
 */
import * as path from 'path';
import { BackendReport } from '../../backend/backend';
import { writeFileAtomic, writeJsonAtomic } from '../../fsutil';
import { facetedHistogram } from '../../report/charts';
import { toCsv } from '../../report/csv';
import { lineChart, savePlot, VegaLiteSpec } from '../../report/plot';
import { createProgress } from '../../report/progress';
import { formatFit } from '../fits';
import { GradientRow, GradientScan } from '../hidden/gradients';
import { entanglementStudy, entanglementWork, EntanglementResults, LawResult } from './compute';
import { EntanglementStudyOptions } from './spec';

export type { EntanglementStudyOptions } from './spec';

/** The study's numbers as they go into the CSV tables and the text table. */
export interface EntanglementSummary {
  /** trace-distance.csv */
  traceRows: {
    nHidden: number;
    nParams: number;
    meanT: number;
    sdT: number;
    medianT: number;
    maxT: number;
    bound: number;
    fractionAboveBound: number;
  }[];
  /** entropy-vs-depth.csv */
  depthRows: { depth: number; meanS: number; sdS: number; meanRenyi2: number; page: number; haarRenyi2: number }[];
  /** gradients.csv */
  gradientRows: GradientRow[];
  /** One row per n_h asked for; no trace distance at n_h = 0. */
  table: {
    nHidden: number;
    nParams: number;
    trace: { mean: number; sd: number; bound: number; aboveBound: number } | null;
    varInfNorm: number;
    meanComponentVar: number;
    lipschitzInf: number;
  }[];
  fits: GradientScan['fits'];
  page: number;
  laws: ({ depth: number } & LawResult)[];
}

export function summarise(o: EntanglementStudyOptions, r: EntanglementResults): EntanglementSummary {
  const { trace, depth, grads } = r;
  return {
    traceRows: trace.map((t) => ({
      nHidden: t.nHidden,
      nParams: t.nParams,
      meanT: t.summary.mean,
      sdT: t.summary.sd,
      medianT: t.summary.median,
      maxT: t.summary.max,
      bound: t.bound,
      fractionAboveBound: t.aboveBound,
    })),
    depthRows: depth.rows.map((d) => ({
      depth: d.depth,
      meanS: d.entropy.mean,
      sdS: d.entropy.sd,
      meanRenyi2: d.renyi2.mean,
      page: depth.page,
      haarRenyi2: depth.haarRenyi2,
    })),
    gradientRows: grads.rows,
    table: o.nHidden.map((h) => {
      const t = trace.find((row) => row.nHidden === h),
        g = grads.rows.find((row) => row.nHidden === h)!;
      return {
        nHidden: h,
        nParams: g.nParams,
        trace: t ? { mean: t.summary.mean, sd: t.summary.sd, bound: t.bound, aboveBound: t.aboveBound } : null,
        varInfNorm: g.varInfNorm,
        meanComponentVar: g.meanComponentVar,
        lipschitzInf: g.lipschitzInf,
      };
    }),
    fits: grads.fits,
    page: depth.page,
    laws: r.laws,
  };
}

export function writeEntanglementTables(
  outDir: string,
  o: EntanglementStudyOptions,
  backend: BackendReport,
  seconds: number,
  r: EntanglementResults,
  s: EntanglementSummary,
): void {
  writeJsonAtomic(path.join(outDir, 'results.json'), {
    study: 'entanglement',
    options: o,
    backend,
    seconds,
    traceDistance: r.trace.map(({ values, ...row }) => ({ ...row, values })),
    entropyVsDepth: r.depth,
    laws: r.laws,
    gradients: r.grads,
  });
  writeFileAtomic(path.join(outDir, 'trace-distance.csv'), toCsv(s.traceRows));
  writeFileAtomic(path.join(outDir, 'entropy-vs-depth.csv'), toCsv(s.depthRows));
  writeFileAtomic(path.join(outDir, 'gradients.csv'), toCsv(s.gradientRows.map((row) => ({ ...row }))));
}

export const traceHistogramChart = (o: EntanglementStudyOptions, r: EntanglementResults): VegaLiteSpec =>
  facetedHistogram({
    title: `T(ρ_v, I/D_v) over ${o.instances} random all-Pauli circuits (n_v = ${o.nVisible}); red: bound ½√(D_v/D_h)`,
    xLabel: 'trace distance T',
    panelLabel: 'hidden qubits n_h',
    ruleLabel: 'bound',
    panels: r.trace.map((t) => ({ panel: String(t.nHidden), rule: t.bound, bins: t.histogram })),
  });

export const traceMeanChart = (r: EntanglementResults): VegaLiteSpec =>
  lineChart({
    title: 'Mean trace distance to I/D_v vs hidden qubits',
    xLabel: 'hidden qubits n_h',
    yLabel: 'T(ρ_v, I/D_v)',
    logY: true,
    series: [
      {
        name: 'mean T (± sd)',
        points: r.trace.map((t) => ({
          x: t.nHidden,
          y: t.summary.mean,
          lo: Math.max(1e-6, t.summary.mean - t.summary.sd),
          hi: t.summary.mean + t.summary.sd,
        })),
      },
      { name: 'bound ½√(D_v/D_h)', points: r.trace.map((t) => ({ x: t.nHidden, y: t.bound })) },
    ],
  });

export function entropyChart(o: EntanglementStudyOptions, r: EntanglementResults): VegaLiteSpec {
  const { rows, page, haarRenyi2 } = r.depth;
  return lineChart({
    title: `Entropy of ${Math.floor(o.qubits / 2)} of ${o.qubits} qubits vs depth`,
    xLabel: 'layers',
    yLabel: 'entropy (nats)',
    series: [
      {
        name: 'von Neumann (± sd)',
        points: rows.map((d) => ({
          x: d.depth,
          y: d.entropy.mean,
          lo: d.entropy.mean - d.entropy.sd,
          hi: d.entropy.mean + d.entropy.sd,
        })),
      },
      { name: 'Rényi-2', points: rows.map((d) => ({ x: d.depth, y: d.renyi2.mean })) },
      { name: 'Page value', points: rows.map((d) => ({ x: d.depth, y: page })) },
      { name: 'Haar Rényi-2', points: rows.map((d) => ({ x: d.depth, y: haarRenyi2 })) },
    ],
  });
}

export function gradientVarianceChart(o: EntanglementStudyOptions, rows: GradientRow[]): VegaLiteSpec {
  const g0 = rows[0],
    two = (x: number, y0: number) => y0 * 2 ** -x;
  return lineChart({
    title: `Gradient variance of ⟨Z⟩ on a visible qubit vs hidden qubits (${o.draws} draws)`,
    xLabel: 'hidden qubits n_h',
    yLabel: 'variance',
    logY: true,
    series: [
      { name: 'Var ‖∇f‖∞', points: rows.map((g) => ({ x: g.nHidden, y: g.varInfNorm })) },
      { name: 'mean_k Var ∂_k f', points: rows.map((g) => ({ x: g.nHidden, y: g.meanComponentVar })) },
      {
        name: 'Var ∂_k f, last X/Y gate on the visible qubit',
        points: rows.map((g) => ({ x: g.nHidden, y: g.singleComponentVar })),
      },
      {
        name: '∝ 2^−n_h',
        points: rows.map((g) => ({ x: g.nHidden, y: two(g.nHidden - g0.nHidden, g0.meanComponentVar) })),
      },
    ],
  });
}

export function lipschitzChart(rows: GradientRow[]): VegaLiteSpec {
  const g0 = rows[0];
  return lineChart({
    title: 'Empirical Lipschitz constants (max over draws) vs hidden qubits',
    xLabel: 'hidden qubits n_h',
    yLabel: 'max gradient norm',
    logY: true,
    series: [
      { name: 'max ‖∇f‖∞', points: rows.map((g) => ({ x: g.nHidden, y: g.lipschitzInf })) },
      { name: 'max ‖∇f‖₂', points: rows.map((g) => ({ x: g.nHidden, y: g.lipschitz2 })) },
      {
        name: '∝ 2^−n_h/2',
        points: rows.map((g) => ({ x: g.nHidden, y: g0.lipschitzInf * 2 ** (-(g.nHidden - g0.nHidden) / 2) })),
      },
    ],
  });
}

const slopeCI = (f: { log2Slope: number; log2SlopeCI: number[] }) =>
  `log2 slope ${f.log2Slope.toFixed(2)} [${f.log2SlopeCI.map((v) => v.toFixed(2)).join(', ')}]`;

/** The terminal table: one line per n_h, the fits, the entropy scan and the law verdicts. */
export function entanglementText(
  o: EntanglementStudyOptions,
  backend: BackendReport,
  seconds: number,
  s: EntanglementSummary,
  outDir: string,
): string {
  return [
    `backend ${backend.backend} (${backend.device}), ${seconds.toFixed(1)} s; n_v = ${o.nVisible}, all-Pauli layers = ${o.layers}`,
    '',
    'n_h  params  mean T   sd T     bound    >bound   Var‖∇‖∞    meanVar∂k  Lip∞',
    ...s.table.map(({ nHidden: h, nParams, trace: t, varInfNorm, meanComponentVar, lipschitzInf }) => {
      const tt = t
        ? `${t.mean.toFixed(4)}   ${t.sd.toFixed(4)}   ${t.bound.toFixed(4)}   ${t.aboveBound.toFixed(3)}  `
        : '  —        —        —        —     ';
      return `${String(h).padStart(3)}  ${String(nParams).padStart(6)}  ${tt} ${varInfNorm.toExponential(2)}   ${meanComponentVar.toExponential(2)}   ${lipschitzInf.toFixed(3)}`;
    }),
    '',
    ...(s.fits
      ? [
          `fit ln Var‖∇f‖∞ vs n_h: ${formatFit(s.fits.varInfNorm)}; ${slopeCI(s.fits.varInfNorm)}`,
          `fit ln mean Var∂k vs n_h: ${formatFit(s.fits.meanComponentVar)}; ${slopeCI(s.fits.meanComponentVar)}`,
          `fit ln Var∂k (one component) vs n_h: ${slopeCI(s.fits.singleComponentVar)}`,
          `fit ln Lip∞ vs n_h: ${slopeCI(s.fits.lipschitzInf)}`,
        ]
      : []),
    `entropy of ${Math.floor(o.qubits / 2)}|${o.qubits - Math.floor(o.qubits / 2)} qubits vs depth: ${s.depthRows.map((d) => `${d.depth}:${d.meanS.toFixed(3)}`).join(' ')} (Page ${s.page.toFixed(3)})`,
    ...s.laws.map(
      (l) =>
        `depth ${l.depth}: S(k) = ${l.meanEntropy.map((v) => v.toFixed(3)).join(', ')}; slope ${l.slopePerQubit.toFixed(2)}·ln2 per qubit → ${l.verdict} law`,
    ),
    `files in ${outDir}`,
  ].join('\n');
}

export async function runEntanglementStudy(
  o: EntanglementStudyOptions,
  outDir: string,
  backend: BackendReport,
  opts: { quiet?: boolean } = {},
): Promise<string> {
  const t0 = Date.now();
  const progress = createProgress(entanglementWork(o), { quiet: opts.quiet, title: 'entanglement', lines: true });
  const results = entanglementStudy(o, (units, label) => progress.tick(units, label));
  progress.stop();
  const seconds = (Date.now() - t0) / 1000,
    summary = summarise(o, results);
  writeEntanglementTables(outDir, o, backend, seconds, results, summary);
  await savePlot(traceHistogramChart(o, results), path.join(outDir, 'trace-distance-histograms'));
  await savePlot(traceMeanChart(results), path.join(outDir, 'trace-distance-mean'));
  await savePlot(entropyChart(o, results), path.join(outDir, 'entropy-vs-depth'));
  await savePlot(gradientVarianceChart(o, results.grads.rows), path.join(outDir, 'gradient-variance'));
  await savePlot(lipschitzChart(results.grads.rows), path.join(outDir, 'lipschitz'));
  return entanglementText(o, backend, seconds, summary, outDir);
}

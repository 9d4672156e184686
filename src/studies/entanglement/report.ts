/**
 * `npm run entanglement`: runs the [O] studies of studies/entanglement/compute.ts and studies/hidden/gradients.ts and writes
 * results.json (with the BackendReport), CSV tables and PNG/SVG plots into one folder; returns a short text table.
 */
import * as path from 'path';
import { BackendReport } from '../../backend/backend';
import { writeFileAtomic, writeJsonAtomic } from '../../fsutil';
import { facetedHistogram } from '../../report/charts';
import { toCsv } from '../../report/csv';
import { lineChart, savePlot } from '../../report/plot';
import { entanglementLawOfCircuit, entropyVsDepth, traceDistanceScan } from './compute';
import { formatFit } from '../fits';
import { gradientScan } from '../hidden/gradients';
import { createProgress } from '../../report/progress';

export interface EntanglementStudyOptions {
  nVisible: number;
  nHidden: number[];
  instances: number;
  draws: number;
  layers: number;
  qubits: number;
  depths: number[];
  depthInstances: number;
  seed: number;
}

export async function runEntanglementStudy(o: EntanglementStudyOptions, outDir: string, backend: BackendReport, opts: { quiet?: boolean } = {}): Promise<string> {
  const t0 = Date.now();
  // rough relative costs of the four parts (state size × repetitions), for the progress lines and their ETA
  const hidden = o.nHidden.filter((h) => h > 0), size = (nh: number) => 2 ** (o.nVisible + nh);
  const work = { trace: (nh: number) => o.instances * size(nh), depth: o.depthInstances * o.depths.reduce((s, d) => s + 1 + d, 0) * 2 ** o.qubits, laws: o.depthInstances * (2 + Math.max(...o.depths)) * 2 ** o.qubits, grads: 3 * o.draws * o.nHidden.reduce((s, nh) => s + size(nh), 0) };
  const progress = createProgress(hidden.reduce((s, nh) => s + work.trace(nh), 0) + work.depth + work.laws + work.grads, { quiet: opts.quiet, title: 'entanglement', lines: true });
  // one n_h at a time (each has its own seeds, so the numbers are those of one call over all of them)
  const trace = hidden.flatMap((nh) => {
    const rows = traceDistanceScan({ nVisible: o.nVisible, nHidden: [nh], instances: o.instances, layers: o.layers, seed: o.seed });
    progress.tick(work.trace(nh), `trace distances, n_h = ${nh}`);
    return rows;
  });
  const depth = entropyVsDepth({ nQubits: o.qubits, subsystem: Math.floor(o.qubits / 2), depths: o.depths, instances: o.depthInstances, seed: o.seed });
  progress.tick(work.depth, 'entropy vs depth');
  const laws = [1, Math.max(...o.depths)].map((d) => ({ depth: d, ...entanglementLawOfCircuit({ nQubits: o.qubits, depth: d, instances: o.depthInstances, seed: o.seed }) }));
  progress.tick(work.laws, 'area and volume laws');
  const grads = gradientScan({ nVisible: o.nVisible, nHidden: o.nHidden, draws: o.draws, layers: o.layers, seed: o.seed });
  progress.tick(work.grads, 'gradient variances');
  progress.stop();
  const seconds = (Date.now() - t0) / 1000;
  writeJsonAtomic(path.join(outDir, 'results.json'), {
    study: 'entanglement', options: o, backend, seconds,
    traceDistance: trace.map(({ values, ...r }) => ({ ...r, values })), entropyVsDepth: depth, laws, gradients: grads,
  });
  writeFileAtomic(path.join(outDir, 'trace-distance.csv'), toCsv(trace.map((r) => ({ nHidden: r.nHidden, nParams: r.nParams, meanT: r.summary.mean, sdT: r.summary.sd, medianT: r.summary.median, maxT: r.summary.max, bound: r.bound, fractionAboveBound: r.aboveBound }))));
  writeFileAtomic(path.join(outDir, 'entropy-vs-depth.csv'), toCsv(depth.rows.map((r) => ({ depth: r.depth, meanS: r.entropy.mean, sdS: r.entropy.sd, meanRenyi2: r.renyi2.mean, page: depth.page, haarRenyi2: depth.haarRenyi2 }))));
  writeFileAtomic(path.join(outDir, 'gradients.csv'), toCsv(grads.rows.map((r) => ({ ...r }))));
  await savePlot(facetedHistogram({
    title: `T(ρ_v, I/D_v) over ${o.instances} random all-Pauli circuits (n_v = ${o.nVisible}); red: bound ½√(D_v/D_h)`,
    xLabel: 'trace distance T', panelLabel: 'hidden qubits n_h', ruleLabel: 'bound',
    panels: trace.map((r) => ({ panel: String(r.nHidden), rule: r.bound, bins: r.histogram })),
  }), path.join(outDir, 'trace-distance-histograms'));
  await savePlot(lineChart({
    title: 'Mean trace distance to I/D_v vs hidden qubits', xLabel: 'hidden qubits n_h', yLabel: 'T(ρ_v, I/D_v)', logY: true,
    series: [
      { name: 'mean T (± sd)', points: trace.map((r) => ({ x: r.nHidden, y: r.summary.mean, lo: Math.max(1e-6, r.summary.mean - r.summary.sd), hi: r.summary.mean + r.summary.sd })) },
      { name: 'bound ½√(D_v/D_h)', points: trace.map((r) => ({ x: r.nHidden, y: r.bound })) },
    ],
  }), path.join(outDir, 'trace-distance-mean'));
  await savePlot(lineChart({
    title: `Entropy of ${Math.floor(o.qubits / 2)} of ${o.qubits} qubits vs depth`, xLabel: 'layers', yLabel: 'entropy (nats)',
    series: [
      { name: 'von Neumann (± sd)', points: depth.rows.map((r) => ({ x: r.depth, y: r.entropy.mean, lo: r.entropy.mean - r.entropy.sd, hi: r.entropy.mean + r.entropy.sd })) },
      { name: 'Rényi-2', points: depth.rows.map((r) => ({ x: r.depth, y: r.renyi2.mean })) },
      { name: 'Page value', points: depth.rows.map((r) => ({ x: r.depth, y: depth.page })) },
      { name: 'Haar Rényi-2', points: depth.rows.map((r) => ({ x: r.depth, y: depth.haarRenyi2 })) },
    ],
  }), path.join(outDir, 'entropy-vs-depth'));
  const two = (x: number, y0: number) => y0 * 2 ** -x;
  const g0 = grads.rows[0];
  await savePlot(lineChart({
    title: `Gradient variance of ⟨Z⟩ on a visible qubit vs hidden qubits (${o.draws} draws)`, xLabel: 'hidden qubits n_h', yLabel: 'variance', logY: true,
    series: [
      { name: 'Var ‖∇f‖∞', points: grads.rows.map((r) => ({ x: r.nHidden, y: r.varInfNorm })) },
      { name: 'mean_k Var ∂_k f', points: grads.rows.map((r) => ({ x: r.nHidden, y: r.meanComponentVar })) },
      { name: 'Var ∂_k f, last X/Y gate on the visible qubit', points: grads.rows.map((r) => ({ x: r.nHidden, y: r.singleComponentVar })) },
      { name: '∝ 2^−n_h', points: grads.rows.map((r) => ({ x: r.nHidden, y: two(r.nHidden - g0.nHidden, g0.meanComponentVar) })) },
    ],
  }), path.join(outDir, 'gradient-variance'));
  await savePlot(lineChart({
    title: 'Empirical Lipschitz constants (max over draws) vs hidden qubits', xLabel: 'hidden qubits n_h', yLabel: 'max gradient norm', logY: true,
    series: [
      { name: 'max ‖∇f‖∞', points: grads.rows.map((r) => ({ x: r.nHidden, y: r.lipschitzInf })) },
      { name: 'max ‖∇f‖₂', points: grads.rows.map((r) => ({ x: r.nHidden, y: r.lipschitz2 })) },
      { name: '∝ 2^−n_h/2', points: grads.rows.map((r) => ({ x: r.nHidden, y: g0.lipschitzInf * 2 ** (-(r.nHidden - g0.nHidden) / 2) })) },
    ],
  }), path.join(outDir, 'lipschitz'));
  const lines = [
    `backend ${backend.backend} (${backend.device}), ${seconds.toFixed(1)} s; n_v = ${o.nVisible}, all-Pauli layers = ${o.layers}`,
    '', 'n_h  params  mean T   sd T     bound    >bound   Var‖∇‖∞    meanVar∂k  Lip∞',
    ...o.nHidden.map((h) => {
      const t = trace.find((r) => r.nHidden === h), g = grads.rows.find((r) => r.nHidden === h)!;
      const tt = t ? `${t.summary.mean.toFixed(4)}   ${t.summary.sd.toFixed(4)}   ${t.bound.toFixed(4)}   ${t.aboveBound.toFixed(3)}  ` : '  —        —        —        —     ';
      return `${String(h).padStart(3)}  ${String(g.nParams).padStart(6)}  ${tt} ${g.varInfNorm.toExponential(2)}   ${g.meanComponentVar.toExponential(2)}   ${g.lipschitzInf.toFixed(3)}`;
    }),
    '',
    ...(grads.fits ? [
      `fit ln Var‖∇f‖∞ vs n_h: ${formatFit(grads.fits.varInfNorm)}; log2 slope ${grads.fits.varInfNorm.log2Slope.toFixed(2)} [${grads.fits.varInfNorm.log2SlopeCI.map((v) => v.toFixed(2)).join(', ')}]`,
      `fit ln mean Var∂k vs n_h: ${formatFit(grads.fits.meanComponentVar)}; log2 slope ${grads.fits.meanComponentVar.log2Slope.toFixed(2)} [${grads.fits.meanComponentVar.log2SlopeCI.map((v) => v.toFixed(2)).join(', ')}]`,
      `fit ln Var∂k (one component) vs n_h: log2 slope ${grads.fits.singleComponentVar.log2Slope.toFixed(2)} [${grads.fits.singleComponentVar.log2SlopeCI.map((v) => v.toFixed(2)).join(', ')}]`,
      `fit ln Lip∞ vs n_h: log2 slope ${grads.fits.lipschitzInf.log2Slope.toFixed(2)} [${grads.fits.lipschitzInf.log2SlopeCI.map((v) => v.toFixed(2)).join(', ')}]`,
    ] : []),
    `entropy of ${Math.floor(o.qubits / 2)}|${o.qubits - Math.floor(o.qubits / 2)} qubits vs depth: ${depth.rows.map((r) => `${r.depth}:${r.entropy.mean.toFixed(3)}`).join(' ')} (Page ${depth.page.toFixed(3)})`,
    ...laws.map((l) => `depth ${l.depth}: S(k) = ${l.meanEntropy.map((v) => v.toFixed(3)).join(', ')}; slope ${l.slopePerQubit.toFixed(2)}·ln2 per qubit → ${l.verdict} law`),
    `files in ${outDir}`,
  ];
  return lines.join('\n');
}

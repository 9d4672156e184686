/**
 * The comparison report, regenerated from whatever runs have finished (so `--only-report` and a partial grid work):
 * report.json (everything: conventions, cells with spreads, curves and ranks), runs.csv (one row per finished run),
 * summary.csv (one row per panel × loss), report.md, and the figures tvd-curves, final-tvd, and for each panel
 * model-vs-data (bars) and, for image data, images (data's and each loss's median-seed model's most probable images).
 */
import * as fs from 'fs';
import * as path from 'path';
import { PLATEAU_VERSION } from '../../data/dataset';
import { compareToReference, formatReference, referenceValue } from './reference';
import { writeFileAtomic, writeJsonAtomic } from '../../fsutil';
import { toCsv } from '../../report/csv';
import { savePlot } from '../../report/plot';
import { readMetrics } from '../../train/report';
import { aggregateCells, CellSummary, panelLabel, RunRecord } from './aggregate';
import { curvePanels, finalBars, imageRows } from './charts';
import { modelVsDataBars } from '../../report/charts';
import { ComparePlan } from './grid';
import { median } from '../../stats/quantile';
import { readRunSummary } from './run';

export const REPORT_FORMAT = 'plateau-compare-report/1';

export const CONVENTIONS = {
  tvd: 'TVD = Σ_x |p(x) − q(x)| ∈ [0, 2] ([R]\'s convention, no ½), exact (from the model distribution, not shots)',
  metric: 'tvd_train: against the training split, as [R]; tvd_test: against the held-out split',
  kl: 'KL(p‖q) = Σ p log(p / max(q, 1e-6)), exact, natural log',
  kbody: 'k-body correlator error Σ_{1≤|A|≤k} (⟨Z_A⟩_q − ⟨Z_A⟩_p̃)² against the training split (k = eval.kBody)',
  quantiles: 'median and inter-quartile range [Q(1/4), Q(3/4)] over seeds; Q is the type-7 quantile (linear interpolation between order statistics: R default, numpy "linear")',
  precisionRecall:
    "k' = min(topK, distinct held-out bitstrings); precision@k = share of the model's k' most probable bitstrings that occur in the held-out data; recall@k = share of the held-out data's k' most probable bitstrings that are among the model's k' most probable",
  seeds: 'paired: seed index s gives every loss and shot budget of a dataset and depth the same initial parameters and train/test split',
  medianRun: 'median-seed model: the run whose final metric is the median (the lower middle one for an even count)',
  images: "images and bars: the whole dataset's most probable bitstrings (pixel q = qubit q, row-major) and each loss's median-seed model",
};

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');
/** A Markdown table cell: a literal | would end the cell. */
const mdCell = (s: string) => s.replace(/\|/g, '\\|');
const band = (s: { median: number; q1: number; q3: number }) => (Number.isFinite(s.median) ? `${f3(s.median)} [${f3(s.q1)}, ${f3(s.q3)}]` : '—');

/** Finished runs of a plan, with their evaluation curves, keyed by id; and the backends they ran on. */
export function loadRecords(plan: ComparePlan): { records: Map<string, RunRecord>; backends: string[] } {
  const records = new Map<string, RunRecord>(), backends = new Set<string>();
  for (const r of plan.runs) {
    const s = readRunSummary(r);
    if (!s) continue;
    const curve = readMetrics(r.runDir).flatMap((m) => (m.metrics === 'correlators' ? [] : [{ step: m.step, tvd_train: m.tvd_train, tvd_test: m.tvd_test }]));
    records.set(r.id, { id: r.id, key: s.key, final: s.final, top: s.top, image: s.image, seconds: s.seconds, curve });
    try {
      const b = (JSON.parse(fs.readFileSync(path.join(r.runDir, 'run.json'), 'utf8')) as { backend?: { backend?: string; device?: string } }).backend;
      if (b?.backend) backends.add(`${b.backend} (${b.device ?? '?'})`);
    } catch {
      /* run.json is informative only */
    }
  }
  return { records, backends: [...backends] };
}

export interface CompareReport {
  cells: CellSummary[];
  /** Short ranked table for the terminal. */
  table: string;
  files: string[];
}

export async function writeCompareReport(plan: ComparePlan): Promise<CompareReport> {
  const { spec, outDir } = plan, metric = spec.report.metric;
  const { records, backends } = loadRecords(plan);
  const order = spec.losses.map((l) => l.id), labelOf = (id: string) => plan.lossLabels[id] ?? id;
  const cells = aggregateCells(plan.runs, records, metric, order, plan.lossLabels);
  const panelIds = [...new Set(cells.map((c) => c.panelId))];
  const nCount = new Map<number, Set<string>>();
  for (const c of cells) nCount.set(c.panel.nQubits, (nCount.get(c.panel.nQubits) ?? new Set()).add(c.panel.data));
  const panelName = (c: CellSummary) => panelLabel(c.panel, (nCount.get(c.panel.nQubits)?.size ?? 0) > 1);
  const firstOf = (p: string) => cells.find((c) => c.panelId === p)!;
  const files: string[] = [];
  const out = (name: string) => {
    files.push(name);
    return path.join(outDir, name);
  };
  const plot = async (spec: Parameters<typeof savePlot>[0], base: string) => {
    await savePlot(spec, path.join(outDir, base));
    files.push(`${base}.png`, `${base}.svg`);
  };
  const metricLabel = metric === 'tvd_train' ? 'TVD Σ|p−q| (train)' : 'TVD Σ|p−q| (held-out)';

  const ref = spec.report.reference;
  const refCell = (c: CellSummary): { text: string; verdict: string } => {
    const v = referenceValue(ref, c.panel, c.loss);
    if (!ref || v === undefined) return { text: '—', verdict: '—' };
    if (c.finished === 0) return { text: formatReference(v), verdict: '—' };
    const r = compareToReference(c.metric.median, v, ref.factor);
    return { text: formatReference(v), verdict: r.verdict === 'within' ? `within ×${ref.factor}` : `${r.verdict} (×${r.ratio >= 1 ? f3(r.ratio) : `1/${f3(1 / r.ratio)}`})` };
  };
  const seconds = [...records.values()].map((r) => r.seconds);
  const missing = plan.runs.filter((r) => !records.has(r.id)).map((r) => r.id);
  writeJsonAtomic(out('report.json'), {
    format: REPORT_FORMAT, plateau: PLATEAU_VERSION, name: spec.name, description: spec.description ?? null, generated: new Date().toISOString(),
    metric, conventions: CONVENTIONS, runs: { planned: plan.runs.length, finished: records.size, missing, backends, trainSeconds: seconds.reduce((a, b) => a + b, 0) },
    reference: spec.report.reference ?? null, lossLabels: plan.lossLabels, spec,
    panels: panelIds.map((p) => ({
      id: p, label: panelName(firstOf(p)), key: firstOf(p).panel,
      cells: cells.filter((c) => c.panelId === p).map((c) => ({ ...c, reference: referenceValue(ref, c.panel, c.loss) ?? null, vsReference: refCell(c).verdict })),
    })),
  });
  writeFileAtomic(out('runs.csv'), toCsv([...records.values()].map((r) => ({
    id: r.id, data: r.key.data, n: r.key.nQubits, layers: r.key.layers, shots: r.key.shots ?? 'exact', loss: r.key.loss, seed_index: r.key.seedIndex,
    tvd_train: r.final.tvd_train, tvd_test: r.final.tvd_test, kl_train: r.final.kl_train, kl_test: r.final.kl_test, kbody_error: r.final.kbody_error,
    precision: r.final.precision, recall: r.final.recall, k: r.final.prK, mass_on_train_support: r.final.mass_on_train_support, seconds: r.seconds,
  }))));
  writeFileAtomic(out('summary.csv'), toCsv(cells.map((c) => ({
    panel: c.panelId, data: c.panel.data, n: c.panel.nQubits, layers: c.panel.layers, shots: c.panel.shots ?? 'exact', loss: c.loss, label: c.label,
    rank: c.rank, finished: c.finished, planned: c.planned, [`${metric}_median`]: c.metric.median, [`${metric}_q1`]: c.metric.q1, [`${metric}_q3`]: c.metric.q3,
    tvd_test_median: c.final.tvd_test.median, kl_train_median: c.final.kl_train.median, kbody_error_median: c.final.kbody_error.median,
    precision_median: c.final.precision.median, recall_median: c.final.recall.median, median_run: c.medianRun,
    ...(ref ? { reference: refCell(c).text, vs_reference: refCell(c).verdict } : {}),
  }))));

  const columns = Math.max(1, new Set(cells.map((c) => c.panel.shots)).size);
  const labels = order.map(labelOf);
  await plot(curvePanels({
    title: `${spec.name}: ${metricLabel} during training, median and inter-quartile band over seeds`, yLabel: metricLabel, order: labels, columns,
    panels: panelIds.map((p) => ({
      title: panelName(firstOf(p)),
      series: cells.filter((c) => c.panelId === p && c.finished > 0).map((c) => ({ name: c.label, points: c.curve.map((pt) => ({ x: pt.step, y: pt.median, lo: pt.q1, hi: pt.q3 })) })),
    })),
  }), 'tvd-curves');
  await plot(finalBars({
    title: `${spec.name}: final ${metricLabel}, median with inter-quartile bar`, yLabel: metricLabel, order: labels, columns,
    panels: panelIds.map((p) => panelName(firstOf(p))),
    rows: cells.filter((c) => c.finished > 0).map((c) => ({ panel: panelName(c), series: c.label, y: c.metric.median, lo: c.metric.q1, hi: c.metric.q3 })),
  }), 'final-tvd');

  const k = spec.report.topK;
  const imageSections: string[] = [];
  for (const p of panelIds) {
    const pc = cells.filter((c) => c.panelId === p && c.medianRun);
    if (!pc.length) continue;
    const first = records.get(pc[0].medianRun!)!;
    const dataTop = [...first.top].filter((t) => t.data > 0).sort((a, b) => b.data - a.data || a.index - b.index).slice(0, k);
    const byOrder = [...pc].sort((a, b) => order.indexOf(a.loss) - order.indexOf(b.loss));
    const lines = [`### ${panelName(pc[0])} (${pc[0].panel.data})`];
    await plot(modelVsDataBars({
      title: `${panelName(pc[0])}: data p̃ and median-seed model q at the data's ${dataTop.length} most probable bitstrings`,
      groups: dataTop.map((t, r) => `#${r + 1} ${t.bitstring}`), order: byOrder.map((c) => c.label),
      rows: dataTop.flatMap((t, r) => [
        { group: `#${r + 1} ${t.bitstring}`, series: 'data', y: t.data },
        ...byOrder.map((c) => ({ group: `#${r + 1} ${t.bitstring}`, series: c.label, y: records.get(c.medianRun!)!.top.find((u) => u.index === t.index)?.model ?? 0 })),
      ]),
    }), `model-vs-data-${p}`);
    lines.push('', `![model vs data](model-vs-data-${p}.png)`);
    if (first.image) {
      await plot(imageRows({
        title: `${panelName(pc[0])}: the ${k} most probable images (#rank · probability)`, gridRows: first.image.rows, gridCols: first.image.cols,
        rows: [
          { title: 'data', entries: dataTop.map((t) => ({ index: t.index, p: t.data })) },
          ...byOrder.map((c) => {
            const run = records.get(c.medianRun!)!;
            return { title: `${c.label} (median seed: ${run.key.seedIndex}, ${metric} ${f3(run.final[metric])})`, entries: [...run.top].sort((a, b) => b.model - a.model || a.index - b.index).slice(0, k).map((t) => ({ index: t.index, p: t.model })) };
          }),
        ],
      }), `images-${p}`);
      lines.push('', `![most probable images](images-${p}.png)`);
    }
    imageSections.push(lines.join('\n'));
  }

  const tables = panelIds.map((p) => {
    const pc = cells.filter((c) => c.panelId === p);
    const kk = [...records.values()].find((r) => pc.some((c) => c.medianRun === r.id))?.final.prK ?? k;
    return [
      `### ${panelName(pc[0])} (${pc[0].panel.data})`, '',
      `| rank | loss | median ${mdCell(metricLabel)} [IQR] |${ref ? ` ${mdCell(ref.label)} | vs paper |` : ''} TVD held-out | KL(p‖q) | k-body error | precision@${kk} | recall@${kk} | runs |`,
      `|---|---|---|${ref ? '---|---|' : ''}---|---|---|---|---|---|`,
      ...pc.map((c) => {
        const r = refCell(c);
        return `| ${c.rank ?? '—'} | ${mdCell(c.label)} | ${band(c.metric)} |${ref ? ` ${r.text} | ${r.verdict} |` : ''} ${f3(c.final.tvd_test.median)} | ${f3(c.final.kl_train.median)} | ${f3(c.final.kbody_error.median)} | ${f3(c.final.precision.median)} | ${f3(c.final.recall.median)} | ${c.finished}/${c.planned} |`;
      }),
    ].join('\n');
  });
  const md = [
    `# Loss comparison: ${spec.name}`, '',
    ...(spec.description ? [spec.description, ''] : []),
    `${records.size}/${plan.runs.length} runs finished${missing.length ? ` (${missing.length} missing: run the same plateau compare command again to train them)` : ''}; ` +
      `${spec.seeds} seeds per cell; training time ${seconds.reduce((a, b) => a + b, 0).toFixed(0)} s in all, median ${Number.isFinite(median(seconds)) ? median(seconds).toFixed(1) : '—'} s per run ` +
      `(of the session that finished each run); backends: ${backends.join(', ') || '—'}.`, '',
    '## How to read it', '',
    `- The metric is the exact ${metricLabel}: ${CONVENTIONS.tvd}. Lower is better; 2 means disjoint supports.`,
    `- Every number is a ${CONVENTIONS.quantiles}.`,
    `- Ranks order the losses of one panel by median final metric (ties: upper quartile). Seeds are ${CONVENTIONS.seeds}.`,
    `- precision@k and recall@k: ${CONVENTIONS.precisionRecall} (the two coincide when k' is the whole held-out support).`,
    `- ${CONVENTIONS.kbody}; KL: ${CONVENTIONS.kl}.`, '',
    '## Ranking by median final metric', '', ...tables.flatMap((t) => [t, '']),
    '## Training curves', '', `![${metricLabel} vs step](tvd-curves.png)`, '', '![final metric](final-tvd.png)', '',
    '## Model vs data', '', CONVENTIONS.images + '.', '', ...imageSections.flatMap((s) => [s, '']),
    '## Files', '', 'report.json (all of the above as data), summary.csv (panel × loss), runs.csv (one row per run), runs/<id>/ (each run: run.json, metrics.jsonl, checkpoint.json, params.json, summary.json); every figure as .png and .svg.', '',
  ].join('\n');
  writeFileAtomic(out('report.md'), md);

  const table = [
    `${records.size}/${plan.runs.length} runs finished · ${metricLabel}: median [IQR] over seeds${ref ? ` · beside it: ${ref.label}` : ''}`,
    ...panelIds.flatMap((p) => {
      const pc = cells.filter((c) => c.panelId === p);
      return [`${panelName(pc[0])}`, ...pc.map((c) => {
        const r = refCell(c);
        return `  ${String(c.rank ?? '—').padStart(2)}. ${c.label.padEnd(28)} ${band(c.metric)}  (${c.finished}/${c.planned})${r.text !== '—' ? `   paper ${r.text}, ${r.verdict}` : ''}`;
      })];
    }),
  ].join('\n');
  return { cells, table, files };
}

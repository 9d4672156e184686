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
import { savePlot, VegaLiteSpec } from '../../report/plot';
import { readMetrics } from '../../train/report';
import { aggregateCells, CellSummary, panelLabel, RunRecord } from './aggregate';
import { curvePanels, finalBars, imageRows } from './charts';
import { modelVsDataBars } from '../../report/charts';
import { ComparePlan } from './grid';
import { median } from '../../stats/quantile';
import { readRunSummary } from './run';

export const REPORT_FORMAT = 'plateau-compare-report/1';

export const CONVENTIONS = {
  tvd: "TVD = Σ_x |p(x) − q(x)| ∈ [0, 2] ([R]'s convention, no ½), exact (from the model distribution, not shots)",
  metric: 'tvd_train: against the training split, as [R]; tvd_test: against the held-out split',
  kl: 'KL(p‖q) = Σ p log(p / max(q, 1e-6)), exact, natural log',
  kbody: 'k-body correlator error Σ_{1≤|A|≤k} (⟨Z_A⟩_q − ⟨Z_A⟩_p̃)² against the training split (k = eval.kBody)',
  quantiles:
    'median and inter-quartile range [Q(1/4), Q(3/4)] over seeds; Q is the type-7 quantile (linear interpolation between order statistics: R default, numpy "linear")',
  precisionRecall:
    "k' = min(topK, distinct held-out bitstrings); precision@k = share of the model's k' most probable bitstrings that occur in the held-out data; recall@k = share of the held-out data's k' most probable bitstrings that are among the model's k' most probable",
  seeds:
    'paired: seed index s gives every loss and shot budget of a dataset and depth the same initial parameters and train/test split',
  medianRun: 'median-seed model: the run whose final metric is the median (the lower middle one for an even count)',
  images:
    "images and bars: the whole dataset's most probable bitstrings (pixel q = qubit q, row-major) and each loss's median-seed model",
};

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');
/** A Markdown table cell: a literal | would end the cell. */
const mdCell = (s: string) => s.replace(/\|/g, '\\|');
const band = (s: { median: number; q1: number; q3: number }) =>
  Number.isFinite(s.median) ? `${f3(s.median)} [${f3(s.q1)}, ${f3(s.q3)}]` : '—';

/** Finished runs of a plan, with their evaluation curves, keyed by id; and the backends they ran on. */
export function loadRecords(plan: ComparePlan): { records: Map<string, RunRecord>; backends: string[] } {
  const records = new Map<string, RunRecord>(),
    backends = new Set<string>();
  for (const r of plan.runs) {
    const s = readRunSummary(r);
    if (!s) continue;
    const curve = readMetrics(r.runDir).flatMap((m) =>
      m.metrics === 'correlators' ? [] : [{ step: m.step, tvd_train: m.tvd_train, tvd_test: m.tvd_test }],
    );
    records.set(r.id, { id: r.id, key: s.key, final: s.final, top: s.top, image: s.image, seconds: s.seconds, curve });
    try {
      const b = (
        JSON.parse(fs.readFileSync(path.join(r.runDir, 'run.json'), 'utf8')) as {
          backend?: { backend?: string; device?: string };
        }
      ).backend;
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

/** A cell's reference value as text and the verdict of its median against it ('—' where there is none). */
interface ReferenceCell {
  text: string;
  verdict: string;
}

/** Everything the report says, as data: the renderers below only format it. */
export interface CompareSummary {
  plan: ComparePlan;
  metric: ComparePlan['spec']['report']['metric'];
  metricLabel: string;
  records: Map<string, RunRecord>;
  backends: string[];
  cells: CellSummary[];
  panelIds: string[];
  /** Panel id → its label ("n = 9 · L = 9 · exact"; the data's name too where one n has several datasets). */
  panelNames: Map<string, string>;
  references: Map<CellSummary, ReferenceCell>;
  seconds: number[];
  missing: string[];
  /** Loss ids in the spec's order, and their labels. */
  order: string[];
  labels: string[];
}

/** The summary step: finished runs read and aggregated, panels named, each cell set against the paper's value. */
export function summariseComparison(plan: ComparePlan): CompareSummary {
  const { spec } = plan,
    metric = spec.report.metric,
    ref = spec.report.reference;
  const { records, backends } = loadRecords(plan);
  const order = spec.losses.map((l) => l.id);
  const cells = aggregateCells(plan.runs, records, metric, order, plan.lossLabels);
  const nCount = new Map<number, Set<string>>();
  for (const c of cells) nCount.set(c.panel.nQubits, (nCount.get(c.panel.nQubits) ?? new Set()).add(c.panel.data));
  const panelNames = new Map<string, string>();
  for (const c of cells)
    if (!panelNames.has(c.panelId))
      panelNames.set(c.panelId, panelLabel(c.panel, (nCount.get(c.panel.nQubits)?.size ?? 0) > 1));
  const references = new Map<CellSummary, ReferenceCell>();
  for (const c of cells) {
    const v = referenceValue(ref, c.panel, c.loss);
    if (!ref || v === undefined) references.set(c, { text: '—', verdict: '—' });
    else if (c.finished === 0) references.set(c, { text: formatReference(v), verdict: '—' });
    else {
      const r = compareToReference(c.metric.median, v, ref.factor);
      references.set(c, {
        text: formatReference(v),
        verdict:
          r.verdict === 'within'
            ? `within ×${ref.factor}`
            : `${r.verdict} (×${r.ratio >= 1 ? f3(r.ratio) : `1/${f3(1 / r.ratio)}`})`,
      });
    }
  }
  return {
    plan,
    metric,
    metricLabel: metric === 'tvd_train' ? 'TVD Σ|p−q| (train)' : 'TVD Σ|p−q| (held-out)',
    records,
    backends,
    cells,
    panelIds: [...panelNames.keys()],
    panelNames,
    references,
    seconds: [...records.values()].map((r) => r.seconds),
    missing: plan.runs.filter((r) => !records.has(r.id)).map((r) => r.id),
    order,
    labels: order.map((id) => plan.lossLabels[id] ?? id),
  };
}

const panelCells = (s: CompareSummary, p: string) => s.cells.filter((c) => c.panelId === p);
const panelOf = (s: CompareSummary, c: CellSummary) => s.panelNames.get(c.panelId)!;

/** report.json: everything, as data. */
function reportJson(s: CompareSummary): object {
  const { spec } = s.plan,
    ref = spec.report.reference;
  return {
    format: REPORT_FORMAT,
    plateau: PLATEAU_VERSION,
    name: spec.name,
    description: spec.description ?? null,
    generated: new Date().toISOString(),
    metric: s.metric,
    conventions: CONVENTIONS,
    runs: {
      planned: s.plan.runs.length,
      finished: s.records.size,
      missing: s.missing,
      backends: s.backends,
      trainSeconds: s.seconds.reduce((a, b) => a + b, 0),
    },
    reference: ref ?? null,
    lossLabels: s.plan.lossLabels,
    spec,
    panels: s.panelIds.map((p) => ({
      id: p,
      label: s.panelNames.get(p),
      key: panelCells(s, p)[0].panel,
      cells: panelCells(s, p).map((c) => ({
        ...c,
        reference: referenceValue(ref, c.panel, c.loss) ?? null,
        vsReference: s.references.get(c)!.verdict,
      })),
    })),
  };
}

/** runs.csv: one row per finished run. */
function runsCsv(s: CompareSummary): string {
  return toCsv(
    [...s.records.values()].map((r) => ({
      id: r.id,
      data: r.key.data,
      n: r.key.nQubits,
      layers: r.key.layers,
      shots: r.key.shots ?? 'exact',
      loss: r.key.loss,
      seed_index: r.key.seedIndex,
      tvd_train: r.final.tvd_train,
      tvd_test: r.final.tvd_test,
      kl_train: r.final.kl_train,
      kl_test: r.final.kl_test,
      kbody_error: r.final.kbody_error,
      precision: r.final.precision,
      recall: r.final.recall,
      k: r.final.prK,
      mass_on_train_support: r.final.mass_on_train_support,
      seconds: r.seconds,
    })),
  );
}

/** summary.csv: one row per panel × loss. */
function summaryCsv(s: CompareSummary): string {
  const m = s.metric,
    ref = s.plan.spec.report.reference;
  return toCsv(
    s.cells.map((c) => ({
      panel: c.panelId,
      data: c.panel.data,
      n: c.panel.nQubits,
      layers: c.panel.layers,
      shots: c.panel.shots ?? 'exact',
      loss: c.loss,
      label: c.label,
      rank: c.rank,
      finished: c.finished,
      planned: c.planned,
      [`${m}_median`]: c.metric.median,
      [`${m}_q1`]: c.metric.q1,
      [`${m}_q3`]: c.metric.q3,
      tvd_test_median: c.final.tvd_test.median,
      kl_train_median: c.final.kl_train.median,
      kbody_error_median: c.final.kbody_error.median,
      precision_median: c.final.precision.median,
      recall_median: c.final.recall.median,
      median_run: c.medianRun,
      ...(ref ? { reference: s.references.get(c)!.text, vs_reference: s.references.get(c)!.verdict } : {}),
    })),
  );
}

type Plot = (spec: VegaLiteSpec, base: string) => Promise<void>;

/** tvd-curves and final-tvd: every panel's curves and final medians. */
async function curveFigures(s: CompareSummary, plot: Plot): Promise<void> {
  const name = s.plan.spec.name,
    columns = Math.max(1, new Set(s.cells.map((c) => c.panel.shots)).size);
  await plot(
    curvePanels({
      title: `${name}: ${s.metricLabel} during training, median and inter-quartile band over seeds`,
      yLabel: s.metricLabel,
      order: s.labels,
      columns,
      panels: s.panelIds.map((p) => ({
        title: s.panelNames.get(p)!,
        series: panelCells(s, p)
          .filter((c) => c.finished > 0)
          .map((c) => ({
            name: c.label,
            points: c.curve.map((pt) => ({ x: pt.step, y: pt.median, lo: pt.q1, hi: pt.q3 })),
          })),
      })),
    }),
    'tvd-curves',
  );
  await plot(
    finalBars({
      title: `${name}: final ${s.metricLabel}, median with inter-quartile bar`,
      yLabel: s.metricLabel,
      order: s.labels,
      columns,
      panels: s.panelIds.map((p) => s.panelNames.get(p)!),
      rows: s.cells
        .filter((c) => c.finished > 0)
        .map((c) => ({ panel: panelOf(s, c), series: c.label, y: c.metric.median, lo: c.metric.q1, hi: c.metric.q3 })),
    }),
    'final-tvd',
  );
}

/** One panel's model-vs-data bars and, for image data, its images; returns the panel's Markdown section. */
async function panelFigures(s: CompareSummary, p: string, plot: Plot): Promise<string | null> {
  const k = s.plan.spec.report.topK,
    pc = panelCells(s, p).filter((c) => c.medianRun);
  if (!pc.length) return null;
  const first = s.records.get(pc[0].medianRun!)!,
    name = panelOf(s, pc[0]);
  const dataTop = [...first.top]
    .filter((t) => t.data > 0)
    .sort((a, b) => b.data - a.data || a.index - b.index)
    .slice(0, k);
  const byOrder = [...pc].sort((a, b) => s.order.indexOf(a.loss) - s.order.indexOf(b.loss));
  const lines = [`### ${name} (${pc[0].panel.data})`];
  await plot(
    modelVsDataBars({
      title: `${name}: data p̃ and median-seed model q at the data's ${dataTop.length} most probable bitstrings`,
      groups: dataTop.map((t, r) => `#${r + 1} ${t.bitstring}`),
      order: byOrder.map((c) => c.label),
      rows: dataTop.flatMap((t, r) => [
        { group: `#${r + 1} ${t.bitstring}`, series: 'data', y: t.data },
        ...byOrder.map((c) => ({
          group: `#${r + 1} ${t.bitstring}`,
          series: c.label,
          y: s.records.get(c.medianRun!)!.top.find((u) => u.index === t.index)?.model ?? 0,
        })),
      ]),
    }),
    `model-vs-data-${p}`,
  );
  lines.push('', `![model vs data](model-vs-data-${p}.png)`);
  if (first.image) {
    await plot(
      imageRows({
        title: `${name}: the ${k} most probable images (#rank · probability)`,
        gridRows: first.image.rows,
        gridCols: first.image.cols,
        rows: [
          { title: 'data', entries: dataTop.map((t) => ({ index: t.index, p: t.data })) },
          ...byOrder.map((c) => {
            const run = s.records.get(c.medianRun!)!;
            return {
              title: `${c.label} (median seed: ${run.key.seedIndex}, ${s.metric} ${f3(run.final[s.metric])})`,
              entries: [...run.top]
                .sort((a, b) => b.model - a.model || a.index - b.index)
                .slice(0, k)
                .map((t) => ({ index: t.index, p: t.model })),
            };
          }),
        ],
      }),
      `images-${p}`,
    );
    lines.push('', `![most probable images](images-${p}.png)`);
  }
  return lines.join('\n');
}

/** One panel's ranking table in Markdown. */
function rankingTable(s: CompareSummary, p: string): string {
  const ref = s.plan.spec.report.reference,
    pc = panelCells(s, p);
  const kk =
    [...s.records.values()].find((r) => pc.some((c) => c.medianRun === r.id))?.final.prK ?? s.plan.spec.report.topK;
  return [
    `### ${panelOf(s, pc[0])} (${pc[0].panel.data})`,
    '',
    `| rank | loss | median ${mdCell(s.metricLabel)} [IQR] |${ref ? ` ${mdCell(ref.label)} | vs paper |` : ''} TVD held-out | KL(p‖q) | k-body error | precision@${kk} | recall@${kk} | runs |`,
    `|---|---|---|${ref ? '---|---|' : ''}---|---|---|---|---|---|`,
    ...pc.map((c) => {
      const r = s.references.get(c)!;
      return `| ${c.rank ?? '—'} | ${mdCell(c.label)} | ${band(c.metric)} |${ref ? ` ${r.text} | ${r.verdict} |` : ''} ${f3(c.final.tvd_test.median)} | ${f3(c.final.kl_train.median)} | ${f3(c.final.kbody_error.median)} | ${f3(c.final.precision.median)} | ${f3(c.final.recall.median)} | ${c.finished}/${c.planned} |`;
    }),
  ].join('\n');
}

/** report.md: the run count, how to read it, the rankings, the figures. */
function reportMarkdown(s: CompareSummary, imageSections: string[]): string {
  const { spec } = s.plan,
    total = s.seconds.reduce((a, b) => a + b, 0),
    med = median(s.seconds);
  return [
    `# Loss comparison: ${spec.name}`,
    '',
    ...(spec.description ? [spec.description, ''] : []),
    `${s.records.size}/${s.plan.runs.length} runs finished${s.missing.length ? ` (${s.missing.length} missing: run the same plateau compare command again to train them)` : ''}; ` +
      `${spec.seeds} seeds per cell; training time ${total.toFixed(0)} s in all, median ${Number.isFinite(med) ? med.toFixed(1) : '—'} s per run ` +
      `(of the session that finished each run); backends: ${s.backends.join(', ') || '—'}.`,
    '',
    '## How to read it',
    '',
    `- The metric is the exact ${s.metricLabel}: ${CONVENTIONS.tvd}. Lower is better; 2 means disjoint supports.`,
    `- Every number is a ${CONVENTIONS.quantiles}.`,
    `- Ranks order the losses of one panel by median final metric (ties: upper quartile). Seeds are ${CONVENTIONS.seeds}.`,
    `- precision@k and recall@k: ${CONVENTIONS.precisionRecall} (the two coincide when k' is the whole held-out support).`,
    `- ${CONVENTIONS.kbody}; KL: ${CONVENTIONS.kl}.`,
    '',
    '## Ranking by median final metric',
    '',
    ...s.panelIds.flatMap((p) => [rankingTable(s, p), '']),
    '## Training curves',
    '',
    `![${s.metricLabel} vs step](tvd-curves.png)`,
    '',
    '![final metric](final-tvd.png)',
    '',
    '## Model vs data',
    '',
    CONVENTIONS.images + '.',
    '',
    ...imageSections.flatMap((x) => [x, '']),
    '## Files',
    '',
    'report.json (all of the above as data), summary.csv (panel × loss), runs.csv (one row per run), runs/<id>/ (each run: run.json, metrics.jsonl, checkpoint.json, params.json, summary.json); every figure as .png and .svg.',
    '',
  ].join('\n');
}

/** The short ranked table for the terminal. */
function terminalTable(s: CompareSummary): string {
  const ref = s.plan.spec.report.reference;
  return [
    `${s.records.size}/${s.plan.runs.length} runs finished · ${s.metricLabel}: median [IQR] over seeds${ref ? ` · beside it: ${ref.label}` : ''}`,
    ...s.panelIds.flatMap((p) => [
      s.panelNames.get(p)!,
      ...panelCells(s, p).map((c) => {
        const r = s.references.get(c)!;
        return `  ${String(c.rank ?? '—').padStart(2)}. ${c.label.padEnd(28)} ${band(c.metric)}  (${c.finished}/${c.planned})${r.text !== '—' ? `   paper ${r.text}, ${r.verdict}` : ''}`;
      }),
    ]),
  ].join('\n');
}

/** Summarises the finished runs and writes every file of the report; returns the cells, the terminal table, the files. */
export async function writeCompareReport(plan: ComparePlan): Promise<CompareReport> {
  const s = summariseComparison(plan),
    files: string[] = [];
  const write = (name: string, text: string) => {
    writeFileAtomic(path.join(plan.outDir, name), text);
    files.push(name);
  };
  const plot: Plot = async (spec, base) => {
    await savePlot(spec, path.join(plan.outDir, base));
    files.push(`${base}.png`, `${base}.svg`);
  };
  writeJsonAtomic(path.join(plan.outDir, 'report.json'), reportJson(s));
  files.push('report.json');
  write('runs.csv', runsCsv(s));
  write('summary.csv', summaryCsv(s));
  await curveFigures(s, plot);
  const imageSections: string[] = [];
  for (const p of s.panelIds) {
    const section = await panelFigures(s, p, plot);
    if (section) imageSections.push(section);
  }
  write('report.md', reportMarkdown(s, imageSections));
  return { cells: s.cells, table: terminalTable(s), files };
}

/**
 * The comparison view of `plateau view`, from a comparison folder's report.json and its median-seed runs'
 * summary.json: the report's charts (compare/charts.ts: TVD curves with inter-quartile bands per panel, final medians
 * with IQR bars, model-vs-data bars and, for image data, the most probable images of the data and of each loss's
 * median-seed model), drawn the way compare/report.ts draws them, and the ranked table as rows.
 */
import * as path from 'path';
import { VegaLiteSpec } from '../report/plot';
import type { CellSummary } from '../studies/compare/aggregate';
import { curvePanels, finalBars, imageRows } from '../studies/compare/charts';
import { modelVsDataBars } from '../report/charts';
import type { RunSummary } from '../studies/compare/run';
import { readJsonCached } from './jsonFiles';

export interface CompareDoc {
  name: string;
  description?: string | null;
  metric: 'tvd_train' | 'tvd_test';
  runs: { planned: number; finished: number; missing: string[]; backends: string[] };
  lossLabels: Record<string, string>;
  spec: { losses: { id: string }[]; report: { topK: number } };
  panels: { id: string; label: string; cells: CellSummary[] }[];
}

export interface CompareView {
  title: string;
  facts: string[];
  charts: VegaLiteSpec[];
  ranking: {
    panel: string;
    rank: number | null;
    loss: string;
    median: number;
    q1: number;
    q3: number;
    tvdTest: number;
    kl: number;
    precision: number;
    recall: number;
    runs: string;
  }[];
}

const tip = (s: VegaLiteSpec): VegaLiteSpec => ({ ...s, config: { ...(s.config as object), mark: { tooltip: true } } });

/** The summary.json of one of the comparison's runs, if finished. */
function runSummary(dir: string, id: string): RunSummary | null {
  const s = readJsonCached(path.join(dir, 'runs', id, 'summary.json')) as RunSummary | null;
  return s && Array.isArray(s.top) ? s : null;
}

export function compareView(doc: CompareDoc, dir: string): CompareView {
  const metricLabel = doc.metric === 'tvd_test' ? 'TVD Σ|p−q| (held-out)' : 'TVD Σ|p−q| (train)';
  const order = doc.spec.losses.map((l) => l.id),
    labels = order.map((id) => doc.lossLabels[id] ?? id);
  const cells = doc.panels.flatMap((p) => p.cells.map((c) => ({ ...c, panelName: p.label })));
  const columns = Math.max(1, new Set(cells.map((c) => c.panel.shots)).size);
  const charts: VegaLiteSpec[] = [
    curvePanels({
      title: `${metricLabel} during training, median and inter-quartile band over seeds`,
      yLabel: metricLabel,
      order: labels,
      columns,
      panels: doc.panels.map((p) => ({
        title: p.label,
        series: p.cells
          .filter((c) => c.finished > 0)
          .map((c) => ({
            name: c.label,
            points: c.curve.map((pt) => ({ x: pt.step, y: pt.median, lo: pt.q1, hi: pt.q3 })),
          })),
      })),
    }),
    finalBars({
      title: `final ${metricLabel}, median with inter-quartile bar`,
      yLabel: metricLabel,
      order: labels,
      columns,
      panels: doc.panels.map((p) => p.label),
      rows: cells
        .filter((c) => c.finished > 0)
        .map((c) => ({ panel: c.panelName, series: c.label, y: c.metric.median, lo: c.metric.q1, hi: c.metric.q3 })),
    }),
  ];
  const k = doc.spec.report.topK;
  for (const p of doc.panels) {
    const pc = p.cells.filter((c) => c.medianRun).sort((a, b) => order.indexOf(a.loss) - order.indexOf(b.loss));
    const runs = pc
      .map((c) => ({ cell: c, run: runSummary(dir, c.medianRun!) }))
      .filter((x): x is { cell: CellSummary; run: RunSummary } => x.run !== null);
    if (!runs.length) continue;
    const first = runs[0].run;
    const dataTop = [...first.top]
      .filter((t) => t.data > 0)
      .sort((a, b) => b.data - a.data || a.index - b.index)
      .slice(0, k);
    const group = (t: { bitstring: string }, r: number) => `#${r + 1} ${t.bitstring}`;
    charts.push(
      modelVsDataBars({
        title: `${p.label}: data p̃ and median-seed model q at the data's ${dataTop.length} most probable bitstrings`,
        groups: dataTop.map(group),
        order: runs.map((x) => x.cell.label),
        rows: dataTop.flatMap((t, r) => [
          { group: group(t, r), series: 'data', y: t.data },
          ...runs.map((x) => ({
            group: group(t, r),
            series: x.cell.label,
            y: x.run.top.find((u) => u.index === t.index)?.model ?? 0,
          })),
        ]),
      }),
    );
    if (first.image)
      charts.push(
        imageRows({
          title: `${p.label}: the ${k} most probable images (#rank · probability)`,
          gridRows: first.image.rows,
          gridCols: first.image.cols,
          rows: [
            { title: 'data', entries: dataTop.map((t) => ({ index: t.index, p: t.data })) },
            ...runs.map((x) => ({
              title: `${x.cell.label} (median seed ${x.run.key.seedIndex})`,
              entries: [...x.run.top]
                .sort((a, b) => b.model - a.model || a.index - b.index)
                .slice(0, k)
                .map((t) => ({ index: t.index, p: t.model })),
            })),
          ],
        }),
      );
  }
  return {
    title: `comparison ${doc.name}`,
    facts: [
      ...(doc.description ? [doc.description] : []),
      `${doc.runs.finished}/${doc.runs.planned} runs finished${doc.runs.missing.length ? ` (${doc.runs.missing.length} missing)` : ''}; backends: ${doc.runs.backends.join(', ') || '—'}`,
    ],
    charts: charts.map(tip),
    ranking: cells.map((c) => ({
      panel: c.panelName,
      rank: c.rank,
      loss: c.label,
      median: c.metric.median,
      q1: c.metric.q1,
      q3: c.metric.q3,
      tvdTest: c.final.tvd_test.median,
      kl: c.final.kl_train.median,
      precision: c.final.precision.median,
      recall: c.final.recall.median,
      runs: `${c.finished}/${c.planned}`,
    })),
  };
}

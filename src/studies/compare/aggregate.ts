/**
 * Aggregation of finished runs, pure (plain records in, summaries out): runs are grouped into panels (dataset, n,
 * depth, shots — one panel of [R]'s figure) and cells (panel × loss); each cell gets the median and inter-quartile
 * band over seeds (quantiles.ts, type 7) of the final metrics and of the metric at every evaluated step, and the id of
 * its median-seed run. Within a panel the losses are ranked by median final metric (lower is better), ties broken by
 * the upper quartile and then by the spec's loss order; cells with no finished run come last, unranked.
 */
import { RunKey, shotsTag } from './grid';
import { medianMember, spread, Spread } from './quantiles';
import { RunSummary } from './run';

export type RankMetric = 'tvd_train' | 'tvd_test';

/** One finished run as the report sees it. */
export interface RunRecord {
  id: string;
  key: RunKey;
  final: RunSummary['final'];
  top: RunSummary['top'];
  image: RunSummary['image'];
  seconds: number;
  /** Evaluations of the run: step and exact TVD against train and test data. */
  curve: { step: number; tvd_train: number; tvd_test: number }[];
}

export interface PanelKey {
  data: string;
  nQubits: number;
  layers: number;
  shots: number | null;
}

export const panelId = (p: PanelKey): string => `${p.data}__L${p.layers}__${shotsTag(p.shots)}`;

/** "n = 16 · L = 4 · 100 shots" (with the dataset when a comparison has several of the same n). */
export function panelLabel(p: PanelKey, withData = false): string {
  const shots = p.shots === null ? 'exact (∞ shots)' : `${p.shots} shots`;
  return `${withData ? `${p.data} · ` : ''}n = ${p.nQubits} · L = ${p.layers} · ${shots}`;
}

export interface CurvePoint {
  step: number;
  median: number;
  q1: number;
  q3: number;
  count: number;
}

export interface CellSummary {
  panel: PanelKey;
  panelId: string;
  loss: string;
  label: string;
  planned: number;
  finished: number;
  /** The ranking metric at the end of training. */
  metric: Spread;
  final: Record<
    | 'tvd_train'
    | 'tvd_test'
    | 'kl_train'
    | 'kl_test'
    | 'kbody_error'
    | 'precision'
    | 'recall'
    | 'mass_on_train_support',
    Spread
  >;
  /** The ranking metric at each evaluated step, over the seeds that reached it. */
  curve: CurvePoint[];
  /** The run whose final metric is the median (lower middle for an even count), or null. */
  medianRun: string | null;
  /** 1 = best in its panel; null when no run finished. */
  rank: number | null;
}

const FINAL_KEYS = [
  'tvd_train',
  'tvd_test',
  'kl_train',
  'kl_test',
  'kbody_error',
  'precision',
  'recall',
  'mass_on_train_support',
] as const;

/** Median and quartiles of `metric` per step over the given runs' curves. */
export function aggregateCurves(records: readonly RunRecord[], metric: RankMetric): CurvePoint[] {
  const byStep = new Map<number, number[]>();
  for (const r of records)
    for (const c of r.curve) (byStep.get(c.step) ?? byStep.set(c.step, []).get(c.step)!).push(c[metric]);
  return [...byStep.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([step, v]) => {
      const s = spread(v);
      return { step, median: s.median, q1: s.q1, q3: s.q3, count: s.count };
    });
}

/**
 * Ranks the cells of each panel in place by median metric (then upper quartile, then `lossOrder`); returns the cells
 * sorted by panel (first appearance) and rank.
 */
export function rankCells(cells: CellSummary[], lossOrder: readonly string[]): CellSummary[] {
  const panels = [...new Set(cells.map((c) => c.panelId))];
  const pos = (l: string) => lossOrder.indexOf(l);
  return panels.flatMap((p) => {
    const inPanel = cells.filter((c) => c.panelId === p);
    const done = inPanel
      .filter((c) => c.finished > 0)
      .sort((a, b) => a.metric.median - b.metric.median || a.metric.q3 - b.metric.q3 || pos(a.loss) - pos(b.loss));
    done.forEach((c, i) => (c.rank = i + 1));
    const empty = inPanel.filter((c) => c.finished === 0).sort((a, b) => pos(a.loss) - pos(b.loss));
    empty.forEach((c) => (c.rank = null));
    return [...done, ...empty];
  });
}

/**
 * The cells of a comparison: `planned` lists every run of the grid (key and id), `records` the finished ones by id.
 * Cells come grouped by panel (in grid order) and, within a panel, sorted by rank.
 */
export function aggregateCells(
  planned: readonly { id: string; key: RunKey }[],
  records: ReadonlyMap<string, RunRecord>,
  metric: RankMetric,
  lossOrder: readonly string[],
  labels: Readonly<Record<string, string>>,
): CellSummary[] {
  const cells = new Map<string, { panel: PanelKey; loss: string; ids: string[] }>();
  for (const r of planned) {
    const panel: PanelKey = { data: r.key.data, nQubits: r.key.nQubits, layers: r.key.layers, shots: r.key.shots };
    const id = `${panelId(panel)}::${r.key.loss}`;
    if (!cells.has(id)) cells.set(id, { panel, loss: r.key.loss, ids: [] });
    cells.get(id)!.ids.push(r.id);
  }
  const out = [...cells.values()].map(({ panel, loss, ids }): CellSummary => {
    const recs = ids.map((i) => records.get(i)).filter((r): r is RunRecord => r !== undefined);
    const values = recs.map((r) => r.final[metric]);
    const m = medianMember(values);
    return {
      panel,
      panelId: panelId(panel),
      loss,
      label: labels[loss] ?? loss,
      planned: ids.length,
      finished: recs.length,
      metric: spread(values),
      final: Object.fromEntries(
        FINAL_KEYS.map((k) => [k, spread(recs.map((r) => r.final[k]).filter(Number.isFinite))]),
      ) as CellSummary['final'],
      curve: aggregateCurves(recs, metric),
      medianRun: m >= 0 ? recs[m].id : null,
      rank: null,
    };
  });
  return rankCells(out, lossOrder);
}

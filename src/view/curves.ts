/**
 * Training curves of one or several runs, live: each panel (loss, TVD, KL, MMD² at each σ, correlator errors, mass on
 * support, ‖∇L‖, learning rate) is report/plot.ts's lineChart over a named data set `rows`, so the page appends the
 * rows of new metrics lines to a drawn chart (vega View.insert) instead of redrawing it. Rows are {series, x: step,
 * y}; a series is the metric's part ("TVD test"), prefixed by the run's label when several runs are overlaid.
 */
import { lineChart, VegaLiteSpec } from '../report/plot';
import { MetricsLine } from './runRow';

export type Scale = 'auto' | 'log' | 'linear';

export interface CurveRow {
  series: string;
  x: number;
  y: number;
}

interface PanelDef {
  id: string;
  title: string;
  yLabel: string;
  /** Log axis under the 'auto' scale (values spanning decades). */
  log: boolean;
  parts(m: MetricsLine): { part: string; y: unknown }[];
}

const numbers = (o: unknown): [string, unknown][] =>
  o !== null && typeof o === 'object' ? Object.entries(o as Record<string, unknown>) : [];
const list = (o: unknown): unknown[] => (Array.isArray(o) ? o : []);
const sigma = (key: string) => key.replace('=', ' = ');

export const PANELS: readonly PanelDef[] = [
  { id: 'loss', title: 'training loss', yLabel: 'loss', log: true, parts: (m) => [{ part: 'loss', y: m.loss }] },
  {
    id: 'tvd',
    title: 'TVD Σ|p−q| (exact)',
    yLabel: 'TVD',
    log: false,
    parts: (m) => [
      { part: 'TVD train', y: m.tvd_train },
      { part: 'TVD test', y: m.tvd_test },
    ],
  },
  {
    id: 'kl',
    title: 'KL(p‖q) (exact, ε = 1e-6)',
    yLabel: 'KL',
    log: true,
    parts: (m) => [
      { part: 'KL train', y: m.kl_train },
      { part: 'KL test', y: m.kl_test },
    ],
  },
  {
    id: 'mmd',
    title: 'MMD² at each evaluation σ',
    yLabel: 'MMD²',
    log: true,
    parts: (m) => [
      ...numbers(m.mmd).map(([k, y]) => ({ part: `MMD² ${sigma(k)}`, y })),
      ...numbers(m.mmd_train).map(([k, y]) => ({ part: `MMD² ${sigma(k)} train`, y })),
      ...numbers(m.mmd_test).map(([k, y]) => ({ part: `MMD² ${sigma(k)} test`, y })),
    ],
  },
  {
    id: 'corr',
    title: 'l-body correlator errors (Monte-Carlo)',
    yLabel: 'error',
    log: true,
    parts: (m) => [
      ...list(m.corr_train).map((y, l) => ({ part: `${l + 1}-body train`, y })),
      ...list(m.corr_test).map((y, l) => ({ part: `${l + 1}-body test`, y })),
    ],
  },
  {
    id: 'kbody',
    title: 'k-body correlator error Σ(⟨Z_A⟩_q − ⟨Z_A⟩_p)²',
    yLabel: 'error',
    log: true,
    parts: (m) => [{ part: 'k-body error', y: m.kbody_error }],
  },
  {
    id: 'mass',
    title: 'model mass on the training support',
    yLabel: 'mass',
    log: false,
    parts: (m) => [{ part: 'mass on support', y: m.mass_on_train_support }],
  },
  {
    id: 'grad',
    title: 'gradient norm ‖∇L‖',
    yLabel: '‖∇L‖',
    log: true,
    parts: (m) => [{ part: '‖∇L‖', y: m.grad_norm }],
  },
  { id: 'lr', title: 'learning rate', yLabel: 'lr', log: true, parts: (m) => [{ part: 'lr', y: m.lr }] },
];

export interface RunCurves {
  /** The run's label in the legend when several runs are shown. */
  label: string;
  records: readonly MetricsLine[];
}

/** Rows of every panel for `records` of one run; `label` (several runs) prefixes the series. */
export function curveRows(records: readonly MetricsLine[], label: string | null): Map<string, CurveRow[]> {
  const out = new Map<string, CurveRow[]>();
  for (const p of PANELS)
    for (const m of records)
      for (const { part, y } of p.parts(m)) {
        if (typeof y !== 'number' || !Number.isFinite(y) || typeof m.step !== 'number') continue;
        const single = p.id === 'loss' || p.id === 'grad' || p.id === 'lr' || p.id === 'kbody' || p.id === 'mass';
        const series = label === null ? part : single ? label : `${label} · ${part}`;
        (out.get(p.id) ?? out.set(p.id, []).get(p.id)!).push({ series, x: m.step, y });
      }
  return out;
}

export interface CurvePanel {
  id: string;
  spec: VegaLiteSpec;
}

/** The chart of one panel with its rows so far; under a log axis rows with y ≤ 0 are left out (they cannot sit on it). */
export function panelSpec(id: string, rows: CurveRow[], scale: Scale): VegaLiteSpec {
  const def = PANELS.find((p) => p.id === id);
  if (!def) throw new Error(`curves: no panel "${id}"`);
  const logY = scale === 'log' || (scale === 'auto' && def.log);
  const spec = lineChart({
    title: def.title,
    xLabel: 'step',
    yLabel: def.yLabel,
    series: [],
    logY,
    width: 270,
    height: 170,
  });
  return {
    ...spec,
    data: { name: 'rows' },
    datasets: { rows },
    ...(logY ? { transform: [{ filter: 'datum.y > 0' }] } : {}),
    config: { mark: { tooltip: true }, legend: { orient: 'bottom', columns: 2, labelLimit: 180 } },
  };
}

/** Evaluations drawn per run when a page first draws it; longer runs are thinned evenly (the last one always kept). */
export const MAX_DRAWN = 2000;

/** Every k-th record (k = ⌈length / max⌉) and the last, so a run with 10⁵ evaluations still draws quickly. */
export function thin<T>(records: readonly T[], max = MAX_DRAWN): readonly T[] {
  if (records.length <= max) return records;
  const k = Math.ceil(records.length / max);
  return records.filter((_, i) => i % k === 0 || i === records.length - 1);
}

/** The panels that have data for the given runs, in PANELS order, with their rows (thinned, see MAX_DRAWN). */
export function curvePanels(
  runs: readonly RunCurves[],
  scale: Scale,
): { panels: CurvePanel[]; rows: Map<string, CurveRow[]> } {
  const rows = new Map<string, CurveRow[]>();
  for (const r of runs)
    for (const [id, rs] of curveRows(thin(r.records), runs.length > 1 ? r.label : null))
      (rows.get(id) ?? rows.set(id, []).get(id)!).push(...rs);
  const panels = PANELS.filter((p) => rows.has(p.id)).map((p) => ({
    id: p.id,
    spec: panelSpec(p.id, rows.get(p.id)!, scale),
  }));
  return { panels, rows };
}

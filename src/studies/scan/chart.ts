/**
 * The scan's Vega-Lite chart: measured series as lines with points and a shaded bootstrap band [lo, hi], analytic
 * references as dashed lines in their own colour with a lighter band where they carry one (the data's band moved onto
 * the reference), optional vertical rules (e.g. shots = 2^n), log scales where asked.
 * Values ≤ 0 cannot sit on a log axis and are left out (the table and CSV keep them).
 */
import { VegaLiteSpec } from '../../report/plot';

export interface ChartSeries {
  name: string;
  points: { x: number; y: number; lo?: number | null; hi?: number | null }[];
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  measured: ChartSeries[];
  references?: ChartSeries[];
  rules?: { x: number; name: string }[];
  logX?: boolean;
  logY?: boolean;
}

export function scanChart(o: ChartOptions): VegaLiteSpec {
  const ok = (v: number | null | undefined) => typeof v === 'number' && Number.isFinite(v) && (!o.logY || v > 0);
  const okX = (v: number) => Number.isFinite(v) && (!o.logX || v > 0);
  const measured = o.measured.flatMap((s) =>
    s.points
      .filter((p) => ok(p.y) && okX(p.x))
      .map((p) => ({
        series: s.name,
        x: p.x,
        y: p.y,
        ...(ok(p.lo) && ok(p.hi) ? { lo: p.lo, hi: p.hi } : {}),
      })),
  );
  const refs = (o.references ?? []).flatMap((s) =>
    s.points
      .filter((p) => ok(p.y) && okX(p.x))
      .map((p) => ({
        series: s.name,
        x: p.x,
        y: p.y,
        ...(ok(p.lo) && ok(p.hi) ? { lo: p.lo, hi: p.hi } : {}),
      })),
  );
  // ticks at the measured qubit counts when they are few: a nice linear axis over n = 2, 3, 4 ticks at 2, 2.5, 3, …,
  // which the integer format prints as "2 3 3 4 4"
  const xs = [...new Set(measured.map((v) => v.x))].sort((a, b) => a - b);
  const tickAt = !o.logX && xs.length <= 16 && xs.every(Number.isInteger) ? { values: xs } : {};
  const x = {
    field: 'x',
    type: 'quantitative',
    title: o.xLabel,
    scale: o.logX ? { type: 'log' } : { zero: false },
    axis: o.logX ? { format: '~s' } : { tickMinStep: 1, format: 'd', ...tickAt },
  };
  const y = { field: 'y', type: 'quantitative', title: o.yLabel, scale: o.logY ? { type: 'log' } : { zero: false } };
  // measured series first, then references, in the order given (not alphabetical)
  const domain = [...o.measured.map((s) => s.name), ...(o.references ?? []).map((s) => s.name)];
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain, scheme: domain.length > 10 ? 'tableau20' : 'tableau10' },
    legend: {
      orient: 'bottom',
      columns: domain.length > 6 && Math.max(...domain.map((d) => d.length)) <= 60 ? 2 : 1,
      labelLimit: 760,
      symbolType: 'stroke',
      symbolOpacity: 1,
      symbolStrokeWidth: 3,
    },
  };
  const layer: VegaLiteSpec[] = [];
  if (measured.some((v) => 'lo' in v))
    layer.push({
      data: { values: measured.filter((v) => 'lo' in v) },
      mark: { type: 'area', opacity: 0.18 },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
    });
  layer.push({ data: { values: measured }, mark: { type: 'line', point: true }, encoding: { x, y, color } });
  if (refs.some((v) => 'lo' in v))
    layer.push({
      data: { values: refs.filter((v) => 'lo' in v) },
      mark: { type: 'area', opacity: 0.08 },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
    });
  if (refs.length)
    layer.push({
      data: { values: refs },
      mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: { x, y, color },
    });
  if (o.rules?.length)
    layer.push({
      data: { values: o.rules },
      mark: { type: 'rule', strokeDash: [2, 3], color: 'gray' },
      encoding: { x: { field: 'x', type: 'quantitative' }, tooltip: { field: 'name' } },
    });
  return { title: o.title, width: 460, height: 300, layer };
}

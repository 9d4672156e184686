/**
 * The scan view of `plateau view`, from a scan folder's scan.json alone: the report's charts (gradient and loss
 * variance against n, bootstrap bands, the preset's reference curves; scan/chart.ts's scanChart over scan/series.ts's
 * series, as scan/report.ts draws them) with each fitted decay drawn as a dotted line — the model the fit prefers,
 * exponential Var = e^{a + b n} or power law Var = e^{a} n^{b} — and the verdicts and key numbers as rows.
 */
import { VegaLiteSpec } from '../report/plot';
import { ChartSeries, scanChart } from '../studies/scan/chart';
import type { PointResult } from '../studies/scan/compute';
import { Quantity, QUANTITY_LABEL, quantityOf, scanSeries } from '../studies/scan/series';
import type { ScanSpec } from '../studies/scan/spec';

interface LineFit {
  slope: number;
  slopeCI: [number, number];
  intercept: number;
  r2: number;
}

/** A fit as scan.json stores it (scan/report.ts compactFit). */
export interface StoredFit {
  series: string;
  label: string;
  quantity: Quantity;
  points: number;
  verdict: string | null;
  text?: string;
  note?: string | null;
  exponential?: LineFit;
  powerLaw?: LineFit;
  deltaBic?: number;
  preferred?: 'exponential' | 'power law' | 'neither';
  strength?: string;
}

export interface ScanDoc {
  specHash: string;
  spec: ScanSpec;
  backend?: { backend?: string; device?: string };
  preset: { name: string; title: string; gradientQuantity: Quantity } | null;
  fitNote?: string;
  fits: StoredFit[];
  keyNumbers?: { lines: string[] };
  references?: { chart: 'gradient' | 'loss' | 'shots'; name: string; points: { x: number; y: number }[] }[];
  points: PointResult[];
}

export interface ScanView {
  title: string;
  facts: string[];
  charts: VegaLiteSpec[];
  verdicts: { quantity: string; series: string; verdict: string; text: string; deltaBic: number | null }[];
  keyNumbers: string[];
  fitNote: string;
}

/** The preferred fitted curve of a series at its measured n (empty when neither model is preferred). */
export function fitCurve(f: StoredFit, ns: readonly number[]): { x: number; y: number }[] {
  if (f.preferred === 'exponential' && f.exponential)
    return ns.map((n) => ({ x: n, y: Math.exp(f.exponential!.intercept + f.exponential!.slope * n) }));
  if (f.preferred === 'power law' && f.powerLaw)
    return ns.map((n) => ({ x: n, y: Math.exp(f.powerLaw!.intercept + f.powerLaw!.slope * Math.log(n)) }));
  return [];
}

export function scanView(doc: ScanDoc): ScanView {
  const series = scanSeries(doc.spec, doc.points);
  const gq: Quantity = doc.preset?.gradientQuantity ?? 'gradVarMean';
  const title = doc.preset ? doc.preset.title : `scan: ${doc.spec.ansatz}, ${doc.spec.draws} draws`;
  const measured = (q: Quantity): ChartSeries[] =>
    series
      .filter((s) => s.rows.some((r) => quantityOf(r.entry, q)))
      .map((s) => ({
        name: s.label,
        points: s.rows.map((r) => ({
          x: r.n,
          y: quantityOf(r.entry, q)!.value,
          lo: quantityOf(r.entry, q)!.lo,
          hi: quantityOf(r.entry, q)!.hi,
        })),
      }));
  const fits = (q: Quantity): ChartSeries[] =>
    doc.fits
      .filter((f) => f.quantity === q)
      .flatMap((f) => {
        const s = series.find((x) => x.key === f.series);
        const pts = s
          ? fitCurve(
              f,
              s.rows.map((r) => r.n),
            )
          : [];
        return pts.length ? [{ name: `fit (${f.preferred}), ${f.label}`, points: pts }] : [];
      });
  const refs = (chart: 'gradient' | 'loss') =>
    (doc.references ?? []).filter((r) => r.chart === chart).map((r) => ({ name: r.name, points: r.points }));
  const charts: VegaLiteSpec[] = [];
  if (series.some((s) => s.rows.some((r) => r.entry.grad)))
    charts.push(
      scanChart({
        title: `${title} — gradient`,
        xLabel: 'qubits n',
        yLabel: QUANTITY_LABEL[gq],
        measured: measured(gq),
        references: [...refs('gradient'), ...fits(gq)],
        logY: true,
      }),
    );
  charts.push(
    scanChart({
      title: `${title} — loss`,
      xLabel: 'qubits n',
      yLabel: 'Var[L]',
      measured: measured('lossVar'),
      references: [...refs('loss'), ...fits('lossVar')],
      logY: true,
    }),
  );
  const s = doc.spec;
  return {
    title,
    facts: [
      `ansatz ${s.ansatz}, depths ${s.depths.join(', ')}, n = ${s.qubits.join(', ')}, ${s.draws} draws, shots ${s.shots.join(', ')}, seed ${s.seed}`,
      `spec ${doc.specHash.slice(0, 12)}, backend ${doc.backend?.backend ?? '?'}${doc.backend?.device ? ` (${doc.backend.device})` : ''}`,
    ],
    charts: charts.map((c) => ({ ...c, config: { mark: { tooltip: true } } })),
    verdicts: doc.fits.map((f) => ({
      quantity: `${f.quantity === 'lossVar' ? 'loss' : 'gradient'} ${QUANTITY_LABEL[f.quantity] ?? f.quantity}`,
      series: f.label,
      verdict: f.verdict ?? '—',
      text: f.text ?? f.note ?? '',
      deltaBic: typeof f.deltaBic === 'number' ? f.deltaBic : null,
    })),
    keyNumbers: doc.keyNumbers?.lines ?? [],
    fitNote: doc.fitNote ?? '',
  };
}

/**
 * The output of a (merged) scan: scan.json (spec, hash, backend, every point's statistics, fits with verdicts, preset
 * key numbers), scan.csv (one row per point × loss × dataset × shots), fits.csv, plots (gradient-variance,
 * loss-variance, and loss-vs-shots when several shot budgets were scanned; PNG + SVG) and a text table. Everything
 * here is a function of the merged points only, so one run and a merge of its shards write identical files;
 * wall-clock facts go to timing.json.
 */
import * as path from 'path';
import { writeFileAtomic, writeJsonAtomic } from '../../fsutil';
import { toCsv } from '../../report/csv';
import { savePlot } from '../../report/plot';
import { ChartSeries, scanChart } from './chart';
import { collisionOverlay } from './overlays';
import { getPreset, presetOutcome, PresetOutcome } from './presets';
import { VerdictCaveat } from './reference';
import { referenceCaveats } from './referenceCheck';
import { fitSeries, Quantity, QUANTITY_LABEL, quantityOf, scanSeries, SeriesFit } from './series';
import { MergedScan } from './shards';
import { Estimate } from './stats';

export const SCAN_SCHEMA = 'plateau.scan/1';

const g = (x: number | null | undefined) =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '—'
    : x === 0
      ? '0'
      : Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4
        ? x.toExponential(2)
        : x.toPrecision(3);
const est = (e: Estimate | null | undefined) =>
  e ? (e.lo === null ? g(e.value) : `${g(e.value)} [${g(e.lo)}, ${g(e.hi)}]`) : '—';

/** What the verdict measure means, printed under the verdicts and stored in scan.json. */
export const FIT_NOTE =
  'fits: least squares of ln Var on n (exponential, Var ∝ e^{b n}) and on ln n (power law, Var ∝ n^b), weighted by each point\'s bootstrap interval (σ = ln(hi/lo)/(2z)); ΔBIC = χ²_pow − χ²_exp = 2·ln(likelihood ratio) (both laws have two coefficients), > 0 favours the exponential; a law is named only with ≥ 4 qubit counts, a span ≥ 4 in n and n_max/n_min ≥ 2, and where the two fitted laws are separable at the points\' σ (expected Δχ² ≥ (2·z_level)², 10.8 at 95 %), else "inconclusive over n = a…b" with how far to measure; strength (Kass & Raftery 1995: 2–6 positive, 6–10 strong, > 10 very strong) is capped at positive when the other law also fits within noise or neither does';

function compactFit(f: SeriesFit) {
  const v = f.verdict;
  if (!v)
    return {
      series: f.series,
      label: f.label,
      quantity: f.quantity,
      points: f.points,
      verdict: null,
      note: f.note ?? null,
    };
  const line = (x: { slope: number; slopeCI: [number, number]; intercept: number; r2: number }) => ({
    slope: x.slope,
    slopeCI: x.slopeCI,
    intercept: x.intercept,
    r2: x.r2,
  });
  return {
    series: f.series,
    label: f.label,
    quantity: f.quantity,
    points: f.points,
    verdict: v.kind,
    text: v.text,
    exponential: line(v.exponential),
    powerLaw: line(v.powerLaw),
    deltaBic: v.deltaBic,
    preferred: v.preferred,
    strength: v.strength,
    range: v.range,
    fold: v.fold,
    noise: v.noise,
    missing: v.missing,
    chi2Exponential: v.chi2Exponential,
    chi2PowerLaw: v.chi2PowerLaw,
    pExponential: v.pExponential,
    pPowerLaw: v.pPowerLaw,
    separation: v.separation,
    separationThreshold: v.separationThreshold,
    maxGapSigma: v.maxGapSigma,
    decide: v.decide,
  };
}

/** A fit with the caveats that apply to it appended to its verdict (and its kind made "inconclusive" where they say so). */
function withCaveats(f: SeriesFit, caveats: VerdictCaveat[]): SeriesFit {
  const mine = caveats.filter((c) => c.series === f.series && c.quantity === f.quantity);
  if (!f.verdict || !mine.length) return f;
  const inconclusive = mine.some((c) => c.inconclusive);
  return {
    ...f,
    verdict: {
      ...f.verdict,
      kind: inconclusive ? 'inconclusive' : f.verdict.kind,
      text: `${f.verdict.text} — but ${mine.map((c) => c.text).join('; ')}${inconclusive ? ' — inconclusive about the large-n law' : ''}`,
    },
  };
}

/** Fits, preset outcome and the JSON document of a merged scan (deterministic). */
export function analyseScan(m: MergedScan) {
  const preset = m.spec.preset ? getPreset(m.spec.preset) : null;
  const gq: Quantity = preset?.gradientQuantity ?? 'gradVarMean';
  const series = scanSeries(m.spec, m.points);
  const hasGrad = series.some((s) => s.rows.some((r) => r.entry.grad));
  const raw = series.flatMap((s) => [
    ...(s.rows.some((r) => r.entry.grad) ? [fitSeries(s, gq, m.spec.level)] : []),
    fitSeries(s, 'lossVar', m.spec.level),
  ]);
  const outcome = presetOutcome(m.spec, m.points, raw);
  outcome.caveats.push(...referenceCaveats(outcome.references, raw, m.spec.level));
  const fits = raw.map((f) => withCaveats(f, outcome.caveats));
  const doc = {
    // `skipped` depends on how the backend was requested (auto vs forced), not on the numbers: it stays in timing.json
    schema: SCAN_SCHEMA,
    specHash: m.specHash,
    spec: m.spec,
    backend: { ...m.backend, skipped: undefined },
    preset: preset ? { name: preset.name, title: preset.title, gradientQuantity: gq } : null,
    fitNote: FIT_NOTE,
    fits: fits.map(compactFit),
    keyNumbers: { lines: outcome.keyNumbers, values: outcome.values },
    references: outcome.references,
    caveats: outcome.caveats,
    points: m.points,
  };
  return { preset, gq, series, hasGrad, fits, outcome, doc };
}

function csvRows(m: MergedScan) {
  return m.points.flatMap((p) =>
    p.entries.map((e) => {
      const q = (name: string, x: Estimate | null | undefined) => ({
        [name]: x?.value ?? null,
        [`${name}_lo`]: x?.lo ?? null,
        [`${name}_hi`]: x?.hi ?? null,
      });
      return {
        n: p.n,
        depth: String(p.depth),
        layers: p.layers,
        circuit: p.circuit,
        nParams: p.nParams,
        draws: p.draws,
        loss: e.loss,
        dataset: e.dataset ?? '',
        shots: e.shots ?? 'exact',
        ...q('lossMean', e.lossMean),
        ...q('lossVar', e.lossVar),
        ...q('gradVarMean', e.grad?.varMean),
        ...q('gradVarFirst', e.grad?.varFirst),
        ...q('gradMeanVar', e.grad?.meanVar),
        missFraction: e.missFraction ?? null,
        ...q('collision', p.collision),
      };
    }),
  );
}

async function charts(
  m: MergedScan,
  a: ReturnType<typeof analyseScan>,
  out: PresetOutcome,
  dir: string,
): Promise<string[]> {
  const files: string[] = [];
  const title = a.preset ? a.preset.title : `scan: ${m.spec.ansatz}, ${m.spec.draws} draws`;
  const series = (q: Quantity): ChartSeries[] =>
    a.series
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
  const refs = (c: 'gradient' | 'loss' | 'shots') => out.references.filter((r) => r.chart === c);
  if (a.hasGrad) {
    const f = await savePlot(
      scanChart({
        title: `${title} — gradient`,
        xLabel: 'qubits n',
        yLabel: QUANTITY_LABEL[a.gq],
        measured: series(a.gq),
        references: refs('gradient'),
        logY: true,
      }),
      path.join(dir, 'gradient-variance'),
    );
    files.push(f.png, f.svg);
  }
  const coll = collisionOverlay(m.spec, m.points);
  const f = await savePlot(
    scanChart({
      title: `${title} — loss`,
      xLabel: 'qubits n',
      yLabel: coll.measured.length ? 'Var[L]; E Σq²' : 'Var[L]',
      measured: [...series('lossVar'), ...coll.measured],
      references: [...refs('loss'), ...coll.references],
      logY: true,
    }),
    path.join(dir, 'loss-variance'),
  );
  files.push(f.png, f.svg);
  if (m.spec.shots.filter((s) => s !== 'exact').length >= 2) {
    const groups = new Map<string, ChartSeries>(),
      exact: ChartSeries[] = [];
    const shotsX = m.spec.shots.filter((s): s is number => s !== 'exact');
    for (const s of a.series)
      for (const r of s.rows) {
        const name = `${s.baseLabel}, n=${r.n}`;
        if (s.shots === null)
          exact.push({
            name: `exact mean, ${name}`,
            points: [
              { x: Math.min(...shotsX), y: r.entry.lossMean.value },
              { x: Math.max(...shotsX), y: r.entry.lossMean.value },
            ],
          });
        else {
          const gs = groups.get(name) ?? { name, points: [] };
          gs.points.push({ x: s.shots, y: r.entry.lossMean.value, lo: r.entry.lossMean.lo, hi: r.entry.lossMean.hi });
          groups.set(name, gs);
        }
      }
    const measured = [...groups.values()].map((s) => ({ ...s, points: s.points.sort((p, q) => p.x - q.x) }));
    const h = await savePlot(
      scanChart({
        title: `${title} — loss vs shots${out.rules.length ? ' (dotted: N = 2^n)' : ''}`,
        xLabel: 'shots N',
        yLabel: 'E[L]',
        measured,
        references: [...refs('shots'), ...exact],
        rules: out.rules,
        logX: true,
      }),
      path.join(dir, 'loss-vs-shots'),
    );
    files.push(h.png, h.svg);
  }
  return files;
}

/** The text table of a scan. */
export function scanTable(m: MergedScan, a: ReturnType<typeof analyseScan>): string {
  const s = m.spec;
  const head = `${a.preset ? `preset ${a.preset.name}: ${a.preset.title}` : 'scan'} — ansatz ${s.ansatz}, depths ${s.depths.join(',')}, n = ${s.qubits.join(',')}, ${s.draws} draws, shots ${s.shots.join(',')}, seed ${s.seed}, spec ${m.specHash}, backend ${m.backend.backend}`;
  const extra = a.gq !== 'gradVarMean' && a.hasGrad ? [a.gq] : [];
  const cols = [
    'series',
    'n',
    'P',
    'E[L] [CI]',
    'Var[L] [CI]',
    ...(a.hasGrad ? [`${QUANTITY_LABEL.gradVarMean} [CI]`] : []),
    ...extra.map((q) => `${QUANTITY_LABEL[q]} [CI]`),
  ];
  const rows = a.series.flatMap((se) =>
    se.rows.map((r) => [
      se.label,
      String(r.n),
      String(r.point.nParams),
      est(r.entry.lossMean),
      est(r.entry.lossVar),
      ...(a.hasGrad ? [est(r.entry.grad?.varMean)] : []),
      ...extra.map((q) => est(quantityOf(r.entry, q))),
    ]),
  );
  const w = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  const verdicts = a.fits.map(
    (f) =>
      `  ${f.quantity === 'lossVar' ? 'loss' : 'gradient'} ${QUANTITY_LABEL[f.quantity]} — ${f.label}: ${f.verdict?.text ?? f.note}`,
  );
  return [
    head,
    '',
    line(cols),
    ...rows.map(line),
    '',
    'verdicts:',
    ...verdicts,
    `  (${FIT_NOTE})`,
    ...(a.outcome.keyNumbers.length
      ? ['', `key numbers (${a.preset?.name ?? 'scan'}):`, ...a.outcome.keyNumbers.map((k) => `  ${k}`)]
      : []),
  ].join('\n');
}

/** Writes scan.json, scan.csv, fits.csv, the plots and timing.json into `dir`; returns the table and file list. */
export async function writeScanOutputs(
  m: MergedScan,
  dir: string,
  timing: Record<string, unknown>,
): Promise<{ table: string; files: string[] }> {
  const a = analyseScan(m);
  const files = [
    path.join(dir, 'scan.json'),
    path.join(dir, 'scan.csv'),
    path.join(dir, 'fits.csv'),
    path.join(dir, 'timing.json'),
  ];
  writeJsonAtomic(files[0], a.doc);
  writeFileAtomic(files[1], toCsv(csvRows(m)));
  writeFileAtomic(
    files[2],
    toCsv(
      a.doc.fits.map((f) => ({
        series: f.label,
        quantity: f.quantity,
        points: f.points,
        verdict: f.verdict ?? f.note ?? null,
        expSlope: 'exponential' in f ? f.exponential!.slope : null,
        expLo: 'exponential' in f ? f.exponential!.slopeCI[0] : null,
        expHi: 'exponential' in f ? f.exponential!.slopeCI[1] : null,
        powExponent: 'powerLaw' in f ? f.powerLaw!.slope : null,
        powLo: 'powerLaw' in f ? f.powerLaw!.slopeCI[0] : null,
        powHi: 'powerLaw' in f ? f.powerLaw!.slopeCI[1] : null,
        deltaBic: 'deltaBic' in f ? f.deltaBic! : null,
        text: 'text' in f ? f.text! : null,
      })),
    ),
  );
  writeJsonAtomic(files[3], { specHash: m.specHash, ...timing, backendSkipped: m.backend.skipped, shards: m.shards });
  files.push(...(await charts(m, a, a.outcome, dir)));
  return { table: scanTable(m, a), files };
}

/**
 * Presentation of an MMD kernel's body-order spectrum (losses/spectrum.ts): a terminal table, CSV and a Vega-Lite line
 * chart of w(l) against the body order 2l, one line per bandwidth (σ not squared) and one for their averaged kernel.
 */
import { SpectrumRow } from '../../losses/spectrum';
import { lineChart, VegaLiteSpec } from '../../report/plot';

const name = (r: SpectrumRow) => (r.sigma === 'average' ? 'average' : `σ=${+r.sigma.toPrecision(4)}`);
const num = (x: number) =>
  x === 0 ? '0' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toFixed(4) : x.toExponential(2);

function table(header: string[], body: string[][]): string {
  const w = header.map((h, j) => Math.max(h.length, ...body.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => c.padStart(w[j])).join('  ');
  return [line(header), w.map((k) => '-'.repeat(k)).join('  '), ...body.map(line)].join('\n');
}

/** Summary (one row per kernel) and the full weight table (one row per |A| = l). */
export function spectrumTables(nQubits: number, rows: SpectrumRow[]): string {
  const summary = table(
    ['kernel', 'p_σ', 'mean body order', 'sd', 'weight on ≤4-body'],
    rows.map((r) => [
      name(r),
      r.pSigma === null ? '-' : num(r.pSigma),
      num(r.meanBodyOrder),
      num(r.sdBodyOrder),
      num(r.lowBodyWeight),
    ]),
  );
  const weights = table(
    ['|A|', 'body order', ...rows.map(name)],
    Array.from({ length: nQubits + 1 }, (_, l) => [String(l), String(2 * l), ...rows.map((r) => num(r.weights[l]))]),
  );
  const note = '(the |A| = 0 term carries weight but contributes 0 between normalised distributions)';
  return `MMD body-order spectrum, n = ${nQubits}: w(l) = C(n,l)(1−p_σ)^(n−l) p_σ^l, K_σ = exp(−|x−y|²/(2σ))\n\n${summary}\n\n${weights}\n${note}`;
}

export function spectrumCsv(nQubits: number, rows: SpectrumRow[]): string {
  const head = ['l', 'body_order', ...rows.map((r) => (r.sigma === 'average' ? 'average' : `sigma_${r.sigma}`))].join(
    ',',
  );
  const body = Array.from({ length: nQubits + 1 }, (_, l) => [l, 2 * l, ...rows.map((r) => r.weights[l])].join(','));
  return [head, ...body].join('\n') + '\n';
}

/** w(l) on a log scale against body order 2l; weights below 1e-30 are left out (they underflow the axis). */
export function spectrumPlotSpec(nQubits: number, rows: SpectrumRow[]): VegaLiteSpec {
  return lineChart({
    title: `MMD body-order spectrum, n = ${nQubits}`,
    xLabel: 'body order 2|A|',
    yLabel: 'weight w(l)',
    logY: true,
    series: rows.map((r) => ({
      name: name(r),
      points: r.weights.flatMap((w, l) => (w > 1e-30 ? [{ x: 2 * l, y: w }] : [])),
    })),
  });
}

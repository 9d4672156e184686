/**
 * Charts checked for what they draw (issue 17): grouped bars on a log axis draw every bar (they drew none: NaN in the
 * SVG), model-vs-data bars at n = 16 keep the data's rank order with headers that do not overlap, a scan over three
 * qubit counts ticks exactly at them ("2 3 3 4 4" before), colour bars carry short labels, and quantile-binned
 * histograms show densities (probability per bin flattens a peak).
 */
import { groupedBars, modelVsDataBars } from '../../src/report/charts';
import { toSvg } from '../../src/report/plot';
import { scanChart } from '../../src/studies/scan/chart';
import { featureHistogram, imageHeatmap } from '../../src/data/plots';
import { toBitstring } from '../../src/circuit/bits';
import {
  axisLabels,
  columnHeaders,
  drawnBars,
  overlappingHeaders,
  overlappingLabels,
  pixelVariance,
  svgMarks,
} from '../helpers/svg';

test('grouped bars on a log axis draw every bar, with no NaN', async () => {
  const rows = ['plateau', 'decoupled', 'no hidden'].flatMap((group, g) =>
    ['adam', 'spsa', 'cma-es'].map((series, s) => ({
      group,
      series,
      y: 10 ** -(g + s + 1),
      lo: 10 ** -(g + s + 2),
      hi: 10 ** -(g + s),
    })),
  );
  const svg = await toSvg(groupedBars({ title: 'final KL', yLabel: 'KL', groupLabel: 'model', rows, logY: true }));
  expect(svg).not.toContain('NaN');
  expect(drawnBars(svg)).toHaveLength(9);
  expect(svgMarks(svg).filter((m) => m.kind === 'rule mark')).toHaveLength(9); // the min..max bars
  // linear axes keep their zero baseline
  const lin = await toSvg(
    groupedBars({
      title: 'success',
      yLabel: 'rate',
      groupLabel: 'model',
      rows: rows.map((r) => ({ group: r.group, series: r.series, y: 0.5 })),
    }),
  );
  expect(drawnBars(lin)).toHaveLength(9);
});

test('model-vs-data at n = 16: bars in data rank order under rotated headers that do not overlap', async () => {
  const groups = Array.from({ length: 15 }, (_, i) => `#${i + 1} ${toBitstring((65535 - i * 4099) % 65536, 16)}`);
  const rows = groups.flatMap((g, i) => [
    { group: g, series: 'data', y: 0.3 / (i + 1) },
    { group: g, series: 'model', y: 0.2 / (i + 1) },
  ]);
  const svg = await toSvg(modelVsDataBars({ title: 'model vs data', order: ['model'], groups, rows }));
  const headers = columnHeaders(svg);
  expect(headers.map((h) => h.text)).toEqual(groups); // not sorted alphabetically
  expect(overlappingHeaders(headers)).toEqual([]);
  expect(drawnBars(svg)).toHaveLength(30);
  // the data bars fall with rank, as the title promises
  const data = svgMarks(svg)
    .filter((m) => m.kind === 'bar' && /series: data/.test(m.label))
    .map((m) => Number(/probability: ([\d.e-]+)/.exec(m.label)![1]));
  expect(data).toEqual([...data].sort((a, b) => b - a));
});

test('the old facet headers of 16-bit strings did overlap (what the helper detects)', () => {
  const h = (x: number) => ({ text: '#1 0101010101010101', x, y: 0, angle: 0, fontSize: 11 });
  expect(overlappingHeaders([h(0), h(44)])).toHaveLength(1);
  expect(
    overlappingHeaders([
      { ...h(0), angle: -60 },
      { ...h(18), angle: -60 },
    ]),
  ).toEqual([]);
});

test('a scan over three qubit counts ticks at exactly those counts', async () => {
  const svg = await toSvg(
    scanChart({
      title: 'Var',
      xLabel: 'qubits n',
      yLabel: 'variance',
      logY: true,
      measured: [{ name: 'MMD', points: [2, 3, 4].map((x) => ({ x, y: 10 ** -x })) }],
    }),
  );
  const [xAxis] = axisLabels(svg).filter((a) => a.every((l) => /^\d+$/.test(l.text)) && a.length === 3);
  expect(xAxis.map((l) => l.text)).toEqual(['2', '3', '4']);
  expect(
    svgMarks(svg).filter((m) => m.kind === 'circle' || m.kind === 'point' || m.kind === 'symbol').length +
      svgMarks(svg).filter((m) => m.kind === 'line mark').length,
  ).toBeGreaterThan(0);
  for (const axis of axisLabels(svg)) expect(overlappingLabels(axis)).toEqual([]);
});

test('colour bars print 3 significant digits, not 12', async () => {
  const values = Array.from({ length: 16 }, (_, q) => (0.123456789012 * (q + 1)) / 7);
  const svg = await toSvg(imageHeatmap(values, 4, 4, 'occupancy', 'P(1)'));
  const legend = [...svg.matchAll(/role-legend-label[^>]*>.*?<\/g>/g)].flatMap((m) =>
    [...m[0].matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]),
  );
  expect(legend.length).toBeGreaterThanOrEqual(2);
  const significant = (l: string) => l.replace(/e.*$/, '').replace(/[-−.]/g, '').replace(/^0+/, '').length;
  for (const l of legend) expect({ l, digits: significant(l) <= 3 }).toEqual({ l, digits: true });
  expect(svgMarks(svg).filter((m) => m.kind === 'rect mark')).toHaveLength(16);
  expect(pixelVariance(svg)).toBeGreaterThan(100);
});

test('quantile-binned histograms draw densities: equal-probability bins show the peak', async () => {
  // four quantile bins of a peaked distribution: each holds p = 1/4, the middle two are narrow
  const bins = [
    { lo: 60, hi: 88, p: 0.25 },
    { lo: 88, hi: 91, p: 0.25 },
    { lo: 91, hi: 94, p: 0.25 },
    { lo: 94, hi: 120, p: 0.25 },
  ];
  const spec = featureHistogram(bins, 'mass (GeV)', 'mass', 'GeV');
  const values = (spec.data as { values: { density: number }[] }).values.map((v) => v.density);
  expect(values[1] / values[0]).toBeCloseTo(28 / 3, 10);
  const svg = await toSvg(spec);
  expect(svg).toContain('probability density (per GeV)');
  const heights = svgMarks(svg)
    .filter((m) => m.kind === 'rect mark')
    .map((m) => Math.abs(Number(/v(-?[\d.e-]+)/.exec(m.d!)![1])));
  expect(heights).toHaveLength(4);
  expect(heights[1]).toBeGreaterThan(5 * heights[0]);
});

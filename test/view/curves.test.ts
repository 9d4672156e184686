/** Training-curve rows and charts: every metric of a line in its panel, runs told apart, log axes without y ≤ 0, drawable. */
import { toSvg } from '../../src/report/plot';
import { curvePanels, curveRows, panelSpec, thin } from '../../src/view/curves';
import { metricsLine } from './fixtures';

const records = [0, 10, 20].map((s) => metricsLine(s) as never);

test('one run: a panel per metric, series named by part', () => {
  const rows = curveRows(records, null);
  expect([...rows.keys()]).toEqual(['loss', 'tvd', 'kl', 'mmd', 'kbody', 'mass', 'grad', 'lr']);
  expect(rows.get('loss')).toEqual([
    { series: 'loss', x: 10, y: 0.5 / 11 },
    { series: 'loss', x: 20, y: 0.5 / 21 },
  ]); // step 0 has no loss
  const tvd = rows.get('tvd')!.filter((r) => r.x === 20);
  expect(tvd.map((r) => r.series)).toEqual(['TVD train', 'TVD test']);
  expect(tvd[0].y).toBeCloseTo(1.2 / 21 + 0.01, 12);
  expect(tvd[1].y).toBeCloseTo(1.3 / 21 + 0.02, 12);
  expect(new Set(rows.get('mmd')!.map((r) => r.series))).toEqual(new Set(['MMD² σ = 1', 'MMD² σ = n/4']));
});

test('correlator lines (IQP past 20 qubits) fill the MMD train/test and correlator panels', () => {
  const rec = {
    step: 5,
    seconds: 1,
    loss: 0.1,
    grad_norm: 0.2,
    lr: 0.01,
    metrics: 'correlators',
    mmd_train: { 'σ=n/4': 0.3 },
    mmd_test: { 'σ=n/4': 0.4 },
    corr_train: [0.5, 0.6],
    corr_test: [0.7, 0.8],
  };
  const rows = curveRows([rec], null);
  expect([...rows.keys()]).toEqual(['loss', 'mmd', 'corr', 'grad', 'lr']);
  expect(rows.get('mmd')).toEqual([
    { series: 'MMD² σ = n/4 train', x: 5, y: 0.3 },
    { series: 'MMD² σ = n/4 test', x: 5, y: 0.4 },
  ]);
  expect(rows.get('corr')!.map((r) => r.series)).toEqual([
    '1-body train',
    '2-body train',
    '1-body test',
    '2-body test',
  ]);
});

test('several runs: series carry the run label', () => {
  const { panels, rows } = curvePanels(
    [
      { label: 'a', records },
      { label: 'b', records: records.slice(0, 2) },
    ],
    'auto',
  );
  expect(panels.map((p) => p.id)).toContain('tvd');
  expect(new Set(rows.get('loss')!.map((r) => r.series))).toEqual(new Set(['a', 'b']));
  expect(new Set(rows.get('tvd')!.map((r) => r.series))).toEqual(
    new Set(['a · TVD train', 'a · TVD test', 'b · TVD train', 'b · TVD test']),
  );
});

test('panel specs: named live data, log axis where asked with y ≤ 0 filtered, and they draw one point per row', async () => {
  const rows = [
    { series: 'loss', x: 1, y: 0.5 },
    { series: 'loss', x: 2, y: 0 },
    { series: 'loss', x: 3, y: 0.1 },
  ];
  const log = panelSpec('loss', rows, 'auto'),
    lin = panelSpec('loss', rows, 'linear');
  expect(log.data).toEqual({ name: 'rows' });
  expect(log.datasets).toEqual({ rows });
  expect(JSON.stringify(log)).toContain('"type":"log"');
  expect(log.transform).toEqual([{ filter: 'datum.y > 0' }]);
  expect(lin.transform).toBeUndefined();
  expect(panelSpec('tvd', rows, 'auto').transform).toBeUndefined(); // TVD is linear under auto
  // the point marks of the line (point: true): one <path> each inside the symbol mark's group
  const points = (svg: string) =>
    (/class="mark-symbol role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/.exec(svg)?.[1].match(/<path /g) ?? []).length;
  expect(points(await toSvg(lin))).toBe(3);
  expect(points(await toSvg(log))).toBe(2);
  expect(() => panelSpec('nope', [], 'auto')).toThrow(/no panel "nope"/);
});

test('long runs are thinned evenly for the first drawing, keeping the last evaluation', () => {
  const long = Array.from({ length: 10001 }, (_, i) => i);
  const t = thin(long, 2000);
  expect(t.length).toBeLessThanOrEqual(2001);
  expect(t[0]).toBe(0);
  expect(t[t.length - 1]).toBe(10000);
  expect(new Set(t.slice(1, -1).map((x, i) => x - t[i])).size).toBe(1); // even steps
  expect(thin([1, 2, 3], 2000)).toEqual([1, 2, 3]);
});

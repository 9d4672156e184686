/**
 * The scan and comparison views from real outputs of `plateau scan` and `plateau compare` at tiny sizes: the report's
 * charts with each preferred fit drawn, verdicts and ranks as rows, images for pixel data; and the fitted curves
 * against their formulas.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { toSvg } from '../../src/report/plot';
import { compareView, CompareDoc } from '../../src/view/compareView';
import { fitCurve, scanView, ScanDoc, StoredFit } from '../../src/view/scanView';

const root = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'view-studies-'));
const tsx = (script: string, args: string[]) =>
  spawnSync(process.execPath, [require.resolve('tsx/cli'), script, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120000,
    env: { ...process.env, PLATEAU_BACKEND: 'cpu' },
  });
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('fit curves: the preferred model at the measured n', () => {
  const line = { slope: -0.5, slopeCI: [-0.6, -0.4] as [number, number], intercept: 1, r2: 0.99 };
  const base: StoredFit = {
    series: 's',
    label: 'S',
    quantity: 'lossVar',
    points: 3,
    verdict: 'barren plateau',
    exponential: line,
    powerLaw: { ...line, slope: -2 },
  };
  expect(fitCurve({ ...base, preferred: 'exponential' }, [2, 4])).toEqual([
    { x: 2, y: Math.exp(1 - 1) },
    { x: 4, y: Math.exp(1 - 2) },
  ]);
  const pow = fitCurve({ ...base, preferred: 'power law' }, [2, 4]);
  expect(pow[1].y).toBeCloseTo(Math.E * 4 ** -2, 12);
  expect(fitCurve({ ...base, preferred: 'neither' }, [2, 4])).toEqual([]);
});

test('scan view: variance charts with fits and bands, verdict rows', async () => {
  const out = path.join(tmp, 'scan');
  const r = tsx('scripts/scan.ts', [
    '--losses',
    'mmd(n/4),lqf',
    '--qubits',
    '2..5',
    '--depths',
    '1',
    '--draws',
    '12',
    '--bootstrap',
    '20',
    '--backend',
    'cpu',
    '--quiet',
    '--out',
    out,
  ]);
  expect(r.stderr).toBe('');
  const doc = JSON.parse(fs.readFileSync(path.join(out, 'scan.json'), 'utf8')) as ScanDoc;
  const v = scanView(doc);
  expect(v.charts).toHaveLength(2);
  expect(v.verdicts).toHaveLength(doc.fits.length);
  expect(v.verdicts.map((x) => x.text)).toEqual(doc.fits.map((f) => f.text ?? f.note ?? ''));
  const names = (spec: object) => new Set(JSON.stringify(spec).match(/"series":"[^"]*"/g));
  const loss = names(v.charts[1]);
  for (const f of doc.fits.filter((x) => x.quantity === 'lossVar')) {
    expect(loss).toContain(`"series":"${f.label}"`);
    if (f.preferred && f.preferred !== 'neither') expect(loss).toContain(`"series":"fit (${f.preferred}), ${f.label}"`);
  }
  const svg = await toSvg(v.charts[1]);
  expect((svg.match(/class="mark-line role-mark/g) ?? []).length).toBeGreaterThanOrEqual(2); // measured and fitted lines
  expect(svg).toContain('qubits n');
});

test('comparison view: curves with IQR bands, final bars, ranks, model-vs-data and images of pixel data', async () => {
  const spec = path.join(tmp, 'cmp.json'),
    out = path.join(tmp, 'cmp');
  fs.writeFileSync(
    spec,
    JSON.stringify({
      name: 'cmp',
      seeds: 2,
      data: [{ synthetic: 'bars-and-stripes', rows: 2, cols: 2 }],
      layers: [1],
      shots: [null],
      losses: [
        { id: 'kl', loss: 'kl' },
        { id: 'mmd', loss: 'mmd', sigmas: ['n/4'] },
      ],
      train: { steps: 6, eval: { every: 3 }, schedule: { kind: 'constant', lr: 0.1 } },
    }),
  );
  expect(tsx('scripts/compare-losses.ts', ['--config', spec, '--out', out, '--quiet']).status).toBe(0);
  const doc = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')) as CompareDoc;
  const v = compareView(doc, out);
  expect(v.charts.map((c) => String(c.title).split(':')[0].split(',')[0])).toEqual([
    'TVD Σ|p−q| (train) during training',
    'final TVD Σ|p−q| (train)',
    'n = 4 · L = 1 · exact (∞ shots)',
    'n = 4 · L = 1 · exact (∞ shots)',
  ]);
  expect(v.ranking.map((r) => r.rank).sort()).toEqual([1, 2]);
  expect(v.ranking.every((r) => r.runs === '2/2' && r.q1 <= r.median && r.median <= r.q3)).toBe(true);
  const curves = JSON.stringify(v.charts[0]);
  expect(curves).toContain('"lo"');
  expect((JSON.parse(curves).concat[0].data.values as { x: number }[]).map((p) => p.x)).toEqual([0, 3, 6, 0, 3, 6]);
  const images = await toSvg(v.charts[3]);
  expect(images).toContain('median seed');
  expect(images).toContain('data');
});

/**
 * The four [O] study commands end to end at tiny sizes (library entry points of scripts/entanglement.ts,
 * gradient-free.ts, qbm.ts, remedies.ts): every result file is written, JSON records the backend, and every chart
 * draws its marks (read from the SVG: bars with an area, lines with points; final-kl.png once drew nothing).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { initBackend, BackendReport } from '../../src/backend/backend';
import { runEntanglementStudy } from '../../src/studies/entanglement/report';
import { runGradientFreeStudy } from '../../src/studies/gradientFree/report';
import { runQbmStudy } from '../../src/studies/qbm/report';
import { runRemediesStudy } from '../../src/studies/remedies/report';
import { drawnBars, pixelVariance, readSvg, svgMarks } from '../helpers/svg';

let backend: BackendReport;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-ent-'));
beforeAll(async () => {
  backend = await initBackend('wasm');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function expectFiles(sub: string, names: string[]): void {
  for (const n of names) expect(fs.existsSync(path.join(dir, sub, n))).toBe(true);
  const json = JSON.parse(fs.readFileSync(path.join(dir, sub, 'results.json'), 'utf8'));
  expect(json.backend.backend).toBe('wasm');
}

test('entanglement study writes JSON, CSV and plots', async () => {
  const text = await runEntanglementStudy(
    {
      nVisible: 1,
      nHidden: [0, 1, 2, 3],
      instances: 50,
      draws: 20,
      layers: 1,
      qubits: 6,
      depths: [0, 1, 4],
      depthInstances: 10,
      seed: 1,
    },
    path.join(dir, 'ent'),
    backend,
    { quiet: true },
  );
  expect(text).toContain('fit ln Var');
  expectFiles('ent', [
    'trace-distance.csv',
    'entropy-vs-depth.csv',
    'gradients.csv',
    'trace-distance-histograms.png',
    'entropy-vs-depth.png',
    'gradient-variance.png',
    'lipschitz.png',
    'trace-distance-mean.png',
  ]);
  // one histogram panel per n_h > 0 with its bins, and a bound rule each; every line chart draws lines
  const hist = svgMarks(readSvg(path.join(dir, 'ent', 'trace-distance-histograms')));
  expect(hist.filter((m) => m.kind === 'rect mark').length).toBeGreaterThanOrEqual(3 * 3);
  expect(hist.filter((m) => m.kind === 'rule mark')).toHaveLength(3);
  for (const chart of ['entropy-vs-depth', 'gradient-variance', 'lipschitz', 'trace-distance-mean'])
    expect({
      chart,
      lines: svgMarks(readSvg(path.join(dir, 'ent', chart))).filter((m) => m.kind === 'line mark').length > 0,
    }).toEqual({ chart, lines: true });
});

test('gradient-free, QBM and remedies studies write their files; same seed → same numbers', async () => {
  const gf = {
    nVisible: 1,
    nHidden: [1],
    layers: 1,
    seeds: 1,
    evaluations: 40,
    adamSteps: 5,
    lr: 0.05,
    shots: 0,
    successTvd: 0.2,
    seed: 1,
  };
  const t1 = await runGradientFreeStudy(gf, path.join(dir, 'gf'), backend, { quiet: true });
  expectFiles('gf', ['results.csv', 'success-rate.png', 'final-kl.png']);
  // 3 models × 4 optimizers, one bar each; the log-scale KL bars are drawn too
  for (const chart of ['success-rate', 'final-kl']) {
    const svg = readSvg(path.join(dir, 'gf', chart));
    expect(svg).not.toContain('NaN');
    const cells = JSON.parse(fs.readFileSync(path.join(dir, 'gf', 'results.json'), 'utf8')).cells as {
      successRate: number;
    }[];
    expect(svgMarks(svg).filter((m) => m.kind === 'bar')).toHaveLength(12);
    expect(drawnBars(svg)).toHaveLength(chart === 'final-kl' ? 12 : cells.filter((c) => c.successRate > 0).length); // a rate of 0 is a bar of no height
  }
  const t2 = await runGradientFreeStudy(gf, path.join(dir, 'gf2'), backend, { quiet: true });
  expect(t2.split('\n').slice(3, -1)).toEqual(t1.split('\n').slice(3, -1));
  await runQbmStudy(
    {
      nVisible: 1,
      nHidden: [0, 1, 2, 3],
      draws: 4,
      width: 1,
      trainVisible: 1,
      trainHidden: [1],
      steps: 3,
      lr: 0.1,
      seeds: 1,
      seed: 1,
    },
    path.join(dir, 'qbm'),
    backend,
    { quiet: true },
  );
  expectFiles('qbm', ['gradients.csv', 'training.csv', 'gradient-variance.png', 'training.png']);
  await runRemediesStudy(
    {
      nVisible: 1,
      nHidden: [1, 2],
      layers: 2,
      couplings: 0,
      seeds: 2,
      steps: 3,
      pretrainSteps: 2,
      lr: 0.05,
      shots: 200,
      successTvd: 0.2,
      seed: 1,
      jitter: 0.01,
    },
    path.join(dir, 'rem'),
    backend,
    { quiet: true },
  );
  expectFiles('rem', ['results.csv', 'success-rate.png', 'final-kl.png']);
  const kl = readSvg(path.join(dir, 'rem', 'final-kl'));
  expect(kl).not.toContain('NaN');
  expect(drawnBars(kl)).toHaveLength(10); // 5 remedies at n_h = 1 and 2
  expect(svgMarks(kl).filter((m) => m.kind === 'rule mark')).toHaveLength(10);
  for (const chart of ['gradient-variance', 'training'])
    expect(
      svgMarks(readSvg(path.join(dir, 'qbm', chart))).filter((m) => m.kind === 'line mark').length,
    ).toBeGreaterThanOrEqual(2);
  expect(pixelVariance(readSvg(path.join(dir, 'qbm', 'training')))).toBeGreaterThan(50);
});

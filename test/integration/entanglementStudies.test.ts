/**
 * The four [O] study commands end to end at tiny sizes (library entry points of scripts/entanglement.ts,
 * gradient-free.ts, qbm.ts, remedies.ts): every result file is written, JSON records the backend.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { initBackend, BackendReport } from '../../src/backend/backend';
import { runEntanglementStudy } from '../../src/studies/entanglementReport';
import { runGradientFreeStudy } from '../../src/studies/gradientFreeReport';
import { runQbmStudy } from '../../src/studies/qbmReport';
import { runRemediesStudy } from '../../src/studies/remediesReport';

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
  const text = await runEntanglementStudy({ nVisible: 1, nHidden: [0, 1, 2, 3], instances: 50, draws: 20, layers: 1, qubits: 6, depths: [0, 1, 4], depthInstances: 10, seed: 1 }, path.join(dir, 'ent'), backend);
  expect(text).toContain('fit ln Var');
  expectFiles('ent', ['trace-distance.csv', 'entropy-vs-depth.csv', 'gradients.csv', 'trace-distance-histograms.png', 'entropy-vs-depth.png', 'gradient-variance.png', 'lipschitz.png', 'trace-distance-mean.png']);
});

test('gradient-free, QBM and remedies studies write their files; same seed → same numbers', async () => {
  const gf = { nVisible: 1, nHidden: 1, layers: 1, seeds: 1, evaluations: 40, adamSteps: 5, lr: 0.05, shots: 0, successTvd: 0.2, seed: 1 };
  const t1 = await runGradientFreeStudy(gf, path.join(dir, 'gf'), backend);
  expectFiles('gf', ['results.csv', 'success-rate.png', 'final-kl.png']);
  const t2 = await runGradientFreeStudy(gf, path.join(dir, 'gf2'), backend);
  expect(t2.split('\n').slice(3, -1)).toEqual(t1.split('\n').slice(3, -1));
  await runQbmStudy({ nVisible: 1, nHidden: [0, 1, 2, 3], draws: 4, width: 1, trainVisible: 1, trainHidden: [1], steps: 3, lr: 0.1, seeds: 1, seed: 1 }, path.join(dir, 'qbm'), backend);
  expectFiles('qbm', ['gradients.csv', 'training.csv', 'gradient-variance.png', 'training.png']);
  await runRemediesStudy({ nVisible: 1, nHidden: 1, layers: 2, couplings: 0, seeds: 2, steps: 3, pretrainSteps: 2, lr: 0.05, shots: 200, successTvd: 0.2, seed: 1, jitter: 0.01 }, path.join(dir, 'rem'), backend);
  expectFiles('rem', ['results.csv', 'success-rate.png', 'final-kl.png']);
});

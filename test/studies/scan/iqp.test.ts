/**
 * IQP gradient-variance scans: the spec (initialisations as depths, n up to 1000, refusals), one point's per-draw loss
 * against the MMD² of the state-vector engine averaged over the same masks, its gradient against central differences,
 * and the iqp-init preset's verdicts at reduced sizes (random full range: exponential; data-dependent: polynomial).
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, BackendReport } from '../../../src/backend/backend';
import { computePoint } from '../../../src/studies/scan/compute';
import { drawLoss, iqpScanGenerators, parseIqpInit, pointMasks, scanRows } from '../../../src/studies/scan/iqp';
import { getBit, zCorrelators } from '../../../src/data/bitRows';
import { probs } from '../../../src/engines/engine';
import { iqpCircuit } from '../../../src/models/iqp/circuit';
import { createRng } from '../../../src/rng';
import { zExpectations } from '../../../src/state/born';
import { centralDiff } from '../../reference/centralDiff';
import { maxAbsDiff } from '../../helpers/backends';
import { scanPoints } from '../../../src/studies/scan/points';
import { analyseScan } from '../../../src/studies/scan/report';
import { buildScanSpec } from '../../../src/studies/scan/run';
import { resolveScanSpec, specHash } from '../../../src/studies/scan/spec';

let backend: BackendReport;
beforeAll(async () => {
  backend = await initBackend('cpu');
});

test('spec: depths are initialisations, n up to 1000, MMD only, no shots', () => {
  const s = resolveScanSpec({ ansatz: 'iqp', losses: ['mmd(n/4)'], qubits: [1000, 64] });
  expect(s.depths).toEqual(['random', 'small-angle', 'gaussian(0.1)', 'data']);
  expect(s.qubits).toEqual([64, 1000]);
  expect(s.iqp).toEqual({ generators: 'erdos-renyi', degree: undefined, edgeProbability: 0.02, masks: 1000 });
  expect(() => resolveScanSpec({ ansatz: 'hep', losses: ['mmd(1)'], qubits: [64] })).toThrow(
    /state-vector scans go up to 24 qubits/,
  );
  expect(() => resolveScanSpec({ ansatz: 'iqp', losses: ['kl'], qubits: [64] })).toThrow(/measure the MMD/);
  expect(() => resolveScanSpec({ ansatz: 'iqp', losses: ['mmd(1)'], qubits: [64], depths: [4] })).toThrow(
    /"depths" are initialisations/,
  );
  expect(() => resolveScanSpec({ ansatz: 'iqp', losses: ['mmd(1)'], qubits: [64], shots: [100] })).toThrow(
    /shots do not apply/,
  );
  expect(() => resolveScanSpec({ ansatz: 'iqp', losses: ['mmd(1)'], qubits: [64], datasets: ['bas:8x8'] })).toThrow(
    /no sample-based form beyond 20 qubits/,
  );
  expect(parseIqpInit('data(0.2)').jitter).toBe(0.2);
  const ghz = scanRows('ghz', 500, 1);
  expect(ghz.rows.rows).toBe(2);
});

test('a point: the per-draw loss is the state-vector MMD restricted to the same masks; its gradient central differences', () => {
  const spec = resolveScanSpec({
    ansatz: 'iqp',
    losses: ['mmd(1)'],
    qubits: [6],
    depths: ['random'],
    draws: 3,
    bootstrap: 0,
    iqp: { generators: 'all', masks: 40 },
  });
  const g = iqpScanGenerators(spec.iqp!, 6),
    data = scanRows('random:n', 6, spec.seed),
    { masks, weights } = pointMasks(spec, 6, [1], 'mmd(1)');
  const p = zCorrelators(data, masks),
    rng = createRng('th'),
    th = Float64Array.from({ length: g.count }, () => 6 * rng.uniform());
  const subsets = Array.from({ length: masks.rows }, (_, r) => [...Array(6).keys()].filter((q) => getBit(masks, r, q)));
  const q = tf.tidy(() =>
    zExpectations(probs(iqpCircuit(g), tf.tensor2d([Array.from(th)]), { engine: 'cpu' }), subsets).dataSync(),
  );
  const ref = weights.reduce((s, w, a) => s + w * (q[a] - p[a]) ** 2, 0),
    got = drawLoss(g, th, masks, weights, p, true);
  expect(Math.abs(got.value - ref)).toBeLessThan(1e-6);
  const fd = centralDiff(
    (x) => drawLoss(g, Float64Array.from(x), masks, weights, p, false).value,
    Array.from(th),
    1e-6,
  );
  expect(maxAbsDiff(got.grad!, fd)).toBeLessThan(1e-7);
  const r = computePoint(spec, scanPoints(spec)[0]);
  expect(r.nParams).toBe(21);
  expect(r.entries[0].grad!.componentVar).toHaveLength(21);
  expect(tf.memory().numTensors).toBe(0);
});

test('iqp-init preset (n = 32…512): random init exponential, data-dependent and small-angle polynomial', () => {
  const spec = buildScanSpec({ preset: 'iqp-init', flags: { draws: '16', bootstrap: '0' } });
  const a = analyseScan({
    spec,
    specHash: specHash(spec),
    backend,
    points: scanPoints(spec).map((p) => computePoint(spec, p)),
    shards: [],
  });
  const verdict = (init: string) =>
    a.fits.find((f) => f.quantity === 'gradVarMean' && f.label.endsWith(`init ${init}`))!.verdict!;
  expect(verdict('random').preferred).toBe('exponential');
  expect(verdict('random').exponential.slopeCI[1]).toBeLessThan(0);
  for (const init of ['data', 'small-angle']) expect(verdict(init).preferred).toBe('power law');
});

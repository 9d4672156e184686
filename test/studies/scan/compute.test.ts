/**
 * A scan point against brute force: every draw run on its own (one row of θ, its own tf.grad), statistics computed
 * plainly here; the data-free costs also against a dense Float64 simulator with central differences. Plus: Haar
 * points, shots, McClean instances, and live tensors flat across points.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../../src/backend/backend';
import { createRng, deriveSeed } from '../../../src/rng';
import { scanCircuit } from '../../../src/studies/scan/ansatz';
import { computePoint, drawChunks, EntryResult } from '../../../src/studies/scan/compute';
import { scanDistribution } from '../../../src/studies/scan/datasets';
import { resolveScanLoss } from '../../../src/studies/scan/losses';
import { scanPoints } from '../../../src/studies/scan/points';
import { resolveScanSpec, ScanSpec } from '../../../src/studies/scan/spec';
import { centralDiff } from '../../reference/centralDiff';
import { denseProbs } from '../../reference/dense';

beforeAll(async () => {
  await initBackend('cpu');
});

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const uvar = (v: number[]) => {
  const m = mean(v);
  return v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1);
};

/** Plain statistics of per-draw values and gradient rows. */
function plainStats(values: number[], grads: number[][]) {
  const P = grads[0].length;
  const comp = Array.from({ length: P }, (_, k) => uvar(grads.map((g) => g[k])));
  return {
    lossMean: mean(values),
    lossVar: uvar(values),
    comp,
    varMean: mean(comp),
    varFirst: comp[0],
    meanVar: uvar(grads.map((g) => mean(g))),
  };
}

function expectMatches(e: EntryResult, ref: ReturnType<typeof plainStats>, tol = 2e-4) {
  const close = (a: number, b: number) =>
    expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(Math.abs(b), 1e-6));
  close(e.lossMean.value, ref.lossMean);
  close(e.lossVar.value, ref.lossVar);
  close(e.grad!.varMean.value, ref.varMean);
  close(e.grad!.varFirst.value, ref.varFirst);
  close(e.grad!.meanVar.value, ref.meanVar);
  e.grad!.componentVar.forEach((v, k) => close(v, ref.comp[k]));
}

/** θ rows exactly as computePoint draws them (documented seeding: deriveSeed(seed, "theta", n, layers)). */
function thetaRows(spec: ScanSpec, n: number, layers: number): number[][] {
  const sc = scanCircuit(spec.ansatz, n, layers, spec.seed),
    P = sc.circuit!.nParams;
  const t = sc.sampleTheta(createRng(deriveSeed(spec.seed, 'theta', n, layers)), spec.draws);
  return Array.from({ length: spec.draws }, (_, b) => Array.from(t.subarray(b * P, (b + 1) * P)));
}

test('batched gradients and statistics equal a per-draw tf.grad loop (hep, n = 3, every kind of loss)', () => {
  const spec = resolveScanSpec({
    losses: ['mmd(n/4)', 'kl', 'tvd', 'lqf', 'qf', 'zz', 'cerezo-global', 'cerezo-local'],
    datasets: ['ghz', 'random:n'],
    qubits: [3],
    depths: [1],
    draws: 7,
    bootstrap: 0,
  });
  const [point] = scanPoints(spec);
  const result = computePoint(spec, point);
  const circuit = scanCircuit(spec.ansatz, 3, 1, spec.seed).circuit!;
  const rows = thetaRows(spec, 3, 1);
  expect(result.entries).toHaveLength(5 * 2 + 3);
  for (const e of result.entries) {
    const loss = resolveScanLoss(
      spec.losses.find((l) => resolveScanLoss(l, 3).key === e.loss)!,
      3,
    );
    const p = e.dataset ? scanDistribution(e.dataset, 3, spec.seed) : new Float64Array(8);
    const data = tf.tensor2d(Float32Array.from(p), [1, 8]);
    const values: number[] = [],
      grads: number[][] = [];
    for (const row of rows) {
      const theta = tf.tensor2d([row]);
      const f = (t: tf.Tensor) =>
        tf.sum(
          loss.ofDistributions({ probs: loss.readProbs(circuit, t as tf.Tensor2D, data, 'auto') }, { probs: data }),
        );
      const { value, grad } = tf.valueAndGrad(f)(theta);
      values.push(value.dataSync()[0]);
      grads.push(Array.from(grad.dataSync()));
      tf.dispose([theta, value, grad]);
    }
    data.dispose();
    expectMatches(e, plainStats(values, grads));
    expect(e.lossVar.lo).toBeNull();
  }
});

test('data-free costs agree with a dense Float64 simulator and central differences (hea-ring, n = 3)', () => {
  const spec = resolveScanSpec({
    losses: ['zz', 'cerezo-global', 'cerezo-local'],
    ansatz: 'hea-ring',
    qubits: [3],
    depths: [2],
    draws: 5,
    bootstrap: 0,
  });
  const [point] = scanPoints(spec);
  const result = computePoint(spec, point);
  const circuit = scanCircuit(spec.ansatz, 3, 2, spec.seed).circuit!;
  const costs: Record<string, (p: number[]) => number> = {
    zz: (p) => p.reduce((a, v, x) => a + v * (((x >> 2) ^ (x >> 1)) & 1 ? -1 : 1), 0), // qubit 0 = bit 2, qubit 1 = bit 1
    'cerezo-global': (p) => 1 - p[0],
    'cerezo-local': (p) => 1 - p.reduce((a, v, x) => a + (v * [2, 1, 0].filter((b) => !((x >> b) & 1)).length) / 3, 0),
  };
  for (const e of result.entries) {
    const f = (th: number[]) => costs[e.loss](denseProbs(circuit, th));
    const values: number[] = [],
      grads: number[][] = [];
    for (const row of thetaRows(spec, 3, 2)) {
      values.push(f(row));
      grads.push(centralDiff(f, row));
    }
    expectMatches(e, plainStats(values, grads), 2e-3);
  }
});

test('McClean instances: rows of instance k use its own gate choice; Haar points give loss statistics only', () => {
  const spec = resolveScanSpec({
    losses: ['zz'],
    ansatz: 'mcclean',
    qubits: [3],
    depths: [2, 'haar'],
    draws: 6,
    circuits: 3,
    bootstrap: 0,
  });
  const [deep, haar] = scanPoints(spec).map((p) => computePoint(spec, p));
  const rows = thetaRows(spec, 3, 2);
  const values: number[] = [],
    grads: number[][] = [];
  rows.forEach((row, b) => {
    const c = scanCircuit('mcclean', 3, 2, spec.seed, Math.floor(b / 2)).circuit!;
    const f = (th: number[]) => denseProbs(c, th).reduce((a, v, x) => a + v * (((x >> 2) ^ (x >> 1)) & 1 ? -1 : 1), 0);
    values.push(f(row));
    grads.push(centralDiff(f, row));
  });
  expectMatches(deep.entries[0], plainStats(values, grads), 2e-3);
  expect(deep.circuit).toContain('×3 instances');
  expect(haar.circuit).toBe('haar');
  expect(haar.entries[0].grad).toBeNull();
  expect(Math.abs(haar.entries[0].lossMean.value)).toBeLessThan(1);
});

test('live tensors stay flat across points (exact + gradients, shots + parameter shift, Haar, several chunks)', () => {
  const spec = resolveScanSpec({
    losses: ['kl', 'lqf', 'zz'],
    qubits: [2, 3],
    depths: [1, 'haar'],
    draws: 6,
    shots: ['exact', 20],
    bootstrap: 10,
  });
  const points = scanPoints(spec);
  computePoint(spec, points[0]);
  const before = tf.memory().numTensors;
  for (const p of points) {
    const r = computePoint(spec, p, { maxBatchAmplitudes: 3 * 2 ** p.n });
    expect(r.entries.length).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  }
  const shot = computePoint(spec, points[0]).entries.find((e) => e.shots === 20 && e.loss === 'kl')!;
  expect(shot.grad).not.toBeNull();
  expect(shot.missFraction).toBeGreaterThanOrEqual(0);
});

test('splitting the draws into batches changes no number (exact gradients, shot losses, Haar states)', () => {
  const spec = resolveScanSpec({
    losses: ['mmd(n/4)', 'kl'],
    qubits: [3],
    depths: [1, 'haar'],
    draws: 9,
    shots: ['exact', 50],
    gradients: true,
    bootstrap: 20,
  });
  for (const p of scanPoints(spec)) {
    const whole = computePoint(spec, p);
    // 3 batches of 3 rows. (A batch of ONE row is not bit-identical: losses/mmd.ts weightedDot contracts a single row in
    // another order; drawChunks keeps batches near-equal, so that happens only when a batch must hold one row.)
    const split = computePoint(spec, p, { maxBatchAmplitudes: 3 * 8 });
    // shot gradients sample in batch order; everything else must be identical
    const strip = (r: typeof whole) => r.entries.map((e) => (e.shots === null ? e : { ...e, grad: null }));
    expect(strip(split)).toEqual(strip(whole));
  }
});

test('drawChunks: near-equal batches within instances, covering every row once', () => {
  const c = drawChunks(10, 3, 3, 3 * 8);
  expect(c.map((x) => [x.instance, ...x.rows])).toEqual([
    [0, 0, 3],
    [1, 3, 6],
    [2, 6, 8],
    [2, 8, 10],
  ]);
  expect(drawChunks(256, 12).map((x) => x.rows)).toEqual([[0, 256]]);
  expect(drawChunks(2500, 12).map((x) => x.rows[1] - x.rows[0])).toEqual([833, 833, 834]);
});

/** Dataset: bit order against the simulator, empirical distribution, save/load, atomic writes, seeded split. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { aggregate, empiricalDistribution, empiricalTensor, eventsOf, makeDataset, splitDataset } from '../../src/data/dataset';
import { loadDataset, readBitstringCsv, saveDataset } from '../../src/data/store';
import { decodeSamples } from '../../src/data/discretise';
import { zmumuDataset } from '../../src/data/recipes';
import { liuWangGaussianDataset } from '../../src/data/synthetic';
import { probs } from '../../src/engines/engine';
import { mmdLoss } from '../../src/losses/mmd';
import { initBackend } from '../../src/backend/backend';
import { expectNoLeak } from '../helpers/backends';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ds-'));
const mk = (indices: number[], weights?: number[], n = 3) => makeDataset({ name: 't', kind: 'test', description: 'test', nQubits: n, indices, weights, qubitMap: { kind: 'bits', description: 'test' }, source: 'test' });

beforeAll(async () => {
  await initBackend('cpu');
});

test('the first character of a bitstring is qubit 0 of the simulator', () => {
  // RY(π) on qubit 0 of |000⟩ gives |100⟩; the dataset of "100" must have zero MMD to it and "001" must not.
  const circuit = { name: 'flip0', nQubits: 3, nParams: 1, gates: [{ kind: 'ry' as const, qubits: [0], params: [{ p: 0 }] }] };
  const path100 = readBitstringCsv(writeTmp('bitstring\n100\n'));
  const p100 = mk(Array.from(path100.indices)), p001 = mk([1]);
  tf.tidy(() => {
    const q = probs(circuit, tf.tensor2d([[Math.PI]]));
    expect(mmdLoss(q, empiricalTensor(p100), [0.5, 1]).dataSync()[0]).toBeLessThan(1e-6);
    expect(mmdLoss(q, empiricalTensor(p001), [0.5, 1]).dataSync()[0]).toBeGreaterThan(0.1);
  });
  expectNoLeak(() => tf.dispose(empiricalTensor(p100)));
});

function writeTmp(text: string): string {
  const f = path.join(tmp(), 'd.csv');
  fs.writeFileSync(f, text);
  return f;
}

test('empirical distribution sums weights per bitstring; shape [1, 2^n]', () => {
  const ds = mk([5, 1, 5, 0], [1, 2, 3, 2]);
  expect(Array.from(empiricalDistribution(ds))).toEqual([0.25, 0.25, 0, 0, 0, 0.5, 0, 0]);
  const t = empiricalTensor(ds);
  expect(t.shape).toEqual([1, 8]);
  t.dispose();
  expect(ds.card.counts).toMatchObject({ rows: 4, events: 8, distinct: 3 });
  expect(() => mk([8])).toThrow(/row 1 has index 8, outside 0\.\.2\^3−1/);
  expect(() => mk([1], [-1])).toThrow(/row 1 has weight -1/);
  expect(() => mk([1], [0])).toThrow(/weights sum to zero/);
});

test('save → load round trip keeps bitstrings, counts, feature map and per-event values', async () => {
  const dir = path.join(tmp(), 'mass');
  const ds = zmumuDataset({ bits: 4, events: 300, seed: 2, binning: 'quantile', code: 'gray', config: {} });
  await saveDataset(ds, dir, { perEvent: true });
  const back = loadDataset(dir);
  expect(Array.from(back.indices)).toEqual(Array.from(ds.indices));
  expect(back.card.qubitMap).toEqual(ds.card.qubitMap);
  expect(Array.from(back.columns!.mass)).toEqual(Array.from(ds.columns!.mass));
  const agg = path.join(tmp(), 'agg');
  await saveDataset(ds, agg);
  expect(fs.readFileSync(path.join(agg, 'data.csv'), 'utf8').split('\n')[0]).toBe('bitstring,count');
  expect(Array.from(empiricalDistribution(loadDataset(agg)))).toEqual(Array.from(empiricalDistribution(ds)));
  const exact = path.join(tmp(), 'lw');
  await saveDataset(liuWangGaussianDataset(4), exact);
  expect(fs.readFileSync(path.join(exact, 'data.csv'), 'utf8').split('\n')[0]).toBe('bitstring,weight');
  const lw = empiricalDistribution(liuWangGaussianDataset(4)), lwBack = empiricalDistribution(loadDataset(exact));
  lw.forEach((v, i) => expect(lwBack[i]).toBeCloseTo(v, 14));
});

test('a failed save leaves neither a new folder nor a damaged old one', async () => {
  const dir = path.join(tmp(), 'x');
  const boom = async () => { throw new Error('plot failed'); };
  await expect(saveDataset(mk([1, 2]), dir, { extra: boom })).rejects.toThrow('plot failed');
  expect(fs.existsSync(dir)).toBe(false);
  await saveDataset(mk([1, 2]), dir);
  const before = fs.readFileSync(path.join(dir, 'data.csv'), 'utf8');
  await expect(saveDataset(mk([3]), dir, { extra: boom, force: true })).rejects.toThrow('plot failed');
  expect(fs.readFileSync(path.join(dir, 'data.csv'), 'utf8')).toBe(before);
  expect(fs.readdirSync(path.dirname(dir))).toEqual(['x']);
});

test('an existing folder is never deleted: refused, or with force moved aside intact', async () => {
  const parent = tmp(), dir = path.join(parent, 'mine');
  fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'sub', 'thesis.tex'), 'years of work');
  await expect(saveDataset(mk([1, 2]), dir)).rejects.toThrow(/mine: exists and is not empty; .*--force/);
  expect(fs.readdirSync(parent)).toEqual(['mine']);
  expect(fs.readFileSync(path.join(dir, 'sub', 'thesis.tex'), 'utf8')).toBe('years of work');
  const r = await saveDataset(mk([1, 2]), dir, { force: true });
  expect(r.movedAside).toMatch(/mine\.old-/);
  expect(fs.readFileSync(path.join(r.movedAside!, 'sub', 'thesis.tex'), 'utf8')).toBe('years of work');
  expect(loadDataset(dir).indices.length).toBe(2);
  // a file at the path is refused; an empty folder is used
  fs.writeFileSync(path.join(parent, 'afile'), 'keep');
  await expect(saveDataset(mk([1]), path.join(parent, 'afile'), { force: true })).rejects.toThrow(/afile: is a file/);
  expect(fs.readFileSync(path.join(parent, 'afile'), 'utf8')).toBe('keep');
  fs.mkdirSync(path.join(parent, 'empty'));
  await saveDataset(mk([1]), path.join(parent, 'empty'));
  expect(loadDataset(path.join(parent, 'empty')).indices.length).toBe(1);
});

test('loading reports a missing folder, a bad card and a bad row', () => {
  expect(() => loadDataset('/nonexistent/ds')).toThrow(/\/nonexistent\/ds: no such file or folder/);
  const d = tmp();
  fs.writeFileSync(path.join(d, 'card.json'), '{ not json');
  fs.writeFileSync(path.join(d, 'data.csv'), 'bitstring\n01\n');
  expect(() => loadDataset(d)).toThrow(/card\.json: not valid JSON/);
  fs.writeFileSync(path.join(d, 'card.json'), JSON.stringify({ ...mk([1]).card, nQubits: 3 }));
  expect(() => loadDataset(d)).toThrow(/data\.csv:2: column "bitstring": bitstring "01" has 2 bits, expected 3/);
});

test('train/test split: seeded, disjoint in events, counts add up', () => {
  const ds = mk([0, 3, 5, 7], [40, 30, 20, 10]);
  const a = splitDataset(ds, 0.25, 9), b = splitDataset(ds, 0.25, 9), c = splitDataset(ds, 0.25, 10);
  expect(eventsOf(a.train).length).toBe(75);
  expect(eventsOf(a.test).length).toBe(25);
  expect(Array.from(a.test.weights)).toEqual(Array.from(b.test.weights));
  expect(Array.from(a.test.weights)).not.toEqual(Array.from(c.test.weights));
  const sum = aggregate([...a.train.indices, ...a.test.indices], [...a.train.weights, ...a.test.weights]);
  expect(Array.from(sum.weights)).toEqual([40, 30, 20, 10]);
  expect(a.train.card.counts).toMatchObject({ train: 75, test: 25 });
  expect(() => splitDataset(liuWangGaussianDataset(3), 0.2, 1)).toThrow(/exact distribution/);
});

test('the feature map stored in a card maps samples back to the events\' physical bins', async () => {
  const dir = path.join(tmp(), 'm');
  await saveDataset(zmumuDataset({ bits: 5, events: 200, seed: 4, binning: 'uniform', code: 'gray', config: {} }), dir, { perEvent: true });
  const back = loadDataset(dir);
  if (back.card.qubitMap.kind !== 'features') throw new Error('expected a feature map');
  const lo = decodeSamples(back.card.qubitMap.features, back.indices, () => 0).mass, hi = decodeSamples(back.card.qubitMap.features, back.indices, () => 1).mass;
  back.columns!.mass.forEach((m, r) => {
    expect(lo[r]).toBeLessThanOrEqual(m);
    expect(m).toBeLessThanOrEqual(hi[r]);
    expect(hi[r] - lo[r]).toBeCloseTo(60 / 32, 9);
  });
});

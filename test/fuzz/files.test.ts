/**
 * Hostile files in process (fast-check, issue 20): event files (CSV, HDF5, ROOT, LHE, .npy) truncated at random
 * lengths or with random bytes overwritten, random CSV text, dataset folders with a mutated card or data, saved models
 * and checkpoints with a field replaced. Each is read, or refused by one line naming the file (and line or field),
 * with nothing else printed; a checkpoint or model that is accepted is consistent.
 */
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { readCsvColumns } from '../../src/data/readers/csv';
import { readHdf5Columns } from '../../src/data/readers/hdf5';
import { readLheEvents, parseParticleSelection } from '../../src/data/readers/lhe';
import { readRootColumns } from '../../src/data/readers/root';
import { findPackageDir } from '../../src/data/readers/optional';
import { loadDataset, readBitstringCsv } from '../../src/data/store';
import { imagesDataset } from '../../src/data/images/recipe';
import { loadModel } from '../../src/models/saved';
import { loadCheckpoint } from '../../src/train/checkpoint';
import { isRngState } from '../../src/rng';
import { Fixtures, makeFixtures } from './fixtures';
import { oneLineOrOk, RUNS, tallyReport } from './oneLine';

let fx: Fixtures;
beforeAll(async () => {
  fx = await makeFixtures();
});
afterAll(() => {
  process.stdout.write(`${tallyReport()}\n`);
  fs.rmSync(fx.dir, { recursive: true, force: true });
});

let serial = 0;
/** A damaged copy of a fixture file: cut at `cut` (a fraction of its length) and/or with `flips` bytes overwritten. */
const damage = fc.record({
  cut: fc.double({ min: 0, max: 1, noNaN: true }),
  flips: fc.array(
    fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 255 })),
    { maxLength: 6 },
  ),
  truncate: fc.boolean(),
});
function damaged(from: string, d: { cut: number; flips: [number, number][]; truncate: boolean }): string {
  const bytes = Buffer.from(fs.readFileSync(fx.at(from)));
  for (const [at, b] of d.flips) bytes[Math.floor(at * bytes.length)] = b;
  const out = d.truncate ? bytes.subarray(0, Math.floor(d.cut * bytes.length)) : bytes;
  return fx.file(`damaged-${serial++}-${path.basename(from)}`, out);
}
/** A message that names file `f` (the path, or its base name in messages that quote both). */
const naming = (f: string) => new RegExp(`${path.basename(f).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

test('event files truncated or overwritten at random: read, or refused in one line naming the file', async () => {
  const root = findPackageDir('jsroot') !== null;
  const readers: [string, (f: string) => Promise<unknown> | unknown][] = [
    ['events.csv', (f) => readCsvColumns(f, ['mass', 'pt'])],
    ['events.h5', (f) => readHdf5Columns(f, ['mass', 'pt'])],
    ['events.lhe', (f) => readLheEvents(f, [parseParticleSelection('mu=13')])],
    ...(root
      ? [
          ['events.root', (f: string) => readRootColumns(f, 'Events', ['mass', 'pt'])] as [
            string,
            (f: string) => Promise<unknown>,
          ],
        ]
      : []),
    [
      'images.npy',
      (f) =>
        imagesDataset({
          file: f,
          energies: fx.at('energies.npy'),
          grid: '2x2',
          rule: 'event',
          fraction: 0.1,
          depth: 'last',
        } as Parameters<typeof imagesDataset>[0]),
    ],
  ];
  for (const [from, read] of readers)
    await fc.assert(
      fc.asyncProperty(damage, async (d) => {
        const f = damaged(from, d);
        await oneLineOrOk(`${path.extname(from).slice(1)} files`, naming(f), () => read(f));
        fs.rmSync(f);
      }),
      { numRuns: RUNS },
    );
});

test('bitstring CSV text of any shape: read, or refused in one line naming the file (and line)', async () => {
  const cell = fc.oneof(
    fc.constantFrom('0101', '0000', '1111', '01', '', '1e309', '-1', 'NaN', '0.5', '"0101"', '01a1', '1e308'),
    fc.string({ maxLength: 6 }),
  );
  const text = fc.oneof(
    fc
      .array(fc.array(cell, { minLength: 1, maxLength: 3 }), { maxLength: 6 })
      .map((rows) => `bitstring,count\n${rows.map((r) => r.join(',')).join('\n')}\n`),
    fc.string({ maxLength: 80 }),
  );
  await fc.assert(
    fc.asyncProperty(text, async (t) => {
      const f = fx.file(`bits-${serial++}.csv`, t);
      const r = await oneLineOrOk('bitstring CSV', naming(f), () => readBitstringCsv(f));
      if (r.ok) expect(Array.from(r.value.weights).every((w) => Number.isFinite(w) && w >= 0)).toBe(true);
      fs.rmSync(f);
    }),
    { numRuns: RUNS * 2 },
  );
});

/** A JSON file with the value at one top-level key replaced (or the key removed). */
function withField(file: string, key: string, value: unknown, name: string): string {
  const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (value === undefined) delete v[key];
  else v[key] = value;
  return fx.file(name, JSON.stringify(v));
}
const fieldValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    undefined,
    null,
    '',
    -1,
    0,
    1e9,
    1.5,
    [],
    {},
    'NaN',
    { kind: 'features', features: [] },
    { kind: 'pixels', rows: 3, cols: 3 },
  ),
);

test('dataset folders with a card field replaced: loaded, or refused in one line naming card.json or data.csv', async () => {
  const keys = fc.constantFrom('schema', 'nQubits', 'qubitMap', 'name', 'counts', 'exact', 'kind', 'files', 'bogus');
  await fc.assert(
    fc.asyncProperty(keys, fieldValue, async (key, value) => {
      const dir = fx.copyOf('ds', `ds-f${serial++}`);
      withField(path.join(dir, 'card.json'), key, value, path.relative(fx.dir, path.join(dir, 'card.json')));
      await oneLineOrOk('dataset folders', new RegExp(`${path.basename(dir)}/(card\\.json|data\\.csv)|dataset "`), () =>
        loadDataset(dir),
      );
      fs.rmSync(dir, { recursive: true });
    }),
    { numRuns: RUNS * 2 },
  );
});

test('saved models with a field replaced: loaded consistent, or refused in one line naming model.json', async () => {
  const keys = fc.constantFrom(
    'format',
    'circuit',
    'theta',
    'visibleQubits',
    'dataCard',
    'metrics',
    'name',
    'createdAt',
  );
  await fc.assert(
    fc.asyncProperty(keys, fieldValue, async (key, value) => {
      const f = withField(fx.at('model/model.json'), key, value, `m-${serial++}/model.json`);
      const r = await oneLineOrOk('model.json', /model\.json: /, () => loadModel(f));
      if (r.ok) {
        const m = r.value,
          nv = m.visibleQubits?.length ?? m.circuit.nQubits;
        expect(m.theta).toHaveLength(m.circuit.nParams);
        expect(nv).toBe(m.dataCard.nQubits);
      }
    }),
    { numRuns: RUNS * 2 },
  );
});

test('checkpoints with a field replaced: loaded consistent, or refused in one line naming checkpoint.json', async () => {
  const good = {
    format: 'plateau-checkpoint/1',
    configHash: 'h',
    step: 2,
    evaluations: 2,
    theta: [0.1, 0.2, 0.3],
    optimizer: { name: 'adam', state: {} },
    rng: { c: 1, s0: 0.25, s1: 0.5, s2: 0.75 },
    savedAt: 'now',
  };
  fs.writeFileSync(fx.at('ckpt.json'), JSON.stringify(good));
  const keys = fc.constantFrom(
    'format',
    'configHash',
    'step',
    'evaluations',
    'theta',
    'optimizer',
    'rng',
    'savedAt',
    'extra',
  );
  const value = fc.oneof(
    fieldValue,
    fc.record({ c: fc.oneof(fc.integer(), fc.double()), s0: fc.double(), s1: fc.double(), s2: fc.double() }),
  );
  await fc.assert(
    fc.asyncProperty(keys, value, async (key, v) => {
      const f = withField(fx.at('ckpt.json'), key, v, `c-${serial++}/checkpoint.json`);
      const r = await oneLineOrOk('checkpoints', /checkpoint\.json: /, () =>
        loadCheckpoint(f, { configHash: 'h', nParams: 3, steps: 4, optimizer: 'adam' }),
      );
      if (r.ok) {
        expect(r.value.step).toBeLessThanOrEqual(4);
        expect(r.value.theta.every(Number.isFinite)).toBe(true);
        expect(isRngState(r.value.rng)).toBe(true);
      }
    }),
    { numRuns: RUNS * 2 },
  );
});

/** Readers on small files made here: CSV (csv-parse), HDF5 (written with h5wasm itself), ROOT (optional jsroot). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { csvSource, readCsvColumns } from '../../src/data/readers/csv';
import { readFeatures } from '../../src/data/readers/derived';
import { loadH5wasm, readHdf5Columns } from '../../src/data/readers/hdf5';
import { JSROOT_INSTALL, loadJsroot, readRootColumns } from '../../src/data/readers/root';
import { findPackageDir } from '../../src/data/readers/optional';
import { readBitstringCsv } from '../../src/data/store';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readers-'));
const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};

const CMS_HEADER = 'Run,Event,pt1,eta1,phi1,Q1,pt2,eta2,phi2,Q2';
const CMS = `${CMS_HEADER}\n1,10,45.2,0.3,1.1,1,41.0,-0.8,-2.0,-1\n1,11,"30.5",-1.2,2.9,-1,52.3,0.4,0.1,1\n# a comment line\n\n1,12,38,2.1,-0.5,1,36.6,1.7,2.6,-1\n`;

describe('CSV', () => {
  test('columns by name, quoted cells, comments and blank lines; derived dimuon mass', async () => {
    const f = file('cms.csv', CMS);
    const r = await readFeatures(csvSource(f), ['pt1', 'eta2', 'mass_mumu']);
    expect(r.rows).toBe(3);
    expect(Array.from(r.columns.pt1)).toEqual([45.2, 30.5, 38]);
    expect(Array.from(r.columns.eta2)).toEqual([-0.8, 0.4, 1.7]);
    // Massless-muon reference: M² = 2 pT1 pT2 (cosh Δη − cos Δφ); the muon mass changes M by < 1e-5 relative here.
    const rows = [[45.2, 0.3, 1.1, 41.0, -0.8, -2.0], [30.5, -1.2, 2.9, 52.3, 0.4, 0.1], [38, 2.1, -0.5, 36.6, 1.7, 2.6]];
    rows.forEach(([p1, e1, f1, p2, e2, f2], i) => {
      const ref = Math.sqrt(2 * p1 * p2 * (Math.cosh(e1 - e2) - Math.cos(f1 - f2)));
      expect(Math.abs(r.columns.mass_mumu[i] / ref - 1)).toBeLessThan(1e-5);
    });
  });

  test.each([
    ['ragged.csv', `${CMS_HEADER}\n1,10,45.2,0.3\n`, /ragged\.csv:2: malformed CSV/],
    ['quote.csv', `a,b\n1,"2\n3,4\n`, /quote\.csv:\d+: malformed CSV/],
    ['nan.csv', 'a,b\n1,2\n3,NaN\n', /nan\.csv:3: column "b" is NaN, not a finite number/],
    ['inf.csv', 'a,b\n1,Infinity\n', /inf\.csv:2: column "b" is Infinity, not a finite number/],
    ['text.csv', 'a,b\n1,abc\n', /text\.csv:2: column "b" "abc" is not a number/],
    ['emptycell.csv', 'a,b\n1,\n', /emptycell\.csv:2: column "b" is empty/],
    ['empty.csv', '', /empty\.csv: empty file/],
    ['blank.csv', '\n\n  \n', /blank\.csv: empty file/],
    ['header.csv', 'a,b\n', /header\.csv: header only, no data rows/],
    ['dup.csv', 'a,a\n1,2\n', /dup\.csv:1: column "a" appears twice/],
  ])('bad file %s is one line naming file and line', (name, text, re) => {
    const f = file(name, text);
    let msg = '';
    try {
      readCsvColumns(f, text.startsWith(CMS_HEADER) ? ['pt1', 'pt2'] : ['a', 'b']);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(re);
    expect(msg).not.toContain('\n');
  });

  test('a missing column, a derived column without its inputs, and a missing file', async () => {
    const f = file('cols.csv', 'pt1,eta1\n1,2\n');
    expect(() => readCsvColumns(f, ['pt9'])).toThrow(/cols\.csv: no column "pt9" \(header: pt1, eta1\)/);
    await expect(readFeatures(csvSource(f), ['mass_mumu'])).rejects.toThrow(/cols\.csv: derived feature "mass_mumu" needs "phi1", "pt2", "eta2", "phi2", not in the file \(header: pt1, eta1\)/);
    expect(() => readCsvColumns(path.join(dir, 'nope.csv'), ['a'])).toThrow(/nope\.csv: no such file/);
  });

  test('bitstring CSVs: wrong width, bad characters, negative counts', () => {
    expect(readBitstringCsv(file('ok.csv', 'bitstring,count\n0101,3\n1111,1\n')).indices).toEqual(Uint32Array.of(5, 15));
    expect(() => readBitstringCsv(file('w.csv', 'bitstring\n0101\n011\n'))).toThrow(/w\.csv:3: column "bitstring": bitstring "011" has 3 bits, expected 4/);
    expect(() => readBitstringCsv(file('c.csv', 'bitstring\n0101\n01a1\n'))).toThrow(/c\.csv:3: .*"01a1" has "a" at position 3; only 0 and 1/);
    expect(() => readBitstringCsv(file('n.csv', 'bitstring,count\n01,-1\n'))).toThrow(/n\.csv:2: column "count" is -1, must be ≥ 0/);
    expect(() => readBitstringCsv(file('nb.csv', 'bits\n01\n'))).toThrow(/nb\.csv: no column "bitstring"/);
  });
});

describe('HDF5 (h5wasm)', () => {
  test('reads 1-D datasets by path, written here with h5wasm', async () => {
    const h5 = await loadH5wasm();
    const f = path.join(dir, 'events.h5');
    const w = new h5.File(f, 'w') as unknown as { create_dataset(o: object): unknown; create_group(n: string): unknown; close(): void };
    w.create_dataset({ name: 'mass', data: Float64Array.of(91.1, 88.5, 93.2) });
    w.create_group('muons');
    w.create_dataset({ name: 'muons/pt', data: Float32Array.of(40, 35.5, 50) });
    w.create_dataset({ name: 'n', data: Int32Array.of(2, 2, 3) });
    w.create_dataset({ name: 'bad', data: Float64Array.of(1, NaN, 3) });
    w.create_dataset({ name: 'short', data: Float64Array.of(1, 2) });
    w.close();
    const r = await readHdf5Columns(f, ['mass', 'muons/pt', 'n']);
    expect(r.rows).toBe(3);
    expect(Array.from(r.columns.mass)).toEqual([91.1, 88.5, 93.2]);
    expect(Array.from(r.columns['muons/pt'])).toEqual([40, 35.5, 50]);
    expect(Array.from(r.columns.n)).toEqual([2, 2, 3]);
    await expect(readHdf5Columns(f, ['pt'])).rejects.toThrow(/events\.h5: dataset "pt": no "pt" in the top level \(it has: bad, mass, muons, n, short\)/);
    await expect(readHdf5Columns(f, ['bad'])).rejects.toThrow(/column "bad" row 2 is NaN, not a finite number/);
    await expect(readHdf5Columns(f, ['mass', 'short'])).rejects.toThrow(/column "short" has 2 rows, "mass" has 3/);
  });

  test('2-D tables (columns by name from a string attribute, or by index), compound tables, nested groups', async () => {
    const h5 = await loadH5wasm();
    const f = path.join(dir, 'tables.h5');
    const w = new h5.File(f, 'w') as unknown as { create_dataset(o: object): { create_attribute(n: string, v: string[]): void }; create_group(n: string): unknown; close(): void };
    // LHEH5-like: events [N, 3] with the column names in the attribute "properties".
    w.create_dataset({ name: 'events', data: Float64Array.of(1, 4, 91.2, 2, 5, 88.1, 3, 6, 93.4), shape: [3, 3] }).create_attribute('properties', ['pid', 'nparticles', 'scale']);
    w.create_dataset({ name: 'plain2d', data: Float32Array.of(1, 2, 3, 4), shape: [2, 2] });
    // h5wasm checks `data instanceof Map`; it lives in Node's realm, not jest's sandbox, so take Map from its realm.
    const RealmMap = (h5.File as unknown as { constructor: FunctionConstructor }).constructor('return Map')() as MapConstructor;
    w.create_dataset({ name: 'muons', data: new RealmMap<string, Int32Array | Float64Array>([['charge', Int32Array.of(1, -1, 1)], ['pt', Float64Array.of(40, 35.5, 50)]]) });
    w.create_group('run1');
    w.create_group('run1/muons');
    w.create_dataset({ name: 'run1/muons/eta', data: Float64Array.of(0.1, -0.2, 0.3) });
    w.create_dataset({ name: 'cube', data: new Float64Array(8), shape: [2, 2, 2] });
    w.close();
    const r = await readHdf5Columns(f, ['events[scale]', 'events[1]', 'muons[pt]', 'muons[charge]', 'run1/muons/eta', '/run1/muons/eta']);
    expect(Array.from(r.columns['events[scale]'])).toEqual([91.2, 88.1, 93.4]);
    expect(Array.from(r.columns['events[1]'])).toEqual([4, 5, 6]);
    expect(Array.from(r.columns['muons[pt]'])).toEqual([40, 35.5, 50]);
    expect(Array.from(r.columns['muons[charge]'])).toEqual([1, -1, 1]);
    expect(Array.from(r.columns['/run1/muons/eta'])).toEqual([0.1, -0.2, 0.3]);
    expect(Array.from((await readHdf5Columns(f, ['plain2d[1]'])).columns['plain2d[1]'])).toEqual([2, 4]);
    const errors: [string, RegExp][] = [
      ['events', /dataset "events" is a 2-D table \[3,3\]; name a column as events\[name\] or events\[index\] \(columns: pid, nparticles, scale\)/],
      ['events[aqcd]', /dataset "events" has no column "aqcd" \(columns: pid, nparticles, scale\)/],
      ['plain2d[x]', /dataset "plain2d" has no column "x" \(columns 0\.\.1; no attribute names them\)/],
      ['muons', /dataset "muons" is a table; name a field as muons\[field\] \(fields: charge, pt\)/],
      ['muons[eta]', /dataset "muons" has no field "eta" \(fields: charge, pt\)/],
      ['run1/electrons/pt', /tables\.h5: dataset "run1\/electrons\/pt": no "electrons" in group "run1" \(it has: muons\)/],
      ['events/x', /tables\.h5: dataset "events\/x": "events" is a Dataset, not a group/],
      ['run1/muons', /tables\.h5: "run1\/muons" is a Group, not a dataset/],
      ['cube', /dataset "cube" has shape \[2,2,2\]; a column is a 1-D dataset or a column of a 2-D table/],
      ['run1/muons/eta[0]', /dataset "run1\/muons\/eta" is 1-D; it has no column "0"/],
    ];
    // That the library's own diagnostics never reach stderr is checked on the CLI (test/integration/data-cli.test.ts):
    // the wasm module writes them past process.stderr.
    for (const [name, re] of errors) {
      let msg = '';
      try { await readHdf5Columns(f, [name]); } catch (e) { msg = (e as Error).message; }
      expect(msg).toMatch(re);
      expect(msg).not.toContain('\n');
    }
  });

  test('not HDF5, empty, missing', async () => {
    await expect(readHdf5Columns(file('x.h5', 'hello'), ['a'])).rejects.toThrow(/x\.h5: not a readable HDF5 file/);
    await expect(readHdf5Columns(file('e.h5', ''), ['a'])).rejects.toThrow(/e\.h5: empty file/);
    await expect(readHdf5Columns(path.join(dir, 'none.h5'), ['a'])).rejects.toThrow(/none\.h5: no such file/);
  });
});

describe('ROOT (optional jsroot)', () => {
  test('without jsroot: one line saying how to install it', async () => {
    const absent = () => null;
    expect(() => loadJsroot(absent)).toThrow(`reading ROOT files needs the optional package jsroot, which is not installed: run \`${JSROOT_INSTALL}\``);
    const f = file('t.root', 'root\0');
    await expect(readRootColumns(f, 'events', ['px'], absent)).rejects.toThrow(/optional package jsroot/);
    await expect(readRootColumns(path.join(dir, 'none.root'), 'events', ['px'])).rejects.toThrow(/none\.root: no such file/);
  });

  const hasJsroot = findPackageDir('jsroot') !== null;
  (hasJsroot ? test : test.skip)('with jsroot installed: a non-ROOT file is refused', async () => {
    await expect(readRootColumns(file('fake.root', 'not root at all'), 'events', ['px'])).rejects.toThrow(/fake\.root: not a readable ROOT file/);
  });
});

/**
 * ROOT TTrees through jsroot, which `npm ci` installs (package.json allowScripts skips canvas's native build), on files
 * the tests write (test/helpers/rootFile.ts): exact round trips, derived features from (E, px, py, pz) branches, and
 * bad input as one line.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import fc from 'fast-check';
import { readFeatures, parseP4 } from '../../src/data/readers/derived';
import { findPackageDir } from '../../src/data/readers/optional';
import { readRootColumns, rootSource } from '../../src/data/readers/root';
import { writeRootTree } from '../helpers/rootFile';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'root-'));
const at = (f: string) => path.join(dir, f);

test('jsroot is installed by npm ci (no extra step)', () => {
  expect(findPackageDir('jsroot')).not.toBeNull();
});

test('double and int branches round-trip exactly (property)', async () => {
  const dbl = fc.double({ noNaN: true, noDefaultInfinity: true });
  await fc.assert(fc.asyncProperty(fc.array(fc.tuple(dbl, fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })), { minLength: 1, maxLength: 300 }), async (rows) => {
    const f = writeRootTree(at('p.root'), 'events', [{ name: 'x', values: rows.map((r) => r[0]) }, { name: 'k', values: rows.map((r) => r[1]), type: 'I' }]);
    const r = await readRootColumns(f, 'events', ['x', 'k']);
    expect(r.rows).toBe(rows.length);
    expect(Array.from(r.columns.x)).toEqual(rows.map((v) => (Object.is(v[0], -0) ? -0 : v[0])));
    expect(Array.from(r.columns.k)).toEqual(rows.map((v) => v[1]));
  }), { numRuns: 25 });
});

test('derived pair mass from (E, px, py, pz) branches equals E² − |p|² computed here', async () => {
  const mu = (pt: number, eta: number, phi: number) => { const px = pt * Math.cos(phi), py = pt * Math.sin(phi), pz = pt * Math.sinh(eta); return [Math.hypot(px, py, pz, 0.1056583755), px, py, pz]; };
  const a = [mu(40, 0.3, 1.1), mu(30, -1.2, 2.9), mu(38, 2.1, -0.5)], b = [mu(41, -0.8, -2), mu(52, 0.4, 0.1), mu(36.6, 1.7, 2.6)];
  const br = (name: string, legs: number[][], k: number) => ({ name, values: legs.map((l) => l[k]) });
  const f = writeRootTree(at('zmm.root'), 'events', [br('E1', a, 0), br('px1', a, 1), br('py1', a, 2), br('pz1', a, 3), br('E2', b, 0), br('px2', b, 1), br('py2', b, 2), br('pz2', b, 3)]);
  const r = await readFeatures(await rootSource(f, 'events'), ['mass(mu1+mu2)'], ['mu1=PxPyPzE(px1,py1,pz1,E1)', 'mu2=PxPyPzE(px2,py2,pz2,E2)'].map(parseP4));
  a.forEach((l, i) => {
    const s = l.map((v, k) => v + b[i][k]);
    expect(r.columns['mass(mu1+mu2)'][i]).toBeCloseTo(Math.sqrt(s[0] ** 2 - s[1] ** 2 - s[2] ** 2 - s[3] ** 2), 10);
  });
});

test('bad input: missing tree or branch, NaN entries, truncated and non-ROOT files are one line', async () => {
  const f = writeRootTree(at('ok.root'), 'events', [{ name: 'x', values: [1, 2, 3] }, { name: 'bad', values: [1, NaN, 3] }]);
  const half = fs.readFileSync(f);
  fs.writeFileSync(at('trunc.root'), half.subarray(0, Math.floor(half.length / 2)));
  fs.writeFileSync(at('text.root'), 'not a ROOT file at all');
  const cases: [() => Promise<unknown>, RegExp][] = [
    [() => readRootColumns(f, 'tree', ['x']), /ok\.root: no tree "tree" \(trees: events\)/],
    [() => readRootColumns(f, 'events', ['y']), /ok\.root: tree "events" has no branch "y" \(branches: x, bad\)/],
    [() => readRootColumns(f, 'events', ['bad']), /ok\.root: tree "events" entry 1, branch "bad" is NaN, not a finite number/],
    [() => readRootColumns(at('trunc.root'), 'events', ['x']), /trunc\.root: truncated: the ROOT header says \d+ bytes, the file has \d+/],
    [() => readRootColumns(at('text.root'), 'events', ['x']), /text\.root: not a readable ROOT file/],
    [async () => readFeatures(await rootSource(f, 'events'), ['mass(m)'], [parseP4('m=PxPyPzE(px,py,pz,E)')]), /ok\.root: derived feature "mass\(m\)" needs "px", "py", "pz", "E", not in the file \(tree "events" branches: x, bad\)/],
  ];
  for (const [p, re] of cases) {
    let msg = '';
    try { await p(); } catch (e) { msg = (e as Error).message; }
    expect(msg).toMatch(re);
    expect(msg).not.toContain('\n');
  }
});

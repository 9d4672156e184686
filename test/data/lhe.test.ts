/** LHE reader: events written here (plain and gzip) read back exactly (fast-check), selections, derived pair quantities, bad files. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import fc from 'fast-check';
import { readFeatures } from '../../src/data/readers/derived';
import { lheSource, parseParticleSelection, readLheEvents } from '../../src/data/readers/lhe';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lhe-'));
const at = (f: string) => path.join(dir, f);

/** A particle: id, status, px, py, pz, E, m. */
type P = [number, number, number, number, number, number, number];
interface Ev { weight: number; scale: number; parts: P[] }

const fmt = (x: number) => x.toExponential(10).replace('e', 'E');
function lheText(events: Ev[], extras = true): string {
  const lines = ['<LesHouchesEvents version="3.0">', '<header>', '<!-- written by a test -->', '</header>', '<init>', '2212 2212 6.5E+03 6.5E+03 0 0 247000 247000 -4 1', '1.0E+00 1.0E-02 1.0E+00 1', '</init>'];
  for (const e of events) {
    lines.push('<event>', ` ${e.parts.length} 1 ${fmt(e.weight)} ${fmt(e.scale)} 7.54677111E-03 1.18E-01`);
    for (const [id, st, px, py, pz, E, m] of e.parts) lines.push(`  ${id} ${st} 0 0 0 0 ${fmt(px)} ${fmt(py)} ${fmt(pz)} ${fmt(E)} ${fmt(m)} 0.0D+00 9.0D+00`);
    if (extras) lines.push('#aMCatNLO 1 2 3', '<rwgt>', "<wgt id='1'> 1.0 </wgt>", '</rwgt>');
    lines.push('</event>');
  }
  lines.push('</LesHouchesEvents>', '');
  return lines.join('\n');
}

const particle = (ids: number[], status: number[]) => fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...status), ...Array.from({ length: 5 }, () => fc.double({ min: -500, max: 500, noNaN: true }))) as fc.Arbitrary<P>;
const event = fc.record({ weight: fc.double({ min: -10, max: 10, noNaN: true }), scale: fc.double({ min: 1, max: 200, noNaN: true }), parts: fc.array(particle([13, -13, 11, 21, 2], [-1, 1, 2]), { minLength: 1, maxLength: 6 }) });

test('events written here (plain and gzip) read back: event fields and the pT-ranked selected particle (property)', async () => {
  await fc.assert(fc.asyncProperty(fc.array(event, { minLength: 1, maxLength: 8 }), fc.boolean(), async (events, gz) => {
    const text = lheText(events);
    const f = at(gz ? 'p.lhe.gz' : 'p.lhe');
    fs.writeFileSync(f, gz ? zlib.gzipSync(text) : text);
    const sel = [parseParticleSelection('mu=13|-13#1'), parseParticleSelection('mu2=13|-13#2')];
    const expected = events.flatMap((e) => {
      const muons = e.parts.filter((p) => p[1] === 1 && Math.abs(p[0]) === 13).sort((a, b) => Math.hypot(b[2], b[3]) - Math.hypot(a[2], a[3]));
      return muons.length >= 2 ? [{ e, mu: muons[0], mu2: muons[1] }] : [];
    });
    const round = (x: number) => Number(fmt(x));
    if (expected.length === 0) {
      await expect(readLheEvents(f, sel)).rejects.toThrow(/empty selection: none of the \d+ events has mu \(ids 13\|-13, status 1, rank 1\) and mu2/);
      return;
    }
    const r = await readLheEvents(f, sel);
    expect(r.events).toBe(events.length);
    expect(r.skipped).toBe(events.length - expected.length);
    expect(Array.from(r.columns.weight)).toEqual(expected.map((x) => round(x.e.weight)));
    expect(Array.from(r.columns.nup)).toEqual(expected.map((x) => x.e.parts.length));
    expect(Array.from(r.columns['mu.px'])).toEqual(expected.map((x) => round(x.mu[2])));
    expect(Array.from(r.columns['mu2.E'])).toEqual(expected.map((x) => round(x.mu2[5])));
    expect(Array.from(r.columns['mu.id'])).toEqual(expected.map((x) => x.mu[0]));
  }), { numRuns: 60 });
});

test('a Z → μμ event: mass, pT and rapidity of the pair; a status-2 resonance', async () => {
  // Back-to-back massless muons of 45.6 GeV along x, boosted along z by the Z's longitudinal momentum.
  const m = 91.1876, pz = 30, E = Math.hypot(m, pz), h = m / 2;
  const g = E / m, bg = pz / m; // boost along z: E' = γE + βγ pz, pz' = βγE + γ pz
  const mu = (s: number): P => [13 * s, 1, s * h, 0, bg * h, g * h, 0];
  fs.writeFileSync(at('z.lhe'), lheText([{ weight: 1, scale: m, parts: [[2, -1, 0, 0, 100, 100, 0], [-2, -1, 0, 0, -70, 70, 0], [23, 2, 0, 0, pz, E, m], mu(1), mu(-1)] }]));
  const src = lheSource(at('z.lhe'), [parseParticleSelection('mum=13'), parseParticleSelection('mup=-13')]);
  const r = await readFeatures(src, ['mass(mum+mup)', 'pt(mum+mup)', 'rapidity(mum+mup)', 'weight']);
  expect(r.columns['mass(mum+mup)'][0]).toBeCloseTo(m, 6);
  expect(r.columns['pt(mum+mup)'][0]).toBeCloseTo(0, 9);
  expect(r.columns['rapidity(mum+mup)'][0]).toBeCloseTo(0.5 * Math.log((E + pz) / (E - pz)), 9);
  expect(src.notes).toEqual(['1 events read, 0 without mum and mup skipped (status 1)']);
  const z = await readFeatures(lheSource(at('z.lhe'), [parseParticleSelection('Z=23')], 2), ['Z.m', 'mass(Z)']);
  expect(z.columns['Z.m'][0]).toBeCloseTo(m, 8);
  expect(z.columns['mass(Z)'][0]).toBeCloseTo(m, 6);
});

test('bad files and selections: one line naming file and line', async () => {
  const good = lheText([{ weight: 1, scale: 91, parts: [[13, 1, 1, 2, 3, 4, 0], [-13, 1, -1, -2, -3, 4, 0]] }], false);
  const lines = good.split('\n');
  const write = (name: string, text: string | Buffer) => { fs.writeFileSync(at(name), text); return at(name); };
  const sel = [parseParticleSelection('mu=13')];
  const cases: [string, RegExp][] = [
    [write('trunc.lhe', lines.slice(0, 11).join('\n')), /trunc\.lhe:9: truncated: event 1 has no <\/event>/],
    [write('noend.lhe', lines.slice(0, lines.length - 2).join('\n')), /noend\.lhe: truncated: no <\/LesHouchesEvents> after 1 events/],
    [write('nan.lhe', good.replace(/(\n +13 1 0 0 0 0 )\S+/, '$1NaN')), /nan\.lhe:11: event 1: particle line 1 field 7 is "NaN", not a finite number/],
    [write('short.lhe', good.replace(/\n +-13 1 .*\n/, '\n')), /short\.lhe:12: event 1: 1 particle lines, NUP says 2/],
    [write('csv.lhe', 'a,b\n1,2\n'), /csv\.lhe:1: not a Les Houches event file/],
    [write('gz.lhe.gz', zlib.gzipSync(good).subarray(0, 60)), /gz\.lhe\.gz: damaged or truncated gzip stream/],
    [write('empty.lhe', ''), /empty\.lhe: empty file/],
  ];
  for (const [f, re] of cases) {
    let msg = '';
    try { await readLheEvents(f, sel); } catch (e) { msg = (e as Error).message; }
    expect(msg).toMatch(re);
    expect(msg).not.toContain('\n');
  }
  await expect(readLheEvents(write('ok.lhe', good), [parseParticleSelection('e=11')])).rejects.toThrow(/ok\.lhe: empty selection: none of the 1 events has e \(ids 11, status 1, rank 1\)/);
  expect(() => parseParticleSelection('mu:13')).toThrow(/--particle "mu:13" must look like mu=13/);
  await expect(readFeatures(lheSource(at('ok.lhe'), sel), ['mu.pt'])).rejects.toThrow(/ok\.lhe: no column "mu\.pt" \(columns: nup, idprup, weight, scale, aqed, aqcd, mu\.px/);
});

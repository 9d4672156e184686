/** Derived quantities (readers/derived.ts) against independent formulas, round trips and parsing (fast-check). */
import fc from 'fast-check';
import { ColumnSource, computeDerived, MUON_MASS_GEV, P4Def, parseDerived, parseP4, readFeatures } from '../../src/data/readers/derived';

/** A column source over in-memory columns. */
const memory = (cols: Record<string, number[]>): ColumnSource => ({
  file: 'mem.csv',
  has: (c) => c in cols,
  describe: () => `header: ${Object.keys(cols).join(', ')}`,
  read: async (names) => Object.fromEntries(names.map((n) => { if (!(n in cols)) throw new Error(`no ${n}`); return [n, Float64Array.from(cols[n])]; })),
});

const pt = fc.double({ min: 0.5, max: 500, noNaN: true }), eta = fc.double({ min: -4, max: 4, noNaN: true });
const phi = fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }), mass = fc.double({ min: 0, max: 100, noNaN: true });

test('PtEtaPhiM → (E, p) → pt, eta, phi, mass, rapidity reproduce the inputs (massive: y from its own definition)', async () => {
  await fc.assert(fc.asyncProperty(pt, eta, phi, mass, async (a, b, c, m) => {
    const src = memory({ pt: [a], eta: [b], phi: [c], m: [m] });
    const p4 = [parseP4('v=PtEtaPhiM(pt,eta,phi,m)')];
    const r = await readFeatures(src, ['pt(v)', 'eta(v)', 'phi(v)', 'mass(v)', 'rapidity(v)', 'E(v)'], p4);
    expect(r.columns['pt(v)'][0]).toBeCloseTo(a, 9);
    expect(r.columns['eta(v)'][0]).toBeCloseTo(b, 9);
    expect(r.columns['phi(v)'][0]).toBeCloseTo(c, 9);
    // E² − p² cancels catastrophically for m ≪ p: compare m² with a tolerance relative to E².
    const E = r.columns['E(v)'][0];
    expect(Math.abs(r.columns['mass(v)'][0] ** 2 - m * m)).toBeLessThan(1e-12 * E * E + 1e-12);
    // Rapidity, independently: y = asinh(pT sinh η / √(m² + pT²)).
    expect(r.columns['rapidity(v)'][0]).toBeCloseTo(Math.asinh((a * Math.sinh(b)) / Math.sqrt(m * m + a * a)), 7);
  }), { numRuns: 200 });
});

test('pair mass equals the massless-limit formula M² = 2 pT1 pT2 (cosh Δη − cos Δφ) for massless legs, in both conventions', async () => {
  await fc.assert(fc.asyncProperty(pt, eta, phi, pt, eta, phi, async (p1, e1, f1, p2, e2, f2) => {
    const ref = Math.sqrt(2 * p1 * p2 * (Math.cosh(e1 - e2) - Math.cos(f1 - f2)));
    const cart = (p: number, e: number, f: number) => [p * Math.cos(f), p * Math.sin(f), p * Math.sinh(e), p * Math.cosh(e)];
    const [x1, y1, z1, E1] = cart(p1, e1, f1), [x2, y2, z2, E2] = cart(p2, e2, f2);
    const src = memory({ pt1: [p1], eta1: [e1], phi1: [f1], pt2: [p2], eta2: [e2], phi2: [f2], px1: [x1], py1: [y1], pz1: [z1], E1: [E1], px2: [x2], py2: [y2], pz2: [z2], E2: [E2] });
    const p4 = ['a=PtEtaPhiM(pt1,eta1,phi1,0)', 'b=PtEtaPhiM(pt2,eta2,phi2,0)', 'c=PxPyPzE(px1,py1,pz1,E1)', 'd=PxPyPzE(px2,py2,pz2,E2)'].map(parseP4);
    const r = await readFeatures(src, ['mass(a+b)', 'mass(c+d)'], p4);
    const tol = 1e-9 * (E1 + E2) ** 2 / Math.max(ref, 1e-3) + 1e-6;
    expect(Math.abs(r.columns['mass(a+b)'][0] - ref)).toBeLessThan(tol);
    expect(Math.abs(r.columns['mass(c+d)'][0] - ref)).toBeLessThan(tol);
  }), { numRuns: 200 });
});

test('mass_mumu alias: the CMS layout with the PDG muon mass; a file column of that name wins', async () => {
  const cols = { pt1: [45.2], eta1: [0.3], phi1: [1.1], pt2: [41], eta2: [-0.8], phi2: [-2] };
  const r = await readFeatures(memory(cols), ['mass_mumu']);
  const p4: P4Def[] = [{ name: 'a', form: 'PtEtaPhiM', args: ['pt1', 'eta1', 'phi1', MUON_MASS_GEV] }, { name: 'b', form: 'PtEtaPhiM', args: ['pt2', 'eta2', 'phi2', MUON_MASS_GEV] }];
  const direct = computeDerived(parseDerived('mass(a+b)', p4)!, p4, Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, Float64Array.from(v)])), 1, 'mem');
  expect(r.columns.mass_mumu[0]).toBe(direct[0]);
  expect(r.derived).toEqual(['mass_mumu']);
  const own = await readFeatures(memory({ ...cols, mass_mumu: [7] }), ['mass_mumu']);
  expect(Array.from(own.columns.mass_mumu)).toEqual([7]);
});

test('bad declarations and features are one line naming what is wrong', async () => {
  expect(() => parseP4('mu1=PtEtaPhi(pt,eta,phi)')).toThrow(/unknown form "PtEtaPhi" \(known: PxPyPzE, PtEtaPhiM, PtEtaPhiE\)/);
  expect(() => parseP4('mu1=PxPyPzE(px,py,pz)')).toThrow(/PxPyPzE takes four columns or numbers, got 3/);
  expect(() => parseP4('mu1 PxPyPzE(a,b,c,d)')).toThrow(/must look like mu1=PxPyPzE/);
  const p4 = [parseP4('a=PxPyPzE(px,py,pz,E)')];
  expect(() => parseDerived('width(a)', p4)).toThrow(/unknown quantity "width" \(known: mass, pt, eta/);
  expect(() => parseDerived('mass(a+b)', p4)).toThrow(/no four-vector "b" .*declared: a/);
  await expect(readFeatures(memory({ px: [1], py: [0], pz: [0] }), ['mass(a)'], p4)).rejects.toThrow(/mem\.csv: derived feature "mass\(a\)" needs "E", not in the file \(header: px, py, pz\)/);
  // η of a particle at rest along z is ±∞: refused, naming the row.
  await expect(readFeatures(memory({ px: [1, 0], py: [0, 0], pz: [0, 3], E: [2, 4] }), ['eta(a)'], p4)).rejects.toThrow(/mem\.csv: row 2: derived feature "eta\(a\)" is Infinity/);
});

test('parseP4 property: any identifier and four column names or numbers round-trip', () => {
  const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
  const arg = fc.oneof(ident, fc.double({ min: -1e3, max: 1e3, noNaN: true }).map((x) => Number(x.toPrecision(8))));
  fc.assert(fc.property(ident, fc.constantFrom('PxPyPzE', 'PtEtaPhiM', 'PtEtaPhiE'), fc.array(arg, { minLength: 4, maxLength: 4 }), (name, form, args) => {
    const d = parseP4(`${name} = ${form}( ${args.join(' , ')} )`);
    expect(d).toEqual({ name, form, args });
  }));
});

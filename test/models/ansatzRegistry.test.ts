/**
 * The ansatz registry (models/ansatzRegistry.ts) builds exactly the circuits the three vocabularies it replaced built:
 * test/models/fixtures/ansatzCircuits.json holds canonical hashes of every circuit (and of a scan's θ draws) written by
 * the old builders at e90d4da (training configs' buildAnsatz, scans' scanCircuit, hidden-unit models) — same gates,
 * same parameter order. Plus the one-line refusals of names that do not apply where they are used.
 */
import { canonicalHash } from '../../src/canonical';
import { ansatzFor, ansatzNames, findAnsatz } from '../../src/models/ansatzRegistry';
import { buildAnsatz, parseAnsatzSpec } from '../../src/models/ansatzSpec';
import { HiddenAnsatz, hiddenUnitModel } from '../../src/models/hiddenUnit';
import { createRng } from '../../src/rng';
import { AnsatzName, resolveDepth, scanCircuit } from '../../src/studies/scan/ansatz';
import { resolveScanSpec } from '../../src/studies/scan/spec';
import fixture from './fixtures/ansatzCircuits.json';

type Expected = Record<string, string | number | null | { error: string }>;
const FIXTURE = fixture as unknown as Record<'config' | 'scan' | 'depths' | 'hidden', Expected>;

/** What a case gave: the circuit's hash, a plain value, or the message it threw. */
function outcome(f: () => unknown, hash = true): string | number | null | { error: string } {
  try {
    const v = f();
    return hash ? canonicalHash(v).slice(0, 16) : (v as number | null);
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Every fixture key is rebuilt: a case the test no longer builds fails as loudly as a changed circuit. */
function compare(section: keyof typeof FIXTURE, got: Expected, allow: (key: string, old: unknown, now: unknown) => boolean = () => false): void {
  expect(Object.keys(got).sort()).toEqual(Object.keys(FIXTURE[section]).sort());
  const differ = Object.keys(got).filter((k) => JSON.stringify(got[k]) !== JSON.stringify(FIXTURE[section][k]) && !allow(k, FIXTURE[section][k], got[k]));
  expect(differ).toEqual([]);
}

// the cases the fixture was written with (same order and values)
const CONFIG_SPECS: unknown[] = [
  { ansatz: 'product' },
  { ansatz: 'hep', layers: 1 }, { ansatz: 'hep', layers: 3 }, { ansatz: 'hep', layers: 'log2n' },
  { ansatz: 'hea', layers: 2 }, { ansatz: 'hea', layers: 2, topology: 'ring' }, { ansatz: 'hea', layers: 1, topology: 'all', rotations: ['euler'], entangler: 'rzz' },
  { ansatz: 'hea', layers: 'n', rotations: ['rx', 'rz'], entangler: 'cz' },
  { ansatz: 'hea-line', layers: 2 }, { ansatz: 'hea-ring', layers: 3 }, { ansatz: 'hea-ring', layers: 1, topology: 'line' },
  { ansatz: 'mcclean', layers: 2 }, { ansatz: 'mcclean', layers: 3, seed: 5 }, { ansatz: 'mcclean', layers: 1, seed: 'abc' },
  { ansatz: 'liu-wang', layers: 2, tree: 'line' }, { ansatz: 'liu-wang', layers: 1 }, { ansatz: 'liu-wang', layers: 2, tree: [[0, 1], [1, 2]] },
  { ansatz: 'all-pauli' }, { ansatz: 'all-pauli', layers: 2, seed: 9 },
  { ansatz: 'iqp' }, { ansatz: 'iqp', generators: 'line', maxBody: 2 }, { ansatz: 'iqp', generators: 'erdos-renyi', degree: 2, seed: 4 },
];
const SCAN_NAMES = ['product', 'product-haar', 'hep', 'hea-line', 'hea-ring', 'mcclean', 'fermion-line', 'haar', 'iqp'] as const;
const HIDDEN_SPECS: { nVisible: number; nHidden: number; ansatz: Record<string, unknown>; seed?: number | string }[] = [
  { nVisible: 1, nHidden: 2, ansatz: { kind: 'allPauli' } },
  { nVisible: 2, nHidden: 1, ansatz: { kind: 'allPauli', layers: 2 }, seed: 7 },
  { nVisible: 2, nHidden: 2, ansatz: { kind: 'allPauli', layers: 1, couplings: 0 }, seed: 3 },
  { nVisible: 2, nHidden: 2, ansatz: { kind: 'allPauli', layers: 2, couplings: 1 }, seed: 'x' },
  { nVisible: 1, nHidden: 2, ansatz: { kind: 'allPauli', layers: 2, identityBlocks: true }, seed: 3 },
  { nVisible: 3, nHidden: 0, ansatz: { kind: 'allPauli', layers: 1 }, seed: 1 },
  { nVisible: 2, nHidden: 1, ansatz: { kind: 'hea', layers: 2 } },
  { nVisible: 2, nHidden: 2, ansatz: { kind: 'hea', layers: 1, topology: 'ring', rotations: ['euler'], entangler: 'cz' } },
  { nVisible: 2, nHidden: 1, ansatz: { kind: 'hep', layers: 2 } },
];

/** A fixed data distribution on n qubits (the Chow–Liu tree of liu-wang is computed from it). */
function data(n: number): number[] {
  const r = createRng('data'), p = Array.from({ length: 2 ** n }, () => r.uniform()), s = p.reduce((a, b) => a + b);
  return p.map((x) => x / s);
}

test('training configs: every spec builds the circuit the old buildAnsatz built (n = 3, 4, 5; seed from spec, config or default)', () => {
  const got: Expected = {};
  for (const raw of CONFIG_SPECS)
    for (const n of [3, 4, 5])
      for (const seed of [undefined, 11]) got[`${JSON.stringify(raw)} n=${n} seed=${seed}`] = outcome(() => buildAnsatz(parseAnsatzSpec(raw), n, { data: data(n), seed }));
  compare('config', got);
});

test('scans: every name builds the old circuit and draws the old θ (n = 2, 4, 5; layers 0, 1, 3, haar; instances 0, 1)', () => {
  const got: Expected = {};
  for (const name of SCAN_NAMES)
    for (const n of [2, 4, 5])
      for (const layers of [0, 1, 3, null])
        for (const instance of [0, 1])
          got[`${name} n=${n} layers=${layers} instance=${instance}`] = outcome(() => {
            const c = scanCircuit(name, n, layers, 7, instance);
            return { circuit: c.circuit, theta: Array.from(c.sampleTheta(createRng('theta'), 2)) };
          });
  // the one change: asking a scan for the circuit of "iqp" (never done: IQP points take their own path) used to say
  // 'unknown "iqp"' while listing it; it now says why
  compare('scan', got, (k, old, now) => k.startsWith('iqp ') && /unknown "iqp"/.test((old as { error: string }).error) && /"iqp" scans draw IQP models/.test((now as { error: string }).error));
  const depths: Expected = {};
  for (const d of [0, 3, '2n', 'n/2', 'log2n', 'haar', ' haar ', 'bad', -1]) for (const n of [4, 7]) depths[`${JSON.stringify(d)} n=${n}`] = outcome(() => resolveDepth(d, n), false);
  compare('depths', depths);
});

test('hidden-unit models: every spec builds the old circuit (fixture keys keep the old spelling "allPauli"; the registry name is "all-pauli")', () => {
  const got: Expected = {};
  for (const s of HIDDEN_SPECS) {
    const ansatz = { ...s.ansatz, kind: s.ansatz.kind === 'allPauli' ? 'all-pauli' : s.ansatz.kind } as HiddenAnsatz;
    got[JSON.stringify(s)] = outcome(() => hiddenUnitModel({ ...s, ansatz }));
  }
  compare('hidden', got);
});

test('one registry: each use lists its names, aliases resolve to their canonical form, a name out of place is refused in one line', () => {
  expect(ansatzNames('scan')).toEqual(['product', 'product-haar', 'hep', 'hea-line', 'hea-ring', 'mcclean', 'fermion-line', 'haar', 'iqp']);
  expect(ansatzNames('config')).toEqual(['product', 'hep', 'hea', 'hea-line', 'hea-ring', 'mcclean', 'liu-wang', 'all-pauli', 'iqp']);
  expect(ansatzNames('hidden')).toEqual(['hep', 'hea', 'all-pauli']);
  expect(findAnsatz('hea-ring')?.aliasOf).toEqual({ name: 'hea', topology: 'ring' });
  expect(parseAnsatzSpec({ ansatz: 'hea-ring', layers: 2 })).toEqual({ ansatz: 'hea', layers: 2, topology: 'ring' });
  // properties the callers branch on
  expect(findAnsatz('mcclean')?.randomGates && findAnsatz('all-pauli')?.randomGates).toBe(true);
  expect(findAnsatz('haar')).toMatchObject({ form: 'haar-states', layers: 'none' });
  expect(findAnsatz('product-haar')).toMatchObject({ theta: 'haar-euler', layers: 'none' });
  const oneLine = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('did not throw');
  };
  const refusals = [
    [() => parseAnsatzSpec({ ansatz: 'haar' }), /^model\.ansatz: ansatz "haar" \(Haar-random states.*\) is for scans, not training configs \(training configs take: product, hep/],
    [() => resolveScanSpec({ losses: ['kl'], qubits: [2], ansatz: 'all-pauli' }), /^scan spec\.ansatz: ansatz "all-pauli" .* is for training configs and hidden-unit models, not scans/],
    [() => resolveScanSpec({ losses: ['kl'], qubits: [2], ansatz: 'spiral' }), /^scan spec\.ansatz: unknown ansatz "spiral" \(known: product, product-haar/],
    [() => hiddenUnitModel({ nVisible: 1, nHidden: 1, ansatz: { kind: 'mcclean' as 'hep', layers: 1 } }), /^hiddenUnitModel: ansatz "mcclean" .* is for training configs and scans, not hidden-unit models \(hidden-unit models take: hep, hea, all-pauli\)/],
    [() => scanCircuit('liu-wang' as AnsatzName, 3, 1, 1), /^ansatz: ansatz "liu-wang" .* is for training configs, not scans/],
  ] as const;
  for (const [f, re] of refusals) {
    const msg = oneLine(f);
    expect(msg).toMatch(re);
    expect(msg).not.toContain('\n');
  }
  expect(ansatzFor('haar', 'scan').build).toBeUndefined(); // Haar states have no circuit
  expect(() => parseAnsatzSpec({ ansatz: 'haar' }, 'config: model')).toThrow(/^config: model\.ansatz: ansatz "haar"/);
  expect(resolveScanSpec({ losses: ['kl'], qubits: [2], ansatz: 'mcclean', circuits: 2, depths: [1], draws: 4 }).circuits).toBe(2);
  expect(() => resolveScanSpec({ losses: ['kl'], qubits: [2], ansatz: 'hep', circuits: 2, depths: [1], draws: 4 })).toThrow('scan spec.circuits: only ansatz "mcclean" has random circuit instances, got 2 for "hep"');
});

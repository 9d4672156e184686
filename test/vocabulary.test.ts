/**
 * One vocabulary (issue 17): the same text means the same thing in every command and config — shot budgets (exact,
 * null as its alias, counts; 0 refused everywhere with the same words), integer lists with ranges, and loss shorthand
 * read alike by train configs, comparison specs and scans.
 */
import { numberListOption, numberOption, parseNumber, shotsOption } from '../src/cli';
import { resolveTrainConfig } from '../src/config/train';
import { parseLossSpec } from '../src/losses/registry';
import { parseCompareSpec } from '../src/studies/compare/spec';
import { parseScanLoss, scanLossKey } from '../src/studies/scan/losses';
import { resolveScanSpec, specFromFlags } from '../src/studies/scan/spec';
import { buildScanSpec } from '../src/studies/scan/run';
import { MAX_LIST_ITEMS, parseIntList, parseShots, readDecimal } from '../src/vocabulary';
import { buildAnsatz, parseAnsatzSpec } from '../src/models/ansatzSpec';
import { scanCircuit } from '../src/studies/scan/ansatz';

const train = (extra: object) =>
  resolveTrainConfig(
    {
      name: 't',
      data: { synthetic: 'ghz', n: 3 },
      model: { ansatz: 'hep', layers: 1 },
      loss: 'kl',
      steps: 5,
      ...extra,
    },
    't.json',
  );
const compare = (shots: unknown[]) =>
  parseCompareSpec(
    {
      name: 'c',
      seeds: 1,
      data: [{ synthetic: 'ghz', n: 3 }],
      layers: [1],
      shots,
      losses: ['kl'],
      train: { steps: 2 },
    },
    'c.json',
  );

test('shots: exact, null and counts mean the same everywhere; 0 is refused everywhere in the same words', () => {
  expect([
    parseShots('exact', 'x'),
    parseShots(null, 'x'),
    parseShots('null', 'x'),
    parseShots(100, 'x'),
    parseShots('1e3', 'x'),
  ]).toEqual([null, null, null, 100, 1000]);
  for (const bad of [0, '0', -1, 2.5, 'many', '', true]) expect(() => parseShots(bad, 'x')).toThrow(/^x: /);
  expect(() => parseShots(0, '--shots')).toThrow(
    '--shots: 0 shots estimate nothing; write exact for exact probabilities',
  );
  // train configs, comparison specs, scan specs and flags
  expect([
    train({ shots: 'exact' }).shots,
    train({ shots: null }).shots,
    train({ shots: 100, gradient: 'parameter-shift' }).shots,
  ]).toEqual([null, null, 100]);
  expect(compare(['exact', 100]).shots).toEqual([null, 100]);
  expect(compare([null, 1000]).shots).toEqual([null, 1000]);
  expect(() => compare(['exact', null])).toThrow('c.json: shots.1: null appears twice'); // the same budget
  expect(resolveScanSpec({ losses: ['kl'], qubits: [2], shots: [null, 100] }).shots).toEqual(['exact', 100]);
  expect(specFromFlags({ shots: 'exact,100,1e4' }).shots).toEqual(['exact', 100, 10000]);
  expect(shotsOption()('exact')).toBe(0); // the studies' internal "exact"
  expect(shotsOption()('200')).toBe(200);
  const zero = /shots.*: 0 shots estimate nothing/;
  expect(() => train({ shots: 0 })).toThrow(zero);
  expect(() => compare([0])).toThrow(zero);
  expect(() => resolveScanSpec({ losses: ['kl'], qubits: [2], shots: [0] })).toThrow(zero);
  expect(() => specFromFlags({ shots: '0' })).toThrow(zero);
  expect(() => shotsOption()('0')).toThrow(zero);
});

test('integer lists take ranges on every list flag', () => {
  expect(parseIntList('0..8', '--nh')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  expect(numberListOption('nh', 0)('0..4:2')).toEqual([0, 2, 4]);
  expect(numberListOption('nh', 0)('1,3,5')).toEqual([1, 3, 5]);
  expect(numberListOption('nh', 1)('3..7')).toEqual([3, 4, 5, 6, 7]);
  expect(() => numberListOption('nh', 1)('0..2')).toThrow('--nh: expected an integer ≥ 1, got "0"');
  expect(() => parseIntList('', '--qubits')).toThrow('--qubits: empty list');
});

test('loss shorthand is read alike by train configs, comparison specs and scans', () => {
  const cases: [string, object][] = [
    ['mmd(n/4)', { loss: 'mmd', sigmas: ['n/4'] }],
    ['mmd(0.01;n/4;n)', { loss: 'mmd', sigmas: [0.01, 'n/4', 'n'] }],
    ['mmd(1;u)', { loss: 'mmd', sigmas: [1], estimator: 'u' }],
    ['kl(1e-6)', { loss: 'kl', epsilon: 1e-6 }],
    ['tvd(half)', { loss: 'tvd', convention: 'half' }],
    ['renyi(2)', { loss: 'renyi', alpha: 2 }],
    ['lqf', { loss: 'lqf' }],
    ['{"loss": "mmd", "sigmas": [1]}', { loss: 'mmd', sigmas: [1] }],
  ];
  for (const [text, spec] of cases) {
    expect(parseLossSpec(text)).toEqual(spec);
    expect(parseScanLoss(text)).toEqual(spec);
    expect(train({ loss: text }).phases[0].loss).toEqual(spec);
    expect(
      parseCompareSpec(
        { name: 'c', seeds: 1, data: [{ synthetic: 'ghz', n: 3 }], layers: [1], losses: [text], train: { steps: 2 } },
        'c.json',
      ).losses[0].spec,
    ).toEqual(spec);
  }
  // the canonical key a scan prints reads back to the same loss anywhere
  for (const [text] of cases.slice(0, 7))
    expect(parseLossSpec(scanLossKey(parseScanLoss(text)))).toEqual(parseLossSpec(text));
  expect(() => parseLossSpec('mmd(n/x)', '--loss')).toThrow(/^--loss: sigmas\.0: malformed bandwidth/);
  expect(() => parseLossSpec('hinge', '--loss')).toThrow('--loss: unknown loss "hinge"');
});

test('ansätze: the scan names hea-line and hea-ring build the same circuits in training configs', () => {
  for (const name of ['hea-line', 'hea-ring'] as const) {
    const trained = buildAnsatz(parseAnsatzSpec({ ansatz: name, layers: 3 }), 5);
    const scanned = scanCircuit(name, 5, 3, 1).circuit!;
    expect(trained.gates).toEqual(scanned.gates);
  }
  expect(() => parseAnsatzSpec({ ansatz: 'hea-star', layers: 1 })).toThrow('model.ansatz: unknown ansatz "hea-star"');
});

test('numbers as typed: one reading (readDecimal) behind every number flag and shot budget', () => {
  expect(['12', ' -3 ', '0.5', '.5', '1e6', '2.5E-3', '+7'].map(readDecimal)).toEqual([
    12, -3, 0.5, 0.5, 1e6, 2.5e-3, 7,
  ]);
  for (const bad of ['', ' ', '0x10', '0b11', 'Infinity', 'NaN', '1e', '1,5', '12abc', '1_000'])
    expect(readDecimal(bad)).toBeNaN();
  expect(parseNumber('1e6', '--shots', 1)).toBe(1e6); // parseInt read 1
  expect(() => numberOption('shots', 1)('0x10')).toThrow('--shots: expected an integer ≥ 1, got "0x10"');
  expect(() => parseShots('0x10', '--shots')).toThrow(
    '--shots: expected exact or a positive integer number of shots, got "0x10"',
  ); // Number() read 16
  expect(() => numberOption('port', 0, true, 65535)('65536')).toThrow(
    '--port: expected an integer in 0..65535, got "65536"',
  );
});

test('integer ranges are counted before they are made: "2..100000000" is refused, not expanded', () => {
  expect(parseIntList(`1..${MAX_LIST_ITEMS}`, '--qubits')).toHaveLength(MAX_LIST_ITEMS);
  expect(() => parseIntList('2..100000000', '--qubits')).toThrow(
    `--qubits: "2..100000000" has 99999999 values; at most ${MAX_LIST_ITEMS} in all`,
  );
  expect(() => parseIntList(`1..${MAX_LIST_ITEMS},5`, '--nh')).toThrow(
    `--nh: "5" has 1 values; at most ${MAX_LIST_ITEMS} in all`,
  );
  expect(() => numberListOption('nh', 0)('0..99999999:1')).toThrow(/^--nh: "0\.\.99999999:1" has 100000000 values/);
});

test('a scan flag refused by the spec schema names the flag, not "command line"', () => {
  const flags = { losses: 'kl', qubits: '2' };
  expect(() => buildScanSpec({ flags: { ...flags, draws: '1' } })).toThrow(/^--draws: Too small: .*\(got 1\)$/);
  expect(() => buildScanSpec({ flags: { ...flags, level: '2' } })).toThrow(/^--level: /);
  expect(() => buildScanSpec({ flags: { ...flags, ansatz: 'iqp', edgeProbability: '2' } })).toThrow(
    /^--edge-probability: /,
  );
  expect(() => buildScanSpec({ flags: { ...flags, datasets: 'ghz,nonsense' } })).toThrow(/^--datasets item 2: /);
});

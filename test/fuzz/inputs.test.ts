/**
 * Hostile values in process (fast-check, issue 20): flag numbers, names, --set key paths and values, whole train
 * configs and scan specs mutated at random paths, and memory requests. Each input is accepted, or refused by a
 * PlateauError of one line naming the input (oneLine.ts); nothing pollutes Object.prototype. RUNS inputs per property
 * under `npm test`, 1000 with PLATEAU_SLOW_TESTS=1.
 */
import fc from 'fast-check';
import { parseNumber } from '../../src/cli';
import { applyOverrides } from '../../src/config/overrides';
import { resolveTrainConfig } from '../../src/config/train';
import { checkMemory, formatBytes, memoryBudget, requestBytes } from '../../src/memory';
import { checkName } from '../../src/names';
import { resolveScanSpec } from '../../src/studies/scan/spec';
import { GOOD_CONFIG } from './fixtures';
import { oneLineOrOk, RUNS, tallyReport } from './oneLine';

afterAll(() => process.stdout.write(`${tallyReport()}\n`));

/** Strings a hostile user types for a number. */
const numberText = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    ' ',
    'abc',
    '1e6',
    '1e15',
    '10.9',
    '-3',
    '0x10',
    'Infinity',
    'NaN',
    '1e309',
    '.5',
    '5.',
    '+7',
    '1_000',
    '１２',
    '2..12',
    '1,2',
  ),
  fc.double().map(String),
  fc.integer().map(String),
  fc.bigInt().map(String),
);

test('one number parser: a plain decimal in range is exactly Number(text); anything else is refused naming the flag', async () => {
  await fc.assert(
    fc.asyncProperty(numberText, fc.integer({ min: -5, max: 5 }), fc.boolean(), async (text, min, integer) => {
      const r = await oneLineOrOk('flag numbers', /^--shots: expected an? (integer|number) ≥ -?\d, got ".*"$/s, () =>
        parseNumber(text, '--shots', min, integer),
      );
      if (r.ok) {
        expect(r.value).toBe(Number(text));
        expect(Number.isFinite(r.value) && r.value >= min && (!integer || Number.isInteger(r.value))).toBe(true);
      }
    }),
    { numRuns: RUNS * 5 },
  );
  expect(parseNumber('1e6', '--shots', 1)).toBe(1000000); // what parseInt read as 1
});

test('names: only letters, digits, ".", "_", "-" up to 100 characters, never "." first; the rest refused naming the flag', async () => {
  const hostile = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.constantFrom(
      '',
      '.',
      '..',
      '../src',
      'a/b',
      'a\\b',
      '.hidden',
      'x'.repeat(101),
      'x'.repeat(300),
      'ok-name_1.2',
      'é',
      'a\nb',
      'a\u0000b',
    ),
  );
  await fc.assert(
    fc.asyncProperty(hostile, async (name) => {
      const r = await oneLineOrOk('names', /^--name "/, () => checkName(name, '--name'));
      if (r.ok) expect(name).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/);
    }),
    { numRuns: RUNS * 5 },
  );
});

/** Key paths as people (and attackers) write them. */
const keySegment = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'model',
    'layers',
    'loss',
    'sigmas',
    '0',
    'eval',
    'kBody',
    'steps',
    'name',
    'data',
  ),
  fc.string({ maxLength: 8 }),
);
const setArg = fc
  .tuple(
    fc.array(keySegment, { minLength: 0, maxLength: 4 }),
    fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string(),
    ),
  )
  .map(([path, value]) => `${path.join('.')}=${value}`);

test('--set: any key path and value is applied or refused naming --set; the prototype is never reached', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(setArg, { minLength: 1, maxLength: 4 }), async (sets) => {
      await oneLineOrOk('--set overrides', /^--set /, () => applyOverrides(GOOD_CONFIG, sets));
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTOTYPE_KEYS);
    }),
    { numRuns: RUNS * 3 },
  );
});
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

/** Values that break naive code: wrong types, extremes, empty containers, nested nonsense. */
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: -2, max: 30 }),
  fc.constantFrom('n', 'n/4', '2n', 'haar', 'ghz', 'kl', 'exact', 'mmd(n)', 'hep', 'cpu'),
  fc.constantFrom(
    null,
    '',
    'NaN',
    'Infinity',
    -1,
    0,
    1e-300,
    1e300,
    1.5,
    2 ** 53,
    -(2 ** 31),
    [],
    {},
    [null],
    { loss: 'renyi', alpha: 1.0001 },
    '__proto__',
    'n/0',
    '0n',
    'log2n',
  ),
);
/** A copy of `base` with the value at a random existing or new key path replaced. */
function mutate(
  base: Record<string, unknown>,
  keys: readonly string[],
  value: unknown,
  extra: string,
): Record<string, unknown> {
  const root = structuredClone(base) as Record<string, unknown>;
  let node = root;
  for (const k of keys.slice(0, -1)) {
    if (node[k] === null || typeof node[k] !== 'object') node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys.length ? keys[keys.length - 1] : extra] = value;
  return root;
}
const configPath = fc.oneof(
  fc.constantFrom(
    ['name'],
    ['seed'],
    ['data'],
    ['data', 'rows'],
    ['data', 'synthetic'],
    ['model'],
    ['model', 'layers'],
    ['model', 'ansatz'],
    ['loss'],
    ['loss', 'sigmas'],
    ['loss', 'loss'],
    ['hidden'],
    ['shots'],
    ['steps'],
    ['eval', 'kBody'],
    ['eval', 'sigmas'],
    ['eval', 'every'],
    ['checkpoint', 'every'],
    ['init'],
    ['optimizer'],
    ['schedule'],
    ['out'],
    ['testFraction'],
    ['gradient'],
  ),
  fc.array(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 3 }),
);

test('train configs: a valid config changed at a random key path is accepted or refused naming the file and key', async () => {
  await fc.assert(
    fc.asyncProperty(configPath, hostileValue, async (keys, value) => {
      await oneLineOrOk('train configs', /^cfg\.json: /, () =>
        resolveTrainConfig(mutate(GOOD_CONFIG, keys, value, 'x'), 'cfg.json'),
      );
    }),
    { numRuns: RUNS * 3 },
  );
  await fc.assert(
    fc.asyncProperty(hostileValue, async (raw) => {
      await oneLineOrOk('train configs', /^cfg\.json: /, () => resolveTrainConfig(raw, 'cfg.json'));
    }),
    { numRuns: RUNS },
  );
});

const SCAN = { losses: ['kl', 'mmd(1)'], qubits: [2, 3], draws: 4, bootstrap: 0 };
const scanPath = fc.constantFrom(
  ['losses'],
  ['losses', '0'],
  ['qubits'],
  ['qubits', '0'],
  ['draws'],
  ['depths'],
  ['shots'],
  ['datasets'],
  ['ansatz'],
  ['bootstrap'],
  ['level'],
  ['seed'],
  ['engine'],
  ['circuits'],
  ['iqp'],
  ['bogus'],
);

test('scan specs: a valid spec changed at a random key is resolved or refused naming the spec and key, before any allocation', async () => {
  await fc.assert(
    fc.asyncProperty(scanPath, hostileValue, async (keys, value) => {
      // qubit counts above 12 are fine but slow to resolve (datasets of 2^n): the property is about refusals
      if (
        keys[0] === 'qubits' &&
        JSON.stringify(value)
          .match(/\d+/g)
          ?.some((d) => Number(d) > 12 && Number(d) <= 24)
      )
        return;
      await oneLineOrOk('scan specs', /^spec\.json[.:]/, () =>
        resolveScanSpec(mutate(SCAN, keys, value, 'x'), 'spec.json'),
      );
    }),
    { numRuns: RUNS * 3 },
  );
});

test('memory: a request is refused exactly when its bytes exceed the budget, in one line naming it with the bytes needed', async () => {
  const budget = { native: 2 ** 30, heap: 2 ** 28, maxArrayLength: 2 ** 32, source: 'a test budget' };
  const pow2 = (max: number) => fc.integer({ min: 0, max }).map((e) => 2 ** e); // sizes spread over many decades
  const request = fc.record(
    {
      qubits: fc.integer({ min: 0, max: 40 }),
      batch: pow2(20),
      gates: pow2(34),
      values: pow2(34),
      samples: pow2(34),
      sampleHeapBytes: fc.integer({ min: 0, max: 100 }),
    },
    { requiredKeys: [] },
  );
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const terms = requestBytes(r),
        total = terms.reduce((s, t) => s + t.bytes, 0),
        heap = terms.filter((t) => t.pool === 'heap').reduce((s, t) => s + t.bytes, 0);
      const out = await oneLineOrOk(
        'memory requests',
        /^--size: needs (about .* \(mostly .*\), more than the .* (available|left of Node's heap limit)|one array of)/,
        () => checkMemory('--size', terms, budget),
      );
      const fits =
        total <= budget.native &&
        heap <= budget.heap &&
        terms.every((t) => (t.largestArray ?? 0) <= budget.maxArrayLength);
      expect(out.ok).toBe(fits);
    }),
    { numRuns: RUNS * 5 },
  );
  expect(requestBytes({ qubits: 40 })[0].bytes).toBe(2 ** 40 * 16 * 4);
  expect(formatBytes(2 ** 44)).toBe('16.0 TiB');
  expect(memoryBudget().native).toBeGreaterThan(0);
});

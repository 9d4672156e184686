/**
 * Hostile input through the real command line (issue 20): every case of cases/ must give exactly one `error: …` line
 * naming the input, exit 2, no stack trace, nothing on stdout, and no file written or changed. `npm test` runs the
 * cases the issue names (25, ~25 s); PLATEAU_SLOW_TESTS=1 runs the whole table (~290 cases, ~3 min). Counts are
 * printed; `npx tsx test/fuzz/report.ts` prints the same for the whole table.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { HOSTILE_CASES } from './cases';
import { Fixtures, makeFixtures, PLATEAU } from './fixtures';
import { runCase, summarise, Verdict } from './harness';

const FULL = process.env.PLATEAU_SLOW_TESTS === '1';

/** The cases the issue lists by name, one or more per command and input kind. */
const QUICK = new Set([
  'train-proto',
  'train-layers-1e6',
  'train-kbody',
  'train-sigma-tiny',
  'train-name-long',
  'train-out-proc',
  'train-string',
  'train-shots-frac',
  'train-card-null',
  'train-data-csv-inf',
  'train-ckpt-step-huge',
  'train-ckpt-rng-garbage',
  'sample-shots-frac',
  'sample-shots-3e8',
  'sample-model-card-features',
  'data-h5-truncated',
  'data-csv-dup-feature',
  'data-csv-constant-quantile',
  'scan-qubits-huge-range',
  'scan-depths-1e6',
  'scan-depths-1e6-draws-256',
  'scan-merge-null-means',
  'bench-step-qubits-abc',
  'bench-scan-batch-0',
  'remedies-nh-29',
  'mmd-spectrum-qubits-1001',
]);

const cases = FULL ? HOSTILE_CASES : HOSTILE_CASES.filter((c) => QUICK.has(c.id));
let fx: Fixtures;

beforeAll(async () => {
  fx = await makeFixtures({ runFolder: true });
}, 120000);

afterAll(() => fs.rmSync(fx.dir, { recursive: true, force: true }));

test('the quick set names existing cases', () => {
  const ids = new Set(HOSTILE_CASES.map((c) => c.id));
  expect([...QUICK].filter((id) => !ids.has(id))).toEqual([]);
  expect(ids.size).toBe(HOSTILE_CASES.length); // ids are unique
});

test(
  `${cases.length} hostile command lines: one line naming the input, exit 2, no stack, nothing written`,
  async () => {
    const verdicts: Verdict[] = [];
    for (const c of cases) verdicts.push(await runCase(c, fx));
    const report = summarise(verdicts);
    process.stdout.write(`${report}\n`);
    expect(
      verdicts
        .filter((v) => !v.clean)
        .map((v) => `${v.id}: ${v.problems.join('; ')} | ${v.stderr.trim().split('\n')[0]}`),
    ).toEqual([]);
  },
  FULL ? 1800000 : 300000,
);

test('numbers as written: sample --shots 1e6 draws a million samples (parseInt read 1)', () => {
  const r = spawnSync(process.execPath, [PLATEAU, 'sample', '--model', fx.at('model'), '--shots', '1e6'], {
    cwd: fx.dir,
    encoding: 'utf8',
    env: { ...process.env, PLATEAU_BACKEND: 'cpu' },
  });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^1000000 samples from model/m);
});

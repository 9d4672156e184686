/**
 * `plateau compare` end to end: two worker processes give the numbers of one process, a second invocation reuses every
 * run, --only-report regenerates the report without training (and refuses a partial grid unless --partial), --slurm
 * writes the batch files, bad specs exit 2 with one line on stderr.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const run = (...args: string[]) =>
  spawnSync(tsx, ['scripts/compare-losses.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120000,
    env: { ...process.env, PLATEAU_BACKEND: 'wasm' },
  });
const spec = (name: string, extra: object = {}) => {
  const f = path.join(tmp, `${name}.json`);
  fs.writeFileSync(
    f,
    JSON.stringify({
      name,
      seeds: 2,
      data: [{ synthetic: 'bars-and-stripes', rows: 2, cols: 2 }],
      layers: [1],
      shots: [null, 40],
      losses: [
        { id: 'kl', loss: 'kl' },
        { id: 'mmd', loss: 'mmd', sigmas: ['n/4'] },
      ],
      train: { steps: 4, eval: { every: 2 }, schedule: { kind: 'constant', lr: 0.1 } },
      ...extra,
    }),
  );
  return f;
};
const finals = (out: string) =>
  Object.fromEntries(
    fs
      .readdirSync(path.join(out, 'runs'))
      .map((id) => [id, JSON.parse(fs.readFileSync(path.join(out, 'runs', id, 'summary.json'), 'utf8')).final]),
  );

test('workers, reuse, --only-report', () => {
  const cfg = spec('cli'),
    one = path.join(tmp, 'one'),
    two = path.join(tmp, 'two');
  const a = run('--config', cfg, '--out', one);
  expect(a.status).toBe(0);
  expect(a.stderr).toMatch(/8 runs: 8 trained, 0 reused/);
  expect(a.stdout).toMatch(/8\/8 runs finished/);
  expect(a.stdout).toMatch(/report: .*one\/report\.md/);
  const b = run('--config', cfg, '--out', two, '--workers', '2');
  expect(b.status).toBe(0);
  expect(b.stderr).toMatch(/8 runs: 8 trained, 0 reused, 0 interrupted, 0 failed/);
  expect(finals(two)).toEqual(finals(one));
  expect(fs.existsSync(path.join(two, 'images-bars-and-stripes-2-2__L1__exact.png'))).toBe(true);

  const c = run('--config', cfg, '--out', two, '--workers', '2');
  expect(c.stderr).toMatch(/8 runs: 0 trained, 8 reused/);
  fs.rmSync(path.join(two, 'report.md'));
  const d = run('--config', cfg, '--out', two, '--only-report');
  expect(d.status).toBe(0);
  expect(d.stderr).not.toMatch(/trained/);
  expect(fs.readFileSync(path.join(two, 'report.md'), 'utf8')).toMatch(/^# Loss comparison: cli/);
});

test('--slurm writes the batch files of the grid; --shard trains its share without a report; --only-report refuses a partial grid', () => {
  const cfg = spec('arr'),
    out = path.join(tmp, 'arr');
  const s = run('--config', cfg, '--out', out, '--slurm', '3', '--set', 'seeds=3', '--launcher', '/opt/bundle/plateau');
  expect(s.stderr).toMatch(/^grid: 12 runs, 12 to train; estimated CPU time ≈ [^\n]*\n$/); // the cost, said before submitting
  expect(s.status).toBe(0);
  const sb = fs.readFileSync(path.join(out, 'batch', 'slurm.sbatch'), 'utf8');
  expect(sb).toMatch(/^#!\/bin\/bash/);
  expect(sb).toMatch(/^#SBATCH --array=0-2$/m);
  const job = fs.readFileSync(path.join(out, 'batch', 'job.sh'), 'utf8');
  expect(job).toContain(
    `exec /opt/bundle/plateau compare --config ${out}/compare-spec.json --no-report --quiet --shard "$job/3"`,
  );
  expect(job).toMatch(/^export PLATEAU_THREADS="\$\{PLATEAU_THREADS:-\$\{SLURM_CPUS_PER_TASK:-1\}\}"$/m);
  // the overrides are in the resolved spec every job reads
  expect(JSON.parse(fs.readFileSync(path.join(out, 'compare-spec.json'), 'utf8'))).toMatchObject({ seeds: 3, out });
  expect(
    fs
      .readFileSync(path.join(out, 'batch', 'tasks.txt'), 'utf8')
      .trim()
      .split('\n'),
  ).toHaveLength(3);
  const t = run('--config', path.join(out, 'compare-spec.json'), '--shard', '1/3');
  expect(t.status).toBe(0);
  expect(t.stderr).toMatch(/4 runs in shard 1\/3: 4 trained/); // 12 runs in 3 jobs
  expect(fs.existsSync(path.join(out, 'report.md'))).toBe(false);
  const r = run('--config', path.join(out, 'compare-spec.json'), '--only-report');
  expect(r.status).toBe(2);
  expect(r.stderr.trim()).toMatch(
    new RegExp(
      `^error: --only-report: 8 of 12 runs have not finished \\(.*\\); plateau status ${out} shows which failed and their logs; add --partial to report the finished ones$`,
    ),
  );
  const p = run('--config', path.join(out, 'compare-spec.json'), '--only-report', '--partial');
  expect(p.status).toBe(0);
  expect(p.stderr).toMatch(/PARTIAL report: 8 of 12 runs missing/);
  expect(fs.existsSync(path.join(out, 'report.md'))).toBe(true);
});

test('the compiled CLI (bin/plateau.js) finds the presets and writes their batch files', () => {
  const out = path.join(tmp, 'preset');
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, 'bin/plateau.js'),
      'compare',
      '--preset',
      'hep-quick',
      '--out',
      out,
      '--condor',
      '4',
      '--launcher',
      '/opt/bundle/plateau',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  expect(r.stderr).toMatch(/^grid: 72 runs, 72 to train; estimated CPU time ≈ [^\n]*\n$/);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain(`condor_submit_dag ${out}/batch/plateau.dag`);
  expect(JSON.parse(fs.readFileSync(path.join(out, 'plan.json'), 'utf8')).tasks.length).toBeGreaterThan(4);
});

test('bad input: one line on stderr, exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['--config', spec('bad', { colour: 1 })], /^error: .*bad\.json: colour: unknown key$/],
    [['--preset', 'nope'], /^error: unknown compare preset "nope" \(known: .*n16-quick/],
    [['--config', spec('bad2'), '--shard', '2/2'], /^error: --shard 2\/2: expected i\/N/],
    [['--config', path.join(tmp, 'none.json')], /^error: .*none\.json: no such file$/],
  ];
  for (const [args, re] of cases) {
    const r = run(...args, '--quiet');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(re);
  }
});

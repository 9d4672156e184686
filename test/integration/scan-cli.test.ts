/**
 * `plateau scan` end to end at a tiny size: --workers (child processes, PLATEAU_THREADS=1) gives byte-identical
 * outputs to a single run; one job of N computes its share; --merge refuses missing tasks with one line and exit code
 * 2; --slurm writes the batch files and refuses values that would inject into them.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '../..');
const run = (args: string[]) =>
  spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/scan.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const SCAN = [
  '--losses',
  'mmd(n/4),lqf',
  '--qubits',
  '2..4',
  '--depths',
  '1,haar',
  '--draws',
  '10',
  '--bootstrap',
  '20',
  '--backend',
  'cpu',
  '--quiet',
];

test('--workers 2 writes the same files as one run; a job of 3 computes its share; --merge of an incomplete folder is refused', () => {
  const one = path.join(tmp, 'one'),
    par = path.join(tmp, 'par'),
    part = path.join(tmp, 'part');
  const r1 = run([...SCAN, '--out', one]);
  expect(r1.status).toBe(0);
  expect(r1.stdout).toContain('verdicts:');
  const r2 = run([...SCAN, '--out', par, '--workers', '2']);
  expect(r2.stderr).toBe('');
  expect(r2.status).toBe(0);
  for (const f of ['scan.json', 'scan.csv', 'fits.csv', 'loss-variance.svg'])
    expect(fs.readFileSync(path.join(par, f)).equals(fs.readFileSync(path.join(one, f)))).toBe(true);
  expect(fs.readdirSync(path.join(par, 'tasks')).sort()).toEqual(fs.readdirSync(path.join(one, 'tasks')).sort());
  expect(fs.readdirSync(path.join(par, 'tasks'))).toHaveLength(6);
  const j = run([...SCAN, '--out', part, '--shard', '1/3']);
  expect(j.status).toBe(0);
  expect(j.stdout).toMatch(/^job 1\/3 of scan [0-9a-f]{16}: 2 tasks computed, 0 reused/);
  const r3 = run(['--merge', part]);
  expect(r3.status).toBe(2);
  expect(r3.stderr.trim()).toMatch(
    new RegExp(
      `^error: merge: 4 of 6 tasks have no result in ${part} \\(.*\\); plateau status ${part} shows which failed and their logs; .*--partial to merge the 2 that finished$`,
    ),
  );
});

test('--slurm writes the batch files of the task list (SLURM and HTCondor); values reaching a script are validated', () => {
  const out = path.join(tmp, 'slurm');
  const r = run([...SCAN, '--out', out, '--slurm', '4', '--launcher', '/opt/bundle/plateau', '--job-time', '01:30:00']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const b = path.join(out, 'batch');
  expect(fs.readdirSync(b).sort()).toEqual([
    'condor.sub',
    'job.sh',
    'logs',
    'merge.sbatch',
    'merge.sh',
    'merge.sub',
    'plateau.dag',
    'slurm.sbatch',
    'tasks.txt',
  ]);
  const sb = fs.readFileSync(path.join(b, 'slurm.sbatch'), 'utf8');
  expect(sb).toMatch(/^#SBATCH --array=0-3$/m);
  expect(sb).toMatch(/^#SBATCH --time=01:30:00$/m);
  expect(fs.readFileSync(path.join(b, 'job.sh'), 'utf8')).toContain(
    `exec /opt/bundle/plateau scan --spec ${path.join(out, 'scan-spec.json')} --out ${out} --quiet --backend cpu --shard "$job/4"`,
  );
  expect(fs.readFileSync(path.join(b, 'merge.sh'), 'utf8')).toContain(`exec /opt/bundle/plateau scan --merge ${out}`);
  expect(JSON.parse(fs.readFileSync(path.join(out, 'scan-spec.json'), 'utf8')).losses).toEqual([
    { loss: 'mmd', sigmas: ['n/4'] },
    { loss: 'lqf' },
  ]);
  expect(r.stdout).toContain('sbatch --dependency=afterany:$jid');
  // issue 20: a newline (or a quote, a space, a $) in a value that reaches a script is refused before anything is written
  const bad = run([
    ...SCAN,
    '--out',
    path.join(tmp, 'inj'),
    '--slurm',
    '--launcher',
    'plateau',
    '--job-time',
    '01:00:00\n#SBATCH --mem=1T',
  ]);
  expect(bad.status).toBe(2);
  expect(bad.stderr.trim()).toMatch(
    /^error: --job-time "01:00:00\\n#SBATCH --mem=1T": expected minutes, HH:MM:SS or D-HH:MM:SS/,
  );
  const badLauncher = run([...SCAN, '--out', path.join(tmp, 'inj'), '--condor', '--launcher', 'node $(rm -rf ~)']);
  expect(badLauncher.status).toBe(2);
  expect(badLauncher.stderr.trim()).toMatch(
    /^error: --launcher word "\$\(rm": contains "\$"; batch scripts take paths and words of letters/,
  );
  expect(fs.existsSync(path.join(tmp, 'inj'))).toBe(false);
  const bad2 = run([
    '--losses',
    'kl',
    '--qubits',
    '2..4',
    '--ansatz',
    'hep',
    '--depths',
    '1',
    '--datasets',
    'zipf',
    '--out',
    path.join(tmp, 'bad'),
  ]);
  expect(bad2.status).toBe(2);
  expect(bad2.stderr.trim()).toBe(
    'error: --datasets item 1: unknown or malformed dataset "zipf" (expected ghz, random:<count> (count: an integer, n, 2n, n^2), cardinality[:k], parity, uniform, bas:<R>x<C>, liu-wang, file:<path with optional {n}>)',
  );
  expect(fs.existsSync(path.join(tmp, 'bad'))).toBe(false);
});

/**
 * `npm run scan` end to end at a tiny size: --workers (child processes, PLATEAU_THREADS=1) gives byte-identical
 * outputs to a single run; --merge refuses a missing shard with one line and exit code 2; --slurm writes a job array.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '../..');
const run = (args: string[]) => spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/scan.ts', ...args], { cwd: root, encoding: 'utf8' });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const SCAN = ['--losses', 'mmd(n/4),lqf', '--qubits', '2..4', '--depths', '1,haar', '--draws', '10', '--bootstrap', '20', '--backend', 'cpu', '--quiet'];

test('--workers 2 --shards 3 writes the same files as one run, and --merge of an incomplete set is refused', () => {
  const one = path.join(tmp, 'one'), par = path.join(tmp, 'par');
  const r1 = run([...SCAN, '--out', one]);
  expect(r1.status).toBe(0);
  expect(r1.stdout).toContain('verdicts:');
  const r2 = run([...SCAN, '--out', par, '--workers', '2', '--shards', '3']);
  expect(r2.stderr).toBe('');
  expect(r2.status).toBe(0);
  for (const f of ['scan.json', 'scan.csv', 'fits.csv', 'loss-variance.svg']) expect(fs.readFileSync(path.join(par, f)).equals(fs.readFileSync(path.join(one, f)))).toBe(true);
  expect(fs.readdirSync(path.join(par, 'shards')).sort()).toEqual(['shard-0-of-3.json', 'shard-1-of-3.json', 'shard-2-of-3.json']);
  const r3 = run(['--merge', path.join(par, 'shards', 'shard-0-of-3.json'), path.join(par, 'shards', 'shard-2-of-3.json'), '--out', path.join(tmp, 'm')]);
  expect(r3.status).toBe(2);
  expect(r3.stderr.trim()).toBe('error: merge: missing shard 1 of 3 (have 0, 2)');
});

test('--slurm writes an sbatch job array over the shards plus the merge job; bad flags are one-line errors', () => {
  const out = path.join(tmp, 'slurm');
  const r = run([...SCAN, '--out', out, '--slurm', '4', '--launcher', 'bundle/plateau scan']);
  expect(r.status).toBe(0);
  const sb = fs.readFileSync(path.join(out, 'scan.sbatch'), 'utf8');
  expect(sb).toContain('#SBATCH --array=0-3');
  expect(sb).toContain(`bundle/plateau scan --spec ${path.join(out, 'scan-spec.json')} --shard "\${SLURM_ARRAY_TASK_ID}/4" --out ${out} --quiet --backend cpu`);
  expect(fs.readFileSync(path.join(out, 'merge.sbatch'), 'utf8')).toContain(`bundle/plateau scan --merge ${out}/shards/shard-*-of-4.json --out ${out}`);
  expect(JSON.parse(fs.readFileSync(path.join(out, 'scan-spec.json'), 'utf8')).losses).toEqual([{ loss: 'mmd', sigmas: ['n/4'] }, { loss: 'lqf' }]);
  expect(r.stdout).toContain('sbatch --dependency=afterok:$jid');
  const bad = run(['--losses', 'kl', '--qubits', '2..4', '--ansatz', 'hep', '--depths', '1', '--datasets', 'zipf', '--out', path.join(tmp, 'bad')]);
  expect(bad.status).toBe(2);
  expect(bad.stderr.trim()).toBe('error: --datasets item 1: unknown or malformed dataset "zipf" (expected ghz, random:<count> (count: an integer, n, 2n, n^2), cardinality[:k], parity, uniform, bas:<R>x<C>, liu-wang, file:<path with optional {n}>)');
  expect(fs.existsSync(path.join(tmp, 'bad'))).toBe(false);
});

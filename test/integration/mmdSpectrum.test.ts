/** End-to-end run of `npm run mmd-spectrum` at a tiny size, and its exit code on a malformed bandwidth. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const run = (args: string[]) =>
  spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/mmd-spectrum.ts', ...args], {
    cwd: path.join(__dirname, '../..'),
    encoding: 'utf8',
  });

test('writes json, csv, png and svg and prints the table; the JSON weights sum to 1', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mmd-spectrum-'));
  const r = run(['--qubits', '4', '--sigmas', '0.5, n/4 ,n', '--out', out]);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('mean body order');
  for (const f of ['spectrum.json', 'spectrum.csv', 'spectrum.png', 'spectrum.svg'])
    expect(fs.statSync(path.join(out, f)).size).toBeGreaterThan(50);
  const json = JSON.parse(fs.readFileSync(path.join(out, 'spectrum.json'), 'utf8'));
  expect(json.sigmas).toEqual([0.5, 1, 4]);
  expect(json.rows).toHaveLength(4);
  for (const row of json.rows) expect(row.weights.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 12);
  fs.rmSync(out, { recursive: true, force: true });
});

test('a malformed bandwidth is a one-line error and exit code 2, with nothing written', () => {
  const out = path.join(os.tmpdir(), `mmd-spectrum-bad-${process.pid}`);
  const r = run(['--qubits', '4', '--sigmas', '1,n/0', '--out', out]);
  expect(r.status).toBe(2);
  expect(r.stderr.trim()).toBe(
    'error: --sigmas item 2: malformed bandwidth "n/0" (expected a positive number, or "n", "n/4", "0.25n", "0.25*n", "2n/3")',
  );
  expect(fs.existsSync(out)).toBe(false);
});

/**
 * The `plateau` launcher (bin/plateau.js) as a newcomer meets it: every command it lists answers --help with exit 0 and
 * a usage line naming the program as typed (`Usage: plateau train [options]`), loads neither tfjs nor vega to do so
 * (what keeps startup near 0.1 s: those packages take 0.2–0.4 s to load), and bad flags exit 2 in one line.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'launcher-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
// preloaded into the command's process: on exit, lists which heavy packages it loaded
const probe = path.join(tmp, 'probe.js');
fs.writeFileSync(
  probe,
  `process.on('exit', () => { const k = Object.keys(require.cache); process.stderr.write('LOADED ' + ['@tensorflow/tfjs', 'vega', 'vega-lite', 'zod'].filter((h) => k.some((f) => f.includes('/node_modules/' + h + '/'))).join(',') + '\\n'); });`,
);
const plateau = (...args: string[]) =>
  spawnSync(process.execPath, ['-r', probe, 'bin/plateau.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120000,
  });

const listed = () => {
  const r = spawnSync(process.execPath, ['bin/plateau.js', '--help'], { cwd: root, encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stderr.match(/^commands: (.*)$/m)![1].split(', ');
};

test('the launcher lists the commands users type', () => {
  expect(listed()).toEqual(
    expect.arrayContaining([
      'train',
      'sample',
      'scan',
      'scan:merge',
      'compare',
      'data',
      'entanglement',
      'gradient-free',
      'qbm',
      'remedies',
      'mmd-spectrum',
      'status',
      'view',
      'doctor',
      'bench',
    ]),
  );
  expect(listed()).not.toContain('compare-losses'); // the file's name, not the command's
});

test('every command answers --help with its real name, without loading tfjs or vega', () => {
  // bench is the one command whose options are read from the workloads it times (issue 21's branch owns it)
  for (const cmd of listed()) {
    const r = plateau(cmd, '--help');
    expect({ cmd, status: r.status }).toEqual({ cmd, status: 0 });
    const usage = cmd === 'scan:merge' ? 'scan' : cmd;
    expect(r.stdout).toMatch(new RegExp(`^Usage: plateau ${usage} `));
    const loaded = r.stderr.match(/^LOADED (.*)$/m)![1];
    if (cmd !== 'bench') expect({ cmd, loaded }).toEqual({ cmd, loaded: '' });
  }
});

test('a subcommand of data names its whole path', () => {
  const r = plateau('data', 'showers', '--help');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^Usage: plateau data showers \[options\]/);
});

test('an unknown command or flag: one line, exit 2', () => {
  const a = spawnSync(process.execPath, ['bin/plateau.js', 'trian'], { cwd: root, encoding: 'utf8' });
  expect(a.status).toBe(2);
  expect(a.stderr.trim()).toMatch(/^error: unknown command "trian" \(commands: .*train/);
  const b = plateau('train', '--stpes', '3');
  expect(b.status).toBe(2);
  expect(b.stderr.trim().split('\n')[0]).toMatch(/unknown option '--stpes'/);
});

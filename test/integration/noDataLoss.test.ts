/**
 * No command deletes or overwrites what it did not make (issue 20): for every command that writes a folder, an
 * existing non-empty folder at --out is refused with one line and exit 2 and stays byte-identical; `--force` moves it
 * aside intact; names cannot climb out of data/ or models/; two trainings on one folder: the second refuses before
 * writing; a compare worker dies with its parent; output drains through a pipe; one Ctrl-C under npm still checkpoints.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'no-loss-'));
const env = { ...process.env, PLATEAU_BACKEND: 'wasm' };
const run = (script: string, ...args: string[]) =>
  spawnSync(tsx, [`scripts/${script}.ts`, ...args], { cwd: root, encoding: 'utf8', timeout: 120000, env });

/** A folder with a user's file in it; returns a check that it is untouched. */
function usersFolder(name: string): { dir: string; intact: () => void } {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, 'chapter'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'chapter', 'thesis.tex'), `years of work in ${name}`);
  return {
    dir,
    intact: () => {
      expect(fs.readdirSync(dir)).toEqual(['chapter']);
      expect(fs.readFileSync(path.join(dir, 'chapter', 'thesis.tex'), 'utf8')).toBe(`years of work in ${name}`);
    },
  };
}
const trainConfig = (name: string, extra: object = {}) => {
  const f = path.join(tmp, `${name}.json`);
  fs.writeFileSync(
    f,
    JSON.stringify({
      name,
      data: { synthetic: 'bars-and-stripes', rows: 2, cols: 2 },
      model: { ansatz: 'hep', layers: 1 },
      loss: { loss: 'mmd', sigmas: [1] },
      schedule: { kind: 'constant', lr: 0.05 },
      steps: 10,
      eval: { every: 5 },
      ...extra,
    }),
  );
  return f;
};
const oneLine = (r: { status: number | null; stderr: string }, re: RegExp) => {
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(re);
};

test('every command that writes a folder refuses a non-empty one it did not make, and leaves it intact', () => {
  const cases: [string, (dir: string) => string[]][] = [
    ['data', (d) => ['parity', '--qubits', '3', '--out', d]],
    ['train', (d) => ['--config', trainConfig('t1'), '--out', d]],
    ['scan', (d) => ['--losses', 'kl', '--qubits', '2', '--draws', '4', '--out', d]],
    ['compare-losses', (d) => ['--preset', 'n16-quick', '--out', d]],
    ['entanglement', (d) => ['--out', d]],
    ['gradient-free', (d) => ['--out', d]],
    ['qbm', (d) => ['--out', d]],
    ['remedies', (d) => ['--out', d]],
    ['mmd-spectrum', (d) => ['--qubits', '4', '--out', d]],
  ];
  for (const [script, args] of cases) {
    const u = usersFolder(`mine-${script}`);
    const r = run(script, ...args(u.dir));
    oneLine(r, /exists and is not empty; choose another .*--force to move it aside \(nothing is deleted\)/);
    u.intact();
  }
  // the bundle replaces only an earlier bundle
  const u = usersFolder('mine-bundle');
  const b = run('bundle', '--out', u.dir, '--level', '0');
  expect(b.status).not.toBe(0);
  expect(b.stderr).toMatch(/exists and is not an earlier bundle; .*nothing was changed/);
  u.intact();
});

test('data: --force moves the folder aside intact; names cannot leave data/', () => {
  const u = usersFolder('forced');
  const r = run('data', 'parity', '--qubits', '3', '--out', u.dir, '--force', '--no-plots');
  expect(r.status).toBe(0);
  const moved = /moved the folder that was at .* aside to (.*)$/m.exec(r.stdout)![1];
  expect(fs.readFileSync(path.join(moved, 'chapter', 'thesis.tex'), 'utf8')).toBe('years of work in forced');
  expect(fs.readdirSync(u.dir).sort()).toEqual(['card.json', 'data.csv']);
  // a second run onto the dataset just written is refused too (shipped datasets are never overwritten by examples)
  oneLine(
    run('data', 'parity', '--qubits', '3', '--out', u.dir, '--no-plots'),
    /forced: exists and is not empty \(a dataset\)/,
  );
  for (const name of ['../src', '../../../tmp/x', '.hidden'])
    oneLine(
      run('data', 'parity', '--qubits', '3', '--name', name, '--no-plots'),
      /^error: --name ".*" (contains a path separator|starts with "\.")/,
    );
  expect(fs.existsSync(path.join(root, 'src', 'index.ts'))).toBe(true);
  oneLine(
    run('train', '--config', trainConfig('t2'), '--out', path.join(tmp, 't2'), '--save-model', '../../../tmp/x'),
    /^error: --save-model "\.\.\/\.\.\/\.\.\/tmp\/x" contains a path separator/,
  );
  expect(fs.existsSync(path.join(tmp, 't2'))).toBe(false);
});

test('train: a second process on the same folder refuses before writing; a stranded folder restarts; a torn metrics line is dropped', async () => {
  const dir = path.join(tmp, 'shared-run');
  const cfg = trainConfig('long', { steps: 100000, eval: { every: 1000 }, checkpoint: { every: 1000 } });
  const first = spawn(process.execPath, ['bin/plateau.js', 'train', '--config', cfg, '--out', dir], { cwd: root, env });
  let err = '';
  await new Promise<void>((resolve) =>
    first.stderr.on('data', (d) => ((err += d), /step \d+\/100000/.test(err) && resolve())),
  );
  const runJson = fs.readFileSync(path.join(dir, 'run.json'), 'utf8');
  const second = run('train', '--config', trainConfig('other'), '--out', dir, '--quiet');
  oneLine(second, new RegExp(`run folder .*shared-run is in use by process ${first.pid} \\(train\\.js`));
  expect(fs.readFileSync(path.join(dir, 'run.json'), 'utf8')).toBe(runJson);
  first.kill('SIGTERM');
  expect(await new Promise((resolve) => first.on('close', resolve))).toBe(143);
  // resume tolerates a torn last metrics line
  fs.appendFileSync(path.join(dir, 'metrics.jsonl'), '{"step": 12, "lo');
  const resumed = spawnSync(tsx, ['scripts/train.ts', '--resume', dir, '--quiet'], {
    cwd: root,
    encoding: 'utf8',
    env,
    timeout: 5000,
    killSignal: 'SIGINT',
  });
  expect(resumed.stderr).toMatch(/dropped a torn last line/);
  // a run killed before its first checkpoint: rerunning the same command restarts it cleanly
  const stranded = path.join(tmp, 'stranded');
  fs.mkdirSync(stranded);
  fs.writeFileSync(path.join(stranded, 'run.json'), JSON.stringify({ configHash: 'abc', config: {} }));
  fs.writeFileSync(path.join(stranded, 'metrics.jsonl'), '{"step":0}\n');
  const again = run('train', '--config', trainConfig('t3'), '--out', stranded, '--quiet');
  expect(again.status).toBe(0);
  expect(fs.readFileSync(path.join(stranded, 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
});

test('one Ctrl-C that arrives twice (npm forwards it) still checkpoints', async () => {
  const dir = path.join(tmp, 'double-int');
  const child = spawn(
    process.execPath,
    [
      'bin/plateau.js',
      'train',
      '--config',
      trainConfig('dbl', { steps: 10000000, eval: { every: 1000000 }, checkpoint: { every: 10000000 } }),
      '--out',
      dir,
    ],
    { cwd: root, env },
  );
  let err = '',
    sent = false;
  child.stderr.on('data', (d) => {
    err += d;
    if (/step \d+\/10000000/.test(err) && !sent) {
      sent = true;
      // twice, 50 ms apart, as npm's forwarding delivers one Ctrl-C
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGINT'), 50);
    }
  });
  expect(await new Promise((resolve) => child.on('close', resolve))).toBe(130);
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'checkpoint.json'), 'utf8')).step).toBeGreaterThan(0);
});

test('compare workers die with their parent', async () => {
  const cfg = path.join(tmp, 'cmp.json');
  fs.writeFileSync(
    cfg,
    JSON.stringify({
      name: 'orphans',
      data: [{ synthetic: 'bars-and-stripes', rows: 2, cols: 2 }],
      model: { ansatz: 'hep' },
      layers: [1],
      shots: [null],
      losses: [
        { id: 'mmd', loss: 'mmd', sigmas: [1] },
        { id: 'kl', loss: 'kl' },
      ],
      seeds: 2,
      train: { steps: 1000000, eval: { every: 50000 }, schedule: { kind: 'constant', lr: 0.01 } },
    }),
  );
  const parent = spawn(
    process.execPath,
    ['bin/plateau.js', 'compare', '--config', cfg, '--out', path.join(tmp, 'orphans'), '--workers', '2'],
    { cwd: root, env },
  );
  // wait until both workers are training (each run folder has its run.json)
  const runs = path.join(tmp, 'orphans', 'runs');
  for (
    let t = 0;
    t < 600 &&
    !(
      fs.existsSync(runs) &&
      fs.readdirSync(runs).filter((r) => fs.existsSync(path.join(runs, r, 'run.json'))).length >= 2
    );
    t++
  )
    await new Promise((r) => setTimeout(r, 100));
  const childrenOf = (pid: number) =>
    spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n')
      .filter(Boolean)
      .map(Number);
  const workers = childrenOf(parent.pid!);
  expect(workers).toHaveLength(2);
  parent.kill('SIGKILL');
  const alive = () =>
    workers.filter((p) => {
      try {
        process.kill(p, 0);
        return true;
      } catch {
        return false;
      }
    });
  try {
    for (let t = 0; t < 100 && alive().length; t++) await new Promise((r) => setTimeout(r, 100));
    expect(alive()).toEqual([]);
  } finally {
    for (const p of alive()) process.kill(p, 'SIGKILL');
  }
});

test('a large output reaches the end of a pipe', () => {
  const r = spawnSync(
    'bash',
    ['-c', `"${tsx}" scripts/mmd-spectrum.ts --qubits 400 --out "${path.join(tmp, 'spec')}" | tail -n 1`],
    { cwd: root, encoding: 'utf8', env, timeout: 120000 },
  );
  expect(r.stdout).toMatch(/^wrote .*spectrum\.json/);
});

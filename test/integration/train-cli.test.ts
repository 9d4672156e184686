/**
 * `npm run train` and `npm run sample` end to end: a run folder with every report file, one-line errors with exit 2,
 * SIGINT → checkpoint, exit 130 → --resume finishes with the same parameters as an uninterrupted run, and samples of
 * a saved feature model mapped back to physical units.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'train-cli-'));
const run = (script: string, ...args: string[]) =>
  spawnSync(tsx, [script, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120000,
    env: { ...process.env, PLATEAU_BACKEND: 'wasm' },
  });
const config = (name: string, extra: object = {}) => {
  const f = path.join(out, `${name}.json`);
  fs.writeFileSync(
    f,
    JSON.stringify({
      name,
      data: { synthetic: 'bars-and-stripes', rows: 2, cols: 2 },
      model: { ansatz: 'hep', layers: 2 },
      loss: { loss: 'mmd', sigmas: [0.5, 2] },
      schedule: { kind: 'constant', lr: 0.05 },
      steps: 60,
      eval: { every: 20 },
      ...extra,
    }),
  );
  return f;
};
const theta = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'params.json'), 'utf8')).theta as number[];

test('a run writes its folder and prints the table', () => {
  const dir = path.join(out, 'ok');
  const r = run('scripts/train.ts', '--config', config('ok'), '--out', dir, '--set', 'seed=4');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/## ok — finished after 60 steps/);
  expect(r.stdout).toContain('| TVD Σ\\|p−q\\| train / test |');
  expect(fs.readdirSync(dir)).toEqual(
    expect.arrayContaining([
      'run.json',
      'metrics.jsonl',
      'checkpoint.json',
      'params.json',
      'summary.md',
      'summary.json',
      'model-vs-data.json',
      'training-curve.png',
      'training-curve.svg',
      'model-vs-data.png',
      'top-images.png',
    ]),
  );
  const info = JSON.parse(fs.readFileSync(path.join(dir, 'run.json'), 'utf8'));
  expect(info.backend.backend).toBe('wasm');
  expect(info.config.seed).toBe(4);
  expect(fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(4); // steps 0, 20, 40, 60
  // top images: the data's most probable ones, the model's probability of the same ones beside them, then the model's own
  const svg = fs.readFileSync(path.join(dir, 'top-images.svg'), 'utf8');
  const titles = [
    'data: its most probable images, by data probability p',
    'model: its probability p of the same images',
    'model: its own most probable images',
  ];
  for (const t of titles) expect(svg).toContain(`>${t}</text>`);
  // the first image of the data row, with its data probability; the model row shows the same image with the model's
  const rows = [...svg.matchAll(/>#1 ([01]+) \(p = ([0-9.]+)\)<\/text>/g)].map((m) => ({ bitstring: m[1], p: m[2] }));
  expect(rows).toHaveLength(3);
  const top = JSON.parse(fs.readFileSync(path.join(dir, 'model-vs-data.json'), 'utf8')) as {
    bitstring: string;
    data: number;
    model: number;
  }[];
  const entry = top.find((e) => e.bitstring === rows[0].bitstring)!;
  expect(rows[0].p).toBe(entry.data.toFixed(3));
  expect(Math.max(...top.map((e) => e.data)).toFixed(3)).toBe(rows[0].p);
  expect(rows[1]).toEqual({ bitstring: rows[0].bitstring, p: entry.model.toFixed(3) });
  expect(svg.match(/aria-roledescription="rect mark" d=/g)).toHaveLength((6 + 6 + 10) * 4); // 2×2 images: the six data patterns twice, then the model's top ten
});

test('bad input: one line on stderr, exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['--config', path.join(out, 'none.json')], /^error: .*none\.json: no such file$/],
    [['--config', config('bad', { optimizer: { name: 'adam', beta1: 7 } })], /^error: .*bad\.json: optimizer\.beta1: /],
    [['--preset', 'nope'], /^error: unknown preset "nope" \(known: .*start/],
    [['--config', config('bad2'), '--set', 'loss=hinge'], /^error: .*: loss: unknown loss "hinge"/],
    [['--config', config('bad3'), '--backend', 'gpu'], /^error: unknown backend "gpu"/],
    [['--resume', path.join(out, 'never')], /^error: .*never\/run\.json: no such file$/],
    // a bad flag value names the flag as typed, not the file it was applied to
    [['--config', config('bad4'), '--steps', 'abc'], /^error: --steps abc: steps: /],
    [
      ['--config', config('bad5'), '--set', 'optimizer.lr=0.05'],
      /^error: --set optimizer\.lr=0\.05: optimizer\.name: .* \(the learning rate is schedule\.lr0 /,
    ],
    [['--config', config('bad6'), '--shots', '0'], /^error: --shots 0: shots: 0 shots estimate nothing; write exact /],
    [
      ['--config', config('bad7'), '--loss', 'mmd(n/x)'],
      /^error: --loss mmd\(n\/x\): loss: sigmas\.0: malformed bandwidth/,
    ],
  ];
  for (const [args, re] of cases) {
    const r = run('scripts/train.ts', ...args, '--quiet');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(re);
  }
});

test('flags speak the shared vocabulary: --loss mmd(n/4) as in scan, --shots exact, --shots N implies parameter shifts (and says so)', () => {
  const a = run(
    'scripts/train.ts',
    '--config',
    config('voc1', { steps: 4, eval: { every: 2 } }),
    '--out',
    path.join(out, 'voc1'),
    '--loss',
    'mmd(0.5;n/4)',
    '--shots',
    'exact',
    '--quiet',
  );
  expect(a.status).toBe(0);
  const info = JSON.parse(fs.readFileSync(path.join(out, 'voc1', 'run.json'), 'utf8'));
  expect(info.config.phases[0].loss).toEqual({ loss: 'mmd', sigmas: [0.5, 'n/4'] });
  expect(info.config.shots).toBeNull();
  const b = run(
    'scripts/train.ts',
    '--config',
    config('voc2', { steps: 2, eval: { every: 2 } }),
    '--out',
    path.join(out, 'voc2'),
    '--shots',
    '50',
    '--quiet',
  );
  expect(b.status).toBe(0);
  expect(b.stderr).toContain(
    '--shots 50: gradients by parameter shift, each shifted circuit estimated from 50 shots (gradient=parameter-shift)',
  );
  const info2 = JSON.parse(fs.readFileSync(path.join(out, 'voc2', 'run.json'), 'utf8'));
  expect([info2.config.shots, info2.config.gradient]).toEqual([50, 'parameter-shift']);
});

test('running the same command again: a new folder runs/<name>-2, or the unfinished run resumed; --force moves aside', () => {
  // in a scratch working directory, so the default runs/<name> is not the repository's
  const cwd = path.join(out, 'rerun-cwd');
  fs.mkdirSync(cwd);
  const cfg = config('rr', { steps: 20, eval: { every: 10 }, checkpoint: { every: 10 } });
  const again = (...extra: string[]) =>
    spawnSync(tsx, [path.join(root, 'scripts/train.ts'), '--config', cfg, '--quiet', ...extra], {
      cwd,
      encoding: 'utf8',
      timeout: 120000,
      env: { ...process.env, PLATEAU_BACKEND: 'wasm' },
    });
  const first = again();
  expect(first.status).toBe(0);
  expect(first.stderr).toContain('new run in runs/rr\n');
  const second = again();
  expect(second.status).toBe(0);
  expect(second.stderr).toContain("new run in runs/rr-2 (runs/rr holds this config's finished run;");
  expect(theta(path.join(cwd, 'runs/rr-2'))).toEqual(theta(path.join(cwd, 'runs/rr')));
  // another config under the same name goes to the next free folder
  const other = again('--seed', '7');
  expect(other.stderr).toContain('new run in runs/rr-3 (runs/rr holds a run of another config;');
  // an unfinished run of the same config (here: its summary removed, its checkpoint kept) is resumed, not duplicated
  fs.rmSync(path.join(cwd, 'runs/rr-2/summary.json'));
  const resumed = again();
  expect(resumed.status).toBe(0);
  expect(resumed.stderr).toContain('resuming the unfinished run in runs/rr-2 from step 20 (same config)');
  expect(fs.existsSync(path.join(cwd, 'runs/rr-4'))).toBe(false);
  // --force reuses runs/rr, moving the finished run aside (nothing deleted)
  const forced = again('--force');
  expect(forced.stderr).toMatch(
    /^moved the folder that was at runs\/rr aside to \S*runs\/rr\.old-\S+\nnew run in runs\/rr\n/,
  );
  expect(fs.readdirSync(path.join(cwd, 'runs')).filter((d) => d.startsWith('rr.old-'))).toHaveLength(1);
});

test('SIGINT checkpoints and exits 130; --resume finishes like a run that never stopped', async () => {
  const cfg = config('sig', { steps: 300, eval: { every: 50 }, checkpoint: { every: 100 } });
  const straight = path.join(out, 'straight'),
    stopped = path.join(out, 'stopped');
  expect(run('scripts/train.ts', '--config', cfg, '--out', straight, '--quiet').status).toBe(0);
  // the launcher users run (plain node); PLATEAU_FAULT (src/faults.ts) makes the process send itself a real SIGINT
  // after its 5th update, as a Ctrl-C would: deterministic, where a signal sent on seeing progress raced the run's end
  const child = spawn(process.execPath, ['bin/plateau.js', 'train', '--config', cfg, '--out', stopped], {
    cwd: root,
    env: { ...process.env, PLATEAU_BACKEND: 'wasm', PLATEAU_FAULT: 'train:step@5:sigint' },
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  // 'close', not 'exit': the output after the signal must be read to the end
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(err).toMatch(/SIGINT: checkpointing at the end of this step/);
  expect(code).toBe(130);
  // the handler runs at the trainer's next yield (≤ ~20 ms later): a few steps after the 5th, far from the 300th
  const step = JSON.parse(fs.readFileSync(path.join(stopped, 'checkpoint.json'), 'utf8')).step;
  expect(step).toBeGreaterThanOrEqual(5);
  expect(step).toBeLessThan(300);
  const r = run('scripts/train.ts', '--resume', stopped, '--quiet');
  expect(r.status).toBe(0);
  expect(theta(stopped)).toEqual(theta(straight));
});

test('a saved feature model: --save-model NAME says where, sample --model NAME finds it, samples in physical units', () => {
  // PLATEAU_HOME stands in for the project root, so the test never writes into the repository's models/
  const home = path.join(out, 'home'),
    name = 'dimuon';
  fs.mkdirSync(home);
  const env = { ...process.env, PLATEAU_BACKEND: 'wasm', PLATEAU_HOME: home };
  const runHome = (script: string, ...args: string[]) =>
    spawnSync(tsx, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 120000, env });
  const cfg = config('dimuon', {
    data: { path: 'data/dimuon-mass-n6' },
    model: { ansatz: 'hep', layers: 1 },
    steps: 20,
  });
  const t = runHome(
    'scripts/train.ts',
    '--config',
    cfg,
    '--out',
    path.join(out, 'dimuon'),
    '--save-model',
    name,
    '--quiet',
  );
  expect(t.status).toBe(0);
  const file = path.join(home, 'models', name, 'model.json');
  expect(t.stdout).toContain(`saved the model to ${file}; draw from it with: plateau sample --model ${name}`);
  expect(fs.existsSync(path.join(root, 'models', name))).toBe(false);
  const csv = path.join(out, 'samples.csv');
  const r = runHome('scripts/sample.ts', '--model', name, '--shots', '500', '--seed', '2', '--out', csv);
  expect(r.status).toBe(0);
  const lines = fs.readFileSync(csv, 'utf8').trim().split('\n');
  expect(lines[0]).toMatch(/^bitstring,mass/);
  expect(lines).toHaveLength(501);
  const masses = lines.slice(1).map((l) => Number(l.split(',')[1]));
  expect(masses.every((m) => m >= 60 && m <= 120)).toBe(true);
  // the same model by path gives the same samples
  const byPath = runHome('scripts/sample.ts', '--model', path.dirname(file), '--shots', '500', '--seed', '2');
  expect(byPath.stdout.split('\n').slice(1)).toEqual(r.stdout.split('\n').slice(1));
  const missing = runHome('scripts/sample.ts', '--model', 'none');
  expect(missing.status).toBe(2);
  expect(missing.stderr.trim()).toMatch(
    /^error: --model none: no such model folder or file, and no saved model of that name in .*home\/models \(saved: dimuon\)$/,
  );
  // a path names the models folder as it is (it read models/<the path's folder> before)
  const missingPath = runHome('scripts/sample.ts', '--model', '/nonexistent/m');
  expect(missingPath.stderr.trim()).toMatch(
    /^error: --model \/nonexistent\/m: no such model folder or file, and no saved model of that name in \S*home\/models \(saved: dimuon\)$/,
  );
});

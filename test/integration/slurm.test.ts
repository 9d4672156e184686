/**
 * The batch files under a real scheduler: a single-node SLURM cluster on localhost (test/helpers/slurmCluster.ts) runs
 * the generated array and its afterany merge job, and the merged outputs are byte-identical to a local run. Always
 * (when SLURM can start): a small scan from the source tree. With PLATEAU_SLOW_TESTS=1 (set once by .ci/run): one
 * array job cancelled mid-task, `plateau status` naming it with its log, the merge refusing the partial result, and a
 * resubmission that recomputes only the cancelled task; a small comparison; and both studies through the offline
 * bundle. Skipped, with one line saying why, where SLURM is not installed or cannot start.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SlurmCluster, startSlurm } from '../helpers/slurmCluster';

const root = path.resolve(__dirname, '../..');
const SLOW = process.env.PLATEAU_SLOW_TESTS === '1';
const started = startSlurm();
const cluster: SlurmCluster | null = 'skip' in started ? null : started;
if ('skip' in started) console.warn(`skipping the SLURM tests: ${started.skip}`);
else if (!SLOW)
  console.warn(
    'skipping the slow SLURM tests (cancel and resubmit, comparison, offline bundle): set PLATEAU_SLOW_TESTS=1',
  );
process.once('exit', () => cluster?.stop());
afterAll(() => cluster?.stop());
const maybe = cluster ? test : test.skip,
  slow = cluster && SLOW ? test : test.skip;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-slurm-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs a plateau command (the source tree's launcher, or a bundle's) and returns its output. */
function plateau(
  args: string[],
  o: { launcher?: string; cwd?: string; env?: NodeJS.ProcessEnv; status?: number } = {},
) {
  const [cmd, pre] = o.launcher ? [o.launcher, []] : [process.execPath, [path.join(root, 'bin/plateau.js')]];
  const r = spawnSync(cmd, [...pre, ...args], {
    cwd: o.cwd ?? root,
    encoding: 'utf8',
    env: { ...process.env, ...o.env },
    timeout: 240000,
  });
  if (r.status !== (o.status ?? 0)) throw new Error(`plateau ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r;
}

/** Submits batch/slurm.sbatch and batch/merge.sbatch (afterany), waits for both; returns the ids and final states. */
async function submitAndWait(
  run: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ array: string; merge: string; states: Map<string, string> }> {
  const c = cluster!,
    b = path.join(run, 'batch');
  const prev = { ...c.env };
  Object.assign(c.env, env);
  try {
    const array = c.submit([path.join(b, 'slurm.sbatch')]);
    const merge = c.submit([`--dependency=afterany:${array}`, path.join(b, 'merge.sbatch')]);
    return { array, merge, states: await c.wait([array, merge], 180000) };
  } finally {
    for (const k of Object.keys(env)) if (prev[k] === undefined) delete c.env[k];
  }
}

const same = (a: string, b: string, files: string[]) => {
  for (const f of files)
    expect([f, fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f)))]).toEqual([f, true]);
};
const SCAN_OUT = ['scan.json', 'scan.csv', 'fits.csv', 'loss-variance.svg', 'gradient-variance.svg'];
const log = (run: string, name: string) => fs.readFileSync(path.join(run, 'batch', 'logs', name), 'utf8');
const allCompleted = (states: Map<string, string>) => [...states.values()].every((s) => s === 'COMPLETED');

maybe('a scan array and its merge job on SLURM write the files of a local run, byte for byte', async () => {
  const SCAN = [
    '--losses',
    'mmd(n/4),lqf',
    '--qubits',
    '2..5',
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
  const local = path.join(tmp, 'scan-local'),
    run = path.join(tmp, 'scan-slurm');
  plateau(['scan', ...SCAN, '--out', local]);
  const w = plateau(['scan', ...SCAN, '--out', run, '--slurm', '3']);
  expect(w.stdout).toContain(`sbatch --dependency=afterany:$jid ${run}/batch/merge.sbatch`);
  const { array, merge, states } = await submitAndWait(run);
  expect(states.size).toBe(4);
  expect(allCompleted(states)).toBe(true);
  same(local, run, SCAN_OUT);
  // every task records the log of the array element that ran it
  const plan = JSON.parse(fs.readFileSync(path.join(run, 'plan.json'), 'utf8')) as { tasks: { id: string }[] };
  for (const t of plan.tasks) {
    const r = JSON.parse(fs.readFileSync(path.join(run, 'status', `${t.id}.json`), 'utf8'));
    expect(r.state).toBe('done');
    expect(r.log).toMatch(new RegExp(`${run}/batch/logs/slurm-${array}_[0-2]\\.out$`));
    expect(fs.existsSync(r.log)).toBe(true);
  }
  expect(log(run, `merge-${merge}.out`)).toMatch(/done 8, running 0, failed 0, missing 0/);
  expect(plateau(['status', run]).stdout).toMatch(
    /done 8, running 0, failed 0, missing 0\nCPU time: .* spent on finished tasks; estimated 0\.0 s left/,
  );
});

slow(
  'a cancelled array job: status names it with its log, the merge refuses, a resubmission redoes only that task',
  async () => {
    // job 1 of 2 holds n = 2, 4 and 12 (cost-balanced) and runs them in that order: it is cancelled inside n = 12
    const SCAN = [
      '--losses',
      'mmd(n/4)',
      '--ansatz',
      'hea-line',
      '--qubits',
      '2,3,4,5,12,13',
      '--depths',
      '2',
      '--draws',
      '300',
      '--bootstrap',
      '20',
      '--backend',
      'cpu',
      '--quiet',
    ];
    const local = path.join(tmp, 'cancel-local'),
      run = path.join(tmp, 'cancel-slurm');
    plateau(['scan', ...SCAN, '--out', local]);
    plateau(['scan', ...SCAN, '--out', run, '--slurm', '2']);
    const plan = JSON.parse(fs.readFileSync(path.join(run, 'plan.json'), 'utf8')) as {
      tasks: { id: string; result: string; lock: string }[];
    };
    const n12 = plan.tasks.find((t) => t.id.startsWith('n12-'))!;
    expect(fs.readFileSync(path.join(run, 'batch', 'tasks.txt'), 'utf8')).toMatch(
      new RegExp(`^1 n2-\\S+,n4-\\S+,${n12.id}$`, 'm'),
    );
    const c = cluster!;
    const array = c.submit([path.join(run, 'batch', 'slurm.sbatch')]);
    const merge = c.submit([`--dependency=afterany:${array}`, path.join(run, 'batch', 'merge.sbatch')]);
    const t0 = Date.now();
    while (!fs.existsSync(path.join(run, n12.lock))) {
      if (Date.now() - t0 > 120000) throw new Error('job 1 never started its last task');
      await new Promise((r) => setTimeout(r, 25));
    }
    c.run('scancel', [`${array}_1`]);
    const states = await c.wait([array, merge], 180000);
    expect([states.get(`${array}_0`), states.get(`${array}_1`), states.get(merge)]).toEqual([
      'COMPLETED',
      'CANCELLED',
      'FAILED',
    ]);
    expect(fs.existsSync(path.join(run, n12.result))).toBe(false);
    const status = plateau(['status', run]).stdout;
    expect(status).toMatch(/done 5, running 0, failed 1, missing 0/);
    expect(status).toContain(`${n12.id} (n=12 depth=2): stopped before finishing (killed, cancelled or out of time)`);
    expect(status).toContain(`log: ${run}/batch/logs/slurm-${array}_1.out`);
    const mergeLog = log(run, `merge-${merge}.out`);
    expect(mergeLog).toContain(`log: ${run}/batch/logs/slurm-${array}_1.out`);
    expect(mergeLog).toContain(`error: merge: 1 of 6 tasks have no result in ${run} (${n12.id})`);
    expect(fs.existsSync(path.join(run, 'scan.json'))).toBe(false);

    const before = new Map(
      plan.tasks.filter((t) => t !== n12).map((t) => [t.id, fs.statSync(path.join(run, t.result)).mtimeMs]),
    );
    const again = await submitAndWait(run);
    expect(allCompleted(again.states)).toBe(true);
    expect(log(run, `slurm-${again.array}_0.out`)).toMatch(
      /^job 0\/2 of scan [0-9a-f]{16}: 0 tasks computed, 3 reused/m,
    );
    expect(log(run, `slurm-${again.array}_1.out`)).toMatch(
      /^job 1\/2 of scan [0-9a-f]{16}: 1 task computed, 2 reused/m,
    );
    for (const [id, mtime] of before)
      expect([id, fs.statSync(path.join(run, plan.tasks.find((t) => t.id === id)!.result)).mtimeMs]).toEqual([
        id,
        mtime,
      ]);
    same(local, run, SCAN_OUT);
  },
);

const COMPARE_SPEC = {
  name: 'slurm-test',
  seeds: 2,
  data: [{ synthetic: 'bars-and-stripes', rows: 2, cols: 2 }],
  layers: [1],
  shots: [null, 40],
  losses: [
    { id: 'kl', loss: 'kl' },
    { id: 'mmd', loss: 'mmd', sigmas: ['n/4'] },
  ],
  train: { steps: 4, eval: { every: 2 }, schedule: { kind: 'constant', lr: 0.1 } },
};
/** report.json and metrics lines without what records wall time and places: the generation time, seconds, the folder. */
const deterministic = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(deterministic)
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([k]) => !['generated', 'trainSeconds', 'seconds', 'out'].includes(k))
            .map(([k, x]) => [k, deterministic(x)]),
        )
      : v;
const COMPARE_OUT = ['summary.csv', 'final-tvd.svg', 'tvd-curves.svg', 'images-bars-and-stripes-2-2__L1__exact.svg'];

function sameComparison(local: string, run: string) {
  same(local, run, COMPARE_OUT);
  // report.md's third line states the training time and the device's thread count; every other line is the same
  const md = (d: string) =>
    fs
      .readFileSync(path.join(d, 'report.md'), 'utf8')
      .split('\n')
      .filter((l) => !/training time/.test(l));
  expect(md(run)).toEqual(md(local));
  const r = (d: string) => deterministic(JSON.parse(fs.readFileSync(path.join(d, 'report.json'), 'utf8')));
  expect(r(run)).toEqual(r(local));
  const metrics = (d: string, id: string) =>
    fs
      .readFileSync(path.join(d, 'runs', id, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => deterministic(JSON.parse(l)));
  for (const id of fs.readdirSync(path.join(local, 'runs'))) {
    same(path.join(local, 'runs', id), path.join(run, 'runs', id), ['params.json']);
    expect(metrics(run, id)).toEqual(metrics(local, id));
  }
}

slow('a comparison array and its merge job on SLURM give the report of a local run', async () => {
  const cfg = path.join(tmp, 'compare.json'),
    local = path.join(tmp, 'compare-local'),
    run = path.join(tmp, 'compare-slurm');
  fs.writeFileSync(cfg, JSON.stringify(COMPARE_SPEC));
  plateau(['compare', '--config', cfg, '--out', local, '--backend', 'cpu', '--quiet']);
  plateau(['compare', '--config', cfg, '--out', run, '--backend', 'cpu', '--slurm', '3']);
  const { merge, states } = await submitAndWait(run);
  expect(allCompleted(states)).toBe(true);
  expect(log(run, `merge-${merge}.out`)).toMatch(/done 8, running 0, failed 0, missing 0/);
  sameComparison(local, run);
});

slow(
  'through the offline bundle: a scan and a comparison on SLURM give the files of local runs of the same bundle',
  async () => {
    const bundle = path.join(tmp, 'bundle');
    const b = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/bundle.ts', '--out', bundle, '--level', '0'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(b.status).toBe(0);
    const launcher = path.join(bundle, 'plateau'),
      work = path.join(tmp, 'bundle-work');
    fs.mkdirSync(work);
    const env = { PLATEAU_RUNTIME_DIR: path.join(tmp, 'runtime') };
    const SCAN = [
      '--losses',
      'kl,mmd(1)',
      '--qubits',
      '2..4',
      '--depths',
      '1,2',
      '--draws',
      '10',
      '--bootstrap',
      '20',
      '--backend',
      'cpu',
      '--quiet',
    ];
    plateau(['scan', ...SCAN, '--out', 'scan-local'], { launcher, cwd: work, env });
    const w = plateau(['scan', ...SCAN, '--out', 'scan-slurm', '--slurm', '2'], { launcher, cwd: work, env });
    expect(fs.readFileSync(path.join(work, 'scan-slurm', 'batch', 'job.sh'), 'utf8')).toContain(
      `exec ${launcher} scan --spec`,
    );
    expect(w.stdout).toContain('sbatch --dependency=afterany');
    let r = await submitAndWait(path.join(work, 'scan-slurm'), env);
    expect(allCompleted(r.states)).toBe(true);
    same(path.join(work, 'scan-local'), path.join(work, 'scan-slurm'), SCAN_OUT);

    const cfg = path.join(work, 'compare.json');
    fs.writeFileSync(cfg, JSON.stringify(COMPARE_SPEC));
    plateau(['compare', '--config', cfg, '--out', 'compare-local', '--backend', 'cpu', '--quiet'], {
      launcher,
      cwd: work,
      env,
    });
    plateau(['compare', '--config', cfg, '--out', 'compare-slurm', '--backend', 'cpu', '--slurm', '2'], {
      launcher,
      cwd: work,
      env,
    });
    r = await submitAndWait(path.join(work, 'compare-slurm'), env);
    expect(allCompleted(r.states)).toBe(true);
    sameComparison(path.join(work, 'compare-local'), path.join(work, 'compare-slurm'));
  },
);

/**
 * Every command in README.md's fenced bash blocks, run as written (issue 17): the test extracts them, and each must
 * have an entry below saying how it is run here — as written, or scaled down by flags appended after the README's own
 * (later flags win), with the exit status and output it must give — or why it is skipped (a GPU, a cluster, the
 * network, a user's file). A command added to or changed in the README without an entry fails the first test, so the
 * README cannot drift. Commands run in a scratch folder holding copies of data/ and models/ (PLATEAU_HOME points
 * there), so nothing in the repository is written; the JSON examples the commands name (my-run.json, …) are the
 * README's own JSON blocks. The quick group runs by default (about two minutes); all of them with PLATEAU_SLOW_TESTS=1 (.ci/run sets it).
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const slow = process.env.PLATEAU_SLOW_TESTS === '1';

/** The commands of the fenced bash blocks: one per line (with `\` continuations), comments stripped. */
function readmeCommands(text: string): string[] {
  const out: string[] = [];
  for (const block of text.matchAll(/```bash\n([^]*?)```/g)) {
    const lines = block[1].replace(/\s*\\\n\s*/g, ' ').split('\n');
    for (const line of lines) {
      const cmd = stripComment(line).trim();
      if (cmd) out.push(cmd);
    }
  }
  return out;
}

/** A line without its trailing `# comment` (a # inside quotes stays). */
function stripComment(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}

/** Shell words: quotes group and are removed; no expansion (commands with $ or pipes are skipped below). */
function words(cmd: string): string[] {
  const out: string[] = [];
  let cur = '',
    quote: string | null = null,
    any = false;
  for (const c of cmd) {
    if (quote) {
      if (c === quote) quote = null;
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      any = true;
    } else if (/\s/.test(c)) {
      if (cur || any) out.push(cur);
      cur = '';
      any = false;
    } else cur += c;
  }
  if (cur || any) out.push(cur);
  return out;
}

/** `npm start -- a`, `npm run X -- a`, `plateau X a` → the launcher's arguments. */
function launcherArgs(cmd: string): string[] {
  const w = words(cmd);
  if (w[0] === 'npm' && w[1] === 'start') return ['train', '--preset', 'start', ...w.slice(w[2] === '--' ? 3 : 2)];
  if (w[0] === 'npm' && w[1] === 'run') return [w[2], ...w.slice(w[3] === '--' ? 4 : 3)];
  if (w[0] === 'plateau') return w.slice(1);
  throw new Error(`not a plateau command: ${cmd}`);
}

interface Entry {
  /** Flags appended after the README's (later ones win) to keep the run small. */
  small?: string[];
  /** The exit status it must give (default 0). */
  status?: number;
  /** What its output (stdout + stderr) must contain. */
  output?: RegExp;
  /** Runs by default (quick); otherwise only with PLATEAU_SLOW_TESTS=1. */
  quick?: boolean;
  /** A long-running server: started, checked, stopped with SIGTERM. */
  server?: boolean;
  /** Why it is not run here. */
  skip?: string;
}

const GPU = 'needs a GPU (WebGPU adapter or CUDA); scripts/gpu-check.sh runs these on a GPU node';
const CLUSTER =
  'runs on a cluster or a remote node (ssh, rsync, sbatch, condor, jobsub); the batch files are tested in test/integration/slurm.test.ts and test/studies/tasks';
const USER_FILE = "reads the user's own file; each reader runs on generated files in test/integration/data-cli.test.ts";
const trainSmall = ['--steps', '3', '--set', 'eval.every=3'];
const IQP_HEP_SMALL = [
  '--set',
  'data.events=200',
  '--set',
  'iqp.steps=2',
  '--set',
  'iqp.eval.every=2',
  '--set',
  'iqp.checkpoint.every=2',
  '--set',
  'iqp.loss.samples={"a":20,"z":20}',
  '--set',
  'qcbm.train.steps=2',
  '--set',
  'qcbm.train.eval.every=2',
  '--set',
  'qcbm.train.checkpoint.every=2',
  '--set',
  'eval.masks=20',
  '--set',
  'eval.samples=200',
];

/** Every README command, exactly as written, and how it is checked. */
const ENTRIES: Record<string, Entry> = {
  'npm install': { skip: 'installs packages (needs the registry); CI runs npm ci before this suite' },
  'npm start': { small: trainSmall, quick: true, output: /new run in runs\/start/ },
  'npm test': { skip: 'the test suite itself' },
  'npm run bench': { small: ['--only', 'gate', '--gate-qubits', '10'], output: /"bench":"gate"/ },
  'npm run train -- --preset hep-n9 --save-model my-model': {
    small: trainSmall,
    quick: true,
    output: /saved the model to .*models\/my-model\/model\.json/,
  },
  'npm run train -- --config my-run.json --set schedule.lr0=0.05 --steps 500': {
    small: ['--steps', '3', '--set', 'eval.every=3', '--set', 'data.path=data/showers-n4'],
    quick: true,
    output: /my-run — finished after 3 steps/,
  },
  'npm run train -- --preset hep-n16 --shots 100 --set gradient=parameter-shift': {
    small: ['--steps', '2', '--set', 'eval.every=2', '--set', 'model.layers=1'],
  },
  'npm run train -- --resume runs/hep-n16': { output: /finished after 2 steps/ },
  'npm run sample -- --model my-model --shots 1000 --out samples.csv': {
    quick: true,
    output: /1000 samples from my-model/,
  },
  'npm run view': { server: true, small: ['--port', '0'], quick: true },
  'npm run view -- runs/hep-n16 --port 8000': { server: true, small: ['--port', '0'] },
  'npm run scan -- --preset mmd-product': {
    small: ['--qubits', '2..4', '--draws', '50', '--bootstrap', '20'],
    quick: true,
    output: /scan: 3 points/,
  },
  'npm run scan -- --preset mcclean --full': {
    small: ['--qubits', '2..4', '--draws', '8', '--circuits', '2', '--bootstrap', '10'],
  },
  'npm run scan -- --losses "kl,tvd,mmd(1),mmd(n/4),lqf,qf" --ansatz hep --depths 1,4,haar --qubits 2..12 --draws 256':
    { small: ['--qubits', '2..4', '--draws', '16', '--bootstrap', '10'] },
  'npm run scan -- --spec my-scan.json --out runs/my-scan': {
    small: ['--qubits', '2..4', '--draws', '16', '--bootstrap', '10'],
    quick: true,
  },
  'npm run scan -- --preset mmd-depth --workers 2 --out runs/md': {
    small: ['--qubits', '2..4', '--draws', '16', '--bootstrap', '10'],
  },
  'npm run scan -- --preset mmd-depth --shard 1/4 --out runs/md2': {
    small: ['--qubits', '2..4', '--draws', '16', '--bootstrap', '10'],
    quick: true,
    output: /job 1\/4 of scan/,
  },
  'npm run scan:merge -- runs/md2': {
    quick: true,
    status: 2,
    output: /merge: \d+ of \d+ tasks have no result in runs\/md2/,
  },
  'npm run status -- runs/md2': { quick: true, output: /done \d+, running 0, failed 0, missing \d+/ },
  'npm run compare -- --preset n16-quick --workers 2': {
    small: ['--set', 'seeds=1', '--set', 'train.steps=2', '--set', 'train.eval.every=2'],
  },
  'npm run compare -- --preset fig9-quick --workers 2': {
    small: [
      '--set',
      'seeds=1',
      '--set',
      'train.steps=2',
      '--set',
      'train.eval.every=2',
      '--set',
      'layers=[1]',
      '--set',
      'data=[{"path":"data/showers-n4-dataset"}]',
    ],
    output: /\[R\] Fig\. 9/,
  },
  'npm run compare -- --preset fig9 --slurm 50': { output: /sbatch/ },
  'npm run compare -- --preset fig10 --slurm 50': { output: /sbatch/ },
  // as the README says: the report needs every run finished; here none is, so it refuses in one line
  'npm run compare -- --preset fig10 --only-report': {
    quick: true,
    status: 2,
    output: /runs? .*(missing|no result|not finished)/,
  },
  'npm run compare -- --config my-comparison.json --shard 0/4': {
    small: [
      '--set',
      'seeds=1',
      '--set',
      'train.steps=2',
      '--set',
      'train.eval.every=2',
      '--set',
      'qubits=[9]',
      '--set',
      'shots=["exact",100]',
      '--set',
      'layers=[1]',
    ],
  },
  'npm run entanglement': {
    small: [
      '--nh',
      '0..3',
      '--instances',
      '40',
      '--draws',
      '20',
      '--qubits',
      '6',
      '--depths',
      '0,1,4',
      '--depth-instances',
      '5',
    ],
    output: /entanglement: 100%/,
  },
  'npm run gradient-free': {
    small: ['--nh', '2', '--seeds', '1', '--evaluations', '30', '--adam-steps', '5'],
    output: /gradient-free: 100%/,
  },
  'npm run qbm': {
    small: ['--nh', '0..2', '--draws', '4', '--train-nh', '0,1', '--steps', '3', '--seeds', '1'],
    output: /qbm: 100%/,
  },
  'npm run remedies': {
    small: ['--nh', '2', '--seeds', '2', '--steps', '3', '--pretrain-steps', '2'],
    quick: true,
    output: /remedies: 100%/,
  },
  'npm run train -- --preset iqp-showers-n16': { small: ['--steps', '2', '--set', 'eval.every=2'] },
  'npm run scan -- --preset iqp-init': {
    small: ['--qubits', '32,64', '--draws', '4', '--bootstrap', '10', '--masks', '50'],
  },
  'npm run scan -- --preset iqp-init --full': {
    small: ['--qubits', '32,64', '--draws', '4', '--bootstrap', '10', '--masks', '50'],
  },
  'npm run bench -- --only iqp': { small: ['--iqp-qubits', '64', '--iqp-samples', '20,20'], output: /"bench":"iqp"/ },
  'npm run data -- showers --grid 8x8 --events 10000 --seed 1 --out data/my-showers-8x8': {
    small: ['--events', '300'],
    quick: true,
    output: /wrote /,
  },
  'npm run data -- showers --grid 8x8 --events 10000 --seed 1 --out data/my-showers-64': {
    small: ['--events', '300'],
    output: /wrote /,
  },
  'npm run iqp-hep -- --preset quick': { small: IQP_HEP_SMALL, output: /report: / },
  'npm run iqp-hep -- --preset full': { small: IQP_HEP_SMALL, output: /report: / },
  'npm run iqp-hep -- --preset quick --set iqp.model.generators=grid --out runs/iqp-hep/grid': {
    small: IQP_HEP_SMALL,
    output: /report: .*runs\/iqp-hep\/grid/,
  },
  'npm run data -- showers --qubits 9 --grid 1x9 --events 10000 --seed 1 --out data/my-showers-n9': {
    small: ['--events', '300'],
    quick: true,
    output: /wrote /,
  },
  'npm run data -- zmumu --qubits 8 --events 10000 --seed 1 --out data/my-dimuon-n8': {
    small: ['--events', '300'],
    quick: true,
    output: /wrote /,
  },
  'npm run data -- csv --file events.csv --features mass_mumu:6:60:120': { skip: USER_FILE },
  'npm run data -- hdf5 --file events.h5 --features muons/pt:3,mass:4 --binning quantile --code gray': {
    skip: USER_FILE,
  },
  'npm run data -- root --file events.root --tree events --features MET_px:3:-60:60': { skip: USER_FILE },
  'npm run data -- parity --qubits 3': { quick: true, output: /wrote / },
  'npm run data -- images --file ecal.h5 --grid 4x4': { skip: USER_FILE },
  'npm run data -- images --file dataset_2_1.hdf5 --binning-xml binning_dataset_2.xml --grid 3x3': { skip: USER_FILE },
  'npm run data -- images --file showers.npz --dataset ECAL --energies energy --energy 20:80 --event-range 0:50000 --grid 3x3':
    { skip: USER_FILE },
  'npm run data -- images --file images.npy --energies energies.npy --depth first --grid 2x2': { skip: USER_FILE },
  'npm run data -- csv --file cms_zmumu.csv --features mass_mumu:6:60:120,pt1:2:20:60 --binning quantile': {
    skip: USER_FILE,
  },
  "npm run data -- root --file Zmumu.root --tree events --p4 'mu1=PxPyPzE(px1,py1,pz1,E1)' --p4 'mu2=PxPyPzE(px2,py2,pz2,E2)' --features 'mass(mu1+mu2):6:60:120'":
    { skip: USER_FILE },
  "npm run data -- hdf5 --file events.hdf5 --features 'events[scale]:3,run1/muons/pt:3'": { skip: USER_FILE },
  "npm run data -- lhe --file events.lhe.gz --particle 'mum=13' --particle 'mup=-13' --features 'mass(mum+mup):6:60:120,rapidity(mum+mup):2:-2.5:2.5'":
    { skip: USER_FILE },
  'npm run bench -- --backend webgpu': { skip: GPU },
  'npm run bench -- --backend webgpu --peer --peer-device cuda --peer-python /path/to/venv/bin/python': { skip: GPU },
  'npm run bundle && rsync -a bundle/ gpu-node:plateau/': { skip: CLUSTER },
  "ssh gpu-node 'OUT=$HOME/gpu-check plateau/gpu-check.sh'": { skip: CLUSTER },
  'npm run bundle': {
    skip: 'builds the offline bundle (about 40 s): test/integration/bundle.test.ts builds and runs it with PLATEAU_SLOW_TESTS=1',
  },
  'rsync -a bundle/ cluster:plateau/': { skip: CLUSTER },
  'ssh cluster': { skip: CLUSTER },
  './plateau/plateau bench --only gate --gate-qubits 20': {
    skip: "the offline bundle on a node; test/integration/bundle.test.ts runs the bundle's commands",
  },
  './plateau/plateau train --preset start --backend wasm --steps 200': {
    skip: "the offline bundle on a node; test/integration/bundle.test.ts runs the bundle's commands",
  },
  'export PLATEAU_RUNTIME_DIR=$TMPDIR': { skip: 'a SLURM job script (environment)' },
  '$HOME/plateau/plateau bench --backend webgpu --only step,gate': { skip: GPU },
  'npm run bundle && rsync -a bundle/ cluster:plateau/': { skip: CLUSTER },
  '~/plateau/plateau scan --preset mcclean --full --out /scratch/$USER/mc --slurm 64 --job-time 02:00:00': {
    skip: CLUSTER,
  },
  'jid=$(sbatch --parsable /scratch/$USER/mc/batch/slurm.sbatch) && sbatch --dependency=afterany:$jid /scratch/$USER/mc/batch/merge.sbatch':
    { skip: CLUSTER },
  '~/plateau/plateau status /scratch/$USER/mc': { skip: CLUSTER },
  '~/plateau/plateau compare --preset n16-full --out ~/work/n16 --condor 60 --condor-flavour workday --job-memory 4000':
    { skip: CLUSTER },
  'condor_submit_dag ~/work/n16/batch/plateau.dag': { skip: CLUSTER },
  'condor_q -nobatch -af ClusterId ProcId PlateauTasks': { skip: CLUSTER },
  '~/plateau/plateau status ~/work/n16': { skip: CLUSTER },
  '~/plateau/plateau scan --preset kl-deep --full --out /nfs/dust/my/user/$USER/kl --condor 40 --job-time 06:00:00': {
    skip: CLUSTER,
  },
  'condor_submit_dag /nfs/dust/my/user/$USER/kl/batch/plateau.dag': { skip: CLUSTER },
  '~/plateau/plateau status /nfs/dust/my/user/$USER/kl': { skip: CLUSTER },
  'plateau scan --preset mcclean --full --out mc --condor 16': { quick: true, output: /condor_submit_dag/ },
  'tar -czf plateau-job.tgz bundle mc/scan-spec.json': { skip: CLUSTER },
  'printf \'%s\\n\' \'#!/bin/sh\' \'export PLATEAU_RUNTIME_DIR="$_CONDOR_SCRATCH_DIR/plateau" PLATEAU_THREADS=1\' \'exec "$INPUT_TAR_DIR_LOCAL/bundle/plateau" scan --spec "$INPUT_TAR_DIR_LOCAL/mc/scan-spec.json" --out "$CONDOR_DIR_OUT" --quiet --shard "$PROCESS/16"\' > fnal-job.sh':
    { skip: CLUSTER },
  'jobsub_submit -G myexperiment -N 16 --memory 2000MB --expected-lifetime 8h --tar_file_name dropbox://$PWD/plateau-job.tgz -d OUT /pnfs/myexperiment/scratch/users/$USER/mc file://$PWD/fnal-job.sh':
    { skip: CLUSTER },
  // as the README says: merged once the jobs' task files are copied back; here none ran, so it refuses in one line
  'plateau scan:merge mc': { quick: true, status: 2, output: /merge: no task of this scan has finished in mc yet/ },
  'apptainer build plateau.sif apptainer.def': {
    skip: 'needs Apptainer (not packaged for Debian); apptainer.def is checked statically in test/integration/apptainer.test.ts',
  },
  'apptainer run plateau.sif bench --only gate --gate-qubits 16': { skip: 'needs Apptainer and the image' },
  'plateau scan --preset mcclean --full --out /scratch/$USER/mc --slurm 64 --container $PWD/plateau.sif': {
    skip: CLUSTER,
  },
  'sudo apt-get install python3-torch': { skip: 'installs a system package (network, root)' },
  'npm run bench -- --only step,scan --peer': {
    skip: 'needs the PyTorch peer (python3-torch and ../shared/peers/torch_qcbm.py)',
  },
  '/usr/bin/python3 ../shared/peers/torch_qcbm.py step --qubits 8,12,16': { skip: 'the PyTorch peer, not plateau' },
  // Against the machine (issue 21): the roofline, the fusion table, float32 and the memory bound, scaled down
  'npm run bench -- --only roofline,step,scan --engines cpu --peer': {
    skip: 'needs the PyTorch peer (python3-torch and ../shared/peers/torch_qcbm.py)',
  },
  'npm run bench -- --only step,scan --engines cpu --peer --precision float32': {
    skip: 'needs the PyTorch peer (python3-torch and ../shared/peers/torch_qcbm.py)',
  },
  'npm run bench -- --only fusion': {
    small: ['--fusion-qubits', '8'],
    output: /"bench":"fusion","circuit":"[^"]+","qubits":8,"fuse":"auto","passes_forward":\d+/,
  },
  'npm run bench -- --only mem --mem-qubits 24 --precision float32': {
    small: ['--mem-qubits', '10'],
    output: /"bench":"mem",.*"workload":"step","peak_rss_mb":\d+/,
  },
  'npm run bench -- --only scanvar --scanvar-qubits 20 --scanvar-draws 64 --scanvar-bootstrap 0': {
    small: ['--scanvar-qubits', '6', '--scanvar-draws', '8'],
    output: /"mem_bound_mb":\d+,"max_rss_mb":\d+/,
  },
};

/** JSON examples the commands read, found in the README by a key only they have. */
const EXAMPLES: Record<string, string> = {
  'my-run.json': '"name": "my-run"',
  'my-comparison.json': '"name": "my-comparison"',
  'my-scan.json': '"losses": ["mmd(n/4)", "kl"]',
};

test('every fenced README command has an entry here, and every entry is still in the README', () => {
  const commands = readmeCommands(readme);
  expect(commands.length).toBeGreaterThan(60);
  expect(commands.filter((c) => !(c in ENTRIES))).toEqual([]);
  expect(Object.keys(ENTRIES).filter((c) => !commands.includes(c))).toEqual([]);
  for (const [c, e] of Object.entries(ENTRIES)) if (!e.skip) expect(() => launcherArgs(c)).not.toThrow();
  // skipped commands say why; the list of them is the test's own record of what a CPU-only machine cannot check
  expect(Object.values(ENTRIES).filter((e) => e.skip !== undefined && e.skip.length < 10)).toEqual([]);
});

/** A scratch project: copies of data/ and models/, the README's JSON examples; commands run there. */
function scratchProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
  fs.cpSync(path.join(root, 'data'), path.join(dir, 'data'), { recursive: true });
  fs.cpSync(path.join(root, 'models'), path.join(dir, 'models'), {
    recursive: true,
    filter: (src) => !/models\/[^/]+\/model\.json$/.test(src),
  });
  for (const [file, marker] of Object.entries(EXAMPLES)) {
    const block = [...readme.matchAll(/```json\n([^]*?)```/g)].map((m) => m[1]).find((b) => b.includes(marker));
    if (!block) throw new Error(`README: no JSON example with ${marker} for ${file}`);
    fs.writeFileSync(path.join(dir, file), block);
  }
  return dir;
}

const env = (home: string) => ({ ...process.env, PLATEAU_BACKEND: 'wasm', PLATEAU_HOME: home, PLATEAU_THREADS: '1' });

async function runServer(args: string[], cwd: string): Promise<{ status: number | null; output: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/plateau.js'), ...args], { cwd, env: env(cwd) });
  let output = '';
  const opened = new Promise<void>((resolve) =>
    child.stdout.on('data', (d) => {
      output += d;
      if (/open http:\/\/127\.0\.0\.1:\d+\//.test(output)) resolve();
    }),
  );
  child.stderr.on('data', (d) => (output += d));
  await Promise.race([opened, new Promise((r) => setTimeout(r, 60000))]);
  child.kill('SIGTERM');
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { status, output };
}

/** Runs the entries of one group in README order, in one scratch project (later commands read earlier outputs). */
async function runGroup(quick: boolean): Promise<void> {
  const cwd = scratchProject();
  try {
    for (const cmd of readmeCommands(readme)) {
      const e = ENTRIES[cmd];
      if (e.skip || (quick && !e.quick)) continue;
      const args = [...launcherArgs(cmd), ...(e.small ?? [])];
      const r = e.server
        ? await runServer(args, cwd)
        : (() => {
            const p = spawnSync(process.execPath, [path.join(root, 'bin/plateau.js'), ...args], {
              cwd,
              encoding: 'utf8',
              timeout: 600000,
              env: env(cwd),
            });
            return { status: p.status, output: `${p.stdout}${p.stderr}` };
          })();
      const tail = r.output.split('\n').slice(-15).join('\n');
      expect({ cmd, status: r.status, tail: r.status === (e.status ?? 0) ? '' : tail }).toEqual({
        cmd,
        status: e.status ?? 0,
        tail: '',
      });
      if (e.output)
        expect({ cmd, output: e.output.test(r.output) ? 'matches' : tail }).toEqual({ cmd, output: 'matches' });
      if ((e.status ?? 0) === 2)
        expect({
          cmd,
          lines: r.output
            .trim()
            .split('\n')
            .filter((l) => l.startsWith('error:')).length,
        }).toEqual({ cmd, lines: 1 });
    }
    // nothing was written into the repository's own data/ and models/
    expect(fs.existsSync(path.join(root, 'models', 'my-model'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'data', 'my-showers-n9'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'data', 'my-dimuon-n8'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'data', 'my-showers-8x8'))).toBe(false);
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}

// one group or the other: the full one repeats the quick commands, whose outputs later commands read
(slow ? test.skip : test)(
  'the quick README commands work as written (scaled down where marked)',
  () => runGroup(true),
  600000,
);
(slow ? test : test.skip)(
  'every runnable README command works as written (PLATEAU_SLOW_TESTS=1)',
  () => runGroup(false),
  1800000,
);

/**
 * Batch files against the documented grammars (HTCondor is not packaged here, so its files are checked, not run):
 * condor.sub — every line a comment, a `command = value` of condor_submit's manual or a `+Attribute`, every $(macro)
 * defined (in the file, by the queue statement, or predefined), every path existing, the queue statement's item count
 * equal to the job count and its items covering the task list once; plateau.dag — JOB/PARENT/RETRY over existing,
 * single-cluster submit files; slurm.sbatch — directives before commands. job.sh runs job J's slice (checked with a
 * stub launcher that prints its arguments) and refuses an index out of range; values that would inject are refused.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '../../../src/errors';
import { resolveScanSpec } from '../../../src/studies/scan/spec';
import { scanPlan } from '../../../src/studies/scan/tasks';
import { Batch, BatchRequest, resolveBatch, writeBatchFiles } from '../../../src/studies/tasks/batch';
import { jobTasks } from '../../../src/studies/tasks/plan';
import { parseJobTime } from '../../../src/studies/tasks/words';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'batch-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const spec = resolveScanSpec({ losses: ['kl'], qubits: [2, 3, 4, 5, 6], depths: [1, 2, 'haar'], draws: 4 });
const plan = scanPlan(spec);
// a launcher that prints the arguments it was given, one per line
const stub = path.join(tmp, 'stub-plateau');
fs.writeFileSync(stub, '#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n', { mode: 0o755 });

function batch(name: string, req: BatchRequest = {}): { b: Batch; files: Record<string, string> } {
  const runDir = path.join(tmp, name);
  fs.mkdirSync(runDir, { recursive: true });
  const b = resolveBatch(
    {
      plan,
      runDir,
      workdir: tmp,
      command: ['scan', '--spec', `${runDir}/scan-spec.json`, '--out', runDir, '--quiet'],
      merge: ['scan', '--merge', runDir],
      status: ['status', runDir],
    },
    { launcher: stub, ...req },
  );
  return { b, files: writeBatchFiles(b) };
}

/** HTCondor submit commands of condor_submit's manual that these files may use. */
const SUBMIT_COMMANDS = new Set([
  'universe',
  'executable',
  'arguments',
  'initialdir',
  'output',
  'error',
  'log',
  'environment',
  'request_cpus',
  'request_memory',
  'request_disk',
  'getenv',
  'should_transfer_files',
  'when_to_transfer_output',
  'requirements',
  'batch_name',
]);
/** Macros condor_submit defines itself. */
const PREDEFINED = new Set(['ClusterId', 'Cluster', 'ProcId', 'Process', 'Node', 'Step', 'ItemIndex', 'Row', 'Item']);

interface Submit {
  commands: Map<string, string>;
  attributes: Map<string, string>;
  queue: { vars: string[]; file: string | null; count: number | null };
}

/** Parses a submit description by the manual's rules; throws on any line it does not allow. */
function parseSubmit(text: string): Submit {
  const commands = new Map<string, string>(),
    attributes = new Map<string, string>();
  let queue: Submit['queue'] | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (queue) throw new Error(`a line after the queue statement: ${line}`);
    const q = /^queue(?:\s+(.*))?$/i.exec(line);
    if (q) {
      const arg = q[1] ?? '';
      const from = /^([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s+from\s+(\S+)$/i.exec(arg);
      if (from) queue = { vars: from[1].split(/\s*,\s*/), file: from[2], count: null };
      else if (/^\d*$/.test(arg)) queue = { vars: [], file: null, count: arg ? Number(arg) : 1 };
      else throw new Error(`unsupported queue statement: ${line}`);
      continue;
    }
    const m = /^(\+?[A-Za-z_][\w.]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new Error(`not a submit command: ${line}`);
    if (m[1].startsWith('+')) {
      // a ClassAd attribute: a quoted string without inner quotes, or an integer
      expect(m[2]).toMatch(/^("[^"\n]*"|\d+)$/);
      attributes.set(m[1].slice(1), m[2]);
    } else {
      expect(SUBMIT_COMMANDS.has(m[1].toLowerCase())).toBe(true);
      commands.set(m[1].toLowerCase(), m[2]);
    }
  }
  if (!queue) throw new Error('no queue statement');
  return { commands, attributes, queue };
}

/** Every $(NAME) is defined; returns the value with the macros of `item` substituted. */
function expand(value: string, defined: Set<string>, item: Record<string, string> = {}): string {
  return value.replace(/\$\(([^)]*)\)/g, (_m, name: string) => {
    expect([name, defined.has(name) || PREDEFINED.has(name) || name in item]).toEqual([name, true]);
    return item[name] ?? (PREDEFINED.has(name) ? '7' : `<${name}>`);
  });
}

test('condor.sub: documented commands only, every macro defined, every path existing, one job per task slice', () => {
  const { b, files } = batch('condor', { jobs: 4, cpus: 2, memoryMb: 3000, time: '01:30:00', flavour: 'workday' });
  const sub = parseSubmit(fs.readFileSync(files['condor.sub'], 'utf8'));
  expect(sub.queue.vars).toEqual(['Job', 'Tasks']);
  const lines = fs
    .readFileSync(sub.queue.file!, 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'));
  expect(lines).toHaveLength(b.jobs);
  const defined = new Set([...sub.commands.keys(), ...sub.queue.vars]);
  const seen: string[] = [];
  lines.forEach((line, j) => {
    // the manual: split on comma and/or space until every variable has a value; the last takes the remainder
    const [, Job, Tasks] = /^([^,\s]+)[,\s]+(.*)$/.exec(line)!;
    expect(Number(Job)).toBe(j);
    expect(Tasks.split(',')).toEqual(jobTasks(plan.tasks, { index: j, count: b.jobs }).map((t) => t.id));
    seen.push(...Tasks.split(','));
    const item = { Job, Tasks };
    expect(expand(sub.commands.get('arguments')!, defined, item)).toBe(String(j));
    for (const k of ['output', 'error', 'log'])
      expect(fs.statSync(path.dirname(expand(sub.commands.get(k)!, defined, item))).isDirectory()).toBe(true);
    expect(expand(sub.attributes.get('PlateauTasks')!, defined, item)).toBe(`"${Tasks}"`);
  });
  expect(seen.sort()).toEqual(plan.tasks.map((t) => t.id).sort());
  expect(fs.statSync(sub.commands.get('executable')!).mode & 0o111).toBeTruthy();
  expect(fs.statSync(sub.commands.get('initialdir')!).isDirectory()).toBe(true);
  // environment, new syntax: one double-quoted string of whitespace-separated name=value entries
  const env = /^"([^"]*)"$/.exec(sub.commands.get('environment')!)![1];
  expect(env.split(/\s+/).map((e) => e.split('=')[0])).toEqual(['PLATEAU_THREADS', 'PLATEAU_LOG']);
  expect(expand(env, defined, { Job: '3', Tasks: '' })).toMatch(
    /^PLATEAU_THREADS=2 PLATEAU_LOG=.*\/batch\/logs\/condor-7\.3\.err$/,
  );
  expect(Object.fromEntries(sub.attributes)).toMatchObject({
    JobFlavour: '"workday"',
    MaxRuntime: '5400',
    RequestRuntime: '5400',
  });
  expect(sub.commands.get('request_cpus')).toBe('2');
  expect(sub.commands.get('request_memory')).toBe('3000');

  const merge = parseSubmit(fs.readFileSync(files['merge.sub'], 'utf8'));
  expect(merge.queue).toEqual({ vars: [], file: null, count: 1 });
  for (const k of ['output', 'error', 'log']) expand(merge.commands.get(k)!, new Set(merge.commands.keys()));
  expect(fs.existsSync(merge.commands.get('executable')!)).toBe(true);
});

test('plateau.dag: the task node, then the merge, over existing single-cluster submit files', () => {
  const { files } = batch('dag');
  const nodes = new Map<string, string>();
  const edges: [string, string][] = [];
  for (const line of fs
    .readFileSync(files['plateau.dag'], 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))) {
    const job = /^JOB\s+(\S+)\s+(\S+)$/.exec(line),
      parent = /^PARENT\s+(\S+)\s+CHILD\s+(\S+)$/.exec(line),
      retry = /^RETRY\s+(\S+)\s+(\d+)$/.exec(line);
    if (job) nodes.set(job[1], job[2]);
    else if (parent) edges.push([parent[1], parent[2]]);
    else if (retry) expect(nodes.has(retry[1])).toBe(true);
    else throw new Error(`not a DAG line: ${line}`);
  }
  expect([...nodes.keys()]).toEqual(['tasks', 'merge']);
  expect(edges).toEqual([['tasks', 'merge']]);
  for (const f of nodes.values()) {
    const text = fs.readFileSync(f, 'utf8');
    expect(text.match(/^executable\s*=/gm)).toHaveLength(1); // a DAG node must be one cluster
    parseSubmit(text);
  }
});

test('slurm.sbatch: directives first, the array over the jobs, job.sh runs the slice of its index', () => {
  const { b, files } = batch('slurm', { jobs: 4, time: '2-00', partition: 'short' });
  const text = fs.readFileSync(files['slurm.sbatch'], 'utf8').split('\n');
  const firstCommand = text.findIndex((l) => l && !l.startsWith('#'));
  expect(text.slice(firstCommand).some((l) => l.startsWith('#SBATCH'))).toBe(false);
  const d = text.filter((l) => l.startsWith('#SBATCH')).map((l) => l.slice(8));
  expect(d).toEqual([
    '--array=0-3',
    `--job-name=plateau-scan-${plan.name}`,
    '--cpus-per-task=1',
    '--mem=2000M',
    '--time=2-00',
    '--partition=short',
    `--output=${b.logs}/slurm-%A_%a.out`,
  ]);
  const job = (j: string) =>
    spawnSync('sh', [files['job.sh'], j], { encoding: 'utf8', env: { ...process.env, SLURM_CPUS_PER_TASK: '' } });
  const r = job('2');
  expect(r.status).toBe(0);
  expect(r.stdout.trim().split('\n')).toEqual([
    'scan',
    '--spec',
    `${b.runDir}/scan-spec.json`,
    '--out',
    b.runDir,
    '--quiet',
    '--shard',
    '2/4',
  ]);
  for (const bad of ['4', '-1', 'x', '']) {
    const e = job(bad);
    expect(e.status).toBe(2);
    expect(e.stderr).toMatch(/^job\.sh: (expected a job index 0\.\.3|there is no job 4)/);
  }
  expect(spawnSync('sh', [files['merge.sh']], { encoding: 'utf8' }).stdout.trim().split('\n')).toEqual([
    'status',
    b.runDir,
    'scan',
    '--merge',
    b.runDir,
  ]);
});

test('--container wraps every command in apptainer exec with the run folder bound', () => {
  const image = path.join(tmp, 'plateau.sif');
  const { b, files } = batch('container', { container: image, launcher: undefined });
  expect(b.prefix).toEqual(['apptainer', 'exec', '--bind', b.runDir, image, '/opt/plateau/plateau']);
  expect(fs.readFileSync(files['job.sh'], 'utf8')).toContain(
    `exec apptainer exec --bind ${b.runDir} ${image} /opt/plateau/plateau scan --spec`,
  );
  expect(fs.readFileSync(files['merge.sh'], 'utf8')).toContain(
    `exec apptainer exec --bind ${b.runDir} ${image} /opt/plateau/plateau scan --merge ${b.runDir}`,
  );
});

test('every value that reaches a script is validated; jobs are clamped to the tasks', () => {
  const refuse = (req: BatchRequest, re: RegExp) => {
    let err: unknown;
    try {
      batch('refused', req);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message.split('\n')).toHaveLength(1);
    expect((err as Error).message).toMatch(re);
  };
  refuse({ time: '1:00\n#SBATCH --mem=1T' }, /^--job-time "1:00\\n#SBATCH --mem=1T": expected minutes, HH:MM:SS/);
  refuse({ partition: 'a b' }, /^--slurm-partition "a b": expected a partition name/);
  refuse(
    { flavour: 'lunch' },
    /^--condor-flavour "lunch": expected one of espresso, microcentury, longlunch, workday, tomorrow, testmatch, nextweek/,
  );
  refuse({ launcher: 'node "x"' }, /^--launcher word "\\"x\\"": contains """; batch scripts take paths/);
  refuse({ container: '/img/with space.sif' }, /^--container ".*with space\.sif": contains a space/);
  refuse({ jobs: 1001 }, /expected a number of jobs in 1\.\.1000/);
  refuse({ cpus: 0 }, /^--job-cpus: expected an integer in 1\.\.1024, got 0$/);
  expect(() =>
    resolveBatch(
      { plan, runDir: path.join(tmp, 'x y'), workdir: tmp, command: [], merge: [], status: [] },
      { launcher: stub },
    ),
  ).toThrow(/^the run folder \(--out\) ".*x y": contains a space/);
  expect(batch('clamped', { jobs: 100 }).b.jobs).toBe(plan.tasks.length);
  expect(fs.existsSync(path.join(tmp, 'refused', 'batch'))).toBe(false);
});

test('SLURM time limits in sbatch forms, in seconds', () => {
  const cases: [string, number][] = [
    ['90', 5400],
    ['30:00', 1800],
    ['01:30:00', 5400],
    ['2-00', 172800],
    ['1-12:30', 131400],
    ['1-00:00:01', 86401],
  ];
  for (const [t, s] of cases) expect([t, parseJobTime(t).seconds]).toEqual([t, s]);
  for (const bad of ['', '1h', '0', '00:00:00', '1:2:3:4', ' 10']) expect(() => parseJobTime(bad)).toThrow(ConfigError);
});

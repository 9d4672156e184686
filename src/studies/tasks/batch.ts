/**
 * Batch files for a plan, in `<run>/batch/`: job.sh (job i of N runs its slice of the task list — the same slices as
 * `--shard i/N` — skipping finished tasks), merge.sh, tasks.txt (one line per job: its index and task ids), and the
 * scheduler files that start them: a SLURM array plus a merge job (slurm.ts), an HTCondor submit description queued
 * from tasks.txt plus a DAGMan file that runs the merge after them (condor.ts). `--container IMAGE` runs every
 * command inside Apptainer (apptainer.def builds such an image from the offline bundle). Every value written into
 * a script is validated first (words.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../../errors';
import { makeDir, writeFileAtomic } from '../../fsutil';
import { condorFiles } from './condor';
import { jobTasks, TaskPlan } from './plan';
import { slurmFiles } from './slurm';
import { checkFlavour, checkPartition, checkWord, CernFlavour, parseJobTime } from './words';

/** Where the image built from apptainer.def holds the bundle's launcher. */
export const CONTAINER_LAUNCHER = '/opt/plateau/plateau';
/** SLURM's default MaxArraySize is 1001 (indices 0…1000). */
export const MAX_JOBS = 1000;
export const BATCH_DIR = 'batch';

/** What the user asked for (flags), before validation. */
export interface BatchRequest {
  /** Jobs (array size); default one per task, at most MAX_JOBS. */
  jobs?: number;
  /** The command that runs plateau on the nodes (words split at spaces). @default PLATEAU_LAUNCHER or the container's */
  launcher?: string;
  container?: string;
  cpus?: number;
  memoryMb?: number;
  time?: string;
  partition?: string;
  flavour?: string;
}

/** What the study contributes: its plan, folders, and the commands (after the launcher) of one job and of the merge. */
export interface BatchStudy {
  plan: TaskPlan;
  runDir: string;
  /** Folder the jobs run in (relative paths of the spec resolve against it). */
  workdir: string;
  /** One job's arguments after the launcher; job.sh appends `--shard "$job/N"`. */
  command: string[];
  merge: string[];
  /** The status command's arguments after the launcher. */
  status: string[];
}

export interface Batch extends BatchStudy {
  jobs: number;
  /** The command prefix: container wrapper + launcher words, all validated. */
  prefix: string[];
  cpus: number;
  memoryMb: number;
  time: { text: string; seconds: number } | null;
  partition: string | null;
  flavour: CernFlavour | null;
  /** Absolute paths of the batch folder and its logs. */
  dir: string;
  logs: string;
}

function defaultLauncher(container: string | undefined): string {
  if (container) return CONTAINER_LAUNCHER;
  const env = process.env.PLATEAU_LAUNCHER;
  if (!env)
    throw new ConfigError(
      '--launcher: give the command that runs plateau on the nodes (e.g. "node /path/to/plateau/bin/plateau.js" or "/path/to/bundle/plateau")',
    );
  return env;
}

/** Validates a request against a study: every path, word and size that will reach a script. */
export function resolveBatch(study: BatchStudy, req: BatchRequest): Batch {
  const n = study.plan.tasks.length;
  if (n === 0) throw new ConfigError(`${study.plan.study}: the plan has no tasks`);
  const jobs = req.jobs ?? Math.min(n, MAX_JOBS);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > MAX_JOBS)
    throw new ConfigError(`--slurm/--condor: expected a number of jobs in 1..${MAX_JOBS}, got ${req.jobs}`);
  const cpus = req.cpus ?? 1,
    memoryMb = req.memoryMb ?? 2000;
  if (!Number.isInteger(cpus) || cpus < 1 || cpus > 1024)
    throw new ConfigError(`--job-cpus: expected an integer in 1..1024, got ${cpus}`);
  if (!Number.isInteger(memoryMb) || memoryMb < 1)
    throw new ConfigError(`--job-memory: expected megabytes ≥ 1, got ${memoryMb}`);
  checkWord(study.runDir, 'the run folder (--out)');
  checkWord(study.workdir, 'the working folder the jobs run in');
  const launcher = (req.launcher ?? defaultLauncher(req.container))
    .trim()
    .split(/[ \t]+/)
    .map((w) => checkWord(w, '--launcher word'));
  const container =
    req.container === undefined
      ? []
      : ['apptainer', 'exec', '--bind', study.runDir, checkWord(path.resolve(req.container), '--container')];
  for (const w of [...study.command, ...study.merge, ...study.status]) checkWord(w, 'the batch command word');
  const dir = path.join(study.runDir, BATCH_DIR);
  return {
    ...study,
    jobs: Math.min(jobs, n),
    prefix: [...container, ...launcher],
    cpus,
    memoryMb,
    time: req.time === undefined ? null : parseJobTime(req.time),
    partition: req.partition === undefined ? null : checkPartition(req.partition),
    flavour: req.flavour === undefined ? null : checkFlavour(req.flavour),
    dir,
    logs: path.join(dir, 'logs'),
  };
}

const header = (b: Batch) =>
  `plateau ${b.plan.study} ${b.plan.name} (plan ${b.plan.hash}, ${b.plan.tasks.length} tasks in ${b.jobs} jobs)`;

function jobScript(b: Batch): string {
  const N = b.jobs;
  return [
    '#!/bin/sh',
    `# ${header(b)}.`,
    `# Job J (0..${N - 1}) runs the tasks on line J+1 of tasks.txt and skips every task whose result is already in`,
    '# the run folder, so a resubmitted job redoes only what is missing. Started by slurm.sbatch and condor.sub;',
    '# by hand: sh job.sh J',
    'set -eu',
    'job=${1:-${SLURM_ARRAY_TASK_ID:-}}',
    `case "$job" in ''|*[!0-9]*) echo "job.sh: expected a job index 0..${N - 1}, got '$job'" >&2; exit 2 ;; esac`,
    `if [ "$job" -ge ${N} ]; then echo "job.sh: there is no job $job (0..${N - 1})" >&2; exit 2; fi`,
    `export PLATEAU_THREADS="\${PLATEAU_THREADS:-\${SLURM_CPUS_PER_TASK:-${b.cpus}}}"`,
    `cd ${b.workdir}`,
    `exec ${[...b.prefix, ...b.command].join(' ')} --shard "$job/${N}"`,
    '',
  ].join('\n');
}

function mergeScript(b: Batch): string {
  return [
    '#!/bin/sh',
    `# ${header(b)}: the merge, once every job has ended. It prints the status first (failed tasks with their logs),`,
    '# and refuses partial results: resubmit the jobs (finished tasks are skipped), then this script again.',
    'set -eu',
    `cd ${b.workdir}`,
    `${[...b.prefix, ...b.status].join(' ')} || true`,
    `exec ${[...b.prefix, ...b.merge].join(' ')}`,
    '',
  ].join('\n');
}

/** tasks.txt: line J = "J id,id,…", the tasks of job J (HTCondor's `queue Job, Tasks from tasks.txt` reads it). */
export function tasksText(b: Pick<Batch, 'plan' | 'jobs'>): string {
  const lines = Array.from(
    { length: b.jobs },
    (_, j) =>
      `${j} ${jobTasks(b.plan.tasks, { index: j, count: b.jobs })
        .map((t) => t.id)
        .join(',')}`,
  );
  return `${lines.join('\n')}\n`;
}

/** Writes every batch file (both schedulers: they run the same jobs); returns the paths by name. */
export function writeBatchFiles(b: Batch): Record<string, string> {
  const files: Record<string, string> = {
    'job.sh': jobScript(b),
    'merge.sh': mergeScript(b),
    'tasks.txt': tasksText(b),
    ...slurmFiles(b),
    ...condorFiles(b),
  };
  const out: Record<string, string> = {};
  makeDir(b.logs);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(b.dir, name);
    writeFileAtomic(file, text);
    if (/\.(sh|sbatch)$/.test(name)) fs.chmodSync(file, 0o755);
    out[name] = file;
  }
  return out;
}

/** How to submit, for the systems asked for. */
export function submitInstructions(b: Batch, files: Record<string, string>, systems: ('slurm' | 'condor')[]): string {
  const lines = [`wrote ${b.dir}/ (${b.plan.tasks.length} tasks in ${b.jobs} jobs; the same task ids on every system)`];
  if (systems.includes('slurm'))
    lines.push(
      'SLURM:',
      `  jid=$(sbatch --parsable ${files['slurm.sbatch']}) && sbatch --dependency=afterany:$jid ${files['merge.sbatch']}`,
    );
  if (systems.includes('condor'))
    lines.push('HTCondor (jobs, then the merge, under DAGMan):', `  condor_submit_dag ${files['plateau.dag']}`);
  lines.push('progress and failures (with log paths):', `  ${[...b.prefix, ...b.status].join(' ')}`);
  lines.push(`resubmitting is safe: every job skips the tasks that finished`);
  return lines.join('\n');
}

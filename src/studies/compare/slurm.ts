/**
 * A SLURM job array for a comparison: task i of N runs `--shard i/N` (the runs at grid positions ≡ i mod N), each run
 * its own resumable folder, so a resubmitted or requeued array redoes nothing that finished. The gradient scans
 * (issue 6) shard the same way. The command is `node bin/plateau.js compare` unless PLATEAU_COMPARE names another
 * (e.g. the offline bundle's launcher: PLATEAU_COMPARE="$HOME/plateau/plateau compare-losses").
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '../../fsutil';
import { ComparePlan } from './grid';
import { sbatchScript, shellQuote as q } from '../jobs';

export interface SlurmOptions {
  /** Array tasks (default: one per run, at most 1000). */
  tasks?: number;
  /** Absolute path of the spec file the tasks read. */
  specFile: string;
  /** Extra arguments passed to every task (e.g. --set overrides, --backend). */
  args?: string[];
  /** Folder the tasks run in (the project root). */
  projectDir: string;
  cpusPerTask?: number;
  time?: string;
}

/** The sbatch text. */
export function slurmScript(plan: ComparePlan, o: SlurmOptions): string {
  const tasks = Math.max(1, Math.min(o.tasks ?? Math.min(plan.runs.length, 1000), plan.runs.length));
  const args = ['--config', o.specFile, '--shard', `\${SLURM_ARRAY_TASK_ID}/${tasks}`, '--no-report', '--quiet', ...(o.args ?? [])];
  return sbatchScript({
    jobName: `plateau-compare-${plan.spec.name}`, tasks, output: `${path.join(plan.outDir, 'slurm')}/%A_%a.out`, workdir: o.projectDir,
    cpusPerTask: o.cpusPerTask, time: o.time,
    comments: [
      `plateau loss comparison "${plan.spec.name}": ${plan.runs.length} runs in ${tasks} array tasks (task i trains the runs at grid positions i, i+${tasks}, …).`,
      'Submit: sbatch THIS_FILE. Resubmitting is safe: finished runs are reused, interrupted ones resume from their checkpoints.',
      `When every task has finished: cd ${q(o.projectDir)} && node bin/plateau.js compare --config ${q(o.specFile)} --only-report`,
    ],
    commands: [
      'PLATEAU_COMPARE=${PLATEAU_COMPARE:-"node bin/plateau.js compare"}',
      `$PLATEAU_COMPARE ${args.map((a) => (a.includes('${') ? `"${a}"` : q(a))).join(' ')}`,
    ],
  });
}

/** Writes `<out>/compare.sbatch` (and the log folder sbatch needs to exist); returns its path. */
export function writeSlurmScript(plan: ComparePlan, o: SlurmOptions): string {
  const file = path.join(plan.outDir, 'compare.sbatch');
  fs.mkdirSync(path.join(plan.outDir, 'slurm'), { recursive: true });
  writeFileAtomic(file, slurmScript(plan, o));
  fs.chmodSync(file, 0o755);
  return file;
}

/**
 * A SLURM job array for a comparison: task i of N runs `--shard i/N` (the runs at grid positions ≡ i mod N), each run
 * its own resumable folder, so a resubmitted or requeued array redoes nothing that finished. The gradient scans
 * (issue 6) shard the same way. The command is `npx tsx scripts/compare-losses.ts` unless PLATEAU_COMPARE names another
 * (e.g. the offline bundle's launcher: PLATEAU_COMPARE="$HOME/plateau/plateau compare-losses").
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '../../fsutil';
import { ComparePlan } from './grid';

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

const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The sbatch text. */
export function slurmScript(plan: ComparePlan, o: SlurmOptions): string {
  const tasks = Math.max(1, Math.min(o.tasks ?? Math.min(plan.runs.length, 1000), plan.runs.length));
  const logDir = path.join(plan.outDir, 'slurm');
  const args = ['--config', o.specFile, '--shard', `\${SLURM_ARRAY_TASK_ID}/${tasks}`, '--no-report', '--quiet', ...(o.args ?? [])];
  return [
    '#!/bin/bash',
    `# plateau loss comparison "${plan.spec.name}": ${plan.runs.length} runs in ${tasks} array tasks (task i trains the runs at grid positions i, i+${tasks}, …).`,
    '# Submit: sbatch THIS_FILE. Resubmitting is safe: finished runs are reused, interrupted ones resume from their checkpoints.',
    `# When every task has finished: cd ${quote(o.projectDir)} && npx tsx scripts/compare-losses.ts --config ${quote(o.specFile)} --only-report`,
    `#SBATCH --job-name=plateau-compare-${plan.spec.name}`,
    `#SBATCH --array=0-${tasks - 1}`,
    `#SBATCH --cpus-per-task=${o.cpusPerTask ?? 1}`,
    `#SBATCH --time=${o.time ?? '24:00:00'}`,
    `#SBATCH --output=${logDir}/%A_%a.out`,
    '##SBATCH --gres=gpu:1   (remove one # to ask for a GPU; plateau then picks the webgpu or tensorflow backend)',
    'set -euo pipefail',
    `cd ${quote(o.projectDir)}`,
    'export PLATEAU_THREADS=${SLURM_CPUS_PER_TASK:-1}',
    'PLATEAU_COMPARE=${PLATEAU_COMPARE:-"npx tsx scripts/compare-losses.ts"}',
    `$PLATEAU_COMPARE ${args.map((a) => (a.includes('${') ? `"${a}"` : quote(a))).join(' ')}`,
    '',
  ].join('\n');
}

/** Writes `<out>/compare.sbatch` (and the log folder sbatch needs to exist); returns its path. */
export function writeSlurmScript(plan: ComparePlan, o: SlurmOptions): string {
  const file = path.join(plan.outDir, 'compare.sbatch');
  fs.mkdirSync(path.join(plan.outDir, 'slurm'), { recursive: true });
  writeFileAtomic(file, slurmScript(plan, o));
  fs.chmodSync(file, 0o755);
  return file;
}

/**
 * What scans and loss comparisons share to run as many independent jobs: a shard id "i/N" (each study picks its own
 * deterministic subset for shard i), shell quoting, and the text of a SLURM job-array script (task i of N runs
 * shard i/N; resubmitting is safe because both studies reuse finished work).
 */
import { ConfigError } from '../errors';

export interface Shard {
  index: number;
  count: number;
}

/** "i/N" with 0 ≤ i < N → {index, count}; a one-line ConfigError otherwise. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index >= count) throw new ConfigError(`--shard ${text}: expected i/N with 0 ≤ i < N (e.g. 0/4)`);
  return { index, count };
}

/** A word for sh: left bare when safe, else single-quoted. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface SbatchOptions {
  jobName: string;
  /** Array tasks 0..tasks−1; omit for a single job. */
  tasks?: number;
  /** sbatch --output pattern. */
  output: string;
  workdir: string;
  /** The command lines run by each task (in `workdir`, with PLATEAU_THREADS set from the task's CPUs). */
  commands: string[];
  comments?: string[];
  cpusPerTask?: number;
  time?: string;
  partition?: string;
}

/** The text of an sbatch script. */
export function sbatchScript(o: SbatchOptions): string {
  return [
    '#!/bin/bash',
    ...(o.comments ?? []).map((c) => `# ${c}`),
    `#SBATCH --job-name=${o.jobName}`,
    ...(o.tasks !== undefined ? [`#SBATCH --array=0-${o.tasks - 1}`] : []),
    `#SBATCH --cpus-per-task=${o.cpusPerTask ?? 1}`,
    `#SBATCH --time=${o.time ?? '24:00:00'}`,
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    `#SBATCH --output=${o.output}`,
    '##SBATCH --gres=gpu:1   (remove one # to ask for a GPU; plateau then picks the webgpu or tensorflow backend)',
    'set -euo pipefail',
    `cd ${shellQuote(o.workdir)}`,
    'export PLATEAU_THREADS="${SLURM_CPUS_PER_TASK:-1}"',
    ...o.commands,
    '',
  ].join('\n');
}

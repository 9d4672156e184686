/**
 * SLURM files for a batch (batch.ts): slurm.sbatch, an array `--array=0-(N−1)` whose element i runs `job.sh i`, and
 * merge.sbatch, submitted with `--dependency=afterany:<array>` so the merge runs once every element has ended — also
 * when some failed: it then prints the status (which task failed, and its log) and refuses the partial merge, instead
 * of waiting forever on a dependency that can never be met, as `afterok` would. The log of element i of array job A
 * is `batch/logs/slurm-A_i.out`; PLATEAU_LOG tells the tasks where it is, for their receipts.
 */
import type { Batch } from './batch';

function directives(b: Batch, jobName: string, output: string): string[] {
  return [
    `#SBATCH --job-name=${jobName}`,
    `#SBATCH --cpus-per-task=${b.cpus}`,
    `#SBATCH --mem=${b.memoryMb}M`,
    ...(b.time ? [`#SBATCH --time=${b.time.text}`] : []),
    ...(b.partition ? [`#SBATCH --partition=${b.partition}`] : []),
    `#SBATCH --output=${output}`,
  ];
}

/** slurm.sbatch and merge.sbatch (file name → text). */
export function slurmFiles(b: Batch): Record<string, string> {
  const tag = `${b.plan.study}-${b.plan.name}`.slice(0, 60);
  const array = [
    '#!/bin/bash',
    `# plateau ${b.plan.study} ${b.plan.name} (plan ${b.plan.hash}): ${b.plan.tasks.length} tasks in ${b.jobs} array jobs. Submit with the merge:`,
    `#   jid=$(sbatch --parsable ${b.dir}/slurm.sbatch) && sbatch --dependency=afterany:$jid ${b.dir}/merge.sbatch`,
    '# Resubmitting is safe: finished tasks are skipped.',
    `#SBATCH --array=0-${b.jobs - 1}`,
    ...directives(b, `plateau-${tag}`, `${b.logs}/slurm-%A_%a.out`),
    '##SBATCH --gres=gpu:1   (remove one # to ask for a GPU; plateau then picks the webgpu or tensorflow backend)',
    `export PLATEAU_LOG="${b.logs}/slurm-\${SLURM_ARRAY_JOB_ID}_\${SLURM_ARRAY_TASK_ID}.out"`,
    `exec sh ${b.dir}/job.sh "$SLURM_ARRAY_TASK_ID"`,
    '',
  ];
  const merge = [
    '#!/bin/bash',
    `# plateau ${b.plan.study} ${b.plan.name}: the merge (submitted with --dependency=afterany on slurm.sbatch's array)`,
    ...directives(b, `plateau-merge-${tag}`, `${b.logs}/merge-%j.out`).map((l) =>
      l.replace(/--cpus-per-task=\d+/, '--cpus-per-task=1'),
    ),
    `exec sh ${b.dir}/merge.sh`,
    '',
  ];
  return { 'slurm.sbatch': array.join('\n'), 'merge.sbatch': merge.join('\n') };
}
